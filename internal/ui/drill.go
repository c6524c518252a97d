package ui

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// The key-outage drill on the full screen: opened from the Zoom-portal step
// (its key d), or, when the session records a drill in progress (the
// process was killed), first of all as the restore screen. While it is open
// it has every key, ctrl+c too: during a drill ctrl+c asks nothing and ends
// the drill through its restore, then quits.
//
//	preflight -> refused | impact -> confirm (type the alias) -> running
//	-> ending (restore, verify) -> result
//	restore-ask -> restoring -> result (after kill -9)

type drillPhase int

const (
	drNone drillPhase = iota
	drPreflight
	drRefused
	drImpact
	drConfirm
	drRunning
	drEnding
	drResult
	drRestoreAsk
	drRestoring
)

type drillScreen struct {
	m    *Model
	keys drillKeys

	phase drillPhase
	scope string
	dur   time.Duration
	gen   int // which preflight the screen waits for

	d      *setup.Drill
	err    error // the preflight's refusal, or the run's error
	res    *setup.DrillResult
	states map[string]string // Region -> the key state last read
	lines  []string          // what the disable, restore and verify did
	wrong  bool              // the last alias typed was not the alias
	note   bool              // the note input is open
	input  textinput.Model
	rec    *state.Drill // the drill to restore

	cancel     context.CancelFunc // interrupts the drill (its restore still runs)
	done       chan struct{}      // closed when Run or the restore has returned
	quitAfter  bool               // ctrl+c: quit once the key is back
	wasRestore bool               // the result is a restore's
}

func newDrillScreen(m *Model, k drillKeys) *drillScreen {
	return &drillScreen{m: m, keys: k, scope: setup.DrillScopeReplicas, dur: setup.DefaultDrillDuration}
}

// on reports whether the drill screen has the keys and the body.
func (s *drillScreen) on() bool { return s.phase != drNone }

// busy reports whether keys may be disabled in AWS right now: the wizard
// must not quit before the restore.
func (s *drillScreen) busy() bool {
	return s.phase == drRunning || s.phase == drEnding || s.phase == drRestoring
}

// open shows the preflight of a new drill.
func (s *drillScreen) open() tea.Cmd {
	m := s.m
	if !m.f.CanDrill() {
		m.flash = m.st.Warn.Render(m.t("drill.unavailable"))
		return nil
	}
	s.res, s.err, s.d, s.lines, s.wrong, s.wasRestore = nil, nil, nil, nil, false, false
	return s.prepare()
}

// enabledAgain are the Regions a drill ended by ctrl+c enabled again.
func (s *drillScreen) enabledAgain(res *setup.DrillResult) []string {
	rec := s.rec
	if res != nil && res.Drill != nil {
		rec = res.Drill
	} else if s.d != nil {
		rec = s.d.Record()
	}
	out := []string{}
	if rec != nil {
		for _, r := range rec.Regions {
			out = append(out, r.Region)
		}
	}
	return out
}

// openRestore shows the restore screen of a drill found in progress.
func (s *drillScreen) openRestore(rec *state.Drill) {
	s.rec, s.phase, s.wasRestore = rec, drRestoreAsk, true
}

func (s *drillScreen) prepare() tea.Cmd {
	m := s.m
	s.gen++
	s.phase, s.d, s.err = drPreflight, nil, nil
	return prepareDrillCmd(m.ctx, m.f.DrillEngine(), m.f.DrillOptions(s.scope, s.dur), s.gen)
}

func (s *drillScreen) close() tea.Cmd {
	s.phase = drNone
	s.d, s.input = nil, textinput.Model{}
	if s.quitAfter {
		return s.m.interrupt()
	}
	return nil
}

