package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// noLineStartJa are characters a Japanese line never starts with.
const noLineStartJa = "。、）」』】，．：；？！"

// checkScreenWidth fails t when a captured line is wider than width or
// starts with one of noLineStartJa.
func checkScreenWidth(t *testing.T, screen string, width int) {
	t.Helper()
	for i, l := range strings.Split(screen, "\n") {
		if n := ansi.StringWidth(l); n > width {
			t.Errorf("line %d is %d columns wide (terminal %d): %q", i+1, n, width, l)
		}
		s := strings.TrimLeft(l, " │┃>▸•·")
		if s != "" && strings.ContainsRune(noLineStartJa, []rune(s)[0]) {
			t.Errorf("line %d starts with %q: %q", i+1, []rune(s)[0], l)
		}
		if strings.HasSuffix(strings.TrimRight(l, " "), "…") && ansi.StringWidth(strings.TrimRight(l, " ")) == width {
			t.Errorf("line %d was cut at the edge: %q", i+1, l)
		}
	}
}

// TestWizardInTmuxInJapanese runs the built binary in tmux at 80x24 with
// LANG=ja_JP.UTF-8 against the KMS emulator, through every step to the
// ARNs, and checks the width of every line of every screen it waits for.
func TestWizardInTmuxInJapanese(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LC_ALL", "C.UTF-8") // tmux's own capture in UTF-8
	dir := t.TempDir()
	stateFile := filepath.Join(dir, "session.json")
	scriptPath := wizardScriptIn(t, dir, []string{"LC_ALL=", "LC_MESSAGES=", "LANG=ja_JP.UTF-8"})

	const w, h = 80, 24
	p := newTmuxPane(t, w, h, scriptPath)
	wait := func(timeout time.Duration, want ...string) string {
		t.Helper()
		s := p.waitFor(timeout, want...)
		checkScreenWidth(t, s, w)
		return s
	}
	wait(15*time.Second, "ステップ 1/7: 前提条件", "表示言語: 日本語", "us-east-1 の KMS が応答しました")
	p.keys("Enter", "Enter", "Enter", "Enter")
	wait(5*time.Second, "ステップ 2/7: リージョン", "どのキーを使いますか？")
	p.keys("Enter")
	wait(5*time.Second, "プライマリリージョン", "米国東部 (バージニア北部)")
	p.keys("Enter")
	wait(5*time.Second, "のレプリカリージョン", "米国西部 (オレゴン)", "(推奨)")
	p.keys("Enter")
	// The alias is read first; then the questions of a new key.
	wait(5*time.Second, "ステップ 3/7: キー", "エイリアス (すべてのリージョンに作成", "> alias/zoom-cmk")
	p.keys("Enter")
	wait(5*time.Second, "キーの説明")
	p.keys("Enter", "Enter")
	wait(5*time.Second, "自動キーローテーション")
	p.keys("Enter")
	wait(15*time.Second, "件の変更を適用しますか？", "キーを作成")
	p.keys("Enter")
	// moto copies the alias into the replica Region, so its CreateAlias there is "unchanged": 4 changes made of the 5 planned.
	wait(30*time.Second, "完了: 4 件の変更を行いました。")
	p.keys("Enter")
	wait(5*time.Second, "ステップ 4/7: アラート", "キー一式に改ざん・無効化の通知を設定しますか？")
	p.keys("n") // skipped
	wait(5*time.Second, "改ざん・無効化の通知をスキップしました")
	p.keys("Enter")
	wait(5*time.Second, "ステップ 5/7: キーポリシー", "Zoom への許可を読み取って", "409910850980")
	p.keys("Enter")
	screen := wait(5*time.Second, "ステップ 6/7: ARN", "プライマリ · 米国東部 (バージニア北部) us-east-1")

	shown := arnsMatchEmulator(t, screen, "us-east-1", "us-west-2")
	p.keys("C-c")
	after := p.waitFor(5*time.Second, "EXIT=130", "中断しました", "Zoom ウェブポータル (Configure Customer Managed Key) に登録するキー ARN")
	if got := arnRE.FindAllString(after, -1); len(got) < 2 || got[0] != shown[0] {
		t.Errorf("ARNs printed on exit = %q, want %q first:\n%s", got, shown[0], after)
	}
	if s, err := state.Load(stateFile); err != nil || s == nil || s.Lang != "ja" {
		t.Errorf("session file: %+v (%v); want lang ja", s, err)
	}
}

// TestWizardAccessibleInJapanese: the plain prompts in Japanese (--lang ja)
// against the emulator, through every step, with --yes as the consent.
func TestWizardAccessibleInJapanese(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	stateFile := filepath.Join(dir, "session.json")
	cmd := exec.Command(binPath, "--accessible", "--yes", "--lang", "ja", "--state-file", stateFile)
	cmd.Dir = dir // the runbook is written to the working directory
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, emu.Env(dir)...)
	cmd.Stdin = strings.NewReader(strings.Repeat("\n", 6) + "0\n" + strings.Repeat("\n", 8) + // 8: the alerts step's yes and no address (skipped) too
		"n\nn\nn\n0\nn\n\nn\nn\nn\ny\n\nn\n") // runbook: y, in the working directory (enter)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	k, err := c.KMS("us-east-1").DescribeKey(context.Background(), zoom.DefaultAlias)
	if err != nil {
		t.Fatalf("no key after the accessible run: %v\n%s", err, out)
	}
	for _, want := range []string{"ステップ 1/7: 前提条件", "CMK で保護されるもの:", "ステップ 7/7: Zoom ポータル",
		"完了: 4 件の変更を行いました。" /* moto: the replica alias was copied */, "手順書を", "米国東部 (バージニア北部) us-east-1", k.ARN} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, english := range []string{"Step 1 of 7", "What CMK protects", "Done: 5 change(s)", "Runbook written"} {
		if strings.Contains(string(out), english) {
			t.Errorf("output holds the English %q:\n%s", english, out)
		}
	}
	if s, _ := state.Load(stateFile); s == nil || s.PrimaryARN() != k.ARN || s.Lang != "ja" {
		t.Errorf("session: %+v", s)
	}
}
