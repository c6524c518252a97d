package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/setup"
)

// startBlockedWrite walks to the plan, confirms it and leaves the write in
// flight (its command is not run), then presses ctrl+c.
func startBlockedWrite(t *testing.T) (*harness, *stubEngine) {
	t.Helper()
	eng := &stubEngine{}
	h := newHarness(t, eng, nil)
	h.enter(4 + 3 + 4)
	h.wantView("Apply these")
	_, _ = h.m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if !h.m.writing() {
		t.Fatal("not writing after the confirmation")
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlC})
	h.wantView("A change to AWS is in progress. Stop it?")
	return h, eng
}

// finished is what Apply answers when every Region was done.
func finished(t *testing.T, h *harness, eng *stubEngine) applyDoneMsg {
	t.Helper()
	res, err := eng.Apply(context.Background(), h.m.f.Plan, func(setup.Event) {})
	if err != nil {
		t.Fatal(err)
	}
	return applyDoneMsg{res: res, gen: h.keyStep().gen}
}

// The write finishes while the stop question is open: the question says so,
// and y then quits at once (nothing is left to stop), without claiming an
// interruption; the exit summary lists the finished set.
func TestStopQuestionWhenTheWriteFinishesFirst(t *testing.T) {
	h, eng := startBlockedWrite(t)
	h.send(finished(t, h, eng))
	h.wantView("The change has finished in the meantime", "Done: 5 changes made.", "y yes • n/esc no")
	h.typ("y")
	if !h.quit {
		t.Fatalf("y after the write finished should quit; view:\n%s", h.view())
	}
	if h.m.Aborted() {
		t.Error("nothing was interrupted, but the wizard reports a stopped write")
	}
	got := docs.ExitSummary(English, h.m.Session(), h.m.cfg.StatePath, false)
	if !strings.Contains(got, "Key ARNs for the Zoom web portal") || strings.Contains(got, "INCOMPLETE") ||
		strings.Count(got, "arn:aws:kms:") != 2 {
		t.Errorf("exit summary of a finished set:\n%s", got)
	}
}

// n leaves the question after the write finished too; enter then goes on.
func TestStopQuestionAnsweredNoAfterTheWriteFinished(t *testing.T) {
	h, eng := startBlockedWrite(t)
	h.send(finished(t, h, eng))
	h.typ("n")
	if h.quit || h.m.quitAsk {
		t.Fatal("n should close the question and stay")
	}
	h.enter(1)
	h.wantStep("alerts") // the step after the key's

}

