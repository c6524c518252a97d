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

// RenderChecklist renders the checklist for printing in p's language, in
// format "text" or "markdown", with the key ARNs filled in (primary first; a
// placeholder when there are none) and the steps in ticks marked done. The
// text format keeps every line within 80 columns, except the lines that
// hold an ARN alone (kept whole so that it can be copied).
func RenderChecklist(p *i18n.Printer, format string, arns []string, ticks map[string]bool) (string, error) {
	var b strings.Builder
	switch format {
	case "text", "":
		b.WriteString(p.T("zoom.checklist.heading") + "\n\n")
		b.WriteString(p.T("zoom.checklist.arns") + "\n")
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
		for i, it := range Steps() {
			mark := " "
			if ticks[it.ID] {
				mark = "x"
			}
			fmt.Fprintf(&b, "\n[%s] %d. %s\n", mark, i+1, p.M(it.Title))
			for _, line := range wrap(p.M(it.Detail), 70) {
				b.WriteString("       " + line + "\n")
			}
		}
	case "markdown", "md":
		b.WriteString("# " + p.T("zoom.checklist.heading") + "\n\n")
		b.WriteString(p.T("zoom.checklist.arns") + "\n\n")
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
		b.WriteString("\n")
		for i, it := range Steps() {
			mark := " "
			if ticks[it.ID] {
				mark = "x"
			}
			fmt.Fprintf(&b, "- [%s] **%d. %s**  \n  %s\n", mark, i+1, p.M(it.Title), p.M(it.Detail))
		}
	default:
		return "", errMsg("zoom.err.checklist.format", shown(format))
	}
	return b.String(), nil
}

// RenderSupportTicket returns the body of the Zoom support ticket that asks
// to scope CMK to user groups, in p's language (the ticket may go to Zoom
// support in English while the change record is in Japanese). account is the
// customer's Zoom account (number or owner e-mail), zoomAccountID Zoom's AWS
// account granted in the key policy, arns the key ARNs (primary first) and
// groups the Zoom user groups, as the admin names them. Empty values become
// placeholders to fill in.
func RenderSupportTicket(p *i18n.Printer, account, zoomAccountID string, arns []string, groups string) string {
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
	b.WriteString(p.T("zoom.ticket.subject") + "\n\n")
	b.WriteString(p.T("zoom.ticket.greeting") + "\n\n")
	b.WriteString(p.T("zoom.ticket.request", account) + "\n\n  " + groups + "\n\n")
	b.WriteString(p.T("zoom.ticket.keys") + "\n")
	if len(arns) == 0 {
		b.WriteString("  " + p.T("zoom.ticket.nokeys") + "\n")
	}
	for i, a := range arns {
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
	b.WriteString("\n" + p.T("zoom.ticket.closing") + "\n\n" + p.T("zoom.ticket.thanks") + "\n")
	return b.String()
}
