package setup

import (
	"context"
	"slices"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
)

// ExistingKey is what DescribeExistingKey read of a key the user named: a
// multi-Region primary key fit for Zoom CMK and the Regions of its replicas.
type ExistingKey struct {
	KeyID    string
	ARN      string
	Region   string   // the primary's Region, where it was read
	Replicas []string // the Regions where the key has a replica, sorted
}

// DescribeExistingKey reads the key ref (alias, key ARN or key ID) in
// region with one read-only call (DescribeKey) and checks it the way Plan
// does: a key that is not there, not a multi-Region key, a replica instead
// of the primary, not symmetric or not usable is an error that says so.
// It lets a face show the key's existing replicas before anything is
// planned.
func (e *Engine) DescribeExistingKey(ctx context.Context, region, ref string) (*ExistingKey, error) {
	if region == "" {
		region = e.DefaultRegion()
	}
	if err := e.cl.Credentials(ctx); err != nil {
		return nil, err
	}
	k, err := e.cl.KMS(region).DescribeKey(ctx, ref)
	if awsx.IsNotFound(err) {
		return nil, errorf("setup.plan.err.key-not-found", ref, region)
	}
	if err != nil {
		return nil, err
	}
	return existingKey(k, region, "")
}

// DescribeAlias reads what alias names in region with one read-only call
// (DescribeKey): the key set, checked the way Plan checks it, or nil when
// the alias names no key (Plan would make a new one). It lets a face say
// that an alias already names a key set before it asks what only a new key
// needs.
func (e *Engine) DescribeAlias(ctx context.Context, region, alias string) (*ExistingKey, error) {
	if err := e.cl.Credentials(ctx); err != nil {
		return nil, err
	}
	k, err := describeOrNil(ctx, e.cl.KMS(region), alias)
	if err != nil || k == nil {
		return nil, err
	}
	return existingKey(k, region, alias)
}

// existingKey is k read in region, when it is fit for Zoom CMK.
func existingKey(k *awsx.Key, region, alias string) (*ExistingKey, error) {
	if err := usable(k, region, alias); err != nil {
		return nil, err
	}
	reps := slices.DeleteFunc(slices.Clone(k.ReplicaRegions), func(r string) bool { return r == region })
	slices.Sort(reps)
	return &ExistingKey{KeyID: k.KeyID, ARN: k.ARN, Region: region, Replicas: reps}, nil
}
