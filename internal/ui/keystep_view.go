package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/viewport"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
)

// The key step's text: the plan (shared with the accessible mode), the live
// progress, an apply's errors, and the screen of each phase.

func (m *painter) actionLabel(kind string) string { return m.t("act." + kind) }

func (m *painter) viewPlan(p *setup.Plan, w int) string {
	var b strings.Builder
	b.WriteString(m.st.Muted.Render(strings.TrimRight(m.wrap(m.t("plan.account", p.AccountID, p.Partition, p.Alias, p.ZoomAccountID), w), " ")) + "\n")
	if m.f.KeepsPinned() && len(p.Regions) > 0 && p.Regions[0].Exists {
		note := m.t("plan.pinned", flow.KeyIDOf(m.f.Pinned))
		if m.f.PinnedAlias != "" && p.Alias != m.f.PinnedAlias {
			note += " " + m.t("plan.pinned.alias", p.Alias, m.f.PinnedAlias)
		}
		b.WriteString(m.st.Accent.Render(m.wrap("= "+note, w)) + "\n")
	} else if m.f.KeyInUse() == flow.UseExisting && len(p.Regions) > 0 && p.Regions[0].Exists {
		// The existing key typed in at step 2 (keyuse.go).
		b.WriteString(m.st.Accent.Render(m.wrap("= "+m.t("keyuse.plan.existing", m.f.Existing, p.Regions[0].KeyID), w)) + "\n")
	}
	for _, r := range p.Regions {
		b.WriteString("\n" + m.hangLine(m.st.Title.Render(m.region(r.Region))+" · "+m.t("role."+r.Role)+" · "+m.p().M(r.Key()), 2) + "\n")
		if len(r.Actions) == 0 {
			b.WriteString("  " + m.st.OK.Render("= "+m.t("plan.nothing")) + "\n")
		}
		for _, a := range r.Actions {
			mark := m.st.Muted.Render("·")
			if a.Write {
				mark = m.st.Accent.Render("+")
			}
			// The detail wraps under itself: a note cut at the edge of
			// the screen hides what the change is.
			lead := "  " + mark + " " + i18n.Pad(m.actionLabel(a.Kind), 22) + " "
			for i, l := range hang(m.msg(a.Text, ""), w-27) {
				if i > 0 {
					lead = strings.Repeat(" ", 27)
				}
				b.WriteString(lead + m.st.Muted.Render(l) + "\n")
			}
		}
		for _, note := range r.PolicyNotes {
			n := m.p().M(note)
			for i, l := range hang("! "+n, w-4) {
				if i > 0 {
					l = "  " + l
				}
				b.WriteString("    " + m.st.Warn.Render(l) + "\n")
			}
		}
	}
	// Each Region whose existing policy changes: the difference, in full,
	// before the confirmation (KMS keeps one policy per Region).
	for _, r := range p.Regions {
		if !r.Exists || !hasPolicyWrite(r.Actions) {
			continue
		}
		if d := m.policyDiff(r.CurrentPolicy, r.Policy); d != "" {
			b.WriteString("\n" + m.hangLine(m.st.Title.Render(m.t("policy.diff.region", m.t("role."+r.Role), m.region(r.Region))), 2) + "\n")
			b.WriteString(d + "\n")
		}
	}
	return b.String()
}

func hasPolicyWrite(as []setup.Action) bool {
	return slices.ContainsFunc(as, func(a setup.Action) bool { return a.Kind == setup.ActPutPolicy })
}

// hang breaks s into lines of at most w columns (at least 20), at spaces
// where it can.
func hang(s string, w int) []string {
	if look.HasWide(s) {
		return look.WrapLines(s, max(w, 20))
	}
	return strings.Split(ansi.Wrap(s, max(w, 20), ""), "\n")
}

