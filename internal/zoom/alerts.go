package zoom

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"slices"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// Tamper alerts: in every Region of the key set, an EventBridge rule on the
// default bus matches the KMS calls that endanger this Region's key and sends
// them, through an input transformer, to an SNS topic in the same Region
// (rule targets must be in the rule's Region; a topic per Region also keeps
// alerts flowing while another Region is down), to which the admins'
// addresses are subscribed by e-mail.

// AlertEvents are the CloudTrail event names that endanger a Zoom CMK key:
// each one can take Zoom's access away (DisableKey, PutKeyPolicy), start the
// countdown to losing the key for good (ScheduleKeyDeletion), weaken it
// (DisableKeyRotation), move the set's primary (UpdatePrimaryRegion), or
// move the alias that names the set (DeleteAlias, UpdateAlias).
//
// CreateGrant and RevokeGrant are left out on purpose: AWS services make and
// retire grants on customer keys routinely, so they would alert on normal
// use; a grant can only add access, never take Zoom's away (Zoom's access is
// in the key policy), so for an outage they are noise, and an admin who wants
// them can add a rule of their own.
var AlertEvents = []string{
	"DisableKey", "ScheduleKeyDeletion", "PutKeyPolicy", "DisableKeyRotation", "UpdatePrimaryRegion",
	"DeleteAlias", "UpdateAlias",
}

// AlertDeletionEvent is KMS's own event when a key is actually deleted at
// the end of its waiting period (the key's ARN is in the top-level resources).
const AlertDeletionEvent = "KMS CMK Deletion"

// AlertTargetID is the ID of the rule's one target (PutTargets replaces by ID).
const AlertTargetID = "zcmk-tui-alert-topic"

// AlertName is the name of the rule and of the topic for alias in every
// Region: "zcmk-tui-alerts-" and the alias without "alias/", "/" made "-",
// cut to 64 characters (the rule name limit) with a short hash when longer.
func AlertName(alias string) string {
	base := strings.ReplaceAll(strings.TrimPrefix(alias, "alias/"), "/", "-")
	name := "zcmk-tui-alerts-" + base
	if len(name) <= 64 {
		return name
	}
	sum := sha256.Sum256([]byte(alias))
	return name[:64-9] + "-" + hex.EncodeToString(sum[:4])
}

// AlertRuleARN and AlertTopicARN are the ARNs the deterministic names give.
func AlertRuleARN(partition, region, account, name string) string {
	return "arn:" + partition + ":events:" + region + ":" + account + ":rule/" + name
}

// AlertTopicARN is the ARN of the topic name in region.
func AlertTopicARN(partition, region, account, name string) string {
	return "arn:" + partition + ":sns:" + region + ":" + account + ":" + name
}

// AliasARN is the ARN of an alias (alias/...) in region.
func AliasARN(partition, region, account, alias string) string {
	return "arn:" + partition + ":kms:" + region + ":" + account + ":" + alias
}

// AlertPattern is the rule's event pattern for this Region's key (keyARN)
// and the set's alias (aliasARN): a CloudTrail-recorded KMS call among
// AlertEvents on the key or the alias (CloudTrail lists both in
// detail.resources), or KMS's own deletion event for the key.
func AlertPattern(keyARN, aliasARN string) string {
	p := map[string]any{
		"source": []string{"aws.kms"},
		"$or": []any{
			map[string]any{
				"detail-type": []string{"AWS API Call via CloudTrail"},
				"detail": map[string]any{
					"eventSource": []string{"kms.amazonaws.com"},
					"eventName":   AlertEvents,
					"resources":   map[string]any{"ARN": []string{keyARN, aliasARN}},
				},
			},
			map[string]any{
				"detail-type": []string{AlertDeletionEvent},
				"resources":   []string{keyARN},
			},
		},
	}
	b, _ := json.Marshal(p)
	return string(b)
}

