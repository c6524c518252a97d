package setup

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// shortEngine is an engine whose calls give up after 300 ms per attempt and
// whose own retries wait 1 ms.
func shortEngine(t *testing.T, endpoint string) *Engine {
	t.Helper()
	e, err := New(ctx, Config{EndpointURL: endpoint, MaxAttempts: 2, CallTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	e.PollInterval = 10 * time.Millisecond
	e.Backoff = func(int, error) time.Duration { return time.Millisecond }
	return e
}

// bounded is a context that ends a test that would otherwise hang.
func bounded(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// A CreateKey that never answers: each attempt gives up after the call
// timeout, the engine looks for the key by its tag before the second attempt,
// and setup ends with an error naming the call. A rerun makes one key.
func TestHungCreateKeyEndsNamingTheCall(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	if err := emu.WarmTagging("us-east-1"); err != nil { // within the 300 ms timeout
		t.Fatal(err)
	}
	proxy := faultproxy.New(t, emu.URL)
	proxy.Add(faultproxy.Fault{Op: "CreateKey", Hang: true})
	e := shortEngine(t, proxy.URL)
	c := bounded(t)
	p, err := e.Plan(c, opts("us-east-1", "us-west-2"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Apply(c, p, nil)
	if err == nil || c.Err() != nil {
		t.Fatalf("Apply = %v (test context: %v), want the call's timeout", err, c.Err())
	}
	if !strings.Contains(err.Error(), "CreateKey in us-east-1") || !strings.Contains(err.Error(), "did not answer within 300ms") {
		t.Errorf("error does not name the call and the bound:\n%v", err)
	}
	if awsx.KindOf(err) != awsx.KindAmbiguous {
		t.Errorf("kind %v, want ambiguous", awsx.KindOf(err))
	}
	var seq []string // as the engine made them (the proxy records a hung call only once it is given up)
	for _, call := range e.Calls() {
		if call.Operation == "CreateKey" || call.Operation == "GetResources" || call.Operation == "ListKeys" {
			seq = append(seq, call.Operation)
		}
	}
	// Plan's GetResources (the last look too), CreateKey, the lookup, the
	// look again after the backoff (the Tagging API may lag), KMS's own
	// list (it proves no key was made), CreateKey.
	if i := slices.Index(seq, "CreateKey"); i < 0 || !slices.Equal(seq[i:], []string{"CreateKey", "GetResources", "GetResources", "ListKeys", "CreateKey"}) {
		t.Errorf("calls %v: want the lookups between the two CreateKey attempts", seq)
	}

	proxy.Clear()
	// The rerun with the default timeout: on a loaded machine the emulator
	// itself can take longer than 300ms to make a key.
	e2 := newEngine(t, proxy.URL)
	p2, err := e2.Plan(c, opts("us-east-1", "us-west-2"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e2.Apply(c, p2, nil); err != nil {
		t.Fatalf("rerun: %v", err)
	}
	chk := checker(t)
	for _, region := range []string{"us-east-1", "us-west-2"} {
		if ids := keyIDs(t, chk, region); len(ids) != 1 {
			t.Errorf("%s: keys %v, want one", region, ids)
		}
		assertZoomReady(t, chk, region, zoom.DefaultAlias, "us-east-1")
	}
}

// A PutKeyPolicy that never answers (an idempotent call: the SDK tries it
// again after each timeout) ends with an error naming it; a rerun repairs
// the policy and leaves one key.
func TestHungPutKeyPolicyEndsNamingTheCall(t *testing.T) {
	e := fresh(t)
	mustApply(t, e, mustPlan(t, e, opts("us-east-1", "us-west-2")))
	chk := checker(t)
	pk, _ := chk.KMS("us-east-1").DescribeKey(ctx, zoom.DefaultAlias)
	drifted := `{"Version":"2012-10-17","Statement":[{"Sid":"EnableAccountAdministration","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`
	if err := chk.KMS("us-west-2").PutKeyPolicy(ctx, pk.KeyID, drifted); err != nil {
		t.Fatal(err)
	}
	proxy := faultproxy.New(t, emu.URL)
	proxy.Add(faultproxy.Fault{Op: "PutKeyPolicy", Hang: true})
	// A read that does not answer once is simply tried again.
	proxy.Add(faultproxy.Fault{Op: "GetKeyPolicy", Times: 1, Hang: true})
	c := bounded(t)
	e2 := shortEngine(t, proxy.URL)
	p, err := e2.Plan(c, opts("us-east-1", "us-west-2"))
	if err != nil {
		t.Fatalf("Plan after one hung GetKeyPolicy: %v", err)
	}
	_, err = e2.Apply(c, p, nil)
	if err == nil || c.Err() != nil {
		t.Fatalf("Apply = %v (test context: %v), want the call's timeout", err, c.Err())
	}
	if !strings.Contains(err.Error(), "PutKeyPolicy in us-west-2") || !strings.Contains(err.Error(), "did not answer within 300ms, 2 times") {
		t.Errorf("error does not name the call and the bound:\n%v", err)
	}
	// The proxy records a hung request once the client has given it up.
	for end := time.Now().Add(10 * time.Second); proxy.Count("PutKeyPolicy") < 2 && time.Now().Before(end); {
		time.Sleep(20 * time.Millisecond)
	}
	if n := proxy.Count("PutKeyPolicy"); n != 2 {
		t.Errorf("PutKeyPolicy sent %d times, want 2 (MaxAttempts)", n)
	}

	proxy.Clear()
	e3 := shortEngine(t, proxy.URL)
	p3, err := e3.Plan(c, opts("us-east-1", "us-west-2"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e3.Apply(c, p3, nil); err != nil {
		t.Fatalf("rerun: %v", err)
	}
	for _, region := range []string{"us-east-1", "us-west-2"} {
		if ids := keyIDs(t, chk, region); len(ids) != 1 {
			t.Errorf("%s: keys %v, want one", region, ids)
		}
		assertZoomReady(t, chk, region, zoom.DefaultAlias, "us-east-1")
	}
}

// After a 500 on CreateKey or ReplicateKey, the engine looks for what the
// call may have made, then waits the backoff, then tries again.
func TestBackoffAfterInternalErrorBeforeSecondAttempt(t *testing.T) {
	for _, tc := range []struct{ op, lookup, proof string }{
		// After the backoff a CreateKey is sent again only once KMS's own
		// list shows no key tagged for the alias (the Tagging API may lag).
		{"CreateKey", "GetResources", "ListKeys"},
		{"ReplicateKey", "DescribeKey", ""},
	} {
		t.Run(tc.op, func(t *testing.T) {
			if err := emu.Reset(); err != nil {
				t.Fatal(err)
			}
			proxy := faultproxy.New(t, emu.URL)
			proxy.Add(faultproxy.InternalError(tc.op, 1))
			e := newEngine(t, proxy.URL)
			const delay = 50 * time.Millisecond
			var (
				mu       sync.Mutex
				log      []string // ops as they are answered, and "backoff"
				calledAt time.Time
				attempts []int
			)
			proxy.OnRequest(func(r faultproxy.Request) {
				mu.Lock()
				log = append(log, r.Op)
				mu.Unlock()
			})
			e.Backoff = func(attempt int, err error) time.Duration {
				mu.Lock()
				defer mu.Unlock()
				log = append(log, "backoff")
				calledAt, attempts = time.Now(), append(attempts, attempt)
				if awsx.KindOf(err) != awsx.KindAmbiguous {
					t.Errorf("backoff for %v, want the ambiguous failure", err)
				}
				return delay
			}
			mustApply(t, e, mustPlan(t, e, opts("us-east-1", "us-west-2")))
			if !slices.Equal(attempts, []int{1}) {
				t.Fatalf("backoff called for attempts %v, want [1]", attempts)
			}
			first := slices.Index(log, tc.op)
			b := slices.Index(log, "backoff")
			second := first + 1 + slices.Index(log[first+1:], tc.op)
			if first < 0 || b < first || second <= b || !slices.Contains(log[first:b], tc.lookup) || tc.proof != "" && !slices.Contains(log[b:second], tc.proof) {
				t.Errorf("order %v: want %s, the %s lookup, backoff, %s then %s", log, tc.op, tc.lookup, tc.proof, tc.op)
			}
			reqs := proxy.Requests(tc.op)
			if len(reqs) != 2 {
				t.Fatalf("%s sent %d times, want 2", tc.op, len(reqs))
			}
			if reqs[1].Start.Before(calledAt.Add(delay)) {
				t.Errorf("second %s started %s after the backoff was asked for, want at least %s", tc.op, reqs[1].Start.Sub(calledAt), delay)
			}
			if ids := keyIDs(t, checker(t), "us-east-1"); len(ids) != 1 {
				t.Errorf("keys %v, want one", ids)
			}
		})
	}
}
