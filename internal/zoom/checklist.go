package zoom

import (
	"fmt"
	"strings"
)

// ChecklistItem is one manual step in the Zoom web portal.
type ChecklistItem struct {
	ID     string // stable, saved in the session file: "paste-arns", "standby", ...
	Title  string
	Detail string
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

// Checklist returns the Zoom web-portal steps, in order. There is no API for
// this side: the Zoom account owner or an admin does it by hand.
func Checklist() []ChecklistItem {
	return []ChecklistItem{
		{StepPasteARNs, "Paste the key ARNs into the Zoom web portal",
			"Sign in to the Zoom web portal as the account owner or an admin, open Advanced > Security " +
				"(Japanese portal: 詳細設定 > セキュリティ) and choose \"Configure Customer Managed Key\". " +
				"Paste the key ARN of the primary Region first, then each replica's ARN."},
		{StepStandby, "Wait until the key shows status Standby",
			"The key appears in the list with status Standby: Zoom can reach it but does not use it yet. " +
				"If it does not, check the key policy in every Region (zcmk-tui verify)."},
		{StepDataTypes, "Choose the data types to protect",
			"Select what Zoom encrypts with the key (cloud recordings, Zoom Phone, Team Chat, ...). " +
				"Adding a type later is self-service; removing one needs Zoom support."},
		{StepAlertEmails, "Add e-mail recipients for key alerts",
			"Zoom e-mails these addresses when it cannot use a key (for example a disabled key). " +
				"Add several admins so an alert is never missed."},
		{StepGroupScope, "Optional: limit CMK to user groups",
			"To use CMK for some user groups only, create the groups in Zoom, then open a Zoom support ticket " +
				"naming the groups and the key ARNs. Turning CMK off altogether also goes through Zoom support."},
		{StepTestRecording, "Make a test cloud recording",
			"Record a short meeting to the cloud. The key status changes once Zoom uses it, " +
				"and the protected recording shows a CMK mark."},
		{StepCloudTrail, "Confirm Zoom's calls in CloudTrail",
			"The key owner's CloudTrail shows KMS Decrypt and GenerateDataKey events from account " + ZoomAccountID +
				" when recordings are created, viewed or downloaded."},
	}
}

// arnLine describes one ARN of the list: its role and Region.
func arnLine(i int, arn string) (role, where string) {
	role = "Primary"
	if i > 0 {
		role = "Replica"
	}
	if k, err := ParseKeyARN(arn); err == nil {
		where = RegionLabel(k.Region)
	}
	return role, where
}

const noARNs = "(no key yet: run `zcmk-tui setup` first, then print this checklist again)"

// ChecklistText renders the checklist for printing, in format "text" or
// "markdown", with the key ARNs filled in (primary first; a placeholder when
// there are none) and the steps in ticks marked done.
func ChecklistText(format string, arns []string, ticks map[string]bool) (string, error) {
	var b strings.Builder
	switch format {
	case "text", "":
		b.WriteString("Zoom CMK: steps in the Zoom web portal\n\n")
		b.WriteString("Key ARNs to paste (primary first):\n")
		if len(arns) == 0 {
			b.WriteString("  " + noARNs + "\n")
		}
		for i, a := range arns {
			role, where := arnLine(i, a)
			if where != "" {
				role += ", " + where
			}
			fmt.Fprintf(&b, "  %s\n    %s\n", role, a)
		}
		for i, it := range Checklist() {
			mark := " "
			if ticks[it.ID] {
				mark = "x"
			}
			fmt.Fprintf(&b, "\n[%s] %d. %s\n", mark, i+1, it.Title)
			for _, line := range wrap(it.Detail, 70) {
				b.WriteString("       " + line + "\n")
			}
		}
	case "markdown", "md":
		b.WriteString("# Zoom CMK: steps in the Zoom web portal\n\n")
		b.WriteString("Key ARNs to paste (primary first):\n\n")
		if len(arns) == 0 {
			b.WriteString("- " + noARNs + "\n")
		}
		for i, a := range arns {
			role, where := arnLine(i, a)
			if where != "" {
				role += " (" + where + ")"
			}
			fmt.Fprintf(&b, "- %s: `%s`\n", role, a)
		}
		b.WriteString("\n")
		for i, it := range Checklist() {
			mark := " "
			if ticks[it.ID] {
				mark = "x"
			}
			fmt.Fprintf(&b, "- [%s] **%d. %s**  \n  %s\n", mark, i+1, it.Title, it.Detail)
		}
	default:
		return "", fmt.Errorf("unknown checklist format %q: use text or markdown", format)
	}
	return b.String(), nil
}

// wrap breaks s into lines of at most width terminal columns where possible.
func wrap(s string, width int) []string {
	var lines []string
	line, w := "", 0
	for _, word := range strings.Fields(s) {
		ww := displayWidth(word)
		if line != "" && w+1+ww > width {
			lines = append(lines, line)
			line, w = "", 0
		}
		if line != "" {
			line += " "
			w++
		}
		line += word
		w += ww
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// displayWidth counts terminal columns: East Asian wide characters take two.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF, r >= 0xAC00 && r <= 0xD7A3,
			r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6:
			n += 2
		default:
			n++
		}
	}
	return n
}

// SupportTicketText returns the body of the Zoom support ticket that asks to
// scope CMK to user groups. account is the customer's Zoom account (number or
// owner e-mail), zoomAccountID Zoom's AWS account granted in the key policy,
// arns the key ARNs (primary first) and groups the Zoom user groups, as the
// admin names them. Empty values become placeholders to fill in.
func SupportTicketText(account, zoomAccountID string, arns []string, groups string) string {
	if account == "" {
		account = "<your Zoom account number>"
	}
	if zoomAccountID == "" {
		zoomAccountID = ZoomAccountID
	}
	if strings.TrimSpace(groups) == "" {
		groups = "<the Zoom user groups>"
	}
	var b strings.Builder
	b.WriteString("Subject: Customer Managed Key: limit CMK to user groups\n\n")
	b.WriteString("Hello Zoom Support,\n\n")
	fmt.Fprintf(&b, "Please scope Customer Managed Key (CMK) for our Zoom account %s to the following user groups only, instead of the whole account:\n\n  %s\n\n", account, groups)
	b.WriteString("Our AWS KMS multi-Region key (primary first):\n")
	if len(arns) == 0 {
		b.WriteString("  <key ARNs: run zcmk-tui setup first>\n")
	}
	for i, a := range arns {
		role, where := arnLine(i, a)
		if where != "" {
			role += ", " + where
		}
		fmt.Fprintf(&b, "  - %s (%s)\n", a, strings.ToLower(role))
	}
	partition := "aws"
	if len(arns) > 0 {
		if k, err := ParseKeyARN(arns[0]); err == nil {
			partition = k.Partition
		}
	}
	fmt.Fprintf(&b, "\nThe key policy in every Region allows %s %s on the key.\n",
		rootARN(partition, zoomAccountID), strings.Join(ZoomActions, ", "))
	b.WriteString("\nThe user groups already exist in our account. Please tell us the date from which CMK applies to them.\n\nThank you.\n")
	return b.String()
}
