package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// Issue 26: at 80 columns "q quit" gave way to nothing: it pushed the
// arrows off the help line, although ctrl+c already says quit. On every
// screen whose arrows are on, the help line keeps them before "q quit",
// and it fits the width.
func TestHelpLineKeepsTheArrowsBeforeQQuit(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	// regions, key (its form, plan, result), alerts (its form, then without
	// an address), policy, ARNs
	seen := map[flow.Step]bool{}
	for i, n := range []int{4, 3, 4, 1, 1, alertsEnters - 1, 1, 1} {
		h.enter(n)
		seen[h.m.step] = true
		lines := strings.Split(ansi.Strip(h.view()), "\n")
		help := lines[len(lines)-1]
		if ansi.StringWidth(help) > 80 {
			t.Errorf("screen %d (%s): the help line is wider than 80 columns: %q", i+1, h.m.Step(), help)
		}
		if h.m.form != nil {
			continue // the form's own keys
		}
		arrows := 0
		for _, row := range h.m.screenKeys().FullHelp() {
			for _, b := range row {
				if b.Enabled() && (b.Help() == h.m.keys.Arrows[0].Help() || b.Help() == h.m.keys.Arrows[1].Help()) {
					arrows++
				}
			}
		}
		if arrows == 2 && !strings.Contains(help, "↑") || !strings.Contains(help, "↓") && arrows == 2 {
			t.Errorf("screen %d (%s): the arrows are on but not both on the help line: %q", i+1, h.m.Step(), help)
		}
	}
	for _, st := range []flow.Step{flow.StepAlerts, flow.StepPolicy, flow.StepARNs} {
		if !seen[st] {
			t.Errorf("the walk never reached step %q", st.ID())
		}
	}
}

// Issue 26: q quits like ctrl+c, and the exit line does not say "ctrl+c"
// for it: it says "Stopped", in both languages.
func TestQuitWithQSaysStopped(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		h := newHarness(t, &stubEngine{}, nil, func(c *Config) { c.Lang = lang })
		h.enter(4) // the regions step: a list, no text field
		h.typ("q")
		err := h.m.Interrupted()
		if err == nil {
			t.Fatalf("%s: q did not stop the wizard", lang)
		}
		line := CatalogueFor(lang).Printer().M(err.(*InterruptedError).Localized())
		want := map[i18n.Lang]string{i18n.English: "Stopped: nothing was written", i18n.Japanese: "中断しました。"}[lang]
		if strings.Contains(line, "ctrl+c") || !strings.HasPrefix(line, want) {
			t.Errorf("%s: q ends with %q; want it to start %q, without ctrl+c", lang, line, want)
		}
	}
}
