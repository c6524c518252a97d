package zoom

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// Finding is one result of CheckPolicy.
type Finding struct {
	ID     string // "zoom-grant", "zoom-encrypt", "zoom-condition", "zoom-deny", "admin", "parse"
	OK     bool
	Severe bool // false: warning only
	// Detail and Fix say what was found and what to do, as messages
	// ("zoom.check.…"); Fix.ID is "" when there is nothing to do.
	Detail, Fix i18n.Msg
}

// finding builds a Finding.
func finding(id string, ok, severe bool, detail, fix i18n.Msg) Finding {
	return Finding{ID: id, OK: ok, Severe: severe, Detail: detail, Fix: fix}
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
		return []Finding{finding(FindingParse, false, true, msg("zoom.check.parse.bad", err), msg("zoom.check.parse.fix"))}
	}
	zroot := rootARN(partition, zoomAccountID)
	out := []Finding{finding(FindingParse, true, true, msg("zoom.check.parse.ok"), i18n.Msg{})}

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
		out = append(out, finding(FindingZoomGrant, true, true, msg("zoom.check.grant.ok", zroot), i18n.Msg{}))
	} else {
		out = append(out, finding(FindingZoomGrant, false, true,
			msg("zoom.check.grant.bad", zroot, strings.Join(missing, ", ")),
			msg("zoom.check.grant.fix", ZoomSid, zroot, strings.Join(ZoomActions, ", "))))
	}

	// zoom-encrypt
	enc := indexOf(ZoomActions, "kms:Encrypt")
	if unconditional[enc] || conditional[enc] {
		out = append(out, finding(FindingZoomEncrypt, true, false, msg("zoom.check.encrypt.ok"), i18n.Msg{}))
	} else {
		out = append(out, finding(FindingZoomEncrypt, false, false, msg("zoom.check.encrypt.bad"), msg("zoom.check.encrypt.fix", zroot)))
	}

	// zoom-condition
	var narrowed []string
	for i, a := range ZoomActions {
		if conditional[i] && !unconditional[i] {
			narrowed = append(narrowed, a)
		}
	}
	if len(narrowed) == 0 {
		out = append(out, finding(FindingZoomCondition, true, true, msg("zoom.check.condition.ok"), i18n.Msg{}))
	} else {
		out = append(out, finding(FindingZoomCondition, false, true,
			msg("zoom.check.condition.bad", i18n.List{Items: condSids, Sep: "zoom.list.comma"}, strings.Join(narrowed, ", ")),
			msg("zoom.check.condition.fix")))
	}

	// zoom-deny
	var denies []i18n.Msg
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
			id := "zoom.check.deny.item"
			if s.conditioned() {
				id = "zoom.check.deny.itemwhen"
			}
			denies = append(denies, msg(id, describe(s, i+1), strings.Join(hit, ", ")))
		}
	}
	if len(denies) == 0 {
		out = append(out, finding(FindingZoomDeny, true, true, msg("zoom.check.deny.ok"), i18n.Msg{}))
	} else {
		out = append(out, finding(FindingZoomDeny, false, true,
			msg("zoom.check.deny.bad", i18n.List{Items: denies, Sep: "zoom.list.semicolon"}),
			msg("zoom.check.deny.fix", zroot)))
	}

	// admin
	if hasAdmin(d, partition, accountID) {
		out = append(out, finding(FindingAdmin, true, true, msg("zoom.check.admin.ok", accountID), i18n.Msg{}))
	} else {
		out = append(out, finding(FindingAdmin, false, true,
			msg("zoom.check.admin.bad", accountID),
			msg("zoom.check.admin.fix", adminStatementText(partition, accountID))))
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
