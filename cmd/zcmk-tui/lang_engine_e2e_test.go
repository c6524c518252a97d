package main

import (
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

var (
	// missingID is how a message id missing from a catalogue shows.
	missingID = regexp.MustCompile(`![a-z]+\.[a-z0-9.-]+`)
	// keyARN is a whole key ARN of the emulator's account.
	keyARN = regexp.MustCompile(`arn:aws:kms:[a-z0-9-]+:123456789012:key/mrk-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	// kana is any hiragana or katakana.
	kana = regexp.MustCompile(`[\p{Hiragana}\p{Katakana}]`)
)

// checkLayout fails on a missing id, a line wider than 100 display columns,
// or a line without an ARN wider than 80.
func checkLayout(t *testing.T, what, out string) {
	t.Helper()
	if m := missingID.FindString(out); m != "" {
		t.Errorf("%s: missing message %s:\n%s", what, m, out)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "http://127.0.0.1:") {
			continue // the endpoint warning, with the emulator's URL
		}
		w := i18n.Width(l)
		if w > 100 || w > 80 && !strings.Contains(l, "arn:") {
			t.Errorf("%s: line of %d columns:\n%s", what, w, l)
		}
	}
}

// The CLI in Japanese against the emulator: plan, setup, verify and a drill
// speak Japanese, show every ARN whole, and fit the terminal; the same
// commands in an English locale say what they always said.
func TestJapaneseCLI(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	stateFile := filepath.Join(t.TempDir(), "session.json")
	ja := []string{"LANG=ja_JP.UTF-8"}
	keys := []string{"--region", "ap-northeast-1", "--replica-region", "ap-northeast-3"}
	for _, c := range []struct {
		name string
		args []string
		want []string // Japanese that must be there
		code int
	}{
		{"plan", append([]string{"plan"}, keys...), []string{"プライマリ", "新しいキー", "対称のマルチリージョンキー (mrk-) を作成します", "件の変更を予定しています"}, 0},
		{"setup", append([]string{"setup", "--yes", "--state-file", stateFile}, keys...), []string{"Zoom への許可を確認しました", "Zoom ウェブポータルに貼り付けるキーの ARN (Configure Customer Managed Key)", "次の手順"}, 0},
		{"setup again", append([]string{"setup", "--yes", "--state-file", stateFile}, keys...), []string{"変更はありません"}, 0},
		{"verify", []string{"verify", "--cloudtrail", "--state-file", stateFile}, []string{"自動キーローテーションは有効です", "このエンドポイントは GetKeyLastUsage に対応していません", "2 リージョンで", "注: "}, 0},
		{"drill", []string{"drill", "--scope", "all", "--duration", "2s", "--yes", "--state-file", stateFile}, []string{"キー停止ドリル", "予想される影響", "全面停止", "再び有効化", "ドリル後の確認"}, 0},
		{"bad input", []string{"setup", "--yes", "--region", "ap-northeast-1", "--replica-region", "ap-northeast-1"}, []string{"レプリカリージョン ap-northeast-1 はプライマリリージョンと同じです", "使い方は"}, 2},
		{"no credentials", []string{"verify", "--key", "alias/zoom-cmk", "--region", "ap-northeast-1"}, nil, 1},
	} {
		env := ja
		if c.name == "no credentials" {
			env = append(env, "AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_EC2_METADATA_DISABLED=true")
		}
		r := zcmk(t, env, c.args...)
		out := r.stdout + r.stderr
		unwrapped := regexp.MustCompile(`\n +`).ReplaceAllString(out, "")
		if r.code != c.code {
			t.Fatalf("%s: exit %d, want %d\n%s", c.name, r.code, c.code, out)
		}
		for _, w := range c.want {
			if !strings.Contains(unwrapped, w) {
				t.Errorf("%s: no %q in:\n%s", c.name, w, out)
			}
		}
		if !kana.MatchString(out) {
			t.Errorf("%s: no Japanese in:\n%s", c.name, out)
		}
		for _, english := range []string{"Nothing was changed", "Key ARNs to paste", "What to expect", "fix: ", "Preflight:", "could not", "Run 'zcmk-tui --help'"} {
			if strings.Contains(out, english) {
				t.Errorf("%s: English %q in the Japanese output:\n%s", c.name, english, out)
			}
		}
		checkLayout(t, c.name, out)
		// Every ARN is whole: as many whole ARNs as "arn:aws:kms:", each on
		// one line; setup lists the two to paste into the portal.
		if n, whole := strings.Count(out, "arn:aws:kms:"), len(keyARN.FindAllString(out, -1)); n != whole {
			t.Errorf("%s: %d ARNs, %d of them whole:\n%s", c.name, n, whole, out)
		}
		if c.name == "setup" {
			for _, region := range []string{"ap-northeast-1", "ap-northeast-3"} {
				if !regexp.MustCompile(`\n    arn:aws:kms:` + region + `:123456789012:key/mrk-[0-9a-f-]{36}\n`).MatchString(r.stdout) {
					t.Errorf("setup: no ARN of %s to paste, on a line of its own:\n%s", region, r.stdout)
				}
			}
		}
	}

	// English: the same commands say what they always said, with no Japanese.
	en := []string{"LANG=en_US.UTF-8"}
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	stateFile = filepath.Join(t.TempDir(), "session.json")
	for _, c := range []struct {
		args []string
		want []string
	}{
		{append([]string{"plan"}, keys...), []string{"ap-northeast-1 (Tokyo): primary, new key", "  + create-key      create a symmetric multi-Region key (mrk-) with the Zoom key policy and tags", "change(s) planned. Nothing was changed (plan)."}},
		{append([]string{"setup", "--yes", "--state-file", stateFile}, keys...), []string{"Zoom grant confirmed, key Enabled", "Key ARNs to paste into the Zoom web portal (Configure Customer Managed Key):", "  primary  ap-northeast-1  arn:aws:kms:ap-northeast-1:"}},
		{[]string{"verify", "--state-file", stateFile}, []string{"  rotation    ok       automatic rotation is on", "OK: 0 failed, 0 warnings, 12 ok, 2 unknown in 2 Regions. Zoom can use the key"}},
		{[]string{"drill", "--scope", "all", "--duration", "2s", "--yes", "--state-file", stateFile}, []string{"What to expect:", "  - FULL OUTAGE:", "✓ enabled again", "Drill restored: started", "Verify after the drill: OK:"}},
		{[]string{"setup", "--yes", "--region", "ap-northeast-1", "--replica-region", "ap-northeast-1"}, []string{"zcmk-tui: replica Region ap-northeast-1 is also the primary Region: a replica must be in another Region", "Run 'zcmk-tui --help'"}},
	} {
		r := zcmk(t, en, c.args...)
		out := r.stdout + r.stderr
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: no %q in:\n%s", c.args[0], w, out)
			}
		}
		if kana.MatchString(out) || missingID.MatchString(out) {
			t.Errorf("%s: Japanese or a missing id in the English output:\n%s", c.args[0], out)
		}
	}
}

// A y/N prompt and the typed alias take the same answers in any language,
// also typed in full width by a Japanese input method; no answer is a no.
func TestAnswers(t *testing.T) {
	for in, want := range map[string]bool{"y\n": true, "yes\n": true, "YES\n": true, "ｙ\n": true, "ｙｅｓ\n": true, "n\n": false, "\n": false, "": false, "はい\n": false} {
		if got, _ := confirm(strings.NewReader(in), io.Discard, ""); got != want {
			t.Errorf("confirm(%q) = %v, want %v", in, got, want)
		}
	}
	for in, want := range map[string]bool{"alias/zoom-cmk\n": true, "ａｌｉａｓ／ｚｏｏｍ－ｃｍｋ\n": true, "alias/zoom\n": false, "": false} {
		if got, _ := confirmTyped(strings.NewReader(in), io.Discard, "", "alias/zoom-cmk"); got != want {
			t.Errorf("confirmTyped(%q) = %v, want %v", in, got, want)
		}
	}
}
