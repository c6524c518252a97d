package ui

import (
	"strings"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
)

// incompleteView is the note on an incomplete set on the ARNs and the
// Zoom-portal steps: the headline as a warning, the finishing command,
// going back to step 3 as the other way, and what exists. Nothing runs
// off the screen: the command breaks at spaces under itself, an ARN
// wider than the screen after its last ":" or "/" that fits.
func (m *painter) incompleteView(w int) string {
	var b strings.Builder
	for i, l := range docs.IncompleteNote(m.f.Cat, m.f.Sess, m.t("incomplete.back"), true) {
		switch {
		case i == 0:
			b.WriteString(m.st.Bad.Render(m.wrap("✗ "+l, w)))
		case strings.HasPrefix(l, "  "):
			b.WriteString(hangText(look.WrapWords(strings.TrimLeft(l, " "), max(w-2, 10)), "  "))
		case strings.HasPrefix(l, "arn:"):
			b.WriteString(m.st.ARN.Render(look.WrapWords(l, max(w, 10))))
		default:
			b.WriteString(strings.TrimRight(m.wrap(l, w), " "))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// hangText indents every line of s by lead.
func hangText(s, lead string) string {
	return lead + strings.ReplaceAll(s, "\n", "\n"+lead)
}
