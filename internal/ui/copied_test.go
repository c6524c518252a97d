package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/ui/look"
)

// "copied" is said honestly: OSC 52 is mentioned only when it was sent.
func TestOnCopiedSaysOSC52OnlyWhenSent(t *testing.T) {
	m := New(Config{Engine: &stubEngine{}})
	m.onCopied(copiedMsg{native: true})
	if strings.Contains(m.flash, "OSC 52") || !strings.Contains(m.flash, "Copied to the clipboard") {
		t.Errorf("native only: %q", m.flash)
	}
	m.onCopied(copiedMsg{native: true, osc52: true})
	if !strings.Contains(m.flash, "OSC 52") {
		t.Errorf("native and OSC 52: %q", m.flash)
	}
}

// Inside tmux the sequence goes plain (taken with set-clipboard on) and
// wrapped for passthrough (allow-passthrough on); inside screen, wrapped for
// screen; elsewhere, plain.
func TestOSC52ForTmuxAndScreen(t *testing.T) {
	plain := "\x1b]52;c;YXJu\a" // base64("arn")
	t.Setenv("STY", "")
	t.Setenv("TMUX", "")
	if got := osc52("arn"); got != plain {
		t.Errorf("plain terminal: %q", got)
	}
	t.Setenv("TMUX", "/tmp/tmux-0/default,1,0")
	if got := osc52("arn"); got != plain+"\x1bPtmux;\x1b"+plain+"\x1b\\" {
		t.Errorf("tmux: %q", got)
	}
	t.Setenv("TMUX", "")
	t.Setenv("STY", "1234.pts-0.host")
	if got := osc52("arn"); !strings.HasPrefix(got, "\x1bP") || !strings.Contains(got, "52;c;YXJu") {
		t.Errorf("screen: %q", got)
	}
}

// Issue 26: the clipboard notice wraps like the other texts at the width,
// Japanese at its break opportunities (not cut at spaces and edges into
// ragged lines), and every line but the last is full to within a word.
func TestClipboardNoticeWrapsLikeTheOtherTexts(t *testing.T) {
	for _, w := range []int{60, 80} {
		hn := jaHarness(t, &stubEngine{}, nil, w, 24)
		for _, msg := range []copiedMsg{{osc52: true, mux: "tmux"}, {osc52: true, mux: "screen"}, {osc52: true}} {
			hn.m.onCopied(msg)
			plain := ansi.Strip(hn.m.flash)
			got := strings.Split(ansi.Strip(hn.m.viewFooter()), "\n")
			want := look.Lines(plain, w)
			if len(got) < len(want) || strings.Join(got[:len(want)], "\n") != strings.Join(want, "\n") {
				t.Errorf("%d columns, %+v: the notice reads\n%s\nwant\n%s", w, msg, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			for i, l := range want[:len(want)-1] {
				if n := ansi.StringWidth(l); n < w-12 {
					t.Errorf("%d columns: line %d is ragged (%d columns): %q", w, i+1, n, l)
				}
			}
		}
	}
}
