package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// When the calls do not go to AWS (an emulator, a proxy), every screen's
// header says so, at any width and in both languages, and the live checks
// name the endpoint: before, only a line on stderr said it, hidden by the
// full-screen wizard.
func TestEveryScreenSaysWhenCallsDoNotGoToAWS(t *testing.T) {
	const endpoint = "http://127.0.0.1:5077"
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}} {
			for _, dry := range []bool{false, true} {
				h := newHarness(t, &stubEngine{}, nil, func(c *Config) { c.Endpoint, c.Lang, c.LangGiven, c.DryRun = endpoint, lang, true, dry })
				h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				view := ansi.Strip(h.m.View())
				badge := i18n.NewPrinter(lang).T("ui.header.endpoint")
				head := strings.Join(strings.SplitN(view, "\n", 3)[:2], "\n")
				if !strings.Contains(head, badge) {
					t.Errorf("%s %dx%d dry=%v: the header does not say %q:\n%s", lang, size[0], size[1], dry, badge, head)
				}
				checkFits(t, view, size[0], size[1])
				checks := ansi.Strip(h.m.viewChecks(h.m.bodyWidth(), true))
				if !strings.Contains(checks, endpoint) {
					t.Errorf("%s: the live checks do not name the endpoint:\n%s", lang, checks)
				}
				for _, l := range strings.Split(checks, "\n") {
					if ansi.StringWidth(l) > size[0] {
						t.Errorf("%s %d: a live-check line is wider than the body: %q", lang, size[0], l)
					}
				}
			}
		}
	}
	// Against AWS itself, nothing is said.
	h := newHarness(t, &stubEngine{}, nil)
	if view := ansi.Strip(h.m.View()); strings.Contains(view, "not AWS") {
		t.Errorf("a run against AWS says it is not:\n%s", view)
	}
}
