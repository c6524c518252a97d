package ui

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
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

// Issue 26, layout: the "not AWS" mark stays in one place (its line and
// column) from step to step, and the yes/no buttons stand in one place from
// question to question, at 80 and 60 columns, in both languages.
func TestMarksAndButtonsStayInPlace(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		for _, size := range [][2]int{{80, 24}, {60, 20}, {100, 30}} {
			h := newHarness(t, &stubEngine{}, nil, func(c *Config) { c.Endpoint, c.Lang = "http://127.0.0.1:4566", lang })
			h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			where := func() [2]int {
				for i, l := range strings.Split(ansi.Strip(h.view()), "\n") {
					if c := strings.Index(l, "⚠"); c >= 0 {
						return [2]int{i, ansi.StringWidth(l[:c])}
					}
				}
				t.Fatalf("%s %v: no ⚠ mark:\n%s", lang, size, h.view())
				return [2]int{}
			}
			// The prerequisites' buttons: the last line of the form.
			buttons := func() int {
				lines := strings.Split(ansi.Strip(h.m.form.View()), "\n")
				for i := len(lines) - 1; i >= 0; i-- {
					if l := strings.TrimLeft(lines[i], "┃ "); strings.TrimSpace(l) != "" {
						return ansi.StringWidth(lines[i]) - ansi.StringWidth(l)
					}
				}
				return -1
			}
			mark, col := where(), buttons()
			for i, n := range []int{1, 1, 1, 1, 3, 4, 1, 1, 1} {
				if i < 3 {
					if got := buttons(); got != col {
						t.Errorf("%s %v: question %d's buttons at column %d, the first's at %d:\n%s", lang, size, i+1, got, col, h.view())
					}
				}
				h.enter(n)
				if got := where(); got != mark {
					t.Errorf("%s %v: at %s the mark is at line %d column %d, on the first screen at %d, %d:\n%s",
						lang, size, h.m.Step(), got[0], got[1], mark[0], mark[1], h.view())
				}
			}
		}
	}
}

// Issue 26, layout: a status line goes with the next action: the runbook
// written is said until the next key for the screen, not for ever.
func TestStatusLineGoesWithTheNextAction(t *testing.T) {
	h, _, _ := runbookHarness(t, 80, 24)
	h.typ("m")
	h.enter(1)
	h.wantView("Runbook written to")
	h.typ(" ") // tick the first item
	h.wantNoView("Runbook written to")
}

// Issue 26, layout: the summary over the key questions, wrapped, goes on
// under its text, not at column 0, in both languages.
func TestKeySummaryHangsUnderItsText(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		eng := &stubEngine{aliasKey: &setup.ExistingKey{KeyID: "mrk-da8a9bcc-a44a-49e3-8a60-b015b5244bb7", Region: "us-east-1"}}
		h := newHarness(t, eng, nil, func(c *Config) { c.Lang = lang })
		h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		h.enter(4 + 2 + 1)
		h.wantStep("key")
		lines := strings.Split(ansi.Strip(h.view()), "\n")
		// The first "✓ " line under the header (whose crumbs start so too).
		at := 3 + slices.IndexFunc(lines[3:], func(l string) bool { return strings.HasPrefix(l, "✓ ") })
		if at < 3 || !strings.HasPrefix(lines[at+1], "  ") || !strings.Contains(lines[at]+lines[at+1], "mrk-") {
			t.Errorf("%s: the summary's next line is not under its text:\n%s", lang, h.view())
		}
	}
}
