package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The drill's texts, drawn from the engine's values alone, for both faces:
// the impact of a drill, the live line of a Region, the result and the
// restore after kill -9.

func (m *painter) regionName(code string) string {
	return zoom.RegionLabelIn(m.f.Cat.Printer(), code)
}

// clock is a time as the drill shows it.
func clock(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("15:04:05 UTC")
}

// drillDur is a drill's duration as it is typed: 10m, 90s.
func drillDur(d time.Duration) string {
	if d%time.Minute == 0 {
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

// viewDrillImpact is what a prepared drill will do: every Region of the
// set, which are disabled, Zoom's warnings for the scope, and the advice.
func (m *painter) viewDrillImpact(d *setup.Drill, w int) string {
	var b strings.Builder
	b.WriteString(m.wrap(m.t("drill.head", d.Alias(), m.t("drill.scope."+d.Scope()), drillDur(d.Duration()), d.Caller), w) + "\n\n")
	off := map[string]bool{}
	for _, t := range d.Targets {
		off[t.Region] = true
	}
	for _, t := range d.KeySet {
		what := m.st.OK.Render(m.t("drill.stays"))
		if off[t.Region] {
			what = m.st.Bad.Render(m.t("drill.disabled"))
		}
		b.WriteString(m.hangLine("  "+m.t("drill.impact.region", m.t("role."+t.Role), m.regionName(t.Region), i18n.Own(what)), 4) + "\n")
	}
	b.WriteString("\n")
	if d.FullOutage() {
		b.WriteString(m.st.Bad.Render(m.wrap("! "+m.t("drill.full"), w)) + "\n")
		b.WriteString(m.st.Bad.Render(m.wrap("! "+m.t("drill.phone"), w)) + "\n")
	} else {
		b.WriteString(m.wrap("- "+m.t("drill.partial"), w) + "\n")
	}
	// The advice before the background: on a short window it is the
	// last line above the fold, not below it.
	b.WriteString(m.st.Warn.Render(m.wrap("- "+m.t("drill.advice"), w)) + "\n")
	b.WriteString(m.wrap("- "+m.t("drill.common"), w) + "\n")
	if m.f.Sess.Alerts != nil {
		// DisableKey is one of the calls the tamper alerts watch (alerts.go).
		b.WriteString(m.wrap("- "+m.t("drill.tamper-alert"), w) + "\n")
	}
	b.WriteString(m.wrap("- "+m.t("drill.recorded-first"), w) + "\n")
	if ps := d.NetProblems(); len(ps) > 0 {
		var why []string
		for _, p := range ps {
			why = append(why, m.f.Cat.Printer().M(p))
		}
		b.WriteString(m.st.Bad.Render(m.wrap("! "+m.t("drill.net.cannot", strings.Join(why, " ")), w)) + "\n")
	} else if d.WithNet() {
		b.WriteString(m.wrap("- "+m.t("drill.net.plan", d.NetRole()), w) + "\n")
	}
	if m.f != nil && m.f.Cfg.Practice {
		b.WriteString(m.st.Warn.Render(m.wrap("- "+m.t("drill.practice"), w)) + "\n")
	}
	return b.String()
}

// viewDrillRefused lists why the preflight refused.
func (m *painter) viewDrillRefused(err error, w int) string {
	p := m.f.Cat.Printer()
	var b strings.Builder
	b.WriteString(m.st.Bad.Render(m.wrap("✗ "+m.t("drill.refused"), w)) + "\n")
	var ref *setup.DrillRefusedError
	var inp *setup.DrillInProgressError
	switch {
	case errors.As(err, &ref):
		for _, r := range ref.ReasonTexts {
			b.WriteString(m.wrap("  - "+p.M(r), w) + "\n")
		}
	case errors.As(err, &inp):
		b.WriteString(m.wrap("  - "+p.M(inp.Localized()), w) + "\n")
	default:
		b.WriteString(m.errorBlock(err, w) + "\n")
	}
	return b.String()
}

// drillLine is one Region's live line: its state, or what happened to it.
func (m *painter) drillLine(region, what string, bad bool) string {
	st := m.st.OK
	if bad {
		st = m.st.Bad
	}
	return m.hangLine(fmt.Sprintf("  %s  %s", st.Render(what), m.regionName(region)), 4)
}

// viewDrillResult is the end of a drill or a restore: the outcome, each
// Region with its times, the observations, verify, and, loudly, a restore
// that failed with the commands that finish it by hand: whole, each on its
// own line, broken at the screen's edge where cmdWidth > 0 (the full
// screen would otherwise cut them), never cut short.
func (m *painter) viewDrillResult(res *setup.DrillResult, err error, w, cmdWidth int) string {
	var b strings.Builder
	var rerr *setup.RestoreError
	if res == nil || res.Drill == nil {
		if err != nil {
			b.WriteString(m.errorBlock(err, w) + "\n")
		}
		return b.String()
	}
	rec := res.Drill
	if errors.As(err, &rerr) {
		b.WriteString(m.st.Bad.Render(strings.Repeat("!", min(w, 60))) + "\n")
		b.WriteString(m.st.Bad.Render(m.wrap(m.t("drill.failed", strings.Join(regionsOf(rerr), ", ")), w)) + "\n")
		for _, c := range rerr.Commands() {
			if cmdWidth > 0 && ansi.StringWidth(c) > cmdWidth {
				// Shell continuation lines: still one command when pasted.
				c = strings.Replace(c, " --key-id ", " \\\n  --key-id ", 1)
				c = strings.Replace(c, " --region ", " \\\n  --region ", 1)
			}
			b.WriteString(fitLines(c, cmdWidth) + "\n")
		}
		b.WriteString(m.st.Bad.Render(strings.Repeat("!", min(w, 60))) + "\n\n")
	} else {
		b.WriteString(m.st.OK.Render(m.wrap("✓ "+m.t("drill.outcome."+rec.Outcome), w)) + "\n")
		if err != nil {
			b.WriteString(m.errorBlock(err, w) + "\n")
		}
	}
	b.WriteString(m.wrap(m.t("drill.times", clock(rec.StartedAt), clock(rec.EndedAt), m.t("drill.end."+rec.EndReason)), w) + "\n")
	for _, r := range rec.Regions {
		b.WriteString(fmt.Sprintf("  %s\n    %s\n", m.regionName(r.Region), m.t("drill.region.times", clock(r.DisabledAt), clock(r.EnabledAt))))
	}
	for _, o := range rec.Observations {
		b.WriteString(m.wrap(fmt.Sprintf("  ✓ %s %s %s", clock(o.At), m.t("drill.obs."+o.ID), o.Note), w) + "\n")
	}
	switch {
	case res.Verify != nil:
		b.WriteString(m.wrap(m.t("drill.verify", m.f.Cat.Printer().M(res.Verify.SummaryText())), w) + "\n")
	case rec.Verify != "":
		b.WriteString(m.wrap(m.t("drill.verify", rec.Verify), w) + "\n")
	}
	return b.String()
}

// viewRestoreWhat is the drill found in progress: since when, and its Regions.
func (m *painter) viewRestoreWhat(rec *state.Drill, w int) string {
	var b strings.Builder
	b.WriteString(m.st.Bad.Render(m.wrap("! "+m.t("drill.restore.title"), w)) + "\n\n")
	b.WriteString(m.wrap(m.t("drill.restore.what", clock(rec.StartedAt), rec.Who), w) + "\n")
	for _, r := range rec.Regions {
		b.WriteString(m.hangLine(fmt.Sprintf("  %s · %s", m.t("role."+r.Role), m.regionName(r.Region)), 4) + "\n")
	}
	return b.String()
}

func regionsOf(e *setup.RestoreError) []string {
	var out []string
	for _, f := range e.Failed {
		out = append(out, f.Target.Region)
	}
	return out
}

// drillEventLine is an event of the drill as a plain line, or "" for
// events that say nothing new (a start, a state that did not change).
func (m *painter) drillEventLine(ev setup.DrillEvent, w int) string {
	switch {
	case ev.Phase == setup.PhaseVerify && ev.Status == setup.StatusStarted:
		return m.t("drill.verifying")
	case ev.Status == setup.StatusStarted, ev.Phase == setup.PhaseRecord && ev.Status != setup.StatusFailed:
		return ""
	case ev.Status == setup.StatusFailed && ev.Err != nil:
		return m.drillLine(ev.Region, "✗ "+m.t("drill.phase."+string(ev.Phase)), true) + "\n" + strings.TrimRight(m.errorBlock(localized(m.f.Cat.Printer(), ev.Err), w), "\n")
	case ev.Phase == setup.PhaseNet && ev.Status == setup.StatusDone && ev.Region == "":
		if !ev.At.IsZero() {
			return m.t("drill.net.laid", ev.At.Local().Format("15:04"))
		}
	case ev.Phase == setup.PhaseDisable:
		return m.drillLine(ev.Region, "✓ "+m.t("drill.phase.disable")+" (Disabled)", false)
	case ev.Phase == setup.PhaseRestore:
		return m.drillLine(ev.Region, "✓ "+m.t("drill.phase.restore")+" (Enabled)", false)
	}
	return ""
}

// localized is err in p's language when it says itself in any.
func localized(p *i18n.Printer, err error) error {
	var l i18n.Localized
	if errors.As(err, &l) {
		return fmt.Errorf("%s", p.M(l.Localized()))
	}
	return err
}
