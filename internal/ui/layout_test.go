package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
)

// Japanese text wraps within the width at every width, never starts a line
// with 。、）」, keeps an ARN and a Latin word whole where they fit, and
// English text without hyphens wraps as lipgloss wraps it (at spaces).
func TestWrapLinesWithWideCharacters(t *testing.T) {
	p := CatalogueFor(i18n.Japanese)
	arn := "arn:aws:kms:ap-northeast-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	texts := []string{
		p.T("quit.confirm"), p.T("exit.cutoff", "キーを作成"), p.T("prereq.item.aws.desc"),
		"キー " + arn + " を Zoom ウェブポータルに貼り付けてください。", p.T("copy.osc52"),
	}
	for _, s := range texts {
		for w := 20; w <= 100; w++ {
			lines := look.WrapLines(s, w)
			joined := strings.Join(lines, "")
			for i, l := range lines {
				if ansi.StringWidth(l) > w {
					t.Fatalf("width %d: line %d is %d wide: %q", w, i, ansi.StringWidth(l), l)
				}
				if r := []rune(strings.TrimLeft(l, " ")); len(r) > 0 && strings.ContainsRune("。、）」", r[0]) {
					t.Fatalf("width %d: line %d starts with %q: %q", w, i, r[0], l)
				}
			}
			if w >= ansi.StringWidth(arn) && strings.Contains(s, arn) && !strings.Contains(strings.Join(lines, "\n"), arn) {
				t.Fatalf("width %d: the ARN was split:\n%s", w, strings.Join(lines, "\n"))
			}
			if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(s, " ", "") {
				t.Fatalf("width %d: text lost or changed:\n%q\n%q", w, joined, s)
			}
		}
	}
	var m painter
	en := "Paste these into the Zoom web portal (Configure Customer Managed Key), primary first."
	if got, want := m.wrap(en, 40), lipglossWrap(en, 40); got != want {
		t.Errorf("English wraps differently:\n%q\n%q", got, want)
	}
}

func lipglossWrap(s string, w int) string { return lipgloss.NewStyle().Width(w).Render(s) }

// TestHangLineKeepsStyledText: a coloured line (as a real terminal draws
// it) breaks under itself without losing the words after its first
// column: "⚠ AWS ではありません" lost "AWS " at 80 columns in colour.
func TestHangLineKeepsStyledText(t *testing.T) {
	m := newPainter(flow.New(withDefaults(Config{})))
	for _, text := range []string{
		"⚠ AWS ではありません: 呼び出しの送り先は http://127.0.0.1:50355 です (エンドポイントの上書き)",
		"⚠ not AWS: the calls go to http://127.0.0.1:50355 (endpoint override), never to AWS itself",
	} {
		for _, w := range []int{40, 60, 80} {
			m.wrapW = w
			line := "  \x1b[33m" + text + "\x1b[0m"
			got := ansi.Strip(m.hangLine(line, 4))
			if flat := strings.Join(strings.Fields(got), ""); flat != strings.Join(strings.Fields(text), "") {
				t.Errorf("width %d: the text changed:\n%s", w, got)
			}
			for _, l := range strings.Split(got, "\n") {
				if ansi.StringWidth(l) > w {
					t.Errorf("width %d: %q is wider", w, l)
				}
			}
		}
	}
}
