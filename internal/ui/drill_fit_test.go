package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The drill's screens at 80x24 and 60x20, in English and Japanese, over a
// key set of three Regions made by the wizard against the emulator.

// threeRegionKeys sets up the key set of threeRegions through the wizard
// on eng and returns its session file (each test starts from a copy).
func threeRegionKeys(t *testing.T, eng Engine) string {
	t.Helper()
	h := newHarness(t, eng, threeRegions())
	h.enter(4) // the key's questions: the plan
	h.enter(1) // apply
	h.wantStep("key")
	h.enter(1 + alertsEnters + 2) // the alerts step, policy, ARNs
	h.wantStep("portal")
	if len(h.m.Session().Keys) != 3 || h.m.Session().Keys[2].ARN == "" {
		t.Fatalf("the key set: %+v", h.m.Session().Keys)
	}
	path := filepath.Join(t.TempDir(), "keys.json")
	if err := state.Save(path, h.m.Session()); err != nil {
		t.Fatal(err)
	}
	return path
}

// sessionFrom loads a fresh copy of the session saved at path.
func sessionFrom(t *testing.T, path string) *state.Session {
	t.Helper()
	s, err := state.Load(path)
	if err != nil || s == nil {
		t.Fatalf("session %s: %v", path, err)
	}
	// A test recording was made with the key (checklist item 6): the
	// drill is offered.
	s.Ticks = map[string]bool{zoom.StepTestRecording: true}
	return s
}

// TestDrillImpactScopeAllScrollsAt80x24: the full outage's impact at 80x24,
// three Regions: its last advice (the permissions a drill needs) was below
// the window with no way to reach it. Now the screen says that more is
// below, and ↓ shows it.
func TestDrillImpactScopeAllScrollsAt80x24(t *testing.T) {
	eng, _ := motoEngine(t, "")
	path := threeRegionKeys(t, eng)
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		h := fitHarness(t, eng, sessionFrom(t, path), lang, 80, 24)
		h.wantStep("portal")
		h.typ("d")
		h.typ("s")
		h.typ("s")
		if !h.m.dr.d.FullOutage() {
			t.Fatalf("%s: scope %s is not the full outage", lang, h.m.dr.d.Scope())
		}
		last := []rune(h.m.t("drill.recorded-first"))
		tail := string(last[len(last)-3:]) // the end of its last line, in either language
		if strings.Contains(h.view(), tail) {
			t.Fatalf("%s: the test needs an impact longer than the window:\n%s", lang, h.view())
		}
		if !strings.Contains(ansi.Strip(h.view()), h.m.tn("plan.more", 1)[:len("↓ ")]) {
			t.Errorf("%s: the impact does not say that more is below:\n%s", lang, h.view())
		}
		for range 30 {
			h.key(tea.KeyDown)
			h.view()
		}
		if v := h.view(); !strings.Contains(v, tail) {
			t.Errorf("%s: ↓ never shows the impact's last line (%q):\n%s", lang, tail, v)
		}
		checkFits(t, h.view(), 80, 24)
	}
}

