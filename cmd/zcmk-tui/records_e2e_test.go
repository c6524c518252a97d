package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/state"
)

// Issue 26, defect 5: the CLI records what it did, and says "sending AWS
// calls to …" only when it sends one.

// TestVerifyIsRecordedForTheRunbook: after `verify` passes, the session
// holds its result and `runbook` shows it, in both languages.
func TestVerifyIsRecordedForTheRunbook(t *testing.T) {
	_, stateFile, _ := setupSession(t, "us-east-1", "us-west-2")
	if r := zcmk(t, nil, "runbook", "--state-file", stateFile); !strings.Contains(r.stdout, "Not verified in this session yet") {
		t.Fatalf("before verify the runbook should say it was not verified:\n%s", r.stdout)
	}
	if r := zcmk(t, nil, "verify", "--state-file", stateFile); r.code != 0 {
		t.Fatalf("verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	s, err := state.Load(stateFile)
	if err != nil || s.LastVerify == nil || !s.LastVerify.OK || s.LastVerify.At.IsZero() ||
		!strings.Contains(strings.Join(s.LastVerify.Lines, "\n"), "zoom-grant") {
		t.Fatalf("verify left no record in the session: %+v (%v)", s.LastVerify, err)
	}
	r := zcmk(t, nil, "runbook", "--state-file", stateFile)
	if strings.Contains(r.stdout, "Not verified in this session yet") || !strings.Contains(r.stdout, "Healthy: every check passed") ||
		!strings.Contains(r.stdout, "us-west-2") {
		t.Errorf("the runbook does not show the verify:\n%s", r.stdout)
	}
	// A key that is not the session's is checked, and not recorded.
	before := s.LastVerify.At
	zcmk(t, nil, "verify", "--state-file", stateFile, "--key", "alias/other", "--region", "us-east-1")
	if s2, _ := state.Load(stateFile); s2.LastVerify == nil || !s2.LastVerify.At.Equal(before) || !s2.LastVerify.OK {
		t.Errorf("a verify of another key changed the session's record: %+v", s2.LastVerify)
	}
}

// TestNoEndpointNoticeWithoutACall: without credentials an offline plan
// sends nothing, so it does not say where calls go; with credentials the
// same command says it once.
func TestNoEndpointNoticeWithoutACall(t *testing.T) {
	noCreds := []string{"AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_PROFILE="}
	r := zcmk(t, noCreds, "plan", "--dry-run", "--account-id", "123456789012", "--region", "us-east-1")
	if r.code != 0 || strings.Contains(r.stderr, "sending AWS calls to") {
		t.Errorf("offline plan: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	r = zcmk(t, nil, "plan", "--region", "us-east-1")
	if r.code != 0 || strings.Count(r.stderr, "sending AWS calls to") != 1 {
		t.Errorf("plan with credentials: exit %d, want the notice once:\n%s", r.code, r.stderr)
	}
}

// TestSetupWithoutTerminalSaysTheSpecificFix: `setup </dev/null` without
// --yes: the JSON error's fix says what to do here (--yes, or plan first),
// not the generic pointer at --help; nothing is sent to AWS.
func TestSetupWithoutTerminalSaysTheSpecificFix(t *testing.T) {
	url, calls := counting(t)
	r := zcmk(t, []string{"AWS_ENDPOINT_URL=" + url}, "setup", "--region", "us-east-1", "--output", "json",
		"--state-file", filepath.Join(t.TempDir(), "session.json"))
	var doc struct{ Error struct{ Code, Fix string } }
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, r.stdout)
	}
	if r.code != exitUsage || !strings.Contains(doc.Error.Fix, "--yes") || !strings.Contains(doc.Error.Fix, "zcmk-tui plan") ||
		strings.Contains(doc.Error.Fix, "--help") || strings.Contains(r.stderr, "zcmk-tui --help") {
		t.Errorf("exit %d, fix %q, stderr:\n%s", r.code, doc.Error.Fix, r.stderr)
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d AWS calls", n)
	}
}

// TestWizardResumesInTheSavedLanguage: the language saved in the session is
// the wizard's on resume (English locale, no --lang), as the README says;
// --lang still wins.
func TestWizardResumesInTheSavedLanguage(t *testing.T) {
	stateFile := filepath.Join(t.TempDir(), "session.json")
	if err := state.Save(stateFile, &state.Session{Lang: "ja", Step: "prereq"}); err != nil {
		t.Fatal(err)
	}
	env := []string{"LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES="}
	r := zcmk(t, env, "--accessible", "--state-file", stateFile)
	if !strings.Contains(r.stdout, "ステップ 1/7") {
		t.Errorf("the wizard did not resume in the saved language (ja):\n%s", r.stdout)
	}
	r = zcmk(t, env, "--accessible", "--lang", "en", "--state-file", stateFile)
	if !strings.Contains(r.stdout, "Step 1 of 7") {
		t.Errorf("--lang en does not win over the saved language:\n%s", r.stdout)
	}
}
