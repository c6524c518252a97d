package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
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
		// An existing key is read from AWS (which has its replica too).
		h := newHarness(t, &stubEngine{keyReplicas: []string{"us-west-2"}}, s)
		h.wantStep("regions")
		// The key (kept or existing), then the existing key's reference;
		// the kept key's primary Region is not asked (it cannot change).
		if existing {
			h.enter(2)
		} else {
			h.enter(1)
		}
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
	s := h.m.f.Sess
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

// A validation error and the exit lines wrap at word boundaries: no word
// and no Region code is split across lines, at 80 and at 60 columns
// (issue 11).
func TestErrorsAndExitLinesWrapAtWords(t *testing.T) {
	for _, w := range []int{80, 60} {
		s := doneSession()
		s.Step, s.Keys = "regions", nil
		h := newHarness(t, &stubEngine{}, s)
		h.send(tea.WindowSizeMsg{Width: w, Height: 30})
		h.wantStep("regions")
		h.key(tea.KeyDown) // an existing key
		h.enter(1)
		h.typ("arn:aws:kms:xx-east-9:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab")
		h.enter(1)
		v := h.view()
		if !strings.Contains(v, "unknown Region") {
			t.Fatalf("%d columns: no validation error:\n%s", w, v)
		}
		msg := v[strings.Index(v, "unknown Region"):strings.LastIndex(v, "\n")]
		for _, l := range strings.Split(msg, "\n") {
			if strings.HasSuffix(strings.TrimRight(l, " "), "-") {
				t.Errorf("%d columns: the error breaks after a hyphen: %q", w, l)
			}
		}
		for _, r := range zoom.Regions() {
			checkWordsWhole(t, msg, r.Code)
		}
		checkFits(t, v, w, 30)
	}
	s := doneSession()
	s.Step = "key"
	sum := docs.ExitSummary(English, s, "/home/admin/.local/state/zcmk-tui/session.json", false)
	for _, w := range []int{80, 60} {
		out := FitExit(sum, w)
		checkWordsWhole(t, out, "continue", "again", s.Keys[0].ARN, docs.FinishCommand(s), "/home/admin/.local/state/zcmk-tui/session.json")
		for _, l := range strings.Split(out, "\n") {
			if len(l) > w && strings.Contains(strings.TrimLeft(l, " "), " ") && !strings.HasPrefix(l, "  ") {
				t.Errorf("%d columns: exit line too wide: %q", w, l)
			}
		}
	}
}

// checkWordsWhole fails when one of words is not whole on one line of v.
func checkWordsWhole(t *testing.T, v string, words ...string) {
	t.Helper()
	for _, word := range words {
		if !strings.Contains(v, word) {
			t.Errorf("%q is split or missing:\n%s", word, v)
		}
	}
}

// In the accessible mode, "n" to the data types and to group scoping is
// honoured: no data types are asked for and no ticket is printed (issue 11).
func TestAccessibleHonoursNo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.json")
	lines := []string{
		"", "", "", "", // prerequisites: yes
		"", "", "0", // new key, primary ap-northeast-1, replicas: keep Osaka, done
		"", "", "", "", // alias, description, tags, rotation
		"y",    // apply: a typed yes
		"", "", // the alerts step: yes, no address (nothing set up)
		"",      // after the policy
		"",      // after the ARNs
		"y", "", // ticked: paste the ARNs; not yet: standby
		"n",                      // data types: not yet
		"y", "admin@example.com", // alert e-mails: ticked, one address
		"n",         // the tamper alerts for it: not now
		"n", "", "", // group scoping: no; test recording, CloudTrail
		"n", // runbook
		"n", // verify now
	}
	var out strings.Builder
	cfg := Config{Engine: &stubEngine{}, StatePath: path, Now: func() time.Time { return fixedNow }, Interactive: true}
	_, _, err := RunAccessible(context.Background(), cfg, strings.NewReader(strings.Join(lines, "\n")+"\n"), &out)
	text := out.String()
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	for _, unwanted := range []string{English.T("portal.types"), "Customer Managed Key: limit CMK to user groups"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("after \"n\" the accessible mode still shows %q:\n%s", unwanted, text)
		}
	}
	saved, _ := state.Load(path)
	if saved == nil || len(saved.DataTypes) != 0 || strings.Join(saved.AlertEmails, ",") != "admin@example.com" {
		t.Errorf("session: %+v\n%s", saved, text)
	}
}
