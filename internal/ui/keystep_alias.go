package ui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
)

// Step 3's questions in two forms: the alias, then what the key needs
// (the description and tags of a new key, and rotation). Between them, and
// before the first, the engine reads what the alias names in the primary
// Region (flow.NeedsAliasLookup): when it already names a key set, the step
// says so and does not ask what only a new key needs.

// aliasForm asks for the alias.
func (s *keyStep) aliasForm() tea.Cmd {
	m := s.m
	s.phase, s.second = keyForm, false
	return m.setForm(huh.NewForm(m.keyQuestions().alias), s.afterAlias)
}

func (s *keyStep) afterAlias() tea.Cmd {
	m := s.m
	m.f.SettleAlias()
	if m.f.NeedsAliasLookup() {
		return s.startAliasLookup(true)
	}
	return s.detailsForm()
}

// detailsForm asks what the key needs besides its alias.
func (s *keyStep) detailsForm() tea.Cmd {
	m := s.m
	s.phase, s.second, s.look.err = keyForm, true, nil
	q := m.keyQuestions()
	return m.setForm(huh.NewForm(q.details, q.rotation), s.afterKeyForm)
}

// startAliasLookup reads the alias (one read-only call); then, when it
// follows the alias form, the second form comes, else the alias form.
func (s *keyStep) startAliasLookup(then bool) tea.Cmd {
	m := s.m
	ctx, gen := s.look.start(m.ctx)
	m.form, m.onForm = nil, nil
	s.phase, s.lookFor = keyLookup, then
	return aliasKeyCmd(ctx, m.eng, m.f.Primary, m.f.Alias, gen)
}

// onAliasKey takes the engine's answer about the alias: the key set it
// names (or none), or, when it cannot be read or used, the reason above the
// alias, asked again.
func (s *keyStep) onAliasKey(msg aliasKeyMsg) tea.Cmd {
	m := s.m
	if msg.gen != s.look.gen || s.phase != keyLookup || m.step != flow.StepKey {
		return nil // gone back, or asked again, before this answer came
	}
	s.look.stop()
	if msg.err != nil {
		cmd := s.aliasForm()
		s.look.err = msg.err
		return cmd
	}
	m.f.RecordAlias(msg.alias, msg.region, msg.key)
	if s.lookFor {
		return s.detailsForm()
	}
	return s.aliasForm()
}

// viewLookup is what stands above the alias: the lookup running, or why it
// failed.
func (s *keyStep) viewLookup(w int) string {
	m := s.m
	switch {
	case s.phase == keyLookup:
		return m.spin.View() + " " + look.Fit(m.t("key.lookup.running", m.f.Alias, m.region(m.f.Primary)), w-2) + "\n"
	case s.look.err != nil && !s.second:
		return m.st.Bad.Render(look.Fit("✗ "+m.t("key.lookup.failed", m.f.Alias, m.region(m.f.Primary)), w)) + "\n" +
			m.errorBlock(s.look.err, w) + "\n" + look.Fit(m.t("key.lookup.again"), w) + "\n\n"
	}
	return ""
}
