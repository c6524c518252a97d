package ui

import (
	"context"

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
	s.phase, s.second, s.lookErr = keyForm, true, nil
	q := m.keyQuestions()
	return m.setForm(huh.NewForm(q.details, q.rotation), s.afterKeyForm)
}

// startAliasLookup reads the alias (one read-only call); then, when it
// follows the alias form, the second form comes, else the alias form.
func (s *keyStep) startAliasLookup(then bool) tea.Cmd {
	m := s.m
	s.stopLookup()
	ctx, cancel := context.WithCancel(m.ctx) // stopLookup moved lookGen on: an answer of the last lookup is stale
	m.form, m.onForm = nil, nil
	s.phase, s.cancel, s.lookErr, s.lookFor = keyLookup, cancel, nil, then
	return aliasKeyCmd(ctx, m.eng, m.f.Primary, m.f.Alias, s.lookGen)
}

// stopLookup ends the lookup in flight, if any; its answer is then ignored.
func (s *keyStep) stopLookup() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.lookGen++
}

// onAliasKey takes the engine's answer about the alias: the key set it
// names (or none), or, when it cannot be read or used, the reason above the
// alias, asked again.
func (s *keyStep) onAliasKey(msg aliasKeyMsg) tea.Cmd {
	m := s.m
	if msg.gen != s.lookGen || s.phase != keyLookup || m.step != flow.StepKey {
		return nil // gone back, or asked again, before this answer came
	}
	s.stopLookup()
	if msg.err != nil {
		cmd := s.aliasForm()
		s.lookErr = msg.err
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
	case s.lookErr != nil && !s.second:
		return m.st.Bad.Render(look.Fit("✗ "+m.t("key.lookup.failed", m.f.Alias, m.region(m.f.Primary)), w)) + "\n" +
			m.errorBlock(s.lookErr, w) + "\n" + look.Fit(m.t("key.lookup.again"), w) + "\n\n"
	}
	return ""
}
