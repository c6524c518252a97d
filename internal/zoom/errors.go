package zoom

import (
	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// english renders the package's messages in English: Error() texts and the
// English wrappers the wizard still calls.
var english = i18n.NewPrinter(i18n.English)

// Error is an error of this package that a face can show in the chosen
// language: Msg is the message id with its arguments ("zoom.err.…"), Error()
// the same text in English, for logs and the JSON message field. Err, when
// set, is what it wraps (ErrLockout, ErrInvalidPolicy, or the error of a
// part, such as an account ID), for errors.Is and errors.As.
type Error struct {
	Msg i18n.Msg
	Err error
}

func (e *Error) Error() string { return english.M(e.Msg) }

// Localized is the message, for i18n.Printer.Err.
func (e *Error) Localized() i18n.Msg { return e.Msg }

func (e *Error) Unwrap() error { return e.Err }

// errMsg builds an *Error from a message id and its arguments.
func errMsg(id string, args ...any) *Error {
	return &Error{Msg: i18n.Msg{ID: id, Args: args}}
}

// msg is a message id with arguments, as a value to nest in another message.
func msg(id string, args ...any) i18n.Msg { return i18n.Msg{ID: id, Args: args} }
