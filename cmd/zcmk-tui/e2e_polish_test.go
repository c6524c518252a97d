package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"

	"github.com/zcmk/zcmk-tui/internal/state"
)

// wizardScript writes a shell script that runs the wizard with args
// against the emulator, in a clean home, and keeps the pane open after.
func wizardScript(t *testing.T, extraEnv []string, args ...string) string {
	t.Helper()
	return wizardScriptIn(t, t.TempDir(), extraEnv, args...)
}

// wizardScriptIn is wizardScript in dir: the session file is
// dir/session.json, the script dir/run.sh; it prints EXIT=<exit code> when
// the wizard ends.
func wizardScriptIn(t *testing.T, dir string, extraEnv []string, args ...string) string {
	t.Helper()
	var script strings.Builder
	script.WriteString("#!/bin/sh\n")
	env := append(emu.Env(dir), "HOME="+dir, "XDG_STATE_HOME="+filepath.Join(dir, "state"),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "AWS_REGION=", "AWS_DEFAULT_REGION=", "AWS_PROFILE=", "NO_COLOR=")
	for _, kv := range append(env, extraEnv...) {
		k, v, _ := strings.Cut(kv, "=")
		fmt.Fprintf(&script, "export %s=%q\n", k, v)
	}
	fmt.Fprintf(&script, "cd %q\n%q --state-file %q", dir, binPath, filepath.Join(dir, "session.json"))
	for _, a := range args {
		fmt.Fprintf(&script, " %q", a)
	}
	script.WriteString("\necho \"EXIT=$?\"\nsleep 60\n")
	path := filepath.Join(dir, "run.sh")
	if err := os.WriteFile(path, []byte(script.String()), 0o700); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestWizardInTmuxPlanFits: the plan for a key with two replicas, in a
// real terminal at 80x24 and at 60x20, says that more is below, scrolls
// to its last Region, shows the full detail on d, and never draws past
// the edge; the footer keeps "ctrl+c quit". Nothing is applied.
func TestWizardInTmuxPlanFits(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			if err := emu.Reset(); err != nil {
				t.Fatal(err)
			}
			p := newTmuxPane(t, size[0], size[1], wizardScript(t, nil))
			p.waitFor(15*time.Second, "Step 1 of 7", "Zoom plan")
			p.keys("Enter", "Enter", "Enter", "Enter")
			p.waitFor(15*time.Second, "Which key?")
			p.keys("Enter")
			p.waitFor(5*time.Second, "Primary Region")
			p.keys("Enter")
			p.waitFor(5*time.Second, "Replica Regions for us-east-1")
			p.keys("Down", "x", "Enter")
			p.waitFor(5*time.Second, "Step 3 of 7")
			p.keys("Enter", "Enter", "Enter", "Enter")
			screen := p.waitFor(15*time.Second, "Apply these 7 change", "more lines below", "ctrl+c quit")
			fits(t, screen, size[0])
			for range 40 {
				p.run("send-keys", "-t", p.target, "Down")
			}
			screen = p.waitFor(5*time.Second, "af-south-1 (Cape Town) · Replica", "d: each action in full", "ctrl+c quit")
			fits(t, screen, size[0])
			p.keys("d")
			screen = p.waitFor(5*time.Second, "Key policy to be set", "d: back to the short plan")
			fits(t, screen, size[0])
			p.keys("C-c")
			p.waitFor(5*time.Second, "EXIT=130")
		})
	}
}

// fits fails when a line of screen is wider than w columns.
func fits(t *testing.T, screen string, w int) {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		if ansi.StringWidth(l) > w {
			t.Fatalf("a line is %d columns wide, the pane %d:\n%s", ansi.StringWidth(l), w, screen)
		}
	}
}

