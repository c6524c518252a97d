// The write calls of Apply that need more than one request to be safe:
// CreateKey and ReplicateKey are not idempotent (after an ambiguous failure
// the key is looked for before any retry), the alias is the one claim KMS
// makes atomic (two runs racing for it end with one key), and a new replica
// is waited for until Enabled.

package setup

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// createKey calls CreateKey, unless a key tagged for the alias appeared since
// the plan (another run's, found by a last look right before the call: then
// theirs is true). After an ambiguous failure (a lost response, a timeout, a
// KMS internal error) it looks for the key by its tag, and waits the SDK's
// backoff before trying again, so a lost response never leaves two keys.
func (e *Engine) createKey(ctx context.Context, p *Plan) (key *awsx.Key, theirs bool, err error) {
	k := e.cl.KMS(p.Primary)
	// The last look: the plan's own lookup when Apply follows it at once
	// (it ran beside the identity call), else a new one.
	if !e.planLookStands(p) {
		if found, err := e.lookForTagged(ctx, k, p, true); err != nil {
			return nil, false, err
		} else if found != nil {
			return found, true, nil
		}
	}
	in := awsx.CreateKeyInput{Policy: p.Regions[0].Policy, Description: p.description, Tags: awsTags(p.opts.tags())}
	for attempt := 1; ; attempt++ {
		e.sendingCreate(p)
		key, err := k.CreateKey(ctx, in)
		if err == nil {
			e.madeKey(p, key.KeyID)
			return key, false, nil
		}
		if awsx.KindOf(err) != awsx.KindAmbiguous || attempt > 1 || ctx.Err() != nil {
			return nil, false, err
		}
		found, lerr := e.lookForTagged(ctx, k, p, false)
		if lerr != nil {
			return nil, false, errorf("setup.apply.err.lookup-failed", err, lerr)
		}
		if found != nil {
			return found, false, nil
		}
		if err := e.backoff(ctx, attempt, err); err != nil {
			return nil, false, err
		}
		// The Tagging API may not have listed the key yet: look once more,
		// after the backoff, right before the retry; and if it still lists
		// none, ask KMS itself (lookInKMS) before CreateKey may be sent again.
		if found, lerr := e.lookBeforeRetry(ctx, k, p); lerr != nil {
			return nil, false, errorf("setup.apply.err.lookup-failed", err, lerr)
		} else if found != nil {
			return found, false, nil
		}
	}
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
			err = errorf("setup.apply.err.theirs-gone", p.Alias)
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
	res.Changes = e.changesSince(before)
	res.Changed = res.Changes > 0
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
			return nil, errorf("setup.apply.err.replica-lookup-failed", err, derr)
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
			return errorf("setup.apply.err.not-enabled", k.Region(), e.WaitTimeout)
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

// Localized says the conflict in any language.
func (e *aliasConflictError) Localized() i18n.Msg { return localize(e.err) }

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
