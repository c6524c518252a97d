package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// noCredentials is the engine of a machine with no AWS credentials.
func noCredentials() *stubEngine {
	return &stubEngine{idErr: &setup.Error{Kind: setup.KindNoCredentials, Text: i18n.Msg{ID: "aws.err.raw", Args: []any{"no AWS credentials were found"}}, FixText: i18n.Msg{ID: "aws.err.raw", Args: []any{"run `aws configure`"}}},
		probeErr: errors.New("no credentials")}
}

// Issue 22 item 6: the no-credentials check offers practice with one key
// (p ends the wizard asking the command line for practice mode), and Enter
// there checks again instead of doing nothing.
func TestPrereqNoCredentialsOffersPractice(t *testing.T) {
	eng := noCredentials()
	h := newHarness(t, eng, nil)
	h.enter(4)
	h.wantStep("prereq")
	h.wantView("Press p to practise", "p practise", "run `aws configure`")
	// The credentials were set up meanwhile: Enter checks again.
	eng.idErr, eng.probeErr = nil, nil
	h.enter(1)
	h.wantStep("regions")

	h = newHarness(t, noCredentials(), nil)
	h.enter(4)
	h.typ("p")
	if !h.quit || !h.m.WantsPractice() {
		t.Fatalf("p on the no-credentials check: quit %v, practice %v", h.quit, h.m.WantsPractice())
	}
	if h.saved != 0 {
		t.Errorf("choosing practice saved the real session %d times", h.saved)
	}

	// In practice mode itself p is not offered.
	h = newHarness(t, noCredentials(), nil, func(c *Config) { c.Practice = true })
	h.enter(4)
	h.typ("p")
	if h.quit || h.m.WantsPractice() || strings.Contains(h.view(), "Press p to practise") {
		t.Errorf("practice offered inside practice mode:\n%s", h.view())
	}
}

// The plain prompts ask the same: yes (enter) ends with ErrPractice.
func TestAccessibleNoCredentialsOffersPractice(t *testing.T) {
	var out strings.Builder
	cfg := Config{Engine: noCredentials(), Now: func() time.Time { return fixedNow }}
	_, _, err := RunAccessible(context.Background(), cfg, strings.NewReader(strings.Repeat("\n", 5)), &out)
	if !errors.Is(err, ErrPractice) {
		t.Fatalf("err %v, want ErrPractice\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "Practise without an AWS account?") {
		t.Errorf("no practice question:\n%s", out.String())
	}
}

// Issue 26, keys a newcomer tries: q quits where no text field has focus
// (the same exit as ctrl+c), and types a q in a text field.
func TestQuitByQ(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.wantStep("prereq") // the first form: a yes/no has focus
	h.typ("q")
	if !h.quit || h.m.Interrupted() == nil {
		t.Fatalf("q on the first form: quit %v, interrupted %v", h.quit, h.m.Interrupted())
	}

	h = newHarness(t, noCredentials(), nil)
	h.enter(4)
	h.typ("d")
	h.wantView("Your 12-digit AWS account ID")
	h.typ("q")
	if h.quit {
		t.Fatal("q in the account-ID field quit the wizard")
	}
}

// esc on the dry run's account-ID question goes back to the checks.
func TestDryRunAccountEscGoesBack(t *testing.T) {
	h := newHarness(t, noCredentials(), nil)
	h.enter(4)
	h.typ("d")
	h.wantView("Your 12-digit AWS account ID", "esc")
	h.key(tea.KeyEsc)
	if h.m.form != nil || strings.Contains(h.view(), "Your 12-digit AWS account ID") {
		t.Fatalf("esc left the account question open:\n%s", h.view())
	}
	h.wantView("Press d for a DRY RUN")
	h.typ("d") // and it can be asked again
	h.wantView("Your 12-digit AWS account ID")
}

// ? on the first form shows every key, the checks' keys included; d while
// the questions are open says why it waits instead of doing nothing.
func TestHelpAndPendingKeysOnTheFirstForm(t *testing.T) {
	h := newHarness(t, noCredentials(), nil)
	h.wantStep("prereq")
	h.typ("?")
	h.wantView("d/r/p", "after the questions", "more keys")
	if words := strings.Join(strings.Fields(h.view()), " "); !strings.Contains(words, "q quit") {
		t.Errorf("the full help lacks q:\n%s", h.view())
	}
	h.typ("?")
	h.typ("d")
	h.wantView("First answer the questions above")
	h.enter(4)
	h.wantView("Press d for a DRY RUN")
	if strings.Contains(h.view(), "First answer the questions above") {
		t.Errorf("the note outlived the questions:\n%s", h.view())
	}
}

// At 60x20 the help line keeps enter (the way on) and ctrl+c on every
// screen of the walk to the checklist, forms included.
func TestHelpLineKeepsEnterAt60x20(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	check := func() {
		t.Helper()
		lines := strings.Split(strings.TrimRight(h.view(), "\n"), "\n")
		last := lines[len(lines)-1]
		for _, want := range []string{"enter", "ctrl+c"} {
			if !strings.Contains(last, want) {
				t.Errorf("%s: help line at 60x20 lacks %q: %q", h.m.Step(), want, last)
			}
		}
	}
	check()
	h.enter(4)
	check()
	h.enter(3)
	for h.m.Step() != "portal" {
		check()
		h.enter(1)
	}
}

// After resume the checklist's cursor is on the first item not yet ticked.
func TestResumedChecklistCursorOnFirstUnticked(t *testing.T) {
	s := doneSession()
	s.Ticks = map[string]bool{zoom.StepPasteARNs: true, zoom.StepStandby: true}
	h := newHarness(t, &stubEngine{}, s)
	h.wantStep("portal")
	if got, want := zoom.Steps()[h.prt().sel].ID, zoom.StepDataTypes; got != want {
		t.Errorf("cursor on %q after resume, want %q", got, want)
	}
}

// After resume the policy step shows the policy under every Region of the
// key set, not the primary alone ("1 of 1").
func TestResumedPolicyShowsEveryRegion(t *testing.T) {
	s := doneSession()
	s.Step = "policy"
	h := newHarness(t, &stubEngine{}, s)
	h.wantStep("policy")
	secs := h.m.f.PolicySections()
	if len(secs) != 2 || secs[0].Region != "us-east-1" || secs[1].Region != "us-west-2" {
		t.Fatalf("policy sections after resume: %+v", secs)
	}
	if strings.Contains(h.view(), "1 of 1") {
		t.Errorf("the policy step says 1 of 1:\n%s", h.view())
	}
}

// d (the drill) is offered only once checklist item 6, the test recording,
// is ticked: before, d opens nothing and the help does not list it.
func TestDrillOfferedAfterTestRecording(t *testing.T) {
	eng, _ := motoEngine(t, "")
	path := threeRegionKeys(t, eng)
	s := sessionFrom(t, path)
	s.Ticks = nil
	h := fitHarness(t, eng, s, i18n.English, 100, 30)
	h.wantStep("portal")
	h.typ("d")
	if h.m.dr.on() || strings.Contains(h.view(), "d outage drill") {
		t.Fatalf("d opened the drill before a test recording:\n%s", h.view())
	}
	h.m.f.Sess.Ticks = map[string]bool{zoom.StepTestRecording: true}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.wantView("d outage drill")
	h.typ("d")
	if !h.m.dr.on() {
		t.Fatalf("d did not open the drill after the test recording:\n%s", h.view())
	}
}
