package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPracticeWizardInTmux walks the practice wizard in a real terminal on
// a machine with no AWS settings at all (only PATH, HOME and TERM): every
// screen says PRACTICE, a key set is made in the practice AWS, its ARNs are
// marked as not real, and once they are ticked as pasted into the portal,
// verify sees Zoom using the key, as it would for real. Then the drill opens.
func TestPracticeWizardInTmux(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "run.sh")
	body := fmt.Sprintf("#!/bin/sh\ncd %q\nexec env -i PATH=%q HOME=%q TERM=xterm-256color XDG_STATE_HOME=%q %q --practice\n",
		dir, os.Getenv("PATH"), dir, filepath.Join(dir, "state"), binPath)
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	p := newTmuxPane(t, 100, 30, script)
	p.waitFor(20*time.Second, "PRACTICE", "Step 1 of 7: Prerequisites", "account 111122223333", "practice AWS inside zcmk-tui")
	p.keys("Enter", "Enter", "Enter", "Enter")
	p.waitFor(10*time.Second, "Step 2 of 7: Regions")
	p.keys("Enter", "Enter", "Enter")
	// The alias is read first; then the questions of a new key.
	p.waitFor(10*time.Second, "Step 3 of 7: Key", "PRACTICE", "Alias (created in every Region")
	p.keys("Enter")
	p.waitFor(10*time.Second, "Description of the key")
	p.keys("Enter", "Enter", "Enter")
	p.waitFor(20*time.Second, "Apply these 5 changes to AWS account 111122223333?")
	p.keys("Enter")
	p.waitFor(30*time.Second, "Done: 5 changes made.", "PRACTICE keys, not real")
	p.keys("Enter")
	p.skipAlerts()
	p.waitFor(10*time.Second, "Step 5 of 7: Policy")
	p.keys("Enter")
	screen := p.waitFor(10*time.Second, "Step 6 of 7: ARNs", "PRACTICE keys, not real", "arn:aws:kms:us-east-1:111122223333:key/mrk-")
	if !strings.Contains(screen, "PRACTICE") {
		t.Fatalf("the ARN screen does not say practice:\n%s", screen)
	}
	p.keys("Enter")
	p.waitFor(10*time.Second, "Step 7 of 7: Zoom portal")
	p.keys(" ") // the ARNs are "in the portal": Zoom starts to use the key set
	p.keys("v")
	p.waitFor(30*time.Second, "last used", "GenerateDataKey")
	p.keys("Escape")
	// The drill is offered once a test recording is made (item 6).
	p.keys("Down", "Down", "Down", "Down", "Down", " ")
	p.waitFor(10*time.Second, "press d for a key-outage drill")
	p.keys("d")
	p.waitFor(20*time.Second, "PRACTICE", "Key-outage drill", "simulated")
}
