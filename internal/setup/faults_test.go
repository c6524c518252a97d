package setup

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// converges reruns setup with a new engine straight to the emulator and
// checks the outcome every fault must still reach: one key per Region, ready
// for Zoom, and a plan after that with nothing to change.
func converges(t *testing.T) {
	t.Helper()
	e := newEngine(t, emu.URL)
	mustApply(t, e, mustPlan(t, e, opts("us-east-1", "us-west-2")))
	c := checker(t)
	for _, region := range []string{"us-east-1", "us-west-2"} {
		if ids := keyIDs(t, c, region); len(ids) != 1 {
			t.Errorf("%s: keys %v, want one", region, ids)
		}
		assertZoomReady(t, c, region, zoom.DefaultAlias, "us-east-1")
	}
	if n := mustPlan(t, newEngine(t, emu.URL), opts("us-east-1", "us-west-2")).Changes(); n != 0 {
		t.Errorf("after the rerun the plan still has %d changes", n)
	}
}

// Throttling, a KMS internal error and a lost response on each write of a
// fresh setup: whatever the first run ends with, a rerun converges to one key
// per Region.
func TestFaultOnEveryWriteConverges(t *testing.T) {
	faults := map[string]func(op string) faultproxy.Fault{
		"throttled":      func(op string) faultproxy.Fault { return faultproxy.Throttle(op, 1) },
		"internal error": func(op string) faultproxy.Fault { return faultproxy.InternalError(op, 1) },
		"lost response":  func(op string) faultproxy.Fault { return faultproxy.Fault{Op: op, Times: 1, DropAfterForward: true} },
	}
	for _, op := range []string{"CreateKey", "CreateAlias", "ReplicateKey", "EnableKeyRotation"} {
		for name, fault := range faults {
			t.Run(op+"/"+name, func(t *testing.T) {
				if err := emu.Reset(); err != nil {
					t.Fatal(err)
				}
				proxy := faultproxy.New(t, emu.URL)
				proxy.Add(fault(op))
				e := newEngine(t, proxy.URL)
				e.Backoff = func(int, error) (d time.Duration) { return }
				p := mustPlan(t, e, opts("us-east-1", "us-west-2"))
				_, _ = e.Apply(ctx, p, nil) // may fail: the rerun must converge either way
				if proxy.Count(op) == 0 {
					t.Fatalf("no %s was sent: the fault was never applied", op)
				}
				converges(t)
			})
		}
	}
}

// Ctrl+c after each request of a fresh setup: the rerun converges.
func TestInterruptAtEveryRequestConverges(t *testing.T) {
	// How many requests a whole run makes.
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	count := faultproxy.New(t, emu.URL)
	e := newEngine(t, count.URL)
	mustApply(t, e, mustPlan(t, e, opts("us-east-1", "us-west-2")))
	total := count.Count("")
	for n := 1; n <= total; n++ {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			if err := emu.Reset(); err != nil {
				t.Fatal(err)
			}
			c, cancel := context.WithCancel(context.Background())
			defer cancel()
			proxy := faultproxy.New(t, emu.URL)
			var seen atomic.Int32
			proxy.OnRequest(func(faultproxy.Request) {
				if int(seen.Add(1)) == n {
					cancel()
				}
			})
			e := newEngine(t, proxy.URL)
			if p, err := e.Plan(c, opts("us-east-1", "us-west-2")); err == nil {
				_, _ = e.Apply(c, p, nil)
			}
			converges(t)
		})
	}
}
