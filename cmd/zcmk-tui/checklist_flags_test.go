package main

import (
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/state"
)

// checklist --ticket's flags are checked: a Zoom account that is neither
// digits nor an e-mail address, group names with control characters, and
// either flag without --ticket (silently ignored before) are usage errors
// that name the flag; nothing is printed on stdout.
func TestChecklistTicketFlagsAreChecked(t *testing.T) {
	for _, tc := range []struct {
		args []string
		flag string
	}{
		{[]string{"checklist", "--ticket", "--zoom-account", "12ab34"}, "--zoom-account"},
		{[]string{"checklist", "--ticket", "--zoom-account", "owner@"}, "--zoom-account"},
		{[]string{"checklist", "--ticket", "--groups", "Legal\x1b[31m"}, "--groups"},
		{[]string{"checklist", "--zoom-account", "1234567890"}, "--zoom-account"},
		{[]string{"checklist", "--groups", "Legal"}, "--groups"},
	} {
		r := zcmk(t, nil, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.flag) || r.stdout != "" {
			t.Errorf("%q: exit %d, want %d naming %s, nothing on stdout:\n%s\n%s", tc.args, r.code, exitUsage, tc.flag, r.stdout, r.stderr)
		}
	}
	for _, account := range []string{"1234567890", "owner@example.com", ""} {
		r := zcmk(t, nil, "checklist", "--ticket", "--zoom-account", account, "--groups", "Legal, Sales Japan")
		if r.code != 0 || !strings.Contains(r.stdout, "Sales Japan") || (account != "" && !strings.Contains(r.stdout, account)) {
			t.Errorf("account %q: exit %d\n%s\n%s", account, r.code, r.stdout, r.stderr)
		}
	}
}

// runbook's --output names a file; "json" or "text" there is the global
// output format given to a Markdown-only command: refused (exit 2) instead
// of writing a file named "json"; ./json is a file of that name.
func TestRunbookOutputFormatWordIsRefused(t *testing.T) {
	dir := t.TempDir()
	for _, word := range []string{"json", "text"} {
		r := zcmk(t, nil, "runbook", "--output", word)
		if r.code != exitUsage || !strings.Contains(r.stderr, "Markdown only") {
			t.Errorf("runbook --output %s: exit %d, want %d:\n%s", word, r.code, exitUsage, r.stderr)
		}
	}
	out := dir + "/json"
	if r := zcmk(t, nil, "runbook", "--output", out); r.code != 0 {
		t.Errorf("runbook --output %s: exit %d\n%s", out, r.code, r.stderr)
	}
}

// checklist --ticket gives the same ticket as the wizard for the same
// session: the Zoom account number and groups the wizard saved, unless the
// flags give others. Before, it printed placeholders in their place.
func TestChecklistTicketUsesTheSavedAnswers(t *testing.T) {
	_, stateFile, s := setupSession(t, "us-east-1", "")
	s.ZoomAccountNumber, s.TicketGroups = "9876543210", "Legal, Sales Japan"
	if err := state.Save(stateFile, s); err != nil {
		t.Fatal(err)
	}
	r := zcmk(t, nil, "checklist", "--ticket", "--state-file", stateFile)
	if r.code != 0 || !strings.Contains(r.stdout, "9876543210") || !strings.Contains(r.stdout, "Sales Japan") {
		t.Errorf("saved answers: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = zcmk(t, nil, "checklist", "--ticket", "--zoom-account", "555", "--groups", "HR", "--state-file", stateFile)
	if r.code != 0 || !strings.Contains(r.stdout, "555") || strings.Contains(r.stdout, "9876543210") || strings.Contains(r.stdout, "Sales Japan") {
		t.Errorf("flags over saved answers: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

// A session with tamper alerts: checklist asks to confirm each subscription
// (text and JSON, with one line per address per Region), and --ticket says
// the alerts are set up, in the chosen language.
func TestChecklistAndTicketNameTheAlerts(t *testing.T) {
	_, stateFile, s := setupSession(t, "us-east-1", "")
	s.Alerts = &state.Alerts{Name: "zcmk-tui-alerts-zoom-cmk", Regions: []string{"us-east-1"}, Emails: []string{"sec@example.com", "ops@example.com"}}
	if err := state.Save(stateFile, s); err != nil {
		t.Fatal(err)
	}
	r := zcmk(t, nil, "checklist", "--lang", "en", "--state-file", stateFile)
	if r.code != 0 || !strings.Contains(r.stdout, "8. Confirm the tamper-alert subscriptions") || !strings.Contains(r.stdout, "[ ] ops@example.com: us-east-1") {
		t.Errorf("checklist: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = zcmk(t, nil, "checklist", "--output", "json", "--state-file", stateFile)
	if r.code != 0 || !strings.Contains(r.stdout, `"id": "alert-confirm"`) || !strings.Contains(r.stdout, `"sec@example.com: us-east-1 (N. Virginia)"`) {
		t.Errorf("checklist JSON: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = zcmk(t, nil, "checklist", "--ticket", "--lang", "ja", "--state-file", stateFile)
	if r.code != 0 || !strings.Contains(r.stdout, "AWS 側の改ざん・無効化の通知を設定しています") || !strings.Contains(r.stdout, "zcmk-tui-alerts-zoom-cmk") {
		t.Errorf("ticket: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}
