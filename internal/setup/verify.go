package setup

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Verify is a read-only health check of a Zoom CMK key set: "will Zoom still
// be able to use our key, in every Region, and is it using it?"
//
// Check IDs (per Region, in this order):
//
//	key-state   Enabled (fail: Disabled, PendingDeletion, PendingReplicaDeletion,
//	            Unavailable, missing; warn: Creating/Updating)
//	key-kind    SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, AWS_KMS origin, customer
//	            managed, multi-Region
//	zoom-grant  Zoom's account is allowed the four actions, with no narrowing
//	            condition and no Deny (warn when only kms:Encrypt is missing)
//	admin       some statement lets the account manage the key (lockout risk)
//	drift       replicas only: the Zoom part of the policy equals the primary's
//	alias       the alias exists in the Region and points at this key
//	rotation    primary only: automatic rotation on (warn when off)
//	last-use    GetKeyLastUsage
//	cloudtrail  with VerifyOptions.CloudTrail: Zoom's calls in the event history
//	drill       with VerifyOptions.Drill in progress, first in each Region it
//	            disabled: fail, "run zcmk-tui drill --restore"
//
// Status is ok, warn, fail or unknown:
//   - unknown: the endpoint does not implement the call behind the check
//     (GetKeyLastUsage or LookupEvents on an emulator or a partition without
//     the API). It is not a finding about the key: it neither fails the
//     report nor counts as a warning (not even with --strict), but it is not
//     counted as ok either. The detail starts with "unknown:", and the JSON
//     carries "status": "unknown" and "unknown": true.
//   - Error: the check could not be made (credentials, network, a missing
//     read permission). The status is "fail" and the JSON carries "error";
//     the command exits 1 ("could not check") when no real failure was found.
//
// A check whose call KMS refuses because of the key's state (for example the
// policy of a key pending deletion) is a warn "not checked"; key-state
// already fails for it.

// Check statuses.
const (
	CheckOK      = "ok"
	CheckWarn    = "warn"
	CheckFail    = "fail"
	CheckUnknown = "unknown" // the endpoint cannot answer the check
)

// Check IDs.
const (
	CheckKeyState   = "key-state"
	CheckKeyKind    = "key-kind"
	CheckZoomGrant  = "zoom-grant"
	CheckAdmin      = "admin"
	CheckDrift      = "drift"
	CheckAlias      = "alias"
	CheckRotation   = "rotation"
	CheckLastUse    = "last-use"
	CheckCloudTrail = "cloudtrail"
	CheckDrill      = "drill"
)

// DefaultSince is the CloudTrail look-back when none is given; MaxSince is
// the event history's limit.
const (
	DefaultSince = 7 * 24 * time.Hour
	MaxSince     = 90 * 24 * time.Hour
)

// unusedGrace is how long after setup "never used" is still normal.
const unusedGrace = 24 * time.Hour

// DeniedCallsNote is said with every CloudTrail result.
const DeniedCallsNote = "Zoom's denied calls are logged only in Zoom's own AWS account, so they cannot appear here."

// VerifyOptions are the inputs of Verify.
type VerifyOptions struct {
	Key           string        // alias, key ARN or key ID of the primary (or of any key of the set)
	Region        string        // Region of Key when it is not an ARN ("" = the profile's, else us-east-1)
	Replicas      []string      // replica Regions to check besides those the key reports
	Alias         string        // alias expected in every Region (default: Key when it is an alias, else zoom.DefaultAlias)
	ZoomAccountID string        // default zoom.ZoomAccountID
	SetupAt       time.Time     // when setup ran (session file); zero = the primary key's creation date
	CloudTrail    bool          // also look up Zoom's calls in the CloudTrail event history
	Since         time.Duration // CloudTrail look-back (default DefaultSince, at most MaxSince)
	Drill         *state.Drill  // the session's drill in progress, if any: a failing drill check
}

// Check is one line of the report.
type Check struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Detail  string `json:"detail"`
	Fix     string `json:"fix"`
	Unknown bool   `json:"unknown,omitempty"` // the endpoint cannot answer this check
	Error   string `json:"error,omitempty"`   // the check could not be made
}

