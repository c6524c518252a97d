package ui

import (
	"errors"
	"regexp"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// Issue 26, layout: the primary Region's list takes the height there is
// (at 120x40 it showed 9 rows).
func TestPrimaryListTakesTheHeight(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.enter(4 + 1) // prerequisites; a new key
	h.wantView("Primary Region")
	rows := len(regionRow.FindAllString(ansi.Strip(h.view()), -1))
	if rows < 20 {
		t.Errorf("at 120x40 the primary list shows %d Regions, want 20 or more:\n%s", rows, h.view())
	}
}

// Issue 26, layout: esc in a list's filter closes the filter (sets it,
// then clears it), never the step; only then does esc leave the step.
func TestEscClosesTheFilterBeforeTheStep(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.enter(4 + 1)
	h.wantView("Primary Region")
	h.typ("/")
	h.typ("eu")
	h.key(tea.KeyEsc) // the filter set: the list narrowed to "eu"
	h.wantStep("regions")
	h.wantView("eu-west-1")
	h.wantNoView("Tokyo")
	h.key(tea.KeyEsc) // the filter cleared: the whole list again
	h.wantStep("regions")
	h.wantView("Primary Region", "Tokyo")
	h.key(tea.KeyEsc) // now esc leaves the list for the question before it
	h.wantNoView("Primary Region")
}

// regionRow is a Region's row in a list: its code first.
var regionRow = regexp.MustCompile(`(?m)^┃ [> ] +[a-z]{2}(-[a-z]+)+-\d+ `)

// Issue 26, layout: an error box breaks its text at spaces, never inside a
// flag or a word at its hyphen ("--call-" and "timeout"), at every width.
func TestErrorBoxNeverBreaksAtAHyphen(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	err := errors.New("KMS in eu-west-1 did not answer within 30s (a read: nothing was changed); check the network or proxy, or allow more time with --call-timeout, then try again")
	for w := 24; w <= 100; w++ {
		box := ansi.Strip(h.m.errorBlock(err, w))
		checkWordsWhole(t, box, "--call-timeout", "eu-west-1")
		checkFits(t, box, w, 100)
	}
}
