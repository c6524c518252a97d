package main

import (
	"strings"
	"testing"
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