// update handles msg when it is the drill's; ok reports that it was.
func (s *drillScreen) update(msg tea.Msg) (tea.Cmd, bool) {
	m := s.m
	switch msg := msg.(type) {
	case drillPreparedMsg:
		if msg.gen != s.gen || s.phase != drPreflight {
			return nil, true
		}
		s.d, s.err = msg.d, msg.err
		s.phase = drImpact
		if msg.err != nil {
			s.phase = drRefused
		}
		return nil, true
	case drillEventMsg:
		s.onEvent(msg.ev)
		return waitDrillEvent(msg.ch), true
	case drillTickMsg:
		if s.phase == drRunning {
			return drillTick(), true
		}
		return nil, true
	case observedMsg:
		if msg.err != nil {
			m.flash = m.st.Bad.Render("✗ " + m.t("drill.obs.failed", msg.err))
		} else if s.d != nil {
			m.f.RecordDrill(s.d.Record())
		}
		return nil, true
	case drillDoneMsg:
		s.res, s.err, s.phase, s.note = msg.res, msg.err, drResult, false
		if msg.res != nil && msg.res.Drill != nil {
			m.f.RecordDrill(msg.res.Drill)
		} else if s.d != nil {
			m.f.RecordDrill(s.d.Record())
		}
		if s.quitAfter && (msg.res == nil || msg.res.Restored) {
			m.drillEnabled = s.enabledAgain(msg.res)
			return s.close(), true
		}
		s.quitAfter = false // a failed restore stays on screen, loudly
		return nil, true
	case tea.KeyMsg:
		if !s.on() {
			return nil, false
		}
		return s.key(msg), true
	}
	if !s.on() {
		return nil, false
	}
	if s.phase == drConfirm || s.note {
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(msg)
		return cmd, true
	}
	return nil, false
}

func (s *drillScreen) key(k tea.KeyMsg) tea.Cmd {
	m := s.m
	dk := s.keys
	if key.Matches(k, dk.Interrupt) {
		// ctrl+c asks nothing: the drill ends through its restore, then
		// the wizard quits (unless the restore failed).
		switch s.phase {
		case drRunning:
			s.quitAfter = true
			s.phase = drEnding
			s.cancel()
		case drEnding, drRestoring:
			s.quitAfter = true
		}
		return nil
	}
	if key.Matches(k, m.keys.Quit) {
		return m.interrupt()
	}
	if key.Matches(k, m.keys.Help) { // off while the alias or a note is typed
		m.help.ShowAll = !m.help.ShowAll
		return nil
	}
	if m.scrollKey(k, dk.Up, dk.Down) { // a screen taller than the window
		return nil
	}
	if s.note {
		switch {
		case key.Matches(k, dk.SaveNote):
			text := strings.TrimSpace(s.input.Value())
			s.note = false
			if text == "" {
				return nil
			}
			return observeCmd(s.d, setup.ObsNote, text)
		case key.Matches(k, dk.CancelNote):
			s.note = false
			return nil
		}
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(k)
		return cmd
	}
	switch s.phase {
	case drPreflight, drRefused, drImpact:
		switch {
		case key.Matches(k, dk.Close):
			return s.close()
		case key.Matches(k, dk.Scope):
			s.scope = flow.NextScope(s.scope)
			return s.prepare()
		case key.Matches(k, dk.Longer):
			s.dur = min(s.dur+flow.DrillStep, setup.MaxDrillDuration)
			return s.prepare()
		case key.Matches(k, dk.Shorter):
			s.dur = max(s.dur-flow.DrillStep, flow.DrillStep)
			return s.prepare()
		case key.Matches(k, dk.Start) && s.phase == drImpact:
			s.phase, s.wrong = drConfirm, false
			s.input = textinput.New()
			s.input.Placeholder = m.t("eg", s.d.Alias()) // an example, never taken for the answer
			s.input.Width = max(m.bodyWidth()-4, 10)
			return s.input.Focus()
		}
	case drConfirm:
		switch {
		case key.Matches(k, dk.Cancel):
			s.phase = drImpact // esc is never a yes
			return nil
		case key.Matches(k, dk.Confirm):
			if !flow.AliasTyped(s.input.Value(), s.confirmWord()) || m.f.MayDrill(flow.AnswerYes) != nil {
				s.phase, s.wrong = drImpact, true
				return nil
			}
			if len(s.d.NetProblems()) > 0 {
				s.d.AcceptWithoutNet() // typed: the alias and "without net"
			}
			return s.start()
		}
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(k)
		return cmd
	case drRunning:
		switch {
		case key.Matches(k, dk.Obs):
			i := slices.Index(dk.Obs.Keys(), k.String())
			if i >= 0 && i < len(setup.DrillObservations) {
				return observeCmd(s.d, setup.DrillObservations[i], "")
			}
		case key.Matches(k, dk.Note):
			s.note = true
			s.input = textinput.New()
			s.input.Width = max(m.bodyWidth()-4, 10)
			return s.input.Focus()
		case key.Matches(k, dk.End):
			s.phase = drEnding
			s.d.End()
		}
	case drResult:
		if key.Matches(k, dk.Done) {
			if s.wasRestore && s.res != nil && s.res.Restored {
				s.phase = drNone
				return m.startSteps()
			}
			if !s.wasRestore {
				return s.close()
			}
		}
	case drRestoreAsk:
		if key.Matches(k, dk.Restore) {
			return s.startRestore()
		}
	}
	if s.phase == drResult && key.Matches(k, dk.Restore) {
		// A failed restore may be tried again (the record is still in progress).
		if rec := m.f.ActiveDrill(); rec != nil {
			s.rec, s.wasRestore = rec, true
			return s.startRestore()
		}
	}
	return nil
}

