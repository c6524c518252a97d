package docs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zcmk/zcmk-tui/internal/safe"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The Markdown runbook: the session as a change record a reviewer can use.
// One renderer for the wizard's m (and its accessible mode) and for
// `zcmk-tui runbook`: Runbook below. Each section is one method; the
// order is runbookSections.

// Runbook renders the runbook of r in cat's language (the change record
// may be in one language and the ticket to Zoom support in another).
//
// Text from outside cannot change the document's structure: every value is
// placed through md or the Markdown printer (one line, "|" escaped), code
// blocks through safe.Fence, and the whole document passes safe.Block, the
// net under every file the tool writes.
func Runbook(cat Catalogue, r Record) string {
	return safe.Block(newWriter(cat, r).runbook())
}

// runbook renders the session as a Markdown runbook for a change record.
func (f *writer) runbook() string {
	var b strings.Builder
	for _, section := range f.runbookSections() {
		section(&b)
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// runbookSections are the runbook's sections in order.
func (f *writer) runbookSections() []func(*strings.Builder) {
	return []func(*strings.Builder){
		f.runbookHeader,   // title, when, who, where, tool version
		f.runbookKeys,     // the key set: Regions and ARNs (once), description, tags
		f.runbookDone,     // what was done, with times; each policy repair before and after
		f.runbookPolicies, // each Region's policy as read back
		f.runbookAlerts,   // the tamper alerts, if any (runbook_alerts.go)
		f.runbookVerify,   // the latest verify
		f.runbookPortal,   // the web-portal checklist, ticks with times, e-mails, data types
		f.runbookTicket,   // the support-ticket text
		f.runbookDrill,    // the key-outage drill (runbook_drill.go)
		f.runbookExport,   // keeping the key set in code (export_runbook.go)
		f.runbookBackOut,  // how to stop using the key safely
	}
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func (f *writer) runbookHeader(b *strings.Builder) {
	s := f.sess
	fmt.Fprintf(b, "# %s\n\n", f.t("runbook.title"))
	fmt.Fprintf(b, "%s\n\n", f.t("runbook.exported", f.rec.Now.UTC().Format("2006-01-02 15:04:05 MST")))
	if f.dry || s.DryRun {
		fmt.Fprintf(b, "**%s**\n\n", f.t("runbook.dry"))
	}
	if s.Practice {
		fmt.Fprintf(b, "**%s**\n\n", f.t("practice.runbook"))
	} else if s.Endpoint != "" {
		fmt.Fprintf(b, "**%s**\n\n", f.t("runbook.emulated", s.Endpoint))
	}
	fmt.Fprintf(b, "## %s\n\n", f.t("runbook.who"))
	item := func(label, v string) {
		if v == "" {
			v = f.t("runbook.unknown")
		} else {
			v = md(v)
		}
		fmt.Fprintf(b, "- %s: %s\n", label, v)
	}
	item(f.t("runbook.caller"), code(s.CallerARN))
	profile := s.Profile
	if profile == "" {
		profile = f.t("runbook.profile.default")
	}
	item(f.t("runbook.profile"), profile)
	item(f.t("runbook.account"), strings.TrimSpace(s.AccountID+" ("+s.Partition+")"))
	endpoint := f.t("runbook.endpoint.aws")
	if s.Endpoint != "" {
		endpoint = s.Endpoint
	}
	item(f.t("runbook.endpoint"), endpoint)
	item(f.t("runbook.version"), s.ToolVersion)
	if !s.SetupAt.IsZero() {
		item(f.t("runbook.setupat"), stamp(s.SetupAt))
	}
	b.WriteString("\n")
}

// PrettyJSON is a JSON document indented by two spaces (s as it is when it
// is not JSON).
func PrettyJSON(s string) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(strings.TrimSpace(s)), "", "  "); err != nil {
		return s
	}
	return buf.String()
}

func code(s string) string {
	if s == "" {
		return ""
	}
	return "`" + s + "`"
}

func (f *writer) runbookKeys(b *strings.Builder) {
	s := f.sess
	fmt.Fprintf(b, "## %s\n\n", f.t("runbook.keys"))
	fmt.Fprintf(b, "- %s: %s\n", f.t("runbook.alias"), md(s.Alias))
	fmt.Fprintf(b, "- %s: %s\n", f.t("runbook.zoomaccount"), f.zoomAccount())
	rot := f.t("runbook.on")
	if s.WizardNoRotation {
		rot = f.t("runbook.off")
	}
	fmt.Fprintf(b, "- %s: %s\n", f.t("runbook.rotation"), rot)
	desc := md(s.WizardDescription)
	if desc == "" {
		desc = f.t("runbook.none")
	}
	fmt.Fprintf(b, "- %s: %s\n", f.t("runbook.description"), desc)
	tags := md(strings.Join(s.WizardTags, ", "))
	if tags == "" {
		tags = f.t("runbook.none")
	}
	fmt.Fprintf(b, "- %s: %s\n", f.t("runbook.tags"), tags)
	if f.incomplete() {
		// The exit summary's words: never a partial set as the ARNs to
		// paste (incomplete.go); the table below says what exists.
		note := IncompleteNote(f.cat, s, f.t("exit.finish.alt"), false)
		fmt.Fprintf(b, "\n**%s**\n\n%s\n\n    %s\n\n%s\n", note[0], note[1], strings.TrimSpace(note[2]), note[3])
	}
	fmt.Fprintf(b, "\n| %s | %s | ARN |\n|---|---|---|\n", f.t("runbook.role"), f.t("runbook.region"))
	for _, k := range f.keysForDisplay() {
		arn := code(md(k.ARN))
		if arn == "" && f.incomplete() {
			arn = f.t("exit.missing")
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", md(f.t("role."+k.Role)), md(f.region(k.Region)), arn)
	}
	b.WriteString("\n")
}

func (f *writer) runbookDone(b *strings.Builder) {
	fmt.Fprintf(b, "## %s\n\n", f.t("runbook.done"))
	h := f.sess.History
	if len(h) == 0 {
		b.WriteString("- " + f.t("runbook.done.none") + "\n\n")
		f.runbookRepairs(b)
		return
	}
	fmt.Fprintf(b, "| %s | %s | %s | %s |\n|---|---|---|---|\n", f.t("runbook.when"), f.t("runbook.region"),
		f.t("runbook.action"), f.t("runbook.outcome"))
	for _, a := range h {
		out := a.Status
		if a.Status == "done" || a.Status == "failed" {
			out = f.t("runbook.status." + a.Status)
		}
		detail := a.Detail
		if d, ok := a.Details[string(f.cat.Lang())]; ok {
			detail = d
		}
		if detail != "" && !strings.HasPrefix(detail, "arn:") {
			out += ": " + detail
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", stamp(a.At), md(a.Region), md(f.t("act."+a.Action)), md(out))
	}
	b.WriteString("\n")
	f.runbookRepairs(b) // for a repair, the policy before and after (runbook_repair.go)
}

func (f *writer) runbookPolicies(b *strings.Builder) {
	s := f.sess
	fmt.Fprintf(b, "## %s\n\n", f.t("runbook.policy"))
	shown := false
	for _, k := range f.keysForDisplay() {
		doc, ok := s.ReadBack[k.Region]
		if !ok {
			continue
		}
		shown = true
		fmt.Fprintf(b, "### %s · %s\n\n%s\n\n", md(f.t("role."+k.Role)), md(f.region(k.Region)), safe.Fence("json", PrettyJSON(doc)))
	}
	if shown {
		return
	}
	doc := s.Policy
	if doc == "" {
		doc = f.rec.Policy
	}
	fmt.Fprintf(b, "%s\n\n%s\n\n", f.t("runbook.policy.applied"), safe.Fence("json", PrettyJSON(doc)))
}

func (f *writer) runbookVerify(b *strings.Builder) {
	fmt.Fprintf(b, "## %s\n\n", f.t("runbook.verify"))
	v := f.sess.LastVerify
	if v == nil {
		b.WriteString(f.t("runbook.verify.none") + "\n\n")
		return
	}
	res := f.t("runbook.verify.ok")
	if !v.OK {
		res = f.t("runbook.verify.problems")
	}
	fmt.Fprintf(b, "%s (%s)\n\n%s\n\n", res, stamp(v.At), safe.Fence("", strings.Join(v.Lines, "\n")))
}

func (f *writer) runbookPortal(b *strings.Builder) {
	s := f.sess
	if len(s.OpenItems) > 0 {
		fmt.Fprintf(b, "## %s\n\n", f.t("runbook.open"))
		for _, id := range s.OpenItems {
			fmt.Fprintf(b, "- [ ] %s: %s\n", md(f.t("prereq.item."+id)), md(f.t("prereq.item."+id+".missing")))
		}
		b.WriteString("\n")
	}
	p := f.cat.Printer()
	list, _ := zoom.RenderChecklistKeys(p, "markdown", f.keyList(f.cat, f.t("exit.finish.alt"), false), s.Ticks)
	list = strings.Replace(list, "# ", "## ", 1)
	b.WriteString(strings.TrimRight(list, "\n") + "\n")
	b.WriteString("\n## " + f.t("runbook.ticks") + "\n\n")
	for i, it := range zoom.Checklist(AlertsOf(s)) {
		when := "[ ] " + f.t("runbook.notdone")
		if t, ok := s.TickedAt[it.ID]; ok && s.Ticks[it.ID] {
			when = "[x] " + stamp(t)
		} else if s.Ticks[it.ID] {
			when = "[x]"
		}
		fmt.Fprintf(b, "%d. %s: %s\n", i+1, p.M(it.Title), when)
	}
	b.WriteString("\n## " + f.t("runbook.emails") + "\n\n")
	if len(s.AlertEmails) == 0 {
		b.WriteString("- " + f.t("runbook.none") + "\n")
	}
	for _, e := range s.AlertEmails {
		b.WriteString("- " + md(e) + "\n")
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
	b.WriteString("\n")
}

func (f *writer) runbookTicket(b *strings.Builder) {
	s := f.sess
	fmt.Fprintf(b, "## %s\n\n", f.t("runbook.ticket"))
	groups := md(s.TicketGroups)
	if groups == "" {
		groups = f.t("runbook.ticket.groups.none")
	}
	fmt.Fprintf(b, "- %s: %s\n\n", f.t("runbook.ticket.groups"), groups)
	// The ticket goes to Zoom support: in English, whatever the record's language.
	text := zoom.RenderSupportTicketKeys(English.Printer(), safe.Flat(s.ZoomAccountNumber), f.zoomAccount(), f.keyList(English, "", false), safe.Flat(s.TicketGroups))
	fmt.Fprintf(b, "%s\n\n", safe.Fence("", strings.TrimRight(text, "\n")))
}

func (f *writer) runbookBackOut(b *strings.Builder) {
	fmt.Fprintf(b, "## %s\n\n", f.t("runbook.backout"))
	for i, step := range []string{f.t("runbook.backout.1"), f.t("runbook.backout.2"), f.t("runbook.backout.3"), f.t("runbook.backout.4")} {
		fmt.Fprintf(b, "%d. %s\n", i+1, step)
	}
	b.WriteString("\n")
}
