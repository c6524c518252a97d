package i18n

import (
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	arn := "arn:aws:kms:ap-northeast-1:123456789012:key/mrk-1234567890abcdef1234567890abcdef"
	for _, c := range []struct {
		in    string
		width int
	}{
		{"キーポリシーを読み取れません。プライマリキーを先に修正してから、verify をもう一度実行してください。", 30},
		{"レプリカキーの ARN " + arn + " を Zoom ポータルに登録してください。", 40},
		{"aws kms enable-key-rotation --key-id mrk-1234 --region ap-northeast-3 (ローテーションしても ARN は変わりません)", 24},
	} {
		lines := Wrap(c.in, c.width)
		if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(c.in, " ", "") {
			t.Errorf("text lost:\n%q\n%q", got, c.in)
		}
		for _, l := range lines {
			if Width(l) > c.width && !strings.Contains(l, arn) {
				t.Errorf("line wider than %d: %q", c.width, l)
			}
			if strings.HasPrefix(l, "。") || strings.HasPrefix(l, "、") || strings.HasPrefix(l, ")") || strings.HasPrefix(l, "）") {
				t.Errorf("line starts with closing punctuation: %q", l)
			}
		}
		for _, word := range []string{arn, "enable-key-rotation", "ap-northeast-3", "mrk-1234", "verify"} {
			if strings.Contains(c.in, word) && !strings.Contains(strings.Join(lines, "\n"), word) {
				t.Errorf("%q was split: %q", word, lines)
			}
		}
	}
	if got := Wrap("the quick brown fox jumps over", 10); strings.Join(got, "|") != "the quick|brown fox|jumps over" {
		t.Errorf("English: %q", got)
	}
	if w := Width("キー abc"); w != 8 {
		t.Errorf("Width = %d", w)
	}
	if p := Pad("警告", 7); p != "警告   " {
		t.Errorf("Pad = %q", p)
	}
}

// A line may always break after a space: a path after a particle ("を
// /tmp/…") goes to the next line whole, the particle stays with its word
// (Unicode's rule against a break before "/" kept "を" with the path).
func TestWrapBreaksAfterASpaceBeforeAPath(t *testing.T) {
	got := Wrap("✓ 作業手順書を /tmp/records/zoom-cmk-runbook-20261128-120000.en.md に書き出しました", 60)
	if len(got) < 2 || got[0] != "✓ 作業手順書を" || !strings.HasPrefix(got[1], "/tmp/records/") {
		t.Errorf("Wrap = %q; want the path whole at the start of the second line, を on the first", got)
	}
}
