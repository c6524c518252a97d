package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
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
	if said := strings.Join(strings.Fields(r.stderr), " "); r.code != 2 || !strings.Contains(said, out+" already exists; it was left as it is") || !strings.Contains(said, "--force") {
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

// TestRunbookCommandShowsRepair: a key made by hand with KMS's default
// policy (nothing for Zoom), repaired by `setup`; `runbook` shows the
// policy before and after the repair and the statement added.
func TestRunbookCommandShowsRepair(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	awstest.CreateMultiRegionKeyWithAlias(t, emu.URL, "us-east-1", zoom.DefaultAlias)
	stateFile := filepath.Join(t.TempDir(), "session.json")
	if r := zcmk(t, nil, "setup", "--region", "us-east-1", "--yes", "--state-file", stateFile); r.code != 0 {
		t.Fatalf("setup: exit %d\n%s", r.code, r.stderr)
	}
	r := zcmk(t, nil, "runbook", "--state-file", stateFile)
	if r.code != 0 {
		t.Fatalf("runbook: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"### Key policy repaired · Primary · us-east-1 (N. Virginia)", "Statements added: `" + zoom.ZoomSid + "`",
		"Statements removed: (none)", "Before (as read before the write):", "After (as read back):", "| us-east-1 | update key policy | done"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("runbook lacks %q:\n%s", want, r.stdout)
		}
	}
	r = zcmk(t, nil, "runbook", "--lang", "ja", "--state-file", stateFile)
	if !strings.Contains(r.stdout, "### キーポリシーの修復 · プライマリ") || !strings.Contains(r.stdout, "修復前 (書き込みの前に読み取ったもの):") {
		t.Errorf("the Japanese runbook lacks the repair:\n%s", r.stdout)
	}
}

// TestWizardInTmuxRunbookElsewhere: in a real terminal at 80x24 and 60x20,
// m, "another path", a path under ~ whose full form is wider than the
// screen: the confirmation and the status line show it whole (wrapped
// after a "/"), nothing is drawn past the edge, and the exit lines repeat
// it.
func TestWizardInTmuxRunbookElsewhere(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			dir, stateFile, s := setupSession(t, "us-east-1", "")
			s.Step = "portal" // the wizard resumes at the checklist
			if err := state.Save(stateFile, s); err != nil {
				t.Fatal(err)
			}
			rel := filepath.Join("change-records", "zoom-customer-managed-key", "2026-11-28-rollout")
			if err := os.MkdirAll(filepath.Join(dir, rel), 0o700); err != nil {
				t.Fatal(err)
			}
			name := "zoom-cmk-runbook-for-the-change-advisory-board.md"
			target := filepath.Join(dir, rel, name) // HOME is dir
			p := newTmuxPane(t, size[0], size[1], wizardScriptIn(t, dir, nil))
			p.waitFor(15*time.Second, "Step 7 of 7")
			p.keys("m")
			fits(t, p.waitFor(5*time.Second, "Where should the runbook go?", "Another path"), size[0])
			p.keys("Down", "Enter")
			p.waitFor(5*time.Second, "Path of the runbook file")
			p.run("send-keys", "-t", p.target, "-l", "~/"+filepath.Join(rel, name))
			p.keys("Enter")
			screen := p.waitFor(5*time.Second, "Write the runbook to this file?", "Yes, write it")
			fits(t, screen, size[0])
			if !strings.Contains(joined(screen), target) {
				t.Fatalf("the confirmation does not show %s whole:\n%s", target, screen)
			}
			midName(t, screen, target)
			p.keys("Enter")
			screen = p.waitFor(5*time.Second, "Runbook written to", "ctrl+c quit")
			fits(t, screen, size[0])
			if !strings.Contains(joined(screen), target) {
				t.Fatalf("the status line does not show %s whole:\n%s", target, screen)
			}
			midName(t, screen, target)
			p.keys("q")
			p.waitFor(10*time.Second, "EXIT=0")
			exit := p.run("capture-pane", "-p", "-J", "-t", p.target) // lines the terminal wrapped, joined
			if !strings.Contains(exit, "Runbook (Markdown) for the change record:\n"+target+"\n") {
				t.Errorf("the exit lines do not repeat %s:\n%s", target, exit)
			}
			if b, err := os.ReadFile(target); err != nil || !strings.Contains(string(b), "# Zoom Customer Managed Key: runbook") {
				t.Errorf("%s: %v", target, err)
			}
		})
	}
}

// joined is screen's lines put together without the spaces at their ends:
// a path wrapped over lines reads whole in it.
func joined(screen string) string {
	var b strings.Builder
	for _, l := range strings.Split(screen, "\n") {
		b.WriteString(strings.TrimSpace(strings.TrimLeft(l, " ┃│")))
	}
	return b.String()
}

// midName fails when a line of screen holds a piece of path that ends
// mid-name: a path wrapped over lines breaks after a "/" only.
func midName(t *testing.T, screen, path string) {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		s := strings.TrimSpace(strings.TrimLeft(l, " ┃│"))
		if s != "" && strings.Contains(path, s) && !strings.HasSuffix(s, "/") && !strings.HasSuffix(path, s) {
			t.Errorf("the path is broken mid-name at %q:\n%s", s, screen)
		}
	}
}
