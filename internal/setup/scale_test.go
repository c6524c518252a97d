package setup

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// scaleKeys is how many keys of other teams the account holds in the tests
// below (half of them multi-Region).
const scaleKeys = 300

// withOtherKeys resets the emulator and fills each of regions with n keys
// of other teams.
func withOtherKeys(t *testing.T, n int, regions ...string) {
	t.Helper()
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	for _, r := range regions {
		if err := awstest.OtherTeamsKeys(ctx, emu.URL, r, n); err != nil {
			t.Fatal(err)
		}
	}
}

// countingEngine is an engine whose requests a proxy counts. Its plan's
// lookup always stands as the last look of an Apply made at once: a loaded
// test machine can take longer than DefaultFreshLook between the two, and
// the counts must not depend on it.
func countingEngine(t *testing.T) (*Engine, *faultproxy.Proxy) {
	t.Helper()
	proxy := faultproxy.New(t, emu.URL)
	e := newEngine(t, proxy.URL)
	e.FreshLook = time.Hour
	return e, proxy
}

// requestCounts runs a plan, a first setup, a setup with a fresh session
// (a new engine: nothing cached), a plan of the finished set and a verify,
// each with its own engine, and returns how many requests each made.
func requestCounts(t *testing.T, o Options) map[string]int {
	t.Helper()
	counts := map[string]int{}
	e, proxy := countingEngine(t)
	mustPlan(t, e, o)
	counts["plan before setup"] = proxy.Count("")

	e, proxy = countingEngine(t)
	r := mustApply(t, e, mustPlan(t, e, o))
	counts["first setup"] = proxy.Count("")
	if !r.Keys[0].Created || len(r.Orphans) != 0 {
		t.Fatalf("first setup: %+v, orphans %v", r.Keys[0], r.Orphans)
	}

	e, proxy = countingEngine(t)
	p := mustPlan(t, e, o)
	if p.Changes() != 0 {
		t.Fatalf("rerun plans %d changes", p.Changes())
	}
	counts["rerun (fresh session)"] = proxy.Count("")

	e, proxy = countingEngine(t)
	mustPlan(t, e, Options{Region: o.Region, Replicas: o.Replicas, Rotation: o.Rotation, ExistingKey: r.Keys[0].KeyID})
	counts["plan of the existing key"] = proxy.Count("")

	e, proxy = countingEngine(t)
	rep, err := e.Verify(ctx, VerifyOptions{Key: zoom.DefaultAlias, Region: o.Region})
	if err != nil || rep.Failed() || len(rep.Orphans) != 0 {
		t.Fatalf("verify: %v, orphans %v, %+v", err, rep.Orphans, rep)
	}
	counts["verify"] = proxy.Count("")

	// The drill's preparation (its verify); it changes nothing.
	e, drillProxy := countingEngine(t)
	save := func(*state.Drill) error { return nil }
	if _, err := e.PrepareDrill(ctx, DrillOptions{Verify: VerifyOptions{Key: zoom.DefaultAlias, Region: o.Region}, Save: save}); err != nil {
		t.Fatalf("PrepareDrill: %v", err)
	}
	counts["drill preparation"] = drillProxy.Count("")
	for _, req := range append(proxy.Requests(""), drillProxy.Requests("")...) {
		// The drill reads its own key's tags (it touches only a key that
		// carries the tool's tag for its alias); no other key's.
		own := req.Op == "ListResourceTags" && strings.Contains(fmt.Sprint(req.Body["KeyId"]), r.Keys[0].KeyID)
		if req.Op == "ListKeys" || req.Op == "ListResourceTags" && !own {
			t.Errorf("verify or drill sent %s: the orphan check reads no key's tags when the Tagging API answers", req.Op)
		}
	}
	return counts
}

