package main

import (
	"os"
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

// TestRunbookForceRefusesASymlink: 'runbook -o LINK --force' writes neither
// through the link nor over it, exits 2 and names the link's target.
func TestRunbookForceRefusesASymlink(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim.conf")
	if err := os.WriteFile(victim, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "runbook.md")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	r := zcmk(t, nil, "runbook", "--state-file", filepath.Join(dir, "session.json"), "-o", link, "--force")
	if r.code != exitUsage || !strings.Contains(r.stderr, "symbolic link") || !strings.Contains(r.stderr, victim) {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep me\n" {
		t.Errorf("the link's target changed: %q", b)
	}
	r = zcmk(t, nil, "runbook", "--state-file", filepath.Join(dir, "session.json"), "-o", victim, "--force")
	if fi, err := os.Stat(victim); r.code != 0 || err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("naming the target: exit %d, %v %v\n%s", r.code, fi.Mode(), err, r.stderr)
	}
}
