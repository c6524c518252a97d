package setup

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// ErrDryRun is returned by Apply for a plan made without credentials.
var ErrDryRun = errors.New("this is a dry run: nothing was changed in AWS")

// RegionError is a failure in one Region; the other Regions went on.
type RegionError struct {
	Region string
	Action string
	Err    error
}

func (e *RegionError) Error() string { return e.Region + ": " + e.Err.Error() }
func (e *RegionError) Unwrap() error { return e.Err }

// ApplyError collects the Regions that failed.
type ApplyError struct{ Errs []*RegionError }

func (e *ApplyError) Error() string {
	parts := make([]string, len(e.Errs))
	for i, r := range e.Errs {
		parts[i] = r.Error()
	}
	return strings.Join(parts, "\n")
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
		err = a.step(prim.Region, ActCreateKey, func() (string, error) {
			var err error
			key, theirs, err = e.createKey(ctx, p)
			switch {
			case err != nil:
				return "", err
			case theirs:
				return fmt.Sprintf("found %s, created for %s by another zcmk-tui run since the plan: using it", key.KeyID, p.Alias), nil
			}
			return key.KeyID, nil
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
			err := a.step(prim.Region, ActCreateAlias, func() (string, error) {
				st, w, err := e.claimAlias(ctx, p, keyID)
				winner = w
				if w != nil {
					return fmt.Sprintf("%s already names %s, made for it by another zcmk-tui run at the same time: using that key; %s, made by this run, is left unused", p.Alias, w.KeyID, keyID), nil
				}
				a.set(0, func(r *KeyResult) { r.AliasState = st })
				return st, err
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
					err = fmt.Errorf("%w\nThe key this run created, %s, is not used by anything: it has no alias; it was not saved (this tool never deletes keys)", err, key.ARN)
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
	fns := make([]func() error, 0, len(p.Regions))
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
	return a.step(rp.Region, ActPutPolicy, func() (string, error) {
		if err := a.e.cl.KMS(rp.Region).PutKeyPolicy(ctx, keyID, rp.Policy); err != nil {
			return "", err
		}
		a.set(i, func(r *KeyResult) { r.Policy = "applied" })
		return "", nil
	})
}

func (a *applier) finish(before int, err error) (*Result, error) {
	a.res.WriteCalls = a.e.WriteCalls() - before
	a.res.Changed = a.res.WriteCalls > 0
	return a.res, err
}

// step runs one action with started/done/failed events.
func (a *applier) step(region, kind string, fn func() (string, error)) error {
	start := time.Now()
	a.emit(Event{Region: region, Action: kind, Status: StatusStarted})
	detail, err := fn()
	ev := Event{Region: region, Action: kind, Status: StatusDone, Detail: detail, Elapsed: time.Since(start)}
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
			err = a.step(rp.Region, act.Kind, func() (string, error) {
				key, err := a.e.replicate(ctx, a.p, keyID, rp)
				if err != nil {
					return "", err
				}
				replicaState = key.State
				a.set(i, func(r *KeyResult) {
					r.KeyID, r.ARN, r.Created, r.Policy = key.KeyID, key.ARN, true, "applied"
				})
				return key.ARN, nil
			})
		case ActWaitEnabled:
			if replicaState == "Enabled" {
				continue
			}
			err = a.step(rp.Region, act.Kind, func() (string, error) { return "Enabled", a.e.waitEnabled(ctx, k, keyID) })
		case ActCreateAlias:
			if i == 0 && a.primaryAliasDone {
				continue
			}
			// The alias does not depend on the policy or on rotation: it runs
			// alongside them once the key exists in this Region.
			concurrent = append(concurrent, func() error {
				return asRegionError(fail(act.Kind, a.step(rp.Region, act.Kind, func() (string, error) {
					state, err := a.e.createAlias(ctx, k, a.p.Alias, keyID)
					a.set(i, func(r *KeyResult) { r.AliasState = state })
					return state, err
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
				return asRegionError(fail(act.Kind, a.step(rp.Region, act.Kind, func() (string, error) { return "", k.EnableKeyRotation(ctx, keyID) })))
			})
			continue
		case ActReadBack:
			// The read-back needs the policy write (CreateKey, ReplicateKey or
			// PutKeyPolicy, all sequential above) but not the alias or rotation.
			concurrent = append(concurrent, func() error {
				return asRegionError(fail(act.Kind, a.step(rp.Region, act.Kind, func() (string, error) { return a.readBack(ctx, i, k, keyID) })))
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

// asRegionError keeps a nil *RegionError from becoming a non-nil error.
func asRegionError(e *RegionError) error {
	if e == nil {
		return nil
	}
	return e
}

// readBack reads the policy and the key state and confirms Zoom's grant.
func (a *applier) readBack(ctx context.Context, i int, k *awsx.KMS, keyID string) (string, error) {
	var (
		policy string
		key    *awsx.Key
	)
	if err := parallel(
		func() (err error) { policy, err = k.GetKeyPolicy(ctx, keyID); return },
		func() (err error) { key, err = k.DescribeKey(ctx, keyID); return },
	); err != nil {
		return "", err
	}
	var problems []string
	for _, f := range zoom.CheckPolicy(policy, a.p.Partition, a.p.AccountID, a.p.ZoomAccountID) {
		if !f.OK && f.Severe {
			problems = append(problems, f.Detail)
		}
	}
	if key.State != "Enabled" {
		problems = append(problems, "key state is "+key.State)
	}
	a.set(i, func(r *KeyResult) {
		r.KeyState = key.State
		r.ZoomGrant = len(problems) == 0
		if r.ARN == "" {
			r.KeyID, r.ARN = key.KeyID, key.ARN
		}
	})
	if len(problems) > 0 {
		return "", fmt.Errorf("read-back found a problem: %s", strings.Join(problems, "; "))
	}
	return "Zoom grant confirmed, key Enabled", nil
}

// createKey calls CreateKey, unless a key tagged for the alias appeared since
// the plan (another run's, found by a last look right before the call: then
// theirs is true). After an ambiguous failure (a lost response, a timeout, a
// KMS internal error) it looks for the key by its tag, and waits the SDK's
// backoff before trying again, so a lost response never leaves two keys.
func (e *Engine) createKey(ctx context.Context, p *Plan) (key *awsx.Key, theirs bool, err error) {
	k := e.cl.KMS(p.Primary)
	if found, err := e.lookForTagged(ctx, k, p, true); err != nil {
		return nil, false, err
	} else if found != nil {
		return found, true, nil
	}
	in := awsx.CreateKeyInput{Policy: p.Regions[0].Policy, Description: p.description, Tags: awsTags(p.opts.tags())}
	for attempt := 1; ; attempt++ {
		key, err := k.CreateKey(ctx, in)
		if err == nil {
			return key, false, nil
		}
		if awsx.KindOf(err) != awsx.KindAmbiguous || attempt > 1 || ctx.Err() != nil {
			return nil, false, err
		}
		found, lerr := e.lookForTagged(ctx, k, p, false)
		if lerr != nil {
			return nil, false, fmt.Errorf("%w (and looking for the key afterwards failed: %v)", err, lerr)
		}
		if found != nil {
			return found, false, nil
		}
		if err := e.backoff(ctx, attempt, err); err != nil {
			return nil, false, err
		}
	}
}

// lookForTagged looks in the primary Region for a usable key tagged for the
// plan's alias. With onlyNew it reads the tags of the keys that appeared
// since the plan only (the plan read the others).
func (e *Engine) lookForTagged(ctx context.Context, k *awsx.KMS, p *Plan, onlyNew bool) (*awsx.Key, error) {
	ids, err := k.ListMultiRegionKeyIDs(ctx)
	if err != nil {
		return nil, err
	}
	if onlyNew {
		ids = slices.DeleteFunc(ids, func(id string) bool { return p.planned[id] })
		if len(ids) == 0 {
			return nil, nil
		}
	}
	found, _, err := e.findTagged(ctx, k, p.Alias, ids, p.Primary)
	return found, err
}

// backoff waits the SDK retryer's delay before attempt+1 of a call that
// failed with err (the tag lookup already ran), or until ctx ends.
func (e *Engine) backoff(ctx context.Context, attempt int, err error) error {
	fn := e.Backoff
	if fn == nil {
		fn = e.cl.RetryDelay
	}
	t := time.NewTimer(fn(attempt, err))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// claimAlias makes the alias of a key this run just created. When the alias
// already names a key that another zcmk-tui run created for it at the same
// time, that key is returned as winner (and err is nil): the caller uses it.
func (e *Engine) claimAlias(ctx context.Context, p *Plan, keyID string) (state string, winner *awsx.Key, err error) {
	k := e.cl.KMS(p.Primary)
	state, err = e.createAlias(ctx, k, p.Alias, keyID)
	var conflict *aliasConflictError
	if !errors.As(err, &conflict) {
		return state, nil, err
	}
	tags, terr := k.Tags(ctx, conflict.have)
	if terr != nil || !slices.Contains(tags, awsx.Tag{Key: TagAlias, Value: p.Alias}) {
		return "", nil, err
	}
	have, derr := k.DescribeKey(ctx, conflict.have)
	if derr != nil || usable(have, p.Primary, p.Alias) != nil {
		return "", nil, err
	}
	return "", have, nil
}

// applyAgain plans again and applies that plan, after this run found that a
// concurrent run had made the key for the same alias: the new plan uses that
// key. orphans are keys this run created that are now unused.
func (e *Engine) applyAgain(ctx context.Context, p *Plan, onEvent func(Event), before int, orphans []string) (*Result, error) {
	np, err := e.Plan(ctx, p.opts)
	var res *Result
	if err == nil {
		if hasAction(np.Regions[0].Actions, ActCreateKey) {
			err = fmt.Errorf("the key another run created for %s is no longer there", p.Alias)
		} else {
			res, err = e.Apply(ctx, np, onEvent)
		}
	}
	if res == nil {
		res = p.Result()
		res.Keys[0] = KeyResult{Region: p.Primary, Role: RolePrimary}
	}
	for _, o := range orphans {
		if !slices.Contains(res.Orphans, o) {
			res.Orphans = append(res.Orphans, o)
		}
	}
	res.WriteCalls = e.WriteCalls() - before
	res.Changed = res.WriteCalls > 0
	if err != nil {
		err = &ApplyError{Errs: []*RegionError{{Region: p.Primary, Action: ActCreateKey, Err: err}}}
	}
	return res, err
}

// replicate calls ReplicateKey with the policy passed explicitly. After an
// ambiguous failure, or when a replica already exists (a concurrent run made
// it), it checks whether the replica exists before waiting the SDK's backoff
// and trying again.
func (e *Engine) replicate(ctx context.Context, p *Plan, keyID string, rp *RegionPlan) (*awsx.Key, error) {
	primary := e.cl.KMS(p.Primary)
	for attempt := 1; ; attempt++ {
		// ReplicateKey takes the key ID: some emulators reject an ARN here.
		key, err := primary.ReplicateKey(ctx, keyID, rp.Region, rp.Policy, p.description, awsTags(p.opts.tags()))
		if err == nil {
			return key, nil
		}
		kind := awsx.KindOf(err)
		if kind != awsx.KindAmbiguous && kind != awsx.KindAlreadyExists || ctx.Err() != nil {
			return nil, err
		}
		if key, derr := e.cl.KMS(rp.Region).DescribeKey(ctx, keyID); derr == nil {
			return key, nil
		} else if !awsx.IsNotFound(derr) {
			return nil, fmt.Errorf("%w (and looking for the replica afterwards failed: %v)", err, derr)
		}
		if kind != awsx.KindAmbiguous || attempt > 1 {
			return nil, err
		}
		if err := e.backoff(ctx, attempt, err); err != nil {
			return nil, err
		}
	}
}

// waitEnabled polls DescribeKey until the key is Enabled, within WaitTimeout.
func (e *Engine) waitEnabled(ctx context.Context, k *awsx.KMS, keyID string) error {
	deadline := time.Now().Add(e.WaitTimeout)
	delay := e.PollInterval
	for {
		key, err := k.DescribeKey(ctx, keyID)
		if err != nil && !awsx.IsNotFound(err) {
			return err
		}
		if err == nil {
			switch key.State {
			case "Enabled":
				return nil
			case "Creating", "Updating":
			default:
				return stateError(key, k.Region())
			}
		}
		if time.Now().Add(delay).After(deadline) {
			return fmt.Errorf("the replica in %s was not Enabled after %s; try again later to continue", k.Region(), e.WaitTimeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
		delay = min(delay*2, 5*time.Second)
	}
}

// createAlias creates the alias; if it already exists and points at our key
// that is fine ("unchanged"), if it points elsewhere it is an error naming both.
func (e *Engine) createAlias(ctx context.Context, k *awsx.KMS, alias, keyID string) (string, error) {
	err := k.CreateAlias(ctx, alias, keyID)
	if err == nil {
		return "created", nil
	}
	if awsx.KindOf(err) != awsx.KindAlreadyExists && awsx.KindOf(err) != awsx.KindAmbiguous {
		return "", err
	}
	have, derr := k.DescribeKey(ctx, alias)
	if derr != nil {
		return "", err
	}
	if have.KeyID != keyID {
		return "", &aliasConflictError{err: aliasConflict(alias, k.Region(), have.KeyID, keyID), have: have.KeyID}
	}
	return "unchanged", nil
}

func awsTags(tags []zoom.Tag) []awsx.Tag {
	out := make([]awsx.Tag, len(tags))
	for i, t := range tags {
		out[i] = awsx.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

// aliasConflictError is an alias that names another key than the one wanted.
type aliasConflictError struct {
	err  error
	have string // the key the alias names
}

func (e *aliasConflictError) Error() string { return e.err.Error() }
func (e *aliasConflictError) Unwrap() error { return e.err }

// createTurns holds one turn per (endpoint, profile, account, Region, alias)
// for making a new key in this process.
var createTurns sync.Map

// creating waits for this process's turn to make the plan's key; release is
// safe to call more than once.
func (e *Engine) creating(ctx context.Context, p *Plan) (release func(), err error) {
	k := strings.Join([]string{e.cl.Endpoint(), e.cl.Profile(), p.AccountID, p.Primary, p.Alias}, "\x00")
	v, _ := createTurns.LoadOrStore(k, make(chan struct{}, 1))
	turn := v.(chan struct{})
	select {
	case turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	var once sync.Once
	return func() { once.Do(func() { <-turn }) }, nil
}
