package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The drill in the wizard, against the emulator. Key states are read with
// the test's own SDK calls (awstest), never through the engine. Every test
// ends with every key Enabled (checked).

// keyState reads the key's state in region with a separate client.
func keyState(t *testing.T, url, region, keyID string) string {
	t.Helper()
	out, err := awstest.Client(t, url, region).DescribeKey(context.Background(), &kms.DescribeKeyInput{KeyId: sdkaws.String(keyID)})
	if err != nil {
		t.Fatal(err)
	}
	return string(out.KeyMetadata.KeyState)
}

// loadSession waits for the session file to satisfy ok (saves run as commands).
func loadSession(t *testing.T, path string, ok func(*state.Session) bool) *state.Session {
	t.Helper()
	var s *state.Session
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if s, _ = state.Load(path); s != nil && ok(s) {
			return s
		}
	}
	t.Fatalf("session file: %+v", s)
	return nil
}

// toChecklist sets a key set up through the wizard (us-east-1 and a
// replica in us-west-2) and walks on to the Zoom-portal step.
func (f *teaFlow) toChecklist() *state.Session {
	f.walkToPlan()
	f.enter(1)
	// moto copies the alias into the replica Region: its CreateAlias there is "unchanged", 4 of 5 changes made.
	f.wait("Done: 4 changes made.")
	f.enter(1)
	f.skipAlerts()
	f.enter(2)
	f.wait("Step 7 of 7: Zoom portal", "Paste the key ARNs")
	// Item 6, the test recording, ticked: the drill is offered after it.
	for range 5 {
		f.key("down")
	}
	f.key(" ")
	f.wait("press d for a key-outage drill")
	return loadSession(f.t, f.path, func(s *state.Session) bool {
		return len(s.Keys) == 2 && s.Ticks[zoom.StepTestRecording]
	})
}

// everyKeyEnabled fails the test unless every key of s is Enabled.
func everyKeyEnabled(t *testing.T, url string, s *state.Session) {
	t.Helper()
	for _, k := range s.Keys {
		if st := keyState(t, url, k.Region, k.KeyID); st != "Enabled" {
			t.Errorf("%s: key %s after the drill, want Enabled", k.Region, st)
		}
	}
}

// startDrill opens the drill, passes the preflight and types the alias.
func (f *teaFlow) startDrill() {
	f.key("d")
	f.wait("Key-outage drill", "will be DISABLED", "stays Enabled", "test Zoom account")
	// esc on the confirmation, and a wrong alias, disable nothing.
	f.enter(1)
	f.wait("Type the alias alias/zoom-cmk")
	f.key("esc")
	f.wait("will be DISABLED")
	f.enter(1)
	f.wait("Type the alias")
	f.tm.Type("alias/zoom")
	f.enter(1)
	f.wait("That was not the alias: nothing was disabled.")
	f.enter(1)
	f.wait("Type the alias")
	f.tm.Type("alias/zoom-cmk")
	f.enter(1)
	// The safety net is in place while the key is disabled.
	f.wait("Running:", "Disabled", "alert e-mail received", "AWS will enable the key at", "even if this computer is switched off")
}

func TestFlowDrillReplicas(t *testing.T) {
	f, _ := startFlow(t, 100, 30, nil)
	s := f.toChecklist()
	primary, replica := s.Keys[0], s.Keys[1]
	// toChecklist ticked the test-recording item and saw the drill's hint.
	f.startDrill()

	if st := keyState(t, f.url, replica.Region, replica.KeyID); st != "Disabled" {
		t.Errorf("replica during the drill: %s, want Disabled", st)
	}
	if st := keyState(t, f.url, primary.Region, primary.KeyID); st != "Enabled" {
		t.Errorf("primary during a replicas drill: %s, want Enabled", st)
	}
	rec := loadSession(t, f.path, func(s *state.Session) bool { return s.Drill != nil }).Drill
	if rec.Scope != setup.DrillScopeReplicas || len(rec.Regions) != 1 || rec.Regions[0].Region != replica.Region {
		t.Errorf("the drill in progress in the session: %+v", rec)
	}
	f.key("1")
	f.wait("[x] alert e-mail received")
	f.key("n")
	f.wait("Note (enter saves it")
	f.tm.Type("mail at ops")
	f.enter(1)
	f.wait("mail at ops")
	f.key("e")
	f.wait("Drill over: every Region it disabled is Enabled again.", "ended by you")
	everyKeyEnabled(t, f.url, s)

	after := loadSession(t, f.path, func(s *state.Session) bool { return s.LastDrill != nil && s.LastDrill.Verify != "" })
	if after.Drill != nil {
		t.Errorf("the session still records a drill in progress: %+v", after.Drill)
	}
	ld := after.LastDrill
	if ld.Outcome != state.DrillRestored || ld.EndReason != setup.EndOperator || len(ld.Observations) != 2 || ld.Regions[0].EnabledAt.IsZero() {
		t.Errorf("the last drill: %+v", ld)
	}
	// Back to the checklist; the wizard's own save keeps the record.
	f.key("esc")
	f.wait("Paste the key ARNs")
	f.key("up")
	f.key(" ")
	view := f.final()
	if !strings.Contains(view, "Zoom portal") {
		t.Errorf("after the drill the checklist should show:\n%s", view)
	}
	s2 := loadSession(t, f.path, func(s *state.Session) bool { return s.LastDrill != nil })
	if s2.LastDrill.Outcome != state.DrillRestored || s2.Drill != nil {
		t.Errorf("the wizard's save lost or changed the drill record: %+v %+v", s2.Drill, s2.LastDrill)
	}
	if rb := f.tm.FinalModel(t).(*Model).Runbook(); !strings.Contains(rb, "## Key-outage drill") || !strings.Contains(rb, "alert e-mail received") {
		t.Errorf("the runbook lacks the drill:\n%s", rb)
	}
}

