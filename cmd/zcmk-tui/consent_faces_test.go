package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/ui"
)

// TestConsentSameInBothFaces: "may we write to AWS?" is decided once
// (setup.MayWrite), and both faces ask it the same way: setup's prompt and
// the wizard's plain prompts come to the same outcome and say the same
// message for end of input, a typed no, a typed yes, and --yes without a
// terminal. (At end of input setup said "declined" and the wizard "end of
// input".)
func TestConsentSameInBothFaces(t *testing.T) {
	// The wizard's answers up to the write confirmation, all defaults: a
	// new key in Tokyo with its Osaka replica.
	toConfirm := strings.Repeat("\n", 6) + "0\n" + strings.Repeat("\n", 4)
	applying := english.T("ui.apply.running")
	for _, tc := range []struct {
		name             string
		answer           string
		yes, interactive bool
		want             setup.ConsentOutcome
		say              string // the message id said ("" = none)
	}{
		{"end of input in a terminal", "", false, true, setup.ConsentEndOfInput, "setup.consent.end-of-input"},
		{"no in a terminal", "n\n", false, true, setup.ConsentDeclined, "setup.consent.declined"},
		{"yes in a terminal", "y\n", false, true, setup.ConsentGiven, ""},
		{"--yes without a terminal", "", true, false, setup.ConsentGiven, "setup.consent.yes-flag"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			said := ""
			if tc.say != "" {
				said = english.T(tc.say)
			}
			// The command line.
			var out, errOut strings.Builder
			g := &globalOpts{stdin: strings.NewReader(tc.answer), stdout: &out, stderr: &errOut, yes: tc.yes,
				lang: "en", region: "ap-northeast-1"}
			c, err := g.consent("apply? ", tc.interactive)
			if err != nil {
				t.Fatal(err)
			}
			if c.Outcome != tc.want || c.Say.ID != tc.say || (said != "" && !strings.Contains(out.String(), said)) {
				t.Errorf("setup: outcome %v, said %q (%q); want %v, %q", c.Outcome, c.Say.ID, out.String(), tc.want, tc.say)
			}

			// The wizard's plain prompts, on the emulator.
			if err := emu.Reset(); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			eng, err := g.newEngine(ctx)
			if err != nil {
				t.Fatal(err)
			}
			cfg := ui.Config{Engine: eng, StatePath: filepath.Join(t.TempDir(), "session.json"), Context: ctx,
				Yes: tc.yes, Interactive: tc.interactive, Lang: i18n.English, LangGiven: true}
			var wiz strings.Builder
			_, _, werr := ui.RunAccessible(ctx, cfg, strings.NewReader(toConfirm+tc.answer), &wiz)
			got := setup.ConsentOutcome(-1)
			switch {
			case strings.Contains(wiz.String(), applying):
				got = setup.ConsentGiven
			case errors.Is(werr, ui.ErrEndOfInput):
				got = setup.ConsentEndOfInput
			case errors.Is(werr, ui.ErrAborted):
				got = setup.ConsentDeclined
			}
			if got != c.Outcome || (said != "" && !strings.Contains(wiz.String(), said)) {
				t.Errorf("wizard: outcome %v (error %v), setup %v; want both to say %q:\n%s", got, werr, c.Outcome, said, tail(wiz.String(), 1500))
			}
		})
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// An exit error's fix is one message: English in the JSON error object,
// the chosen language on the terminal.
func TestExitErrorFixIsOneMessage(t *testing.T) {
	ee := &exitError{code: exitFailure, err: errors.New("x"), fix: i18n.Msg{ID: "cli.setup.fix.declined"}}
	if got, want := errorFix(exitFailure, ee), english.T("cli.setup.fix.declined"); got != want {
		t.Errorf("JSON fix %q, want %q", got, want)
	}
	ja := i18n.NewPrinter(i18n.Japanese)
	var b strings.Builder
	printFailure(&b, ja, exitFailure, ee, ee)
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if !strings.Contains(squash(b.String()), squash(ja.T("cli.setup.fix.declined"))) {
		t.Errorf("terminal says %q, want the Japanese fix %q", b.String(), ja.T("cli.setup.fix.declined"))
	}
}