// start records the drill and runs it (the engine saves the record before
// the first DisableKey).
func (s *drillScreen) start() tea.Cmd {
	m := s.m
	ctx, cancel := context.WithCancel(m.ctx)
	s.cancel = cancel
	s.phase, s.states, s.lines = drRunning, map[string]string{}, nil
	ch := make(chan setup.DrillEvent, 512)
	s.done = make(chan struct{})
	return tea.Batch(runDrillCmd(ctx, s.d, ch, s.done), waitDrillEvent(ch), drillTick())
}

// startRestore enables the recorded Regions again and reads them back.
func (s *drillScreen) startRestore() tea.Cmd {
	m := s.m
	s.phase, s.lines = drRestoring, nil
	ch := make(chan setup.DrillEvent, 512)
	s.done = make(chan struct{})
	return tea.Batch(restoreDrillCmd(m.f.DrillEngine(), s.rec, m.f.RestoreVerify(), m.f.DrillSave(), ch, s.done), waitDrillEvent(ch))
}

func (s *drillScreen) onEvent(ev setup.DrillEvent) {
	m := s.m
	if s.d != nil {
		m.f.RecordDrill(s.d.Record())
	}
	if ev.Phase == setup.PhaseObserve && ev.Region != "" {
		st := ev.KeyState
		if ev.Err != nil {
			st = "?"
		}
		s.states[ev.Region] = st
		return
	}
	if ev.Phase == setup.PhaseRestore && s.phase == drRunning {
		s.phase = drEnding // the deadline, or an AWS error
	}
	if l := m.drillEventLine(ev, m.bodyWidth()); l != "" {
		s.lines = append(s.lines, l)
	}
}

// wait ends a drill still running and waits until its restore has
// returned: for the command line after the program ended (a signal, a
// panic), so that the process never exits with a key disabled.
func (s *drillScreen) wait() {
	if s.done == nil {
		return
	}
	if s.d != nil {
		s.d.End()
	}
	<-s.done
}

// confirmWord is what the admin types to start: the alias, followed by
// setup.WithoutNetPhrase when the safety net cannot be laid.
func (s *drillScreen) confirmWord() string {
	if len(s.d.NetProblems()) > 0 {
		return s.d.Alias() + " " + setup.WithoutNetPhrase
	}
	return s.d.Alias()
}
