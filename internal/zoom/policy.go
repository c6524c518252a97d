package zoom

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

var partitionRE = lazyRE(`^aws(-[a-z]+)*$`)

// normPartition defaults an empty partition to "aws".
func normPartition(p string) string {
	if p == "" {
		return "aws"
	}
	return p
}

func checkArgs(partition, accountID, zoomAccountID string) error {
	if !partitionRE().MatchString(partition) {
		return errMsg("zoom.err.policy.partition", partition)
	}
	if err := ValidateAccountID(accountID); err != nil {
		return &Error{Msg: msg("zoom.err.policy.account", err), Err: err}
	}
	if err := ValidateAccountID(zoomAccountID); err != nil {
		return &Error{Msg: msg("zoom.err.policy.zoomaccount", err), Err: err}
	}
	return nil
}

func adminStatement(partition, accountID string) statement {
	return statement{fields{
		{"Sid", jsonString(AdminSid)},
		{"Effect", jsonString("Allow")},
		{"Principal", json.RawMessage(`{"AWS":` + string(jsonString(rootARN(partition, accountID))) + `}`)},
		{"Action", jsonString("kms:*")},
		{"Resource", jsonString("*")},
	}}
}

func zoomStatement(sid, partition, zoomAccountID string) statement {
	return statement{fields{
		{"Sid", jsonString(sid)},
		{"Effect", jsonString("Allow")},
		{"Principal", json.RawMessage(`{"AWS":` + string(jsonString(rootARN(partition, zoomAccountID))) + `}`)},
		{"Action", jsonStrings(ZoomActions)},
		{"Resource", jsonString("*")},
	}}
}

// BuildPolicy returns the key policy for a new key, pretty-printed JSON:
// the account-root administration statement (AdminSid: kms:* on "*") and the
// Zoom statement (ZoomSid: ZoomActions on "*", no condition).
//
// Both principals use the key's partition: IAM rejects a principal from
// another partition, so Zoom's principal is arn:<partition>:iam::<zoom>:root.
// Zoom for Government and other Zoom clouds run in their own account, which is
// why zoomAccountID is a parameter rather than always ZoomAccountID.
// An empty partition means "aws". The arguments are not validated here; use
// ValidateAccountID first.
func BuildPolicy(partition, accountID, zoomAccountID string) string {
	partition = normPartition(partition)
	d := &document{
		top: fields{
			{"Version", jsonString(PolicyVersion)},
			{"Id", jsonString(PolicyID)},
		},
		stmts: []statement{
			adminStatement(partition, accountID),
			zoomStatement(ZoomSid, partition, zoomAccountID),
		},
	}
	return d.render()
}

// MergeResult says what MergePolicy did.
type MergeResult struct {
	Policy  string // the merged document (pretty-printed JSON)
	Changed bool   // false when the document already granted Zoom exactly what it needs
	// Notes say what changed, as messages ("zoom.merge.…": "added statement
	// AllowZoomCMK", "added kms:Encrypt to ..." in English).
	Notes []i18n.Msg
}

// note adds a note to res.
func (res *MergeResult) note(m i18n.Msg) { res.Notes = append(res.Notes, m) }

// NotesIn are the notes in p's language.
func (res *MergeResult) NotesIn(p *i18n.Printer) []string {
	out := make([]string, len(res.Notes))
	for i, m := range res.Notes {
		out[i] = p.M(m)
	}
	return out
}

// zoomGranted reports, for each of ZoomActions, whether an Allow statement
// grants it to Zoom's account on the key without any condition, with
// Resource "*" (what the merge writes).
func zoomGranted(d *document, partition, zoomAccountID string) []bool {
	got, _, _ := zoomGrants(d, partition, zoomAccountID, true)
	return got
}

