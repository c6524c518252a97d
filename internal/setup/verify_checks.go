package setup

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

func errorCheck(id string, err error) Check {
	c := Check{ID: id, Status: CheckFail, Error: oneLine(err.Error())}
	c.say(msg("verify.could-not-check", oneLineMsg(errText(err))))
	var ae *awsx.Error
	if errors.As(err, &ae) {
		if fix := ae.LocalizedFix(); fix.ID != "" {
			c.sayFix(fix)
		}
		if ae.Kind == awsx.KindAccessDenied {
			perm := strings.TrimPrefix(text(ae.Text), "access denied: your identity is missing the permission ")
			c.sayFix(msg("verify.fix.grant-read-only", perm, strings.Join(VerifyPermissions(), ", ")))
		}
	}
	if c.FixText.ID == "" {
		c.sayFix(msg("verify.fix.check-credentials"))
	}
	return c
}

// VerifyPermissions lists the IAM permissions verify uses (all read-only).
func VerifyPermissions() []string { return awsx.VerifyNeeds() }

// errText is errMsg as a message: an AWS error's summary without the call
// and the fix.
func errText(err error) i18n.Msg {
	var ae *awsx.Error
	if errors.As(err, &ae) && ae.Text.ID != "" {
		return ae.Text
	}
	return localize(err)
}

// oneLineMsg renders m on one line (in the printer's language).
func oneLineMsg(m i18n.Msg) i18n.Msg { return msg("setup.one-line", m) }

// checkMsg is a check's detail as a message.
func checkMsg(c Check) i18n.Msg { return c.Text }

// say sets the check's detail.
func (c *Check) say(m i18n.Msg) { c.Text = m }

// sayFix sets the check's fix.
func (c *Check) sayFix(m i18n.Msg) { c.FixText = m }

// joinMsgs joins messages with the catalogue's separator sep (an id whose
// text is "%s<separator>%s").
func joinMsgs(sep string, ms []i18n.Msg) i18n.Msg {
	if len(ms) == 0 {
		return i18n.Msg{}
	}
	out := ms[0]
	for _, m := range ms[1:] {
		out = msg(sep, out, m)
	}
	return out
}

// callFailed turns a failed call into its check: a refusal because of the
// key's state is a warn "not checked" (key-state already fails); anything
// else could not be checked.
func (v *evaluator) callFailed(id string, key *awsx.Key, err error) Check {
	if awsx.KindOf(err) == awsx.KindInvalidState || (key != nil && key.State != "Enabled" && awsx.IsNotFound(err)) {
		c := Check{ID: id, Status: CheckWarn}
		c.say(msg("verify.not-checked-state", key.State))
		c.sayFix(msg("verify.fix.key-state-first"))
		return c
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
		c.Status = CheckOK
		c.say(literal("Enabled"))
	case "Creating", "Updating":
		c.Status = CheckWarn
		c.say(msg("verify.key-state.creating", k.State))
		c.sayFix(msg("verify.fix.wait"))
	case "Disabled":
		c.Status = CheckFail
		c.say(msg("verify.key-state.disabled"))
		c.sayFix(msg("verify.fix.enable", enable))
	case "PendingDeletion", "PendingReplicaDeletion":
		c.Status = CheckFail
		when := msg("verify.key-state.deletion-soon")
		if !k.DeletionDate.IsZero() {
			when = msg("verify.key-state.deletion-on", k.DeletionDate.UTC().Format("2006-01-02 15:04 MST"))
		}
		c.say(msg("verify.key-state.pending-deletion", k.State, when))
		c.sayFix(msg("verify.fix.cancel-deletion", k.KeyID, region, enable))
	case "Unavailable":
		c.Status = CheckFail
		c.say(msg("verify.key-state.unavailable"))
		c.sayFix(msg("verify.fix.reconnect"))
	default:
		c.Status = CheckFail
		c.say(msg("verify.key-state.other", k.State))
		c.sayFix(msg("verify.fix.console"))
	}
	return c
}

func keyKindCheck(k *awsx.Key, region string) Check {
	var bad []i18n.Msg
	if k.Spec != "SYMMETRIC_DEFAULT" {
		bad = append(bad, msg("verify.key-kind.spec", k.Spec))
	}
	if k.Usage != "ENCRYPT_DECRYPT" {
		bad = append(bad, msg("verify.key-kind.usage", k.Usage))
	}
	if k.Origin != "AWS_KMS" {
		bad = append(bad, msg("verify.key-kind.origin", k.Origin))
	}
	if k.Manager == "AWS" {
		bad = append(bad, msg("verify.key-kind.aws-managed"))
	}
	if !k.MultiRegion {
		bad = append(bad, msg("verify.key-kind.single-region"))
	}
	c := Check{ID: CheckKeyKind, Status: CheckOK}
	if len(bad) > 0 {
		c.Status = CheckFail
		c.say(msg("verify.key-kind.bad", joinMsgs("setup.join.comma", bad)))
		c.sayFix(msg("verify.fix.new-key-set"))
		return c
	}
	role := msg("verify.key-kind.replica-of", k.PrimaryRegion)
	if k.IsPrimary(region) {
		role = msg("verify.key-kind.primary")
	}
	c.say(msg("verify.key-kind.ok", role))
	return c
}

