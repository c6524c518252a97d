package docs

import (
	"fmt"
	"strings"
	"time"

	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// runbookDrillNet says what the drill's safety net was (the schedules,
// their time, the role and how to remove it), or that the admin accepted a
// drill without it.
func (f *writer) runbookDrillNet(b *strings.Builder, d *state.Drill, stamp func(time.Time) string) {
	switch {
	case d.Net != nil:
		what := f.t("runbook.drill.net.in-place")
		if d.Net.Removed {
			what = f.t("runbook.drill.net.removed")
		}
		fmt.Fprintf(b, "- %s\n", f.t("runbook.drill.net", stamp(d.Net.At), what))
		for _, s := range d.Net.Schedules {
			fmt.Fprintf(b, "  - %s: `%s`\n", s.Region, s.ARN)
		}
		role := d.Net.RoleARN[strings.LastIndex(d.Net.RoleARN, "/")+1:]
		fmt.Fprintf(b, "- %s\n", f.t("runbook.drill.net.role", d.Net.RoleARN,
			"aws iam delete-role-policy --role-name "+role+" --policy-name "+d.Net.RolePolicy+" && aws iam delete-role --role-name "+role))
	case d.WithoutNet:
		fmt.Fprintf(b, "- %s\n", f.t("runbook.drill.without-net", d.NetProblem))
	}
}

// runbookDrill adds the key-outage drill to the runbook: the drill in
// progress, if any (loudly), else the last drill: scope, who, times,
// Regions, observations and outcome.
func (f *writer) runbookDrill(b *strings.Builder) {
	d := f.sess.ActiveDrill()
	if d == nil {
		d = f.sess.LastDrill
	}
	if d == nil {
		return
	}
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.UTC().Format(time.RFC3339)
	}
	b.WriteString("\n## " + f.t("runbook.drill") + "\n\n")
	if d.InProgress() {
		fmt.Fprintf(b, "**%s**\n\n", f.t("runbook.drill.inprogress"))
	}
	fmt.Fprintf(b, "- %s: %s\n", f.t("runbook.drill.scope"), f.t("drill.scope."+d.Scope))
	fmt.Fprintf(b, "- %s: %s\n", f.t("runbook.drill.who"), md(d.Who))
	fmt.Fprintf(b, "- %s: %s\n", f.t("runbook.drill.started"), stamp(d.StartedAt))
	fmt.Fprintf(b, "- %s: %s\n", f.t("runbook.drill.ended"), stamp(d.EndedAt))
	if d.EndReason != "" {
		fmt.Fprintf(b, "- %s: %s\n", f.t("runbook.drill.reason"), f.t("drill.end."+d.EndReason))
	}
	if d.Outcome != "" {
		fmt.Fprintf(b, "- %s: %s\n", f.t("runbook.drill.outcome"), f.t("drill.outcome."+d.Outcome))
	}
	if d.Verify != "" {
		fmt.Fprintf(b, "- %s: %s\n", f.t("runbook.drill.verify"), md(d.Verify))
	}
	if d.Error != "" {
		fmt.Fprintf(b, "- %s\n", md(d.Error))
	}
	f.runbookDrillNet(b, d, stamp)
	fmt.Fprintf(b, "\n| %s | %s | %s | %s |\n|---|---|---|---|\n", f.t("runbook.region"), f.t("runbook.role"),
		f.t("runbook.drill.disabled"), f.t("runbook.drill.enabled"))
	for _, r := range d.Regions {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", md(zoom.RegionLabelIn(f.cat.Printer(), r.Region)), md(f.t("role."+r.Role)), stamp(r.DisabledAt), stamp(r.EnabledAt))
	}
	if len(d.Observations) > 0 {
		b.WriteString("\n### " + f.t("runbook.drill.observations") + "\n\n")
		for _, o := range d.Observations {
			line := fmt.Sprintf("- %s %s", stamp(o.At), f.t("drill.obs."+o.ID))
			if o.Note != "" {
				line += ": " + md(o.Note)
			}
			b.WriteString(line + "\n")
		}
	}
}
