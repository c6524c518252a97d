package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// setupForChecklist makes a key pair on the emulator with the given
// environment and returns the session file and the ARNs, primary first.
func setupForChecklist(t *testing.T, env []string, extra ...string) (string, []string) {
	t.Helper()
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	stateFile := filepath.Join(t.TempDir(), "session.json")
	args := append([]string{"setup", "--region", "ap-northeast-1", "--replica-region", "ap-northeast-3", "--yes", "--output", "json", "--state-file", stateFile}, extra...)
	r := zcmk(t, env, args...)
	if r.code != 0 {
		t.Fatalf("setup: exit %d\n%s", r.code, r.stderr)
	}
	j := decode(t, r)
	var arns []string
	for _, k := range j.Keys {
		arns = append(arns, k.ARN)
	}
	return stateFile, arns
}

func sessionLang(t *testing.T, path string) string {
	t.Helper()
	s, err := state.Load(path)
	if err != nil || s == nil {
		t.Fatalf("session: %v", err)
	}
	return s.Lang
}

// checkJapaneseChecklist checks a text checklist in Japanese: Japanese
// texts and Region names, the ARNs whole, no missing message, and no line
// wider than 80 columns but the ARNs' own.
func checkJapaneseChecklist(t *testing.T, out string, arns []string) {
	t.Helper()
	for _, want := range append([]string{
		"Zoom CMK: Zoom ウェブポータルでの手順",
		"プライマリキー、アジアパシフィック (東京) ap-northeast-1",
		"レプリカキー、アジアパシフィック (大阪) ap-northeast-3",
		"詳細設定 > セキュリティ", "「Configure Customer Managed Key」", "Standby",
	}, arns...) {
		if !strings.Contains(out, want) {
			t.Errorf("the Japanese checklist lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "!zoom.") || strings.Contains(out, "!region.") || strings.Contains(out, "Paste the key ARNs") {
		t.Errorf("untranslated text:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if w := ansi.StringWidth(line); w > 80 && !strings.HasPrefix(strings.TrimSpace(line), "arn:") {
			t.Errorf("line of %d columns: %q", w, line)
		}
	}
}

func TestChecklistInJapanese(t *testing.T) {
	jaEnv := []string{"LANG=ja_JP.UTF-8"}
	stateFile, arns := setupForChecklist(t, jaEnv)
	if got := sessionLang(t, stateFile); got != "ja" {
		t.Errorf("the session file records language %q, want ja", got)
	}

	byLocale := zcmk(t, jaEnv, "checklist", "--state-file", stateFile)
	if byLocale.code != 0 {
		t.Fatalf("exit %d\n%s", byLocale.code, byLocale.stderr)
	}
	checkJapaneseChecklist(t, byLocale.stdout, arns)

	byFlag := zcmk(t, nil, "checklist", "--lang", "ja", "--state-file", stateFile)
	if byFlag.code != 0 || byFlag.stdout != byLocale.stdout {
		t.Errorf("--lang ja differs from LANG=ja_JP.UTF-8 (exit %d):\n%s", byFlag.code, byFlag.stdout)
	}
	byLCMessages := zcmk(t, []string{"LANG=en_US.UTF-8", "LC_MESSAGES=ja_JP.UTF-8"}, "checklist", "--state-file", stateFile)
	if byLCMessages.stdout != byLocale.stdout {
		t.Errorf("LC_MESSAGES=ja_JP.UTF-8 is not Japanese:\n%s", byLCMessages.stdout)
	}

	md := zcmk(t, jaEnv, "checklist", "--format", "markdown", "--state-file", stateFile)
	if md.code != 0 {
		t.Fatalf("markdown: exit %d\n%s", md.code, md.stderr)
	}
	for _, want := range []string{
		"# Zoom CMK: Zoom ウェブポータルでの手順",
		"- プライマリキー、アジアパシフィック (東京) ap-northeast-1: `" + arns[0] + "`",
		"- レプリカキー、アジアパシフィック (大阪) ap-northeast-3: `" + arns[1] + "`",
		"- [ ] **1. キー ARN を Zoom ウェブポータルに貼り付ける**",
		"「Configure Customer Managed Key」",
	} {
		if !strings.Contains(md.stdout, want) {
			t.Errorf("the Japanese runbook lacks %q:\n%s", want, md.stdout)
		}
	}
	if strings.Contains(md.stdout, "!zoom.") {
		t.Errorf("missing message in the runbook:\n%s", md.stdout)
	}
}

// --lang en, a C locale, or no locale at all give the English checklist as
// it always was (zoom's English rendering is pinned to golden files).
func TestChecklistInEnglishUnchanged(t *testing.T) {
	stateFile, arns := setupForChecklist(t, nil, "--lang", "en")
	if got := sessionLang(t, stateFile); got != "en" {
		t.Errorf("the session file records language %q, want en", got)
	}
	for _, format := range []string{"text", "markdown"} {
		want, err := zoom.RenderChecklist(i18n.NewPrinter(i18n.English), format, arns, nil)
		if err != nil {
			t.Fatal(err)
		}
		for name, env := range map[string][]string{
			"--lang en with LANG=ja_JP.UTF-8": {"LANG=ja_JP.UTF-8"},
			"LC_ALL=C LANG=ja_JP.UTF-8":       {"LC_ALL=C", "LANG=ja_JP.UTF-8"},
			"no locale":                       nil,
			"LANG=en_US.UTF-8":                {"LANG=en_US.UTF-8"},
		} {
			args := []string{"checklist", "--format", format, "--state-file", stateFile}
			if strings.HasPrefix(name, "--lang") {
				args = append(args, "--lang", "en")
			}
			r := zcmk(t, env, args...)
			if r.code != 0 || r.stdout != want {
				t.Errorf("%s, %s: exit %d, output differs from the English checklist:\n%s", name, format, r.code, r.stdout)
			}
		}
	}
	golden, err := os.ReadFile("../../internal/zoom/testdata/checklist-noarns.en.txt")
	if err != nil {
		t.Fatal(err)
	}
	// A session without keys: the checklist with its placeholder.
	empty := filepath.Join(t.TempDir(), "none.json")
	r := zcmk(t, []string{"LC_ALL=C", "LANG=ja_JP.UTF-8"}, "checklist", "--state-file", empty)
	want := strings.ReplaceAll(string(golden), "[x]", "[ ]")
	if r.code != 0 || r.stdout != want {
		t.Errorf("checklist without a session: exit %d\n%s", r.code, r.stdout)
	}
}

func TestLangFlagAndUsageErrorsInJapanese(t *testing.T) {
	url, calls := counting(t)
	env := []string{"AWS_ENDPOINT_URL=" + url, "LANG=ja_JP.UTF-8"}

	r := zcmk(t, env, "plan", "--lang", "de", "--region", "us-east-1")
	if r.code != 2 || !strings.Contains(r.stderr, `--lang "de"`) || !strings.Contains(r.stderr, "en or ja") {
		t.Errorf("--lang de: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "使い方は 'zcmk-tui --help'") {
		t.Errorf("the usage line is not in the locale's language:\n%s", r.stderr)
	}

	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"checklist", "--format", "pdf"}, []string{`--format "pdf" には対応していません`, "使い方は"}},
		{[]string{"--output", "xml", "checklist"}, []string{`--output "xml" には対応していません`}},
		{[]string{"policy", "--account-id", "1234"}, []string{`--account-id: アカウント ID "1234" は正しくありません`}},
		{[]string{"policy", "--account-id", "123456789012", "--partition", "aws-us-gov"}, []string{"パーティションは aws-us-gov ですが", "--zoom-account-id"}},
		{[]string{"plan", "--region", "tokyo"}, []string{`リージョン "tokyo" は不明です。"ap-northeast-1" (アジアパシフィック (東京)) のことですか？`}},
		{[]string{"plan", "--region", "us-east-1", "--endpoint-url", "http://example.com"}, []string{"暗号化されていない http は"}},
	} {
		r := zcmk(t, env, tc.args...)
		if r.code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", tc.args, r.code, r.stderr)
		}
		for _, w := range tc.want {
			// Long errors are wrapped to the terminal: compare the words.
			if squash := func(s string) string { return strings.Join(strings.Fields(s), "") }; !strings.Contains(squash(r.stderr), squash(w)) {
				t.Errorf("%v: stderr lacks %q:\n%s", tc.args, w, r.stderr)
			}
		}
		// The same in English with --lang en.
		en := zcmk(t, env, append(tc.args, "--lang", "en")...)
		if en.code != 2 || strings.ContainsAny(en.stderr, "はがをの") || !strings.Contains(en.stderr, "Run 'zcmk-tui --help'") {
			t.Errorf("%v --lang en: exit %d\n%s", tc.args, en.code, en.stderr)
		}
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d AWS calls for bad input", n)
	}

	// JSON stays language-independent: the message is English.
	r = zcmk(t, env, "policy", "--account-id", "1234", "--output", "json")
	var j struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil || !strings.Contains(r.stdout, "is not valid: an AWS account ID is exactly 12 digits") {
		t.Errorf("JSON error not in English (%v):\n%s", err, r.stdout)
	}
}

