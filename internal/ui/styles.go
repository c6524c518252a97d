package ui

import (
	"io"
	"os"

	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"golang.org/x/term"
)

// NewRenderer is the lipgloss renderer for the wizard's output w, with the
// terminal's background (light or dark, for the adaptive colours) already
// known, so that a run asks the terminal at most once. Bubble Tea's package
// init asks on stdout, through lipgloss's default renderer, before main
// runs; when stdout is a terminal that answer is reused. Otherwise w is
// asked here, before the program takes the terminal: a renderer asking from
// the first View() would cost another round trip (slow over SSH) before the
// first frame.
func NewRenderer(w io.Writer) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(w)
	if term.IsTerminal(int(os.Stdout.Fd())) {
		r.SetHasDarkBackground(lipgloss.DefaultRenderer().HasDarkBackground())
	} else {
		r.SetHasDarkBackground(r.HasDarkBackground())
	}
	return r
}

// styles are built once per model from the default lipgloss renderer, so a
// colour profile set before New (NO_COLOR, TERM=dumb, tests' Ascii) applies.
// Every style that carries meaning also carries a mark that survives without
// colour (✓, ✗, ▸, »), so nothing is told by colour alone.
type styles struct {
	header, headerStep, stepDone, stepNow, stepTodo lipgloss.Style
	title, muted, ok, bad, warn, accent, arn, sel   lipgloss.Style
	zoomLine, diffAdd, diffDel, box, errBox, dry    lipgloss.Style
}

func newStyles() styles {
	accent := lipgloss.AdaptiveColor{Light: "#5A3FD1", Dark: "#9D8CFF"}
	green := lipgloss.AdaptiveColor{Light: "#137A2E", Dark: "#5FD787"}
	red := lipgloss.AdaptiveColor{Light: "#B3261E", Dark: "#FF6B6B"}
	yellow := lipgloss.AdaptiveColor{Light: "#8A5A00", Dark: "#FFD166"}
	grey := lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8A8A8A"}
	return styles{
		header:     lipgloss.NewStyle().Bold(true),
		headerStep: lipgloss.NewStyle().Bold(true).Foreground(accent),
		stepDone:   lipgloss.NewStyle().Foreground(green),
		stepNow:    lipgloss.NewStyle().Bold(true).Underline(true).Foreground(accent),
		stepTodo:   lipgloss.NewStyle().Foreground(grey),
		title:      lipgloss.NewStyle().Bold(true),
		muted:      lipgloss.NewStyle().Foreground(grey),
		ok:         lipgloss.NewStyle().Foreground(green),
		bad:        lipgloss.NewStyle().Foreground(red),
		warn:       lipgloss.NewStyle().Foreground(yellow),
		accent:     lipgloss.NewStyle().Foreground(accent),
		arn:        lipgloss.NewStyle().Bold(true),
		sel:        lipgloss.NewStyle().Bold(true).Foreground(accent),
		zoomLine:   lipgloss.NewStyle().Bold(true).Foreground(yellow),
		diffAdd:    lipgloss.NewStyle().Foreground(green),
		diffDel:    lipgloss.NewStyle().Foreground(red),
		box:        lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1),
		errBox:     lipgloss.NewStyle().Border(lipgloss.NormalBorder(), false, false, false, true).BorderForeground(red).PaddingLeft(1),
		dry:        lipgloss.NewStyle().Bold(true).Foreground(yellow),
	}
}

// formTheme is huh's theme for the embedded forms. Without colour
// (NO_COLOR, TERM=dumb) the chosen button of a yes/no question would look
// like the other one, so it gets brackets.
func formTheme() *huh.Theme {
	t := huh.ThemeCharm()
	if lipgloss.ColorProfile() == termenv.Ascii {
		on := func(s string) string { return "[" + s + "]" }
		off := func(s string) string { return " " + s + " " }
		for _, f := range []*huh.FieldStyles{&t.Focused, &t.Blurred} {
			f.FocusedButton = f.FocusedButton.Transform(on)
			f.BlurredButton = f.BlurredButton.Transform(off)
		}
	}
	return t
}