// TestRunbookCommand: after a setup against the emulator, `runbook` prints
// the runbook of the saved session (no AWS call), and --output writes it
// and says where, in full.
func TestRunbookCommand(t *testing.T) {
	dir, stateFile, s := setupSession(t, "us-east-1", "us-west-2")
	r := zcmk(t, nil, "runbook", "--state-file", stateFile)
	if r.code != 0 {
		t.Fatalf("runbook: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"# Zoom Customer Managed Key: runbook", "## Keys", s.Keys[1].ARN, "## Back-out", "## Support ticket",
		"arn:aws:sts::123456789012:", "**Not AWS: this setup ran against the endpoint", "| us-east-1 | create key | done",
		"### Primary · us-east-1 (N. Virginia)", "### Replica · us-west-2 (Oregon)", "zcmk-tui version: "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("runbook lacks %q:\n%s", want, r.stdout)
		}
	}
	out := filepath.Join(dir, "rb.ja.md")
	r = zcmk(t, nil, "runbook", "--lang", "ja", "--output", out, "--state-file", stateFile)
	if r.code != 0 || !strings.Contains(r.stderr, out) {
		t.Fatalf("runbook --output: exit %d, stderr %q", r.code, r.stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(b), "切り戻し") {
		t.Fatalf("%s: %v\n%s", out, err, b)
	}
}

// setupSession resets the emulator and runs setup in a fresh folder with
// primary and the replicas ("" for none, else comma-separated); it returns
// the folder, the session file and the session, one key per Region.
func setupSession(t *testing.T, primary, replicas string) (dir, stateFile string, s *state.Session) {
	t.Helper()
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	stateFile = filepath.Join(dir, "session.json")
	args := []string{"setup", "--region", primary, "--yes", "--state-file", stateFile}
	want := 1
	if replicas != "" {
		args = append(args, "--replica-region", replicas)
		want += strings.Count(replicas, ",") + 1
	}
	if r := zcmk(t, nil, args...); r.code != 0 {
		t.Fatalf("setup: exit %d\n%s", r.code, r.stderr)
	}
	s, err := state.Load(stateFile)
	if err != nil || s == nil || len(s.Keys) != want {
		t.Fatalf("session %+v: %v", s, err)
	}
	return dir, stateFile, s
}

// TestWizardTermDumbIsLineMode: with TERM=dumb, in a real terminal (a pty),
// the wizard asks its questions as plain lines: no alternate screen, no
// cursor moves, no box characters.
func TestWizardTermDumbIsLineMode(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cmd := exec.Command(binPath, "--state-file", filepath.Join(dir, "session.json"))
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TERM=dumb"}, emu.Env(dir)...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 80, Rows: 24})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait(); _ = f.Close() }()
	var out syncBuffer
	go func() { _, _ = io.Copy(&out, f) }()
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(out.String(), "Step 1 of 7") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // whatever it draws after the first line
	got := out.String()
	if !strings.Contains(got, "Step 1 of 7") {
		t.Fatalf("no first step in line mode:\n%q", got)
	}
	for _, bad := range []string{"\x1b[?1049h", "\x1b[H", "\x1b[2J", "\x1b[?25l", "┃"} {
		if strings.Contains(got, bad) {
			t.Errorf("TERM=dumb output has %q:\n%q", bad, got)
		}
	}
}

// TestWizardExitLinesBreakAtSpaces: the lines the wizard leaves in the
// scrollback (the endpoint notice, the ARNs, where the session is) are
// broken at spaces to the terminal's width, ARNs whole; before, they went
// out unbroken and the terminal cut "continue" into "conti" and "nue".
func TestWizardExitLinesBreakAtSpaces(t *testing.T) {
	dir, _, s := setupSession(t, "us-east-1", "us-west-2")
	for _, width := range []int{80, 60} {
		p := newTmuxPane(t, width, 20, wizardScriptIn(t, dir, nil))
		p.waitFor(15*time.Second, "ctrl+c")
		p.keys("C-c")
		screen := p.waitFor(10*time.Second, "EXIT=130")
		fits(t, screen, width)
		joined := strings.Join(strings.Fields(screen), " ")
		for _, w := range []string{"continue where you left off", "not to AWS (endpoint override)", "(Configure Customer Managed Key), primary first:"} {
			if !strings.Contains(joined, w) {
				t.Errorf("%d columns: the exit lines break %q:\n%s", width, w, screen)
			}
		}
		for _, l := range strings.Split(screen, "\n") {
			if strings.HasPrefix(l, ":") || strings.HasPrefix(l, "nue ") {
				t.Errorf("%d columns: a line starts mid-word: %q\n%s", width, l, screen)
			}
		}
		if width == 80 {
			// An ARN fits 80 columns: on a line of its own, whole. (At 60
			// the terminal folds it; nothing is inserted into it.)
			for _, k := range s.Keys {
				if !strings.Contains(screen, "\n"+k.ARN+"\n") {
					t.Errorf("the ARN %s is not on a line of its own:\n%s", k.ARN, screen)
				}
			}
		}
	}
}
