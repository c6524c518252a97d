package setup

// The tamper alerts written: each Region's topic, rule, target and
// subscriptions after its key, and what the session records of them.

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// applyAlerts makes Region i's alert resources: the topic and the rule
// first (together: their ARNs are known from their names), then the target
// and the subscriptions (together). At most two round trips, beside the key
// path of the other Regions.
func (a *applier) applyAlerts(ctx context.Context, i int, keyID string) *RegionError {
	ap := &a.p.Alerts[i]
	region := ap.Region
	keyARN := zoom.KeyARN{Partition: a.p.Partition, Region: region, Account: a.p.AccountID, KeyID: keyID}.String()
	ev, sn := a.e.cl.Events(region), a.e.cl.SNS(region)
	var (
		mu     sync.Mutex
		failed *RegionError
	)
	fail := func(kind string, err error) error {
		mu.Lock()
		defer mu.Unlock()
		if err != nil && failed == nil {
			failed = &RegionError{Region: region, Action: kind, Err: err}
		}
		return err
	}
	var first []func() error
	if !ap.topicExists {
		first = append(first, func() error {
			return fail(ActAlertTopic, a.step(region, ActAlertTopic, func() (i18n.Msg, error) {
				arn, err := sn.CreateTopic(ctx, ap.Rule, ap.topicPolicy, alertTags(a.p.Alias))
				return literal(arn), err
			}))
		})
	} else if ap.putPolicy {
		first = append(first, func() error {
			return fail(ActAlertTopicPolicy, a.step(region, ActAlertTopicPolicy, func() (i18n.Msg, error) {
				return i18n.Msg{}, sn.SetTopicPolicy(ctx, ap.TopicARN, ap.topicPolicy)
			}))
		})
	}
	if ap.putRule {
		first = append(first, func() error {
			return fail(ActAlertRule, a.step(region, ActAlertRule, func() (i18n.Msg, error) {
				aliasARN := zoom.AliasARN(a.p.Partition, region, a.p.AccountID, a.p.Alias)
				arn, err := ev.PutRule(ctx, awsx.Rule{Name: ap.Rule, Pattern: zoom.AlertPattern(keyARN, aliasARN), Description: alertDescription(a.p.Alias)}, alertTags(a.p.Alias))
				return literal(arn), err
			}))
		})
	}
	if err := parallel(first...); err != nil {
		return failed
	}
	var second []func() error
	if ap.putTarget {
		second = append(second, func() error {
			return fail(ActAlertTarget, a.step(region, ActAlertTarget, func() (i18n.Msg, error) {
				return literal(ap.TopicARN), ev.PutTarget(ctx, ap.Rule, awsx.Target{ID: zoom.AlertTargetID, ARN: ap.TopicARN,
					InputPath: zoom.AlertInputPaths(), Template: zoom.AlertTemplate(a.p.alertLang(), keyARN, a.p.Alias)})
			}))
		})
	}
	for _, addr := range ap.subscribe {
		second = append(second, func() error {
			return fail(ActAlertSubscribe, a.step(region, ActAlertSubscribe, func() (i18n.Msg, error) {
				return msg("setup.apply.alert-subscribed", addr), sn.SubscribeEmail(ctx, ap.TopicARN, addr)
			}))
		})
	}
	for _, sub := range ap.unsubscribe {
		second = append(second, func() error {
			return fail(ActAlertUnsubscribe, a.step(region, ActAlertUnsubscribe, func() (i18n.Msg, error) {
				return msg("setup.apply.alert-unsubscribed", sub.Endpoint), sn.Unsubscribe(ctx, sub.ARN)
			}))
		})
	}
	if err := parallel(second...); err != nil {
		return failed
	}
	if ap.planned() {
		a.setAlert(i, "applied")
	}
	return nil
}

// planned reports whether the Region's alerts need a write.
func (a *AlertPlan) planned() bool {
	return !a.topicExists || a.putPolicy || a.putRule || a.putTarget || len(a.subscribe) > 0 || len(a.unsubscribe) > 0
}

// setAlert sets Region i's alert state in the result.
func (a *applier) setAlert(i int, st string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if i < len(a.res.Alerts) {
		a.res.Alerts[i].State = st
	}
}

// RecordAlerts keeps the alerts of r in the session: their name, Regions
// and addresses (for verify), and the addresses also as the Zoom portal's
// alert recipients (asked once, used for both). Record calls it; the wizard
// calls it alone for the alerts it sets up after the key step had saved the
// key set.
func (r *Result) RecordAlerts(s *state.Session, now time.Time) {
	if len(r.Alerts) == 0 {
		return
	}
	a := &state.Alerts{Name: r.Alerts[0].Rule, Lang: string(r.alertLang), At: now.UTC().Truncate(time.Second)}
	for _, x := range r.Alerts {
		a.Regions = append(a.Regions, x.Region)
		for _, e := range x.Emails {
			if !hasAddress(a.Emails, e) {
				a.Emails = append(a.Emails, e)
			}
		}
	}
	// The list given is the alerts' recipients now: an address dropped from
	// it (unsubscribed) leaves the portal's recipients too (asked once, used
	// for both), or the wizard would offer to subscribe it again.
	if s.Alerts != nil {
		for _, old := range s.Alerts.Emails {
			if !hasAddress(a.Emails, old) {
				s.AlertEmails = slices.DeleteFunc(s.AlertEmails, func(y string) bool { return strings.EqualFold(y, old) })
			}
		}
	}
	for _, e := range a.Emails {
		if !hasAddress(s.AlertEmails, e) {
			s.AlertEmails = append(s.AlertEmails, e)
		}
	}
	s.Alerts = a
}