// zoomGrants reports, for each of ZoomActions, whether Allow statements grant
// it to Zoom's account unconditionally, and whether statements naming Zoom's
// account grant it under a Condition (a conditional grant to "*" is usually
// meant for the account's own principals and is not counted). strict
// requires Resource "*"; otherwise any Resource that can cover the key counts.
// condStmts names the conditional statements.
func zoomGrants(d *document, partition, zoomAccountID string, strict bool) (uncond, cond []bool, condStmts []i18n.Msg) {
	uncond = make([]bool, len(ZoomActions))
	cond = make([]bool, len(ZoomActions))
	for i, s := range d.stmts {
		if !s.isAllow() || s.fields.has("NotPrincipal") {
			continue
		}
		if strict && !s.resourceStar() || !strict && !s.coversKey(partition) {
			continue
		}
		p := s.principal()
		conditioned := s.conditioned()
		if conditioned && !p.names(partition, zoomAccountID) || !conditioned && !p.coversAccount(partition, zoomAccountID) {
			continue
		}
		used := false
		for j, a := range ZoomActions {
			if s.coversAction(a) {
				used = true
				if conditioned {
					cond[j] = true
				} else {
					uncond[j] = true
				}
			}
		}
		if used && conditioned {
			condStmts = append(condStmts, describe(s, i+1))
		}
	}
	return uncond, cond, condStmts
}

func allTrue(bs []bool) bool {
	for _, b := range bs {
		if !b {
			return false
		}
	}
	return true
}

// repairable reports whether s is an Allow statement for Zoom's account root
// and nobody else, in a shape this package may edit (Action, no Not*).
func repairable(s statement, partition, zoomAccountID string) bool {
	if !s.isAllow() || s.hasNot() {
		return false
	}
	if _, ok := s.list("Action"); !ok {
		return false
	}
	return s.principal().exactly(partition, zoomAccountID)
}

// hasAdmin reports whether some statement lets the account (or any IAM
// principal of it) change the key policy: Allow, Resource covering the key,
// Action covering kms:PutKeyPolicy.
func hasAdmin(d *document, partition, accountID string) bool {
	for _, s := range d.stmts {
		if !s.isAllow() || s.fields.has("NotPrincipal") || !s.coversKey(partition) || !s.coversAction("kms:PutKeyPolicy") {
			continue
		}
		p := s.principal()
		if p.star {
			// "*" lets the account in unless a condition narrows it; a
			// condition that names the account (kms:CallerAccount,
			// aws:PrincipalAccount) still does.
			raw, _ := s.fields.get("Condition")
			if !s.conditioned() || strings.Contains(string(raw), accountID) {
				return true
			}
		}
		for _, a := range p.aws {
			if inAccount(a, partition, accountID) {
				return true
			}
		}
	}
	return false
}

func lockoutError(partition, accountID string) error {
	root := rootARN(partition, accountID)
	return &Error{Msg: msg("zoom.err.policy.lockout", accountID, root, adminStatementText(partition, accountID)), Err: ErrLockout}
}

// adminStatementText is the statement that lets the account administer the
// key, on one line, as the messages quote it.
func adminStatementText(partition, accountID string) string {
	return `{"Sid": "` + AdminSid + `", "Effect": "Allow", "Principal": {"AWS": "` + rootARN(partition, accountID) + `"}, "Action": "kms:*", "Resource": "*"}`
}

