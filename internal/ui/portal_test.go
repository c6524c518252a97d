package ui

// Step 6: the checklist, its forms and "verify now".

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
)

func TestPortalTicksEmailsTicketRunbook(t *testing.T) {
	h := newHarness(t, &stubEngine{}, doneSession())
	h.typ(" ")
	h.wantView("[x] 1.", "2026-11-28 12:00")
	h.key(tea.KeyDown)
	h.typ(" ")
	h.typ(" ")
	h.wantView("1 of 7 done")
	s, _ := state.Load(h.m.cfg.StatePath)
	if s == nil || !s.Ticks["paste-arns"] || s.Ticks["standby"] || !s.TickedAt["paste-arns"].Equal(fixedNow) {
		t.Fatalf("ticks not saved: %+v", s)
	}

	h.typ("e")
	h.wantView("Alert e-mail recipients")
	h.typ("not-an-address")
	h.enter(1)
	h.wantView("not-an-address")
	h.key(tea.KeyCtrlU)
	h.typ("a@example.com, b@example.org")
	h.enter(1)
	h.wantView("Also warn these addresses") // the tamper alerts for the same addresses (alerts_test.go)
	h.key(tea.KeyEsc)
	h.wantView("alert e-mails: a@example.com, b@example.org")
	if s, _ = state.Load(h.m.cfg.StatePath); strings.Join(s.AlertEmails, " ") != "a@example.com b@example.org" {
		t.Fatalf("e-mails not saved: %v", s.AlertEmails)
	}

	h.typ("s")
	h.wantView("Support ticket", "Customer Managed Key: limit CMK to user groups")
	h.key(tea.KeyEsc)
	h.wantView("1 of 7 done")

	h.typ("m")
	h.wantView("Where should the runbook go?")
	h.enter(1) // the working directory
	want := filepath.Join(filepath.Dir(h.m.cfg.StatePath), "zoom-cmk-runbook-20261128-120000.md")
	h.wantView("Runbook written to")
	b, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"alias/team-cmk", "| Primary | us-east-1 (N. Virginia) | `arn:aws:kms:us-east-1:", "AllowZoomCMK", "- [x] **1.", "a@example.com", "2026-11-28T12:00:00Z"} {
		if !strings.Contains(string(b), s) {
			t.Errorf("runbook lacks %q:\n%s", s, b)
		}
	}
	h.typ("q")
	if !h.quit {
		t.Fatal("q should finish")
	}
}

func TestPortalDataTypesSavedAndEscCancels(t *testing.T) {
	h := newHarness(t, &stubEngine{}, doneSession())
	h.typ("t")
	h.wantView("Data types to protect", "REMOVING one needs Zoom")
	h.typ("x") // the first type: cloud recordings
	h.enter(1)
	h.wantView("data types noted: 1")
	if s, _ := state.Load(h.m.cfg.StatePath); s == nil || strings.Join(s.DataTypes, ",") != "cloud-recordings" {
		t.Fatalf("data types not saved: %+v", s)
	}
	h.typ("e")
	h.wantView("Alert e-mail recipients")
	h.key(tea.KeyEsc)
	h.wantStep("portal")
	h.wantView("0 of 7 done", "alert e-mails: none yet")
}

