package i18n

import (
	"strings"
	"testing"
	"unicode"
)

// issue 26: the Japanese catalogue speaks of the runbook as 作業手順書 only
// (the domain note; never ランブック nor a bare 手順書), uses the full-width ？
// in Japanese sentences, and an entry of more than one sentence ends its last
// sentence with 。 too. Single-clause entries (error summaries, labels) are
// composed into larger lines by the faces and are not checked for 。.
func TestJapaneseCatalogueStyle(t *testing.T) {
	// Entries whose last sentence is deliberately left open: none today.
	allow := map[string]string{}
	ends := []string{"ます", "です", "ません", "ました", "ください", "でした"}
	for id, v := range CatalogueOf(Japanese) {
		if strings.Contains(v, "ランブック") {
			t.Errorf("%s: ランブック (use 作業手順書): %q", id, v)
		}
		if n, m := strings.Count(v, "手順書"), strings.Count(v, "作業手順書"); n != m {
			t.Errorf("%s: 手順書 without 作業: %q", id, v)
		}
		if strings.Contains(v, "読み戻") {
			t.Errorf("%s: calque 読み戻す: %q", id, v)
		}
		rs := []rune(v)
		for i, r := range rs {
			if r == '?' && i > 0 && japanese(rs[i-1]) {
				t.Errorf("%s: half-width ? in Japanese text: %q", id, v)
				break
			}
		}
		if _, ok := allow[id]; ok || !strings.Contains(v, "。") || strings.HasSuffix(v, " ") {
			continue
		}
		for _, e := range ends {
			if strings.HasSuffix(strings.TrimRight(v, "\n"), e) {
				t.Errorf("%s: the last sentence lacks 。: %q", id, v)
				break
			}
		}
	}
	// A template that ends a sentence after an argument that is one does
	// not print 。。.
	p := NewPrinter(Japanese)
	if got := p.T("verify.cloudtrail.denied", "失敗しました。", "次へ"); strings.Contains(got, "。。") {
		t.Errorf("doubled 。: %q", got)
	}
}

func japanese(r rune) bool {
	return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || r == 'ー'
}
