package flow

// ErrAborted is returned when the user stops the wizard.
var ErrAborted error = &MsgError{ID: "err.aborted"}

// ErrEndOfInput is returned when standard input ends before a question of
// the accessible wizard is answered: end of input is never an answer, and
// never a yes.
var ErrEndOfInput error = &MsgError{ID: "err.endofinput"}

// ErrNeedsYes is returned when the accessible wizard would write to AWS but
// standard input is not a terminal and --yes was not given: nothing is
// written without consent (a typed yes in a terminal, --yes elsewhere).
var ErrNeedsYes error = &MsgError{ID: "err.needsyes"}
