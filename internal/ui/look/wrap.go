package look

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// WrapWords breaks s into lines of at most w columns at spaces only (never
// at a hyphen: "us-east-1", "set-clipboard" stay whole); a word wider than
// w (a path, an ARN) is cut after its last "/" or ":" that fits, so that
// a key ID or a file name stays whole, else at the edge. Widths are
// display widths, and escape sequences take none.
func WrapWords(s string, w int) string {
	if w <= 0 || ansi.StringWidth(s) <= w {
		return s
	}
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		for _, line := range SpaceLines(para, w) {
			for ansi.StringWidth(line) > w {
				head := CutLong(line, w)
				lines = append(lines, head)
				line = ansi.TruncateLeft(line, ansi.StringWidth(head), "")
			}
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

// CutLong is the head of a word wider than w columns that goes on the
// line: up to its last "/" or ":" in the first w columns (at least half
// the line), else the first w columns; never nothing (a character wider
// than the line goes alone).
func CutLong(word string, w int) string {
	head := ansi.Truncate(word, w, "")
	if head == "" {
		_, size := utf8.DecodeRuneInString(word)
		return word[:size]
	}
	if strings.Contains(head, "\x1b") {
		return head
	}
	if i := strings.LastIndexAny(head, "/:"); i >= 0 && ansi.StringWidth(head[:i+1]) >= w/2 {
		return head[:i+1]
	}
	return head
}

// SpaceLines breaks one paragraph into lines of at most w columns at
// spaces, greedily; a word wider than w stands alone on its line, whole.
func SpaceLines(para string, w int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Split(para, " ") {
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= w:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}

// HangLines breaks one line s into lines of at most w columns, the lines
// after the first indented by hang columns. The first hang columns of s
// are its lead, kept as they are with the first word after them: a list
// item's indent and bullet ("  - " never ends a line), a Region's code
// before its name. The rest breaks as Lines breaks it.
func HangLines(s string, w, hang int) []string { return HangWith(s, w, hang, Lines) }

// HangLabel is HangLines for a label made of phrases (a Region's name,
// "(opt-in Region)"): it breaks at spaces only, also in text with wide
// characters, unless a phrase is wider than its line.
func HangLabel(s string, w, hang int) []string {
	return HangWith(s, w, hang, func(body string, w int) []string {
		for _, word := range strings.Fields(body) {
			if ansi.StringWidth(word) > w {
				return Lines(body, w)
			}
		}
		return strings.Split(WrapWords(body, w), "\n")
	})
}

// Lines breaks one paragraph as fitted text breaks: at spaces only,
// text with wide characters at its break opportunities (WrapLines), a
// word wider than the line (an ARN on a narrow screen) cut as CutLong
// cuts it.
func Lines(s string, w int) []string {
	if HasWide(s) {
		return WrapLines(s, w)
	}
	return strings.Split(WrapWords(s, w), "\n")
}

// HangWith is HangLines with brk breaking the text after the lead.
func HangWith(s string, w, hang int, brk func(string, int) []string) []string {
	if w <= 0 || ansi.StringWidth(s) <= w {
		return []string{s}
	}
	hang = min(max(hang, 0), w/2)
	if w-hang < 2 {
		hang = 0 // room for a wide character
	}
	lead := ansi.Truncate(s, hang, "")
	body := strings.TrimLeft(s[len(lead):], " ")
	lead += strings.Repeat(" ", hang-ansi.StringWidth(lead))
	lines := brk(body, w-hang)
	for i := range lines {
		if i == 0 {
			lines[i] = lead + lines[i]
			continue
		}
		lines[i] = strings.Repeat(" ", hang) + lines[i]
	}
	return lines
}

// ListHang is the hanging indent of a line of a plain-text list: under
// the text after its indent and bullet ("  - item" hangs by 4), or under
// an indented line's text.
func ListHang(line string) int {
	lead := len(line) - len(strings.TrimLeft(line, " "))
	for _, b := range []string{"- ", "* ", "• "} {
		if strings.HasPrefix(line[lead:], b) {
			return lead + ansi.StringWidth(b)
		}
	}
	return lead
}

// FitList breaks each line of plain text s (a support ticket: paragraphs,
// indented lines, bulleted lists) to w columns at spaces only, every line
// with its hanging indent (ListHang): a bullet never ends a line, an ARN
// that fits the width is never split.
func FitList(s string, w int) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		out = append(out, HangLines(line, w, ListHang(line))...)
	}
	return strings.Join(out, "\n")
}