// policyChecks maps zoom.CheckPolicy's findings onto zoom-grant and admin.
func policyChecks(policy, partition, account, zoomAccount, keyID, region, setupCmd string) (Check, Check) {
	grant := Check{ID: CheckZoomGrant, Status: CheckOK}
	admin := Check{ID: CheckAdmin, Status: CheckOK}
	repair := msg("verify.fix.repair", setupCmd, keyID, region)
	var fails, fixes []i18n.Msg
	encMissing := false
	for _, f := range zoom.CheckPolicy(policy, partition, account, zoomAccount) {
		switch f.ID {
		case zoom.FindingParse:
			if !f.OK {
				grant.Status, admin.Status = CheckFail, CheckFail
				grant.say(msg("verify.zoom-grant.unreadable", oneLineMsg(f.Detail)))
				grant.sayFix(oneLineMsg(f.Fix))
				admin.say(msg("verify.admin.unreadable"))
				admin.sayFix(oneLineMsg(f.Fix))
				return grant, admin
			}
		case zoom.FindingZoomGrant, zoom.FindingZoomCondition, zoom.FindingZoomDeny:
			if !f.OK {
				fails = append(fails, oneLineMsg(f.Detail))
				fixes = append(fixes, oneLineMsg(f.Fix))
			}
		case zoom.FindingZoomEncrypt:
			encMissing = !f.OK
		case zoom.FindingAdmin:
			admin.say(oneLineMsg(f.Detail))
			if !f.OK {
				admin.Status = CheckFail
				admin.sayFix(oneLineMsg(f.Fix))
			}
		}
	}
	switch {
	case len(fails) > 0:
		grant.Status = CheckFail
		if encMissing {
			grant.say(msg("verify.zoom-grant.fails-encrypt-too", joinMsgs("setup.join.sentences", fails)))
		} else {
			grant.say(joinMsgs("setup.join.sentences", fails))
		}
		grant.sayFix(msg("verify.zoom-grant.fixes", joinMsgs("setup.join.sentences", fixes), repair))
	case encMissing:
		grant.Status = CheckWarn
		grant.say(msg("verify.zoom-grant.no-encrypt", zoomAccount))
		grant.sayFix(msg("verify.fix.add-encrypt", repair))
	default:
		grant.say(msg("verify.zoom-grant.ok", zoomAccount))
	}
	return grant, admin
}