func (s *keyStep) viewProgress() string {
	m := s.m
	var b strings.Builder
	region := ""
	for _, l := range s.lines {
		if l.region != region {
			region = l.region
			b.WriteString(m.st.Title.Render(m.region(region)) + "\n")
		}
		var mark string
		switch l.status {
		case setup.StatusStarted:
			mark = m.spin.View()
		case setup.StatusDone:
			mark = m.st.OK.Render("✓")
		case setup.StatusFailed:
			mark = m.st.Bad.Render("✗")
		case "skipped":
			mark = m.st.Muted.Render("–")
		default:
			mark = m.st.Muted.Render("·")
		}
		line := "  " + mark + " " + i18n.Pad(m.actionLabel(l.action), 22)
		switch l.status {
		case setup.StatusDone, setup.StatusFailed:
			line += fmt.Sprintf(" %7s", elapsed(l.elapsed))
		case "skipped":
			line += "  " + m.st.Muted.Render(m.t("apply.skipped"))
		}
		if l.status == setup.StatusDone && l.detail != "" && !strings.HasPrefix(l.detail, "arn:") {
			ind := ansi.StringWidth(line) + 2
			line = m.hangLine(line+"  "+m.st.Muted.Render(l.detail), ind)
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// elapsed renders a duration for a progress line: 12ms, 1.3s.
func elapsed(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}

func (m *painter) viewApplyError(err error, w int) string {
	var b strings.Builder
	var ae *setup.ApplyError
	if errors.As(err, &ae) {
		for _, re := range ae.Errs {
			b.WriteString(m.st.Bad.Render("✗ "+m.region(re.Region)+" · "+m.actionLabel(re.Action)) + "\n")
			b.WriteString(m.errorBlock(re.Err, w) + "\n")
		}
		return b.String()
	}
	return m.errorBlock(err, w) + "\n"
}

func (s *keyStep) view() string {
	m := s.m
	w := m.bodyWidth()
	var b strings.Builder
	switch s.phase {
	case keyForm, keyLookup:
		if m.f.Primary != "" {
			// Which key (kept, existing, named by the alias or new:
			// keyuse.go), then the Regions.
			// Their next lines under their text, not at column 0.
			b.WriteString(m.st.OK.Render(m.hangFit("✓ "+m.keySummary(), 2)) + "\n")
			b.WriteString(m.st.OK.Render(m.hangFit("  "+m.regionsChosen(), 2)) + "\n\n")
		}
		b.WriteString(s.viewLookup(w))
		if m.form != nil && s.phase == keyForm {
			b.WriteString(m.form.View())
		}
	case keyPlanning:
		b.WriteString(m.spin.View() + " " + m.t("plan.running") + "\n")
	case keyPlanFailed:
		b.WriteString(m.st.Bad.Render("✗ "+m.t("plan.failed")) + "\n")
		b.WriteString(m.errorBlock(s.planErr, w) + "\n\n")
		b.WriteString(m.wrap(m.t("plan.failed.hint"), w) + "\n")
	case keyConfirm:
		b.WriteString(s.confirmHeader())
		b.WriteString(s.vp.View())
		b.WriteString("\n" + s.planHint())
	case keyApplying:
		b.WriteString(m.spin.View() + " " + m.st.Title.Render(m.t("apply.running")) + "\n\n")
		b.WriteString(s.viewProgress())
	case keyDone:
		switch {
		case m.dryRun():
			b.WriteString(m.st.Dry.Render(m.t("apply.dry")) + "\n")
		case m.f.Res != nil && m.f.Res.Changed:
			b.WriteString(m.st.OK.Render("✓ "+m.tn("apply.done", m.f.Res.Changes)) + "\n")
		default:
			b.WriteString(m.st.OK.Render("✓ "+m.t("apply.unchanged")) + "\n")
		}
		if arns := s.viewDoneARNs(); arns != "" {
			b.WriteString(arns)
		}
		b.WriteString(m.t("apply.next") + "\n\n")
		if len(s.lines) > 0 {
			b.WriteString(s.viewProgress())
		} else if m.f.Plan != nil {
			b.WriteString(m.viewPlan(m.f.Plan, w))
		}
	case keyFailed:
		b.WriteString(m.st.Bad.Render("✗ "+m.t("apply.failed")) + "\n")
		b.WriteString(m.viewApplyError(s.err, w))
		b.WriteString(m.wrap(m.t("apply.retry"), w) + "\n\n")
		b.WriteString(s.viewProgress())
	}
	return b.String()
}

// viewDoneARNs lists the ARNs on the Done screen, the chosen one marked,
// each whole on its own line: the admin can copy them at once, without
// going through the policy step first.
func (s *keyStep) viewDoneARNs() string {
	m := s.m
	keys := m.f.KeysForDisplay()
	if m.dryRun() || len(keys) == 0 || keys[0].ARN == "" || m.f.Incomplete() {
		return ""
	}
	var b strings.Builder
	b.WriteString(m.wrap(m.t("apply.arns"), m.bodyWidth()) + "\n")
	b.WriteString(m.practiceNote())
	for i, k := range keys {
		b.WriteString(m.arnLabel(k, i == s.arnSel) + "\n" + m.renderARN(k.ARN) + "\n")
	}
	return b.String() + "\n"
}

// planHint is the line under the plan: whether more of it is below, and
// the key that shows (or hides) each action's full detail.
func (s *keyStep) planHint() string {
	m := s.m
	var parts []string
	if more := m.moreBelow(s.vp); more != "" {
		parts = append(parts, more)
	}
	if s.detail {
		parts = append(parts, m.st.Muted.Render(m.t("plan.detail.hide")))
	} else {
		parts = append(parts, m.st.Muted.Render(m.t("plan.detail.show")))
	}
	return ansi.Truncate(strings.Join(parts, " · "), max(m.bodyWidth(), 1), "…")
}

// moreBelow says how many lines of vp are below its window, or "" at its
// end: the line under every scrolling view.
func (m *painter) moreBelow(vp viewport.Model) string {
	if vp.AtBottom() {
		return ""
	}
	left := max(vp.TotalLineCount()-vp.YOffset-vp.Height, 0)
	return m.st.Accent.Render(m.tn("plan.more", left))
}

// viewPlanDetail is what the plan leaves out: each Region's key policy
// as it will be set, in full, and the description and tags of a new key.
func (m *painter) viewPlanDetail(p *setup.Plan, w int) string {
	var b strings.Builder
	if m.f.Description != "" || m.f.Tags != "" {
		b.WriteString("\n" + m.st.Title.Render(m.t("plan.detail.key")) + "\n")
		if m.f.Description != "" {
			b.WriteString(m.wrap(m.t("plan.detail.description", m.f.Description), w) + "\n")
		}
		if m.f.Tags != "" {
			b.WriteString(m.wrap(m.t("plan.detail.tags", m.f.Tags), w) + "\n")
		}
	}
	for _, r := range p.Regions {
		if r.Policy == "" {
			continue
		}
		b.WriteString("\n" + m.hangLine(m.st.Title.Render(m.t("plan.detail.policy", m.t("role."+r.Role), m.region(r.Region))), 2) + "\n")
		for _, l := range strings.Split(prettyJSON(r.Policy), "\n") {
			for _, part := range hang(l, w) {
				b.WriteString(part + "\n")
			}
		}
	}
	return b.String()
}

// confirmHeader is what stands above the plan awaiting consent, wrapped to
// the screen: the question and its keys.
func (s *keyStep) confirmHeader() string {
	m := s.m
	w := m.bodyWidth()
	p := m.f.Plan
	switch {
	case p.DryRun:
		return m.st.Dry.Render(m.wrap(m.tn("plan.dry", p.Changes()), w)) + "\n"
	case p.Changes() == 0:
		return m.st.OK.Render(m.wrap("✓ "+m.t("plan.nochange"), w)) + "\n"
	}
	return m.st.Title.Render(m.wrap(m.tn("plan.confirm", p.Changes(), p.AccountID), w)) + "\n" +
		m.st.Accent.Render(m.wrap(m.t("plan.confirm.keys"), w)) + "\n"
}
