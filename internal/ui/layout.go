package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// Wrapping with wide characters. Text in English wraps as lipgloss wraps
// it (at spaces, by cells). Text with East Asian wide characters wraps at
// the break opportunities of Unicode line breaking (i18n.Wrap): never before
// 。、）」 and the like, never inside a Latin word, a command or an ARN; a
// word longer than the line is then cut by cells, so that no line is wider
// than the screen.

// hasWide reports whether s holds a character two columns wide.
func hasWide(s string) bool {
	for _, r := range s {
		if r >= 0x1100 && i18n.Width(string(r)) >= 2 {
			return true
		}
	}
	return false
}

// wrapLines breaks plain text s (no escape sequences) into lines of at most
// width columns, keeping its own line breaks.
func wrapLines(s string, width int) []string {
	width = max(width, 1)
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if !hasWide(para) {
			out = append(out, strings.Split(ansi.Wrap(para, width, ""), "\n")...)
			continue
		}
		lead := para[:len(para)-len(strings.TrimLeft(para, " "))]
		for _, l := range i18n.Wrap(para, max(width-len(lead), 1)) {
			l = lead + l
			if i18n.Width(l) > width && i18n.Width(strings.TrimLeft(l, " ")) <= width {
				l = strings.TrimLeft(l, " ") // a long word, an ARN: whole rather than indented
			}
			if i18n.Width(l) > width {
				out = append(out, strings.Split(ansi.Hardwrap(l, width, true), "\n")...)
				continue
			}
			out = append(out, l)
		}
	}
	return out
}

// hangLine fits a line to the body's width: what passes the edge goes on
// the next lines, indented by ind columns (under the text after a first
// column), broken at spaces (at the break opportunities of text with wide
// characters). When the first column takes more than half the width, the
// whole line breaks, its next lines indented by four. A line that fits stays as
// it is.
func (m *painter) hangLine(line string, ind int) string {
	w := m.wrapW
	if w <= 0 || ansi.StringWidth(line) <= w {
		return line
	}
	head, rest := "", line
	if ind <= w/2 {
		// By cells on both sides: a styled head is not a byte prefix
		// of the line (Truncate closes its styles).
		head = ansi.Truncate(line, ind, "")
		rest = strings.TrimLeft(ansi.TruncateLeft(line, ind, ""), " ")
	} else {
		ind = 4
	}
	if hasWide(rest) {
		rest = ansi.Strip(rest) // wrapLines breaks plain text
	}
	var b strings.Builder
	for i, l := range strings.Split(m.fitText(rest, w-ind), "\n") {
		if i == 0 {
			b.WriteString(head + l)
			continue
		}
		b.WriteString("\n" + strings.Repeat(" ", ind) + l)
	}
	return b.String()
}

// fw fits a form's title or description with wide characters to the
// form: huh wraps by cells, so the text is broken here first, at its break
// opportunities, to a width that fits any window of 80 columns or more.
// Other text is huh's to wrap.
func (m *painter) fw(s string) string {
	if !hasWide(s) {
		return s
	}
	w := m.wrapW
	if w <= 0 || w > 80 {
		w = 80
	}
	return strings.Join(wrapLines(s, w-4), "\n")
}

// wrap fits s to width columns (at least 10), each line padded to the
// width as lipgloss pads it. Text with wide characters wraps at its break
// opportunities (wrapLines); other text as lipgloss wraps it. A styled
// lead (a title before the text) is given apart, so that the text wraps as
// plain text and the lead is styled afterwards.
func (m *painter) wrap(s string, width int) string {
	return m.wrapLead(nil, "", s, width)
}

// wrapLead is wrap of lead + " " + s, with lead drawn in style st.
func (m *painter) wrapLead(st *lipgloss.Style, lead, s string, width int) string {
	width = max(width, 10)
	plain := s
	if lead != "" {
		plain = lead + " " + s
	}
	if !hasWide(plain) || strings.Contains(plain, "\x1b") {
		if lead != "" && st != nil {
			plain = st.Render(lead) + " " + s
		}
		return lipgloss.NewStyle().Width(width).Render(plain)
	}
	lines := wrapLines(plain, width)
	for i, l := range lines {
		if i == 0 && lead != "" && st != nil && strings.HasPrefix(l, lead) {
			l = st.Render(lead) + l[len(lead):]
		}
		lines[i] = l + strings.Repeat(" ", max(width-ansi.StringWidth(l), 0))
	}
	return strings.Join(lines, "\n")
}

// fitErr pre-wraps the errors of a form field's validation at word
// boundaries to the form's width: huh wraps them by cells and after
// hyphens ("us-\neast-1"), splitting a word or a Region code.
func fitErr[T any](m *painter, fn func(T) error) func(T) error {
	return func(v T) error {
		err := fn(v)
		if err == nil {
			return nil
		}
		return fittedErr{err: err, text: m.fitText(err.Error(), m.errWidth())}
	}
}

// errWidth is the width of a form's error line: the form's, less huh's
// " * " before it and a margin.
func (m *painter) errWidth() int {
	w := m.wrapW
	if w <= 0 || w > 80 {
		w = 80
	}
	return max(w-4, 10)
}

// fitText wraps s to w columns at word boundaries (at break
// opportunities in text with wide characters), never inside a word, a
// Region code or an ARN that fits the width.
func (m *painter) fitText(s string, w int) string {
	if hasWide(s) {
		return strings.Join(wrapLines(s, w), "\n")
	}
	return wrapWords(s, w)
}

// fittedErr is an error whose text is wrapped for the screen; errors.Is
// and As still see the error it wraps.
type fittedErr struct {
	err  error
	text string
}

func (e fittedErr) Error() string { return e.text }
func (e fittedErr) Unwrap() error { return e.err }
