// The accessible face's entry: RunAccessible, its state and its run through the steps.

package ui

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/safe"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// ErrPractice is returned when the admin, finding no AWS credentials,
// chooses to practise instead: the command line starts practice mode and
// the wizard again in it. Nothing was written; the real session is as it was.
var ErrPractice error = &flow.MsgError{ID: "err.practice"}

// endOfInput says where the input ended.
type endOfInput struct{ step string }

func (e *endOfInput) Error() string { return English.T("err.endofinput.at", e.step) }

// Localized is the error in any language (the CLI prints it so).
func (e *endOfInput) Localized() i18n.Msg {
	return i18n.Msg{ID: "ui.err.endofinput.at", Args: []any{e.step}}
}

func (e *endOfInput) Is(target error) bool { return target == ErrEndOfInput }

// RunAccessible runs the wizard as plain line-by-line prompts for screen
// readers: huh's accessible mode (form.Run), no alternate screen, no
// colour. It is the second face of the same flow as the full-screen wizard:
// the same questions (the same form builders), defaults, validation, steps,
// consent rule, engine calls and session file; the text is drawn by the
// same view functions (the painter). It calls the engine itself, one call
// at a time, and has no full-screen model at all: nothing of Update, its
// handlers or its commands. It returns the session as it was left, and
// whether the run was a dry run (--dry-run, or chosen at the prerequisites
// for want of credentials): then nothing was saved.
func RunAccessible(ctx context.Context, cfg Config, in io.Reader, out io.Writer) (*state.Session, bool, error) {
	lipgloss.SetColorProfile(termenv.Ascii)
	cfg = withDefaults(cfg)
	f := flow.New(cfg)
	p := newPainter(f)
	p.wrapW = 78
	if cfg.Width > 0 {
		p.wrapW = min(cfg.Width, 100)
	}
	start := f.Resume()
	if ctx == nil {
		ctx = context.Background()
	}
	// The plain face's net: it writes no sequence of its own, so every
	// control character that reached its text from outside is escaped.
	net := safe.NewWriter(out)
	defer func() { _ = net.Flush() }()
	po := &plainOut{w: net, cat: f.Cat, width: cfg.Width}
	a := &plain{f: f, r: &p, eng: cfg.Engine, ctx: ctx, in: newLineReader(ctx, in, po), out: po, step: start}
	if start > flow.StepPrereq {
		a.say("%s", p.resumedAt(start)) // the same note as the full screen's
	}
	err := a.restoreFirst() // a drill killed half-way comes first
	if err == nil {
		err = a.run(start)
	}
	if errors.Is(err, ErrAborted) && ctx.Err() != nil {
		// ctrl+c (or a signal) ended a question at once: the session as
		// it stands is kept, and one line says what was changed.
		a.say("")
		a.save()
		err = f.Interrupted(nil)
	}
	return f.Sess, f.DryRun(), err
}

// plain is the accessible face.
type plain struct {
	f    *flow.Flow
	r    *painter // the view functions and form builders
	eng  Engine
	ctx  context.Context
	in   *lineReader
	out  io.Writer
	step flow.Step // the step being asked
}

func (a *plain) say(format string, args ...any) { fmt.Fprintf(a.out, format+"\n", args...) }

func (a *plain) t(id string, args ...any) string { return a.f.T(id, args...) }

func (a *plain) header(s flow.Step) {
	a.say("\n%s", a.t("header.step", int(s)+1, int(flow.NumSteps), a.r.stepName(s)))
	if a.f.DryRun() {
		a.say("%s", a.t("header.dryrun"))
	}
}

func (a *plain) run(start flow.Step) error {
	for s := start; s < flow.NumSteps; s++ {
		a.step = s
		if err := steps[s].plain(a); err != nil {
			return err
		}
		if s+1 < flow.NumSteps {
			a.f.Advance(s)
			a.save()
		}
	}
	return nil
}