// The account's size does not change what any command costs: with 300 keys
// of other teams (150 multi-Region) in the primary Region a plan, a first
// setup, a rerun with a fresh session, a plan of the existing key (the
// wizard's existing-key step), verify and a drill's preparation make as many
// requests as in an empty account.
func TestRequestsDoNotGrowWithTheAccount(t *testing.T) {
	o := opts("us-east-1", "us-west-2")
	withOtherKeys(t, 0)
	empty := requestCounts(t, o)
	withOtherKeys(t, scaleKeys, "us-east-1")
	full := requestCounts(t, o)
	for step, n := range empty {
		t.Logf("%-26s %3d requests with no other key, %3d with %d", step, n, full[step], scaleKeys)
		if full[step] != n {
			t.Errorf("%s: %d requests with %d other keys, %d with none: the count grows with the account", step, full[step], scaleKeys, n)
		}
	}
	// The first setup: 4 on the first round trip (identity, the alias in
	// both Regions, the Tagging API), CreateKey, the alias claim,
	// ReplicateKey, rotation, two read-backs of two calls, the replica alias
	// and, on this emulator, its check: 14.
	if n := empty["first setup"]; n != 14 {
		t.Errorf("first setup: %d requests, want 14", n)
	}
}

// denyTagging answers every GetResources with AccessDenied, as for a
// caller without tag:GetResources.
func denyTagging(p *faultproxy.Proxy) {
	st, body := faultproxy.AWSError("AccessDeniedException", "User: arn:aws:iam::123456789012:user/admin is not authorized to perform: tag:GetResources")
	p.Add(faultproxy.Fault{Op: "GetResources", Status: st, Body: body})
}

