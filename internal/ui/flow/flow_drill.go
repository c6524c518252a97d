package flow

import (
	"context"
	"strings"
	"time"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// The key-outage drill (issue 13) in the wizard, with no terminal in it:
// which drills the session allows, the options handed to the engine, the
// consent rule (the alias typed in a terminal, --yes elsewhere), and the
// session kept in step with the engine's record. Both faces run the same
// engine calls (PrepareDrill, Drill.Run, RestoreDrill); the record is saved
// by the engine's Save callback, and the wizard only mirrors it in its
// in-memory session, so that its own saves never write a stale copy.

// DrillEngine is the part of *setup.Engine the drill uses. The wizard's
// engine offers the drill when it implements it.
type DrillEngine interface {
	PrepareDrill(ctx context.Context, o setup.DrillOptions) (*setup.Drill, error)
	RestoreDrill(ctx context.Context, rec *state.Drill, vo setup.VerifyOptions, save func(*state.Drill) error, onEvent func(setup.DrillEvent)) (*setup.DrillResult, error)
}

var _ DrillEngine = (*setup.Engine)(nil)

// DrillScopes are the scopes the wizard offers, the default first.
var DrillScopes = []string{setup.DrillScopeReplicas, setup.DrillScopePrimary, setup.DrillScopeAll}

// DrillStep is how much the wizard changes the duration at a time.
const DrillStep = 5 * time.Minute

// RestoreTimeout bounds a restore the wizard runs itself (after kill -9).
const RestoreTimeout = 2 * time.Minute

// errDrillNeedsYes: the accessible drill without a terminal and without --yes.
var errDrillNeedsYes error = &MsgError{ID: "err.drill.needsyes"}

type drillNeedsYes struct{}

func (drillNeedsYes) Error() string        { return errDrillNeedsYes.Error() }
func (drillNeedsYes) Is(target error) bool { return target == ErrNeedsYes }

// DrillEngine is the engine's drill, or nil.
func (f *Flow) DrillEngine() DrillEngine {
	d, _ := f.Cfg.Engine.(DrillEngine)
	return d
}

// CanDrill reports whether a drill may be offered: a key set made for real
// (not a dry run), a session file to record the drill in before anything is
// disabled, and an engine that drills.
func (f *Flow) CanDrill() bool {
	return !f.Dry && f.Cfg.StatePath != "" && f.Sess.PrimaryARN() != "" && f.DrillEngine() != nil
}

// DrillSave is the engine's Save callback: the session file, atomically.
func (f *Flow) DrillSave() func(*state.Drill) error {
	return setup.SessionDrillSaver(f.Cfg.StatePath)
}

// DrillOptions are the engine's options for a drill of scope for d.
func (f *Flow) DrillOptions(scope string, d time.Duration) setup.DrillOptions {
	vo := setup.VerifyOptionsFor(f.Sess)
	vo.Drill = nil
	return setup.DrillOptions{Verify: vo, Scope: scope, Duration: d, Active: f.Sess.ActiveDrill(), Save: f.DrillSave()}
}

// RecordDrill mirrors the engine's record in the in-memory session (the
// engine already saved it to the file).
func (f *Flow) RecordDrill(rec *state.Drill) {
	if rec != nil {
		f.Sess.SetDrill(rec)
	}
}

// ActiveDrill is the drill the session records as in progress, or nil.
func (f *Flow) ActiveDrill() *state.Drill { return f.Sess.ActiveDrill() }

// RestoreVerify are the verify options of a restore: the session's key set,
// or none (restore without verify) when the session has none.
func (f *Flow) RestoreVerify() setup.VerifyOptions {
	vo := setup.VerifyOptionsFor(f.Sess)
	vo.Drill = nil
	if setup.ValidateVerify(&vo) != nil {
		return setup.VerifyOptions{}
	}
	return vo
}

// AliasTyped reports whether typed is the alias: trimmed, full-width ASCII
// (a Japanese input method) read as ASCII. Nothing typed is never a yes.
func AliasTyped(typed, alias string) bool {
	typed = strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		return r
	}, strings.TrimSpace(typed))
	return alias != "" && typed == alias
}

// MayDrill is the consent rule of a drill: the alias typed (in a terminal),
// or --yes. AnswerNone is no answer at all (end of input, or nobody to ask).
func (f *Flow) MayDrill(a Answer) error {
	switch {
	case f.Dry:
		return ErrAborted
	case a == AnswerYes, f.Cfg.Yes:
		return nil
	case a == AnswerNo:
		return ErrAborted
	case !f.Cfg.Interactive:
		return drillNeedsYes{}
	}
	return ErrEndOfInput
}

// NextScope is the scope after s, round.
func NextScope(s string) string {
	for i, sc := range DrillScopes {
		if sc == s {
			return DrillScopes[(i+1)%len(DrillScopes)]
		}
	}
	return DrillScopes[0]
}
