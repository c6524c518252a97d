// The drill screen's view: what each phase of the full-screen drill draws.

package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/zcmk/zcmk-tui/internal/setup"
)

func (s *drillScreen) view() string {
	m := s.m
	w := m.bodyWidth()
	var b strings.Builder
	b.WriteString(m.st.Title.Render(m.t("drill.title")) + "\n")
	switch s.phase {
	case drPreflight:
		b.WriteString(m.spin.View() + " " + m.t("drill.preflight") + "\n")
	case drRefused:
		b.WriteString(m.viewDrillRefused(s.err, w))
	case drImpact:
		if s.wrong {
			b.WriteString(m.st.Bad.Render(m.wrap("✗ "+m.t("drill.wrong"), w)) + "\n")
		}
		b.WriteString(m.viewDrillImpact(s.d, w))
	case drConfirm:
		if s.d.FullOutage() {
			b.WriteString(m.st.Bad.Render(m.wrap("! "+m.t("drill.phone"), w)) + "\n\n")
		}
		confirm := m.t("drill.confirm", s.d.Alias(), len(s.d.Targets), drillDur(s.d.Duration()))
		if len(s.d.NetProblems()) > 0 {
			confirm = m.t("drill.confirm-without-net", s.confirmWord(), len(s.d.Targets), drillDur(s.d.Duration()))
		}
		b.WriteString(m.wrap(confirm, w) + "\n")
		for _, t := range s.d.Targets { // the exact keys the alias stands for
			b.WriteString(m.hangLine("  "+t.ARN, 4) + "\n")
		}
		b.WriteString(s.input.View() + "\n")
	case drRunning, drEnding:
		b.WriteString(s.viewRunning(w))
	case drResult:
		b.WriteString(m.viewDrillResult(s.res, s.err, w, w))
	case drRestoreAsk:
		b.WriteString(m.viewRestoreWhat(s.rec, w) + "\n")
		b.WriteString(m.wrap(m.t("drill.restore.ask"), w) + "\n")
	case drRestoring:
		b.WriteString(m.viewRestoreWhat(s.rec, w) + "\n")
		b.WriteString(m.spin.View() + " " + m.t("drill.restore.running") + "\n")
		for _, l := range s.lines {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

func (s *drillScreen) viewRunning(w int) string {
	m := s.m
	var b strings.Builder
	rec := s.d.Record()
	if rec != nil {
		now := time.Now()
		el := now.Sub(rec.StartedAt).Truncate(time.Second)
		left := max(rec.Deadline.Sub(now), 0).Truncate(time.Second)
		b.WriteString(m.wrap(m.t("drill.clock", el, left, clock(rec.Deadline)), w) + "\n")
		if rec.Net.Laid() && !rec.Net.Removed {
			b.WriteString(m.st.OK.Render(m.wrap(m.t("drill.net.laid", rec.Net.At.Local().Format("15:04")), w)) + "\n")
		}
	}
	if s.phase == drEnding {
		b.WriteString(m.st.Warn.Render(m.spin.View()+" "+m.wrap(m.t("drill.ending"), w-2)) + "\n")
	}
	for _, t := range s.d.KeySet {
		st := s.states[t.Region]
		if st == "" {
			st = "…"
		}
		b.WriteString(m.drillLine(t.Region, fmt.Sprintf("%-8s", st), st != "Enabled") + "\n")
	}
	for _, l := range s.lines {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n" + m.st.Title.Render(m.t("drill.checklist")) + "\n")
	ticked := map[string]time.Time{}
	if rec != nil {
		for _, o := range rec.Observations {
			if _, ok := ticked[o.ID]; !ok {
				ticked[o.ID] = o.At
			}
		}
	}
	for i, id := range setup.DrillObservations {
		mark, when := "[ ]", ""
		if t, ok := ticked[id]; ok {
			mark, when = m.st.OK.Render("[x]"), "  "+m.st.Muted.Render(clock(t))
		}
		b.WriteString(fmt.Sprintf("%d %s %s%s\n", i+1, mark, m.t("drill.obs."+id), when))
	}
	if rec != nil {
		for _, o := range rec.Observations {
			if o.ID == setup.ObsNote {
				b.WriteString(m.wrap(fmt.Sprintf("  %s %s", clock(o.At), o.Note), w) + "\n")
			}
		}
	}
	if s.note {
		b.WriteString(m.t("drill.note.prompt") + "\n" + s.input.View() + "\n")
	}
	return b.String()
}
