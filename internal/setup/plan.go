package setup

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// planKey computes what Apply would do to the key set, with read-only calls
// only, from the options Plan has checked (and the credentials it found).
func (e *Engine) planKey(ctx context.Context, opts Options) (*Plan, error) {
	primary := e.cl.KMS(opts.Region)

	// Round trip 1: who we are, the alias in every Region, the key given by
	// the user, and (speculatively, for adoption, and as the last look before
	// CreateKey when Apply follows at once) the keys tagged for the alias in
	// the primary Region. None of these needs the account ID.
	var (
		id          Identity
		aliasKey    *awsx.Key
		existing    *awsx.Key
		look        tagLook
		replicaHave = make([]*awsx.Key, len(opts.Replicas))
	)
	reads := []func() error{
		func() (err error) { id, err = e.Identity(ctx); return },
		func() (err error) { aliasKey, err = describeOrNil(ctx, primary, opts.Alias); return },
	}
	if opts.ExistingKey != "" {
		reads = append(reads, func() (err error) {
			existing, err = primary.DescribeKey(ctx, opts.ExistingKey)
			if awsx.IsNotFound(err) {
				return errorf("setup.plan.err.key-not-found", opts.ExistingKey, opts.Region)
			}
			return err
		})
	} else {
		reads = append(reads, func() (err error) { look, err = e.lookTagged(ctx, opts.Region, opts.Alias); return })
	}
	for i, r := range opts.Replicas {
		reads = append(reads, func() (err error) {
			replicaHave[i], err = describeOrNil(ctx, e.cl.KMS(r), opts.Alias)
			return
		})
	}
	if err := parallel(reads...); err != nil {
		return nil, err
	}
	if opts.AccountID != "" && opts.AccountID != id.AccountID {
		return nil, errorf("setup.plan.err.account-mismatch", opts.AccountID, id.AccountID, opts.AccountID)
	}
	// Zoom's commercial account cannot be a principal outside partition aws.
	if err := zoom.CheckZoomAccountForPartition(id.Partition, opts.ZoomAccountID, opts.ZoomAccountGiven); err != nil {
		return nil, &PartitionError{Partition: id.Partition, Err: err}
	}
	p := &Plan{
		AccountID: id.AccountID, Partition: id.Partition, CallerARN: id.ARN, ZoomAccountID: opts.ZoomAccountID,
		Alias: opts.Alias, Primary: opts.Region, Rotation: opts.Rotation, opts: opts,
	}
	if look.note != nil {
		p.Notes = append(p.Notes, *look.note)
	}

	// Which key?
	var key *awsx.Key
	var adopted bool
	var noteMsgs []i18n.Msg
	candidates := look.ids
	if look.note != nil {
		noteMsgs = append(noteMsgs, *look.note)
	}
	switch {
	case existing != nil:
		key = existing
		if aliasKey != nil && aliasKey.KeyID != key.KeyID {
			return nil, aliasConflict(opts.Alias, opts.Region, aliasKey.KeyID, key.KeyID)
		}
	case aliasKey != nil:
		key = aliasKey
	default:
		var err error
		var notes []i18n.Msg
		key, notes, err = e.findTagged(ctx, primary, opts.Alias, candidates, opts.Region)
		if err != nil {
			return nil, err
		}
		noteMsgs = append(noteMsgs, notes...)
		adopted = key != nil
	}
	p.planned = make(map[string]bool, len(candidates))
	for _, id := range candidates {
		p.planned[id] = true
	}
	p.look = look
	if aliasKey != nil && opts.ExistingKey == "" {
		// Keys tagged for this alias that the alias does not name: left by a
		// run that lost a race or stopped before its alias was made. They are
		// reported, never used or saved.
		others := slices.DeleteFunc(slices.Clone(candidates), func(id string) bool { return id == aliasKey.KeyID })
		tagged, err := e.taggedKeys(ctx, primary, opts.Alias, others, opts.Region)
		if err != nil {
			return nil, err
		}
		for _, k := range tagged {
			if k.KeyID != aliasKey.KeyID {
				p.Orphans = append(p.Orphans, k.ARN)
				noteMsgs = append(noteMsgs, orphanNote(opts.Alias, k.ARN))
			}
		}
	}
	if key != nil {
		if err := usable(key, opts.Region, opts.Alias); err != nil {
			return nil, err
		}
	}

	rp := RegionPlan{Region: opts.Region, Role: RolePrimary, PolicyNotes: noteMsgs}
	newPolicy := zoom.BuildPolicy(id.Partition, id.AccountID, opts.ZoomAccountID)
	p.description = opts.Description
	if key == nil {
		rp.Policy = newPolicy
		rp.Actions = append(rp.Actions, newKeyActions(opts.Alias, opts.Rotation)...)
		p.Regions = append(p.Regions, rp)
		for i, r := range opts.Replicas {
			if k := replicaHave[i]; k != nil {
				return nil, errorf("setup.plan.err.alias-taken-new", opts.Alias, r, k.KeyID)
			}
			p.Regions = append(p.Regions, newReplicaPlan(r, opts.Alias, newPolicy))
		}
		return p, nil
	}

	// An existing (or adopted) key: read policies, rotation, replicas.
	rp.KeyID, rp.ARN, rp.Exists = key.KeyID, key.ARN, true
	p.description = key.Description
	if adopted {
		rp.Actions = append(rp.Actions, action(ActAdoptKey, false, msg("setup.plan.adopt-key", key.KeyID, opts.Alias)))
	}
	var (
		curPolicy  string
		rotationOn bool
		repKeys    = make([]*awsx.Key, len(opts.Replicas))
		repPolicy  = make([]string, len(opts.Replicas))
	)
	reads = []func() error{
		func() (err error) { curPolicy, err = primary.GetKeyPolicy(ctx, key.KeyID); return },
		func() (err error) { rotationOn, err = primary.RotationEnabled(ctx, key.KeyID); return },
	}
	for i, r := range opts.Replicas {
		if !slices.Contains(key.ReplicaRegions, r) {
			continue
		}
		reads = append(reads, func() error {
			k := e.cl.KMS(r)
			return parallel(
				func() (err error) { repKeys[i], err = k.DescribeKey(ctx, key.KeyID); return },
				func() (err error) { repPolicy[i], err = k.GetKeyPolicy(ctx, key.KeyID); return },
			)
		})
	}
	if err := parallel(reads...); err != nil {
		return nil, err
	}
	p.RotationOn = rotationOn

	merged, err := zoom.MergePolicy(curPolicy, id.Partition, id.AccountID, opts.ZoomAccountID)
	if err != nil {
		return nil, errorf("setup.plan.err.policy-of", key.KeyID, opts.Region, err)
	}
	rp.CurrentPolicy, rp.Policy = curPolicy, merged.Policy
	rp.PolicyNotes = append(rp.PolicyNotes, merged.Notes...)
	rp.PolicyOK = !merged.Changed
	rp.AliasOK = aliasKey != nil
	if !rp.AliasOK {
		rp.Actions = append(rp.Actions, action(ActCreateAlias, true, msg("setup.plan.create-alias", opts.Alias)))
	}
	if merged.Changed {
		rp.Actions = append(rp.Actions, action(ActPutPolicy, true, msg("setup.plan.put-policy", noteList(merged.Notes))))
	}
	if opts.Rotation && !rotationOn {
		rp.Actions = append(rp.Actions, action(ActEnableRotation, true, msg("setup.plan.enable-rotation")))
	}
	if hasWrites(rp.Actions) {
		rp.Actions = append(rp.Actions, action(ActReadBack, false, msg("setup.plan.read-back")))
	}
	p.Regions = append(p.Regions, rp)

	for i, r := range opts.Replicas {
		have := replicaHave[i]
		if have != nil && have.KeyID != key.KeyID {
			return nil, aliasConflict(opts.Alias, r, have.KeyID, key.KeyID)
		}
		rk := repKeys[i]
		if rk == nil {
			// The replica does not exist yet: it gets the primary's merged policy.
			p.Regions = append(p.Regions, newReplicaPlan(r, opts.Alias, merged.Policy))
			continue
		}
		rep := RegionPlan{Region: r, Role: RoleReplica, KeyID: rk.KeyID, ARN: rk.ARN, Exists: true, AliasOK: have != nil}
		switch rk.State {
		case "Enabled":
		case "Creating", "Updating":
			rep.Actions = append(rep.Actions, action(ActWaitEnabled, false, msg("setup.plan.wait-enabled-now", rk.State)))
		default:
			return nil, stateError(rk, r)
		}
		m, err := zoom.MergePolicy(repPolicy[i], id.Partition, id.AccountID, opts.ZoomAccountID)
		if err != nil {
			return nil, errorf("setup.plan.err.replica-policy-of", r, err)
		}
		rep.CurrentPolicy, rep.Policy, rep.PolicyNotes, rep.PolicyOK = repPolicy[i], m.Policy, m.Notes, !m.Changed
		if !rep.AliasOK {
			rep.Actions = append(rep.Actions, action(ActCreateAlias, true, msg("setup.plan.create-alias-replica", opts.Alias)))
		}
		if m.Changed {
			rep.Actions = append(rep.Actions, action(ActPutPolicy, true, msg("setup.plan.put-policy-replica", noteList(m.Notes))))
		}
		if hasWrites(rep.Actions) {
			rep.Actions = append(rep.Actions, action(ActReadBack, false, msg("setup.plan.read-back")))
		}
		p.Regions = append(p.Regions, rep)
	}
	return p, nil
}