// KeyReport is one Region's checks.
type KeyReport struct {
	Region   string  `json:"region"`
	Role     string  `json:"role"` // primary or replica
	ARN      string  `json:"arn"`
	KeyID    string  `json:"key_id,omitempty"`
	KeyState string  `json:"key_state,omitempty"`
	Checks   []Check `json:"checks"`
}

// VerifyReport is the outcome of Verify.
type VerifyReport struct {
	OK            bool        `json:"ok"` // nothing failed and every check could be made
	AccountID     string      `json:"account_id"`
	Partition     string      `json:"partition"`
	ZoomAccountID string      `json:"zoom_account_id"`
	Alias         string      `json:"alias"`
	KeyID         string      `json:"key_id,omitempty"`
	PrimaryRegion string      `json:"primary_region"`
	CheckedAt     time.Time   `json:"checked_at"`
	CloudTrail    bool        `json:"cloudtrail"`
	Since         string      `json:"since,omitempty"`
	Keys          []KeyReport `json:"keys"`
	Notes         []string    `json:"notes,omitempty"`
	// Orphans are keys tagged for Alias that the alias does not name (see
	// Result.Orphans); they are notes, not failures.
	Orphans []string `json:"orphans,omitempty"`
}

// Count returns the number of checks with status s (errors count as fail).
// A check marked Unknown counts as unknown whatever its status says.
func (r *VerifyReport) Count(s string) int {
	n := 0
	for _, k := range r.Keys {
		for _, c := range k.Checks {
			st := c.Status
			if c.Unknown && c.Error == "" {
				st = CheckUnknown
			}
			if st == s {
				n++
			}
		}
	}
	return n
}

// Failed reports whether some check found a real problem (not counting
// checks that could not be made).
func (r *VerifyReport) Failed() bool {
	for _, k := range r.Keys {
		for _, c := range k.Checks {
			if c.Status == CheckFail && c.Error == "" {
				return true
			}
		}
	}
	return false
}

// Incomplete reports whether some check could not be made.
func (r *VerifyReport) Incomplete() bool {
	for _, k := range r.Keys {
		for _, c := range k.Checks {
			if c.Error != "" {
				return true
			}
		}
	}
	return false
}

// Warnings counts the warn checks.
func (r *VerifyReport) Warnings() int { return r.Count(CheckWarn) }

// Find returns the check id of region, or nil.
func (r *VerifyReport) Find(region, id string) *Check {
	for i := range r.Keys {
		if r.Keys[i].Region != region {
			continue
		}
		for j := range r.Keys[i].Checks {
			if r.Keys[i].Checks[j].ID == id {
				return &r.Keys[i].Checks[j]
			}
		}
	}
	return nil
}

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
		Alias: s.Alias, ZoomAccountID: s.ZoomAccountID, SetupAt: s.SetupAt, Drill: s.ActiveDrill(),
	}
}

