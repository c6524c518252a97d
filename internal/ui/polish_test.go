package ui

import (
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// Issue 11: the first-time admin's path, screen by screen.

var realARN = regexp.MustCompile(`arn:aws:kms:[a-z0-9-]+:123456789012:key/mrk-[0-9a-f-]{32,36}`)

// TestEntersToARN counts the Enters from launch to the first real key
// ARN on screen, through the defaults against the emulator, every
// prerequisite confirmed on the way: at most 12.
func TestEntersToARN(t *testing.T) {
	eng, _ := motoEngine(t, "")
	h := newHarness(t, eng, nil, func(c *Config) { c.ClipboardOut = &strings.Builder{} })
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	n := 0
	for !realARN.MatchString(h.view()) {
		if n == 12 {
			t.Fatalf("no ARN on screen after %d Enters; step %s:\n%s", n, h.m.Step(), h.view())
		}
		h.enter(1)
		n++
	}
	if !h.m.f.confirmed {
		t.Fatal("an ARN came up without every prerequisite confirmed")
	}
	h.wantStep("key")
	t.Logf("a real ARN after %d Enters", n)
	// c copies the chosen ARN from the Done screen; ↓ chooses the next.
	h.typ("c")
	h.wantView("OSC 52", "c copy")
	keys := h.m.f.keysForDisplay()
	if len(keys) > 1 {
		h.key(tea.KeyDown)
		if h.m.key.arnSel != 1 {
			t.Fatalf("↓ on the Done screen: chosen %d, want 1", h.m.key.arnSel)
		}
	}
}
