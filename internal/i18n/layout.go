package i18n

import (
	"strings"
	"unicode"

	"github.com/rivo/uniseg"
)

// Width is the display width of s in a terminal: East Asian wide characters
// count two columns.
func Width(s string) int { return uniseg.StringWidth(s) }

// Pad pads s on the right with spaces to w display columns.
func Pad(s string, w int) string {
	if n := w - Width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// Wrap breaks s into lines of at most width display columns, its white
// space first collapsed to single spaces. Lines break at the opportunities of
// Unicode line breaking (UAX #14: never before 。、）」 and the like), and
// only where mixed Japanese and Latin text breaks naturally: at a space or
// next to a wide character. A Latin word, a command or an ARN is never split;
// one longer than width gets a line of its own.
func Wrap(s string, width int) []string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return []string{""}
	}
	var chunks []string
	cur := ""
	// Word by word: a line may always break after a space (Unicode's rules
	// keep "を /tmp/" together, a path after a particle, as if "/" ended
	// the word before).
	for _, word := range strings.SplitAfter(s, " ") {
		state := -1
		for word != "" {
			var seg string
			seg, word, _, state = uniseg.FirstLineSegmentInString(word, state)
			if cur != "" && !naturalBreak(cur, seg) {
				cur += seg
				continue
			}
			if cur != "" {
				chunks = append(chunks, cur)
			}
			cur = seg
		}
	}
	chunks = append(chunks, cur)

	var lines []string
	line := ""
	for _, c := range chunks {
		if line != "" && Width(strings.TrimRight(line+c, " ")) > width {
			lines = append(lines, strings.TrimRight(line, " "))
			line = ""
		}
		if line == "" {
			c = strings.TrimLeft(c, " ")
		}
		line += c
	}
	return append(lines, strings.TrimRight(line, " "))
}

// naturalBreak reports whether a line may break between before and after:
// after a space, or where a wide character meets the break.
func naturalBreak(before, after string) bool {
	last, _ := lastRune(before)
	first := []rune(after)[0]
	return unicode.IsSpace(last) || wide(last) || wide(first)
}

func lastRune(s string) (rune, bool) {
	r := []rune(s)
	if len(r) == 0 {
		return 0, false
	}
	return r[len(r)-1], true
}

func wide(r rune) bool { return uniseg.StringWidth(string(r)) >= 2 }
