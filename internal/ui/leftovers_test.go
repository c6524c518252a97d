package ui

import (
	"strings"
	"testing"
)

// The replica list of a key that already has replicas marks them as the
// key's existing replicas, not as a suggestion (issue 11).
func TestReplicaListMarksExistingReplica(t *testing.T) {
	for _, existing := range []bool{false, true} {
		s := doneSession()
		s.Step = "regions"
		if existing {
			s.WizardExistingKey = s.Keys[0].ARN
		}
		h := newHarness(t, &stubEngine{}, s)
		h.wantStep("regions")
		h.enter(2) // the key (kept or existing), then its primary or reference
		h.wantView("Replica Regions for")
		var line string
		for _, l := range strings.Split(h.view(), "\n") {
			if strings.Contains(l, "us-west-2") {
				line = l
			}
		}
		if !strings.Contains(line, "(existing replica)") || strings.Contains(line, "(suggested)") {
			t.Errorf("existing=%v: us-west-2 not marked as the existing replica: %q", existing, line)
		}
	}
}