// TestFlowDrillCtrlCRestores: ctrl+c during a full-outage drill asks
// nothing, enables every Region again, and quits.
func TestFlowDrillCtrlCRestores(t *testing.T) {
	f, _ := startFlow(t, 100, 30, nil)
	s := f.toChecklist()
	f.key("d")
	f.wait("will be DISABLED", "for at most 10m,")
	// Each change prepares the drill again; s waits for that (it is off
	// during the preflight), so each key waits for the impact's "go on".
	f.key("+")
	f.wait("for at most 15m,", "enter go on")
	f.key("s")
	f.wait("scope primary", "enter go on")
	f.key("s")
	f.wait("FULL OUTAGE", "ZOOM PHONE", "scope all Regions")
	f.enter(1)
	f.wait("ZOOM PHONE", "Type the alias")
	f.tm.Type("alias/zoom-cmk")
	f.enter(1)
	f.wait("Running:")
	for _, k := range s.Keys {
		for deadline := time.Now().Add(10 * time.Second); keyState(t, f.url, k.Region, k.KeyID) != "Disabled"; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s never Disabled", k.Region)
			}
		}
	}
	f.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	f.tm.WaitFinished(t, teatest.WithFinalTimeout(30*time.Second))
	everyKeyEnabled(t, f.url, s)
	after := loadSession(t, f.path, func(s *state.Session) bool { return s.LastDrill != nil })
	if after.Drill != nil || after.LastDrill.EndReason != setup.EndInterrupted || after.LastDrill.Outcome != state.DrillRestored {
		t.Errorf("after ctrl+c: in progress %+v, last %+v", after.Drill, after.LastDrill)
	}
	// The command line says which Regions were enabled again, exit 130
	// (issue 26): the wizard reports the interruption with that line.
	err := f.tm.FinalModel(t).(*Model).Interrupted()
	if err == nil || !errors.Is(err, ErrAborted) {
		t.Fatalf("ctrl+c during the drill is not reported as an interruption: %v", err)
	}
	for _, k := range s.Keys {
		if !strings.Contains(err.Error(), k.Region) || !strings.Contains(err.Error(), "enabled again") {
			t.Errorf("the line does not say %s was enabled again: %q", k.Region, err)
		}
	}
}

// TestFlowDrillRunningFits80x24: the running drill at 80x24, no line wider
// than the window; the program's end (here a quit from outside) still
// restores through WaitDrill.
func TestFlowDrillRunningFits80x24(t *testing.T) {
	f, _ := startFlow(t, 80, 24, nil)
	s := f.toChecklist()
	f.key("d")
	f.wait("DISABLED")
	f.enter(1)
	f.wait("Type the alias")
	f.tm.Type("alias/zoom-cmk")
	f.enter(1)
	f.wait("Running:", "Disabled")
	f.key("2")
	f.wait("[x]")
	view := f.quitDuringDrill(s)
	for _, want := range []string{"Running:", "Disabled", "recording download fails", "e end now"} {
		if !strings.Contains(view, want) {
			t.Errorf("the running view lacks %q:\n%s", want, view)
		}
	}
}

// TestFlowRestoreScreenAfterKill: a session that records a drill in
// progress (its process was killed, the replica is still Disabled) opens on
// the restore screen, which enables it again and reads it back.
func TestFlowRestoreScreenAfterKill(t *testing.T) {
	f, _ := startFlow(t, 100, 30, nil)
	s := f.toChecklist()
	f.final()
	killedDrill(t, f.url, f.path, s, "arn:aws:iam::123456789012:user/moto")
	f = startFlowOn(t, 100, 30, f.srv, engineOn(t, f.srv, ""), f.path, s)
	f.wait("still recorded as in progress", "11:50:00 UTC", "us-west-2")
	// Nothing else runs meanwhile: the steps' keys do nothing.
	f.key("d")
	f.key("q")
	f.enter(1)
	f.wait("Drill over: every Region it disabled is Enabled again.")
	everyKeyEnabled(t, f.url, s)
	after := loadSession(t, f.path, func(s *state.Session) bool { return s.LastDrill != nil })
	if after.Drill != nil || after.LastDrill.EndReason != setup.EndRestore {
		t.Errorf("after the restore: in progress %+v, last %+v", after.Drill, after.LastDrill)
	}
	f.enter(1)
	f.wait("Paste the key ARNs")
	f.final()
}

