package aws

import (
	"encoding/json"
	"slices"
	"strings"
)

// This file is the one list of the AWS calls the product makes. The IAM
// policy of `zcmk-tui permissions`, the AccessDenied messages and the
// permission lists of the other messages are all read from it, and the tests
// check that every call this package makes, and every call a whole run makes,
// is listed here: a new call cannot be added without its permission.

// Use is a part of the product that makes a call.
type Use string

// The parts of the product, as `zcmk-tui permissions --for` names them.
const (
	UseSetup  Use = "setup"  // the key set (plan and setup, the wizard's key step)
	UseAlerts Use = "alerts" // the tamper alerts (setup --alert-email, and verify's alert checks)
	UseVerify Use = "verify" // verify (read-only)
	UseDrill  Use = "drill"  // the key-outage drill (its pre-flight is verify)
	UseExport Use = "export" // the infrastructure-as-code export's reads
)

// Uses lists every Use, in the order the policy document names them.
var Uses = []Use{UseSetup, UseAlerts, UseVerify, UseDrill, UseExport}

// Scope is the resource an IAM action is allowed on.
type Scope int

// The scopes of the policy document.
const (
	ScopeAny            Scope = iota // "*": the action takes no resource (List*, CreateKey, GetCallerIdentity)
	ScopeCreateKey                   // "*" with conditions: kms:CreateKey of a symmetric multi-Region key only
	ScopeKeys                        // the account's KMS keys in the partition, every Region
	ScopeAliases                     // the account's KMS aliases (CreateAlias needs the alias and the key)
	ScopeAlertRules                  // the tool's EventBridge rules (deterministic names, see AlertNamePrefix)
	ScopeAlertTopics                 // the tool's SNS topics
	ScopeDrillSchedules              // the drill's safety-net schedules (default group, DrillNamePrefix)
	ScopeDrillRole                   // the role the safety-net schedules run as (DrillNamePrefix + "net-")
)

// DrillNamePrefix starts the name of every schedule and role the drill's
// safety net makes (internal/setup/drill_net.go), so that the policy can
// name them.
const DrillNamePrefix = "zcmk-tui-drill-"

// AlertNamePrefix starts the name of every rule and topic the tool makes,
// so that the policy can name them.
const AlertNamePrefix = "zcmk-tui-"

// Permission is one IAM action on one scope.
type Permission struct {
	Action string
	Scope  Scope
}

// APICall is one operation the product calls, with every IAM permission it
// needs (its own action first; e.g. CreateKey with tags also needs
// kms:TagResource) and the parts of the product that call it.
type APICall struct {
	Service string // the SDK's service id: "KMS", "STS", "CloudTrail", "EventBridge", "SNS", ...
	Op      string // the API operation
	Needs   []Permission
	Uses    []Use
}

func perm(action string, s Scope) Permission { return Permission{Action: action, Scope: s} }
func uses(u ...Use) []Use                    { return u }

