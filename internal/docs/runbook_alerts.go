package docs

import (
	"fmt"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// runbookAlerts is the tamper alerts' section: what setup created in each
// Region, for whom, the trail prerequisite, and how to remove them. Nothing
// when the session records no alerts.
func (f *writer) runbookAlerts(b *strings.Builder) {
	a := f.sess.Alerts
	if a == nil {
		return
	}
	s := f.sess
	partition, account := s.Partition, s.AccountID
	if partition == "" {
		partition = "aws"
	}
	fmt.Fprintf(b, "## %s\n\n", f.t("runbook.alerts"))
	fmt.Fprintf(b, "%s\n\n", f.t("runbook.alerts.what", strings.Join(zoom.AlertEvents, ", "), zoom.AlertDeletionEvent))
	fmt.Fprintf(b, "- %s: %s\n", f.t("runbook.alerts.emails"), strings.Join(a.Emails, ", "))
	fmt.Fprintf(b, "- %s: %s\n\n", f.t("runbook.alerts.set"), stamp(a.At))
	fmt.Fprintf(b, "| %s | %s | %s |\n|---|---|---|\n", f.t("runbook.region"), f.t("runbook.alerts.rule"), f.t("runbook.alerts.topic"))
	for _, r := range a.Regions {
		fmt.Fprintf(b, "| %s | %s | %s |\n", f.region(r), code(zoom.AlertRuleARN(partition, r, account, a.Name)),
			code(zoom.AlertTopicARN(partition, r, account, a.Name)))
	}
	fmt.Fprintf(b, "\n%s\n\n", f.t("runbook.alerts.confirm"))
	fmt.Fprintf(b, "%s\n\n", f.t("runbook.alerts.trail"))
	fmt.Fprintf(b, "%s\n\n```sh\n", f.t("runbook.alerts.remove"))
	for _, r := range a.Regions {
		fmt.Fprintf(b, "aws events remove-targets --rule %s --ids %s --region %s\n", a.Name, zoom.AlertTargetID, r)
		fmt.Fprintf(b, "aws events delete-rule --name %s --region %s\n", a.Name, r)
		fmt.Fprintf(b, "aws sns delete-topic --topic-arn %s --region %s\n", zoom.AlertTopicARN(partition, r, account, a.Name), r)
	}
	b.WriteString("```\n\n")
}
