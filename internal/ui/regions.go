package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Step 2: the primary Region (data residency), the replica Regions, or an
// existing key instead of a new one.

const (
	modeNew      = "new"
	modeExisting = "existing"
	// modeStartOver leaves the key this session made or chose as it is and
	// plans a new one: the only way to a second key (see keyState.pinned).
	modeStartOver = "start-over"
)

const (
	regPhaseForm = iota
	regPhaseReplicas
)

type regionsState struct {
	phase    int
	mode     string
	existing string // alias, ARN or key ID of an existing key
	primary  string
	replicas []string
	// replicasFor is the primary the replicas were chosen for.
	replicasFor string
}

// existingARNRegion returns the Region of an existing key given by ARN, or "".
func existingARNRegion(s string) string {
	if ref, err := zoom.ParseKeyRef(s); err == nil && ref.ARN != nil {
		return ref.ARN.Region
	}
	return ""
}

// validateExisting checks an existing key reference on the spot.
func (m *Model) validateExisting(s string) error {
	ref, err := zoom.ParseKeyRef(s)
	if err != nil {
		return err
	}
	if ref.Kind != zoom.KeyRefAlias && !ref.MultiRegion() {
		return errors.New(m.t("regions.existing.single"))
	}
	if ref.ARN != nil {
		if err := zoom.ValidateRegion(ref.ARN.Region); err != nil {
			return err
		}
	}
	return nil
}

func (m *Model) regionOptions(exclude string, partner string) []huh.Option[string] {
	var opts []huh.Option[string]
	// The suggested (or current) Region first, so the list opens on it with
	// the others below it.
	all := zoom.Regions()
	first := partner
	if first == "" {
		first = m.reg.primary
	}
	slices.SortStableFunc(all, func(a, b zoom.Region) int {
		switch {
		case a.Code == first && b.Code != first:
			return -1
		case b.Code == first && a.Code != first:
			return 1
		}
		return 0
	})
	for _, r := range all {
		if r.Code == exclude {
			continue
		}
		label := fmt.Sprintf("%-15s %s", r.Code, r.City)
		if r.Code == partner {
			label += "  " + m.t("regions.suggested")
		}
		if zoom.RegionOptIn(r.Code) {
			label += "  " + m.t("regions.optin")
		}
		opts = append(opts, huh.NewOption(label, r.Code))
	}
	return opts
}

// regionsFields are the fields of the first form of the step; shared with
// the accessible mode.
func (m *Model) regionsGroups() []*huh.Group {
	if m.reg.mode == "" {
		m.reg.mode = modeNew
	}
	if m.reg.primary == "" && m.eng != nil {
		m.reg.primary = m.eng.DefaultRegion()
	}
	if m.reg.primary == "" {
		m.reg.primary = zoom.DefaultRegion
	}
	return []*huh.Group{
		huh.NewGroup(huh.NewSelect[string]().Key("mode").Title(m.t("regions.mode")).
			Description(m.t("regions.mode.desc")).Value(&m.reg.mode).
			Options(m.modeOptions()...)),
		huh.NewGroup(huh.NewInput().Key("existing").Title(m.t("regions.existing")).
			Description(m.t("regions.existing.desc")).Placeholder("alias/zoom-cmk").
			Value(&m.reg.existing).Validate(m.validateExisting)).
			WithHideFunc(func() bool { return m.reg.mode != modeExisting }),
		huh.NewGroup(huh.NewSelect[string]().Key("primary").Title(m.t("regions.primary")).
			Description(m.t("regions.primary.desc")).Value(&m.reg.primary).
			Options(m.regionOptions("", "")...).Height(9)).
			WithHideFunc(func() bool { return m.reg.mode == modeExisting && existingARNRegion(m.reg.existing) != "" }),
	}
}

// modeOptions are the choices of key. Once this session made or chose a
// key, the first one keeps it, and a new key needs the explicit last one.
func (m *Model) modeOptions() []huh.Option[string] {
	if m.key.pinned == "" {
		return []huh.Option[string]{huh.NewOption(m.t("regions.mode.new"), modeNew), huh.NewOption(m.t("regions.mode.existing"), modeExisting)}
	}
	id := keyIDOf(m.key.pinned)
	return []huh.Option[string]{huh.NewOption(m.t("regions.mode.keep", id), modeNew),
		huh.NewOption(m.t("regions.mode.existing"), modeExisting),
		huh.NewOption(m.t("regions.mode.startover", id), modeStartOver)}
}

