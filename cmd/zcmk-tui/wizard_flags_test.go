package main

import (
	"strings"
	"testing"
)

// The wizard's --zoom-account-id is checked before anything else: a bad
// one is a usage error (exit 2) that names the flag, with nothing asked.
func TestWizardZoomAccountFlagIsChecked(t *testing.T) {
	r := zcmk(t, nil, "--accessible", "--zoom-account-id", "12345")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--zoom-account-id") {
		t.Errorf("exit %d, want %d naming the flag:\n%s\n%s", r.code, exitUsage, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, "?") {
		t.Errorf("the wizard asked something:\n%s", r.stdout)
	}
	h := zcmk(t, nil, "--help")
	if !strings.Contains(h.stdout, "--zoom-account-id") {
		t.Errorf("--help does not list the wizard's --zoom-account-id:\n%s", h.stdout)
	}
}
