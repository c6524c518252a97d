package look

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWrapWordsNeverAtHyphens(t *testing.T) {
	got := WrapWords("the key in us-east-1 needs set-clipboard on /a/very/long/path/that/is/wider/than/the/limit", 20)
	for _, l := range strings.Split(got, "\n") {
		if ansi.StringWidth(l) > 20 || strings.HasSuffix(l, "-") {
			t.Fatalf("bad line %q in:\n%s", l, got)
		}
	}
	if !strings.Contains(got, "us-east-1") || !strings.Contains(got, "set-clipboard") {
		t.Fatalf("a word was split:\n%s", got)
	}
}

// TestWrapHelpersAtAnyWidth: the breakers end and lose nothing at every
// width, down to a column narrower than a wide character.
func TestWrapHelpersAtAnyWidth(t *testing.T) {
	arn := "arn:aws:kms:ap-northeast-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	texts := []string{"  - " + arn + " (プライマリキー、アジアパシフィック (東京))", "日本語のテキスト abc/def", "ap-east-1       アジア (香港)"}
	for w := 1; w <= 90; w++ {
		for _, s := range texts {
			for name, lines := range map[string][]string{
				"wrapWords": strings.Split(WrapWords(s, w), "\n"), "wrapLines": WrapLines(s, w),
				"hangLines": HangLines(s, w, ListHang(s)), "hangLabel": HangLabel(s, w, 16),
			} {
				if got, want := strings.Join(strings.Fields(strings.Join(lines, "")), ""), strings.Join(strings.Fields(s), ""); got != want {
					t.Fatalf("%s at %d: text lost or changed:\n%q\n%q", name, w, got, want)
				}
				for _, l := range lines {
					if n := ansi.StringWidth(l); n > max(w, 2) {
						t.Fatalf("%s at %d: a line of %d columns: %q", name, w, n, l)
					}
				}
			}
		}
	}
}
