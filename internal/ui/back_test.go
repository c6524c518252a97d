package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/kms"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// keysIn lists the key IDs the emulator holds in region.
func keysIn(t *testing.T, url, region string) []string {
	t.Helper()
	out, err := awstest.Client(t, url, region).ListKeys(context.Background(), &kms.ListKeysInput{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, k := range out.Keys {
		ids = append(ids, *k.KeyId)
	}
	return ids
}

// TestFlowBackAfterCreationEditsTheSameKey: on the Done screen, esc, a new
// alias, Enter through. The plan adds the alias to the key made a moment
// ago (and says so); it never plans a second key and replicas.
func TestFlowBackAfterCreationEditsTheSameKey(t *testing.T) {
	f := startApplied(t, 100, 30)
	f.key("esc")
	f.wait("Alias (created in every Region")
	f.retype("alias/zoom-cmk-2")
	f.enter(1) // the kept key has its own description and tags: not asked
	f.wait("Automatic key rotation")
	f.enter(1)
	f.wait("Apply these 2 changes", "(from this session) is kept: no new key is created",
		"The alias alias/zoom-cmk-2 is added to it in every Region")
	f.enter(1)
	// moto copies the new alias into the replica Region: 1 of the 2 changes is made.
	f.wait("Done: 1 change made.")
	view := f.final()
	if strings.Contains(view, "create key") || strings.Contains(view, "replicate key") {
		t.Errorf("going back planned a second key:\n%s", view)
	}
	for _, r := range []string{"us-east-1", "us-west-2"} {
		if ids := keysIn(t, f.url, r); len(ids) != 1 {
			t.Errorf("%s holds %d keys after going back and changing the alias, want 1: %v", r, len(ids), ids)
		}
	}
}

// The key's primary Region cannot change once the session has a key: the
// key step refuses and says what to do; "start over with a new key" is the
// explicit way to a second key.
func TestBackAfterCreationRegionChangeRefusedUnlessStartOver(t *testing.T) {
	eng := &stubEngine{}
	h := newHarness(t, eng, nil)
	h.enter(4 + 3 + 4 + 1)
	h.wantView("Done: 5 changes made.")
	made := h.m.f.Sess.PrimaryARN()

	// Back to the Regions step: the first choice keeps the key.
	h.key(tea.KeyEsc)
	h.key(tea.KeyEsc)
	h.wantStep("regions")
	h.wantView("Keep the key set up in this session (mrk-1234abcd12ab34cd56ef1234567890ab)", "Start over with a NEW key")
	h.enter(1)
	// Keeping the key, its primary Region is not asked: it cannot change
	// (issue 26); the step says so and names the way to another Region.
	h.wantView("Replica Regions for", "The kept key's primary Region is", "Start over with a NEW key")
	h.enter(1)
	h.wantStep("key")
	if r := flow.ExistingARNRegion(made); h.m.f.Primary != r {
		t.Fatalf("primary = %s after keeping the key, want its own %s", h.m.f.Primary, r)
	}
	// A primary changed behind the flow's back is still refused by the plan.
	h.m.f.Primary = "eu-west-1"
	h.enter(4)
	h.wantView("The plan could not be made", "this session already set up key mrk-1234abcd12ab34cd56ef1234567890ab", "Start over with a NEW key")
	if n := len(eng.planned); n != 1 {
		t.Fatalf("the engine was asked for %d plans, want only the first", n)
	}

	// Start over: explicitly a new key.
	h.key(tea.KeyEsc)
	h.key(tea.KeyEsc)
	h.wantStep("regions")
	h.key(tea.KeyDown)
	h.key(tea.KeyDown)
	h.enter(3)
	h.wantStep("key")
	h.enter(4)
	h.wantView("Apply these 5 changes")
	if o := eng.planned[len(eng.planned)-1]; o.ExistingKey != "" {
		t.Errorf("start over planned with ExistingKey %q, want a new key", o.ExistingKey)
	}
	if len(h.m.f.Sess.Keys) != 0 {
		t.Errorf("the session still names the first key after starting over: %+v", h.m.f.Sess.Keys)
	}

	// Without starting over, the same Regions plan on the key made.
	h2 := newHarness(t, eng, nil)
	h2.enter(4 + 3 + 4 + 1)
	h2.key(tea.KeyEsc)
	h2.enter(4)
	if o := eng.planned[len(eng.planned)-1]; o.ExistingKey != h2.m.f.Sess.PrimaryARN() || o.ExistingKey == "" || made == "" {
		t.Errorf("going back planned with ExistingKey %q, want the key made (%s)", o.ExistingKey, h2.m.f.Sess.PrimaryARN())
	}
}
