package ui

import (
	"github.com/zcmk/zcmk-tui/internal/setup"
)

// Every message the wizard's commands send back to Update lives here. Errors
// travel as fields of these messages; no command touches the model.

// identityMsg is the answer of sts:GetCallerIdentity.
type identityMsg struct {
	id  setup.Identity
	err error
}

// probeMsg is the answer of the read-only KMS probe in region.
type probeMsg struct {
	region string
	err    error
}

// planMsg is a plan computed by the engine (or offline for a dry run).
// retry marks a plan made to resume after a failed apply.
type planMsg struct {
	plan  *setup.Plan
	err   error
	retry bool
	gen   int
}

// applyEventMsg is one progress event of Apply; more follow on the same channel.
type applyEventMsg struct {
	ev  setup.Event
	gen int
}

// applyDoneMsg ends an Apply; cut are the key-creating calls it left with
// an unknown outcome when it was stopped.
type applyDoneMsg struct {
	res *setup.Result
	err error
	cut []setup.CutCall
	gen int
}

// savedMsg reports a write of the session file.
type savedMsg struct{ err error }

// copiedMsg reports a copy of text to the clipboard: native is true when a
// native clipboard took it; osc52 when the OSC 52 sequence was written to the
// terminal (which may or may not honour it).
type copiedMsg struct {
	native bool
	osc52  bool
	mux    string // "tmux" or "screen" when the terminal is inside one
	err    error
}

// exportedMsg reports the Markdown runbook written to path.
type exportedMsg struct {
	path string
	err  error
}

// runbookCheckedMsg is the check of the runbook's path abs
// (docs.CheckRunbookPath): whether a file is there and, if so, the next
// free name beside it (free), or why the runbook cannot be written there.
// gen ties it to the check that was asked for.
type runbookCheckedMsg struct {
	abs, free string
	exists    bool
	err       error
	gen       int
}

// verifiedMsg is the outcome of a "verify now" health check: a report, or
// err when nothing could be checked. gen ties it to the check that was asked
// for (a check closed before it answered is ignored).
type verifiedMsg struct {
	rep *setup.VerifyReport
	err error
	gen int
}

// aliasKeyMsg is what the engine read of the alias of step 3 in region:
// the key set it names (nil: none, a new key is made), or why it cannot be
// used or read. gen ties it to the lookup that was asked for.
type aliasKeyMsg struct {
	alias, region string
	key           *setup.ExistingKey
	err           error
	gen           int
}

// existingKeyMsg is what the engine read of the existing key ref, given in
// step 2, in region: the key and its replica Regions, or why it cannot be
// used or read. gen ties it to the lookup that was asked for.
type existingKeyMsg struct {
	ref, region string
	key         *setup.ExistingKey
	err         error
	gen         int
}
