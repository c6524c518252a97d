package setup

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// restoreAttempts bounds the EnableKey + read-back rounds per Region.
const restoreAttempts = 8

// Run records the drill, disables the targets, observes until the deadline,
// End or the end of ctx, then restores and verifies. The restore runs on
// every way out, a panic included (the panic goes on once the keys are
// Enabled again); it uses a context of its own, so cancelling ctx ends the
// drill but never stops the restore.
//
// The error is nil when the drill ran and every Region was restored, even if
// it was interrupted (see the record's EndReason). It is a *RestoreError
// when some Region is still not Enabled (the record then stays in progress),
// and another error when the drill ended early (nothing changed, or what
// changed was restored: the result says which).
func (d *Drill) Run(ctx context.Context, onEvent func(DrillEvent)) (res *DrillResult, err error) {
	if d.ran {
		return nil, errorf("drill.err.runs-once")
	}
	if !d.o.WithoutNet && len(d.NetProblems()) > 0 {
		return nil, &NetRefusedError{Problems: d.NetProblems()}
	}
	d.ran = true
	emit := func(ev DrillEvent) {
		if onEvent != nil {
			onEvent(ev)
		}
	}
	now := time.Now().UTC().Truncate(time.Second)
	rec := &state.Drill{ID: newDrillID(), StartedAt: now, Deadline: now.Add(d.o.Duration), Who: d.Caller, Scope: d.o.Scope, Alias: d.o.Verify.Alias,
		WithoutNet: d.o.WithoutNet}
	if d.net != nil && len(d.net.problems) > 0 {
		rec.NetProblem = oneLine(text(joinMsgs("setup.join.sentences", d.net.problems)))
	}
	for _, t := range d.Targets {
		rec.Regions = append(rec.Regions, state.DrillRegion{Region: t.Region, Role: t.Role, KeyID: t.KeyID, ARN: t.ARN})
	}
	d.mu.Lock()
	d.rec = rec
	d.mu.Unlock()

	emit(DrillEvent{Phase: PhaseRecord, Status: StatusStarted})
	if err := d.save(); err != nil {
		err = errorf("drill.err.not-recorded", err)
		emit(DrillEvent{Phase: PhaseRecord, Status: StatusFailed, Err: err})
		return nil, err
	}
	emit(DrillEvent{Phase: PhaseRecord, Status: StatusDone})

	attempted := 0 // Targets[:attempted] may be disabled
	finished := false
	defer func() {
		if finished {
			return
		}
		if p := recover(); p != nil {
			d.finish(ctx, EndPanic, attempted, fmt.Errorf("panic: %v", p), onEvent)
			panic(p)
		}
	}()

	reason, runErr := "", error(nil)
	if d.WithNet() {
		// The net before the first DisableKey: AWS enables the key at
		// the deadline even if this process dies.
		if err := d.layNet(ctx, rec, emit); err != nil {
			emit(DrillEvent{Phase: PhaseNet, Status: StatusFailed, Err: err})
			reason, runErr = EndAWSError, errorf("drill.err.no-net", err)
			if ctx.Err() != nil {
				reason, runErr = EndInterrupted, nil
			}
		}
	}
	for i, t := range d.Targets {
		if reason != "" {
			break
		}
		if ctx.Err() != nil {
			reason = EndInterrupted
			break
		}
		start := time.Now()
		emit(DrillEvent{Phase: PhaseDisable, Region: t.Region, Status: StatusStarted})
		k := d.e.cl.KMS(t.Region)
		// The mark first: a restore enables only a key that carries it.
		err := k.TagKey(ctx, t.KeyID, []awsx.Tag{{Key: TagDrill, Value: rec.ID}})
		if err == nil {
			err = k.DisableKey(ctx, t.KeyID)
		}
		if awsx.KindOf(err) == awsx.KindAccessDenied {
			// KMS refused: this Region's key was not touched.
			emit(DrillEvent{Phase: PhaseDisable, Region: t.Region, Status: StatusFailed, Err: err})
			reason = EndAWSError
			if i == 0 {
				runErr = errorf("drill.err.nothing-disabled", err)
			} else {
				runErr = errorf("drill.err.ended-restored-some", err)
			}
			break
		}
		attempted = i + 1 // sent: from here on this Region may be disabled
		if err == nil {
			var key *awsx.Key
			if key, err = k.DescribeKey(ctx, t.KeyID); err == nil && key.State != "Disabled" {
				err = errorf("drill.err.reads-back-not-disabled", t.Region, key.State)
			}
		}
		if err != nil {
			emit(DrillEvent{Phase: PhaseDisable, Region: t.Region, Status: StatusFailed, Err: err, Elapsed: time.Since(start)})
			if ctx.Err() != nil {
				reason = EndInterrupted
			} else {
				reason, runErr = EndAWSError, errorf("drill.err.ended-restored-all", err)
			}
			break
		}
		d.mu.Lock()
		rec.Regions[i].DisabledAt = time.Now().UTC().Truncate(time.Second)
		d.mu.Unlock()
		_ = d.save() // the record already lists the Region: a failed save loses only the time
		emit(DrillEvent{Phase: PhaseDisable, Region: t.Region, Status: StatusDone, KeyState: "Disabled", Elapsed: time.Since(start)})
	}
	if reason == "" {
		reason, runErr = d.observe(ctx, rec, emit)
	}
	finished = true
	return d.finish(ctx, reason, attempted, runErr, onEvent)
}

