package flow

import (
	"github.com/zcmk/zcmk-tui/internal/setup"
)

// What the flow notes for the change record (the runbook): who ran the
// setup and where, each AWS call as it ended, each Region's policy as read
// back, and the latest verify. Both faces call these.

// NoteAction records an AWS call of Apply that ended (done or failed).
func (f *Flow) NoteAction(ev setup.Event) {
	if a, ok := setup.CallRecord(ev, f.Cfg.Now()); ok && !f.Dry {
		f.Sess.History = append(f.Sess.History, a)
	}
}

// Run is who ran the setup and where, for the session (RecordRun).
func (f *Flow) Run() setup.Run {
	r := setup.Run{Profile: f.Cfg.Profile, ToolVersion: f.Cfg.Version, Endpoint: f.Cfg.Endpoint, At: f.Cfg.Now()}
	if f.Checks.IDErr == nil {
		r.CallerARN = f.Checks.ID.ARN
	}
	return r
}

// NoteVerify records the outcome of a verify: the report as shown, or why
// nothing could be checked.
func (f *Flow) NoteVerify(rep *setup.VerifyReport, err error) {
	if f.Dry {
		return
	}
	setup.RecordVerify(f.Sess, f.Cat.Printer(), rep, err, f.Cfg.Now())
}
