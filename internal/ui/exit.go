package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// ExitNote is said after the exit summary when a stop cut a key-creating
// call off mid-way: the key may exist although the session does not name
// it, and a rerun finds it by its tag instead of making another.
func (m *Model) ExitNote() string {
	if len(m.cutOff) == 0 {
		return ""
	}
	return m.t("exit.cutoff", strings.Join(m.cutOff, ", ")) + "\n"
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
		if hasWide(l) {
			out = append(out, i18n.Wrap(l, width)...)
			continue
		}
		out = append(out, spaceLines(l, width)...)
	}
	return strings.Join(out, "\n")
}
