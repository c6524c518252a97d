package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// noAWSScript writes a script that runs the binary with args on a machine
// with no AWS settings at all (only PATH, HOME and TERM).
func noAWSScript(t *testing.T, dir string, args ...string) string {
	t.Helper()
	script := filepath.Join(dir, "run.sh")
	body := fmt.Sprintf("#!/bin/sh\ncd %q\nexec env -i PATH=%q HOME=%q TERM=xterm-256color XDG_STATE_HOME=%q AWS_EC2_METADATA_DISABLED=true %q %s\n",
		dir, os.Getenv("PATH"), dir, filepath.Join(dir, "state"), binPath, strings.Join(args, " "))
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	return script
}

// TestWizardInTmuxNoCredentialsPractice: the real mode's first screen on a
// machine with no credentials offers practice with one key (issue 22 item
// 6); p starts the wizard again in practice mode.
func TestWizardInTmuxNoCredentialsPractice(t *testing.T) {
	dir := t.TempDir()
	p := newTmuxPane(t, 100, 30, noAWSScript(t, dir))
	p.waitFor(20*time.Second, "Step 1 of 7: Prerequisites")
	p.keys("Enter", "Enter", "Enter", "Enter")
	p.waitFor(30*time.Second, "Press p to practise")
	p.keys("p")
	p.waitFor(20*time.Second, "PRACTICE", "Step 1 of 7: Prerequisites", "practice AWS inside zcmk-tui")
}

// TestWizardAccessibleNoCredentialsPractice: the plain prompts ask the same
// question; yes (enter) goes on in practice mode, on the same input.
func TestWizardAccessibleNoCredentialsPractice(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(binPath, "--accessible")
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "XDG_STATE_HOME=" + filepath.Join(dir, "state"), "AWS_EC2_METADATA_DISABLED=true"}
	// Four prerequisites, practise: yes; then the practice wizard's four
	// prerequisites and its checks pass (its Regions step then meets the end).
	cmd.Stdin = strings.NewReader(strings.Repeat("\n", 5+4))
	out, _ := cmd.CombinedOutput()
	text := string(out)
	for _, want := range []string{"Practise without an AWS account?", "PRACTICE MODE", "account 111122223333", "Step 2 of 7: Regions"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
}