// Calls is the list. kms:ScheduleKeyDeletion is not in it and never may be:
// the product never schedules key deletion.
var Calls = []APICall{
	{"STS", "GetCallerIdentity", []Permission{perm("sts:GetCallerIdentity", ScopeAny)}, uses(UseSetup, UseAlerts, UseVerify, UseDrill, UseExport)},

	// KMS: the key set
	{"KMS", "ListAliases", []Permission{perm("kms:ListAliases", ScopeAny)}, uses(UseSetup)}, // the wizard's probe
	{"KMS", "ListKeys", []Permission{perm("kms:ListKeys", ScopeAny)}, uses(UseSetup, UseVerify, UseDrill)},
	{"KMS", "DescribeKey", []Permission{perm("kms:DescribeKey", ScopeKeys)}, uses(UseSetup, UseAlerts, UseVerify, UseDrill, UseExport)},
	{"KMS", "ListResourceTags", []Permission{perm("kms:ListResourceTags", ScopeKeys)}, uses(UseSetup, UseVerify, UseDrill, UseExport)},
	{"KMS", "GetKeyPolicy", []Permission{perm("kms:GetKeyPolicy", ScopeKeys)}, uses(UseSetup, UseVerify, UseDrill, UseExport)},
	{"KMS", "GetKeyRotationStatus", []Permission{perm("kms:GetKeyRotationStatus", ScopeKeys)}, uses(UseSetup, UseVerify, UseDrill, UseExport)},
	{"KMS", "CreateKey", []Permission{perm("kms:CreateKey", ScopeCreateKey), perm("kms:TagResource", ScopeKeys)}, uses(UseSetup)},
	{"KMS", "ReplicateKey", []Permission{perm("kms:ReplicateKey", ScopeKeys), perm("kms:CreateKey", ScopeCreateKey), perm("kms:TagResource", ScopeKeys)}, uses(UseSetup)},
	{"KMS", "CreateAlias", []Permission{perm("kms:CreateAlias", ScopeAliases), perm("kms:CreateAlias", ScopeKeys)}, uses(UseSetup)},
	{"KMS", "PutKeyPolicy", []Permission{perm("kms:PutKeyPolicy", ScopeKeys)}, uses(UseSetup)},
	{"KMS", "EnableKeyRotation", []Permission{perm("kms:EnableKeyRotation", ScopeKeys)}, uses(UseSetup)},
	{"KMS", "GetKeyLastUsage", []Permission{perm("kms:GetKeyLastUsage", ScopeKeys)}, uses(UseVerify, UseDrill)},
	{"KMS", "DisableKey", []Permission{perm("kms:DisableKey", ScopeKeys)}, uses(UseDrill)},
	{"KMS", "EnableKey", []Permission{perm("kms:EnableKey", ScopeKeys)}, uses(UseDrill)},
	// The drill marks each key it disables (and removes the mark once the
	// key is enabled again), so that --restore enables only its own keys.
	{"KMS", "TagResource", []Permission{perm("kms:TagResource", ScopeKeys)}, uses(UseDrill)},
	{"KMS", "UntagResource", []Permission{perm("kms:UntagResource", ScopeKeys)}, uses(UseDrill)},
	// The Resource Groups Tagging API finds the tool's keys by tag without a
	// call per key.
	{"Resource Groups Tagging API", "GetResources", []Permission{perm("tag:GetResources", ScopeAny)}, uses(UseSetup, UseVerify, UseDrill)},

	// CloudTrail: Zoom's calls (verify --cloudtrail) and the trail alerts need
	{"CloudTrail", "LookupEvents", []Permission{perm("cloudtrail:LookupEvents", ScopeAny)}, uses(UseVerify, UseDrill)},
	{"CloudTrail", "DescribeTrails", []Permission{perm("cloudtrail:DescribeTrails", ScopeAny)}, uses(UseAlerts, UseVerify)},
	// A trail that logs this Region may be another account's (an
	// organization trail): its ARN cannot be named in advance.
	{"CloudTrail", "GetTrailStatus", []Permission{perm("cloudtrail:GetTrailStatus", ScopeAny)}, uses(UseAlerts, UseVerify)},

	// EventBridge: the tamper-alert rule of each Region
	{"EventBridge", "DescribeRule", []Permission{perm("events:DescribeRule", ScopeAlertRules)}, uses(UseAlerts, UseVerify, UseExport)},
	{"EventBridge", "ListTargetsByRule", []Permission{perm("events:ListTargetsByRule", ScopeAlertRules)}, uses(UseAlerts, UseVerify, UseExport)},
	{"EventBridge", "PutRule", []Permission{perm("events:PutRule", ScopeAlertRules), perm("events:TagResource", ScopeAlertRules)}, uses(UseAlerts)},
	{"EventBridge", "PutTargets", []Permission{perm("events:PutTargets", ScopeAlertRules)}, uses(UseAlerts)},
	{"EventBridge", "TestEventPattern", []Permission{perm("events:TestEventPattern", ScopeAny)}, uses(UseAlerts, UseVerify)},

	// SNS: the topic each rule publishes to, and its e-mail subscriptions
	{"SNS", "GetTopicAttributes", []Permission{perm("sns:GetTopicAttributes", ScopeAlertTopics)}, uses(UseAlerts, UseVerify, UseExport)},
	{"SNS", "ListSubscriptionsByTopic", []Permission{perm("sns:ListSubscriptionsByTopic", ScopeAlertTopics)}, uses(UseAlerts, UseVerify, UseExport)},
	{"SNS", "CreateTopic", []Permission{perm("sns:CreateTopic", ScopeAlertTopics), perm("sns:TagResource", ScopeAlertTopics)}, uses(UseAlerts)},
	{"SNS", "SetTopicAttributes", []Permission{perm("sns:SetTopicAttributes", ScopeAlertTopics)}, uses(UseAlerts)},
	{"SNS", "Subscribe", []Permission{perm("sns:Subscribe", ScopeAlertTopics)}, uses(UseAlerts)},
	// An address dropped from --alert-email: its confirmed subscription is
	// removed (IAM checks sns:Unsubscribe against the topic).
	{"SNS", "Unsubscribe", []Permission{perm("sns:Unsubscribe", ScopeAlertTopics)}, uses(UseAlerts)},

	// EventBridge Scheduler and IAM: the drill's safety net (a schedule per
	// Region that enables the key at the deadline, run as the tool's role)
	{"Scheduler", "CreateSchedule", []Permission{perm("scheduler:CreateSchedule", ScopeDrillSchedules), perm("iam:PassRole", ScopeDrillRole)}, uses(UseDrill)},
	{"Scheduler", "GetSchedule", []Permission{perm("scheduler:GetSchedule", ScopeDrillSchedules)}, uses(UseDrill)},
	{"Scheduler", "DeleteSchedule", []Permission{perm("scheduler:DeleteSchedule", ScopeDrillSchedules)}, uses(UseDrill)},
	{"Scheduler", "ListSchedules", []Permission{perm("scheduler:ListSchedules", ScopeAny)}, uses(UseDrill, UseVerify)},
	{"IAM", "GetRole", []Permission{perm("iam:GetRole", ScopeDrillRole)}, uses(UseDrill)},
	{"IAM", "CreateRole", []Permission{perm("iam:CreateRole", ScopeDrillRole), perm("iam:TagRole", ScopeDrillRole)}, uses(UseDrill)},
	{"IAM", "PutRolePolicy", []Permission{perm("iam:PutRolePolicy", ScopeDrillRole)}, uses(UseDrill)},
	{"IAM", "GetRolePolicy", []Permission{perm("iam:GetRolePolicy", ScopeDrillRole)}, uses(UseDrill)},
}

