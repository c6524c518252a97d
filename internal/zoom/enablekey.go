package zoom

import "strings"

// AllowsEnableKey reports whether a key policy lets roleARN call
// kms:EnableKey on the key: an Allow statement without a condition whose
// principal is the account (IAM policies then count, and the role's own
// policy allows it) or the role itself, whose actions cover kms:EnableKey
// and whose resource is "*", and no Deny statement that could refuse it.
// The drill's safety net (an EventBridge Scheduler schedule assuming the
// role) needs it.
func AllowsEnableKey(policy, partition, account, roleARN string) bool {
	doc, err := parseDocument(policy)
	if err != nil {
		return false
	}
	allowed := false
	for _, s := range doc.stmts {
		if s.hasNot() {
			if s.isDeny() {
				return false // NotAction/NotPrincipal Deny: too broad to rule out
			}
			continue
		}
		actions, ok := s.list("Action")
		if !ok || !coversEnableKey(actions) {
			continue
		}
		p := s.principal()
		names := p.star || p.coversAccount(partition, account)
		for _, a := range p.aws {
			if a == roleARN {
				names = true
			}
		}
		if s.isDeny() {
			if names || inAccountAny(p, partition, account) {
				return false
			}
			continue
		}
		res, _ := s.list("Resource")
		if s.isAllow() && names && !p.star && !s.conditioned() && len(res) > 0 && res[0] == "*" {
			allowed = true
		}
	}
	return allowed
}

func coversEnableKey(actions []string) bool {
	for _, a := range actions {
		if a == "*" || matchAction(a, "kms:EnableKey") {
			return true
		}
	}
	return false
}

func inAccountAny(p principals, partition, account string) bool {
	for _, a := range p.aws {
		if inAccount(a, partition, account) || strings.HasSuffix(a, ":root") {
			return true
		}
	}
	return false
}
