package setup

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// ErrDryRun is returned by Apply for a plan made without credentials.
var ErrDryRun = errorf("setup.apply.err.dry-run")

// RegionError is a failure in one Region; the other Regions went on.
type RegionError struct {
	Region string
	Action string
	Err    error
}

func (e *RegionError) Error() string { return e.Region + ": " + e.Err.Error() }
func (e *RegionError) Unwrap() error { return e.Err }

// Localized says the failure in any language.
func (e *RegionError) Localized() i18n.Msg { return msg("setup.err.region", e.Region, localize(e.Err)) }

// ApplyError collects the Regions that failed.
type ApplyError struct{ Errs []*RegionError }

func (e *ApplyError) Error() string {
	parts := make([]string, len(e.Errs))
	for i, r := range e.Errs {
		parts[i] = r.Error()
	}
	return strings.Join(parts, "\n")
}

// Localized says every Region's failure in any language, one a line.
func (e *ApplyError) Localized() i18n.Msg {
	ms := make([]i18n.Msg, len(e.Errs))
	for i, r := range e.Errs {
		ms[i] = r.Localized()
	}
	return joinMsgs("setup.join.lines", ms)
}

// Unwrap lets errors.Is/As see every Region's error.
func (e *ApplyError) Unwrap() []error {
	out := make([]error, len(e.Errs))
	for i, r := range e.Errs {
		out[i] = r
	}
	return out
}

// Apply carries out a plan. It is idempotent: after a failure or an
// interruption, Plan again and Apply the new plan to resume. Independent
// Regions run concurrently. Within a Region the key, its Enabled state and its
// policy come first, in order; then the alias, rotation and the read-back run
// together. onEvent may be nil; it is called from several goroutines.
func (e *Engine) Apply(ctx context.Context, p *Plan, onEvent func(Event)) (*Result, error) {
	if p.DryRun {
		return nil, ErrDryRun
	}
	if onEvent == nil {
		onEvent = func(Event) {}
	}
	before := e.WriteCalls()
	res := p.Result()
	a := &applier{e: e, p: p, res: res, emit: onEvent}

	// The primary key first: everything else needs its ID.
	prim := &p.Regions[0]
	keyID := prim.KeyID
	if hasAction(prim.Actions, ActCreateKey) {
		// Two Applies in this process for the same alias take turns from the
		// last look for a tagged key to the alias: the second finds the
		// first's key. (Across processes the session file's lock and the
		// alias claim below do this.)
		release, err := e.creating(ctx, p)
		if err != nil {
			return a.finish(before, &ApplyError{Errs: []*RegionError{{Region: prim.Region, Action: ActCreateKey, Err: err}}})
		}
		defer release()
		var (
			key    *awsx.Key
			theirs bool
		)
		err = a.step(prim.Region, ActCreateKey, func() (i18n.Msg, error) {
			var err error
			key, theirs, err = e.createKey(ctx, p)
			switch {
			case err != nil:
				return i18n.Msg{}, err
			case theirs:
				return msg("setup.apply.found-theirs", key.KeyID, p.Alias), nil
			}
			return literal(key.KeyID), nil
		})
		if err != nil {
			return a.finish(before, &ApplyError{Errs: []*RegionError{{Region: prim.Region, Action: ActCreateKey, Err: err}}})
		}
		if theirs {
			return e.applyAgain(ctx, p, onEvent, before, nil)
		}
		keyID = key.KeyID
		res.Keys[0].KeyID, res.Keys[0].ARN, res.Keys[0].Created = key.KeyID, key.ARN, true
		res.Keys[0].Policy = "applied"

		// The alias is the one claim KMS makes atomic: make it before anything
		// else, so that of two runs that created a key at the same moment one
		// wins, and the other uses the winner's key instead of building a
		// second set.
		if hasAction(prim.Actions, ActCreateAlias) {
			var winner *awsx.Key
			err := a.step(prim.Region, ActCreateAlias, func() (i18n.Msg, error) {
				st, w, err := e.claimAlias(ctx, p, keyID)
				winner = w
				if w != nil {
					return msg("setup.apply.alias-race-lost", p.Alias, w.KeyID, keyID), nil
				}
				a.set(0, func(r *KeyResult) { r.AliasState = st })
				return aliasStateText(st), err
			})
			switch {
			case winner != nil:
				// Lost to a concurrent run: this run's key is left unused
				// and reported by name, never saved.
				return e.applyAgain(ctx, p, onEvent, before, []string{key.ARN})
			case err != nil:
				var conflict *aliasConflictError
				if errors.As(err, &conflict) {
					res.Keys[0] = KeyResult{Region: prim.Region, Role: RolePrimary}
					res.Orphans = append(res.Orphans, key.ARN)
					err = errorf("setup.apply.err.unused-key", err, key.ARN)
				}
				return a.finish(before, &ApplyError{Errs: []*RegionError{{Region: prim.Region, Action: ActCreateAlias, Err: err}}})
			}
			a.primaryAliasDone = true
		}
		release()
	}
	// A new replica copies the primary's key material and is given its policy
	// explicitly; repair the primary's own policy first, so that every copy
	// (including an emulator's, which copies the primary's current policy)
	// starts from the merged document.
	if hasAction(prim.Actions, ActPutPolicy) && slices.ContainsFunc(p.Regions[1:], func(r RegionPlan) bool { return hasAction(r.Actions, ActReplicate) }) {
		if err := a.putPolicy(ctx, 0, keyID); err != nil {
			return a.finish(before, &ApplyError{Errs: []*RegionError{{Region: prim.Region, Action: ActPutPolicy, Err: err}}})
		}
		a.primaryPolicyDone = true
	}

	var (
		mu   sync.Mutex
		errs []*RegionError
	)
	fns := make([]func() error, 0, len(p.Regions)+len(p.Alerts))
	for i := range p.Regions {
		fns = append(fns, func() error {
			if err := a.region(ctx, i, keyID); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
			return nil
		})
	}
	// The tamper alerts of each Region need only the key's ID (the same in
	// every Region of a multi-Region key): they run beside the key path.
	for i := range p.Alerts {
		fns = append(fns, func() error {
			if err := a.applyAlerts(ctx, i, keyID); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
			return nil
		})
	}
	_ = parallel(fns...)
	if len(errs) > 0 {
		slices.SortFunc(errs, func(x, y *RegionError) int { return strings.Compare(x.Region, y.Region) })
		return a.finish(before, &ApplyError{Errs: errs})
	}
	return a.finish(before, nil)
}

