package zoom

import (
	"strings"
	"unicode"

	"github.com/rivo/uniseg"
)

// wrap breaks s into lines of at most width terminal columns where possible
// (a single word or ARN wider than width stays whole on its own line).
//
// It breaks at the line-break opportunities of UAX #14 (so never before 。、）」
// nor inside a Latin word), but only at a space or next to a wide (East
// Asian) character: never after a hyphen or a slash in Latin text, so that
// "zcmk-tui" or "e-mail" stay whole, and English text wraps as it always did.
func wrap(s string, width int) []string {
	var lines []string
	var line strings.Builder
	w := 0
	flush := func() {
		if t := strings.TrimRight(line.String(), " "); t != "" {
			lines = append(lines, t)
		}
		line.Reset()
		w = 0
	}
	// chunk gathers UAX #14 segments up to a break we accept.
	var chunk strings.Builder
	state := -1
	rest := strings.Join(strings.Fields(s), " ")
	for rest != "" {
		var seg string
		seg, rest, _, state = uniseg.FirstLineSegmentInString(rest, state)
		chunk.WriteString(seg)
		if rest != "" && !acceptBreak(seg, rest) {
			continue
		}
		c := chunk.String()
		chunk.Reset()
		cw := uniseg.StringWidth(strings.TrimRight(c, " "))
		if w > 0 && w+cw > width {
			flush()
		}
		line.WriteString(c)
		w += uniseg.StringWidth(c)
	}
	flush()
	return lines
}

// acceptBreak says whether a line may break between seg and rest: after a
// space, or where a wide character is on either side.
func acceptBreak(seg, rest string) bool {
	if strings.HasSuffix(seg, " ") {
		return true
	}
	last := []rune(seg)
	return isWide(last[len(last)-1]) || isWide([]rune(rest)[0])
}

func isWide(r rune) bool {
	return uniseg.StringWidth(string(r)) == 2 && !unicode.IsSpace(r)
}
