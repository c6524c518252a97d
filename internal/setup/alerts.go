package setup

import (
	"context"
	"slices"
	"strings"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Alert action kinds (after the key's actions of a Region). Each is an
// upsert, so a rerun after any failure converges: the plan reads what is
// there and plans only what is missing.
const (
	ActAlertTopic       = "alert-topic"     // CreateTopic with its policy and tags
	ActAlertTopicPolicy = "alert-policy"    // SetTopicAttributes: add the statement for the rule
	ActAlertRule        = "alert-rule"      // PutRule (enabled, this Region's key)
	ActAlertTarget      = "alert-target"    // PutTargets: the topic, with the input transformer
	ActAlertSubscribe   = "alert-subscribe" // Subscribe an e-mail address
	// Unsubscribe the confirmed subscription of an address --alert-email no
	// longer lists (only with --alert-email: without it nothing of the
	// alerts changes).
	ActAlertUnsubscribe = "alert-unsubscribe"
)

// Trail states of a Region.
const (
	TrailLogging    = "logging"     // a trail logs management events here: alerts will arrive
	TrailNotLogging = "not-logging" // no trail logs here: the rule stays silent
	TrailUnknown    = "unknown"     // could not tell (access denied, an endpoint without CloudTrail)
)

// AlertPlan is what setup would do for the tamper alerts of one Region.
type AlertPlan struct {
	Region   string   `json:"region"`
	Rule     string   `json:"rule"`
	RuleARN  string   `json:"rule_arn"`
	TopicARN string   `json:"topic_arn"`
	Emails   []string `json:"emails"`
	Trail    string   `json:"trail"`
	// DroppedPending are addresses the list no longer holds whose
	// subscription still awaits confirmation: SNS offers no call to remove
	// one (it has no ARN yet); SNS deletes it by itself 48 hours after it was
	// made if nobody confirms it.
	DroppedPending []string `json:"dropped_pending,omitempty"`
	// TrailNote says what the trail check found, for any language.
	TrailNote i18n.Msg `json:"-"`

	topicExists bool
	topicPolicy string // the policy to write (a new topic's, or the merged one)
	putPolicy   bool
	putRule     bool
	putTarget   bool
	subscribe   []string            // addresses to subscribe
	unsubscribe []awsx.Subscription // confirmed subscriptions of addresses no longer listed
}

// Notes is what the plan says of the Region's alerts beside its actions,
// for every face: the trail check, and each dropped address that cannot be
// unsubscribed yet.
func (a AlertPlan) Notes() []i18n.Msg {
	notes := []i18n.Msg{a.TrailNote}
	for _, addr := range a.DroppedPending {
		notes = append(notes, msg("setup.plan.alerts.dropped-pending", addr))
	}
	return notes
}

// AlertResult is one Region's alerts in the --output json contract.
type AlertResult struct {
	Region   string   `json:"region"`
	Rule     string   `json:"rule"`
	RuleARN  string   `json:"rule_arn"`
	TopicARN string   `json:"topic_arn"`
	Emails   []string `json:"emails"`
	State    string   `json:"state"` // "applied" | "unchanged" | "planned"
	Trail    string   `json:"trail"` // "logging" | "not-logging" | "unknown"
}

// alertRead is what the read-only calls found in one Region.
type alertRead struct {
	region      string
	rule        *awsx.Rule
	targets     []awsx.Target
	topicPolicy string
	topicFound  bool
	subs        []awsx.Subscription
	trail       string
	trailNote   i18n.Msg
}

// readAlerts starts the read-only calls of the alerts in every Region, beside
// the key's own plan, and returns a function that waits for them. The
// account (for the topic's ARN) comes from the identity call the key's plan
// makes anyway (Identity is called once and shared).
func (e *Engine) readAlerts(ctx context.Context, opts Options) func() ([]*alertRead, error) {
	regions := append([]string{opts.Region}, opts.Replicas...)
	reads := make([]*alertRead, len(regions))
	done := make(chan error, 1)
	go func() {
		fns := make([]func() error, 0, len(regions))
		for i, r := range regions {
			d := &alertRead{region: r}
			reads[i] = d
			fns = append(fns, func() error { return e.readAlertRegion(ctx, d, opts.Alias) })
		}
		done <- parallel(fns...)
	}()
	return func() ([]*alertRead, error) {
		err := <-done
		return reads, err
	}
}

// readAlertRegion: round trip 1, the rule, its targets and the trails (none
// needs the account); round trip 2, the topic and its subscriptions (their
// ARN needs the account) and each trail's status.
func (e *Engine) readAlertRegion(ctx context.Context, d *alertRead, alias string) error {
	name := zoom.AlertName(alias)
	return parallel(
		func() (err error) {
			d.rule, d.targets, err = readAlertRule(ctx, e.cl.Events(d.region), name)
			return err
		},
		func() (err error) {
			id, err := e.Identity(ctx)
			if err != nil {
				return err
			}
			arn := zoom.AlertTopicARN(id.Partition, d.region, id.AccountID, name)
			d.topicPolicy, d.topicFound, d.subs, err = readAlertTopic(ctx, e.cl.SNS(d.region), arn)
			return err
		},
		func() error {
			d.trail, d.trailNote = e.trailState(ctx, d.region)
			return nil
		},
	)
}

// readAlertRule reads the rule name and its targets: nil when there is no
// such rule. The plan and the export read the alerts with it.
func readAlertRule(ctx context.Context, ev *awsx.Events, name string) (*awsx.Rule, []awsx.Target, error) {
	r, err := ev.DescribeRule(ctx, name)
	if awsx.IsNotFound(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	targets, err := ev.Targets(ctx, name)
	if awsx.IsNotFound(err) {
		return r, nil, nil
	}
	return r, targets, err
}

// readAlertTopic reads the topic arn's policy and its subscriptions, side by
// side; found is false when the topic does not exist.
func readAlertTopic(ctx context.Context, sn *awsx.SNS, arn string) (policy string, found bool, subs []awsx.Subscription, err error) {
	err = parallel(
		func() error {
			p, err := sn.TopicPolicy(ctx, arn)
			if awsx.IsNotFound(err) {
				return nil
			}
			policy, found = p, err == nil
			return err
		},
		func() error {
			s, err := sn.Subscriptions(ctx, arn)
			if awsx.IsNotFound(err) {
				return nil
			}
			subs = s
			return err
		},
	)
	return policy, found, subs, err
}

// trailState says whether a CloudTrail trail logs this Region. Access denied
// or an endpoint without CloudTrail is "unknown", never "logging". It never
// creates or changes a trail.
func (e *Engine) trailState(ctx context.Context, region string) (string, i18n.Msg) {
	trails, err := e.cl.CloudTrail(region).Trails(ctx)
	if err != nil {
		return TrailUnknown, msg("setup.alerts.trail.unknown", region, localize(err))
	}
	for _, t := range trails {
		if t.Logging {
			return TrailLogging, msg("setup.alerts.trail.logging", t.Name, region)
		}
	}
	return TrailNotLogging, msg("setup.alerts.trail.none", region, region)
}

// planAlerts adds the alert actions of every Region to p, from what the
// reads found. keyARN of a Region is "" for a key that does not exist yet.
func (p *Plan) planAlerts(reads []*alertRead, emails []string) {
	name := zoom.AlertName(p.Alias)
	for i := range p.Regions {
		rp := &p.Regions[i]
		var d *alertRead
		for _, r := range reads {
			if r.region == rp.Region {
				d = r
			}
		}
		if d == nil {
			continue
		}
		ap := AlertPlan{Region: rp.Region, Rule: name, Emails: slices.Clone(emails), Trail: d.trail, TrailNote: d.trailNote,
			RuleARN:  zoom.AlertRuleARN(p.Partition, rp.Region, p.AccountID, name),
			TopicARN: zoom.AlertTopicARN(p.Partition, rp.Region, p.AccountID, name)}
		keyARN := p.keyARN(i)
		ap.topicExists = d.topicFound
		ap.topicPolicy, ap.putPolicy = zoom.AlertTopicPolicy(d.topicPolicy, p.Partition, p.AccountID, ap.TopicARN, ap.RuleARN)
		if !d.topicFound {
			ap.putPolicy = false // CreateTopic carries the policy
			rp.Actions = append(rp.Actions, action(ActAlertTopic, true, msg("setup.plan.alert-topic", name)))
		} else if ap.putPolicy {
			rp.Actions = append(rp.Actions, action(ActAlertTopicPolicy, true, msg("setup.plan.alert-policy", name)))
		}
		aliasARN := zoom.AliasARN(p.Partition, rp.Region, p.AccountID, p.Alias)
		ap.putRule = keyARN == "" || d.rule == nil || d.rule.State != "ENABLED" ||
			!zoom.SamePattern(d.rule.Pattern, zoom.AlertPattern(keyARN, aliasARN)) || d.rule.Description != alertDescription(p.Alias)
		if ap.putRule {
			what := "setup.plan.alert-rule"
			if d.rule != nil && d.rule.State != "ENABLED" {
				what = "setup.plan.alert-rule-enable"
			}
			rp.Actions = append(rp.Actions, action(ActAlertRule, true, msg(what, name)))
		}
		lang := p.alertLang()
		target := zoom.AlertTemplate(lang, keyARN, p.Alias)
		i := slices.IndexFunc(d.targets, func(t awsx.Target) bool {
			return t.ID == zoom.AlertTargetID && t.ARN == ap.TopicARN && mapsEqual(t.InputPath, zoom.AlertInputPaths())
		})
		ap.putTarget = keyARN == "" || d.rule == nil || i < 0 || d.targets[i].Template != target
		if ap.putTarget {
			what := msg("setup.plan.alert-target", name)
			if i >= 0 && keyARN != "" && d.rule != nil {
				// The same e-mail in another language: say so (its text is
				// part of what setup keeps as it was asked).
				if had, ok := zoom.AlertTemplateLang(d.targets[i].Template, keyARN, p.Alias); ok {
					what = msg("setup.plan.alert-target-lang", name, langName(lang), langName(had))
				}
			}
			rp.Actions = append(rp.Actions, action(ActAlertTarget, true, what))
		}
		for _, addr := range emails {
			if subFor(d.subs, addr) < 0 {
				ap.subscribe = append(ap.subscribe, addr)
				rp.Actions = append(rp.Actions, action(ActAlertSubscribe, true, msg("setup.plan.alert-subscribe", addr)))
			}
		}
		var confirmed []awsx.Subscription
		confirmed, ap.DroppedPending = unlisted(d.subs, emails)
		for _, s := range confirmed {
			ap.unsubscribe = append(ap.unsubscribe, s)
			rp.Actions = append(rp.Actions, action(ActAlertUnsubscribe, true, msg("setup.plan.alert-unsubscribe", s.Endpoint, rp.Region)))
		}
		p.Alerts = append(p.Alerts, ap)
	}
}

// keyARN is Region i's key ARN, when the key exists (a new replica of an
// existing key has the primary's key ID).
func (p *Plan) keyARN(i int) string {
	if p.Regions[i].ARN != "" {
		return p.Regions[i].ARN
	}
	if id := p.Regions[0].KeyID; id != "" {
		return zoom.KeyARN{Partition: p.Partition, Region: p.Regions[i].Region, Account: p.AccountID, KeyID: id}.String()
	}
	return ""
}

// alertLang is the language of the alert e-mail the plan writes.
func (p *Plan) alertLang() i18n.Lang {
	if p.opts.Lang == "" {
		return i18n.English
	}
	return p.opts.Lang
}

// langName is a language's name in that language ("English", "日本語"), as
// the language switch shows it.
func langName(l i18n.Lang) string { return i18n.NewPrinter(l).T("lang.name") }

func alertDescription(alias string) string {
	return "zcmk-tui: tamper alerts for the Zoom CMK key " + alias + " (disable, deletion, key policy, rotation, primary Region, alias)"
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// alertTags are the tags of the rule and the topic.
func alertTags(alias string) []awsx.Tag {
	return []awsx.Tag{{Key: TagAlias, Value: alias}, {Key: TagCreatedBy, Value: "zcmk-tui"}}
}

// Plan computes what Apply would do, with read-only calls only: the key set
// and, with AlertEmails, the tamper alerts of every Region, read beside the
// key's own calls.
func (e *Engine) Plan(ctx context.Context, opts Options) (*Plan, error) {
	if opts.Region == "" {
		opts.Region = e.DefaultRegion()
	}
	if err := Validate(&opts); err != nil {
		return nil, err
	}
	// Missing or expired credentials are reported before anything is sent.
	if err := e.cl.Credentials(ctx); err != nil {
		return nil, err
	}
	if opts.Lang == "" {
		opts.Lang = e.Lang
	}
	if len(opts.AlertEmails) == 0 {
		return e.planKey(ctx, opts)
	}
	wait := e.readAlerts(ctx, opts)
	p, err := e.planKey(ctx, opts)
	reads, aerr := wait()
	if err != nil {
		return nil, err
	}
	if aerr != nil {
		return nil, aerr
	}
	p.planAlerts(reads, opts.AlertEmails)
	return p, nil
}

// offlineAlerts plans every Region's alerts from scratch (a dry run without
// credentials): the trail cannot be read.
func (p *Plan) offlineAlerts(emails []string) {
	reads := make([]*alertRead, 0, len(p.Regions))
	for _, r := range p.Regions {
		reads = append(reads, &alertRead{region: r.Region, trail: TrailUnknown, trailNote: msg("setup.alerts.trail.offline", r.Region)})
	}
	p.planAlerts(reads, emails)
}

// validateAlertEmails checks every address before any call, and drops
// repeats (the same address in another case is the same mailbox).
func validateAlertEmails(list *[]string) error {
	var out []string
	for _, a := range *list {
		for _, part := range strings.Split(a, ",") {
			addr := strings.TrimSpace(part)
			if err := zoom.ValidateEmail(addr); err != nil {
				return err
			}
			if !hasAddress(out, addr) {
				out = append(out, addr)
			}
		}
	}
	*list = out
	return nil
}

// hasAddress reports whether list holds the e-mail address addr (the same
// address in another case is the same mailbox).
func hasAddress(list []string, addr string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, addr) })
}

// subFor is the index of addr's e-mail subscription in subs, or -1. One SNS
// is removing (its ARN reads "Deleted" for a while after an unsubscribe)
// counts as none: the address gets no alerts.
func subFor(subs []awsx.Subscription, addr string) int {
	return slices.IndexFunc(subs, func(s awsx.Subscription) bool {
		return s.Protocol == "email" && !s.Deleted() && strings.EqualFold(s.Endpoint, addr)
	})
}

// unlisted sorts the e-mail subscriptions of subs whose address list does
// not hold (none SNS is removing already): the confirmed ones, which setup
// removes, and the addresses of the pending ones, which have no ARN to
// remove them by and go by themselves after 48 hours.
func unlisted(subs []awsx.Subscription, list []string) (confirmed []awsx.Subscription, pending []string) {
	for _, s := range subs {
		switch {
		case s.Protocol != "email" || s.Deleted() || hasAddress(list, s.Endpoint):
		case s.Pending():
			pending = append(pending, s.Endpoint)
		default:
			confirmed = append(confirmed, s)
		}
	}
	return confirmed, pending
}
