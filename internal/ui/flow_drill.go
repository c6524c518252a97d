package ui

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

// drillScopes are the scopes the wizard offers, the default first.
var drillScopes = []string{setup.DrillScopeReplicas, setup.DrillScopePrimary, setup.DrillScopeAll}

// drillStep is how much the wizard changes the duration at a time.
const drillStep = 5 * time.Minute

// restoreTimeout bounds a restore the wizard runs itself (after kill -9).
const restoreTimeout = 2 * time.Minute

// errDrillNeedsYes: the accessible drill without a terminal and without --yes.
var errDrillNeedsYes error = &msgError{id: "err.drill.needsyes"}

type drillNeedsYes struct{}

func (drillNeedsYes) Error() string        { return errDrillNeedsYes.Error() }
func (drillNeedsYes) Is(target error) bool { return target == ErrNeedsYes }

// drillEngine is the engine's drill, or nil.
func (f *flow) drillEngine() DrillEngine {
	d, _ := f.cfg.Engine.(DrillEngine)
	return d
}

// canDrill reports whether a drill may be offered: a key set made for real
// (not a dry run), a session file to record the drill in before anything is
// disabled, and an engine that drills.
func (f *flow) canDrill() bool {
	return !f.dry && f.cfg.StatePath != "" && f.sess.PrimaryARN() != "" && f.drillEngine() != nil
}

// drillSave is the engine's Save callback: the session file, atomically.
func (f *flow) drillSave() func(*state.Drill) error {
	return setup.SessionDrillSaver(f.cfg.StatePath)
}

// drillOptions are the engine's options for a drill of scope for d.
func (f *flow) drillOptions(scope string, d time.Duration) setup.DrillOptions {
	vo := setup.VerifyOptionsFor(f.sess)
	vo.Drill = nil
	return setup.DrillOptions{Verify: vo, Scope: scope, Duration: d, Active: f.sess.ActiveDrill(), Save: f.drillSave()}
}

// recordDrill mirrors the engine's record in the in-memory session (the
// engine already saved it to the file).
func (f *flow) recordDrill(rec *state.Drill) {
	if rec != nil {
		f.sess.SetDrill(rec)
	}
}

// activeDrill is the drill the session records as in progress, or nil.
func (f *flow) activeDrill() *state.Drill { return f.sess.ActiveDrill() }

// restoreVerify are the verify options of a restore: the session's key set,
// or none (restore without verify) when the session has none.
func (f *flow) restoreVerify() setup.VerifyOptions {
	vo := setup.VerifyOptionsFor(f.sess)
	vo.Drill = nil
	if setup.ValidateVerify(&vo) != nil {
		return setup.VerifyOptions{}
	}
	return vo
}

// aliasTyped reports whether typed is the alias: trimmed, full-width ASCII
// (a Japanese input method) read as ASCII. Nothing typed is never a yes.
func aliasTyped(typed, alias string) bool {
	typed = strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		return r
	}, strings.TrimSpace(typed))
	return alias != "" && typed == alias
}

// mayDrill is the consent rule of a drill: the alias typed (in a terminal),
// or --yes. answerNone is no answer at all (end of input, or nobody to ask).
func (f *flow) mayDrill(a answer) error {
	switch {
	case f.dry:
		return ErrAborted
	case a == answerYes, f.cfg.Yes:
		return nil
	case a == answerNo:
		return ErrAborted
	case !f.cfg.Interactive:
		return drillNeedsYes{}
	}
	return ErrEndOfInput
}

// nextScope is the scope after s, round.
func nextScope(s string) string {
	for i, sc := range drillScopes {
		if sc == s {
			return drillScopes[(i+1)%len(drillScopes)]
		}
	}
	return drillScopes[0]
}