type applier struct {
	e    *Engine
	p    *Plan
	res  *Result
	emit func(Event)
	mu   sync.Mutex // guards res.Keys entries

	primaryPolicyDone bool // the primary's PutKeyPolicy ran before the Regions started
	primaryAliasDone  bool // the primary's alias of a new key was made right after CreateKey
}

func hasAction(as []Action, kind string) bool {
	return slices.ContainsFunc(as, func(a Action) bool { return a.Kind == kind })
}

// putPolicy writes Region i's merged policy.
func (a *applier) putPolicy(ctx context.Context, i int, keyID string) error {
	rp := &a.p.Regions[i]
	return a.step(rp.Region, ActPutPolicy, func() (i18n.Msg, error) {
		if rp.Exists && rp.CurrentPolicy != "" {
			// The merged document was made from the policy the plan read;
			// if the policy was edited since (by hand, another tool), writing
			// it would drop what was added. Read it again and stop instead.
			now, err := a.e.cl.KMS(rp.Region).GetKeyPolicy(ctx, keyID)
			if err != nil {
				return i18n.Msg{}, err
			}
			if !samePolicy(now, rp.CurrentPolicy) {
				return i18n.Msg{}, errorf("setup.err.policy-changed", keyID, rp.Region)
			}
		}
		if err := a.e.cl.KMS(rp.Region).PutKeyPolicy(ctx, keyID, rp.Policy); err != nil {
			return i18n.Msg{}, err
		}
		a.set(i, func(r *KeyResult) {
			r.Policy = "applied"
			if rp.Exists { // a repair: what was there before, for the change record
				r.PolicyBefore, r.PolicyWritten = rp.CurrentPolicy, rp.Policy
			}
		})
		return i18n.Msg{}, nil
	})
}

func (a *applier) finish(before int, err error) (*Result, error) {
	a.res.WriteCalls = a.e.WriteCalls() - before
	a.res.Changes = a.e.changesSince(before)
	a.res.Changed = a.res.Changes > 0
	return a.res, err
}

// step runs one action with started/done/failed events.
func (a *applier) step(region, kind string, fn func() (i18n.Msg, error)) error {
	start := time.Now()
	a.emit(Event{Region: region, Action: kind, Status: StatusStarted})
	detail, err := fn()
	ev := Event{Region: region, Action: kind, Status: StatusDone, Text: detail, Elapsed: time.Since(start)}
	if err != nil {
		ev.Status, ev.Err = StatusFailed, err
	}
	a.emit(ev)
	return err
}

func (a *applier) set(i int, fn func(k *KeyResult)) {
	a.mu.Lock()
	fn(&a.res.Keys[i])
	a.mu.Unlock()
}