// AlertPatternCovers reports what a rule's pattern lacks for keyARN: the
// event names it does not match, and whether it misses the key, the source,
// the CloudTrail detail type or the deletion event. An empty answer means
// it covers everything (it may match more).
func AlertPatternCovers(pattern, keyARN string) (missing []string) {
	var p map[string]any
	if json.Unmarshal([]byte(pattern), &p) != nil {
		return []string{"a pattern that is JSON"}
	}
	if !containsString(p["source"], "aws.kms") {
		missing = append(missing, "source aws.kms")
	}
	var cloudTrail, deletion bool
	names := map[string]bool{}
	branches := []map[string]any{p}
	if ors, ok := p["$or"].([]any); ok {
		for _, o := range ors {
			if m, ok := o.(map[string]any); ok {
				branches = append(branches, m)
			}
		}
	}
	for _, b := range branches {
		switch {
		case containsString(b["detail-type"], "AWS API Call via CloudTrail"):
			d, _ := b["detail"].(map[string]any)
			res, _ := d["resources"].(map[string]any)
			if d == nil || !containsString(d["eventSource"], "kms.amazonaws.com") || !containsString(res["ARN"], keyARN) {
				continue
			}
			cloudTrail = true
			if list, ok := d["eventName"].([]any); ok {
				for _, n := range list {
					if s, ok := n.(string); ok {
						names[s] = true
					}
				}
			}
		case containsString(b["detail-type"], AlertDeletionEvent) && containsString(b["resources"], keyARN):
			deletion = true
		}
	}
	if !cloudTrail {
		missing = append(missing, "KMS calls on "+keyARN)
	}
	for _, n := range AlertEvents {
		if cloudTrail && !names[n] {
			missing = append(missing, n)
		}
	}
	if !deletion {
		missing = append(missing, AlertDeletionEvent)
	}
	return missing
}

func containsString(v any, want string) bool {
	list, ok := v.([]any)
	if !ok {
		return false
	}
	return slices.ContainsFunc(list, func(x any) bool { s, ok := x.(string); return ok && s == want })
}

// SamePattern reports whether two patterns are the same JSON value.
func SamePattern(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return a == b
	}
	return reflect.DeepEqual(x, y)
}

// AlertInputPaths is the input transformer's map: the parts of the event
// the e-mail quotes.
func AlertInputPaths() map[string]string {
	return map[string]string{
		"what":   "$.detail-type",
		"event":  "$.detail.eventName",
		"who":    "$.detail.userIdentity.arn",
		"source": "$.detail.sourceIPAddress",
		"agent":  "$.detail.userAgent",
		"when":   "$.time",
		"region": "$.region",
	}
}

// AlertTemplate is the input transformer's template in language l: one
// readable paragraph saying what happened, to which key, by whom, from
// where and when, and what to do first. The text is part of the rule's
// desired state: a run in another language rewrites the target (setup plans
// it as a change), a rerun in the same language leaves it alone.
func AlertTemplate(l i18n.Lang, keyARN, alias string) string {
	text := i18n.NewPrinter(l).T("zoom.alert.template", keyARN, alias)
	// A JSON string, with "<" and ">" as they are: they mark the placeholders.
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(text)
	return strings.TrimSuffix(b.String(), "\n")
}

// AlertTemplateLang is the language whose AlertTemplate for keyARN and
// alias template is, and false when it is none of them (changed by hand,
// or made for another key).
func AlertTemplateLang(template, keyARN, alias string) (i18n.Lang, bool) {
	for _, l := range i18n.Langs() {
		if AlertTemplate(l, keyARN, alias) == template {
			return l, true
		}
	}
	return "", false
}

// AlertTopicPolicySid is the Sid of the topic-policy statement that lets
// the rule publish.
const AlertTopicPolicySid = "AllowZcmkTuiAlertRule"

