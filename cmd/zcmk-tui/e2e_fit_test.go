package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// TestWizardInTmuxDrillImpactScrolls: the drill's full-outage impact for a
// key set of three Regions, in a real terminal at 80x24 and at 60x20, says
// that more is below and ↓ brings its last advice into view; the footer
// keeps "esc close" and "ctrl+c quit". Nothing is disabled (the alias is
// never typed).
func TestWizardInTmuxDrillImpactScrolls(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			dir, path, s := setupSession(t, "ap-southeast-1", "eu-west-1,eu-west-2")
			s.Step = "portal"                                       // the wizard resumes at the checklist
			s.Ticks = map[string]bool{zoom.StepTestRecording: true} // the drill comes after a test recording
			if err := state.Save(path, s); err != nil {
				t.Fatal(err)
			}
			p := newTmuxPane(t, size[0], size[1], wizardScriptIn(t, dir, nil))
			p.waitFor(15*time.Second, "Step 7 of 7", "ctrl+c quit")
			p.keys("d")
			p.waitFor(15*time.Second, "Key-outage drill", "will be DISABLED")
			// Each scope is checked again before the next press counts: wait
			// for it, so that a loaded machine cannot drop the second press.
			p.keys("s")
			p.waitFor(15*time.Second, "scope primary")
			p.keys("s")
			screen := p.waitFor(15*time.Second, "FULL OUTAGE", "more lines below", "esc close", "ctrl+c quit")
			fits(t, screen, size[0])
			if strings.Contains(screen, "kms:EnableKey") {
				t.Fatalf("the test needs an impact taller than the window:\n%s", screen)
			}
			for range 12 {
				p.keys("Down")
			}
			screen = p.waitFor(5*time.Second, "kms:EnableKey.", "esc close", "ctrl+c quit")
			fits(t, screen, size[0])
			p.keys("Escape")
			p.waitFor(5*time.Second, "Key ARNs")
			p.keys("C-c")
			p.waitFor(5*time.Second, "EXIT=130")
		})
	}
}
