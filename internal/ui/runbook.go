package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// runbookIn renders the runbook in the language of c (the change record
// may be in one language and the ticket to Zoom support in another).
func (f *flow) runbookIn(c Catalogue) string {
	cur := f.cat
	f.cat = c
	defer func() { f.cat = cur }()
	return f.runbook()
}

// runbook renders the session as a Markdown runbook for a change record.
func (f *flow) runbook() string {
	s := f.sess
	p := f.cat.Printer()
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", f.t("runbook.title"))
	fmt.Fprintf(&b, "%s\n\n", f.t("runbook.exported", f.cfg.Now().UTC().Format("2006-01-02 15:04:05 MST")))
	if f.dry {
		fmt.Fprintf(&b, "**%s**\n\n", f.t("runbook.dry"))
	}
	fmt.Fprintf(&b, "- %s: %s (%s)\n", f.t("runbook.account"), s.AccountID, s.Partition)
	fmt.Fprintf(&b, "- %s: %s\n", f.t("runbook.alias"), s.Alias)
	fmt.Fprintf(&b, "- %s: %s\n", f.t("runbook.zoomaccount"), f.zoomAccount())
	fmt.Fprintf(&b, "- %s: %s\n", f.t("runbook.primary"), f.region(s.PrimaryRegion))
	var reps []string
	for _, r := range s.Replicas {
		reps = append(reps, f.region(r))
	}
	fmt.Fprintf(&b, "- %s: %s\n", f.t("runbook.replicas"), strings.Join(reps, f.t("sep.list")))
	rot := f.t("runbook.on")
	if s.WizardNoRotation {
		rot = f.t("runbook.off")
	}
	fmt.Fprintf(&b, "- %s: %s\n", f.t("runbook.rotation"), rot)
	if !s.SetupAt.IsZero() {
		fmt.Fprintf(&b, "- %s: %s\n", f.t("runbook.setupat"), s.SetupAt.UTC().Format(time.RFC3339))
	}
	fmt.Fprintf(&b, "\n## %s\n\n| %s | %s | ARN |\n|---|---|---|\n", f.t("runbook.keys"), f.t("runbook.role"), f.t("runbook.region"))
	for _, k := range f.keysForDisplay() {
		fmt.Fprintf(&b, "| %s | %s | `%s` |\n", f.t("role."+k.Role), f.region(k.Region), k.ARN)
	}
	doc := s.Policy
	if doc == "" && f.res != nil {
		doc = f.res.PolicyDoc
	}
	fmt.Fprintf(&b, "\n## %s\n\n```json\n%s\n```\n\n", f.t("runbook.policy"), prettyJSON(doc))
	list, _ := zoom.RenderChecklist(p, "markdown", f.arnList(), s.Ticks)
	list = strings.Replace(list, "# ", "## ", 1)
	b.WriteString(list)
	b.WriteString("\n## " + f.t("runbook.ticks") + "\n\n")
	for i, it := range zoom.Steps() {
		when := f.t("runbook.notdone")
		if t, ok := s.TickedAt[it.ID]; ok && s.Ticks[it.ID] {
			when = t.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(&b, "%d. %s: %s\n", i+1, p.M(it.Title), when)
	}
	b.WriteString("\n## " + f.t("runbook.emails") + "\n\n")
	if len(s.AlertEmails) == 0 {
		b.WriteString("- " + f.t("runbook.none") + "\n")
	}
	for _, e := range s.AlertEmails {
		b.WriteString("- " + e + "\n")
	}
	b.WriteString("\n## " + f.t("runbook.types") + "\n\n")
	if len(s.DataTypes) == 0 {
		b.WriteString("- " + f.t("runbook.none") + "\n")
	}
	for _, d := range zoom.DataTypes() {
		if slices.Contains(s.DataTypes, d.ID) {
			b.WriteString("- " + p.M(d.Label()) + "\n")
		}
	}
	f.runbookDrill(&b)
	return b.String()
}
