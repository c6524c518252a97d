package ui

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// Issue 26, defect 3: every plain prompt takes the default it announces on
// enter, every line is in the session's language (huh's own lines too),
// and lines are broken at spaces to the terminal's width; defect 4: ctrl+c
// ends a question at once.

// runPlain runs the accessible wizard on lines with cfg changed by mod.
func runPlain(t *testing.T, lines []string, mod func(*Config)) (string, *state.Session, error) {
	t.Helper()
	var out strings.Builder
	cfg := Config{Engine: &stubEngine{}, StatePath: filepath.Join(t.TempDir(), "session.json"), Now: func() time.Time { return fixedNow }}
	if mod != nil {
		mod(&cfg)
	}
	s, _, err := RunAccessible(context.Background(), cfg, strings.NewReader(strings.Join(lines, "\n")+"\n"), &out)
	return out.String(), s, err
}

// huhEnglish are the lines huh's accessible prompts print in English.
var huhEnglish = []string{"Enter a number between", "Invalid:", "Select up to", "Confirm selection", "please try again", "only one option"}

func TestPlainEnterTakesTheAnnouncedDefaults(t *testing.T) {
	// Enter to every question: the replica list, announced "(enter keeps:
	// ap-northeast-3)", takes Osaka; without a terminal and --yes the
	// plan is then not applied (ErrNeedsYes), never stuck on a question.
	text, s, err := runPlain(t, slices.Repeat([]string{""}, 12), nil)
	if !errors.Is(err, ErrNeedsYes) {
		t.Fatalf("err = %v, want ErrNeedsYes after the plan\n%s", err, text)
	}
	if !strings.Contains(text, "(enter keeps: ap-northeast-3)") || !slices.Equal(s.Replicas, []string{"ap-northeast-3"}) {
		t.Errorf("replicas %v; want the announced default ap-northeast-3\n%s", s.Replicas, text)
	}
	if strings.Contains(text, "Invalid") || strings.Contains(text, "Not a choice") {
		t.Errorf("enter was refused somewhere:\n%s", text)
	}
}

func TestPlainLinesInTheSessionsLanguage(t *testing.T) {
	// A wrong answer at a yes/no question, at a list and at the ticks: the
	// library's own lines say so in Japanese too.
	lines := []string{"x", "", "", "", "", "9", "", "", "99", ""}
	text, _, _ := runPlain(t, lines, func(c *Config) { c.Lang = i18n.Japanese })
	for _, en := range huhEnglish {
		if strings.Contains(text, en) {
			t.Errorf("Japanese plain prompts print %q:\n%s", en, text)
		}
	}
	for _, ja := range []string{"までの番号を入力してください", "選択肢にありません", "y (はい) か n (いいえ) で答えてください", "今のチェックのまま確定する"} {
		if !strings.Contains(text, ja) {
			t.Errorf("Japanese plain prompts lack %q:\n%s", ja, text)
		}
	}
}

func TestPlainLinesBreakAtTheTerminalsWidth(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		text, _, _ := runPlain(t, slices.Repeat([]string{""}, 12), func(c *Config) { c.Lang, c.Width = lang, 50 })
		for i, l := range strings.Split(text, "\n") {
			if ansi.StringWidth(l) > 50 && strings.Contains(strings.TrimSpace(l), " ") {
				t.Errorf("%s: line %d is %d columns wide at 50: %q", lang, i+1, ansi.StringWidth(l), l)
			}
		}
		if lang == i18n.English && !strings.Contains(text, "\nCMK is an add-on: your Zoom reseller or account\nteam") {
			t.Errorf("not broken at a space:\n%s", text)
		}
	}
}

// syncBuilder is a strings.Builder safe for a writer and a reader.
type syncBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuilder) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestPlainCtrlCEndsAQuestionAtOnce(t *testing.T) {
	in, w := io.Pipe() // a terminal where nobody types
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	path := filepath.Join(t.TempDir(), "session.json")
	cfg := Config{Engine: &stubEngine{}, StatePath: path, Now: func() time.Time { return fixedNow }, Interactive: true}
	var out syncBuilder
	done := make(chan error, 1)
	go func() {
		_, _, err := RunAccessible(ctx, cfg, in, &out)
		done <- err
	}()
	for !strings.Contains(out.String(), "[Y/n]") {
		select {
		case err := <-done:
			t.Fatalf("ended before the first question: %v\n%s", err, out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel() // ctrl+c
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		t.Fatalf("ctrl+c did not end the question; nobody pressed enter\n%s", out.String())
	}
	var ie *InterruptedError
	if !errors.As(err, &ie) || !errors.Is(err, ErrAborted) || !strings.Contains(err.Error(), "nothing was written to AWS") {
		t.Errorf("err = %v, want the interrupted line", err)
	}
	if s, _ := state.Load(path); s == nil {
		t.Errorf("no session saved after ctrl+c")
	}
}

// The plain face's own questions say what they do, "Which key?" announces
// its default, and a resumed run says where it resumed (issue 26).
func TestPlainQuestionsSayWhatTheyDo(t *testing.T) {
	lines := []string{
		"", "", "", "", // prerequisites
		"", "", "", // new key, primary, replicas as ticked (enter)
		"", "", "", "", // alias, description, tags, rotation
		"y",    // apply
		"", "", // the alerts step: yes, no address (nothing set up)
		"", "", // after the policy, after the ARNs
		"y", "", // ticked: paste the ARNs; not yet: standby
		"y", "2", "", // data types: ticked, archives, enter accepts
		"y", "admin@example.com", // alert e-mails
		"n",        // no tamper alerts for them (offered with the addresses)
		"", "", "", // group scoping not yet, test recording, CloudTrail
		"y", "", // runbook, in the working directory
		"n", // verify now
	}
	text, _, err := runPlain(t, lines, func(c *Config) { c.Interactive, c.RunbookDir = true, t.TempDir() })
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	for _, want := range []string{"(enter keeps: Create a new multi-Region key (recommended))\nWhich key?",
		"Go on to the next step (ARNs)? [Y/n]", "Write the runbook (a Markdown change record of this session) now? [Y/n]"} {
		if !strings.Contains(text, want) {
			t.Errorf("plain output lacks %q:\n%s", want, text)
		}
	}
	for _, terse := range []string{"\ncontinue? [Y/n]", "\nrunbook? [Y/n]"} {
		if strings.Contains(text, terse) {
			t.Errorf("plain output asks %q without saying what it does", terse)
		}
	}
	s := doneSession()
	s.Step = "portal"
	text, _, _ = runPlain(t, nil, func(c *Config) { c.Session = s })
	if !strings.Contains(text, "Resumed at step 7, Zoom portal") {
		t.Errorf("a resumed plain run does not say where it resumed:\n%s", text)
	}
}

// Input that ends at any question of the checklist, after a wrong answer
// (empty lines, a word, then the end), ends the plain prompts with
// ErrEndOfInput, never a crash: the form library's line mode takes the
// wrong word as a list's choice 0 at the end of the input.
func TestPlainInputEndingAnywhereInThePortalEndsCleanly(t *testing.T) {
	reached := false
	for n := range 16 {
		lines := append(make([]string, n), "x")
		text, _, err := runPlain(t, lines, func(c *Config) { c.Session = doneSession() })
		if err != nil && !errors.Is(err, ErrEndOfInput) {
			t.Errorf("%d lines: %v", n, err)
		}
		reached = reached || strings.Contains(text, "Where should the runbook go?")
	}
	if !reached {
		t.Error("no input length reached the runbook's place")
	}
}
