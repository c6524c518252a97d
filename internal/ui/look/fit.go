package look

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// Wrapping with wide characters. Text in English wraps at spaces only
// (WrapWords: never after a hyphen), padded as lipgloss pads it. Text with
// East Asian wide characters wraps at the break opportunities of Unicode
// line breaking (i18n.Wrap): never before 。、）」 and the like, never
// inside a Latin word, a command or an ARN; a word longer than the line is
// then cut (CutLong: after a "/" or ":" if it can), so that no line is
// wider than the screen.

// HasWide reports whether s holds a character two columns wide.
func HasWide(s string) bool {
	for _, r := range s {
		if r >= 0x1100 && i18n.Width(string(r)) >= 2 {
			return true
		}
	}
	return false
}

// WrapLines breaks plain text s (no escape sequences) into lines of at most
// width columns, keeping its own line breaks.
func WrapLines(s string, width int) []string {
	width = max(width, 1)
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if !HasWide(para) {
			// A paragraph without wide characters breaks at spaces only,
			// as WrapWords breaks it (ansi.Wrap would break after a hyphen).
			out = append(out, strings.Split(WrapWords(para, width), "\n")...)
			continue
		}
		lead := para[:len(para)-len(strings.TrimLeft(para, " "))]
		for _, l := range i18n.Wrap(para, max(width-len(lead), 1)) {
			l = lead + l
			if i18n.Width(l) > width && i18n.Width(strings.TrimLeft(l, " ")) <= width {
				l = strings.TrimLeft(l, " ") // a long word, an ARN: whole rather than indented
			}
			for i18n.Width(l) > width {
				// A word wider than the line: after its last "/" or ":"
				// that fits (an ARN's key ID whole), else at the edge.
				head := CutLong(l, width)
				out = append(out, head)
				l = l[len(head):]
			}
			out = append(out, l)
		}
	}
	return out
}

// Fit wraps s to w columns at word boundaries (at break
// opportunities in text with wide characters), never inside a word, a
// Region code or an ARN that fits the width. Styled text is broken as
// its plain text is, and each line keeps the styles of its part.
func Fit(s string, w int) string {
	if strings.Contains(s, "\x1b") {
		paras := strings.Split(s, "\n")
		for i, p := range paras {
			paras[i] = Restyle(p, Fit(ansi.Strip(p), w))
		}
		return strings.Join(paras, "\n")
	}
	return strings.Join(Lines(s, w), "\n")
}

// Restyle gives the lines of fitted, the plain text of the styled line s
// broken into lines (at spaces, which the breaks drop or fold, or between
// characters), the styles s has at the same cells: each line opens the
// styles that are on at its start and closes them at its end, so that a
// part in colour keeps its colour on every line it goes on to (a
// terminal, a viewport or a cut line never carries a style over a line
// break). Should a line hold a character s does not have there (never so
// for WrapWords and WrapLines), fitted is returned plain.
func Restyle(s, fitted string) string {
	src := []rune(ansi.Strip(s))
	lines := strings.Split(fitted, "\n")
	at, col := 0, 0 // the next character of src, and its cell
	for i, l := range lines {
		var b strings.Builder
		seg := -1 // the cell where the run of src being copied starts
		for _, r := range l {
			for at < len(src) && src[at] != r && src[at] == ' ' {
				if seg >= 0 { // a space the break folded: the run ends
					b.WriteString(ansi.Cut(s, seg, col))
					seg = -1
				}
				at, col = at+1, col+1
			}
			if at >= len(src) || src[at] != r {
				return fitted
			}
			if seg < 0 {
				seg = col
			}
			col += ansi.StringWidth(string(r))
			at++
		}
		if seg >= 0 {
			b.WriteString(ansi.Cut(s, seg, col))
		}
		lines[i] = b.String()
	}
	return strings.Join(lines, "\n")
}
