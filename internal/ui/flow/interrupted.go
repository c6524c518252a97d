package flow

import (
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// ctrl+c ends the wizard, in either face, with one line that says what
// was written to AWS in this run and what was not (and, in a drill, which
// Regions were enabled again); the command line exits 130 with it.

// InterruptedError is the error of a wizard ended by ctrl+c (or a signal).
// It is ErrAborted for errors.Is.
type InterruptedError struct{ Msg i18n.Msg }

func (e *InterruptedError) Error() string {
	return English.T(strings.TrimPrefix(e.Msg.ID, "ui."), e.Msg.Args...)
}

// Localized is the line in any language (the CLI prints it so).
func (e *InterruptedError) Localized() i18n.Msg { return e.Msg }

func (e *InterruptedError) Is(target error) bool { return target == ErrAborted }

// Interrupted is the error a ctrl+c ends the wizard with; enabled are the
// Regions a drill that the ctrl+c ended enabled again (nil: no drill).
func (f *Flow) Interrupted(enabled []string) error {
	msg := func(id string, args ...any) error {
		return &InterruptedError{Msg: i18n.Msg{ID: "ui." + id, Args: args}}
	}
	switch {
	case enabled != nil:
		return msg("exit.interrupted.drill", strings.Join(enabled, ", "))
	case f.Dry:
		return msg("exit.interrupted.dry")
	case f.Wrote == 1:
		return msg("exit.interrupted.some.one", f.Wrote)
	case f.Wrote > 1:
		return msg("exit.interrupted.some.other", f.Wrote)
	}
	return msg("exit.interrupted.none")
}
