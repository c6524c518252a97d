package ui

import "github.com/zcmk/zcmk-tui/internal/ui/flow"

// Which key steps 2 and 3 use, said the same way on every line that names
// it (the summary over the replica list and over the key questions, the
// plan, the accessible mode): the key this session made or chose (kept),
// an existing key typed in at "Which key?", or a new key. The choice of
// mode alone does not tell: "Keep the key set up in this session" is the
// first choice (flow.ModeNew) once the session has a key.

// keySummary is the line that says which key is used, with its primary
// Region.
func (m *painter) keySummary() string {
	switch m.f.KeyInUse() {
	case flow.UseKept:
		return m.t("keyuse.kept", m.f.KeptKey(), m.region(m.f.Primary))
	case flow.UseExisting:
		return m.t("regions.summary.existing", m.f.Existing, m.region(m.f.Primary))
	}
	if k := m.f.AliasKey(); k != nil {
		return m.t("keyuse.alias", k.KeyID, m.f.Alias, m.region(m.f.Primary))
	}
	return m.t("regions.summary.new", m.region(m.f.Primary))
}