// newKeyActions are the actions of a new primary key: create it with its
// alias, turn rotation on when asked, read it back. The online plan and
// the offline one (OfflinePlan) both use them.
func newKeyActions(alias string, rotation bool) []Action {
	as := []Action{
		action(ActCreateKey, true, msg("setup.plan.create-key")),
		action(ActCreateAlias, true, msg("setup.plan.create-alias", alias)),
	}
	if rotation {
		as = append(as, action(ActEnableRotation, true, msg("setup.plan.enable-rotation")))
	}
	return append(as, action(ActReadBack, false, msg("setup.plan.read-back")))
}

func newReplicaPlan(region, alias, policy string) RegionPlan {
	return RegionPlan{Region: region, Role: RoleReplica, Policy: policy, Actions: []Action{
		action(ActReplicate, true, msg("setup.plan.replicate", region)),
		action(ActWaitEnabled, false, msg("setup.plan.wait-enabled")),
		action(ActCreateAlias, true, msg("setup.plan.create-alias-replica", alias)),
		action(ActReadBack, false, msg("setup.plan.read-back")),
	}}
}

// noteList is a policy merge's notes as one message ("; " between them).
func noteList(ms []i18n.Msg) i18n.List { return i18n.List{Items: ms, Sep: "setup.join.notes"} }

