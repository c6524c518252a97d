package look

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

// Styles are built once per model from the default lipgloss renderer, so a
// colour profile set before New (NO_COLOR, TERM=dumb, tests' Ascii) applies.
// Every style that carries meaning also carries a mark that survives without
// colour (✓, ✗, ▸, »), so nothing is told by colour alone.
type Styles struct {
	Header, HeaderStep, StepDone, StepNow, StepTodo lipgloss.Style
	Title, Muted, OK, Bad, Warn, Accent, ARN, Sel   lipgloss.Style
	ZoomLine, DiffAdd, DiffDel, Box, ErrBox, Dry    lipgloss.Style
}

// NewStyles builds the styles from the default lipgloss renderer.
func NewStyles() Styles {
	accent := lipgloss.AdaptiveColor{Light: "#5A3FD1", Dark: "#9D8CFF"}
	green := lipgloss.AdaptiveColor{Light: "#137A2E", Dark: "#5FD787"}
	red := lipgloss.AdaptiveColor{Light: "#B3261E", Dark: "#FF6B6B"}
	yellow := lipgloss.AdaptiveColor{Light: "#8A5A00", Dark: "#FFD166"}
	grey := lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8A8A8A"}
	return Styles{
		Header:     lipgloss.NewStyle().Bold(true),
		HeaderStep: lipgloss.NewStyle().Bold(true).Foreground(accent),
		StepDone:   lipgloss.NewStyle().Foreground(green),
		StepNow:    lipgloss.NewStyle().Bold(true).Underline(true).Foreground(accent),
		StepTodo:   lipgloss.NewStyle().Foreground(grey),
		Title:      lipgloss.NewStyle().Bold(true),
		Muted:      lipgloss.NewStyle().Foreground(grey),
		OK:         lipgloss.NewStyle().Foreground(green),
		Bad:        lipgloss.NewStyle().Foreground(red),
		Warn:       lipgloss.NewStyle().Foreground(yellow),
		Accent:     lipgloss.NewStyle().Foreground(accent),
		ARN:        lipgloss.NewStyle().Bold(true),
		Sel:        lipgloss.NewStyle().Bold(true).Foreground(accent),
		ZoomLine:   lipgloss.NewStyle().Bold(true).Foreground(yellow),
		DiffAdd:    lipgloss.NewStyle().Foreground(green),
		DiffDel:    lipgloss.NewStyle().Foreground(red),
		Box:        lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1),
		ErrBox:     lipgloss.NewStyle().Border(lipgloss.NormalBorder(), false, false, false, true).BorderForeground(red).PaddingLeft(1),
		Dry:        lipgloss.NewStyle().Bold(true).Foreground(yellow),
	}
}

// FormTheme is huh's theme for the embedded forms. Without colour
// (NO_COLOR, TERM=dumb) the chosen button of a yes/no question would look
// like the other one, so it gets brackets.
func FormTheme() *huh.Theme {
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

// SelectMarks and MultiMarks are the columns huh draws before an option's
// label: the cursor; in a multi-select the tick too.
func SelectMarks() int { return lipgloss.Width(FormTheme().Focused.SelectSelector.String()) }

func MultiMarks() int {
	t := FormTheme().Focused
	return lipgloss.Width(t.MultiSelectSelector.String()) +
		max(lipgloss.Width(t.SelectedPrefix.String()), lipgloss.Width(t.UnselectedPrefix.String()))
}

// FieldFrame is the columns huh takes from a field's width before its
// text: the focus bar and its padding.
func FieldFrame() int { return FormTheme().Focused.Base.GetHorizontalFrameSize() }
