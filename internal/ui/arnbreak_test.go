package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// An ARN wider than the screen (any ARN at 60 columns) breaks after
// "key/", the key ID whole on the next line, on the checklist and the
// ARNs step; before, it was cut at the edge, mid-ID.
func TestARNsBreakAfterKeyAtNarrowWidths(t *testing.T) {
	const id = "mrk-1234abcd12ab34cd56ef1234567890ab"
	for _, step := range []string{"portal", "arns"} {
		s := doneSession()
		s.Step = step
		h := newHarness(t, &stubEngine{}, s)
		h.send(tea.WindowSizeMsg{Width: 60, Height: 40})
		h.wantStep(step)
		view := ansi.Strip(h.view())
		n := 0
		for _, l := range strings.Split(view, "\n") {
			if strings.TrimSpace(l) == id {
				n++
			}
			if strings.Contains(l, "mrk-") && !strings.Contains(l, id) {
				t.Errorf("%s: a key ID cut on %q:\n%s", step, l, view)
			}
		}
		if n != 2 {
			t.Errorf("%s: %d lines hold a key ID whole, want 2 (one per Region):\n%s", step, n, view)
		}
		checkFits(t, h.view(), 60, 40)
	}
}
