package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
)

// ExitNote is said after the exit summary when a stop cut a key-creating
// call off mid-way: the key may exist although the session does not name
// it, and a rerun finds it by its tag instead of making another.
func (m *Model) ExitNote() string { return m.cutOffNote(m.cutOff) }

// cutCalls are the key-creating calls a stop cut off mid-way.
type cutCalls = []setup.CutCall

// cutOffNote says that the stop cut the calls cut off mid-way (none: "").
// Both faces say it; which calls is the engine's rule (setup.InFlight).
func (m *painter) cutOffNote(cut []setup.CutCall) string {
	if len(cut) == 0 {
		return ""
	}
	names := make([]string, len(cut))
	for i, c := range cut {
		names[i] = m.t("exit.cutoff.call", m.actionLabel(c.Action), m.region(c.Region))
	}
	// The exact command that finishes the job, indented (kept whole).
	return m.t("exit.cutoff.finish", strings.Join(names, ", ")) + "\n  " + docs.FinishCommand(m.f.Sess) + "\n"
}

// FitExit wraps the exit summary's lines to a terminal of width columns at
// word boundaries, so that the terminal never breaks a word ("c\nontinue")
// or a Region code; a word wider than the terminal (an ARN, a path) and an
// indented command stay whole on their line, for copying. width <= 0
// leaves s as it is.
func FitExit(s string, width int) string {
	if width <= 0 {
		return s
	}
	lines := strings.Split(s, "\n")
	var out []string
	for _, l := range lines {
		if ansi.StringWidth(l) <= width || strings.HasPrefix(l, "  ") {
			// Fits, or an indented command: whole, to copy as one line.
			out = append(out, l)
			continue
		}
		if look.HasWide(l) {
			out = append(out, i18n.Wrap(l, width)...)
			continue
		}
		out = append(out, look.SpaceLines(l, width)...)
	}
	return strings.Join(out, "\n")
}
