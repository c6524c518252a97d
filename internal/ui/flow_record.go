package ui

import (
	"strings"
	"time"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// What the flow notes for the change record (the runbook): who ran the
// setup and where, each AWS call as it ended, each Region's policy as read
// back, and the latest verify. Both faces call these.

// noteAction records an AWS call of Apply that ended (done or failed).
func (f *flow) noteAction(ev setup.Event) {
	if a, ok := setup.CallRecord(ev, f.cfg.Now()); ok && !f.dry {
		f.sess.History = append(f.sess.History, a)
	}
}

// run is who ran the setup and where, for the session (RecordRun).
func (f *flow) run() setup.Run {
	r := setup.Run{Profile: f.cfg.Profile, ToolVersion: f.cfg.Version, Endpoint: f.cfg.Endpoint, At: f.cfg.Now()}
	if f.checks.idErr == nil {
		r.CallerARN = f.checks.id.ARN
	}
	return r
}

// noteVerify records the outcome of a verify: the report as shown, or why
// nothing could be checked.
func (f *flow) noteVerify(rep *setup.VerifyReport, err error) {
	if f.dry {
		return
	}
	v := &state.VerifyRecord{At: f.cfg.Now().UTC().Truncate(time.Second)}
	var b strings.Builder
	switch {
	case err != nil:
		b.WriteString(err.Error())
	case rep != nil:
		v.OK = rep.OK
		setup.RenderVerifyIn(&b, f.cat.Printer(), rep, 100)
	default:
		return
	}
	v.Lines = strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	f.sess.LastVerify = v
}
