package ui

import (
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// ctrl+c ends the wizard, in either face, with one line that says what
// was written to AWS in this run and what was not (and, in a drill, which
// Regions were enabled again); the command line exits 130 with it.

// InterruptedError is the error of a wizard ended by ctrl+c (or a signal).
// It is ErrAborted for errors.Is.
type InterruptedError struct{ msg i18n.Msg }

func (e *InterruptedError) Error() string {
	return English.T(strings.TrimPrefix(e.msg.ID, "ui."), e.msg.Args...)
}

// Localized is the line in any language (the CLI prints it so).
func (e *InterruptedError) Localized() i18n.Msg { return e.msg }

func (e *InterruptedError) Is(target error) bool { return target == ErrAborted }

// interrupted is the error a ctrl+c ends the wizard with; enabled are the
// Regions a drill that the ctrl+c ended enabled again (nil: no drill).
func (f *flow) interrupted(enabled []string) error {
	msg := func(id string, args ...any) error {
		return &InterruptedError{msg: i18n.Msg{ID: "ui." + id, Args: args}}
	}
	switch {
	case enabled != nil:
		return msg("exit.interrupted.drill", strings.Join(enabled, ", "))
	case f.dry:
		return msg("exit.interrupted.dry")
	case f.wrote == 1:
		return msg("exit.interrupted.some.one", f.wrote)
	case f.wrote > 1:
		return msg("exit.interrupted.some.other", f.wrote)
	}
	return msg("exit.interrupted.none")
}
