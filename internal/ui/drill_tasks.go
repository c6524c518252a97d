package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// The drill's commands and their messages (the side effects of drill.go).

// drillPreparedMsg is the preflight's answer: a drill ready to run, or why not.
type drillPreparedMsg struct {
	d   *setup.Drill
	err error
	gen int
}

// drillEventMsg is one event of a drill or a restore; more follow on ch.
type drillEventMsg struct {
	ev setup.DrillEvent
	ch <-chan setup.DrillEvent
}

// drillDoneMsg ends a drill (Run) or a restore (RestoreDrill).
type drillDoneMsg struct {
	res *setup.DrillResult
	err error
}

// drillTickMsg redraws the elapsed and remaining time.
type drillTickMsg struct{}

// observedMsg reports an observation saved in the record.
type observedMsg struct{ err error }

func prepareDrillCmd(ctx context.Context, eng DrillEngine, o setup.DrillOptions, gen int) tea.Cmd {
	return func() tea.Msg {
		d, err := eng.PrepareDrill(ctx, o)
		return drillPreparedMsg{d: d, err: err, gen: gen}
	}
}

// send hands an event to the screen without ever blocking the engine: a
// restore must not wait for a screen that is gone.
func send(ch chan setup.DrillEvent) func(setup.DrillEvent) {
	return func(ev setup.DrillEvent) {
		select {
		case ch <- ev:
		default:
		}
	}
}

// runDrillCmd runs the drill to its end (restore and verify included) and
// closes ch and done when it has returned.
func runDrillCmd(ctx context.Context, d *setup.Drill, ch chan setup.DrillEvent, done chan struct{}) tea.Cmd {
	return func() tea.Msg {
		defer close(done)
		defer close(ch)
		res, err := d.Run(ctx, send(ch))
		return drillDoneMsg{res: res, err: err}
	}
}

// restoreDrillCmd enables the Regions of a drill found in progress. It is
// not cancelled with the wizard: a restore is bounded on its own.
func restoreDrillCmd(eng DrillEngine, rec *state.Drill, vo setup.VerifyOptions, save func(*state.Drill) error, ch chan setup.DrillEvent, done chan struct{}) tea.Cmd {
	return func() tea.Msg {
		defer close(done)
		defer close(ch)
		ctx, cancel := context.WithTimeout(context.Background(), flow.RestoreTimeout)
		defer cancel()
		res, err := eng.RestoreDrill(ctx, rec, vo, save, send(ch))
		return drillDoneMsg{res: res, err: err}
	}
}

func waitDrillEvent(ch <-chan setup.DrillEvent) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return nil
		}
		return drillEventMsg{ev: ev, ch: ch}
	}
}

func drillTick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return drillTickMsg{} })
}

func observeCmd(d *setup.Drill, id, note string) tea.Cmd {
	return func() tea.Msg { return observedMsg{err: d.Observe(id, note, time.Now())} }
}
