package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRunbookSaysSetupsDescriptionAndTags: after 'setup --description …
// --tag …' made the key, the runbook names them (it said "(none)").
func TestRunbookSaysSetupsDescriptionAndTags(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	stateFile := filepath.Join(t.TempDir(), "session.json")
	if r := zcmk(t, nil, "setup", "--region", "us-east-1", "--yes", "--state-file", stateFile,
		"--description", "Zoom 用の鍵 (本番)", "--tag", "Owner=a", "--tag", "CostCenter=42"); r.code != 0 {
		t.Fatalf("setup: exit %d\n%s", r.code, r.stderr)
	}
	r := zcmk(t, nil, "runbook", "--state-file", stateFile)
	for _, want := range []string{"- Key description: Zoom 用の鍵 (本番)\n", "- Tags: Owner=a, CostCenter=42\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("runbook lacks %q:\n%s", want, r.stdout)
		}
	}
}