// The support ticket goes to Zoom support in English while the change
// record is Japanese: --lang chooses, whatever the locale.
func TestTicketInEitherLanguage(t *testing.T) {
	jaEnv := []string{"LANG=ja_JP.UTF-8"}
	stateFile, arns := setupForChecklist(t, jaEnv)
	en := zcmk(t, jaEnv, "checklist", "--ticket", "--lang", "en", "--zoom-account", "12345678", "--groups", "Legal, HR", "--state-file", stateFile)
	if want := zoom.RenderSupportTicket(i18n.NewPrinter(i18n.English), "12345678", zoom.ZoomAccountID, arns, "Legal, HR"); en.code != 0 || en.stdout != want {
		t.Errorf("English ticket: exit %d\n%s", en.code, en.stdout)
	}
	ja := zcmk(t, jaEnv, "checklist", "--ticket", "--state-file", stateFile)
	for _, want := range []string{"件名: Customer Managed Key:", "Zoom サポート ご担当者様", "<Zoom のアカウント番号>",
		arns[0] + " (プライマリキー、アジアパシフィック (東京) ap-northeast-1)", arns[1] + " (レプリカキー、アジアパシフィック (大阪) ap-northeast-3)",
		"arn:aws:iam::409910850980:root"} {
		if ja.code != 0 || !strings.Contains(ja.stdout, want) {
			t.Errorf("Japanese ticket lacks %q (exit %d):\n%s", want, ja.code, ja.stdout)
		}
	}
}
