package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// wrapWords breaks s into lines of at most w columns at spaces only (never
// at a hyphen: "us-east-1", "set-clipboard" stay whole); a word wider than
// w (a path, an ARN) is broken after a "/" where it can be, else cut at
// the edge. Widths are display widths, and escape sequences take none.
func wrapWords(s string, w int) string {
	if w <= 0 || ansi.StringWidth(s) <= w {
		return s
	}
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		for _, line := range spaceLines(para, w) {
			for ansi.StringWidth(line) > w {
				head := ansi.Truncate(line, w, "")
				if i := strings.LastIndex(head, "/"); i > 0 && !strings.Contains(line, "\x1b") {
					head = head[:i+1] // a path: after its last separator that fits
					lines, line = append(lines, head), line[len(head):]
					continue
				}
				lines = append(lines, head)
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
