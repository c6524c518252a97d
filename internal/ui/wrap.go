package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// wrapWords breaks s into lines of at most w columns at spaces only (never
// at a hyphen: "us-east-1", "set-clipboard" stay whole); a word wider than
// w (a path, an ARN) is cut at the edge. Widths are display widths, and
// escape sequences take none.
func wrapWords(s string, w int) string {
	if w <= 0 || ansi.StringWidth(s) <= w {
		return s
	}
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		for _, line := range spaceLines(para, w) {
			for ansi.StringWidth(line) > w {
				lines = append(lines, ansi.Truncate(line, w, ""))
				line = ansi.TruncateLeft(line, w, "")
			}
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

// spaceLines breaks one paragraph into lines of at most w columns at
// spaces, greedily; a word wider than w stands alone on its line, whole.
func spaceLines(para string, w int) []string {
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

// hangLabel is hangLines for a label made of phrases (a Region's name,
// "(opt-in Region)"): it breaks at spaces only, also in text with wide
// characters, unless a phrase is wider than its line.
func hangLabel(s string, w, hang int) []string {
	return hangWith(s, w, hang, func(body string, w int) []string {
		for _, word := range strings.Fields(body) {
			if ansi.StringWidth(word) > w {
				return textLines(body, w)
			}
		}
		return strings.Split(wrapWords(body, w), "\n")
	})
}

// textLines breaks one paragraph as fitted text breaks: at spaces only,
// text with wide characters at its break opportunities (wrapLines), a
// word wider than the line (an ARN on a narrow screen) cut at the edge.
func textLines(s string, w int) []string {
	if hasWide(s) {
		return wrapLines(s, w)
	}
	return strings.Split(wrapWords(s, w), "\n")
}

func hangWith(s string, w, hang int, brk func(string, int) []string) []string {
	if w <= 0 || ansi.StringWidth(s) <= w {
		return []string{s}
	}
	hang = min(max(hang, 0), w/2)
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