// observe reads every Region's key state each Poll until the deadline, End,
// the end of ctx, or three failed reads in a row.
func (d *Drill) observe(ctx context.Context, rec *state.Drill, emit func(DrillEvent)) (string, error) {
	deadline := time.NewTimer(time.Until(rec.Deadline))
	defer deadline.Stop()
	tick := time.NewTicker(d.o.Poll)
	defer tick.Stop()
	emit(DrillEvent{Phase: PhaseObserve, Status: StatusStarted, Remaining: time.Until(rec.Deadline)})
	fails := 0
	read := func() error {
		states := make([]string, len(d.KeySet))
		errs := make([]error, len(d.KeySet))
		fns := make([]func() error, 0, len(d.KeySet))
		for i, t := range d.KeySet {
			fns = append(fns, func() error {
				k, err := d.e.cl.KMS(t.Region).DescribeKey(ctx, t.KeyID)
				if err == nil {
					states[i] = k.State
				}
				errs[i] = err
				return nil
			})
		}
		_ = parallel(fns...)
		if ctx.Err() != nil {
			return nil
		}
		now := time.Now()
		var first error
		for i, t := range d.KeySet {
			ev := DrillEvent{Phase: PhaseObserve, Region: t.Region, Status: StatusState, KeyState: states[i], Err: errs[i],
				Elapsed: now.Sub(rec.StartedAt), Remaining: rec.Deadline.Sub(now)}
			if errs[i] != nil {
				ev.Status = StatusFailed
				if first == nil {
					first = errs[i]
				}
			}
			emit(ev)
		}
		return first
	}
	check := func() (string, error) {
		if err := read(); err != nil {
			if fails++; fails >= 3 {
				return EndAWSError, errorf("drill.err.unreadable", err)
			}
		} else {
			fails = 0
		}
		return "", nil
	}
	if r, err := check(); r != "" {
		return r, err
	}
	for {
		select {
		case <-ctx.Done():
			return EndInterrupted, nil
		case <-d.end:
			return EndOperator, nil
		case <-deadline.C:
			return EndDeadline, nil
		case <-tick.C:
			if r, err := check(); r != "" && ctx.Err() == nil {
				return r, err
			}
		}
	}
}

// finish restores Targets[:attempted], closes the record and verifies.
func (d *Drill) finish(ctx context.Context, reason string, attempted int, runErr error, onEvent func(DrillEvent)) (*DrillResult, error) {
	d.mu.Lock()
	rec := d.rec
	rec.EndReason = reason
	if runErr != nil {
		rec.Error = oneLine(runErr.Error())
	}
	d.mu.Unlock()
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.e.RestoreTimeout)
	defer cancel()
	// The keys this process disabled itself: no ownership check stands
	// between them and EnableKey.
	failed := d.e.restore(rctx, rec, d.Targets[:attempted], ownership{}, &d.mu, d.safeEmit(onEvent))
	// Then the net goes, except where a key is still disabled.
	left := d.e.removeNet(rctx, rec, failedRegions(failed), &d.mu)
	res, err := d.e.closeDrill(rctx, rec, &d.mu, attempted > 0, attempted > 0, failed, d.o.Verify, d.save, d.safeEmit(onEvent))
	if res != nil {
		res.NetLeft = left
	}
	if err != nil {
		return res, err
	}
	return res, runErr
}

// safeEmit is the callback as restore and verify use it: a panic in it stops
// further events instead of stopping the restore.
func (d *Drill) safeEmit(onEvent func(DrillEvent)) func(DrillEvent) {
	return func(ev DrillEvent) {
		if onEvent == nil {
			return
		}
		d.mu.Lock()
		quiet := d.quiet
		d.mu.Unlock()
		if quiet {
			return
		}
		defer func() {
			if recover() != nil {
				d.mu.Lock()
				d.quiet = true
				d.mu.Unlock()
			}
		}()
		onEvent(ev)
	}
}

