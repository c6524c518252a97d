package zoom

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Finding is one result of CheckPolicy.
type Finding struct {
	ID     string // "zoom-grant", "zoom-encrypt", "zoom-condition", "zoom-deny", "admin", "parse"
	OK     bool
	Severe bool // false: warning only
	Detail string
	Fix    string
}

// Finding IDs, in the order CheckPolicy returns them.
const (
	FindingParse         = "parse"
	FindingZoomGrant     = "zoom-grant"
	FindingZoomEncrypt   = "zoom-encrypt"
	FindingZoomCondition = "zoom-condition"
	FindingZoomDeny      = "zoom-deny"
	FindingAdmin         = "admin"
)

// HasSevere reports whether any finding is a severe problem.
func HasSevere(fs []Finding) bool {
	for _, f := range fs {
		if !f.OK && f.Severe {
			return true
		}
	}
	return false
}

// CheckPolicy inspects a policy for Zoom's grant and the account's administration.
//
// It always returns a full table: for a valid policy six findings in this
// order: parse, zoom-grant, zoom-encrypt, zoom-condition, zoom-deny, admin,
// each with OK set when the check passed (zoom-encrypt is kept separate
// rather than folded into zoom-grant, so a table always has the same rows).
// For a document that is not valid JSON only the failed "parse" finding is
// returned, since nothing else can be checked. Severe is the class of the
// check and is set on passing findings too: a problem is !OK && Severe, a
// warning !OK && !Severe (only zoom-encrypt). Detail and Fix are one line
// each; Fix is empty when OK.
//
//   - zoom-grant: Allow statements grant Zoom's account kms:Decrypt,
//     kms:DescribeKey and kms:GenerateDataKey* (severe when any is missing).
//   - zoom-encrypt: kms:Encrypt is granted too (a warning: older guides left
//     it out).
//   - zoom-condition: some of those actions are granted to Zoom only under a
//     Condition (severe: it narrows Zoom's access).
//   - zoom-deny: a Deny statement applying to Zoom ("*", Zoom's account or a
//     NotPrincipal that does not exclude it) covers one of ZoomActions (severe).
//   - admin: some Allow statement lets the account (root, bare ID, or any of
//     its roles/users) use kms:PutKeyPolicy on the key (severe when absent:
//     lockout risk).
func CheckPolicy(policy, partition, accountID, zoomAccountID string) []Finding {
	partition = normPartition(partition)
	d, err := parseDocument(policy)
	if err != nil {
		return []Finding{{ID: FindingParse, Severe: true,
			Detail: err.Error(),
			Fix:    "Fix the JSON of the key policy (or let setup write a new one with its merge) before anything else."}}
	}
	zroot := rootARN(partition, zoomAccountID)
	out := []Finding{{ID: FindingParse, OK: true, Severe: true, Detail: "The key policy is valid JSON."}}

	unconditional, conditional, condSids := zoomGrants(d, partition, zoomAccountID, false)

	// zoom-grant
	var missing []string
	for i, a := range ZoomActions {
		if a == "kms:Encrypt" {
			continue
		}
		if !unconditional[i] && !conditional[i] {
			missing = append(missing, a)
		}
	}
	if len(missing) == 0 {
		out = append(out, Finding{ID: FindingZoomGrant, OK: true, Severe: true,
			Detail: fmt.Sprintf("Zoom's account %s is allowed kms:Decrypt, kms:DescribeKey and kms:GenerateDataKey*.", zroot)})
	} else {
		out = append(out, Finding{ID: FindingZoomGrant, Severe: true,
			Detail: fmt.Sprintf("Zoom's account %s is not allowed %s on the key, so Zoom cannot use it.", zroot, strings.Join(missing, ", ")),
			Fix:    fmt.Sprintf("Add (or let setup merge) the statement %q: Allow %s %s on Resource \"*\".", ZoomSid, zroot, strings.Join(ZoomActions, ", "))})
	}

	// zoom-encrypt
	enc := indexOf(ZoomActions, "kms:Encrypt")
	if unconditional[enc] || conditional[enc] {
		out = append(out, Finding{ID: FindingZoomEncrypt, OK: true, Detail: "Zoom's account is allowed kms:Encrypt."})
	} else {
		out = append(out, Finding{ID: FindingZoomEncrypt,
			Detail: "Zoom's account is not allowed kms:Encrypt; Zoom's current guide asks for it (older guides left it out).",
			Fix:    fmt.Sprintf("Add kms:Encrypt to the Action list of the statement for %s (setup's merge does this).", zroot)})
	}

	// zoom-condition
	var narrowed []string
	for i, a := range ZoomActions {
		if conditional[i] && !unconditional[i] {
			narrowed = append(narrowed, a)
		}
	}
	if len(narrowed) == 0 {
		out = append(out, Finding{ID: FindingZoomCondition, OK: true, Severe: true, Detail: "No condition narrows Zoom's access."})
	} else {
		out = append(out, Finding{ID: FindingZoomCondition, Severe: true,
			Detail: fmt.Sprintf("%s grants Zoom %s only under a Condition; whenever it does not hold Zoom cannot read or write protected content.", strings.Join(condSids, ", "), strings.Join(narrowed, ", ")),
			Fix:    "Remove the Condition from the statement that grants Zoom's account (setup's merge does this)."})
	}

	// zoom-deny
	var denies []string
	for i, s := range d.stmts {
		if !s.isDeny() || !s.coversAccount(partition, zoomAccountID) {
			continue
		}
		var hit []string
		for _, a := range ZoomActions {
			if s.touchesAction(a) {
				hit = append(hit, a)
			}
		}
		if len(hit) > 0 {
			when := ""
			if s.conditioned() {
				when = " when its Condition holds"
			}
			denies = append(denies, fmt.Sprintf("%s (denies %s%s)", describe(s, i+1), strings.Join(hit, ", "), when))
		}
	}
	if len(denies) == 0 {
		out = append(out, Finding{ID: FindingZoomDeny, OK: true, Severe: true, Detail: "No Deny statement applies to Zoom's actions."})
	} else {
		out = append(out, Finding{ID: FindingZoomDeny, Severe: true,
			Detail: "A Deny overrides Zoom's grant: " + strings.Join(denies, "; ") + ".",
			Fix:    fmt.Sprintf("Exclude %s from the Deny (for example with a NotPrincipal or a condition on aws:PrincipalAccount), or remove the statement.", zroot)})
	}

	// admin
	if hasAdmin(d, partition, accountID) {
		out = append(out, Finding{ID: FindingAdmin, OK: true, Severe: true,
			Detail: fmt.Sprintf("Account %s can administer the key (kms:PutKeyPolicy).", accountID)})
	} else {
		out = append(out, Finding{ID: FindingAdmin, Severe: true,
			Detail: fmt.Sprintf("No statement lets account %s change the key policy: risk of losing control of the key.", accountID),
			Fix: fmt.Sprintf(`Add {"Sid": "%s", "Effect": "Allow", "Principal": {"AWS": "%s"}, "Action": "kms:*", "Resource": "*"}.`,
				AdminSid, rootARN(partition, accountID))})
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, e := range list {
		if e == s {
			return i
		}
	}
	return -1
}

// ZoomPart returns a canonical rendering of the Zoom-relevant statements of a
// policy, so that two Regions' policies can be compared for drift.
//
// A statement is Zoom-relevant when it applies to Zoom's account (Principal
// "*" or naming Zoom's account, or a NotPrincipal that does not exclude it),
// whether Allow or Deny. Each is reduced to its meaning: Sid and unknown
// fields are dropped; principals are written as root ARNs (a bare account ID
// becomes arn:<partition>:iam::<id>:root), actions are lower-cased, and every
// list is sorted and de-duplicated; condition values are always lists. The
// statements are then sorted and de-duplicated and written one compact JSON
// object per line. Equal meaning gives an equal string; any change to what
// Zoom may do gives a different one.
func ZoomPart(policy, partition, zoomAccountID string) (string, error) {
	partition = normPartition(partition)
	d, err := parseDocument(policy)
	if err != nil {
		return "", err
	}
	var lines []string
	for _, s := range d.stmts {
		if !s.coversAccount(partition, zoomAccountID) {
			continue
		}
		lines = append(lines, canonicalStatement(s, partition))
	}
	sort.Strings(lines)
	lines = dedupe(lines)
	return strings.Join(lines, "\n"), nil
}

func dedupe(sorted []string) []string {
	var out []string
	for i, s := range sorted {
		if i == 0 || s != sorted[i-1] {
			out = append(out, s)
		}
	}
	return out
}

func canonicalPrincipal(raw json.RawMessage, partition string) any {
	p := parsePrincipals(raw)
	if !p.ok {
		return compact(raw)
	}
	var list []string
	if p.star {
		list = append(list, "*")
	}
	for _, a := range p.aws {
		if len(a) == 12 && ValidateAccountID(a) == nil {
			a = rootARN(partition, a)
		}
		list = append(list, a)
	}
	list = append(list, p.other...)
	sort.Strings(list)
	return dedupe(list)
}

func canonicalList(raw json.RawMessage, lower bool) any {
	list, ok := stringList(raw)
	if !ok {
		return compact(raw)
	}
	out := make([]string, len(list))
	for i, s := range list {
		if lower {
			s = strings.ToLower(s)
		}
		out[i] = s
	}
	sort.Strings(out)
	return dedupe(out)
}

func canonicalCondition(raw json.RawMessage) any {
	var ops map[string]map[string]json.RawMessage
	if json.Unmarshal(raw, &ops) != nil {
		return compact(raw)
	}
	out := map[string]map[string]any{}
	for op, keys := range ops {
		if len(keys) == 0 {
			continue
		}
		m := map[string]any{}
		for k, v := range keys {
			var vals []any
			if json.Unmarshal(v, &vals) != nil {
				var one any
				_ = json.Unmarshal(v, &one)
				vals = []any{one}
			}
			strs := make([]string, len(vals))
			for i, x := range vals {
				b, _ := json.Marshal(x)
				strs[i] = string(b)
			}
			sort.Strings(strs)
			m[strings.ToLower(k)] = dedupe(strs)
		}
		out[op] = m
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func canonicalStatement(s statement, partition string) string {
	m := map[string]any{"Effect": s.effect()}
	if raw, ok := s.fields.get("Principal"); ok {
		m["Principal"] = canonicalPrincipal(raw, partition)
	}
	if raw, ok := s.fields.get("NotPrincipal"); ok {
		m["NotPrincipal"] = canonicalPrincipal(raw, partition)
	}
	for _, name := range []string{"Action", "NotAction"} {
		if raw, ok := s.fields.get(name); ok {
			m[name] = canonicalList(raw, true)
		}
	}
	for _, name := range []string{"Resource", "NotResource"} {
		if raw, ok := s.fields.get(name); ok {
			m[name] = canonicalList(raw, false)
		}
	}
	if raw, ok := s.fields.get("Condition"); ok {
		if c := canonicalCondition(raw); c != nil {
			m["Condition"] = c
		}
	}
	b, _ := json.Marshal(m) // map keys are sorted: the output is stable
	return string(b)
}