// region runs the actions of one Region (the primary key already exists).
func (a *applier) region(ctx context.Context, i int, keyID string) *RegionError {
	rp := &a.p.Regions[i]
	k := a.e.cl.KMS(rp.Region)
	var replicaState string
	fail := func(kind string, err error) *RegionError {
		if err == nil {
			return nil
		}
		return &RegionError{Region: rp.Region, Action: kind, Err: err}
	}
	// Sequential actions (the key, its Enabled state, its policy) run in
	// order; the rest is collected here and runs concurrently afterwards.
	var concurrent []func() error
	for _, act := range rp.Actions {
		if err := ctx.Err(); err != nil {
			return fail(act.Kind, err)
		}
		var err error
		switch act.Kind {
		case ActCreateKey, ActAdoptKey:
			continue // done before the Regions started, or nothing to do
		case ActReplicate:
			err = a.step(rp.Region, act.Kind, func() (i18n.Msg, error) {
				key, err := a.e.replicate(ctx, a.p, keyID, rp)
				if err != nil {
					return i18n.Msg{}, err
				}
				replicaState = key.State
				a.set(i, func(r *KeyResult) {
					r.KeyID, r.ARN, r.Created, r.Policy = key.KeyID, key.ARN, true, "applied"
				})
				return literal(key.ARN), nil
			})
		case ActWaitEnabled:
			if replicaState == "Enabled" {
				continue
			}
			err = a.step(rp.Region, act.Kind, func() (i18n.Msg, error) { return literal("Enabled"), a.e.waitEnabled(ctx, k, keyID) })
		case ActCreateAlias:
			if i == 0 && a.primaryAliasDone {
				continue
			}
			// The alias does not depend on the policy or on rotation: it runs
			// alongside them once the key exists in this Region.
			concurrent = append(concurrent, func() error {
				return asRegionError(fail(act.Kind, a.step(rp.Region, act.Kind, func() (i18n.Msg, error) {
					state, err := a.e.createAlias(ctx, k, a.p.Alias, keyID)
					a.set(i, func(r *KeyResult) { r.AliasState = state })
					return aliasStateText(state), err
				})))
			})
			continue
		case ActPutPolicy:
			if i == 0 && a.primaryPolicyDone {
				continue
			}
			err = a.putPolicy(ctx, i, keyID)
		case ActEnableRotation:
			concurrent = append(concurrent, func() error {
				return asRegionError(fail(act.Kind, a.step(rp.Region, act.Kind, func() (i18n.Msg, error) { return i18n.Msg{}, k.EnableKeyRotation(ctx, keyID) })))
			})
			continue
		case ActReadBack:
			// The read-back needs the policy write (CreateKey, ReplicateKey or
			// PutKeyPolicy, all sequential above) but not the alias or rotation.
			concurrent = append(concurrent, func() error {
				return asRegionError(fail(act.Kind, a.step(rp.Region, act.Kind, func() (i18n.Msg, error) { return a.readBack(ctx, i, k, keyID) })))
			})
			continue
		}
		if err != nil {
			return fail(act.Kind, err)
		}
	}
	var re *RegionError
	if err := parallel(concurrent...); errors.As(err, &re) {
		return re
	}
	return nil
}

// aliasStateText is an alias's outcome ("created", "unchanged") as a message.
func aliasStateText(state string) i18n.Msg {
	if state == "" {
		return i18n.Msg{}
	}
	return msg("setup.apply.alias." + state)
}

// asRegionError keeps a nil *RegionError from becoming a non-nil error.
func asRegionError(e *RegionError) error {
	if e == nil {
		return nil
	}
	return e
}

// readBack reads the policy and the key state and confirms Zoom's grant.
func (a *applier) readBack(ctx context.Context, i int, k *awsx.KMS, keyID string) (i18n.Msg, error) {
	var (
		policy string
		key    *awsx.Key
	)
	if err := parallel(
		func() (err error) { policy, err = k.GetKeyPolicy(ctx, keyID); return },
		func() (err error) { key, err = k.DescribeKey(ctx, keyID); return },
	); err != nil {
		return i18n.Msg{}, err
	}
	var problems []string
	for _, f := range zoom.CheckPolicy(policy, a.p.Partition, a.p.AccountID, a.p.ZoomAccountID) {
		if !f.OK && f.Severe {
			problems = append(problems, text(f.Detail))
		}
	}
	if key.State != "Enabled" {
		problems = append(problems, text(msg("setup.apply.key-state-is", key.State)))
	}
	a.set(i, func(r *KeyResult) {
		r.KeyState, r.ReadPolicy = key.State, policy
		r.ZoomGrant = len(problems) == 0
		if r.ARN == "" {
			r.KeyID, r.ARN = key.KeyID, key.ARN
		}
	})
	if len(problems) > 0 {
		return i18n.Msg{}, errorf("setup.apply.err.read-back", strings.Join(problems, "; "))
	}
	return msg("setup.apply.read-back-ok"), nil
}

// samePolicy reports whether two key policy documents are the same JSON
// value (KMS may give back another spacing or key order than it was given).
func samePolicy(a, b string) bool {
	if a == b {
		return true
	}
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}
