package main

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/state"
)

// Issue 26: ctrl+c ends the wizard with the session saved and one line
// saying what was and was not changed, exit 130 (the plain prompts' ctrl+c
// and line breaking: internal/ui/accessible_plain_test.go).

// TestWizardCtrlCExits130WithOneLine: the full-screen wizard, ctrl+c on
// step 2 (nothing written yet).
func TestWizardCtrlCExits130WithOneLine(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := newTmuxPane(t, 80, 24, wizardScriptIn(t, dir, nil))
	p.waitFor(15*time.Second, "Step 1 of 7: Prerequisites", "KMS answers in us-east-1")
	p.keys("Enter", "Enter", "Enter", "Enter")
	p.waitFor(5*time.Second, "Step 2 of 7: Regions", "Which key?")
	p.keys("C-c")
	p.waitFor(10*time.Second, "EXIT=130", "Stopped: nothing was written to AWS in this run")
	if s, err := state.Load(filepath.Join(dir, "session.json")); err != nil || s == nil || s.Step != "regions" {
		t.Errorf("session after ctrl+c: %+v, %v; want it saved at step regions", s, err)
	}
}