func (v *evaluator) driftCheck(d *regionData) Check {
	c := Check{ID: CheckDrift}
	if v.primary.policyErr != nil || v.primary.key == nil {
		c.Status = CheckWarn
		c.say(msg("verify.drift.primary-unread"))
		c.sayFix(msg("verify.fix.primary-first"))
		return c
	}
	if v.primaryZoomErr != nil {
		c.Status = CheckWarn
		c.say(msg("verify.drift.primary-unparsable", oneLine(v.primaryZoomErr.Error())))
		c.sayFix(msg("verify.fix.primary-policy-first"))
		return c
	}
	mine, err := zoom.ZoomPart(d.policy, v.partition, v.o.ZoomAccountID)
	if err != nil {
		c.Status = CheckFail
		c.say(msg("verify.drift.uncomparable", oneLine(err.Error())))
		c.sayFix(v.driftFix(d.region))
		return c
	}
	if mine == v.primaryZoom {
		c.Status = CheckOK
		c.say(msg("verify.drift.ok", v.primaryRegion))
		return c
	}
	onlyHere, onlyPrimary := lineDiff(mine, v.primaryZoom)
	c.Status = CheckFail
	c.say(msg("verify.drift.differs", v.primaryRegion, onlyHere, onlyPrimary))
	c.sayFix(v.driftFix(d.region))
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

func (v *evaluator) driftFix(region string) i18n.Msg {
	return msg("verify.fix.drift", setupHint(v.primaryRegion, region, v.o.Alias), v.keyID, region)
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
	switch {
	case d.aliasErr != nil && awsx.IsNotFound(d.aliasErr):
		c.Status = CheckFail
		c.say(msg("verify.alias.missing", v.o.Alias, d.region))
		c.sayFix(msg("verify.fix.create-alias", v.o.Alias, v.keyID, d.region))
	case d.aliasErr != nil:
		return errorCheck(CheckAlias, d.aliasErr)
	case d.aliasKey.KeyID != v.keyID:
		c.Status = CheckFail
		c.say(msg("verify.alias.other-key", v.o.Alias, d.region, d.aliasKey.KeyID, v.keyID))
		c.sayFix(msg("verify.fix.update-alias", v.o.Alias, v.keyID, d.region))
	default:
		c.Status = CheckOK
		c.say(msg("verify.alias.ok", v.o.Alias))
	}
	return c
}

// expectUse reports whether, by now, Zoom should have used the key: setup is
// more than a day old.
func (v *evaluator) expectUse() (bool, i18n.Msg) {
	if v.setupAt.IsZero() {
		return false, i18n.Msg{}
	}
	age := v.now.Sub(v.setupAt)
	return age > unusedGrace, msg("verify.last-use.set-up", ago(age))
}

func (v *evaluator) lastUseCheck(d *regionData, key *awsx.Key) Check {
	c := Check{ID: CheckLastUse}
	if d.usageErr != nil {
		switch {
		case awsx.IsUnsupported(d.usageErr):
			c.Status, c.Unknown = CheckUnknown, true
			c.say(msg("verify.last-use.unsupported"))
			return c
		case awsx.KindOf(d.usageErr) == awsx.KindAccessDenied:
			c.Status = CheckWarn
			c.say(msg("verify.unknown", errText(d.usageErr)))
			var ae *awsx.Error
			if errors.As(d.usageErr, &ae) {
				c.sayFix(ae.LocalizedFix())
			}
			return c
		}
		return v.callFailed(CheckLastUse, key, d.usageErr)
	}
	u := d.usage
	if u.Used {
		c.Status = CheckOK
		if u.CloudTrailEventID != "" {
			c.say(msg("verify.last-use.used-event", stamp(u.When), u.Operation, ago(v.now.Sub(u.When)), u.CloudTrailEventID))
		} else {
			c.say(msg("verify.last-use.used", stamp(u.When), u.Operation, ago(v.now.Sub(u.When))))
		}
		return c
	}
	var since any = ""
	if !u.TrackingSince.IsZero() {
		since = msg("verify.last-use.since", stamp(u.TrackingSince))
	}
	due, age := v.expectUse()
	if d.role == RoleReplica {
		if pu := v.primary.usage; pu != nil && pu.Used {
			c.Status = CheckOK
			c.say(msg("verify.last-use.replica-unused", since, ago(v.now.Sub(pu.When))))
			return c
		}
	}
	if !due {
		c.Status = CheckOK
		if age.ID != "" {
			c.say(msg("verify.last-use.not-yet-age", since, age))
		} else {
			c.say(msg("verify.last-use.not-yet", since))
		}
		return c
	}
	c.Status = CheckWarn
	c.say(msg("verify.last-use.never", since, age))
	c.sayFix(msg("verify.fix.portal-steps"))
	return c
}

func (v *evaluator) cloudTrailCheck(d *regionData, key *awsx.Key) Check {
	c := Check{ID: CheckCloudTrail}
	window := formatDuration(v.o.Since)
	if d.trailErr != nil {
		switch {
		case awsx.IsUnsupported(d.trailErr):
			c.Status, c.Unknown = CheckUnknown, true
			c.say(msg("verify.cloudtrail.unsupported", msg("verify.denied-calls-note")))
			return c
		case awsx.KindOf(d.trailErr) == awsx.KindAccessDenied:
			c.Status = CheckWarn
			c.say(msg("verify.cloudtrail.denied", errText(d.trailErr), msg("verify.denied-calls-note")))
			var ae *awsx.Error
			if errors.As(d.trailErr, &ae) {
				c.sayFix(ae.LocalizedFix())
			}
			return c
		}
		return errorCheck(CheckCloudTrail, d.trailErr)
	}
	zoomEvents := v.zoomCalls(d.trail)
	slices.SortStableFunc(zoomEvents, func(a, b awsx.TrailEvent) int { return b.Time.Compare(a.Time) })
	count := func(n int) i18n.Msg {
		if d.trail.Truncated {
			return msg("verify.cloudtrail.at-least", n)
		}
		return msg("verify.cloudtrail.count", n)
	}
	if n := len(zoomEvents); n > 0 {
		newest := zoomEvents[0]
		c.Status = CheckOK
		c.say(msg("verify.cloudtrail.calls", count(n), v.o.ZoomAccountID, window, stamp(newest.Time), newest.Name, msg("verify.denied-calls-note")))
		return c
	}
	c.say(msg("verify.cloudtrail.none", v.o.ZoomAccountID, window, count(len(d.trail.Events)), msg("verify.denied-calls-note")))
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
	c.sayFix(msg("verify.fix.zoom-not-calling"))
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
