package main

import (
	"strings"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// TestWizardInTmuxHostileKeyLeavesTheClipboard: in tmux with set-clipboard
// on (tmux makes a paste buffer of every OSC 52 it is sent), walking the
// wizard over a key whose Sids, description, tags and alias listing hold an
// OSC 52 sequence leaves no paste buffer but the one the tool's own copy
// action made, holding the key's ARN.
func TestWizardInTmuxHostileKeyLeavesTheClipboard(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	awstest.CreateHostileKey(t, emu.URL, "us-east-1", "123456789012", zoom.DefaultAlias)
	proxy := faultproxy.New(t, emu.URL)
	proxy.Add(faultproxy.Fault{Op: "ListAliases", Rewrite: func(_ faultproxy.Request, b []byte) []byte { return awstest.HostileAliases(b) }})
	dir := t.TempDir()
	script := wizardScriptIn(t, dir, []string{"AWS_ENDPOINT_URL=" + proxy.URL})

	p := newTmuxPane(t, 100, 30, script)
	p.run("set-option", "-g", "set-clipboard", "on")
	buffers := func() []string {
		out := strings.TrimSpace(p.run("list-buffers", "-F", "#{buffer_name}"))
		if out == "" {
			return nil
		}
		var all []string
		for _, name := range strings.Split(out, "\n") {
			all = append(all, p.run("show-buffer", "-b", name))
		}
		return all
	}
	p.waitFor(20*time.Second, "Step 1 of 7: Prerequisites", "KMS answers in us-east-1")
	p.keys("Enter", "Enter", "Enter", "Enter")
	p.waitFor(5*time.Second, "Step 2 of 7: Regions", "Which key?")
	p.keys("Enter")
	p.waitFor(5*time.Second, "Primary Region")
	p.keys("Enter")
	p.waitFor(5*time.Second, "Replica Regions for us-east-1")
	p.keys("Enter")
	// The alias names the hostile key (read first): only rotation is asked besides.
	p.waitFor(5*time.Second, "Step 3 of 7: Key", "Alias (created in every Region", "> alias/zoom-cmk")
	p.keys("Enter")
	p.waitFor(5*time.Second, "Automatic key rotation")
	p.keys("Enter")
	// The plan names the statements: wait for it, or for a paste buffer
	// made meanwhile (a screen cleared by a sequence never shows the plan).
	for deadline := time.Now().Add(20 * time.Second); ; {
		if b := buffers(); len(b) != 0 {
			t.Fatalf("paste buffers the tool did not make: %q", b)
		}
		screen := p.capture()
		if strings.Contains(screen, "Apply these") && strings.Contains(screen, `\x1b]52`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the plan with the escaped Sid did not show; the screen shows:\n%s", screen)
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.keys("d") // the plan's detail, with every Sid
	time.Sleep(500 * time.Millisecond)
	p.keys("Enter")
	p.waitFor(30*time.Second, "Done:")
	p.keys("Enter")
	p.skipAlerts()
	p.waitFor(5*time.Second, "Step 5 of 7: Policy")
	p.keys("Enter")
	screen := p.waitFor(5*time.Second, "Step 6 of 7: ARNs", "Primary · us-east-1")
	if b := buffers(); len(b) != 0 {
		t.Fatalf("paste buffers the tool did not make: %q", b)
	}
	shown := arnsMatchEmulator(t, screen, "us-east-1", "us-west-2")
	p.keys("c") // the tool's own copy action
	deadline := time.Now().Add(5 * time.Second)
	var got []string
	for time.Now().Before(deadline) {
		if got = buffers(); len(got) > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(got) == 0 {
		t.Fatal("the copy action made no paste buffer: the test cannot tell what tmux takes")
	}
	for _, b := range got {
		if b != shown[0] {
			t.Errorf("a paste buffer holds %q, want only the primary's ARN %s", b, shown[0])
		}
	}
}
