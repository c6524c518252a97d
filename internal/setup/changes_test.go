package setup

import (
	"testing"

	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
)

// issue 26: "N changes made" counts what changed. Another run names the new
// key with the alias a moment before this run's CreateAlias, which is then
// refused as done already ("unchanged"): that write changed nothing and is
// not counted, although it was sent.
func TestChangesCountOnlyWhatChanged(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	c := checker(t)
	proxy := faultproxy.New(t, emu.URL)
	proxy.Add(faultproxy.Fault{Op: "CreateAlias", Times: 1, Answer: func(r faultproxy.Request) (int, string, bool) {
		alias, _ := r.Body["AliasName"].(string)
		key, _ := r.Body["TargetKeyId"].(string)
		if err := c.KMS(r.Region).CreateAlias(ctx, alias, key); err != nil {
			t.Errorf("the other run's CreateAlias: %v", err)
		}
		st, body := faultproxy.AWSError("AlreadyExistsException", "An alias with the name "+alias+" already exists")
		return st, body, true
	}})
	e := newEngine(t, proxy.URL)
	r := mustApply(t, e, mustPlan(t, e, opts("us-east-1")))
	if r.Keys[0].AliasState != "unchanged" {
		t.Fatalf("alias state %q, want unchanged (the other run made it)", r.Keys[0].AliasState)
	}
	if r.Changes != r.WriteCalls-1 || r.Changes < 1 || !r.Changed {
		t.Errorf("changes %d, write calls %d: want one fewer change than writes (the refused CreateAlias)", r.Changes, r.WriteCalls)
	}
}