// action is one step of a plan, its detail said by m.
func action(kind string, write bool, m i18n.Msg) Action {
	return Action{Kind: kind, Write: write, Text: m}
}

func hasWrites(as []Action) bool {
	for _, a := range as {
		if a.Write {
			return true
		}
	}
	return false
}

func describeOrNil(ctx context.Context, k *awsx.KMS, id string) (*awsx.Key, error) {
	key, err := k.DescribeKey(ctx, id)
	if awsx.IsNotFound(err) {
		return nil, nil
	}
	return key, err
}

func aliasConflict(alias, region, haveID, wantID string) error {
	return errorf("setup.err.alias-conflict", alias, region, haveID, wantID)
}

// orphanNote explains a key tagged for alias that the alias does not name.
func orphanNote(alias, arn string) i18n.Msg {
	return msg("setup.plan.orphan-note", arn, alias)
}

// findTagged looks for a key this tool created for alias earlier whose alias
// step never finished. It returns nil when there is none.
func (e *Engine) findTagged(ctx context.Context, k *awsx.KMS, alias string, ids []string, region string) (*awsx.Key, []i18n.Msg, error) {
	matches, err := e.taggedKeys(ctx, k, alias, ids, region)
	if err != nil || len(matches) == 0 {
		return nil, nil, err
	}
	var notes []i18n.Msg
	for _, m := range matches[1:] {
		notes = append(notes, msg("setup.plan.another-tagged", alias, m.KeyID))
	}
	return matches[0], notes, nil
}

// taggedKeys returns the usable multi-Region primaries in region among ids
// that this tool tagged for alias, oldest first. Each is confirmed with
// ListResourceTags and DescribeKey: ids may come from the eventually
// consistent Tagging API (tagged.go) or from the scan of every key.
func (e *Engine) taggedKeys(ctx context.Context, k *awsx.KMS, alias string, ids []string, region string) ([]*awsx.Key, error) {
	var (
		mu      sync.Mutex
		matches []*awsx.Key
		sem     = make(chan struct{}, 8)
	)
	fns := make([]func() error, 0, len(ids))
	for _, id := range ids {
		fns = append(fns, func() error {
			sem <- struct{}{}
			defer func() { <-sem }()
			tags, err := k.Tags(ctx, id)
			if awsx.IsNotFound(err) {
				return nil
			}
			if err != nil {
				return err
			}
			if !slices.Contains(tags, awsx.Tag{Key: TagAlias, Value: alias}) {
				return nil
			}
			key, err := k.DescribeKey(ctx, id)
			if err != nil {
				return err
			}
			if key.IsPrimary(region) && (key.State == "Enabled" || key.State == "Creating") {
				mu.Lock()
				matches = append(matches, key)
				mu.Unlock()
			}
			return nil
		})
	}
	if err := parallel(fns...); err != nil {
		return nil, err
	}
	slices.SortFunc(matches, func(a, b *awsx.Key) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.KeyID, b.KeyID)
	})
	return matches, nil
}