// restore enables each target's key again (concurrently, each bounded) and
// marks it in rec (under mu). It returns the Regions that are still not Enabled.
//
// With w.account set, a Disabled key is enabled only when it is owned (see
// owned); a refused key is returned with a *NotOwnedError and left as it is.
func (e *Engine) restore(ctx context.Context, rec *state.Drill, targets []DrillTarget, w ownership, mu sync.Locker, emit func(DrillEvent)) []RestoreFailure {
	if len(targets) == 0 {
		return nil
	}
	errs := make([]error, len(targets))
	fns := make([]func() error, 0, len(targets))
	for i, t := range targets {
		fns = append(fns, func() error {
			start := time.Now()
			emit(DrillEvent{Phase: PhaseRestore, Region: t.Region, Status: StatusStarted})
			errs[i] = e.enableAndReadBack(ctx, t, w)
			if errs[i] != nil {
				emit(DrillEvent{Phase: PhaseRestore, Region: t.Region, Status: StatusFailed, Err: errs[i], Elapsed: time.Since(start)})
				var no *NotOwnedError
				if errors.As(errs[i], &no) {
					mu.Lock()
					for j := range rec.Regions {
						if rec.Regions[j].Region == t.Region {
							rec.Regions[j].Refused = oneLine(no.Error())
						}
					}
					mu.Unlock()
				}
				return nil
			}
			if rec.ID != "" {
				// The mark has done its job; a failure leaves a harmless tag.
				_ = e.cl.KMS(t.Region).UntagKey(ctx, t.KeyID, TagDrill)
			}
			mu.Lock()
			for j := range rec.Regions {
				if rec.Regions[j].Region == t.Region {
					rec.Regions[j].EnabledAt = time.Now().UTC().Truncate(time.Second)
				}
			}
			mu.Unlock()
			emit(DrillEvent{Phase: PhaseRestore, Region: t.Region, Status: StatusDone, KeyState: "Enabled", Elapsed: time.Since(start)})
			return nil
		})
	}
	_ = parallel(fns...)
	var failed []RestoreFailure
	for i, err := range errs {
		if err != nil {
			failed = append(failed, RestoreFailure{Target: targets[i], Err: err})
		}
	}
	return failed
}

// enableAndReadBack reads the key's state and enables it until it reads back
// Enabled: an Enabled key needs no write. The SDK retries each call
// (throttling, 5xx, a lost response); the rounds here are bounded too.
func (e *Engine) enableAndReadBack(ctx context.Context, t DrillTarget, w ownership) error {
	k := e.cl.KMS(t.Region)
	delay := e.PollInterval
	checked := w.account == ""
	var last error
	for range restoreAttempts {
		key, err := k.DescribeKey(ctx, t.KeyID)
		switch {
		case err == nil && key.State == "Enabled":
			return nil
		case err == nil && key.State == "Disabled":
			if !checked {
				var no *NotOwnedError
				if err = e.owned(ctx, t, w); errors.As(err, &no) {
					return err // not this drill's key: never enabled
				}
				checked = err == nil
			}
			if err == nil {
				if err = k.EnableKey(ctx, t.KeyID); err == nil {
					continue // read it back
				}
			}
		case err == nil && (key.State == "PendingDeletion" || key.State == "PendingReplicaDeletion"):
			return errorf("drill.err.pending-deletion", key.State, t.ARN, t.Region)
		case err == nil:
			err = errorf("drill.err.reads-back-not-enabled", key.State)
		}
		last = err
		if k := awsx.KindOf(err); k == awsx.KindAccessDenied || k == awsx.KindNoCredentials || k == awsx.KindExpired {
			return err // no retry will change these
		}
		select {
		case <-ctx.Done():
			return errorf("drill.err.gave-up", last, ctx.Err())
		case <-time.After(delay):
		}
		delay = min(2*delay, 5*time.Second)
	}
	return errorf("drill.err.still-not-enabled", restoreAttempts, last)
}