// keyIDOf is the key ID of a key ARN (or the text itself).
func keyIDOf(arn string) string {
	if a, err := zoom.ParseKeyARN(arn); err == nil {
		return a.KeyID
	}
	return arn
}

func (m *Model) regionsForm() tea.Cmd {
	m.reg.phase = regPhaseForm
	return m.setForm(huh.NewForm(m.regionsGroups()...), m.afterRegionsForm)
}

func (m *Model) afterRegionsForm() tea.Cmd {
	if m.reg.mode != modeExisting {
		m.reg.existing = ""
	} else {
		m.reg.existing = strings.TrimSpace(m.reg.existing)
		if r := existingARNRegion(m.reg.existing); r != "" {
			m.reg.primary = r
		}
	}
	return m.replicasForm()
}

// replicasGroup is the replica multi-select, the partner Region pre-selected.
func (m *Model) replicasGroup() *huh.Group {
	partner := ""
	if r, ok := zoom.LookupRegion(m.reg.primary); ok {
		partner = r.Partner
	}
	sel := slices.DeleteFunc(slices.Clone(m.reg.replicas), func(r string) bool { return r == m.reg.primary })
	if m.reg.replicasFor != m.reg.primary {
		// A new primary: suggest its usual partner.
		sel = nil
		if partner != "" {
			sel = []string{partner}
		}
	}
	m.reg.replicas = sel
	return huh.NewGroup(huh.NewMultiSelect[string]().Key("replicas").
		Title(m.t("regions.replicas", zoom.RegionLabel(m.reg.primary))).
		Description(m.t("regions.replicas.desc")).Value(&m.reg.replicas).
		Options(m.regionOptions(m.reg.primary, partner)...).Filterable(true).Height(10))
}

func (m *Model) replicasForm() tea.Cmd {
	m.reg.phase = regPhaseReplicas
	return m.setForm(huh.NewForm(m.replicasGroup()), m.afterReplicas)
}

func (m *Model) afterReplicas() tea.Cmd {
	m.commitRegions()
	return m.advance()
}

// commitRegions records the Regions chosen in the session.
func (m *Model) commitRegions() {
	m.reg.replicas = slices.DeleteFunc(m.reg.replicas, func(r string) bool { return r == m.reg.primary })
	m.reg.replicasFor = m.reg.primary
	s := m.sess
	if m.reg.mode == modeStartOver {
		// The explicit choice of a second key: the first stays in AWS as it
		// is, and this session forgets it.
		m.reg.mode, m.key.pinned, m.key.pinnedAlias = modeNew, "", ""
		m.key.plan, m.key.res, m.key.lines, m.key.phase = nil, nil, nil, keyForm
		s.Keys, s.Policy = nil, ""
	}
	if s.PrimaryRegion != m.reg.primary || s.WizardExistingKey != m.reg.existing {
		// Another key set: what was done for the old one no longer applies.
		s.Keys, s.Policy = nil, ""
	}
	s.PrimaryRegion, s.Replicas, s.WizardExistingKey = m.reg.primary, slices.Clone(m.reg.replicas), m.reg.existing
	if ref, err := zoom.ParseKeyRef(m.reg.existing); err == nil && ref.Alias != "" {
		m.key.alias = ref.Alias
	}
}

func (m *Model) enterRegions() tea.Cmd { return m.regionsForm() }

func (m *Model) updateRegions(msg tea.Msg) tea.Cmd {
	return m.updateForm(msg)
}

func (m *Model) viewRegions() string {
	var b strings.Builder
	if m.reg.phase == regPhaseReplicas {
		what := m.t("regions.summary.new", zoom.RegionLabel(m.reg.primary))
		if m.reg.existing != "" {
			what = m.t("regions.summary.existing", m.reg.existing, zoom.RegionLabel(m.reg.primary))
		}
		b.WriteString(m.st.ok.Render("✓ "+what) + "\n\n")
	}
	if m.form != nil {
		b.WriteString(m.form.View())
	}
	return b.String()
}
