package zoom

import (
	"encoding/json"
	"strings"
)

// Reading the meaning of a statement. Everything here is tolerant: a field of
// an unexpected type simply matches nothing.

func (s statement) str(name string) (string, bool) {
	raw, ok := s.fields.get(name)
	if !ok {
		return "", false
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return "", false
	}
	str, ok := v.(string)
	return str, ok
}

// stringList decodes a JSON string or array of strings (null and
// non-string elements are not strings).
func stringList(raw json.RawMessage) ([]string, bool) {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil, false
	}
	switch x := v.(type) {
	case string:
		return []string{x}, true
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

func (s statement) list(name string) ([]string, bool) {
	raw, ok := s.fields.get(name)
	if !ok {
		return nil, false
	}
	return stringList(raw)
}

func (s statement) sid() string    { v, _ := s.str("Sid"); return v }
func (s statement) effect() string { v, _ := s.str("Effect"); return v }
func (s statement) isAllow() bool  { return s.effect() == "Allow" }
func (s statement) isDeny() bool   { return s.effect() == "Deny" }
func (s statement) hasNot() bool {
	return s.fields.has("NotPrincipal") || s.fields.has("NotAction") || s.fields.has("NotResource")
}
func (s statement) conditioned() bool { return hasCondition(s.fields) }

// hasCondition reports a Condition that is present and not empty.
func hasCondition(fs fields) bool {
	raw, ok := fs.get("Condition")
	if !ok {
		return false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) == nil {
		return len(m) > 0
	}
	return strings.TrimSpace(string(raw)) != "null"
}

// principals is the decoded Principal (or NotPrincipal) element.
type principals struct {
	star  bool     // "*" or {"AWS": "*"}
	aws   []string // AWS principals: account IDs and ARNs
	other []string // "Service:x", "Federated:y", ...
	ok    bool     // the element decoded
}

func parsePrincipals(raw json.RawMessage) principals {
	var p principals
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s == "*" {
			p.star, p.ok = true, true
		}
		return p
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return p
	}
	p.ok = true
	for typ, v := range m {
		list, ok := stringList(v)
		if !ok {
			p.ok = false
			continue
		}
		for _, e := range list {
			switch {
			case typ == "AWS" && e == "*":
				p.star = true
			case typ == "AWS":
				p.aws = append(p.aws, e)
			default:
				p.other = append(p.other, typ+":"+e)
			}
		}
	}
	return p
}

func (s statement) principal() principals {
	raw, ok := s.fields.get("Principal")
	if !ok {
		return principals{}
	}
	return parsePrincipals(raw)
}

// rootARN is the ARN of an account's root principal: the whole account.
func rootARN(partition, account string) string {
	return "arn:" + partition + ":iam::" + account + ":root"
}

// isAccountRoot reports whether an AWS principal names the whole account,
// either as the root ARN or as the bare account ID.
func isAccountRoot(p, partition, account string) bool {
	return p == account || p == rootARN(partition, account)
}

// inAccount reports whether an AWS principal is the account or any IAM/STS
// principal (role, user, assumed role) of it.
func inAccount(p, partition, account string) bool {
	if isAccountRoot(p, partition, account) {
		return true
	}
	return strings.HasPrefix(p, "arn:"+partition+":iam::"+account+":") ||
		strings.HasPrefix(p, "arn:"+partition+":sts::"+account+":")
}

// coversAccount: the principal element includes the whole account.
func (p principals) coversAccount(partition, account string) bool {
	if p.star {
		return true
	}
	for _, a := range p.aws {
		if isAccountRoot(a, partition, account) {
			return true
		}
	}
	return false
}

// names reports whether the account is named explicitly (not through "*").
func (p principals) names(partition, account string) bool {
	for _, a := range p.aws {
		if isAccountRoot(a, partition, account) {
			return true
		}
	}
	return false
}

// exactly reports whether the principal is the account's root and nothing
// else.
func (p principals) exactly(partition, account string) bool {
	if !p.ok || p.star || len(p.other) > 0 || len(p.aws) == 0 {
		return false
	}
	for _, a := range p.aws {
		if !isAccountRoot(a, partition, account) {
			return false
		}
	}
	return true
}

// coversAccount reports whether the statement applies to the whole account
// (Zoom's, in practice). With NotPrincipal (only meaningful with Deny) it
// applies unless the account is excluded.
func (s statement) coversAccount(partition, account string) bool {
	if raw, ok := s.fields.get("NotPrincipal"); ok && !s.fields.has("Principal") {
		np := parsePrincipals(raw)
		return np.ok && !np.coversAccount(partition, account)
	}
	return s.principal().coversAccount(partition, account)
}

// matchAction matches an IAM action pattern (with * and ? wildcards) against
// an action, case-insensitively as IAM does.
func matchAction(pattern, action string) bool {
	return glob(strings.ToLower(pattern), strings.ToLower(action))
}

func glob(p, s string) bool {
	// Iterative wildcard matching with backtracking on the last '*'.
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// patternCovers reports whether an action pattern covers every action a
// required pattern stands for. For the required "kms:GenerateDataKey*" this
// means the pattern must itself match the whole family, e.g. "kms:*",
// "kms:Generate*" or "kms:GenerateDataKey*" (a lone "kms:GenerateDataKey"
// does not cover "kms:GenerateDataKeyWithoutPlaintext").
func patternCovers(pattern, required string) bool {
	if prefix, ok := strings.CutSuffix(required, "*"); ok {
		// pattern covers every "prefix..." exactly when it ends in a star
		// and the part before that star matches some prefix of prefix,
		// which is the same as pattern matching prefix itself.
		return strings.HasSuffix(pattern, "*") && matchAction(pattern, prefix)
	}
	return matchAction(pattern, required)
}

// coversAction reports whether the statement's Action (or NotAction) covers
// the required action.
func (s statement) coversAction(required string) bool {
	if s.fields.has("Action") && s.fields.has("NotAction") {
		return false
	}
	if list, ok := s.list("Action"); ok {
		for _, a := range list {
			if patternCovers(a, required) {
				return true
			}
		}
		return false
	}
	if list, ok := s.list("NotAction"); ok {
		for _, a := range list {
			if matchAction(a, required) || matchAction(required, a) {
				return false
			}
		}
		return true
	}
	return false
}

// touchesAction reports whether the statement's actions overlap the
// required action at all (used for Deny: denying any part of it hurts).
func (s statement) touchesAction(required string) bool {
	if list, ok := s.list("Action"); ok {
		for _, a := range list {
			if matchAction(a, required) || matchAction(required, a) {
				return true
			}
		}
		return false
	}
	if list, ok := s.list("NotAction"); ok {
		for _, a := range list {
			if patternCovers(a, required) {
				return false
			}
		}
		return true
	}
	return false
}

// coversKey reports whether the statement's Resource applies to the key.
// In a key policy "*" means "this key"; a KMS ARN pattern of the partition is
// accepted too, since the key's own ARN is not known here.
func (s statement) coversKey(partition string) bool {
	if s.fields.has("NotResource") {
		return false
	}
	list, ok := s.list("Resource")
	if !ok {
		return false
	}
	for _, r := range list {
		if r == "*" || strings.HasPrefix(r, "arn:"+partition+":kms:") || r == "arn:*" {
			return true
		}
	}
	return false
}

// resourceStar reports whether Resource includes "*".
func (s statement) resourceStar() bool {
	if s.fields.has("NotResource") {
		return false
	}
	list, _ := s.list("Resource")
	for _, r := range list {
		if r == "*" {
			return true
		}
	}
	return false
}
