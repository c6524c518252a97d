package ui

import (
	"errors"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Step 2: the primary Region (data residency), the replica Regions, or an
// existing key instead of a new one.

// regPhase is the form the regions step shows.
type regPhase int

const (
	regPhaseForm     regPhase = iota // the key and the primary
	regPhaseReplicas                 // the replicas
	regPhaseLookup                   // the existing key is being read, for its replicas
)

// regionsStep is step 2 on the screen; the choices are in the flow.
type regionsStep struct {
	m     *Model
	phase regPhase

	look lookup // of the existing key; its error is said above the questions, asked again
}

// validateExisting checks an existing key reference on the spot.
func (m *painter) validateExisting(s string) error {
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

// regionNameCol is the column of a Region's name in a list of Regions,
// after its code; a label that wraps goes on under the name.
const regionNameCol = 16

func (m *painter) regionOptions(exclude string, partner string) []huh.Option[string] {
	var opts []huh.Option[string]
	// The suggested (or current) Region first, so the list opens on it with
	// the others below it.
	all := zoom.RegionsIn(m.listPartition(exclude))
	first := partner
	if first == "" {
		first = m.f.Primary
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
	var existing []string
	if exclude != "" {
		existing = m.f.ExistingReplicas()
	}
	for _, r := range all {
		if r.Code == exclude {
			continue
		}
		label := i18n.Pad(r.Code, regionNameCol-1) + " " + zoom.RegionName(m.p(), r.Code)
		if slices.Contains(existing, r.Code) {
			label += "  " + m.t("regions.existingreplica")
		} else if r.Code == partner && len(existing) == 0 {
			label += "  " + m.t("regions.suggested")
		}
		if zoom.RegionOptIn(r.Code) {
			label += "  " + m.t("regions.optin")
		}
		opts = append(opts, huh.NewOption(label, r.Code))
	}
	return opts
}

// listPartition is the partition whose Regions a list offers: a replica
// list the primary's (exclude: a multi-Region key replicates only within its
// partition), the primary's list the caller's once known (GovCloud or China
// credentials see their partition's Regions); "" for every partition.
func (m *painter) listPartition(exclude string) string {
	if exclude != "" {
		return zoom.RegionPartition(exclude)
	}
	if c := m.f.Checks; c.IDDone && c.IDErr == nil {
		return c.ID.Partition
	}
	return ""
}

// regionQuestions are the questions of step 2's first form, shared with the
// accessible mode. They edit the flow's choices (fill in the defaults
// first: flow.RegionDefaults); existing is asked for an existing key, and
// primary unless the existing key's ARN names it (flow.SettleKeyChoice).
type regionQuestions struct {
	mode, existing, primary *huh.Group
	primaryList             *huh.Select[string] // the list of primary's group, for its height
}

func (q regionQuestions) all() []*huh.Group { return []*huh.Group{q.mode, q.existing, q.primary} }

func (m *painter) regionQuestions() regionQuestions {
	primary := fittedOptions(m, fitted(m, huh.NewSelect[string]().Key("primary"), m.t("regions.primary"), m.t("regions.primary.desc")).
		Value(&m.f.Primary), look.SelectMarks(), regionNameCol, m.regionOptions("", "")).Height(9)
	return regionQuestions{
		primaryList: primary,
		mode: huh.NewGroup(fittedOptions(m, fitted(m, huh.NewSelect[string]().Key("mode"), m.t("regions.mode"), m.t("regions.mode.desc")).
			Value(&m.f.Mode), look.SelectMarks(), 0, m.modeOptions())),
		existing: huh.NewGroup(fitted(m, huh.NewInput().Key("existing"), m.t("regions.existing"), m.t("regions.existing.desc")).
			Placeholder(m.t("eg", "alias/zoom-cmk")).
			Value(&m.f.Existing).Validate(fitErr(m, m.validateExisting))).
			WithHideFunc(func() bool { return m.f.Mode != flow.ModeExisting }),
		primary: huh.NewGroup(primary).
			WithHideFunc(func() bool {
				return (m.f.Mode == flow.ModeExisting && flow.ExistingARNRegion(m.f.Existing) != "") || m.f.KeepsPrimary()
			}),
	}
}

// modeLabel is the text of the key choice mode.
func (m *painter) modeLabel(mode string) string {
	for _, o := range m.f.KeyModes() {
		if o[1] == mode {
			return o[0]
		}
	}
	return mode
}

// modeOptions are the flow's choices of key.
func (m *painter) modeOptions() []huh.Option[string] {
	var opts []huh.Option[string]
	for _, o := range m.f.KeyModes() {
		opts = append(opts, huh.NewOption(o[0], o[1]))
	}
	return opts
}

func (m *Model) defaultRegion() string {
	if m.eng == nil {
		return ""
	}
	return m.eng.DefaultRegion()
}

func (s *regionsStep) regionsForm() tea.Cmd {
	m := s.m
	s.phase = regPhaseForm
	m.f.RegionDefaults(m.defaultRegion())
	q := m.regionQuestions()
	// huh gives every group of a form the height of the tallest: the
	// existing key's field, as tall as the list, keeps room under it
	// for its validation error (which lists the known Regions).
	fillRows(&m.painter, q.primaryList, func() int {
		return max(min(s.listRows()-errRoom, primaryRows), s.listRows()-m.errRows())
	})
	return m.setForm(huh.NewForm(q.all()...), s.afterRegionsForm)
}

func (s *regionsStep) afterRegionsForm() tea.Cmd {
	m := s.m
	m.f.SettleKeyChoice()
	if m.f.NeedsLookup() {
		return s.startLookup()
	}
	return s.replicasForm()
}

// startLookup reads the existing key just given (one read-only call), so
// that the replica list knows where it already has replicas.
func (s *regionsStep) startLookup() tea.Cmd {
	m := s.m
	ctx, gen := s.look.start(m.ctx)
	s.phase = regPhaseLookup
	return existingKeyCmd(ctx, m.eng, m.f.Primary, m.f.Existing, gen)
}

// onExistingKey takes the engine's answer about the existing key: its
// replicas ticked on the replica list, or, when the key cannot be read or
// used, the reason above the questions, asked again (the key or its Region
// corrected, or the same answers to read it again).
func (s *regionsStep) onExistingKey(msg existingKeyMsg) tea.Cmd {
	m := s.m
	if msg.gen != s.look.gen || s.phase != regPhaseLookup || m.step != flow.StepRegions {
		return nil // gone back, or asked again, before this answer came
	}
	s.look.stop()
	if msg.err != nil {
		cmd := s.regionsForm()
		s.look.err = msg.err
		return cmd
	}
	m.f.RecordExistingKey(msg.ref, msg.region, msg.key)
	return s.replicasForm()
}

// existingReplicasNote says where the existing key already has replicas.
func (m *painter) existingReplicasNote(rs []string) string {
	if len(rs) == 0 {
		return m.t("regions.lookup.noreplicas")
	}
	return m.t("regions.lookup.replicas", strings.Join(rs, ", "))
}

// replicasGroup is the replica multi-select, with the partner Region
// suggested (preselect with flow.ReplicaDefaults first), rows high.
func (m *painter) replicasGroup(rows func() int) *huh.Group {
	partner := m.f.Partner()
	return huh.NewGroup(fillRows(m, fittedOptions(m, fitted(m, huh.NewMultiSelect[string]().Key("replicas"),
		m.t("regions.replicas", m.region(m.f.Primary)), m.t("regions.replicas.desc")).Value(&m.f.Replicas),
		look.MultiMarks(), regionNameCol, m.regionOptions(m.f.Primary, partner)).Filterable(true), rows))
}

func (s *regionsStep) replicasForm() tea.Cmd {
	m := s.m
	s.phase = regPhaseReplicas
	m.f.ReplicaDefaults()
	// The list takes the height there is below the summary.
	return m.setForm(huh.NewForm(m.replicasGroup(s.listRows)), s.afterReplicas)
}

// errRoom is the lines the existing key's field, as tall as the primary's
// list, keeps under it for its validation error on a small screen (a blank
// line, and the error on up to three lines); primaryRows the lines the
// list takes at most there, title and description included. A larger
// screen gives the list all its height but errRows, so that the longest
// error still shows whole under that field.
const errRoom, primaryRows = 4, 12

// errRows is the lines the longest validation error of the existing key's
// field takes at the form's width (an unknown Region's, which lists the
// known ones), and a blank line.
func (m *painter) errRows() int {
	err := fitErr(m, m.validateExisting)("arn:aws:kms:xx-east-9:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab")
	if err == nil {
		return errRoom
	}
	return strings.Count(err.Error(), "\n") + 2
}

// listRows is the height the step's list takes: the body's, less what
// the step shows above its form.
func (s *regionsStep) listRows() int {
	return s.m.bodyHeight() - strings.Count(s.head(), "\n")
}

func (s *regionsStep) afterReplicas() tea.Cmd {
	m := s.m
	m.f.CommitRegions()
	return m.advance()
}

func (s *regionsStep) enter() tea.Cmd {
	s.look.stop()
	s.look.err = nil
	return s.regionsForm()
}

func (s *regionsStep) update(msg tea.Msg) tea.Cmd {
	m := s.m
	return m.updateForm(msg)
}

func (s *regionsStep) view() string {
	return s.head() + s.m.formView()
}

// head is what the step shows above its form.
func (s *regionsStep) head() string {
	m := s.m
	w := m.bodyWidth()
	var b strings.Builder
	switch {
	case s.phase == regPhaseReplicas:
		what := m.keySummary() // which key: kept, existing or new (keyuse.go)
		// Broken at spaces (an ARN kept whole), its next lines under its text.
		b.WriteString(m.st.OK.Render(m.hangFit("✓ "+what, 2)) + "\n")
		if rs, ok := m.f.LookedReplicas(); ok {
			b.WriteString(look.Fit("  "+m.existingReplicasNote(rs), w) + "\n")
		}
		if m.f.KeepsPrimary() {
			b.WriteString(look.Fit("  "+m.t("regions.kept.primary", m.region(m.f.Primary)), w) + "\n")
		}
		b.WriteString("\n")
	case s.phase == regPhaseLookup:
		b.WriteString(m.spin.View() + " " + look.Fit(m.t("regions.lookup.running", m.f.Existing, m.region(m.f.Primary)), w-2) + "\n")
	case s.look.err != nil:
		b.WriteString(m.st.Bad.Render(look.Fit("✗ "+m.t("regions.lookup.failed", m.f.Existing, m.region(m.f.Primary)), w)) + "\n")
		b.WriteString(m.errorBlock(s.look.err, w) + "\n")
		b.WriteString(look.Fit(m.t("regions.lookup.again"), w) + "\n\n")
	}
	return b.String()
}
