package setup

import (
	"testing"

	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// dropAfterForward is a proxy in front of the emulator that, for the first
// request of operation op, lets the emulator carry the request out and then
// closes the connection unanswered: no emulator can lose a response at a
// precise moment on its own.
func dropAfterForward(t *testing.T, op string) *faultproxy.Proxy {
	t.Helper()
	p := faultproxy.New(t, emu.URL)
	p.Add(faultproxy.Fault{Op: op, Times: 1, DropAfterForward: true})
	return p
}

func TestLostCreateKeyResponseLeavesOneKey(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	proxy := dropAfterForward(t, "CreateKey")
	e := newEngine(t, proxy.URL)
	r := mustApply(t, e, mustPlan(t, e, opts("us-east-1", "us-west-2")))
	// One CreateKey, and a key: the emulator carried out the dropped request.
	if rs := proxy.Requests("CreateKey"); len(rs) != 1 || rs[0].Fault != "drop" {
		t.Errorf("CreateKey requests %+v, want 1, its answer lost (it must not be retried blindly)", rs)
	}
	c := checker(t)
	ids, _ := c.KMS("us-east-1").ListMultiRegionKeyIDs(ctx)
	if len(ids) != 1 {
		t.Fatalf("%d multi-Region keys after a lost CreateKey response, want 1", len(ids))
	}
	k := assertZoomReady(t, c, "us-east-1", zoom.DefaultAlias, "us-east-1")
	assertZoomReady(t, c, "us-west-2", zoom.DefaultAlias, "us-east-1")
	if r.Keys[0].KeyID != k.KeyID {
		t.Errorf("result key %s, emulator key %s", r.Keys[0].KeyID, k.KeyID)
	}
}

func TestLostReplicateKeyResponseLeavesOneReplica(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	proxy := dropAfterForward(t, "ReplicateKey")
	e := newEngine(t, proxy.URL)
	mustApply(t, e, mustPlan(t, e, opts("us-east-1", "us-west-2")))
	if rs := proxy.Requests("ReplicateKey"); len(rs) != 1 || rs[0].Fault != "drop" {
		t.Errorf("ReplicateKey requests %+v, want 1, its answer lost", rs)
	}
	assertZoomReady(t, checker(t), "us-west-2", zoom.DefaultAlias, "us-east-1")
}
