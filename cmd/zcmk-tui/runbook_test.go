package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/state"
)

// TestRunbookOutputNeverOverwrites: `runbook --output FILE` checks FILE
// before writing anything: an existing file is left as it is (exit 2, the
// message names --force) unless --force is given; a folder, or a folder
// that does not exist, is refused (exit 2) and nothing is created.
func TestRunbookOutputNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	stateFile := filepath.Join(dir, "session.json")
	arn := "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	if err := state.Save(stateFile, &state.Session{AccountID: "111122223333", Partition: "aws", Alias: "alias/zoom-cmk",
		PrimaryRegion: "us-east-1", Keys: []state.Key{{Region: "us-east-1", Role: "primary", ARN: arn}}}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "rb.md")
	if err := os.WriteFile(out, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	content := func() string { b, _ := os.ReadFile(out); return string(b) }

	r := zcmk(t, nil, "runbook", "--output", out, "--state-file", stateFile)
	if r.code != 2 || !strings.Contains(r.stderr, out+" already exists; it was left as it is") || !strings.Contains(r.stderr, "--force") {
		t.Errorf("over an existing file: exit %d, stderr %q", r.code, r.stderr)
	}
	if content() != "mine" {
		t.Fatalf("the existing file was replaced without --force: %q", content())
	}
	r = zcmk(t, nil, "runbook", "--lang", "ja", "--output", out, "--state-file", stateFile)
	if r.code != 2 || !strings.Contains(strings.Join(strings.Fields(r.stderr), ""), "既にあります") || content() != "mine" {
		t.Errorf("in Japanese: exit %d, stderr %q", r.code, r.stderr)
	}

	r = zcmk(t, nil, "runbook", "--output", out, "--force", "--state-file", stateFile)
	if r.code != 0 || !strings.Contains(r.stderr, out) || !strings.Contains(content(), arn) {
		t.Fatalf("--force: exit %d, stderr %q, file %q", r.code, r.stderr, content())
	}

	for _, tc := range []struct{ output, want string }{
		{dir, "is a folder"},
		{filepath.Join(dir, "no-such-folder", "rb.md"), "its folder does not exist"},
		{filepath.Join(out, "rb.md"), "a file stands where its folder should be"},
	} {
		r := zcmk(t, nil, "runbook", "--output", tc.output, "--state-file", stateFile)
		if r.code != 2 || !strings.Contains(strings.Join(strings.Fields(r.stderr), " "), tc.want) {
			t.Errorf("--output %s: exit %d, stderr %q", tc.output, r.code, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "no-such-folder")); err == nil {
		t.Error("a folder was created")
	}

	fresh := filepath.Join(dir, "fresh.md")
	if r := zcmk(t, nil, "runbook", "--output", fresh, "--state-file", stateFile); r.code != 0 {
		t.Fatalf("a new file: exit %d, stderr %q", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(fresh); !strings.Contains(string(b), arn) {
		t.Errorf("%s: %q", fresh, b)
	}
	if r := zcmk(t, nil, "runbook", "--help"); !strings.Contains(r.stdout, "--force") || !strings.Contains(r.stdout, "never replaced silently") {
		t.Errorf("--help does not explain --force:\n%s", r.stdout)
	}
}