// usable explains why Zoom could not use a key, or returns nil.
func usable(k *awsx.Key, region, alias string) error {
	name := k.KeyID
	if alias != "" {
		name = fmt.Sprintf("%s (%s)", k.KeyID, alias)
	}
	switch {
	case k.Manager == "AWS":
		return errorf("setup.err.aws-managed", name)
	case k.Spec != "SYMMETRIC_DEFAULT" || k.Usage != "ENCRYPT_DECRYPT":
		return errorf("setup.err.not-symmetric", name, k.Spec, k.Usage)
	case k.Origin != "AWS_KMS":
		return errorf("setup.err.origin", name, k.Origin)
	case !k.MultiRegion:
		return errorf("setup.err.single-region", name)
	case !k.IsPrimary(region):
		return errorf("setup.err.is-replica", name, region, k.PrimaryRegion, k.PrimaryRegion)
	case k.State != "Enabled":
		return stateError(k, region)
	}
	return nil
}

func stateError(k *awsx.Key, region string) error {
	switch k.State {
	case "PendingDeletion", "PendingReplicaDeletion":
		var when any = ""
		if !k.DeletionDate.IsZero() {
			when = msg("setup.err.pending-deletion.on", k.DeletionDate.UTC().Format("2006-01-02 15:04 MST"))
		}
		return errorf("setup.err.pending-deletion", k.KeyID, region, when, k.KeyID, region)
	case "Disabled":
		return errorf("setup.err.disabled", k.KeyID, region, k.KeyID, region)
	default:
		return errorf("setup.err.state", k.KeyID, region, k.State)
	}
}

// Result renders the plan as a result: what would be created is "planned".
func (p *Plan) Result() *Result {
	r := &Result{AccountID: p.AccountID, Partition: p.Partition, ZoomAccountID: p.ZoomAccountID, Alias: p.Alias, Rotation: p.Rotation, DryRun: p.DryRun}
	for _, rp := range p.Regions {
		kr := KeyResult{Region: rp.Region, Role: rp.Role, KeyID: rp.KeyID, ARN: rp.ARN, Policy: "planned", AliasState: "planned"}
		if rp.Exists && rp.PolicyOK {
			kr.Policy = "unchanged"
		}
		if rp.Exists && rp.AliasOK {
			kr.AliasState = "unchanged"
		}
		kr.ZoomGrant = rp.Exists && rp.PolicyOK
		r.Keys = append(r.Keys, kr)
		r.Changed = r.Changed || hasWrites(rp.Actions)
	}
	if len(p.Regions) > 0 {
		r.PolicyDoc = p.Regions[0].Policy
	}
	r.Orphans = append([]string{}, p.Orphans...)
	r.Alerts = []AlertResult{}
	for _, a := range p.Alerts {
		st := "unchanged"
		if a.planned() {
			st = "planned"
		}
		r.Alerts = append(r.Alerts, AlertResult{Region: a.Region, Rule: a.Rule, RuleARN: a.RuleARN, TopicARN: a.TopicARN,
			Emails: append([]string{}, a.Emails...), State: st, Trail: a.Trail})
	}
	r.alertLang = p.alertLang()
	return r
}

// CheckOffline refuses, for a dry run without credentials, what Plan
// refuses once it knows the caller's partition: Zoom's commercial account
// outside partition aws. The partition is o.Partition, else the primary
// Region's.
func CheckOffline(o Options) error {
	part := o.Partition
	if part == "" {
		part = zoom.RegionPartition(o.Region)
	}
	if err := zoom.CheckZoomAccountForPartition(part, o.ZoomAccountID, o.ZoomAccountGiven); err != nil {
		return errorf("setup.offline.err.partition", part, err)
	}
	return nil
}

// OfflinePlan is a dry run without credentials: every Region planned from
// scratch for o.AccountID in o.Partition (default: the primary Region's
// partition). o must be validated.
func OfflinePlan(o Options) *Plan {
	if o.Region == "" {
		o.Region = zoom.DefaultRegion
	}
	if o.Partition == "" {
		o.Partition = zoom.RegionPartition(o.Region)
	}
	if o.Partition == "" {
		o.Partition = "aws"
	}
	policy := zoom.BuildPolicy(o.Partition, o.AccountID, o.ZoomAccountID)
	p := &Plan{AccountID: o.AccountID, Partition: o.Partition, ZoomAccountID: o.ZoomAccountID, Alias: o.Alias,
		Primary: o.Region, Rotation: o.Rotation, DryRun: true, opts: o}
	rp := RegionPlan{Region: o.Region, Role: RolePrimary, Policy: policy, Actions: newKeyActions(o.Alias, o.Rotation)}
	p.Regions = append(p.Regions, rp)
	for _, r := range o.Replicas {
		p.Regions = append(p.Regions, newReplicaPlan(r, o.Alias, policy))
	}
	if len(o.AlertEmails) > 0 {
		p.offlineAlerts(o.AlertEmails)
	}
	return p
}
