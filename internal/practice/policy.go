package practice

import (
	"encoding/json"
	"path"
	"strings"
)

// defaultPolicy is KMS's default key policy: the account's root principal
// may use every KMS action on the key (KMS Developer Guide, "Default key
// policy").
func defaultPolicy(region string) string {
	return `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:` + Partition(region) + `:iam::` + Account + `:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`
}

// checkPolicy refuses what real KMS refuses: text that is not a policy
// document, more than 32 KiB, and (unless the bypass flag is set) a policy
// that would not let the caller put a key policy again: the lockout safety
// check (KMS API Reference, PutKeyPolicy: BypassPolicyLockoutSafetyCheck).
// moto runs none of these checks.
func (s *Server) checkPolicy(region, text string, bypass bool) (response, bool) {
	if len(text) > 32768 {
		return kmsErr(errMalformedPolicy, "The key policy is larger than 32 KiB."), false
	}
	var doc struct {
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(text), &doc); err != nil || len(doc.Statement) == 0 {
		return kmsErr(errMalformedPolicy, "The key policy is not a valid JSON policy document."), false
	}
	stmts, ok := statements(doc.Statement)
	if !ok {
		return kmsErr(errMalformedPolicy, "The key policy has a statement that is not valid."), false
	}
	if bypass {
		return response{}, true
	}
	caller := []string{Account, "arn:" + Partition(region) + ":iam::" + Account + ":root", callerARN(region), "*"}
	for _, st := range stmts {
		if st.Effect != "Allow" || len(st.Condition) > 0 {
			continue
		}
		if anyMatch(st.principals(), caller) && actionAllows(st.actions(), "kms:PutKeyPolicy") {
			return response{}, true
		}
	}
	return kmsErr(errMalformedPolicy, "The new key policy will not allow you to update the key policy in the future."), false
}

func callerARN(region string) string {
	return "arn:" + Partition(region) + ":iam::" + Account + ":user/" + CallerName
}

type statement struct {
	Effect    string          `json:"Effect"`
	Principal json.RawMessage `json:"Principal"`
	Action    json.RawMessage `json:"Action"`
	Condition json.RawMessage `json:"Condition"`
}

func statements(raw json.RawMessage) ([]statement, bool) {
	var list []statement
	if err := json.Unmarshal(raw, &list); err == nil {
		return list, true
	}
	var one statement
	if err := json.Unmarshal(raw, &one); err == nil {
		return []statement{one}, true
	}
	return nil, false
}

// stringsOf reads a JSON string or a list of strings.
func stringsOf(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var list []string
	_ = json.Unmarshal(raw, &list)
	return list
}

func (st statement) principals() []string {
	var star string
	if json.Unmarshal(st.Principal, &star) == nil {
		return []string{star}
	}
	var m map[string]json.RawMessage
	_ = json.Unmarshal(st.Principal, &m)
	return stringsOf(m["AWS"])
}

func (st statement) actions() []string { return stringsOf(st.Action) }

func anyMatch(have, want []string) bool {
	for _, h := range have {
		for _, w := range want {
			if h == w {
				return true
			}
		}
	}
	return false
}

// actionAllows matches IAM action patterns (case-insensitive, * and ?).
func actionAllows(patterns []string, action string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(strings.ToLower(p), strings.ToLower(action)); ok {
			return true
		}
	}
	return false
}
