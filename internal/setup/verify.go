package setup

import (
	"context"
	"slices"
	"strings"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// VerifyOptionsFor returns the options that check the key set saved in a
// session file (nil or a dry run gives empty options, which ValidateVerify
// rejects with a hint to run setup). The wizard's "verify now" action and
// 'zcmk-tui verify' both start from it.
func VerifyOptionsFor(s *state.Session) VerifyOptions {
	if s == nil || s.DryRun {
		return VerifyOptions{}
	}
	return VerifyOptions{
		Key: s.PrimaryARN(), Region: s.PrimaryRegion, Replicas: append([]string(nil), s.Replicas...),
		Alias: s.Alias, ZoomAccountID: s.ZoomAccountID, SetupAt: s.SetupAt, Drill: s.ActiveDrill(), Alerts: s.Alerts,
	}
}

// ValidateVerify checks the options before any AWS call and fills defaults.
func ValidateVerify(o *VerifyOptions) error {
	if strings.TrimSpace(o.Key) == "" {
		return errorf("verify.err.no-key")
	}
	ref, err := zoom.ParseKeyRef(o.Key)
	if err != nil {
		return err
	}
	o.Key = ref.String()
	if ref.ARN != nil {
		if o.Region != "" && o.Region != ref.ARN.Region {
			return errorf("verify.err.key-region", o.Key, ref.ARN.Region, o.Region, o.Region)
		}
		o.Region = ref.ARN.Region
	}
	if o.Region != "" {
		if err := zoom.ValidateRegion(o.Region); err != nil {
			return err
		}
	}
	defaultAlias := zoom.DefaultAlias
	if ref.Kind == zoom.KeyRefAlias {
		defaultAlias = ref.Alias
	}
	if err := aliasAndZoomAccount(&o.Alias, &o.ZoomAccountID, defaultAlias); err != nil {
		return err
	}
	reps, err := replicaRegions(o.Region, o.Replicas)
	if err != nil {
		return err
	}
	o.Replicas = reps
	if o.Since < 0 {
		return errorf("verify.err.since-negative", o.Since)
	}
	if o.Since > MaxSince {
		return errorf("verify.err.since-long", o.Since)
	}
	if o.Since == 0 {
		o.Since = DefaultSince
	}
	return nil
}

// regionData is what one Region's read-only calls returned.
type regionData struct {
	region, role string
	key          *awsx.Key
	keyErr       error
	policy       string
	policyErr    error
	aliasKey     *awsx.Key
	aliasErr     error
	rotation     bool
	rotationErr  error
	usage        *awsx.LastUsage
	usageErr     error
	trail        *awsx.KeyEvents
	trailErr     error
	alerts       *alertData // nil when verify checks no alerts here
	leftover     []string   // drill safety-net schedules left behind
}

// Verify checks the key set named by o.Key in every Region: the primary, each
// replica the key itself reports (so a replica nobody listed is checked too)
// and each Region in o.Replicas. It is read-only. Regions are checked
// concurrently, and so are the independent calls within a Region.
//
// It returns an error only when nothing could be checked (no credentials,
// endpoint unreachable, no permission to describe the key); problems found in
// the key set, and checks that could not be made in one Region, are in the
// report.
func (e *Engine) Verify(ctx context.Context, o VerifyOptions) (*VerifyReport, error) {
	if err := ValidateVerify(&o); err != nil {
		return nil, err
	}
	if o.Region == "" {
		o.Region = e.DefaultRegion()
	}
	now := time.Now().UTC()

	// Round trip 1: who we are, and the key as named.
	var (
		id       Identity
		first    *awsx.Key
		firstErr error
	)
	if err := parallel(
		func() (err error) { id, err = e.Identity(ctx); return },
		func() error { first, firstErr = e.cl.KMS(o.Region).DescribeKey(ctx, o.Key); return nil },
	); err != nil {
		return nil, err
	}
	rep := &VerifyReport{
		AccountID: id.AccountID, Partition: id.Partition, ZoomAccountID: o.ZoomAccountID, Alias: o.Alias,
		PrimaryRegion: o.Region, CheckedAt: now.Truncate(time.Second), CloudTrail: o.CloudTrail,
	}
	if o.CloudTrail {
		rep.Since = formatDuration(o.Since)
		rep.addNote(msg("verify.denied-calls-note"))
	}
	if firstErr != nil {
		if !awsx.IsNotFound(firstErr) {
			return nil, firstErr
		}
		c := Check{ID: CheckKeyState, Status: CheckFail}
		c.say(msg("verify.key-state.not-found", o.Key, o.Region))
		c.sayFix(msg("verify.fix.check-key-region"))
		rep.Keys = append(rep.Keys, KeyReport{Region: o.Region, Role: RolePrimary, Checks: []Check{c}})
		return rep, nil
	}

	// The set's primary. When the key was named in a replica Region, read
	// the primary's own description (it lists every replica).
	primaryRegion := o.Region
	primary := first
	if first.MultiRegion && first.PrimaryRegion != "" && first.PrimaryRegion != o.Region {
		primaryRegion = first.PrimaryRegion
		k, err := e.cl.KMS(primaryRegion).DescribeKey(ctx, first.KeyID)
		switch {
		case err == nil:
			primary = k
		case awsx.IsNotFound(err):
			primary = nil
		default:
			return nil, err
		}
	}
	rep.PrimaryRegion = primaryRegion
	rep.KeyID = first.KeyID
	keyID := first.KeyID
	owner := first.Account
	partition := id.Partition
	if a, err := zoom.ParseKeyARN(first.ARN); err == nil {
		partition, owner = a.Partition, a.Account
	}
	if owner == "" {
		owner = id.AccountID
	}
	setupAt := o.SetupAt
	if setupAt.IsZero() && primary != nil {
		setupAt = primary.Created
	}

	// The Regions: primary first, then every replica (reported or listed), sorted.
	var replicas []string
	add := func(r string) {
		if r != "" && r != primaryRegion && !slices.Contains(replicas, r) {
			replicas = append(replicas, r)
		}
	}
	for _, k := range []*awsx.Key{primary, first} {
		if k != nil {
			for _, r := range k.ReplicaRegions {
				add(r)
			}
		}
	}
	add(o.Region)
	for _, r := range o.Replicas {
		add(r)
	}
	slices.Sort(replicas)
	data := make([]*regionData, 0, 1+len(replicas))
	data = append(data, &regionData{region: primaryRegion, role: RolePrimary, key: primary})
	if primary == nil {
		data[0].keyErr = &awsx.Error{Kind: awsx.KindNotFound, Text: literal("not found")}
	}
	for _, r := range replicas {
		d := &regionData{region: r, role: RoleReplica}
		if r == o.Region && first != primary {
			d.key = first
		}
		data = append(data, d)
	}

	// Round trip 2: every Region at once, every call of a Region at once.
	fns := make([]func() error, 0, 1+len(data))
	var (
		orphans    []string
		orphansSay *i18n.Msg
		orphansErr error
	)
	fns = append(fns, func() error {
		orphans, orphansSay, orphansErr = e.orphans(ctx, primaryRegion, o.Alias, keyID)
		return nil
	})
	for _, d := range data {
		fns = append(fns, func() error {
			e.readRegion(ctx, d, keyID, o, partition, owner, now)
			return nil
		})
	}
	_ = parallel(fns...)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// Evaluate (the replicas are compared with the primary).
	pd := data[0]
	var primaryZoom string
	var primaryZoomErr error
	if pd.policyErr == nil && pd.key != nil {
		primaryZoom, primaryZoomErr = zoom.ZoomPart(pd.policy, partition, o.ZoomAccountID)
	}
	ev := &evaluator{o: o, now: now, setupAt: setupAt, partition: partition, owner: owner, keyID: keyID,
		primaryRegion: primaryRegion, primary: pd, primaryZoom: primaryZoom, primaryZoomErr: primaryZoomErr}
	for _, d := range data {
		rep.Keys = append(rep.Keys, ev.region(d))
	}
	addDrillChecks(rep, o.Drill)
	rep.addOrphans(orphans, orphansSay, orphansErr)
	rep.OK = !rep.Failed() && !rep.Incomplete()
	return rep, nil
}

// addDrillChecks puts a failing drill check first in each Region that a
// drill in progress disabled (in the primary's report for a Region the
// report lacks).
func addDrillChecks(rep *VerifyReport, d *state.Drill) {
	if !d.InProgress() || len(rep.Keys) == 0 {
		return
	}
	for _, r := range d.Regions {
		c := Check{ID: CheckDrill, Status: CheckFail}
		c.say(msg("verify.drill.disabled", stamp(d.StartedAt)))
		c.sayFix(msg("verify.fix.drill-restore"))
		i := slices.IndexFunc(rep.Keys, func(k KeyReport) bool { return k.Region == r.Region })
		if i < 0 {
			i = 0
			c.say(msg("verify.drill.disabled-region", r.Region, stamp(d.StartedAt)))
		}
		rep.Keys[i].Checks = append([]Check{c}, rep.Keys[i].Checks...)
	}
}

// readRegion makes one Region's read-only calls concurrently.
func (e *Engine) readRegion(ctx context.Context, d *regionData, keyID string, o VerifyOptions, partition, owner string, now time.Time) {
	k := e.cl.KMS(d.region)
	arn := zoom.KeyARN{Partition: partition, Region: d.region, Account: owner, KeyID: keyID}.String()
	fns := []func() error{
		func() error { d.policy, d.policyErr = k.GetKeyPolicy(ctx, keyID); return nil },
		func() error { d.aliasKey, d.aliasErr = k.DescribeKey(ctx, o.Alias); return nil },
		func() error { d.usage, d.usageErr = k.LastUsage(ctx, keyID); return nil },
		func() error { d.leftover = e.leftoverSchedules(ctx, d.region, o.Drill); return nil },
	}
	if d.key == nil && d.keyErr == nil {
		fns = append(fns, func() error { d.key, d.keyErr = k.DescribeKey(ctx, keyID); return nil })
	}
	if d.role == RolePrimary && d.keyErr == nil {
		fns = append(fns, func() error { d.rotation, d.rotationErr = k.RotationEnabled(ctx, keyID); return nil })
	}
	if o.CloudTrail {
		fns = append(fns, func() error {
			d.trail, d.trailErr = e.cl.CloudTrail(d.region).LookupKeyEvents(ctx, arn, now.Add(-o.Since))
			return nil
		})
	}
	if o.Alerts != nil && slices.Contains(o.Alerts.Regions, d.region) {
		fns = append(fns, func() error {
			d.alerts = e.readAlertsVerify(ctx, d.region, o.Alerts, partition, owner, arn)
			return nil
		})
	}
	_ = parallel(fns...)
}

type evaluator struct {
	o              VerifyOptions
	now, setupAt   time.Time
	partition      string
	owner, keyID   string
	primaryRegion  string
	primary        *regionData
	primaryZoom    string
	primaryZoomErr error
}

func (v *evaluator) region(d *regionData) KeyReport {
	kr := KeyReport{Region: d.region, Role: d.role, KeyID: v.keyID,
		ARN: zoom.KeyARN{Partition: v.partition, Region: d.region, Account: v.owner, KeyID: v.keyID}.String()}
	if d.key != nil {
		kr.ARN, kr.KeyID, kr.KeyState = d.key.ARN, d.key.KeyID, d.key.State
	}
	add := func(c Check) { kr.Checks = append(kr.Checks, c) }

	// key-state
	if d.keyErr != nil {
		if awsx.IsNotFound(d.keyErr) {
			c := Check{ID: CheckKeyState, Status: CheckFail}
			if d.role == RolePrimary {
				c.say(msg("verify.key-state.primary-gone", v.keyID, d.region))
				c.sayFix(msg("verify.fix.promote"))
			} else {
				c.say(msg("verify.key-state.no-replica", v.keyID, d.region))
				c.sayFix(msg("verify.fix.replicate", setupHint(v.primaryRegion, d.region, v.o.Alias)))
			}
			add(c)
		} else {
			add(errorCheck(CheckKeyState, d.keyErr))
		}
		kr.ARN = ""
		if d.role == RoleReplica || d.key == nil {
			return kr
		}
	}
	key := d.key
	add(keyStateCheck(key, d.region))
	add(keyKindCheck(key, d.region))

	// zoom-grant, admin, drift
	if d.policyErr != nil {
		add(v.callFailed(CheckZoomGrant, key, d.policyErr))
		add(v.callFailed(CheckAdmin, key, d.policyErr))
		if d.role == RoleReplica {
			add(v.callFailed(CheckDrift, key, d.policyErr))
		}
	} else {
		grant, admin := policyChecks(d.policy, v.partition, v.owner, v.o.ZoomAccountID, key.KeyID, d.region, setupHint(v.primaryRegion, d.region, v.o.Alias))
		add(grant)
		add(admin)
		if d.role == RoleReplica {
			add(v.driftCheck(d))
		}
	}

	// alias
	add(v.aliasCheck(d))

	// rotation
	if d.role == RolePrimary {
		switch {
		case d.rotationErr != nil:
			add(v.callFailed(CheckRotation, key, d.rotationErr))
		case d.rotation:
			c := Check{ID: CheckRotation, Status: CheckOK}
			c.say(msg("verify.rotation.on"))
			add(c)
		default:
			c := Check{ID: CheckRotation, Status: CheckWarn}
			c.say(msg("verify.rotation.off"))
			c.sayFix(msg("verify.fix.enable-rotation", key.KeyID, d.region))
			add(c)
		}
	}

	// a drill's safety net left behind (only when there is one)
	for _, name := range d.leftover {
		c := Check{ID: CheckDrillNet, Status: CheckWarn}
		c.say(msg("verify.drill-net.left", name))
		c.sayFix(literal(DeleteScheduleCommand(d.region, name)))
		add(c)
	}

	// last-use
	add(v.lastUseCheck(d, key))

	// cloudtrail
	if v.o.CloudTrail {
		add(v.cloudTrailCheck(d, key))
	}

	// tamper alerts
	for _, c := range v.alertChecks(d, kr.ARN) {
		add(c)
	}
	return kr
}
