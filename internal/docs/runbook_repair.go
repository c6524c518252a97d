package docs

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The runbook's record of a policy repair: the key existed, its policy
// lacked what Zoom needs, and the setup replaced it (PutKeyPolicy). A
// reviewer sees, per Region, the policy before and after and which
// statements were added or extended; a repair never removes one, and the
// record would say so if a statement were missing afterwards.

// runbookRepairs writes every policy repair of the session, oldest first.
func (f *writer) runbookRepairs(b *strings.Builder) {
	for _, r := range f.sess.PolicyRepairs {
		fmt.Fprintf(b, "### %s\n\n", f.t("runbook.repair.title", f.t("role."+r.Role), f.region(r.Region)))
		fmt.Fprintf(b, "%s\n\n", f.t("runbook.repair.intro", stamp(r.At)))
		ch := diffStatements(r.Before, r.After)
		names := func(list []stmtName) string {
			if len(list) == 0 {
				return f.t("runbook.none")
			}
			out := make([]string, len(list))
			for i, n := range list {
				if n.sid != "" {
					out[i] = code(n.sid)
				} else {
					out[i] = f.t("runbook.repair.stmt.index", n.index)
				}
			}
			return strings.Join(out, ", ")
		}
		fmt.Fprintf(b, "- %s\n", f.t("runbook.repair.added", names(ch.added)))
		fmt.Fprintf(b, "- %s\n", f.t("runbook.repair.changed", names(ch.changed)))
		if len(ch.dropped) > 0 {
			fmt.Fprintf(b, "- **%s**\n", f.t("runbook.repair.dropped", names(ch.dropped)))
		} else {
			fmt.Fprintf(b, "- %s\n", f.t("runbook.repair.removed", names(nil)))
		}
		after := f.t("runbook.repair.after.read")
		if !r.ReadBack {
			after = f.t("runbook.repair.after.written")
		}
		b.WriteString("\n")
		fmt.Fprintf(b, "%s\n\n```json\n%s\n```\n\n", f.t("runbook.repair.before"), PrettyJSON(r.Before))
		fmt.Fprintf(b, "%s\n\n```json\n%s\n```\n\n", after, PrettyJSON(r.After))
	}
}

// stmtName names a statement: by its Sid, or by its 1-based position.
type stmtName struct {
	sid   string
	index int
}

// stmtChanges are the statements a policy change added, changed in place
// and dropped (a repair drops none).
type stmtChanges struct{ added, changed, dropped []stmtName }

type stmt struct {
	name  stmtName
	canon string // the statement as canonical JSON (keys sorted)
}

// statements parses a policy document's statements ("Statement" may be one
// object or a list); a document that does not parse has none.
func statements(doc string) []stmt {
	var d struct {
		Statement json.RawMessage
	}
	if json.Unmarshal([]byte(doc), &d) != nil || len(d.Statement) == 0 {
		return nil
	}
	var raws []json.RawMessage
	if json.Unmarshal(d.Statement, &raws) != nil {
		raws = []json.RawMessage{d.Statement}
	}
	out := make([]stmt, 0, len(raws))
	for i, raw := range raws {
		var v map[string]any
		if json.Unmarshal(raw, &v) != nil {
			continue
		}
		canon, _ := json.Marshal(v)
		sid, _ := v["Sid"].(string)
		out = append(out, stmt{name: stmtName{sid: sid, index: i + 1}, canon: string(canon)})
	}
	return out
}

// diffStatements compares the statements of two policy documents: one
// found unchanged in before is neither added nor changed; one whose Sid
// (or, without a Sid, whose position) was in before is changed; any other
// is added. A statement of before found nowhere in after is dropped.
func diffStatements(before, after string) stmtChanges {
	b, a := statements(before), statements(after)
	used := make([]bool, len(b)) // statements of before accounted for
	var ch stmtChanges
	match := func(ok func(stmt) bool) bool {
		for i, s := range b {
			if !used[i] && ok(s) {
				used[i] = true
				return true
			}
		}
		return false
	}
	var rest []stmt
	for _, s := range a {
		if !match(func(o stmt) bool { return o.canon == s.canon }) {
			rest = append(rest, s)
		}
	}
	for _, s := range rest {
		sameSid := func(o stmt) bool { return s.name.sid != "" && o.name.sid == s.name.sid }
		samePlace := func(o stmt) bool { return s.name.sid == "" && o.name.sid == "" && o.name.index == s.name.index }
		if match(sameSid) || match(samePlace) {
			ch.changed = append(ch.changed, s.name)
		} else {
			ch.added = append(ch.added, s.name)
		}
	}
	for i, s := range b {
		if !used[i] {
			ch.dropped = append(ch.dropped, s.name)
		}
	}
	return ch
}