// AlertTopicPolicy merges into current (the topic's policy; "" for a new
// topic) the statement that lets EventBridge publish to topicARN, only for
// ruleARN (aws:SourceArn). Every other statement is kept. changed is false
// when current already has that statement.
func AlertTopicPolicy(current, partition, account, topicARN, ruleARN string) (policy string, changed bool) {
	want := map[string]any{
		"Sid": AlertTopicPolicySid, "Effect": "Allow",
		"Principal": map[string]any{"Service": "events.amazonaws.com"},
		"Action":    "sns:Publish", "Resource": topicARN,
		"Condition": map[string]any{"ArnEquals": map[string]any{"aws:SourceArn": ruleARN}},
	}
	doc := map[string]any{}
	if strings.TrimSpace(current) != "" && json.Unmarshal([]byte(current), &doc) != nil {
		doc = map[string]any{}
	}
	if _, ok := doc["Version"]; !ok {
		doc["Version"] = "2012-10-17"
	}
	var stmts []any
	switch s := doc["Statement"].(type) {
	case []any:
		stmts = s
	case map[string]any:
		stmts = []any{s}
	}
	if current == "" {
		// A new topic: the account administers it, as SNS's default policy says.
		stmts = append(stmts, map[string]any{
			"Sid": "ZcmkTuiAccountAdministers", "Effect": "Allow",
			"Principal": map[string]any{"AWS": "arn:" + partition + ":iam::" + account + ":root"},
			"Action":    []any{"sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"},
			"Resource":  topicARN,
		})
	}
	wantJSON, _ := json.Marshal(want)
	var wantAny any
	_ = json.Unmarshal(wantJSON, &wantAny)
	kept := stmts[:0:0]
	for _, s := range stmts {
		if m, ok := s.(map[string]any); ok && m["Sid"] == AlertTopicPolicySid {
			if reflect.DeepEqual(s, wantAny) && current != "" {
				return current, false
			}
			continue
		}
		kept = append(kept, s)
	}
	doc["Statement"] = append(kept, wantAny)
	b, _ := json.Marshal(doc)
	return string(b), true
}

// TopicPolicyAllows reports whether a topic policy lets events.amazonaws.com
// publish for ruleARN (an Allow statement for sns:Publish whose condition,
// if any, names the rule).
func TopicPolicyAllows(policy, ruleARN string) bool {
	var doc map[string]any
	if json.Unmarshal([]byte(policy), &doc) != nil {
		return false
	}
	var stmts []any
	switch s := doc["Statement"].(type) {
	case []any:
		stmts = s
	case map[string]any:
		stmts = []any{s}
	}
	for _, s := range stmts {
		m, ok := s.(map[string]any)
		if !ok || m["Effect"] != "Allow" {
			continue
		}
		p, _ := m["Principal"].(map[string]any)
		if p == nil || !anyEquals(p["Service"], "events.amazonaws.com") {
			continue
		}
		if !anyEquals(m["Action"], "sns:Publish") && !anyEquals(m["Action"], "SNS:Publish") && !anyEquals(m["Action"], "sns:*") {
			continue
		}
		cond, _ := m["Condition"].(map[string]any)
		if cond == nil {
			return true
		}
		for _, op := range []string{"ArnEquals", "ArnLike", "StringEquals"} {
			if c, ok := cond[op].(map[string]any); ok {
				for k, v := range c {
					if strings.EqualFold(k, "aws:SourceArn") && anyEquals(v, ruleARN) {
						return true
					}
				}
			}
		}
	}
	return false
}

func anyEquals(v any, want string) bool {
	switch x := v.(type) {
	case string:
		return x == want
	case []any:
		return slices.ContainsFunc(x, func(y any) bool { s, ok := y.(string); return ok && s == want })
	}
	return false
}

// SampleKMSEvent is an "AWS API Call via CloudTrail" event for a call named
// event on keyARN, as EventBridge delivers it (for TestEventPattern).
func SampleKMSEvent(event, region, account, keyARN string) string {
	ev := map[string]any{
		"version": "0", "id": "00000000-0000-0000-0000-000000000000", "detail-type": "AWS API Call via CloudTrail",
		"source": "aws.kms", "account": account, "time": "2026-01-01T00:00:00Z", "region": region, "resources": []string{},
		"detail": map[string]any{
			"eventSource": "kms.amazonaws.com", "eventName": event, "awsRegion": region,
			"userIdentity": map[string]any{"arn": "arn:aws:iam::" + account + ":user/example"},
			"resources":    []any{map[string]any{"ARN": keyARN, "accountId": account, "type": "AWS::KMS::Key"}},
		},
	}
	b, _ := json.Marshal(ev)
	return string(b)
}
