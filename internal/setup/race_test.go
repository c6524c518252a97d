package setup

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// keyIDs lists the multi-Region keys the emulator has in region.
func keyIDs(t *testing.T, c *awsx.Clients, region string) []string {
	t.Helper()
	ids, err := c.KMS(region).ListMultiRegionKeyIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// Two engines plan a fresh account at the same moment (both see no key) and
// apply at the same moment, every request taking 100 ms: one key per Region,
// and both results name it.
func TestConcurrentAppliesMakeOneKey(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	proxy := faultproxy.New(t, emu.URL)
	proxy.Add(faultproxy.Fault{Delay: 100 * time.Millisecond})
	engines := []*Engine{newEngine(t, proxy.URL), newEngine(t, proxy.URL)}
	plans := make([]*Plan, 2)
	var wg sync.WaitGroup
	for i, e := range engines {
		wg.Add(1)
		go func() { defer wg.Done(); plans[i] = mustPlan(t, e, opts("us-east-1", "us-west-2")) }()
	}
	wg.Wait()
	for i, p := range plans {
		if p == nil || !hasAction(p.Regions[0].Actions, ActCreateKey) {
			t.Fatalf("plan %d does not create a key: %+v", i, p)
		}
	}
	results := make([]*Result, 2)
	errs := make([]error, 2)
	for i, e := range engines {
		wg.Add(1)
		go func() { defer wg.Done(); results[i], errs[i] = e.Apply(ctx, plans[i], nil) }()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Apply %d: %v", i, err)
		}
	}
	c := checker(t)
	for _, region := range []string{"us-east-1", "us-west-2"} {
		if ids := keyIDs(t, c, region); len(ids) != 1 {
			t.Errorf("%s: %d keys %v, want 1", region, len(ids), ids)
		}
	}
	if n := proxy.Count("CreateKey"); n != 1 {
		t.Errorf("CreateKey sent %d times, want 1", n)
	}
	k := assertZoomReady(t, c, "us-east-1", zoom.DefaultAlias, "us-east-1")
	assertZoomReady(t, c, "us-west-2", zoom.DefaultAlias, "us-east-1")
	for i, r := range results {
		if r == nil {
			t.Errorf("result %d: none", i)
		} else if r.Keys[0].ARN != k.ARN || len(r.Orphans) != 0 {
			t.Errorf("result %d: key %s, orphans %v; want the key %s and no orphan", i, r.Keys[0].ARN, r.Orphans, k.ARN)
		}
	}
}

// createTheirs makes, with calls of its own, what a concurrent zcmk-tui run
// (another process, another session file) makes first: a tagged key and its
// alias in us-east-1.
func createTheirs(t *testing.T, c *awsx.Clients) *awsx.Key {
	t.Helper()
	k := c.KMS("us-east-1")
	key, err := k.CreateKey(ctx, awsx.CreateKeyInput{
		Policy:      zoom.BuildPolicy("aws", moto.AccountID, zoom.ZoomAccountID),
		Description: DefaultDescription,
		Tags:        []awsx.Tag{{Key: TagAlias, Value: zoom.DefaultAlias}, {Key: TagCreatedBy, Value: "zcmk-tui"}},
	})
	if err != nil {
		t.Error(err)
		return nil
	}
	if err := k.CreateAlias(ctx, zoom.DefaultAlias, key.KeyID); err != nil {
		t.Error(err)
	}
	return key
}

// The race no lock covers: another process creates its key and alias while
// this run's CreateKey is on its way. This run loses the alias, uses the
// winner's key for the whole set, and names its own unused key; a later plan
// names it too, and it is never saved as the key set.
func TestLoserOfAliasRaceAdoptsWinnersKey(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	c := checker(t)
	proxy := faultproxy.New(t, emu.URL)
	e := newEngine(t, proxy.URL)
	p := mustPlan(t, e, opts("us-east-1", "us-west-2"))
	var (
		once   sync.Once
		theirs *awsx.Key
	)
	proxy.Add(faultproxy.Fault{Op: "CreateKey", Answer: func(faultproxy.Request) (int, string, bool) {
		once.Do(func() { theirs = createTheirs(t, c) })
		return 0, "", false // then forward: this run's key is made too
	}})
	r, err := e.Apply(ctx, p, nil)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if theirs == nil {
		t.Fatal("the concurrent run's key was not made")
	}
	ids := keyIDs(t, c, "us-east-1")
	if len(ids) != 2 {
		t.Fatalf("us-east-1 keys %v, want theirs and this run's", ids)
	}
	mine := ids[0]
	if mine == theirs.KeyID {
		mine = ids[1]
	}
	minek, _ := c.KMS("us-east-1").DescribeKey(ctx, mine)
	if r.Keys[0].KeyID != theirs.KeyID || r.Keys[1].KeyID != theirs.KeyID {
		t.Errorf("result keys %+v, want the winner's %s", r.Keys, theirs.KeyID)
	}
	if !slices.Equal(r.Orphans, []string{minek.ARN}) {
		t.Errorf("result orphans %v, want this run's key %s", r.Orphans, minek.ARN)
	}
	assertZoomReady(t, c, "us-east-1", zoom.DefaultAlias, "us-east-1")
	if k := assertZoomReady(t, c, "us-west-2", zoom.DefaultAlias, "us-east-1"); k.KeyID != theirs.KeyID {
		t.Errorf("us-west-2 alias names %s, want %s", k.KeyID, theirs.KeyID)
	}
	if ids := keyIDs(t, c, "us-west-2"); !slices.Equal(ids, []string{theirs.KeyID}) {
		t.Errorf("us-west-2 keys %v, want only the winner's replica", ids)
	}
	// A later plan names the unused key and changes nothing.
	p2 := mustPlan(t, newEngine(t, emu.URL), opts("us-east-1", "us-west-2"))
	if !slices.Equal(p2.Orphans, []string{minek.ARN}) || p2.Changes() != 0 {
		t.Errorf("second plan: orphans %v, %d changes; want [%s], 0", p2.Orphans, p2.Changes(), minek.ARN)
	}
	// And verify names it, as a note, not a failure.
	rep, err := newEngine(t, emu.URL).Verify(ctx, VerifyOptions{Key: zoom.DefaultAlias, Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Orphans, []string{minek.ARN}) || !slices.ContainsFunc(rep.Notes, func(n string) bool { return strings.Contains(n, minek.ARN) }) {
		t.Errorf("verify: orphans %v, notes %v; want %s named", rep.Orphans, rep.Notes, minek.ARN)
	}
	if rep.Failed() {
		t.Errorf("verify failed because of an unused key: %+v", rep.Keys)
	}
}

// A key tagged for the alias that appeared after the plan (another run's,
// finished before this one applies) is found by the last look before
// CreateKey and used: no second key.
func TestLastLookBeforeCreateKeyFindsNewKey(t *testing.T) {
	e := fresh(t)
	e.FreshLook = -1 // applied later than the plan (a question in between)
	p := mustPlan(t, e, opts("us-east-1", "us-west-2"))
	c := checker(t)
	theirs := createTheirs(t, c)
	r := mustApply(t, e, p)
	if ids := keyIDs(t, c, "us-east-1"); len(ids) != 1 {
		t.Errorf("us-east-1 keys %v, want one", ids)
	}
	if r.Keys[0].KeyID != theirs.KeyID || r.Keys[0].Created || len(r.Orphans) != 0 {
		t.Errorf("result %+v, want the other run's key, not created, no orphan", r.Keys[0])
	}
	assertZoomReady(t, c, "us-west-2", zoom.DefaultAlias, "us-east-1")
}
