package ui

import (
	"strings"

	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// resumedNote says where a resumed wizard starts, and when the session was
// saved: "Resumed at step 3, Key (saved at 2026-11-28 12:00 UTC)."
func (m *Model) resumedNote() string {
	return m.st.Accent.Render(m.painter.resumedAt(m.step))
}

// resumedAt is the resume note of step s, as both faces say it.
func (m *painter) resumedAt(s flow.Step) string {
	at := m.f.Sess.UpdatedAt
	when := m.t("resumed.unknown")
	if !at.IsZero() {
		when = at.UTC().Format("2006-01-02 15:04 UTC")
	}
	return m.t("resumed", int(s)+1, m.stepName(s), when)
}

// regionsChosen is the key step's reminder of the Regions of step 2.
func (m *painter) regionsChosen() string {
	var reps []string
	// Region codes: the names were on the screen before, and a code
	// never breaks across lines.
	reps = append(reps, m.f.Replicas...)
	if len(reps) == 0 {
		return m.t("key.regions.none", m.f.Primary)
	}
	return m.t("key.regions", m.f.Primary, strings.Join(reps, m.t("sep.list")))
}