// iamPrefix is the IAM service prefix of each SDK service id.
var iamPrefix = map[string]string{
	"KMS": "kms", "STS": "sts", "CloudTrail": "cloudtrail", "EventBridge": "events", "SNS": "sns",
	"Resource Groups Tagging API": "tag", "Scheduler": "scheduler", "IAM": "iam",
}

// LookupCall finds an operation in Calls. service may be "" when the
// operation's name is unique in the list.
func LookupCall(service, op string) (APICall, bool) {
	var found []APICall
	for _, c := range Calls {
		if c.Op == op && (service == "" || c.Service == service) {
			found = append(found, c)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return APICall{}, false
}

// IAMAction is the IAM action of a call we made, from the call itself (the
// SDK's service id and operation), never from the answer's text: an endpoint
// may answer 403 with a body that says nothing usable.
func IAMAction(service, op string) string {
	if c, ok := LookupCall(service, op); ok {
		return c.Needs[0].Action
	}
	if p, ok := iamPrefix[service]; ok && op != "" {
		return p + ":" + op
	}
	if op != "" {
		return "kms:" + op // the KMS client is the one called without a service id
	}
	return ""
}

// ActionsFor lists the IAM actions the given parts need (all parts when
// none is given), sorted, each once.
func ActionsFor(parts ...Use) []string {
	var out []string
	for _, c := range callsFor(parts) {
		for _, p := range c.Needs {
			if !slices.Contains(out, p.Action) {
				out = append(out, p.Action)
			}
		}
	}
	slices.Sort(out)
	return out
}

func callsFor(parts []Use) []APICall {
	if len(parts) == 0 {
		return Calls
	}
	var out []APICall
	for _, c := range Calls {
		if slices.ContainsFunc(c.Uses, func(u Use) bool { return slices.Contains(parts, u) }) {
			out = append(out, c)
		}
	}
	return out
}

// PolicyStatement is one statement of an IAM policy document.
type PolicyStatement struct {
	Sid       string                       `json:"Sid"`
	Effect    string                       `json:"Effect"`
	Action    []string                     `json:"Action"`
	Resource  []string                     `json:"Resource"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

// PolicyDocument is an IAM identity policy, ready for `aws iam create-policy`.
type PolicyDocument struct {
	Version   string            `json:"Version"`
	Statement []PolicyStatement `json:"Statement"`
}

// OperatorPolicy is the least-privilege IAM policy for the operator of the
// given parts (every part when none is given) in the account and partition:
// exactly the actions of Calls, no wildcard action, key-level actions on the
// account's keys only, kms:CreateKey only for a symmetric multi-Region key
// with KMS key material, the alert actions only on the tool's own rules and
// topics.
func OperatorPolicy(partition, account string, parts ...Use) PolicyDocument {
	if partition == "" {
		partition = "aws"
	}
	type group struct {
		sid       string
		resources []string
		cond      map[string]map[string]string
	}
	groups := map[Scope]group{
		ScopeAny: {sid: "ZcmkTuiCallsWithoutResource", resources: []string{"*"}},
		ScopeCreateKey: {sid: "ZcmkTuiCreateMultiRegionKey", resources: []string{"*"}, cond: map[string]map[string]string{
			"Bool":         {"kms:MultiRegion": "true"},
			"StringEquals": {"kms:KeySpec": "SYMMETRIC_DEFAULT", "kms:KeyUsage": "ENCRYPT_DECRYPT", "kms:KeyOrigin": "AWS_KMS"},
		}},
		ScopeKeys:           {sid: "ZcmkTuiAccountKeys", resources: []string{"arn:" + partition + ":kms:*:" + account + ":key/*"}},
		ScopeAliases:        {sid: "ZcmkTuiAccountAliases", resources: []string{"arn:" + partition + ":kms:*:" + account + ":alias/*"}},
		ScopeAlertRules:     {sid: "ZcmkTuiAlertRules", resources: []string{"arn:" + partition + ":events:*:" + account + ":rule/" + AlertNamePrefix + "*"}},
		ScopeAlertTopics:    {sid: "ZcmkTuiAlertTopics", resources: []string{"arn:" + partition + ":sns:*:" + account + ":" + AlertNamePrefix + "*"}},
		ScopeDrillSchedules: {sid: "ZcmkTuiDrillSchedules", resources: []string{"arn:" + partition + ":scheduler:*:" + account + ":schedule/default/" + DrillNamePrefix + "*"}},
		ScopeDrillRole:      {sid: "ZcmkTuiDrillRole", resources: []string{"arn:" + partition + ":iam::" + account + ":role/" + DrillNamePrefix + "net-*"}},
	}
	actions := map[Scope][]string{}
	for _, c := range callsFor(parts) {
		for _, p := range c.Needs {
			if !slices.Contains(actions[p.Scope], p.Action) {
				actions[p.Scope] = append(actions[p.Scope], p.Action)
			}
		}
	}
	doc := PolicyDocument{Version: "2012-10-17"}
	for _, s := range []Scope{ScopeAny, ScopeCreateKey, ScopeKeys, ScopeAliases, ScopeAlertRules, ScopeAlertTopics, ScopeDrillSchedules, ScopeDrillRole} {
		if len(actions[s]) == 0 {
			continue
		}
		g := groups[s]
		a := actions[s]
		slices.Sort(a)
		doc.Statement = append(doc.Statement, PolicyStatement{Sid: g.sid, Effect: "Allow", Action: a, Resource: g.resources, Condition: g.cond})
	}
	return doc
}

// JSON is the document, indented, with a final newline.
func (d PolicyDocument) JSON() string {
	b, _ := json.MarshalIndent(d, "", "  ")
	return string(b) + "\n"
}

// ParseUse reads a --for value.
func ParseUse(s string) (Use, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, u := range Uses {
		if string(u) == s {
			return u, true
		}
	}
	return "", false
}
