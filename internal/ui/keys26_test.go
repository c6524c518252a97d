package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
)

// noCredentials is the engine of a machine with no AWS credentials.
func noCredentials() *stubEngine {
	return &stubEngine{idErr: &setup.Error{Kind: setup.KindNoCredentials, Text: i18n.Msg{ID: "aws.err.raw", Args: []any{"no AWS credentials were found"}}, FixText: i18n.Msg{ID: "aws.err.raw", Args: []any{"run `aws configure`"}}},
		probeErr: errors.New("no credentials")}
}

// Issue 22 item 6: the no-credentials check offers practice with one key
// (p ends the wizard asking the command line for practice mode), and Enter
// there checks again instead of doing nothing.
func TestPrereqNoCredentialsOffersPractice(t *testing.T) {
	eng := noCredentials()
	h := newHarness(t, eng, nil)
	h.enter(4)
	h.wantStep("prereq")
	h.wantView("Press p to practise", "p practise", "run `aws configure`")
	// The credentials were set up meanwhile: Enter checks again.
	eng.idErr, eng.probeErr = nil, nil
	h.enter(1)
	h.wantStep("regions")

	h = newHarness(t, noCredentials(), nil)
	h.enter(4)
	h.typ("p")
	if !h.quit || !h.m.WantsPractice() {
		t.Fatalf("p on the no-credentials check: quit %v, practice %v", h.quit, h.m.WantsPractice())
	}
	if h.saved != 0 {
		t.Errorf("choosing practice saved the real session %d times", h.saved)
	}

	// In practice mode itself p is not offered.
	h = newHarness(t, noCredentials(), nil, func(c *Config) { c.Practice = true })
	h.enter(4)
	h.typ("p")
	if h.quit || h.m.WantsPractice() || strings.Contains(h.view(), "Press p to practise") {
		t.Errorf("practice offered inside practice mode:\n%s", h.view())
	}
}

// The plain prompts ask the same: yes (enter) ends with ErrPractice.
func TestAccessibleNoCredentialsOffersPractice(t *testing.T) {
	var out strings.Builder
	cfg := Config{Engine: noCredentials(), Now: func() time.Time { return fixedNow }}
	_, _, err := RunAccessible(context.Background(), cfg, strings.NewReader(strings.Repeat("\n", 5)), &out)
	if !errors.Is(err, ErrPractice) {
		t.Fatalf("err %v, want ErrPractice\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "Practise without an AWS account?") {
		t.Errorf("no practice question:\n%s", out.String())
	}
}
