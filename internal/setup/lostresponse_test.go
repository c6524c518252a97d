package setup

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// dropAfterForward is the one hand-written fake: no emulator can lose a
// response at a precise moment. It forwards every request to the emulator,
// but for the first request of operation op it drops the connection after
// the emulator has carried the request out, so the client never sees the
// answer.
func dropAfterForward(t *testing.T, op string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	target, _ := url.Parse(emu.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var dropped, seen atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.Header.Get("X-Amz-Target"), "."+op) {
			seen.Add(1)
			if dropped.CompareAndSwap(0, 1) {
				rec := httptest.NewRecorder()
				proxy.ServeHTTP(rec, r) // the emulator does the work...
				if rec.Code != http.StatusOK {
					t.Errorf("emulator answered %d to %s", rec.Code, op)
				}
				conn, _, err := w.(http.Hijacker).Hijack() // ...and the answer is lost.
				if err != nil {
					t.Error(err)
					return
				}
				conn.Close()
				return
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &seen
}

func TestLostCreateKeyResponseLeavesOneKey(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	srv, seen := dropAfterForward(t, "CreateKey")
	e := newEngine(t, srv.URL)
	r := mustApply(t, e, mustPlan(t, e, opts("us-east-1", "us-west-2")))
	if n := seen.Load(); n != 1 {
		t.Errorf("CreateKey sent %d times, want 1 (the lost answer must not be retried blindly)", n)
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
	srv, seen := dropAfterForward(t, "ReplicateKey")
	e := newEngine(t, srv.URL)
	mustApply(t, e, mustPlan(t, e, opts("us-east-1", "us-west-2")))
	if n := seen.Load(); n != 1 {
		t.Errorf("ReplicateKey sent %d times, want 1", n)
	}
	assertZoomReady(t, checker(t), "us-west-2", zoom.DefaultAlias, "us-east-1")
}
