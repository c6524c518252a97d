package setup

import (
	"context"
	"slices"
	"strings"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The alert checks of verify, per Region of the alerts setup made.
const (
	CheckAlertRule   = "alert-rule" // the rule is there, enabled, and matches this Region's key and events
	CheckAlertTarget = "alert-sns"  // the rule sends to the topic, and the topic lets the rule publish
	CheckAlertSubs   = "alert-mail" // every address subscribed and confirmed
	CheckTrail       = "trail"      // a CloudTrail trail logs this Region (else the rule stays silent)
)

// alertData is what verify read of one Region's alerts.
type alertData struct {
	rule      *awsx.Rule
	ruleErr   error
	targets   []awsx.Target
	targetErr error
	policy    string
	policyErr error
	subs      []awsx.Subscription
	subsErr   error
	trail     string
	trailNote i18n.Msg
	// matched is TestEventPattern's answer for a sample DisableKey on the
	// key; asked says an answer came (an emulator may give none).
	matched, asked bool
}

// readAlerts reads one Region's alerts (all at once; the pattern test
// needs the rule's pattern).
func (e *Engine) readAlertsVerify(ctx context.Context, region string, a *state.Alerts, partition, owner, keyARN string) *alertData {
	d := &alertData{}
	ev, sn := e.cl.Events(region), e.cl.SNS(region)
	topic := zoom.AlertTopicARN(partition, region, owner, a.Name)
	_ = parallel(
		func() error {
			d.rule, d.ruleErr = ev.DescribeRule(ctx, a.Name)
			if d.ruleErr == nil {
				d.matched, d.asked, _ = ev.TestEventPattern(ctx, d.rule.Pattern, zoom.SampleKMSEvent("DisableKey", region, owner, keyARN))
			}
			return nil
		},
		func() error { d.targets, d.targetErr = ev.Targets(ctx, a.Name); return nil },
		func() error { d.policy, d.policyErr = sn.TopicPolicy(ctx, topic); return nil },
		func() error { d.subs, d.subsErr = sn.Subscriptions(ctx, topic); return nil },
		func() error { d.trail, d.trailNote = e.trailState(ctx, region); return nil },
	)
	return d
}

// alertFix is the command that makes the alerts again.
func (v *evaluator) alertFix() string {
	a := v.o.Alerts
	cmd := "zcmk-tui setup --region " + v.primaryRegion
	for _, r := range a.Regions {
		if r != v.primaryRegion {
			cmd += " --replica-region " + r
		}
	}
	if v.o.Alias != "" && v.o.Alias != zoom.DefaultAlias {
		cmd += " --alias " + v.o.Alias
	}
	for _, e := range a.Emails {
		cmd += " --alert-email " + e
	}
	return cmd
}

// alertChecks evaluates one Region's alerts.
func (v *evaluator) alertChecks(d *regionData, keyARN string) []Check {
	a, x := v.o.Alerts, d.alerts
	if a == nil || x == nil {
		return nil
	}
	fix := msg("verify.fix.alerts-setup", v.alertFix())
	var out []Check

	// alert-rule
	rule := Check{ID: CheckAlertRule, Status: CheckOK}
	switch {
	case awsx.IsNotFound(x.ruleErr):
		rule.Status = CheckFail
		rule.say(msg("verify.alerts.rule-missing", a.Name, d.region))
		rule.sayFix(fix)
	case x.ruleErr != nil:
		rule = errorCheck(CheckAlertRule, x.ruleErr)
	case x.rule.State != "ENABLED":
		rule.Status = CheckFail
		rule.say(msg("verify.alerts.rule-disabled", a.Name, d.region, x.rule.State))
		rule.sayFix(fix)
	default:
		if miss := zoom.AlertPatternCovers(x.rule.Pattern, keyARN); len(miss) > 0 {
			rule.Status = CheckFail
			rule.say(msg("verify.alerts.rule-pattern", a.Name, strings.Join(miss, ", ")))
			rule.sayFix(fix)
		} else if x.asked && !x.matched {
			rule.Status = CheckFail
			rule.say(msg("verify.alerts.rule-no-match", a.Name, keyARN))
			rule.sayFix(fix)
		} else if x.asked {
			rule.say(msg("verify.alerts.rule-ok-tested", a.Name))
		} else {
			rule.say(msg("verify.alerts.rule-ok", a.Name))
		}
	}
	out = append(out, rule)

	// alert-target: the rule sends to the topic, which lets the rule publish
	topic := zoom.AlertTopicARN(v.partition, d.region, v.owner, a.Name)
	ruleARN := zoom.AlertRuleARN(v.partition, d.region, v.owner, a.Name)
	if x.rule != nil {
		ruleARN = x.rule.ARN
	}
	target := Check{ID: CheckAlertTarget, Status: CheckOK}
	switch {
	case x.ruleErr != nil && awsx.IsNotFound(x.ruleErr):
		target.Status = CheckFail
		target.say(msg("verify.alerts.no-rule"))
		target.sayFix(fix)
	case x.targetErr != nil && !awsx.IsNotFound(x.targetErr):
		target = errorCheck(CheckAlertTarget, x.targetErr)
	case !slices.ContainsFunc(x.targets, func(t awsx.Target) bool { return t.ARN == topic }):
		target.Status = CheckFail
		target.say(msg("verify.alerts.target-missing", a.Name, topic))
		target.sayFix(fix)
	case awsx.IsNotFound(x.policyErr):
		target.Status = CheckFail
		target.say(msg("verify.alerts.topic-missing", topic))
		target.sayFix(fix)
	case x.policyErr != nil:
		target = errorCheck(CheckAlertTarget, x.policyErr)
	case !zoom.TopicPolicyAllows(x.policy, ruleARN):
		target.Status = CheckFail
		target.say(msg("verify.alerts.topic-policy", topic, a.Name))
		target.sayFix(fix)
	default:
		target.say(msg("verify.alerts.target-ok", topic))
	}
	out = append(out, target)

	// alert-subscriptions
	subs := Check{ID: CheckAlertSubs, Status: CheckOK}
	switch {
	case x.subsErr != nil && !awsx.IsNotFound(x.subsErr):
		subs = errorCheck(CheckAlertSubs, x.subsErr)
	default:
		var missing, pending, ok []string
		for _, addr := range a.Emails {
			i := subFor(x.subs, addr)
			switch {
			case i < 0:
				missing = append(missing, addr)
			case x.subs[i].Pending():
				pending = append(pending, addr)
			default:
				ok = append(ok, addr)
			}
		}
		// Addresses the session no longer lists: a confirmed subscription
		// still gets the alerts (setup with the list removes it); a pending
		// one cannot be removed and goes by itself.
		var extra []string
		confirmed, extraPending := unlisted(x.subs, a.Emails)
		for _, s := range confirmed {
			extra = append(extra, s.Endpoint)
		}
		var says []i18n.Msg
		switch {
		case len(missing) > 0:
			says = append(says, msg("verify.alerts.subs-missing", strings.Join(missing, ", "), d.region))
			subs.sayFix(fix)
		case len(pending) > 0:
			says = append(says, msg("verify.alerts.subs-pending", strings.Join(pending, ", "), d.region))
			subs.sayFix(msg("verify.fix.alerts-confirm", d.region, v.alertFix()))
		default:
			says = append(says, msg("verify.alerts.subs-ok", strings.Join(ok, ", ")))
		}
		if len(extra) > 0 {
			says = append(says, msg("verify.alerts.subs-extra", strings.Join(extra, ", "), d.region))
			subs.sayFix(fix) // setup with the list removes it (and subscribes what is missing)
		}
		if len(extraPending) > 0 {
			says = append(says, msg("verify.alerts.subs-extra-pending", strings.Join(extraPending, ", "), d.region))
		}
		if len(missing)+len(pending)+len(extra) > 0 {
			subs.Status = CheckWarn
		}
		subs.say(joinMsgs("setup.join.clauses", says))
	}
	out = append(out, subs)

	// trail
	trail := Check{ID: CheckTrail, Status: CheckOK}
	trail.say(x.trailNote)
	switch x.trail {
	case TrailNotLogging:
		trail.Status = CheckWarn
		trail.sayFix(msg("verify.fix.trail", d.region))
	case TrailUnknown:
		trail.Status, trail.Unknown = CheckUnknown, true
	}
	out = append(out, trail)
	return out
}
