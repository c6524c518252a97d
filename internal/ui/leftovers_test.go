package ui

import (
	tea "github.com/charmbracelet/bubbletea"
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

// The ticket overlay's "e" asks for the Zoom account number and the user
// groups; they are saved in the session and fill the ticket, in both
// languages, and the runbook (issue 11).
func TestTicketTakesAccountNumberAndGroups(t *testing.T) {
	h := newHarness(t, &stubEngine{}, doneSession())
	h.wantStep("portal")
	h.typ("s")
	h.wantView("<your Zoom account", "e account number, groups")
	h.typ("e")
	h.wantView("Zoom account number")
	h.typ("12a")
	h.enter(1)
	h.wantView("digits only")
	h.key(tea.KeyBackspace)
	h.typ("34567890")
	h.enter(1)
	h.typ("Finance,  Legal")
	h.enter(1)
	h.wantView("Support ticket", "1234567890", "Finance, Legal")
	s := h.m.f.sess
	if s.ZoomAccountNumber != "1234567890" || s.TicketGroups != "Finance, Legal" {
		t.Fatalf("session: account %q, groups %q", s.ZoomAccountNumber, s.TicketGroups)
	}
	h.typ("L")
	h.wantView("1234567890", "Finance, Legal")
	if rb := h.m.Runbook(); !strings.Contains(rb, "1234567890") || !strings.Contains(rb, "Finance, Legal") {
		t.Fatalf("runbook lacks the account number or groups:\n%s", rb)
	}
	// esc from the form goes back to the ticket, the ticket's esc to the checklist.
	h.typ("e")
	h.key(tea.KeyEsc)
	h.wantView("1234567890")
	h.key(tea.KeyEsc)
	h.wantView("Zoom portal")
}
