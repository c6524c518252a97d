package setup

import (
	awsx "github.com/zcmk/zcmk-tui/internal/aws"
)

// What the faces need to know of a failure and of the calls made, as the
// engine's own names: the wizard and the CLI go through the engine, never
// past it to internal/aws. These are the same types as internal/aws's, so
// an error classified there is one here.
type (
	// Error is a classified AWS failure: what happened, in plain words
	// (Msg), the operation (Op) and Region, and what to do about it (Fix).
	Error = awsx.Error
	// ErrorKind is a class of failure an admin can act on.
	ErrorKind = awsx.Kind
	// Call is one AWS call the engine made, as recorded by Calls.
	Call = awsx.Call
)

// The kinds of failure.
const (
	KindUnknown        = awsx.KindUnknown
	KindNoCredentials  = awsx.KindNoCredentials
	KindExpired        = awsx.KindExpired
	KindProfile        = awsx.KindProfile
	KindAccessDenied   = awsx.KindAccessDenied
	KindLockout        = awsx.KindLockout
	KindNotFound       = awsx.KindNotFound
	KindAlreadyExists  = awsx.KindAlreadyExists
	KindInvalidState   = awsx.KindInvalidState
	KindThrottled      = awsx.KindThrottled
	KindUnreachable    = awsx.KindUnreachable
	KindRegionDisabled = awsx.KindRegionDisabled
	KindAmbiguous      = awsx.KindAmbiguous
	KindCanceled       = awsx.KindCanceled
)

// KindOf returns the kind of err, or KindUnknown when it was not classified.
func KindOf(err error) ErrorKind { return awsx.KindOf(err) }