// TestEveryDrillScreenFits walks the drill's screens in the states that
// make them longest: the impact of each scope, the alias typed, a wrong
// alias, the running drill with a note being typed, its end, the result
// with notes, a failed restore with its commands, and the restore screen
// of a drill found in progress.
func TestEveryDrillScreenFits(t *testing.T) {
	eng, _ := motoEngine(t, "")
	path := threeRegionKeys(t, eng)
	forEachFit(t, func(t *testing.T, lang i18n.Lang, w, ht int) {
		h := fitHarness(t, eng, sessionFrom(t, path), lang, w, ht)
		shot := func(name string) { t.Helper(); h.wantFits(name, w, ht) }
		h.typ("d")
		shot("drill-impact-replicas")
		h.typ("s")
		shot("drill-impact-primary")
		h.typ("s")
		shot("drill-impact-all")
		h.typ("?")
		shot("drill-impact-help")
		h.typ("?")
		h.enter(1)
		shot("drill-confirm")
		// The field's grey example reads as one without colour, too.
		if eg := "> " + h.m.t("eg", h.m.dr.d.Alias()); !strings.Contains(ansi.Strip(h.view()), eg) {
			t.Errorf("the alias field does not read %q:\n%s", eg, h.view())
		}
		h.typ("alias/wrong")
		h.enter(1)
		shot("drill-wrong-alias")
		h.enter(1)
		h.typ(h.m.dr.d.Alias())
		// The drill starts; its commands are not run (nothing is
		// disabled): the screen is played its events.
		_, _ = h.m.Update(tea.KeyMsg{Type: tea.KeyEnter})
		if h.m.dr.phase != drRunning {
			t.Fatalf("the drill is not running:\n%s", h.view())
		}
		t.Cleanup(h.m.dr.d.End)
		for _, k := range h.m.dr.d.KeySet {
			h.play(drillEventMsg{ev: setup.DrillEvent{Phase: setup.PhaseDisable, Region: k.Region, Status: setup.StatusDone}},
				drillEventMsg{ev: setup.DrillEvent{Phase: setup.PhaseObserve, Region: k.Region, Status: setup.StatusState, KeyState: "Disabled"}})
		}
		shot("drill-running")
		h.typ("n")
		h.typ("the alert e-mail came at 12:03 to the security list, and downloads failed at once")
		shot("drill-running-note")
		h.key(tea.KeyEsc)
		h.typ("e")
		shot("drill-ending")

		rec := drillRecord(h.m.Session())
		h.play(drillDoneMsg{res: &setup.DrillResult{Drill: rec, Restored: true}})
		shot("drill-result")
		var failed []setup.RestoreFailure
		for _, r := range rec.Regions {
			failed = append(failed, setup.RestoreFailure{Target: setup.DrillTarget{Region: r.Region, Role: r.Role, KeyID: r.KeyID, ARN: r.ARN},
				Err: &setup.Error{Kind: setup.KindAccessDenied, Text: i18n.Msg{ID: "aws.err.access-denied.summary", Args: []any{"kms:EnableKey"}}}})
		}
		rec.Outcome, rec.EndedAt = state.DrillRestoreFailed, time.Time{}
		h.play(drillDoneMsg{res: &setup.DrillResult{Drill: rec}, err: &setup.RestoreError{Failed: failed}})
		shot("drill-restore-failed")
		// Nothing closes it while a key is still disabled; enter is the
		// restore's, tried again (on the emulator, where every key is
		// Enabled already: it reads them back).
		h.key(tea.KeyEsc)
		if h.m.dr.phase != drResult {
			t.Fatalf("esc closed the failed restore:\n%s", h.view())
		}
		if h.m.dr.keys.Done.Enabled() || !h.m.dr.keys.Restore.Enabled() {
			t.Errorf("after a failed restore: close %v, restore %v", h.m.dr.keys.Done.Enabled(), h.m.dr.keys.Restore.Enabled())
		}

		// A drill found in progress: the restore screen first.
		s := sessionFrom(t, path)
		s.Drill = drillRecord(s)
		s.Drill.Outcome, s.Drill.EndedAt, s.Drill.EndReason = "", time.Time{}, ""
		h = fitHarness(t, eng, s, lang, w, ht)
		if h.m.dr.phase != drRestoreAsk {
			t.Fatalf("no restore screen:\n%s", h.view())
		}
		shot("drill-restore-ask")
	})
}

// drillRecord is a full-outage drill of s's key set that ended with every
// observation ticked and a long note.
func drillRecord(s *state.Session) *state.Drill {
	start := fixedNow.Add(-10 * time.Minute)
	rec := &state.Drill{StartedAt: start, Deadline: start.Add(10 * time.Minute), Who: "arn:aws:iam::123456789012:user/moto",
		Scope: setup.DrillScopeAll, Alias: s.Alias, EndedAt: fixedNow, EndReason: setup.EndOperator, Outcome: state.DrillRestored,
		Verify: "OK: 0 failed, 0 warnings, 18 ok, 3 unknown in 3 Regions."}
	for _, k := range s.Keys {
		rec.Regions = append(rec.Regions, state.DrillRegion{Region: k.Region, Role: k.Role, KeyID: k.KeyID, ARN: k.ARN,
			DisabledAt: start.Add(time.Second), EnabledAt: fixedNow})
	}
	for i, id := range setup.DrillObservations {
		rec.Observations = append(rec.Observations, state.DrillObservation{ID: id, At: start.Add(time.Duration(i+1) * time.Minute)})
	}
	rec.Observations = append(rec.Observations, state.DrillObservation{ID: setup.ObsNote, At: start.Add(5 * time.Minute),
		Note: "the alert e-mail came at 12:03 to the security list, and downloads failed at once"})
	return rec
}
