package ui

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// Issue 26, defect 1: a key the session has made or found is never
// forgotten by going back and forth, nor by quitting.

// loadSaved reads the session file the harness's wizard wrote.
func (h *harness) loadSaved() *state.Session {
	h.t.Helper()
	s, err := state.Load(h.m.cfg.StatePath)
	if err != nil || s == nil {
		h.t.Fatalf("session file: %v, %v", s, err)
	}
	return s
}

// Keep the key, try to move to another primary, quit: the session file
// still names the key, and a restart offers to keep it, not a new key.
func TestKeptKeySurvivesRegionChangeAndQuit(t *testing.T) {
	eng := &stubEngine{}
	h := newHarness(t, eng, nil)
	h.enter(4 + 3 + 4 + 1)
	h.wantView("Done: 5 changes made.")
	made := h.m.f.Sess.PrimaryARN()
	primary := h.m.f.Primary

	h.key(tea.KeyEsc)
	h.key(tea.KeyEsc)
	h.wantStep("regions")
	h.enter(1) // "Keep the key set up in this session"
	// The kept key's primary Region is not asked (it cannot change): the
	// replica list comes at once and says why.
	h.wantView("Replica Regions for", "The kept key's primary Region is", "Start over with a NEW key")
	h.key(tea.KeyDown)
	h.enter(1)
	h.wantStep("key")
	if h.m.f.Primary != primary {
		t.Errorf("primary = %s after keeping the key, want its own %s", h.m.f.Primary, primary)
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlC})
	if !h.quit {
		t.Fatal("ctrl+c did not quit")
	}
	saved := h.loadSaved()
	if got := saved.PrimaryARN(); got != made {
		t.Fatalf("the session file names key %q after going back and quitting, want %q", got, made)
	}

	// A restart from that file: the first choice keeps the key.
	h2 := newHarness(t, eng, saved)
	h2.m.enter(flow.StepRegions)
	h2.wantView("Keep the key set up in this session (" + flow.KeyIDOf(made) + ")")
	if h2.m.f.Pinned != made {
		t.Errorf("restart pins %q, want %q", h2.m.f.Pinned, made)
	}
}

// Without a session: the alias already names a key set in us-east-1 (the
// plan finds it, nothing to change). Going back, the wizard offers to keep
// that key (its primary fixed) or to start over explicitly; it never plans
// a second set in another Region without a word, and a restart remembers
// the key it found.
func TestFoundKeyIsKeptWhenGoingBack(t *testing.T) {
	eng, srv := motoEngine(t, "")
	found := keySetUnderAlias(t, eng)

	h := newHarness(t, engineOn(t, srv, ""), nil)
	h.enter(4)     // prerequisites
	h.enter(1 + 1) // a new key, us-east-1 (the default)
	h.enter(1)     // replicas: us-west-2 suggested
	h.enter(1 + 1) // the alias names that set: only rotation is asked besides
	h.wantView("Nothing to change")
	if h.m.f.Pinned != found {
		t.Fatalf("the plan found %s, but the wizard pins %q", found, h.m.f.Pinned)
	}
	h.key(tea.KeyEsc)
	h.key(tea.KeyEsc)
	h.wantStep("regions")
	h.wantView("Keep the key set up in this session (" + flow.KeyIDOf(found) + ")")
	h.enter(1)
	h.wantView("The kept key's primary Region is")
	h.enter(1)
	h.wantStep("key")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlC})
	saved := h.loadSaved()
	if saved.WizardFoundKey != found {
		t.Fatalf("the session file forgot the key found: %q, want %q", saved.WizardFoundKey, found)
	}
	h2 := newHarness(t, engineOn(t, srv, ""), saved)
	if h2.m.f.Pinned != found || !slices.ContainsFunc(h2.m.f.KeyModes(), func(o [2]string) bool {
		return strings.Contains(o[0], flow.KeyIDOf(found)) && o[1] == flow.ModeNew
	}) {
		t.Errorf("a restart does not offer to keep the key found: pinned %q, modes %v", h2.m.f.Pinned, h2.m.f.KeyModes())
	}
	for _, r := range []string{"us-east-1", "eu-west-1"} {
		if n := len(keysIn(t, srv.URL, r)); r == "eu-west-1" && n != 0 {
			t.Errorf("%s holds %d keys: a second set was made", r, n)
		}
	}
}

// Issue 26, defect 4: ctrl+c on the full screen is an interruption (the
// command line exits 130) with one line that counts what this run wrote.
func TestCtrlCIsAnInterruptionThatSaysWhatWasWritten(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.enter(4)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlC})
	if err := h.m.Interrupted(); !h.quit || err == nil || !strings.Contains(err.Error(), "nothing was written to AWS in this run") {
		t.Errorf("ctrl+c before any write: quit %v, %v", h.quit, err)
	}
	h = newHarness(t, &stubEngine{}, nil)
	h.enter(4 + 3 + 4 + 1)
	h.wantView("Done: 5 changes made.")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlC})
	if err := h.m.Interrupted(); err == nil || !strings.Contains(err.Error(), "5 changes were written to AWS in this run") {
		t.Errorf("ctrl+c after the apply: %v", err)
	}
}

// Credentials from the environment are not called "profile default" on the
// live checks (issue 26).
func TestCredentialsFromTheEnvironmentAreSaidSo(t *testing.T) {
	eng, _ := motoEngine(t, "") // the emulator's keys in AWS_ACCESS_KEY_ID
	h := newHarness(t, eng, nil)
	h.wantView("AWS credentials: account 123456789012 (aws), from the environment (AWS_ACCESS_KEY_ID)")
	if strings.Contains(h.view(), "profile default") {
		t.Errorf("the check names a profile although the credentials come from the environment:\n%s", h.view())
	}
}

// In practice mode the credentials are the practice AWS's own example
// keys: the live check says so, not "profile default".
func TestPracticeCredentialsAreSaidSo(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil, func(c *Config) { c.Practice = true })
	h.wantView("AWS credentials: account 111122223333 (aws), the practice AWS's example keys")
	if strings.Contains(h.view(), "profile default") {
		t.Errorf("practice mode names a profile:\n%s", h.view())
	}
}