// MergePolicy keeps every statement of existing, adds or repairs the Zoom
// statement, and refuses (error) a result that lets no principal of accountID
// administer the key.
//
// The rules, in order:
//
//  1. existing must be valid JSON shaped like a policy; otherwise the error
//     wraps ErrInvalidPolicy (nothing is guessed).
//  2. If Allow statements already grant Zoom's account root all of
//     ZoomActions on "*" without a condition (in one statement or across
//     several, or through "*" / kms:* / wildcards), nothing changes:
//     Changed is false and Policy is existing re-rendered.
//  3. Otherwise the Zoom statement is looked for: first the statement whose
//     Sid is ZoomSid, then the first Allow statement whose principal is
//     exactly Zoom's account root (ARN or bare account ID). Either only
//     counts if its principal is Zoom's account alone and it has no
//     NotPrincipal/NotAction/NotResource: a statement that also names other
//     principals is never edited. The statement found is repaired: missing
//     ZoomActions are appended (actions it already has are kept), Resource
//     becomes "*", and a Condition is removed (it narrows Zoom's access, which
//     makes content unreadable when it does not hold). Each change is a Note.
//  4. If none is found, the canonical Zoom statement is appended with Sid
//     ZoomSid (or ZoomSid2, ZoomSid3, ... when a statement that could not be
//     repaired already uses that Sid: Sids must stay unique).
//  5. Deny statements are kept as they are; CheckPolicy reports those that
//     block Zoom.
//  6. When the document changed, the result must still let the account
//     administer the key (see CheckPolicy "admin"); otherwise the error wraps
//     ErrLockout and explains which statement to add. When nothing changed no
//     policy is written, so no lockout check applies (CheckPolicy still
//     reports it). A result above MaxPolicyBytes is an error too.
//
// Statements are never removed or reordered, and fields not named above are
// kept verbatim. The merge is idempotent: merging its own output again gives
// Changed == false and the same Policy.
func MergePolicy(existing, partition, accountID, zoomAccountID string) (MergeResult, error) {
	partition = normPartition(partition)
	if err := checkArgs(partition, accountID, zoomAccountID); err != nil {
		return MergeResult{}, err
	}
	d, err := parseDocument(existing)
	if err != nil {
		return MergeResult{}, err
	}
	res := MergeResult{}
	if !allTrue(zoomGranted(d, partition, zoomAccountID)) {
		res.Changed = true
		target := -1
		for i, s := range d.stmts {
			if s.sid() == ZoomSid && repairable(s, partition, zoomAccountID) {
				target = i
				break
			}
		}
		if target < 0 {
			for i, s := range d.stmts {
				if repairable(s, partition, zoomAccountID) {
					target = i
					break
				}
			}
		}
		if target >= 0 {
			var notes []i18n.Msg
			d.stmts[target], notes = repair(d.stmts[target], target+1)
			for _, n := range notes {
				res.note(n)
			}
		} else {
			sid := uniqueSid(d, ZoomSid)
			d.stmts = append(d.stmts, zoomStatement(sid, partition, zoomAccountID))
			res.note(msg("zoom.merge.added", sid, rootARN(partition, zoomAccountID), strings.Join(ZoomActions, ", ")))
		}
	}
	res.Policy = d.render()
	if res.Changed {
		if !hasAdmin(d, partition, accountID) {
			return MergeResult{}, lockoutError(partition, accountID)
		}
		if len(res.Policy) > MaxPolicyBytes {
			return MergeResult{}, &Error{Msg: msg("zoom.err.policy.size", len(res.Policy), MaxPolicyBytes), Err: ErrInvalidPolicy}
		}
	}
	return res, nil
}

func uniqueSid(d *document, base string) string {
	used := map[string]bool{}
	for _, s := range d.stmts {
		used[s.sid()] = true
	}
	if !used[base] {
		return base
	}
	for n := 2; ; n++ {
		sid := fmt.Sprintf("%s%d", base, n)
		if !used[sid] {
			return sid
		}
	}
}

// describe names a statement: by its Sid, or by its 1-based position i.
func describe(s statement, i int) i18n.Msg {
	if sid := s.sid(); sid != "" {
		return msg("zoom.stmt.sid", sid)
	}
	return msg("zoom.stmt.index", i)
}

// repair brings a repairable Zoom statement up to what Zoom needs.
// i is the statement's 1-based position, used in the notes.
func repair(s statement, i int) (statement, []i18n.Msg) {
	var notes []i18n.Msg
	name := describe(s, i)
	actions, _ := s.list("Action")
	var missing []string
	for _, a := range ZoomActions {
		if !s.coversAction(a) {
			missing = append(missing, a)
		}
	}
	if len(missing) > 0 {
		s.fields = s.fields.set("Action", jsonStrings(append(append([]string(nil), actions...), missing...)))
		notes = append(notes, msg("zoom.merge.actions", strings.Join(missing, ", "), name))
	}
	if !s.resourceStar() {
		s.fields = s.fields.set("Resource", jsonString("*"))
		notes = append(notes, msg("zoom.merge.resource", name))
	}
	if raw, ok := s.fields.get("Condition"); ok && hasCondition(s.fields) {
		s.fields = s.fields.del("Condition")
		notes = append(notes, msg("zoom.merge.condition", compact(raw), name))
	}
	return s, notes
}

// compact renders a JSON value on one line.
func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}
