package setup

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

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
