package main

import (
	"strings"
	"testing"
)

// Shell completion speaks cobra's protocol (candidate, tab, description):
// the net for outside text must not escape its tabs, or no shell completes.
func TestCompletionKeepsItsTabs(t *testing.T) {
	r := zcmk(t, nil, "__complete", "se")
	if r.code != 0 || !strings.Contains(r.stdout, "setup\t") || strings.Contains(r.stdout, `\x09`) {
		t.Errorf("__complete se: exit %d, want a tab after the candidate:\n%q", r.code, r.stdout)
	}
}
