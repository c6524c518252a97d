package ui

import (
	"slices"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// wantHelpAgrees checks, on the current screen, that the full help lists
// exactly the screen's bindings that are on: what matches is what is shown.
func (h *harness) wantHelpAgrees() {
	h.t.Helper()
	km := h.m.screenKeys()
	if km == nil {
		return
	}
	entries := func(cols [][]key.Binding) []string {
		var out []string
		for _, col := range cols {
			for _, b := range col {
				if b.Enabled() {
					out = append(out, b.Help().Key+" "+b.Help().Desc)
				}
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	on := entries(km.FullHelp())
	c := h.m.keys
	common := entries([][]key.Binding{{c.Back, c.Help, c.QuitQ, c.Quit, c.PageUp, c.PageDown}})
	shown := slices.DeleteFunc(entries(h.m.helpKeys().FullHelp()), func(e string) bool { return slices.Contains(common, e) })
	if !slices.Equal(on, shown) {
		h.t.Errorf("step %s: the keys on are %q, the help shows %q", h.m.Step(), on, shown)
	}
}

func TestHelpShowsTheKeysThatMatch(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.enter(4)
	h.wantStep("regions")
	h.enter(3 + 4)
	h.wantView("Apply these")
	h.wantHelpAgrees()
	if b := h.keyStep().keys; !b.Apply.Enabled() || b.Continue.Enabled() || b.Retry.Enabled() || h.m.keys.Back.Enabled() {
		t.Errorf("the plan's keys: apply %v, continue %v, retry %v, back %v", b.Apply.Enabled(), b.Continue.Enabled(), b.Retry.Enabled(), h.m.keys.Back.Enabled())
	}
	h.typ("y")
	h.wantView("Done:")
	h.wantHelpAgrees()
	for _, s := range []struct {
		enters int
		want   string
	}{{1, "alerts"}, {alertsEnters, "policy"}, {1, "arns"}, {1, "portal"}} {
		h.enter(s.enters)
		h.wantStep(s.want)
		h.wantHelpAgrees()
	}
	h.typ("s")
	h.wantView("Support ticket")
	h.wantHelpAgrees()
	h.typ("q") // closes the ticket; q finishes only on the checklist
	if h.quit {
		t.Fatal("q on the ticket finished the wizard")
	}
	h.typ("v")
	h.wantView("Health check of the key set")
	h.wantHelpAgrees()
}

// One meaning per key on a screen: on the report of "verify now", r checks
// again and v (which opened it) does nothing more; on the prerequisites d
// offers a dry run only where there are no credentials.
func TestOneMeaningPerKey(t *testing.T) {
	eng := &stubEngine{}
	h := newHarness(t, eng, doneSession())
	h.typ("v")
	h.wantView("r check again")
	h.typ("v")
	if len(eng.verified) != 1 {
		t.Errorf("v on the report checked again (%d checks): r is the key for that", len(eng.verified))
	}
	h.typ("r")
	if len(eng.verified) != 2 {
		t.Errorf("r on the report: %d checks, want 2", len(eng.verified))
	}

	h = newHarness(t, &stubEngine{}, nil)
	h.enter(4)
	h.key(tea.KeyEsc)
	h.wantStep("prereq")
	if h.pre().keys.DryRun.Enabled() || key.Matches(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("d")}, h.pre().keys.DryRun) {
		t.Error("d offers a dry run though the credentials were found")
	}
	h.wantHelpAgrees()
}
