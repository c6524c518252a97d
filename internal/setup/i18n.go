package setup

import (
	"errors"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// en renders the English text the engine keeps for logs and JSON (Detail,
// Fix, Error()), from the same catalogue the faces use.
var en = i18n.NewPrinter(i18n.English)

// msg is a message id with its arguments.
func msg(id string, args ...any) i18n.Msg { return i18n.Msg{ID: id, Args: args} }

// literal is a value shown as it is (a key ID, an ARN, a KMS key state).
func literal(s string) i18n.Msg {
	if s == "" {
		return i18n.Msg{}
	}
	return msg("setup.literal", s)
}

// text is m in English ("" for no message).
func text(m i18n.Msg) string {
	if m.ID == "" {
		return ""
	}
	return en.M(m)
}

// MsgError is an engine error that says itself in any language (Localized);
// Error() is its English text. It wraps the first error among its arguments.
type MsgError struct {
	Msg i18n.Msg
	Err error
}

func (e *MsgError) Error() string       { return en.M(e.Msg) }
func (e *MsgError) Unwrap() error       { return e.Err }
func (e *MsgError) Localized() i18n.Msg { return e.Msg }

// errorf is a MsgError: message id and arguments; the first error argument
// is wrapped (errors.Is and errors.As see through it).
func errorf(id string, args ...any) error {
	e := &MsgError{Msg: msg(id, args...)}
	for _, a := range args {
		if err, ok := a.(error); ok {
			e.Err = err
			break
		}
	}
	return e
}

// localize is err as a message: its own when it says itself, else its text.
func localize(err error) i18n.Msg {
	var l i18n.Localized
	if errors.As(err, &l) {
		if m := l.Localized(); m.ID != "" {
			return m
		}
	}
	return literal(err.Error())
}

// PartitionError refuses Zoom's commercial account outside partition aws
// (Zoom for Government and other Zoom clouds use an account of their own):
// bad input, found with read-only calls before anything is written.
type PartitionError struct {
	Partition string
	Err       error
}

func (e *PartitionError) Error() string { return en.M(e.Localized()) }
func (e *PartitionError) Unwrap() error { return e.Err }

// Localized is the error in the catalogue.
func (e *PartitionError) Localized() i18n.Msg {
	return msg("setup.plan.err.partition", e.Partition, e.Err)
}
