package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// The wizard in Japanese: every step at 80x24 against a golden view
// (regenerate with: go test ./internal/ui -run TestJapanese -update), each
// line within the window, nothing cut at its edge, and no line starting
// with a character that may not start one (。、）」 ...).

// noLineStart are characters a Japanese line never starts with (UAX #14
// classes CL, CP, NS, IS and EX, the common ones).
const noLineStart = "。、）」』】〕，．：；？！ー"

// checkLayout fails t when a line of view is wider than w, when the frame
// had to cut a line, or when a line starts with one of noLineStart.
func checkLayout(t *testing.T, name string, m *Model, view string, w int) {
	t.Helper()
	if m.cut > 0 {
		t.Errorf("%s: %d line(s) cut at the window's edge:\n%s", name, m.cut, view)
	}
	for i, l := range strings.Split(view, "\n") {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("%s: line %d is %d columns wide (window %d): %q", name, i+1, n, w, l)
		}
		s := strings.TrimLeft(ansi.Strip(l), " │┃>▸•·")
		if s != "" && strings.ContainsRune(noLineStart, []rune(s)[0]) {
			t.Errorf("%s: line %d starts with %q: %q", name, i+1, []rune(s)[0], l)
		}
	}
}

// jaHarness is the harness in Japanese at w x h.
func jaHarness(t *testing.T, eng Engine, sess *state.Session, w, h int) *harness {
	t.Helper()
	hn := newHarness(t, eng, sess, func(c *Config) { c.Lang = i18n.Japanese })
	hn.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hn
}

// jaWalk walks the wizard in Japanese from step 1 to the support ticket,
// calling shot at every screen.
func jaWalk(t *testing.T, w, h int, shot func(name string, hn *harness)) {
	eng := &stubEngine{}
	hn := jaHarness(t, eng, nil, w, h)
	shot("01-prereq", hn)
	hn.enter(4)
	hn.wantStep("regions")
	shot("02-regions-mode", hn)
	hn.enter(1)
	shot("03-regions-primary", hn)
	hn.enter(1)
	shot("04-regions-replicas", hn)
	hn.enter(1)
	hn.wantStep("key")
	shot("05-key-alias", hn)
	hn.enter(3)
	shot("06-key-rotation", hn)
	hn.enter(1)
	shot("07-key-plan", hn)
	hn.enter(1)
	shot("08-key-applied", hn)
	hn.enter(1)
	hn.wantStep("alerts")
	shot("08b-alerts", hn)
	hn.enter(alertsEnters)
	hn.wantStep("policy")
	shot("09-policy", hn)
	hn.enter(1)
	hn.wantStep("arns")
	shot("10-arns", hn)
	hn.enter(1)
	hn.wantStep("portal")
	shot("11-portal", hn)
	hn.typ("e")
	shot("12-portal-emails", hn)
	hn.key(tea.KeyEsc)
	hn.typ("t")
	shot("13-portal-datatypes", hn)
	hn.key(tea.KeyEsc)
	hn.typ("v")
	shot("14-portal-verify", hn)
	hn.key(tea.KeyEsc)
	hn.typ("s")
	shot("15-portal-ticket", hn)
	hn.key(tea.KeyEsc)
	hn.typ("?")
	shot("16-portal-help", hn)
}

func TestJapaneseStepsAt80x24(t *testing.T) {
	jaWalk(t, 80, 24, func(name string, hn *harness) {
		t.Helper()
		v := hn.view()
		checkLayout(t, name, hn.m, v, 80)
		t.Run(name, func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(v)) })
	})
}

// A prerequisite answered "not yet": what to do, in Japanese, within the
// window.
func TestJapanesePrereqRefusalAt80x24(t *testing.T) {
	hn := jaHarness(t, &stubEngine{}, nil, 80, 24)
	hn.typ("n")
	hn.enter(1)
	hn.wantStep("prereq")
	v := hn.view()
	checkLayout(t, "refusal", hn.m, v, 80)
	if !strings.Contains(v, "販売代理店") {
		t.Errorf("view lacks the fix:\n%s", v)
	}
	t.Run("refusal", func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(v)) })
}

func TestJapaneseStepsAt120x40(t *testing.T) {
	jaWalk(t, 120, 40, func(name string, hn *harness) {
		t.Helper()
		checkLayout(t, name, hn.m, hn.view(), 120)
	})
}

