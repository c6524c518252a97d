package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
)

// styledText is the text of s drawn in the style that opens with open,
// line by line: what a terminal shows in that style when each line is
// drawn on its own (a viewport, the frame's window, a cut line).
func styledText(s, open string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		for {
			i := strings.Index(l, open)
			if i < 0 {
				break
			}
			l = l[i+len(open):]
			j := strings.Index(l, "\x1b[")
			if j < 0 {
				j = len(l)
			}
			b.WriteString(l[:j])
			l = l[j:]
		}
	}
	return b.String()
}

// A Region line of the drill or the plan that breaks onto more lines
// keeps its style on every part (issue 11): the drill's red "無効化します"
// and the plan's bold Region name, in Japanese and English, at every width
// from 30 to 80 columns; and nothing of the text is lost.
func TestBrokenRegionLinesKeepTheirStyle(t *testing.T) {
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.ANSI256)
	lipgloss.SetHasDarkBackground(true)
	t.Cleanup(func() { lipgloss.SetColorProfile(prev) })
	for _, lang := range []i18n.Lang{i18n.Japanese, i18n.English} {
		h := newHarness(t, &stubEngine{}, nil, func(c *Config) { c.Lang = lang })
		m := h.m
		lines := []struct {
			name, line, span string
			ind              int
			st               lipgloss.Style
		}{
			{"drill impact", "  " + m.t("drill.impact.region", m.t("role.replica"), m.regionName("ap-southeast-6"),
				i18n.Own(m.st.Bad.Render(m.t("drill.disabled")))), m.t("drill.disabled"), 4, m.st.Bad},
			{"drill line", m.drillLine("ap-southeast-6", "✗ "+m.t("drill.phase.disable"), true), "✗ " + m.t("drill.phase.disable"), 4, m.st.Bad},
			{"plan region", m.st.Title.Render(m.region("ap-southeast-6")) + " · " + m.t("role.replica") + " · " + m.p().M(setup.RegionPlan{Role: setup.RoleReplica}.Key()),
				m.region("ap-southeast-6"), 2, m.st.Title},
		}
		for _, w := range []int{30, 40, 50, 60, 80} {
			h.send(tea.WindowSizeMsg{Width: w, Height: 24})
			for _, c := range lines {
				open := strings.Split(c.st.Render("X"), "X")[0]
				if open == "" {
					t.Fatalf("%s: the style draws no escape sequence", c.name)
				}
				out := m.hangLine(c.line, c.ind)
				name := fmt.Sprintf("%s %s at %d", lang, c.name, w)
				squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
				if got, want := squeeze(styledText(out, open)), squeeze(c.span); got != want {
					t.Errorf("%s: styled text %q, want %q:\n%s", name, got, want, strings.ReplaceAll(out, "\x1b", "\\e"))
				}
				if got, want := squeeze(ansi.Strip(out)), squeeze(ansi.Strip(c.line)); got != want {
					t.Errorf("%s: text %q, want %q", name, got, want)
				}
				for i, l := range strings.Split(out, "\n") {
					if ansi.StringWidth(l) > w {
						t.Errorf("%s: line %d is %d columns wide: %q", name, i+1, ansi.StringWidth(l), ansi.Strip(l))
					}
				}
			}
		}
	}
}