// closeDrill records the restore's outcome, saves it, and runs Verify once
// the keys are back (with verify; a drill that disabled nothing skips it).
func (e *Engine) closeDrill(ctx context.Context, rec *state.Drill, mu sync.Locker, changed, verify bool, failed []RestoreFailure, vo VerifyOptions, save func() error, emit func(DrillEvent)) (*DrillResult, error) {
	var refused []RestoreFailure
	failed = slices.DeleteFunc(failed, func(f RestoreFailure) bool {
		var no *NotOwnedError
		if errors.As(f.Err, &no) {
			refused = append(refused, f)
			return true
		}
		return false
	})
	mu.Lock()
	rec.EndedAt = time.Now().UTC().Truncate(time.Second)
	switch {
	case len(failed) > 0:
		rec.Outcome = state.DrillRestoreFailed
	case len(refused) > 0:
		rec.Outcome = state.DrillRestoreRefused
	case changed:
		rec.Outcome = state.DrillRestored
	default:
		rec.Outcome = state.DrillNothingDone
	}
	mu.Unlock()
	saveErr := save()
	res := &DrillResult{Restored: len(failed) == 0 && len(refused) == 0}
	if len(failed) > 0 {
		rerr := &RestoreError{Failed: append(failed, refused...)}
		res.ManualCommands = rerr.Commands()
		mu.Lock()
		rec.Error = oneLine(rerr.Error())
		res.Drill = rec.Clone()
		mu.Unlock()
		_ = save()
		return res, rerr
	}
	if verify {
		emit(DrillEvent{Phase: PhaseVerify, Status: StatusStarted})
		vo.Drill = nil
		rep, err := e.Verify(ctx, vo)
		mu.Lock()
		if err != nil {
			rec.Verify = text(msg("drill.verify-could-not-run", oneLine(err.Error())))
		} else {
			ok := rep.OK
			rec.VerifyOK, rec.Verify = &ok, rep.Summary()
			res.Verify = rep
		}
		mu.Unlock()
		if err != nil {
			emit(DrillEvent{Phase: PhaseVerify, Status: StatusFailed, Err: err})
		} else {
			emit(DrillEvent{Phase: PhaseVerify, Status: StatusDone, Text: rep.SummaryText()})
		}
		if err := save(); err != nil && saveErr == nil {
			saveErr = err
		}
	}
	mu.Lock()
	if len(refused) > 0 {
		rerr := &RestoreRefusedError{Refused: refused}
		res.ManualCommands = rerr.Commands()
		rec.Error = oneLine(rerr.Error())
	}
	res.Drill = rec.Clone()
	mu.Unlock()
	if saveErr != nil {
		return res, errorf("drill.err.session-not-updated", saveErr)
	}
	if len(refused) > 0 {
		return res, &RestoreRefusedError{Refused: refused}
	}
	return res, nil
}

// RestoreDrill undoes a drill recorded in the session whose process never
// finished it (kill -9, power loss, a failed restore): it enables every
// Region the record lists (every one was Enabled before the drill; a key
// already Enabled needs no write), reads each back, closes the record with
// save, and runs Verify with vo (when vo.Key is set).
func (e *Engine) RestoreDrill(ctx context.Context, rec *state.Drill, vo VerifyOptions, save func(*state.Drill) error, onEvent func(DrillEvent)) (*DrillResult, error) {
	if !rec.InProgress() {
		return &DrillResult{Drill: rec.Clone(), Restored: true}, nil
	}
	rec = rec.Clone()
	if rec.EndReason == "" {
		rec.EndReason = EndRestore
	}
	emit := func(ev DrillEvent) {
		if onEvent != nil {
			onEvent(ev)
		}
	}
	id, err := e.Identity(ctx)
	if err != nil {
		return nil, err
	}
	// A record in the session file is a claim: each key must prove it.
	w := ownership{alias: rec.Alias, account: id.AccountID, aliasTo: true, drillID: rec.ID}
	if rec.ID == "" {
		w.drillID = noDrillID
	}
	var mu sync.Mutex
	failed := e.restore(ctx, rec, targetsOf(rec), w, &mu, emit)
	left := e.removeNet(ctx, rec, failedRegions(failed), &mu)
	if len(failed) == 0 {
		rec.Error = ""
	}
	saveRec := func() error {
		mu.Lock()
		defer mu.Unlock()
		return save(rec.Clone())
	}
	res, err := e.closeDrill(ctx, rec, &mu, true, vo.Key != "", failed, vo, saveRec, emit)
	if res != nil {
		res.NetLeft = left
	}
	return res, err
}

// failedRegions are the Regions a restore could not enable (a key it
// refused to touch is not one: the net must not enable it either).
func failedRegions(failed []RestoreFailure) []string {
	var out []string
	for _, f := range failed {
		var no *NotOwnedError
		if !errors.As(f.Err, &no) {
			out = append(out, f.Target.Region)
		}
	}
	return out
}
