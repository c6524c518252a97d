package setup

import (
	"context"
	"maps"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// AlertFacts is what the infrastructure-as-code export needs of one
// Region's tamper alerts. Its fields match docs.AlertSet (the faces convert
// it with docs' types, level by level).
type AlertFacts struct {
	Region        string
	Topic         AlertTopicFacts
	Subscriptions []AlertSubscriptionFacts
	Rules         []AlertRuleFacts
}

// AlertTopicFacts is the SNS topic and its policy.
type AlertTopicFacts struct {
	Name   string
	ARN    string
	Policy string
	Tags   map[string]string
}

// AlertSubscriptionFacts is one subscription; ARN is "" or
// "PendingConfirmation" until the recipient confirms it.
type AlertSubscriptionFacts struct {
	Protocol string
	Endpoint string
	ARN      string
}

// AlertRuleFacts is an EventBridge rule and its targets.
type AlertRuleFacts struct {
	Name         string
	ARN          string
	Description  string
	EventPattern string
	State        string
	Tags         map[string]string
	Targets      []AlertTargetFacts
}

// AlertTargetFacts is one target of a rule.
type AlertTargetFacts struct {
	ID            string
	ARN           string
	InputPaths    map[string]string
	InputTemplate string
}

// alertTagMap is alertTags as a map. The export does not read the rule's
// and the topic's tags back (no tag-reading call is in the export's
// permissions): they are the ones setup gives them.
func alertTagMap(alias string) map[string]string {
	m := map[string]string{}
	for _, t := range alertTags(alias) {
		m[t.Key] = t.Value
	}
	return m
}

// ExportAlerts reads, with read-only calls only, the session's tamper
// alerts in every Region a records: the rule (DescribeRule) and its targets
// (ListTargetsByRule), the topic's policy (GetTopicAttributes) and its
// subscriptions (ListSubscriptionsByTopic). Regions are read concurrently;
// the result is in the order of a.Regions. A Region whose topic is gone is
// left out; a rule that is gone leaves the topic without a rule. nil a (no
// alerts) makes no call.
func (e *Engine) ExportAlerts(ctx context.Context, a *state.Alerts, alias string) ([]AlertFacts, error) {
	if a == nil || a.Name == "" || len(a.Regions) == 0 {
		return nil, nil
	}
	id, err := e.Identity(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*AlertFacts, len(a.Regions))
	fns := make([]func() error, len(a.Regions))
	for i, region := range a.Regions {
		fns[i] = func() error {
			f, err := e.alertFacts(ctx, region, a.Name, alias, id)
			out[i] = f
			return err
		}
	}
	if err := parallel(fns...); err != nil {
		return nil, err
	}
	var facts []AlertFacts
	for _, f := range out {
		if f != nil {
			facts = append(facts, *f)
		}
	}
	return facts, nil
}

// alertFacts reads one Region's alerts; nil when its topic does not exist.
func (e *Engine) alertFacts(ctx context.Context, region, name, alias string, id Identity) (*AlertFacts, error) {
	f := &AlertFacts{Region: region, Topic: AlertTopicFacts{Name: name, ARN: zoom.AlertTopicARN(id.Partition, region, id.AccountID, name), Tags: alertTagMap(alias)}}
	var (
		rule    *awsx.Rule
		targets []awsx.Target
		subs    []awsx.Subscription
		found   bool
	)
	err := parallel(
		func() (err error) {
			rule, targets, err = readAlertRule(ctx, e.cl.Events(region), name)
			return err
		},
		func() (err error) {
			f.Topic.Policy, found, subs, err = readAlertTopic(ctx, e.cl.SNS(region), f.Topic.ARN)
			return err
		},
	)
	if err != nil || !found {
		return nil, err // no topic: the Region is left out
	}
	for _, s := range subs {
		f.Subscriptions = append(f.Subscriptions, AlertSubscriptionFacts{Protocol: s.Protocol, Endpoint: s.Endpoint, ARN: s.ARN})
	}
	if rule != nil {
		r := AlertRuleFacts{Name: rule.Name, ARN: rule.ARN, Description: rule.Description, EventPattern: rule.Pattern, State: rule.State, Tags: alertTagMap(alias)}
		for _, t := range targets {
			r.Targets = append(r.Targets, AlertTargetFacts{ID: t.ID, ARN: t.ARN, InputPaths: maps.Clone(t.InputPath), InputTemplate: t.Template})
		}
		f.Rules = []AlertRuleFacts{r}
	}
	return f, nil
}

// SessionAlerts is AlertFacts from the session alone, without any AWS call
// (an offline export): the deterministic names and ARNs, the pattern,
// target and topic policy setup writes, and the recorded addresses as
// subscriptions not confirmed yet (an offline export cannot know their
// ARNs, so it does not import them).
func SessionAlerts(s *state.Session) []AlertFacts {
	a := s.Alerts
	if a == nil || a.Name == "" {
		return nil
	}
	alias := s.Alias
	if alias == "" {
		alias = zoom.DefaultAlias
	}
	var out []AlertFacts
	for _, region := range a.Regions {
		var keyARN string
		for _, k := range s.Keys {
			if k.Region == region {
				keyARN = k.ARN
			}
		}
		if keyARN == "" {
			continue
		}
		topicARN := zoom.AlertTopicARN(s.Partition, region, s.AccountID, a.Name)
		ruleARN := zoom.AlertRuleARN(s.Partition, region, s.AccountID, a.Name)
		policy, _ := zoom.AlertTopicPolicy("", s.Partition, s.AccountID, topicARN, ruleARN)
		f := AlertFacts{Region: region, Topic: AlertTopicFacts{Name: a.Name, ARN: topicARN, Policy: policy, Tags: alertTagMap(alias)}}
		for _, addr := range a.Emails {
			f.Subscriptions = append(f.Subscriptions, AlertSubscriptionFacts{Protocol: "email", Endpoint: addr})
		}
		f.Rules = []AlertRuleFacts{{
			Name: a.Name, ARN: ruleARN, Description: alertDescription(alias),
			EventPattern: zoom.AlertPattern(keyARN, zoom.AliasARN(s.Partition, region, s.AccountID, alias)),
			State:        "ENABLED", Tags: alertTagMap(alias),
			Targets: []AlertTargetFacts{{ID: zoom.AlertTargetID, ARN: topicARN, InputPaths: zoom.AlertInputPaths(),
				InputTemplate: zoom.AlertTemplate(alertsLang(a), keyARN, alias)}},
		}}
		out = append(out, f)
	}
	return out
}

// alertsLang is the language of the alert e-mail setup wrote (English for a
// session recorded before the e-mail followed the run's language).
func alertsLang(a *state.Alerts) i18n.Lang {
	if l, err := i18n.Parse(a.Lang); err == nil {
		return l
	}
	return i18n.English
}
