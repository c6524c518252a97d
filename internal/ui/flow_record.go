package ui

import (
	"time"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// What the flow notes for the change record (the runbook): who ran the
// setup and where, each AWS call as it ended, each Region's policy as read
// back, and the latest verify. Both faces call these.

// noteAction records an AWS call of Apply that ended (done or failed).
func (f *flow) noteAction(ev setup.Event) {
	if f.dry || (ev.Status != setup.StatusDone && ev.Status != setup.StatusFailed) {
		return
	}
	a := state.Action{At: f.cfg.Now().UTC().Truncate(time.Second), Region: ev.Region, Action: ev.Action,
		Status: string(ev.Status), Detail: ev.Detail}
	if ev.Err != nil {
		a.Detail = ev.Err.Error()
	}
	f.sess.History = append(f.sess.History, a)
}

// noteApplied records where and by whom the keys were set up, and the
// policies the read-back found.
func (f *flow) noteApplied(res *setup.Result) {
	s := f.sess
	if f.checks.idErr == nil && f.checks.id.ARN != "" {
		s.CallerARN = f.checks.id.ARN
	}
	if f.cfg.Version != "" {
		s.ToolVersion = f.cfg.Version
	}
	s.Endpoint = f.cfg.Endpoint
	for _, k := range res.Keys {
		if k.ReadPolicy == "" {
			continue
		}
		if s.ReadBack == nil {
			s.ReadBack = map[string]string{}
		}
		s.ReadBack[k.Region] = k.ReadPolicy
	}
}

// noteVerify records the outcome of a verify: the report as shown, or why
// nothing could be checked.
func (f *flow) noteVerify(rep *setup.VerifyReport, err error) {
	if f.dry {
		return
	}
	setup.RecordVerify(f.sess, f.cat.Printer(), rep, err, f.cfg.Now())
}
