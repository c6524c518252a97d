package zoom

import (
	"fmt"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// Step is one manual step in the Zoom web portal, its texts as messages.
type Step struct {
	ID     string // stable, saved in the session file: "paste-arns", "standby", ...
	Title  i18n.Msg
	Detail i18n.Msg
	// Items are lines under the step, each with a box of its own (the
	// alert confirmation's: one per address per Region).
	Items []i18n.Msg
}

// Checklist IDs, stable: they are saved in the session file.
const (
	StepPasteARNs     = "paste-arns"
	StepStandby       = "standby"
	StepDataTypes     = "data-types"
	StepAlertEmails   = "alert-emails"
	StepGroupScope    = "group-scope"
	StepTestRecording = "test-recording"
	StepCloudTrail    = "cloudtrail"
)

// Steps returns the Zoom web-portal steps, in order. There is no API for
// this side: the Zoom account owner or an admin does it by hand. The texts
// are "zoom.checklist.<id>.title" and ".detail".
func Steps() []Step {
	var out []Step
	for _, id := range []string{StepPasteARNs, StepStandby, StepDataTypes, StepAlertEmails, StepGroupScope, StepTestRecording, StepCloudTrail} {
		var args []any
		if id == StepCloudTrail {
			args = []any{ZoomAccountID}
		}
		out = append(out, Step{ID: id, Title: msg("zoom.checklist." + id + ".title"), Detail: msg("zoom.checklist."+id+".detail", args...)})
	}
	return out
}

// keyRole names the role of the i-th ARN of the list (primary first) and its
// Region, in p's language ("" for the Region when the ARN does not parse).
func keyRole(p *i18n.Printer, i int, arn string) (role, where string) {
	role = p.T("zoom.role.primary")
	if i > 0 {
		role = p.T("zoom.role.replica")
	}
	if k, err := ParseKeyARN(arn); err == nil {
		where = RegionLabelIn(p, k.Region)
	}
	return role, where
}

// KeyList is the key set a checklist or a support ticket names: the ARNs
// to paste (primary first) or, for a set that is not finished, a note said
// in their place, so that a partial set is never listed as the ARNs to
// paste. Which set is incomplete, and the note's words, are the faces'.
type KeyList struct {
	ARNs []string // primary first; for an incomplete set, those that exist
	// Incomplete, when not empty, is said instead of the ARNs: a headline,
	// then its lines (a line that starts with two spaces, or an ARN, is
	// kept whole: a command or an ARN to copy).
	Incomplete []string
	// Practice: the keys of a practice run; every list of them says they
	// are not real and must not be pasted into the Zoom portal.
	Practice bool
	// Alerts are the set's tamper alerts on the AWS side, when setup made
	// them: the checklist asks to confirm each subscription, the ticket
	// says they are set up.
	Alerts AlertRecipients
}

// AlertRecipients are the tamper alerts of a key set: the name of the rule
// (and of the topic) in every Region, the Regions, the addresses subscribed.
type AlertRecipients struct {
	Name    string
	Regions []string
	Emails  []string
}

// set reports whether there are alerts to name.
func (a AlertRecipients) set() bool { return len(a.Regions) > 0 && len(a.Emails) > 0 }

// alertStep is the checklist item that confirms the subscriptions of a,
// and false when a names no alerts.
func alertStep(a AlertRecipients) (Step, bool) {
	if !a.set() {
		return Step{}, false
	}
	st := Step{ID: StepAlertConfirm, Title: msg("zoom.checklist.alert-confirm.title"),
		Detail: msg("zoom.checklist.alert-confirm.detail", len(a.Emails)*len(a.Regions))}
	for _, addr := range a.Emails {
		for _, r := range a.Regions {
			// the address is outside text: the printer makes it safe
			st.Items = append(st.Items, msg("zoom.checklist.alert-confirm.item", addr, regionLabelArg(r)))
		}
	}
	return st, true
}

// StepAlertConfirm is the checklist item that confirms the tamper-alert
// subscriptions, listed after Steps when the set has alerts (it is on the
// AWS side, not a step of the portal).
const StepAlertConfirm = "alert-confirm"

// Checklist is the checklist's items: the portal's steps, then the
// confirmation of the tamper-alert subscriptions when a names alerts.
func Checklist(a AlertRecipients) []Step {
	items := Steps()
	if it, ok := alertStep(a); ok {
		items = append(items, it)
	}
	return items
}

// RenderChecklist renders the checklist for printing in p's language, in
// format "text" or "markdown", with the key ARNs filled in (primary first; a
// placeholder when there are none) and the steps in ticks marked done. The
// text format keeps every line within 80 columns, except the lines that
// hold an ARN alone (kept whole so that it can be copied).
func RenderChecklist(p *i18n.Printer, format string, arns []string, ticks map[string]bool) (string, error) {
	return RenderChecklistKeys(p, format, KeyList{ARNs: arns}, ticks)
}

// RenderChecklistKeys is RenderChecklist of the key set keys: for an
// incomplete set, its note stands where the ARNs to paste would be.
func RenderChecklistKeys(p *i18n.Printer, format string, keys KeyList, ticks map[string]bool) (string, error) {
	arns := keys.ARNs
	var b strings.Builder
	switch format {
	case "text", "":
		b.WriteString(p.T("zoom.checklist.heading") + "\n\n")
		if len(keys.Incomplete) > 0 {
			writeNoteText(&b, keys.Incomplete)
			break
		}
		b.WriteString(p.T("zoom.checklist.arns") + "\n")
		if keys.Practice {
			b.WriteString("  " + p.T("zoom.practice.arns") + "\n")
		}
		if len(arns) == 0 {
			b.WriteString("  " + p.T("zoom.checklist.noarns") + "\n")
		}
		for i, a := range arns {
			role, where := keyRole(p, i, a)
			if where != "" {
				role = p.T("zoom.checklist.key.text", role, where)
			}
			fmt.Fprintf(&b, "  %s\n    %s\n", role, a)
		}
	case "markdown", "md":
		b.WriteString("# " + p.T("zoom.checklist.heading") + "\n\n")
		if len(keys.Incomplete) > 0 {
			writeNoteMarkdown(&b, keys.Incomplete)
			break
		}
		b.WriteString(p.T("zoom.checklist.arns") + "\n\n")
		if keys.Practice {
			b.WriteString("**" + p.T("zoom.practice.arns") + "**\n\n")
		}
		if len(arns) == 0 {
			b.WriteString("- " + p.T("zoom.checklist.noarns") + "\n")
		}
		for i, a := range arns {
			role, where := keyRole(p, i, a)
			if where != "" {
				role = p.T("zoom.checklist.key.md", role, where)
			}
			fmt.Fprintf(&b, "- %s: `%s`\n", role, a)
		}
	default:
		return "", errMsg("zoom.err.checklist.format", shown(format))
	}
	switch format {
	case "text", "":
		for i, it := range Checklist(keys.Alerts) {
			fmt.Fprintf(&b, "\n[%s] %d. %s\n", tick(ticks, it.ID), i+1, p.M(it.Title))
			for _, line := range wrap(p.M(it.Detail), 70) {
				b.WriteString("       " + line + "\n")
			}
			for _, line := range it.Items {
				b.WriteString("       [ ] " + p.M(line) + "\n")
			}
		}
	default:
		b.WriteString("\n")
		for i, it := range Checklist(keys.Alerts) {
			fmt.Fprintf(&b, "- [%s] **%d. %s**  \n  %s\n", tick(ticks, it.ID), i+1, p.M(it.Title), p.M(it.Detail))
			for _, line := range it.Items {
				b.WriteString("  - [ ] " + p.M(line) + "\n")
			}
		}
	}
	return b.String(), nil
}

// keptWhole reports whether a line of a note is a command or an ARN, to be
// kept whole on its line for copying.
func keptWhole(l string) bool { return strings.HasPrefix(l, "  ") || strings.HasPrefix(l, "arn:") }

// writeNoteText writes an incomplete set's note in the text format: the
// prose wrapped within 80 columns, commands and ARNs whole.
func writeNoteText(b *strings.Builder, note []string) {
	for _, l := range note {
		if keptWhole(l) {
			b.WriteString("    " + strings.TrimLeft(l, " ") + "\n")
			continue
		}
		for _, w := range wrap(l, 76) {
			b.WriteString("  " + w + "\n")
		}
	}
}

// writeNoteMarkdown writes an incomplete set's note in Markdown: the
// headline in bold, the rest as written (commands and ARNs as code).
func writeNoteMarkdown(b *strings.Builder, note []string) {
	b.WriteString("**" + note[0] + "**\n\n")
	for _, l := range note[1:] {
		if keptWhole(l) {
			b.WriteString("    " + strings.TrimLeft(l, " ") + "\n\n")
			continue
		}
		b.WriteString(l + "\n\n")
	}
}

// RenderSupportTicket returns the body of the Zoom support ticket that asks
// to scope CMK to user groups, in p's language (the ticket may go to Zoom
// support in English while the change record is in Japanese). account is the
// customer's Zoom account (number or owner e-mail), zoomAccountID Zoom's AWS
// account granted in the key policy, arns the key ARNs (primary first) and
// groups the Zoom user groups, as the admin names them. Empty values become
// placeholders to fill in.
func RenderSupportTicket(p *i18n.Printer, account, zoomAccountID string, arns []string, groups string) string {
	return RenderSupportTicketKeys(p, account, zoomAccountID, KeyList{ARNs: arns}, groups)
}

// RenderSupportTicketKeys is RenderSupportTicket of the key set keys: an
// incomplete set is not listed; a placeholder says so, to fill in once the
// set is finished.
func RenderSupportTicketKeys(p *i18n.Printer, account, zoomAccountID string, keys KeyList, groups string) string {
	arns := keys.ARNs
	if account == "" {
		account = p.T("zoom.ticket.account.placeholder")
	}
	if zoomAccountID == "" {
		zoomAccountID = ZoomAccountID
	}
	if strings.TrimSpace(groups) == "" {
		groups = p.T("zoom.ticket.groups.placeholder")
	}
	var b strings.Builder
	if keys.Practice {
		b.WriteString(p.T("zoom.practice.ticket") + "\n\n")
	}
	b.WriteString(p.T("zoom.ticket.subject") + "\n\n")
	b.WriteString(p.T("zoom.ticket.greeting") + "\n\n")
	b.WriteString(p.T("zoom.ticket.request", account) + "\n\n  " + groups + "\n\n")
	b.WriteString(p.T("zoom.ticket.keys") + "\n")
	switch {
	case len(keys.Incomplete) > 0:
		b.WriteString("  " + p.T("zoom.ticket.incomplete") + "\n")
	case len(arns) == 0:
		b.WriteString("  " + p.T("zoom.ticket.nokeys") + "\n")
	}
	listed := arns
	if len(keys.Incomplete) > 0 {
		listed = nil // never a partial set as the keys of the ticket
	}
	for i, a := range listed {
		role := p.T("zoom.ticket.role.primary")
		if i > 0 {
			role = p.T("zoom.ticket.role.replica")
		}
		if k, err := ParseKeyARN(a); err == nil {
			role = p.T("zoom.ticket.role.where", role, RegionLabelIn(p, k.Region))
		}
		fmt.Fprintf(&b, "  - %s (%s)\n", a, role)
	}
	partition := "aws"
	if len(arns) > 0 {
		if k, err := ParseKeyARN(arns[0]); err == nil {
			partition = k.Partition
		}
	}
	b.WriteString("\n" + p.T("zoom.ticket.policy", rootARN(partition, zoomAccountID), strings.Join(ZoomActions, ", ")) + "\n")
	if a := keys.Alerts; a.set() {
		regions := make([]string, len(a.Regions))
		for i, r := range a.Regions {
			regions[i] = RegionLabelIn(p, r)
		}
		b.WriteString("\n" + p.T("zoom.ticket.alerts", a.Name, strings.Join(regions, p.T("zoom.list.comma")), strings.Join(a.Emails, ", ")) + "\n")
	}
	b.WriteString("\n" + p.T("zoom.ticket.closing") + "\n\n" + p.T("zoom.ticket.thanks") + "\n")
	return b.String()
}

// tick is a checklist box: "x" when the item is ticked.
func tick(ticks map[string]bool, id string) string {
	if ticks[id] {
		return "x"
	}
	return " "
}
