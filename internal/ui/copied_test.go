package ui

import (
	"strings"
	"testing"
)

// "copied" is said honestly: OSC 52 is mentioned only when it was sent.
func TestOnCopiedSaysOSC52OnlyWhenSent(t *testing.T) {
	m := New(Config{Engine: &stubEngine{}})
	m.onCopied(copiedMsg{native: true})
	if strings.Contains(m.flash, "OSC 52") || !strings.Contains(m.flash, "Copied to the clipboard") {
		t.Errorf("native only: %q", m.flash)
	}
	m.onCopied(copiedMsg{native: true, osc52: true})
	if !strings.Contains(m.flash, "OSC 52") {
		t.Errorf("native and OSC 52: %q", m.flash)
	}
}
