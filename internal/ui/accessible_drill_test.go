package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// afterConfirm are the answers after the write (made with --yes) up to the
// drill's question: the alerts step, the policy and ARN pauses, the checklist with the test
// recording ticked, no runbook, verify now.
var afterConfirm = []string{
	"", "", // the alerts step: yes, no address (nothing set up)
	"", "", // policy, ARNs
	"", "", "", "0", "", "admin@example.com", "", "y", "", // checklist: data types, e-mails, test recording ticked
	"n", "", // no runbook; verify now
}

// TestAccessibleDrillWithYes: without a terminal, --yes runs the drill (no
// alias to type): every Region Disabled during it (read with the test's own
// client), Enabled after, the record closed in the session.
func TestAccessibleDrillWithYes(t *testing.T) {
	srv := emulatorEnv(t)
	eng := engineOn(t, srv, "")
	path := filepath.Join(t.TempDir(), "session.json")
	cfg := Config{Engine: eng, StatePath: path, Now: func() time.Time { return fixedNow }, Yes: true}
	lines := append(append(append([]string(nil), toConfirm...), afterConfirm...), "y", "3", "6s")
	var out syncBuffer
	type result struct {
		s   *state.Session
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, _, err := RunAccessible(context.Background(), cfg, strings.NewReader(strings.Join(lines, "\n")+"\n"), &out)
		done <- result{s, err}
	}()
	// Both Regions read Disabled, with a separate client, during the drill.
	var keys []state.Key
	seen := map[string]bool{}
	for deadline := time.Now().Add(60 * time.Second); len(seen) < 2 && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if s, _ := state.Load(path); s != nil && s.Drill != nil {
			keys = s.Keys
		}
		for _, k := range keys {
			if !seen[k.Region] && keyState(t, srv.URL, k.Region, k.KeyID) == "Disabled" {
				seen[k.Region] = true
			}
		}
	}
	r := <-done
	text := out.String()
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, tail(text, 3000))
	}
	if len(seen) != 2 {
		t.Errorf("Regions seen Disabled during the drill: %v\n%s", seen, tail(text, 3000))
	}
	s, _ := state.Load(path)
	everyKeyEnabled(t, srv.URL, s)
	if s.Drill != nil || s.LastDrill == nil || s.LastDrill.Outcome != state.DrillRestored || s.LastDrill.EndReason != setup.EndDeadline || s.LastDrill.Scope != setup.DrillScopeAll {
		t.Errorf("session after the drill: in progress %+v, last %+v", s.Drill, s.LastDrill)
	}
	for _, want := range []string{"--yes: the drill starts without typing the alias.", "ZOOM PHONE", "Disabled", "Drill over: every Region it disabled is Enabled again.", "the time ran out"} {
		if !strings.Contains(text, want) {
			t.Errorf("the accessible drill lacks %q\n%s", want, tail(text, 3000))
		}
	}
}

// TestAccessibleDrillNeedsYesWithoutTerminal: the key set made with --yes,
// a second run without a terminal and without --yes asks for the drill:
// nothing is disabled, and the run says --yes is needed.
func TestAccessibleDrillNeedsYesWithoutTerminal(t *testing.T) {
	srv := emulatorEnv(t)
	eng := engineOn(t, srv, "")
	path := filepath.Join(t.TempDir(), "session.json")
	run := func(yes bool, lines []string, interactive ...bool) (*state.Session, string, error) {
		var out syncBuffer
		cfg := Config{Engine: eng, StatePath: path, Now: func() time.Time { return fixedNow }, Yes: yes, Interactive: len(interactive) > 0}
		if s, _ := state.Load(path); s != nil {
			cfg.Session = s
		}
		s, _, err := RunAccessible(context.Background(), cfg, strings.NewReader(strings.Join(lines, "\n")+"\n"), &out)
		return s, out.String(), err
	}
	if _, out, err := run(true, append(append([]string(nil), toConfirm...), afterConfirm...)); err != nil {
		t.Fatalf("%v\n%s", err, tail(out, 2000))
	}
	// Resumed at the checklist: its seven items and the eighth of the alerts
	// set up for admin@example.com, no runbook, verify, then the drill.
	toDrill := []string{"", "", "", "0", "", "admin@example.com", "", "", "", "", "n", "", "y", "3", "1m"}
	_, out, err := run(false, toDrill)
	if !errors.Is(err, ErrNeedsYes) || !strings.Contains(out, "Key-outage drill") || !strings.Contains(err.Error(), "add --yes") {
		t.Errorf("error %v, want ErrNeedsYes\n%s", err, tail(out, 2000))
	}
	// In a terminal: end of input where the alias is asked, and a wrong
	// alias, disable nothing either.
	_, out, err = run(false, toDrill, true)
	if !errors.Is(err, ErrEndOfInput) || !strings.Contains(out, "Type the alias alias/zoom-cmk") {
		t.Errorf("end of input at the alias: error %v, want ErrEndOfInput\n%s", err, tail(out, 2000))
	}
	_, out, err = run(false, append(toDrill, "alias/zoom"), true)
	if err != nil || !strings.Contains(out, "That was not the alias: nothing was disabled.") {
		t.Errorf("a wrong alias: error %v\n%s", err, tail(out, 2000))
	}
	s, _ := state.Load(path)
	everyKeyEnabled(t, srv.URL, s)
	if s.Drill != nil || s.LastDrill != nil {
		t.Errorf("a drill was recorded without consent: %+v %+v", s.Drill, s.LastDrill)
	}
}

// syncBuffer is a strings.Builder safe for the drill's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestAccessibleRestoresAKilledDrillFirst: a session that records a drill in
// progress is restored before any question (with --yes, no terminal): the
// key is Enabled again and the record closed, even though the input then
// ends at the first question.
func TestAccessibleRestoresAKilledDrillFirst(t *testing.T) {
	srv := emulatorEnv(t)
	eng := engineOn(t, srv, "")
	path := filepath.Join(t.TempDir(), "session.json")
	cfg := Config{Engine: eng, StatePath: path, Now: func() time.Time { return fixedNow }, Yes: true}
	var out syncBuffer
	if _, _, err := RunAccessible(context.Background(), cfg, strings.NewReader(strings.Join(append(append([]string(nil), toConfirm...), afterConfirm...), "\n")+"\n"), &out); err != nil {
		t.Fatalf("%v\n%s", err, tail(out.String(), 2000))
	}
	s, _ := state.Load(path)
	killedDrill(t, srv.URL, path, s, "")
	cfg.Session = s
	var out2 syncBuffer
	_, _, err := RunAccessible(context.Background(), cfg, strings.NewReader(""), &out2)
	if !errors.Is(err, ErrEndOfInput) {
		t.Errorf("error %v, want the restore and then a stop at the first question\n%s", err, out2.String())
	}
	everyKeyEnabled(t, srv.URL, s)
	after, _ := state.Load(path)
	if after.Drill != nil || after.LastDrill == nil || after.LastDrill.EndReason != setup.EndRestore {
		t.Errorf("after the restore: in progress %+v, last %+v", after.Drill, after.LastDrill)
	}
	text := out2.String()
	if i, j := strings.Index(text, "still recorded as in progress"), strings.Index(text, "Step 7 of 7"); i < 0 || j < 0 || i > j {
		t.Errorf("the restore should come before the steps:\n%s", text)
	}
}