// ValidateVerify checks the options before any AWS call and fills defaults.
func ValidateVerify(o *VerifyOptions) error {
	if strings.TrimSpace(o.Key) == "" {
		return errors.New("no key to verify: run 'zcmk-tui setup' first (verify reads its session file), or name the key with --key ALIAS|ARN")
	}
	ref, err := zoom.ParseKeyRef(o.Key)
	if err != nil {
		return err
	}
	o.Key = ref.String()
	if ref.ARN != nil {
		if o.Region != "" && o.Region != ref.ARN.Region {
			return fmt.Errorf("the key %s is in %s but --region is %s: drop --region, or give the ARN of the key in %s", o.Key, ref.ARN.Region, o.Region, o.Region)
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
		return fmt.Errorf("--since %s is negative: give a look-back such as 24h or 7d", o.Since)
	}
	if o.Since > MaxSince {
		return fmt.Errorf("--since %s is longer than the 90 days the CloudTrail event history keeps: give at most 90d", o.Since)
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
		rep.Notes = append(rep.Notes, DeniedCallsNote)
	}
	if firstErr != nil {
		if !awsx.IsNotFound(firstErr) {
			return nil, firstErr
		}
		rep.Keys = append(rep.Keys, KeyReport{Region: o.Region, Role: RolePrimary, Checks: []Check{{
			ID: CheckKeyState, Status: CheckFail,
			Detail: fmt.Sprintf("the key %s was not found in %s", o.Key, o.Region),
			Fix:    "check --key and --region (the key's primary Region), or create the key with 'zcmk-tui setup'",
		}}})
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
		data[0].keyErr = &awsx.Error{Kind: awsx.KindNotFound, Msg: "not found"}
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
		orphansErr error
	)
	fns = append(fns, func() error {
		orphans, orphansErr = e.orphans(ctx, primaryRegion, o.Alias, keyID)
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
	rep.addOrphans(orphans, orphansErr)
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
		c := Check{ID: CheckDrill, Status: CheckFail,
			Detail: fmt.Sprintf("disabled by a drill started at %s; run zcmk-tui drill --restore", stamp(d.StartedAt)),
			Fix:    "zcmk-tui drill --restore (it enables exactly the Regions the drill disabled and reads them back)"}
		i := slices.IndexFunc(rep.Keys, func(k KeyReport) bool { return k.Region == r.Region })
		if i < 0 {
			i = 0
			c.Detail = fmt.Sprintf("%s was disabled by a drill started at %s; run zcmk-tui drill --restore", r.Region, stamp(d.StartedAt))
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
				c.Detail = fmt.Sprintf("the primary key %s no longer exists in %s", v.keyID, d.region)
				c.Fix = "the replicas still hold the key: promote one with `aws kms update-primary-region`, or create a new key set with 'zcmk-tui setup'"
			} else {
				c.Detail = fmt.Sprintf("no replica of %s in %s: this Region was listed but the key set has no replica here", v.keyID, d.region)
				c.Fix = fmt.Sprintf("replicate the key with '%s' (it passes the Zoom policy), then register the replica's ARN in the Zoom portal", setupHint(v.primaryRegion, d.region, v.o.Alias))
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
			add(Check{ID: CheckRotation, Status: CheckOK, Detail: "automatic rotation is on (it applies to the replicas; the ARN stays the same)"})
		default:
			add(Check{ID: CheckRotation, Status: CheckWarn,
				Detail: "automatic rotation is off",
				Fix:    fmt.Sprintf("aws kms enable-key-rotation --key-id %s --region %s (rotation keeps the key ID and ARN, so Zoom needs no change)", key.KeyID, d.region)})
		}
	}

	// last-use
	add(v.lastUseCheck(d, key))

	// cloudtrail
	if v.o.CloudTrail {
		add(v.cloudTrailCheck(d, key))
	}
	return kr
}

func errorCheck(id string, err error) Check {
	c := Check{ID: id, Status: CheckFail, Detail: "could not check: " + oneLine(errMsg(err)), Error: oneLine(err.Error())}
	var ae *awsx.Error
	if errors.As(err, &ae) {
		c.Fix = ae.Fix
		if ae.Kind == awsx.KindAccessDenied {
			perm := strings.TrimPrefix(ae.Msg, "access denied: your identity is missing the permission ")
			c.Fix = "ask your AWS administrator to grant " + perm + "; verify needs read-only permissions only: " + strings.Join(VerifyPermissions(), ", ")
		}
	}
	if c.Fix == "" {
		c.Fix = "check your credentials, network and permissions, then run verify again"
	}
	return c
}

// VerifyPermissions lists the IAM permissions verify uses (all read-only).
func VerifyPermissions() []string { return awsx.VerifyNeeds() }

func errMsg(err error) string {
	var ae *awsx.Error
	if errors.As(err, &ae) && ae.Msg != "" {
		return ae.Msg
	}
	return err.Error()
}

// callFailed turns a failed call into its check: a refusal because of the
// key's state is a warn "not checked" (key-state already fails); anything
// else could not be checked.
func (v *evaluator) callFailed(id string, key *awsx.Key, err error) Check {
	if awsx.KindOf(err) == awsx.KindInvalidState || (key != nil && key.State != "Enabled" && awsx.IsNotFound(err)) {
		return Check{ID: id, Status: CheckWarn, Detail: fmt.Sprintf("not checked: KMS refuses this read while the key is %s", key.State),
			Fix: "fix key-state first, then run verify again"}
	}
	return errorCheck(id, err)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func keyStateCheck(k *awsx.Key, region string) Check {
	c := Check{ID: CheckKeyState}
	enable := fmt.Sprintf("aws kms enable-key --key-id %s --region %s", k.KeyID, region)
	switch k.State {
	case "Enabled":
		c.Status, c.Detail = CheckOK, "Enabled"
	case "Creating", "Updating":
		c.Status = CheckWarn
		c.Detail = fmt.Sprintf("%s: KMS is still working on this key; Zoom cannot use it until it is Enabled", k.State)
		c.Fix = "wait a minute and run verify again"
	case "Disabled":
		c.Status = CheckFail
		c.Detail = "Disabled: Zoom cannot read or write content protected by this key in this Region"
		c.Fix = enable + " (unless disabling it was intended)"
	case "PendingDeletion", "PendingReplicaDeletion":
		c.Status = CheckFail
		when := "soon"
		if !k.DeletionDate.IsZero() {
			when = "on " + k.DeletionDate.UTC().Format("2006-01-02 15:04 MST")
		}
		c.Detail = fmt.Sprintf("%s: scheduled for deletion %s; once deleted, content it protects is lost for good", k.State, when)
		c.Fix = fmt.Sprintf("cancel it now (CancelKeyDeletion): aws kms cancel-key-deletion --key-id %s --region %s, then %s", k.KeyID, region, enable)
	case "Unavailable":
		c.Status = CheckFail
		c.Detail = "Unavailable: the key's custom key store is disconnected, so Zoom cannot use the key"
		c.Fix = "reconnect the custom key store (aws kms connect-custom-key-store) and run verify again"
	default:
		c.Status = CheckFail
		c.Detail = fmt.Sprintf("%s: Zoom can only use an Enabled key", k.State)
		c.Fix = "check the key in the KMS console"
	}
	return c
}

func keyKindCheck(k *awsx.Key, region string) Check {
	var bad []string
	if k.Spec != "SYMMETRIC_DEFAULT" {
		bad = append(bad, "key spec "+k.Spec+" (needs SYMMETRIC_DEFAULT)")
	}
	if k.Usage != "ENCRYPT_DECRYPT" {
		bad = append(bad, "usage "+k.Usage+" (needs ENCRYPT_DECRYPT)")
	}
	if k.Origin != "AWS_KMS" {
		bad = append(bad, "origin "+k.Origin+" (needs AWS_KMS)")
	}
	if k.Manager == "AWS" {
		bad = append(bad, "AWS managed (needs a customer managed key)")
	}
	if !k.MultiRegion {
		bad = append(bad, "single-Region (needs multi-Region)")
	}
	if len(bad) > 0 {
		return Check{ID: CheckKeyKind, Status: CheckFail,
			Detail: "Zoom CMK cannot use this key: " + strings.Join(bad, ", "),
			Fix:    "a key's kind can never be changed: create a new key set with 'zcmk-tui setup --alias alias/<new-name>' and register its ARNs in the Zoom portal"}
	}
	role := "replica of " + k.PrimaryRegion
	if k.IsPrimary(region) {
		role = "primary"
	}
	return Check{ID: CheckKeyKind, Status: CheckOK, Detail: "symmetric, ENCRYPT_DECRYPT, AWS_KMS origin, multi-Region " + role}
}

// policyChecks maps zoom.CheckPolicy's findings onto zoom-grant and admin.
func policyChecks(policy, partition, account, zoomAccount, keyID, region, setupCmd string) (Check, Check) {
	grant := Check{ID: CheckZoomGrant, Status: CheckOK}
	admin := Check{ID: CheckAdmin, Status: CheckOK}
	repair := fmt.Sprintf("'%s' repairs the Zoom statement and keeps every other one (or edit the policy: aws kms get-key-policy / put-key-policy --key-id %s --region %s --policy-name default)", setupCmd, keyID, region)
	var fails, fixes []string
	encMissing := false
	for _, f := range zoom.CheckPolicy(policy, partition, account, zoomAccount) {
		switch f.ID {
		case zoom.FindingParse:
			if !f.OK {
				grant.Status, grant.Detail, grant.Fix = CheckFail, "the key policy cannot be read: "+oneLine(f.Detail), oneLine(f.Fix)
				admin.Status, admin.Detail, admin.Fix = CheckFail, "the key policy cannot be read, so nobody can tell who administers the key", oneLine(f.Fix)
				return grant, admin
			}
		case zoom.FindingZoomGrant, zoom.FindingZoomCondition, zoom.FindingZoomDeny:
			if !f.OK {
				fails = append(fails, oneLine(f.Detail))
				fixes = append(fixes, oneLine(f.Fix))
			}
		case zoom.FindingZoomEncrypt:
			encMissing = !f.OK
		case zoom.FindingAdmin:
			if f.OK {
				admin.Detail = oneLine(f.Detail)
			} else {
				admin.Status, admin.Detail, admin.Fix = CheckFail, oneLine(f.Detail), oneLine(f.Fix)
			}
		}
	}
	switch {
	case len(fails) > 0:
		grant.Status = CheckFail
		grant.Detail = strings.Join(fails, " ")
		if encMissing {
			grant.Detail += " kms:Encrypt is missing too."
		}
		grant.Fix = strings.Join(fixes, " ") + " " + repair
	case encMissing:
		grant.Status = CheckWarn
		grant.Detail = fmt.Sprintf("Zoom (%s) is allowed Decrypt, DescribeKey and GenerateDataKey* but not kms:Encrypt, which Zoom's current guide asks for (older guides left it out)", zoomAccount)
		grant.Fix = "add kms:Encrypt to the Zoom statement: " + repair
	default:
		grant.Detail = fmt.Sprintf("Zoom (%s) is allowed Decrypt, Encrypt, DescribeKey and GenerateDataKey*, with no narrowing condition and no Deny", zoomAccount)
	}
	return grant, admin
}

func (v *evaluator) driftCheck(d *regionData) Check {
	c := Check{ID: CheckDrift}
	if v.primary.policyErr != nil || v.primary.key == nil {
		c.Status, c.Detail = CheckWarn, "not compared: the primary's policy could not be read"
		c.Fix = "fix the primary first, then run verify again"
		return c
	}
	if v.primaryZoomErr != nil {
		c.Status, c.Detail = CheckWarn, "not compared: the primary's policy cannot be read ("+oneLine(v.primaryZoomErr.Error())+")"
		c.Fix = "fix the primary's policy first, then run verify again"
		return c
	}
	mine, err := zoom.ZoomPart(d.policy, v.partition, v.o.ZoomAccountID)
	if err != nil {
		c.Status, c.Detail = CheckFail, "this Region's policy cannot be compared with the primary's: "+oneLine(err.Error())
		c.Fix = v.driftFix(d.region)
		return c
	}
	if mine == v.primaryZoom {
		c.Status, c.Detail = CheckOK, "the Zoom statements match the primary's ("+v.primaryRegion+")"
		return c
	}
	onlyHere, onlyPrimary := lineDiff(mine, v.primaryZoom)
	c.Status = CheckFail
	c.Detail = fmt.Sprintf("the Zoom statements differ from the primary's in %s (KMS does not sync key policies between Regions): %d only here, %d only in the primary", v.primaryRegion, onlyHere, onlyPrimary)
	c.Fix = v.driftFix(d.region)
	return c
}

// setupHint is the setup command that repairs region of the set.
func setupHint(primaryRegion, region, alias string) string {
	cmd := "zcmk-tui setup --region " + primaryRegion
	if region != primaryRegion {
		cmd += " --replica-region " + region
	}
	if alias != "" && alias != zoom.DefaultAlias {
		cmd += " --alias " + alias
	}
	return cmd
}

func (v *evaluator) driftFix(region string) string {
	return fmt.Sprintf("make this Region's Zoom statements match the primary's: '%s' repairs Zoom's grant; remove extra Zoom statements (e.g. a Deny) by hand with aws kms put-key-policy --key-id %s --region %s --policy-name default --policy file://policy.json", setupHint(v.primaryRegion, region, v.o.Alias), v.keyID, region)
}

func lineDiff(a, b string) (onlyA, onlyB int) {
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, "\n")
	}
	la, lb := split(a), split(b)
	for _, l := range la {
		if !slices.Contains(lb, l) {
			onlyA++
		}
	}
	for _, l := range lb {
		if !slices.Contains(la, l) {
			onlyB++
		}
	}
	return
}

func (v *evaluator) aliasCheck(d *regionData) Check {
	c := Check{ID: CheckAlias}
	create := fmt.Sprintf("aws kms create-alias --alias-name %s --target-key-id %s --region %s (aliases are not replicated; 'zcmk-tui setup' creates it too)", v.o.Alias, v.keyID, d.region)
	switch {
	case d.aliasErr != nil && awsx.IsNotFound(d.aliasErr):
		c.Status = CheckFail
		c.Detail = fmt.Sprintf("%s does not exist in %s", v.o.Alias, d.region)
		c.Fix = create
	case d.aliasErr != nil:
		return errorCheck(CheckAlias, d.aliasErr)
	case d.aliasKey.KeyID != v.keyID:
		c.Status = CheckFail
		c.Detail = fmt.Sprintf("%s in %s points at another key (%s), not at %s", v.o.Alias, d.region, d.aliasKey.KeyID, v.keyID)
		c.Fix = fmt.Sprintf("aws kms update-alias --alias-name %s --target-key-id %s --region %s (only if nothing else uses that alias for the other key)", v.o.Alias, v.keyID, d.region)
	default:
		c.Status, c.Detail = CheckOK, fmt.Sprintf("%s points at this key", v.o.Alias)
	}
	return c
}

// expectUse reports whether, by now, Zoom should have used the key: setup is
// more than a day old.
func (v *evaluator) expectUse() (bool, string) {
	if v.setupAt.IsZero() {
		return false, ""
	}
	age := v.now.Sub(v.setupAt)
	return age > unusedGrace, "set up " + ago(age)
}

func (v *evaluator) lastUseCheck(d *regionData, key *awsx.Key) Check {
	c := Check{ID: CheckLastUse}
	if d.usageErr != nil {
		switch {
		case awsx.IsUnsupported(d.usageErr):
			c.Status, c.Unknown = CheckUnknown, true
			c.Detail = "unknown: the endpoint does not support GetKeyLastUsage"
			return c
		case awsx.KindOf(d.usageErr) == awsx.KindAccessDenied:
			c.Status = CheckWarn
			c.Detail = "unknown: " + errMsg(d.usageErr)
			var ae *awsx.Error
			if errors.As(d.usageErr, &ae) {
				c.Fix = ae.Fix
			}
			return c
		}
		return v.callFailed(CheckLastUse, key, d.usageErr)
	}
	u := d.usage
	if u.Used {
		c.Status = CheckOK
		c.Detail = fmt.Sprintf("last used %s (%s), %s", stamp(u.When), u.Operation, ago(v.now.Sub(u.When)))
		if u.CloudTrailEventID != "" {
			c.Detail += "; CloudTrail event " + u.CloudTrailEventID
		}
		return c
	}
	since := ""
	if !u.TrackingSince.IsZero() {
		since = " since " + stamp(u.TrackingSince)
	}
	due, age := v.expectUse()
	if d.role == RoleReplica {
		if pu := v.primary.usage; pu != nil && pu.Used {
			c.Status = CheckOK
			c.Detail = fmt.Sprintf("not used in this Region yet%s; the primary was used %s, so Zoom reaches the key set", since, ago(v.now.Sub(pu.When)))
			return c
		}
	}
	if !due {
		c.Status = CheckOK
		c.Detail = "not used yet" + since
		if age != "" {
			c.Detail += " (" + age + "): normal until the Zoom portal steps are done"
		}
		return c
	}
	c.Status = CheckWarn
	c.Detail = fmt.Sprintf("never used%s, though the key was %s", since, age)
	c.Fix = "finish the Zoom web-portal steps ('zcmk-tui checklist'): register the ARNs under Configure Customer Managed Key, choose the data types, then make a test cloud recording"
	return c
}

func (v *evaluator) cloudTrailCheck(d *regionData, key *awsx.Key) Check {
	c := Check{ID: CheckCloudTrail}
	window := formatDuration(v.o.Since)
	if d.trailErr != nil {
		switch {
		case awsx.IsUnsupported(d.trailErr):
			c.Status, c.Unknown = CheckUnknown, true
			c.Detail = "unknown: the endpoint does not support CloudTrail LookupEvents. " + DeniedCallsNote
			return c
		case awsx.KindOf(d.trailErr) == awsx.KindAccessDenied:
			c.Status = CheckWarn
			c.Detail = "unknown: " + errMsg(d.trailErr) + ". " + DeniedCallsNote
			var ae *awsx.Error
			if errors.As(d.trailErr, &ae) {
				c.Fix = ae.Fix
			}
			return c
		}
		return errorCheck(CheckCloudTrail, d.trailErr)
	}
	zoomEvents := v.zoomCalls(d.trail)
	slices.SortStableFunc(zoomEvents, func(a, b awsx.TrailEvent) int { return b.Time.Compare(a.Time) })
	atLeast := ""
	if d.trail.Truncated {
		atLeast = "at least "
	}
	if n := len(zoomEvents); n > 0 {
		newest := zoomEvents[0]
		c.Status = CheckOK
		c.Detail = fmt.Sprintf("%s%d KMS call(s) by Zoom (%s) in the last %s; newest %s %s. %s", atLeast, n, v.o.ZoomAccountID, window, stamp(newest.Time), newest.Name, DeniedCallsNote)
		return c
	}
	c.Detail = fmt.Sprintf("no KMS call by Zoom (%s) in the last %s (%s%d other event(s) on this key). %s", v.o.ZoomAccountID, window, atLeast, len(d.trail.Events), DeniedCallsNote)
	due, _ := v.expectUse()
	if d.role == RoleReplica && v.primaryHasZoomEvents() {
		c.Status = CheckOK
		return c
	}
	if !due {
		c.Status = CheckOK
		return c
	}
	c.Status = CheckWarn
	c.Fix = "if Zoom should be using the key: check the key's status in the Zoom portal (a Failed decryption query means Zoom is denied) and fix any zoom-grant or key-state finding; make a test cloud recording"
	return c
}

// zoomCalls are the KMS calls by Zoom's account among t's events.
func (v *evaluator) zoomCalls(t *awsx.KeyEvents) []awsx.TrailEvent {
	if t == nil {
		return nil
	}
	var out []awsx.TrailEvent
	for _, ev := range t.Events {
		if ev.AccountID == v.o.ZoomAccountID && (ev.Source == "" || ev.Source == "kms.amazonaws.com") {
			out = append(out, ev)
		}
	}
	return out
}

func (v *evaluator) primaryHasZoomEvents() bool { return len(v.zoomCalls(v.primary.trail)) > 0 }

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 MST") }

func ago(d time.Duration) string {
	switch {
	case d < 0:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}

// formatDuration writes whole days as "7d", else Go's form without zero
// minutes and seconds ("36h0m0s" -> "36h", "90m0s" -> "1h30m"; "30s" stays).
func formatDuration(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// ParseSince reads a look-back such as "7d", "36h" or "90m" (days are 24h).
func ParseSince(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("%q is not a duration: use a number with d, h or m, e.g. 7d, 24h or 90m", zoom.Shorten(s, zoom.MaxShown))
	if s == "" {
		return 0, bad
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		var days int
		if _, err := fmt.Sscanf(n, "%d", &days); err != nil || fmt.Sprint(days) != n {
			return 0, bad
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, bad
	}
	return d, nil
}