// Without tag:GetResources the engine reads every multi-Region key's tags,
// as before, with the same answers: a key a stopped run left is adopted, a
// disabled one or one pending deletion never is, an unused one is reported;
// it says once why it is slower and which permission makes it fast, and asks
// the Tagging API no more after the denial.
func TestFallbackWhenTaggingDenied(t *testing.T) {
	withOtherKeys(t, 20, "eu-central-1")
	c := checker(t)
	mk := func() *awsx.Key {
		k, err := c.KMS("eu-central-1").CreateKey(ctx, awsx.CreateKeyInput{
			Policy: zoom.BuildPolicy("aws", "123456789012", zoom.ZoomAccountID),
			Tags:   []awsx.Tag{{Key: TagAlias, Value: zoom.DefaultAlias}, {Key: TagCreatedBy, Value: "zcmk-tui"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	disabled, pending := mk(), mk()
	awstest.DisableKey(t, emu.URL, "eu-central-1", disabled.KeyID)
	awstest.ScheduleDeletion(t, emu.URL, "eu-central-1", pending.KeyID)
	left := mk() // a run stopped before its alias

	o := opts("eu-central-1", "eu-west-1")
	fast := mustPlan(t, newEngine(t, emu.URL), o)
	proxy := faultproxy.New(t, emu.URL)
	denyTagging(proxy)
	e := newEngine(t, proxy.URL)
	p := mustPlan(t, e, o)
	for name, pl := range map[string]*Plan{"fast": fast, "fallback": p} {
		if got := kinds(pl.Regions[0]); !slices.Contains(got, ActAdoptKey) || pl.Regions[0].KeyID != left.KeyID {
			t.Errorf("%s plan %v of key %s, want the adoption of %s (not the disabled %s or the pending %s)",
				name, got, pl.Regions[0].KeyID, left.KeyID, disabled.KeyID, pending.KeyID)
		}
	}
	slow := func(notes []i18n.Msg) int {
		n := 0
		for _, m := range notes {
			if s := text(m); strings.Contains(s, "tag:GetResources") && strings.Contains(s, "slower") {
				n++
			}
		}
		return n
	}
	if n := slow(p.Regions[0].PolicyNotes); n != 1 {
		t.Errorf("fallback plan notes %q: want one note naming tag:GetResources", p.Regions[0].PolicyNotes)
	}
	if len(p.Notes) != 1 || len(fast.Notes) != 0 {
		t.Errorf("plan notes %v (fast %v): want the slower-run note once, for the faces to print", p.Notes, fast.Notes)
	}
	if n := slow(fast.Regions[0].PolicyNotes); n != 0 {
		t.Errorf("fast plan notes %q: no slower-run note expected", fast.Regions[0].PolicyNotes)
	}
	if n := proxy.Count("ListResourceTags"); n < 20/2 {
		t.Errorf("fallback read %d keys' tags, want every multi-Region key's", n)
	}
	mustApply(t, e, p)
	orphan := mk() // after the set was made: unused
	rep, err := e.Verify(ctx, VerifyOptions{Key: zoom.DefaultAlias, Region: "eu-central-1"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Orphans, []string{orphan.ARN}) {
		t.Errorf("verify orphans %v, want %s", rep.Orphans, orphan.ARN)
	}
	if n := slow(rep.NoteTexts); n != 0 {
		t.Errorf("verify said the slower-run note again: %q", rep.Notes)
	}
	if n := proxy.Count("GetResources"); n != 1 {
		t.Errorf("GetResources sent %d times, want 1: after a denial the engine scans", n)
	}
	// A new engine (another run) that only verifies says it once too.
	e2 := newEngine(t, proxy.URL)
	rep, err = e2.Verify(ctx, VerifyOptions{Key: zoom.DefaultAlias, Region: "eu-central-1"})
	if err != nil {
		t.Fatal(err)
	}
	if n := slow(rep.NoteTexts); n != 1 || !slices.Equal(rep.Orphans, []string{orphan.ARN}) {
		t.Errorf("verify of a new run: notes %q, orphans %v", rep.Notes, rep.Orphans)
	}
}

// hideKeys makes the Tagging API (through p) leave out the keys hide
// reports true for, as the eventually consistent API does for a tag made a
// moment ago. It returns the IDs it left out.
func hideKeys(t *testing.T, p *faultproxy.Proxy, hide func(keyID string) bool) func() []string {
	t.Helper()
	var hidden []string
	p.Add(faultproxy.Fault{Op: "GetResources", Rewrite: func(_ faultproxy.Request, body []byte) []byte {
		var out map[string]any
		if err := json.Unmarshal(body, &out); err != nil {
			return body
		}
		list, _ := out["ResourceTagMappingList"].([]any)
		keep := list[:0]
		for _, m := range list {
			arn, _ := m.(map[string]any)["ResourceARN"].(string)
			id := arn[strings.LastIndex(arn, "/")+1:]
			if hide(id) {
				hidden = append(hidden, id)
				continue
			}
			keep = append(keep, m)
		}
		out["ResourceTagMappingList"] = keep
		b, _ := json.Marshal(out)
		return b
	}})
	return func() []string { return hidden }
}

// Another run made its key and alias after this run's plan; the Tagging API
// does not list that key yet, so the last look misses it. The alias claim is
// the lock: this run loses it, uses the winner's key for the whole set, and
// names its own as unused. No second set (no second replica) is made.
func TestHiddenKeyOfAnotherRunMakesNoSecondSet(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	c := checker(t)
	proxy := faultproxy.New(t, emu.URL)
	e := newEngine(t, proxy.URL)
	e.FreshLook = -1 // the last look is sent (and misses the key)
	p := mustPlan(t, e, opts("us-east-1", "us-west-2"))
	theirs := createTheirs(t, c)
	hidden := hideKeys(t, proxy, func(id string) bool { return id == theirs.KeyID })
	r, err := e.Apply(ctx, p, nil)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if !slices.Contains(hidden(), theirs.KeyID) {
		t.Fatalf("the Tagging API did not hide %s (hidden %v): the test proves nothing", theirs.KeyID, hidden())
	}
	if r.Keys[0].KeyID != theirs.KeyID || r.Keys[1].KeyID != theirs.KeyID || len(r.Orphans) != 1 {
		t.Errorf("result keys %+v, orphans %v; want the other run's key %s and this run's named as unused", r.Keys, r.Orphans, theirs.KeyID)
	}
	if ids := keyIDs(t, c, "us-west-2"); !slices.Equal(ids, []string{theirs.KeyID}) {
		t.Errorf("us-west-2 keys %v, want only the winner's replica", ids)
	}
	assertZoomReady(t, c, "us-west-2", zoom.DefaultAlias, "us-east-1")
}

// The answer to CreateKey is lost and the Tagging API never lists the new
// key (neither right after, nor after the backoff, nor later): before
// CreateKey may be sent again, KMS itself is asked (ListKeys and each
// multi-Region key's tags, other teams' keys among them), the key is found
// and adopted. One CreateKey, one key, one set, no key named as unused.
func TestLostCreateKeyResponseWhileTaggingLags(t *testing.T) {
	withOtherKeys(t, 20, "us-east-1")
	c := checker(t)
	before := keyIDs(t, c, "us-east-1")
	proxy := faultproxy.New(t, emu.URL)
	proxy.Add(faultproxy.Fault{Op: "CreateKey", Times: 1, DropAfterForward: true})
	hidden := hideKeys(t, proxy, func(id string) bool { return !slices.Contains(before, id) })
	e := newEngine(t, proxy.URL)
	e.Backoff = func(int, error) time.Duration { return time.Millisecond }
	r := mustApply(t, e, mustPlan(t, e, opts("us-east-1", "us-west-2")))
	if len(hidden()) == 0 {
		t.Fatal("the Tagging API hid nothing: the test proves nothing")
	}
	var seq []string
	for _, req := range proxy.Requests("") {
		if req.Op == "CreateKey" || req.Op == "GetResources" || req.Op == "ListKeys" {
			seq = append(seq, req.Op)
		}
	}
	// The plan's lookup (the last look too), CreateKey (its answer lost), the
	// lookup, the lookup again after the backoff, and KMS's own list: no
	// second CreateKey.
	if want := []string{"GetResources", "CreateKey", "GetResources", "GetResources", "ListKeys"}; !slices.Equal(seq, want) {
		t.Errorf("calls %v, want %v", seq, want)
	}
	k := assertZoomReady(t, c, "us-east-1", zoom.DefaultAlias, "us-east-1")
	assertZoomReady(t, c, "us-west-2", zoom.DefaultAlias, "us-east-1")
	if r.Keys[0].KeyID != k.KeyID || !r.Keys[0].Created || len(r.Orphans) != 0 {
		t.Errorf("result key %+v, orphans %v; the alias names %s", r.Keys[0], r.Orphans, k.KeyID)
	}
	made := slices.DeleteFunc(keyIDs(t, c, "us-east-1"), func(id string) bool { return slices.Contains(before, id) })
	if !slices.Equal(made, []string{k.KeyID}) {
		t.Errorf("us-east-1 keys made %v, want only the set's %s: a second key was made", made, k.KeyID)
	}
	if ids := keyIDs(t, c, "us-west-2"); !slices.Equal(ids, []string{k.KeyID}) {
		t.Errorf("us-west-2 keys %v, want one replica, of %s", ids, k.KeyID)
	}
}

// Two Applies in one process for the same alias, the Tagging API listing
// neither key: the second still finds the first's key (this process
// remembers the keys it made) and sends no CreateKey of its own.
func TestConcurrentAppliesWhileTaggingLags(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	proxy := faultproxy.New(t, emu.URL)
	hidden := hideKeys(t, proxy, func(string) bool { return true })
	proxy.Add(faultproxy.Fault{Delay: 50 * time.Millisecond})
	engines := []*Engine{newEngine(t, proxy.URL), newEngine(t, proxy.URL)}
	plans := make([]*Plan, 2)
	var wg sync.WaitGroup
	for i, e := range engines {
		e.FreshLook = time.Hour // both plans' lookups would stand, but for the key made since
		wg.Add(1)
		go func() { defer wg.Done(); plans[i] = mustPlan(t, e, opts("us-east-1", "us-west-2")) }()
	}
	wg.Wait()
	errs := make([]error, 2)
	for i, e := range engines {
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = e.Apply(ctx, plans[i], nil) }()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Apply %d: %v", i, err)
		}
	}
	if len(hidden()) == 0 {
		t.Fatal("the Tagging API hid nothing: the test proves nothing")
	}
	if n := proxy.Count("CreateKey"); n != 1 {
		t.Errorf("CreateKey sent %d times, want 1", n)
	}
	c := checker(t)
	for _, region := range []string{"us-east-1", "us-west-2"} {
		if ids := keyIDs(t, c, region); len(ids) != 1 {
			t.Errorf("%s: %d keys %v, want 1", region, len(ids), ids)
		}
	}
}
