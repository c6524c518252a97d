package main

import (
	"strings"
	"testing"
	"time"
)

// TestWizardInTmuxResumedCLIKeptKeyIsNamed: a session made by `setup`,
// resumed in the real binary in a real terminal; keeping its key at
// "Which key?", the summary over the replica list and over the key
// questions name the kept key (with its alias), never a new key, in
// English and in Japanese.
func TestWizardInTmuxResumedCLIKeptKeyIsNamed(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			dir, _, s := setupSession(t, "ap-northeast-1", "ap-northeast-3")
			id := s.Keys[0].KeyID
			kept, newKey, which, replicas, step3 := "Key kept from this session:", "New multi-Region key", "Which key?", "Replica Regions for", "Step 3 of 7"
			if lang == "ja" {
				kept, newKey, which, replicas, step3 = "このセッションで設定したキーを使い続けます", "新しいマルチリージョンキー、", "どのキーを使いますか", "のレプリカリージョン", "ステップ 3/7"
			}
			p := newTmuxPane(t, 100, 30, wizardScriptIn(t, dir, nil, "--lang", lang))
			p.waitFor(15*time.Second, "ap-northeast-1")
			p.keys("Enter", "Enter", "Enter", "Enter")
			p.waitFor(15*time.Second, which, id)
			p.keys("Enter") // keep the key: its primary Region is not asked (it cannot change)
			screen := p.waitFor(5*time.Second, replicas, kept, id, "(alias/zoom-cmk)")
			if strings.Contains(screen, newKey) {
				t.Errorf("the replica list says a new key although %s is kept:\n%s", id, screen)
			}
			p.keys("Enter")
			screen = p.waitFor(5*time.Second, step3, kept, id)
			if strings.Contains(screen, newKey) {
				t.Errorf("step 3 says a new key although %s is kept:\n%s", id, screen)
			}
			p.keys("C-c")
			p.waitFor(5*time.Second, "EXIT=130")
		})
	}
}