// The errors of the live checks, with their fixes, in Japanese; the dry-run
// offer and the account form.
func TestJapanesePrereqErrorsAt80x24(t *testing.T) {
	noCreds := &setup.Error{Kind: setup.KindNoCredentials,
		Text:    i18n.Msg{ID: "aws.err.no-credentials.summary"},
		FixText: i18n.Msg{ID: "aws.err.no-credentials.fix"}}
	hn := jaHarness(t, &stubEngine{idErr: noCreds, probeErr: noCreds}, nil, 80, 24)
	hn.enter(4)
	v := hn.view()
	checkLayout(t, "nocreds", hn.m, v, 80)
	for _, want := range []string{"AWS の認証情報が見つかりません", "対処方法:", "d を押すとドライラン"} {
		if !strings.Contains(strings.ReplaceAll(v, "\n", ""), want) && !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	t.Run("nocreds", func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(v)) })
	hn.typ("d")
	v = hn.view()
	checkLayout(t, "dryrun-account", hn.m, v, 80)
	t.Run("dryrun-account", func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(v)) })
}

// L on the first screen switches the language for every screen after it,
// and the session keeps the choice.
func TestLangKeySwitchesEveryScreenAndIsSaved(t *testing.T) {
	hn := newHarness(t, &stubEngine{}, nil)
	hn.wantView("Language: English", "L 日本語")
	hn.typ("L")
	hn.wantView("ステップ 1/7: 前提条件", "表示言語: 日本語", "始める前に必要なもの")
	if got := hn.m.Session().Lang; got != "ja" {
		t.Fatalf("session lang = %q, want ja", got)
	}
	hn.enter(4)
	hn.wantStep("regions")
	hn.wantView("ステップ 2/7: リージョン", "どのキーを使いますか？")
	hn.wantHelpAgrees()
	b, err := os.ReadFile(hn.m.cfg.StatePath)
	if err != nil || !strings.Contains(string(b), `"lang": "ja"`) {
		t.Fatalf("session file: %v\n%s", err, b)
	}
	// L is a key of the first screen only.
	hn.typ("L")
	hn.wantView("ステップ 2/7")
}

// On resume the language saved in the session wins over the locale's, and
// --lang wins over both.
func TestResumeKeepsTheSavedLanguageUnlessGiven(t *testing.T) {
	saved := func() *state.Session { return &state.Session{Lang: "ja"} }
	hn := newHarness(t, &stubEngine{}, saved(), func(c *Config) { c.Lang = i18n.English })
	hn.wantView("ステップ 1/7")
	hn = newHarness(t, &stubEngine{}, saved(), func(c *Config) { c.Lang, c.LangGiven = i18n.English, true })
	hn.wantView("Step 1 of 7")
	if got := hn.m.Session().Lang; got != "en" {
		t.Errorf("session lang = %q after --lang en, want en", got)
	}
}

// On the checklist M writes the runbook in the other language (asked where,
// like m), and L shows
// the support ticket in it.
func TestRunbookAndTicketInTheOtherLanguage(t *testing.T) {
	hn := jaHarness(t, &stubEngine{}, nil, 100, 30)
	hn.enter(4 + 3 + 4 + 1 + 1 + alertsEnters + 1 + 1)
	hn.wantStep("portal")
	hn.typ("M")
	hn.wantView("English の作業手順書をどこに保存しますか？")
	hn.enter(1) // the working directory
	hn.wantView("手順書を")
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(hn.m.cfg.StatePath), "zoom-cmk-runbook-*.en.md"))
	if len(matches) != 1 {
		t.Fatalf("English runbook files: %v; view:\n%s", matches, hn.view())
	}
	b, _ := os.ReadFile(matches[0])
	if !strings.Contains(string(b), "# Zoom Customer Managed Key: runbook") || !strings.Contains(string(b), "Asia Pacific (Tokyo)") && !strings.Contains(string(b), "Tokyo") {
		t.Errorf("runbook not in English:\n%s", b)
	}
	if strings.Contains(string(b), "手順書") {
		t.Errorf("English runbook holds Japanese:\n%s", b)
	}
	if ja := hn.m.Runbook(); !strings.Contains(ja, "手順書") {
		t.Errorf("the wizard's own runbook is not in Japanese:\n%s", ja)
	}
	hn.typ("s")
	hn.wantView("件名:")
	hn.typ("L")
	hn.wantView("Subject:")
	hn.typ("L")
	hn.wantView("件名:")
}