// y before the write finishes: the wizard waits for Apply, then quits. A
// write really cut short leaves an incomplete set, labelled as such with the
// command that finishes it, never listed as the ARNs to paste.
func TestStopQuestionWhenTheAnswerComesFirst(t *testing.T) {
	h, _ := startBlockedWrite(t)
	h.typ("y")
	if h.quit || !h.m.stopping || h.m.ctx.Err() == nil {
		t.Fatal("y should cancel the write and wait for it to return")
	}
	h.wantView("Stopping…")
	res := h.m.f.Plan.Result()
	res.Keys[0].KeyID = "mrk-1234abcd12ab34cd56ef1234567890ab"
	res.Keys[0].ARN = "arn:aws:kms:ap-northeast-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	h.send(applyDoneMsg{res: res, err: context.Canceled, gen: h.keyStep().gen})
	if !h.quit || !h.m.Aborted() {
		t.Fatal("the wizard should quit, reporting the stop, once Apply has returned")
	}
	got := docs.ExitSummary(English, h.m.Session(), h.m.cfg.StatePath, false)
	for _, want := range []string{"INCOMPLETE", "Do not paste",
		"zcmk-tui setup --region ap-northeast-1 --replica-region ap-northeast-3 --key " + res.Keys[0].ARN,
		"Replica, ap-northeast-3:\n(not created yet)"} {
		if !strings.Contains(got, want) {
			t.Errorf("exit summary lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Key ARNs for the Zoom web portal") {
		t.Errorf("an incomplete set is listed as the ARNs to paste:\n%s", got)
	}

	// The stop came too late: Apply finished every Region anyway.
	h, eng := startBlockedWrite(t)
	h.typ("y")
	h.send(finished(t, h, eng))
	if !h.quit || h.m.Aborted() {
		t.Fatalf("quit %v, aborted %v; want a quit without a reported stop", h.quit, h.m.Aborted())
	}
	if got := docs.ExitSummary(English, h.m.Session(), "", false); strings.Contains(got, "INCOMPLETE") || strings.Count(got, "arn:aws:kms:") != 2 {
		t.Errorf("exit summary of a set finished despite the stop:\n%s", got)
	}
}

// TestFlowCtrlCWhileWritingThenYesAfterItFinished is the reported hang, on
// the real engine and the emulator: ctrl+c while ReplicateKey is held, the
// write finishes, then y. The wizard quits at once and reports the whole set.
func TestFlowCtrlCWhileWritingThenYesAfterItFinished(t *testing.T) {
	f := startHeldWrite(t, 80, 24)
	path := f.path
	f.wait("The change has finished in the meantime")
	f.key("y")
	f.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	m := f.tm.FinalModel(t).(*Model)
	if m.Aborted() {
		t.Error("the write finished, but the wizard reports it stopped")
	}
	got := docs.ExitSummary(English, m.Session(), path, false)
	if strings.Contains(got, "INCOMPLETE") || strings.Count(got, "arn:aws:kms:") != 2 {
		t.Errorf("exit summary:\n%s", got)
	}
}

// A stop that cuts CreateKey off mid-call: nothing is recorded (no ARN came
// back), and the note after the summary says the key may exist and that a
// rerun adopts it, instead of implying that nothing was made.
func TestStopDuringCreateKeySaysTheOutcomeIsUnknown(t *testing.T) {
	h, eng := startBlockedWrite(t)
	createKey := setup.Event{Region: "ap-northeast-1", Action: setup.ActCreateKey, Status: setup.StatusStarted}
	eng.applyEvents = []setup.Event{createKey}
	createKey.Status, createKey.Err = setup.StatusFailed, context.Canceled
	eng.stopEvents = []setup.Event{createKey}
	applyStopped(t, h, eng)
	if !h.quit || !h.m.Aborted() {
		t.Fatal("the wizard should quit, reporting the stop")
	}
	note := h.m.ExitNote()
	// It names the exact command that finishes the job, and no list that
	// is not on screen (issue 26).
	for _, want := range []string{"create key in ap-northeast-1 (Tokyo)", "outcome is unknown", "never makes a second one",
		"\n  zcmk-tui setup --region ap-northeast-1"} {
		if !strings.Contains(note, want) {
			t.Errorf("exit note lacks %q: %q", want, note)
		}
	}
	if strings.Contains(note, "listed above") {
		t.Errorf("exit note refers to a list that is not on screen: %q", note)
	}
	if got := docs.ExitSummary(English, h.m.Session(), "", false); strings.Contains(got, "arn:") {
		t.Errorf("exit summary lists a key that never came back:\n%s", got)
	}

	// A stop between calls cuts nothing off: no note.
	h, eng = startBlockedWrite(t)
	applyStopped(t, h, eng)
	if n := h.m.ExitNote(); n != "" {
		t.Errorf("note after a stop between calls: %q", n)
	}
}

// applyStopped runs the write startBlockedWrite left in flight (its
// command, on eng's blocked Apply), answers y to the stop question and
// hands the command's answer to the wizard.
func applyStopped(t *testing.T, h *harness, eng *stubEngine) {
	t.Helper()
	eng.applyBlocks, eng.applying = true, make(chan struct{})
	done := make(chan tea.Msg, 1)
	cmd := applyCmd(h.m.ctx, eng, h.m.f.Plan, make(chan setup.Event, 256), h.keyStep().gen)
	go func() { done <- cmd() }()
	<-eng.applying
	h.typ("y") // stop: cancels the write
	h.send(<-done)
}

// TestBothFacesCountTheCallsAStopCutShort: CreateKey whose attempt timed
// out (its outcome unknown) while the stop came. The full screen counted
// only a call that failed with context.Canceled and said nothing of it,
// the accessible face said nothing at all; the command line named it. Now
// all three ask the engine (setup.InFlight): both faces of the wizard say
// the key may exist, as the command line does.
func TestBothFacesCountTheCallsAStopCutShort(t *testing.T) {
	started := setup.Event{Region: "ap-northeast-1", Action: setup.ActCreateKey, Status: setup.StatusStarted}
	timedOut := started
	timedOut.Status = setup.StatusFailed
	timedOut.Err = &setup.Error{Kind: setup.KindAmbiguous, Op: "CreateKey", Region: "ap-northeast-1", Err: context.DeadlineExceeded}
	want := "create key in ap-northeast-1 (Tokyo)"

	// The command line's rule, which both faces now share.
	var flight setup.InFlight
	flight.Track(started)
	flight.Track(timedOut)
	if cut := flight.CutShort(); len(cut) != 1 || cut[0].Call != "CreateKey" {
		t.Fatalf("the engine's rule: %+v", cut)
	}

	// The full screen.
	h, eng := startBlockedWrite(t)
	eng.applyEvents, eng.stopEvents = []setup.Event{started}, []setup.Event{timedOut}
	applyStopped(t, h, eng)
	if note := h.m.ExitNote(); !strings.Contains(note, want) || !strings.Contains(note, "outcome is unknown") {
		t.Errorf("full screen: the exit note does not name the call: %q", note)
	}

	// The accessible face.
	eng = &stubEngine{applyBlocks: true, applying: make(chan struct{}),
		applyEvents: []setup.Event{started}, stopEvents: []setup.Event{timedOut}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-eng.applying
		cancel() // ctrl+c
	}()
	var out strings.Builder
	cfg := Config{Engine: eng, StatePath: filepath.Join(t.TempDir(), "session.json"), Now: func() time.Time { return fixedNow }, Yes: true}
	input := strings.Join([]string{"", "", "", "", "", "", "0", "", "", "", ""}, "\n") + "\n"
	_, _, err := RunAccessible(ctx, cfg, strings.NewReader(input), &out)
	if !errors.Is(err, ErrAborted) {
		t.Fatalf("accessible: %v\n%s", err, out.String())
	}
	if text := strings.Join(strings.Fields(out.String()), " "); !strings.Contains(text, want) || !strings.Contains(text, "outcome is unknown") {
		t.Errorf("accessible: the output does not name the call:\n%s", out.String())
	}
}
