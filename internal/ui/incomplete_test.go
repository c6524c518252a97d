package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// A session whose key set lacks an ARN (edited by hand, or damaged but
// still parseable) is never shown as the ARNs to paste: every face says
// what the exit summary says, INCOMPLETE, with the command that finishes
// it (internal/docs/incomplete.go).

// damagedSession is a finished session at the checklist whose second
// replica has lost its ARN: primary and one replica with ARNs.
func damagedSession() *state.Session {
	const id = "mrk-1234abcd12ab34cd56ef1234567890ab"
	arn := func(r string) string { return "arn:aws:kms:" + r + ":111122223333:key/" + id }
	return &state.Session{
		Version: 1, AccountID: "111122223333", Partition: "aws", Alias: "alias/zoom-cmk",
		PrimaryRegion: "us-east-1", Replicas: []string{"us-west-2", "eu-west-1"}, Step: "portal",
		Keys: []state.Key{
			{Region: "us-east-1", Role: state.RolePrimary, KeyID: id, ARN: arn("us-east-1")},
			{Region: "us-west-2", Role: state.RoleReplica, KeyID: id, ARN: arn("us-west-2")},
			{Region: "eu-west-1", Role: state.RoleReplica, KeyID: id, ARN: ""},
		},
		Ticks: map[string]bool{}, SetupAt: fixedNow,
	}
}

// wantIncomplete fails unless text labels the set incomplete as the exit
// summary does, with the command that finishes it, and lists no existing
// ARN as one to paste (an ARN shows only below "What exists now").
func wantIncomplete(t *testing.T, face, text string, lang i18n.Lang) {
	t.Helper()
	cat := CatalogueFor(lang)
	// Read across the line breaks (Japanese breaks between characters).
	flat := strings.Join(strings.Fields(text), "")
	for _, w := range []string{cat.T("exit.incomplete"), "zcmk-tui setup --region us-east-1 --replica-region us-west-2,eu-west-1"} {
		if !strings.Contains(flat, strings.Join(strings.Fields(w), "")) {
			t.Errorf("%s lacks %q:\n%s", face, w, text)
		}
	}
}

// The wizard resumes such a session at the key step (as the exit summary
// promises), not on the checklist; planning there does only what is left
// and the session is whole again.
func TestIncompleteSessionResumesAtTheKeyStep(t *testing.T) {
	eng, _ := motoEngine(t, "")
	whole := cliSession(t, eng, "ap-northeast-1", "ap-northeast-3")
	s := cloneSession(whole)
	s.Step = "portal"
	s.Keys[1].ARN = ""
	if sum := docs.ExitSummary(English, s, "S", false); !strings.Contains(sum, "INCOMPLETE") {
		t.Fatalf("the exit summary does not say INCOMPLETE:\n%s", sum)
	}
	h := newHarness(t, eng, s)
	h.wantStep("key")
	h.enter(2) // alias, rotation: the kept key has its own description and tags
	h.wantView("Nothing to change")
	h.enter(1)
	h.wantView("Nothing was changed")
	h.enter(1)
	h.wantStep("alerts") // the step after the key's
	if got := h.m.f.Sess.Keys; len(got) != 2 || got[1].ARN != whole.Keys[1].ARN {
		t.Errorf("after planning again the keys are %+v, want %+v", got, whole.Keys)
	}
}

// The Zoom-portal step, the ARNs step, the Done screen's copy key and the
// ticket of the full-screen wizard label the set incomplete, in English
// and Japanese.
func TestIncompleteSetOnTheWizardsSteps(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		t.Run(string(lang), func(t *testing.T) {
			s := damagedSession()
			s.Keys[2].ARN = "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
			h := newHarness(t, &stubEngine{}, s, func(c *Config) { c.Lang, c.LangGiven = lang, true })
			h.wantStep("portal")
			h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			h.m.f.Sess.Keys[2].ARN = "" // damaged while open, as on disk
			v := h.view()
			checkFits(t, v, 80, 24)
			wantIncomplete(t, "the portal step", v, lang)
			if !strings.Contains(v, CatalogueFor(lang).T("exit.missing")) {
				t.Errorf("the portal step does not say which key is missing:\n%s", v)
			}
			ticket := h.m.f.TicketIn(CatalogueFor(lang).Printer())
			if strings.Contains(ticket, "arn:aws:kms:") || !strings.Contains(ticket, "INCOMPLETE") && !strings.Contains(ticket, "未完成") {
				t.Errorf("the ticket lists a partial set:\n%s", ticket)
			}

			h.m.step = flow.StepARNs
			h.arn().syncKeys()
			v = h.view()
			checkFits(t, v, 80, 24)
			wantIncomplete(t, "the ARNs step", v, lang)
			if strings.Contains(v, CatalogueFor(lang).T("arns.intro")[:20]) {
				t.Errorf("the ARNs step says to paste a partial set:\n%s", v)
			}
			if h.arn().keys.Copy.Enabled() {
				t.Errorf("the ARNs step copies an ARN of a partial set")
			}
		})
	}
}

// The accessible mode's ARNs step says the same.
func TestAccessibleIncompleteSetARNs(t *testing.T) {
	var out strings.Builder
	f := flow.New(withDefaults(Config{Session: damagedSession(), Now: func() time.Time { return fixedNow }}))
	p := newPainter(f)
	a := &plain{f: f, r: &p, ctx: context.Background(), in: newLineReader(context.Background(), strings.NewReader("\n"), nil), out: &out, step: flow.StepARNs}
	if err := a.arns(); err != nil {
		t.Fatal(err)
	}
	wantIncomplete(t, "the accessible ARNs step", out.String(), i18n.English)
	if strings.Contains(out.String(), "Paste these into the Zoom web portal") {
		t.Errorf("the accessible ARNs step says to paste a partial set:\n%s", out.String())
	}
}

// The runbook (the wizard's m and `zcmk-tui runbook`) labels the set
// incomplete above its key table, marks the missing key, and neither its
// checklist nor its ticket lists the partial set as the ARNs to paste.
func TestRunbookOfAnIncompleteSet(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		t.Run(string(lang), func(t *testing.T) {
			s := damagedSession()
			rb := runbookFor(Config{Session: s, Lang: lang, LangGiven: true, Now: func() time.Time { return fixedNow }})
			cat := CatalogueFor(lang)
			wantIncomplete(t, "the runbook", rb, lang)
			if !strings.Contains(rb, "| "+cat.T("exit.missing")+" |") {
				t.Errorf("the runbook's key table does not mark the missing key:\n%s", rb)
			}
			pasteHead := i18n.NewPrinter(lang).T("zoom.checklist.arns")
			if strings.Contains(rb, pasteHead) {
				t.Errorf("the runbook's checklist lists ARNs to paste (%q):\n%s", pasteHead, rb)
			}
			if strings.Contains(rb, "  - arn:aws:kms:") {
				t.Errorf("the runbook's ticket lists a partial set:\n%s", rb)
			}
			if n := strings.Count(rb, "`"+s.Keys[0].ARN+"`"); n != 1 {
				t.Errorf("the primary's ARN is listed %d times in the runbook, want once (the key table):\n%s", n, rb)
			}
		})
	}
}
