package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// wizardScript writes a shell script that runs the wizard with args
// against the emulator, in a clean home, and keeps the pane open after.
func wizardScript(t *testing.T, extraEnv []string, args ...string) string {
	t.Helper()
	dir := t.TempDir()
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
			p.waitFor(15*time.Second, "Step 1 of 6", "Zoom plan")
			p.keys("Enter", "Enter", "Enter", "Enter")
			p.waitFor(15*time.Second, "Which key?")
			p.keys("Enter")
			p.waitFor(5*time.Second, "Primary Region")
			p.keys("Enter")
			p.waitFor(5*time.Second, "Replica Regions for us-east-1")
			p.keys("Down", "x", "Enter")
			p.waitFor(5*time.Second, "Step 3 of 6")
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
			p.waitFor(5*time.Second, "EXIT=0")
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