// TestFlowRestoreFailsLoudlyThenRetries: the restore screen's EnableKey is
// refused once: the failure shows with the exact enable-key command, the
// wizard stays there (nothing else runs), and a second try enables the key.
func TestFlowRestoreFailsLoudlyThenRetries(t *testing.T) {
	f, _ := startFlow(t, 100, 30, nil)
	s := f.toChecklist()
	f.final()
	killedDrill(t, f.url, f.path, s, "")
	replica := s.Keys[1]
	proxy := faultproxy.New(t, f.url)
	st, body := faultproxy.AWSError("AccessDeniedException", "User: arn:aws:iam::123456789012:user/moto is not authorized to perform: kms:EnableKey on this resource")
	proxy.Add(faultproxy.Fault{Op: "EnableKey", Times: 1, Status: st, Body: body})
	f = startFlowOn(t, 100, 30, f.srv, engineOn(t, f.srv, proxy.URL), f.path, s)
	f.wait("still recorded as in progress")
	f.enter(1)
	f.wait("RESTORE FAILED", "aws kms enable-key \\", "  --key-id "+replica.ARN+" \\", "  --region "+replica.Region)
	if st := keyState(t, f.url, replica.Region, replica.KeyID); st != "Disabled" {
		t.Fatalf("the refused EnableKey changed the key: %s", st)
	}
	if rec := loadSession(t, f.path, func(s *state.Session) bool { return s.Drill != nil && s.Drill.Outcome != "" }).Drill; rec.Outcome != state.DrillRestoreFailed {
		t.Errorf("after the failed restore the session says %+v", rec)
	}
	f.enter(1) // try again
	f.wait("Drill over: every Region it disabled is Enabled again.")
	everyKeyEnabled(t, f.url, s)
	f.final()
}

// TestFlowDrillJapanese80x24: the drill in Japanese at 80x24: the impact,
// the typed alias and the running screen; ctrl+c restores.
func TestFlowDrillJapanese80x24(t *testing.T) {
	f, _ := startFlow(t, 100, 30, nil)
	s := f.toChecklist()
	f.final()
	m := New(Config{Engine: engineOn(t, f.srv, ""), StatePath: f.path, Session: s, Lang: i18n.Japanese, LangGiven: true, Now: func() time.Time { return fixedNow }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	t.Cleanup(func() { _ = tm.Quit() })
	f = &teaFlow{t: t, tm: tm, path: f.path, url: f.url, srv: f.srv}
	f.key("d")
	f.wait("キー障害訓練", "無効化します")
	f.enter(1)
	f.wait("エイリアス alias/zoom-cmk を入力")
	// Full width, as an input method types it (Type would send bytes).
	f.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ａｌｉａｓ／ｚｏｏｍ－ｃｍｋ")})
	f.enter(1)
	f.wait("実行中", "Disabled", "アラートメールを受信した", "このコンピューターの電源が切れても")
	f.key("1")
	f.wait("[x]")
	view := f.quitDuringDrill(s)
	if strings.Contains(view, "!ui.") {
		t.Errorf("a message id is missing:\n%s", view)
	}
	for _, want := range []string{"実行中", "e 今すぐ終了", "訓練を終了して閉じる", "[x] アラートメールを受信した"} {
		if !strings.Contains(view, want) {
			t.Errorf("the running view lacks %q:\n%s", want, view)
		}
	}
}

// quitDuringDrill quits the wizard while a drill runs and returns its last
// view, once the drill has ended through its restore: every key of s is
// Enabled again and the view fitted 80x24.
func (f *teaFlow) quitDuringDrill(s *state.Session) string {
	f.t.Helper()
	if err := f.tm.Quit(); err != nil {
		f.t.Fatal(err)
	}
	m := f.tm.FinalModel(f.t, teatest.WithFinalTimeout(10*time.Second)).(*Model)
	view := m.View()
	m.WaitDrill()
	everyKeyEnabled(f.t, f.url, s)
	checkFits(f.t, view, 80, 24)
	return view
}

// killedDrill leaves s as a drill killed mid-way leaves it: the replica
// Disabled in the emulator at url and the drill recorded (started at 11:50
// UTC, by who) in the session file path.
func killedDrill(t *testing.T, url, path string, s *state.Session, who string) {
	t.Helper()
	replica := s.Keys[1]
	awstest.DisableKeyAsDrill(t, url, replica.Region, replica.KeyID, "d1")
	started := time.Date(2026, 11, 28, 11, 50, 0, 0, time.UTC)
	s.Drill = &state.Drill{ID: "d1", StartedAt: started, Deadline: started.Add(10 * time.Minute), Who: who,
		Scope: setup.DrillScopeReplicas, Alias: s.Alias,
		Regions: []state.DrillRegion{{Region: replica.Region, Role: replica.Role, KeyID: replica.KeyID, ARN: replica.ARN, DisabledAt: started}}}
	if err := state.Save(path, s); err != nil {
		t.Fatal(err)
	}
}