func TestPortalVerifyNowShowsTheTable(t *testing.T) {
	eng := &stubEngine{}
	h := newHarness(t, eng, doneSession())
	h.wantStep("portal")
	h.wantView("v verify now")

	// v starts the check as a command; until it answers the view says so.
	_, cmd := h.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("v")})
	if cmd == nil {
		t.Fatal("v should start the check")
	}
	h.wantView("Health check of the key set", "Checking the key in every Region", "esc/enter close")
	if len(eng.verified) != 0 {
		t.Fatal("Update called the engine itself")
	}
	msg, ok := cmd().(verifiedMsg)
	if !ok || msg.err != nil || msg.rep == nil {
		t.Fatalf("the check answered %#v", msg)
	}
	h.send(msg)
	h.wantView("✓ OK: 0 failed, 0 warnings, 12 ok, 2 unknown in 2 Regions.", "us-east-1 (N. Virginia), primary",
		"arn:aws:kms:us-east-1:111122223333:key/mrk-", "key-state   ok", "zoom-grant  ok", "r check again")
	o := eng.verified[0]
	if o.Key != doneSession().Keys[0].ARN || o.Region != "us-east-1" || strings.Join(o.Replicas, ",") != "us-west-2" || o.Alias != "alias/team-cmk" {
		t.Errorf("verified with options %+v, want the session's key set", o)
	}

	// The table scrolls, and fits 80x24.
	for range 30 {
		h.key(tea.KeyDown)
	}
	h.wantView("us-west-2 (Oregon), replica", "drift       ok")
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	checkFits(t, h.view(), 80, 24)
	h.wantView("OK: 0 failed", "esc/enter close")

	// esc and enter return to the checklist; q there still finishes.
	h.key(tea.KeyEsc)
	h.wantView("0 of 7 done")
	h.typ("v")
	h.wantView("key-state")
	h.key(tea.KeyEnter)
	h.wantView("0 of 7 done")
	if h.quit || len(eng.verified) != 2 {
		t.Fatalf("quit %v, %d checks", h.quit, len(eng.verified))
	}
}

func TestPortalVerifyNowErrors(t *testing.T) {
	// Nothing could be checked: the error and its fix, and r to retry.
	eng := &stubEngine{verifyErr: &setup.Error{Kind: setup.KindNoCredentials, Op: "GetCallerIdentity",
		Text: i18n.Msg{ID: "aws.err.raw", Args: []any{"no AWS credentials were found"}}, FixText: i18n.Msg{ID: "aws.err.raw", Args: []any{"run `aws configure`"}}}}
	h := newHarness(t, eng, doneSession())
	h.typ("v")
	h.wantView("✗ The key could not be checked", "no AWS credentials were found", "How to fix: run `aws configure`", "press r")
	eng.verifyErr = nil
	h.typ("r")
	h.wantView("✓ OK: 0 failed")

	// A check that could not be made is in the table with its fix.
	rep := healthyReport(setup.VerifyOptionsFor(doneSession()))
	rep.Keys[1].Checks[2] = setup.Check{ID: setup.CheckZoomGrant, Status: setup.CheckFail, Error: "AccessDeniedException",
		Text:    i18n.Msg{ID: "setup.literal", Args: []any{"could not read the key policy: access denied"}},
		FixText: i18n.Msg{ID: "setup.literal", Args: []any{"allow kms:GetKeyPolicy on the key"}}}
	rep.OK = false
	eng.verifyRep = rep
	h.typ("r")
	h.wantView("! INCOMPLETE: 0 failed", "1 not checked", "zoom-grant  ERROR", "fix: allow kms:GetKeyPolicy")

	// An answer that comes after the overlay was closed is dropped.
	_, cmd := h.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("r")})
	h.key(tea.KeyEsc)
	h.send(cmd())
	h.wantView("0 of 7 done")
	if strings.Contains(h.view(), "INCOMPLETE") {
		t.Fatalf("a late answer reopened the report:\n%s", h.view())
	}
}

func TestPortalVerifyNowInDryRunExplains(t *testing.T) {
	eng := &stubEngine{}
	h := newHarness(t, eng, nil, func(c *Config) { c.DryRun = true })
	h.enter(4 + 3 + 4 + 1 + 1 + alertsEnters + 1 + 1)
	h.wantStep("portal")
	h.typ("v")
	h.wantView("DRY RUN: no key was created, so there is nothing to verify.", "0 of 7 done")
	if len(eng.verified) != 0 {
		t.Fatal("a dry run called Verify")
	}
}
