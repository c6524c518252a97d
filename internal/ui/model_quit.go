// How the wizard stops: quitting, ctrl+c, a write in flight, and going back.

package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// writing reports whether a write to AWS is in flight.
func (m *Model) writing() bool {
	for _, sc := range m.screens {
		if w, ok := sc.(writer); ok && w.writing() {
			return true
		}
	}
	return false
}

// interrupt ends the wizard for ctrl+c: the command line says what was
// and was not changed (Interrupted) and exits 130.
func (m *Model) interrupt() tea.Cmd {
	m.interrupted = true
	return m.quit()
}

// Interrupted is the error of a wizard that ctrl+c ended, whose text says
// what was written to AWS in this run and what was not; nil otherwise.
func (m *Model) Interrupted() error {
	if !m.interrupted {
		return nil
	}
	return m.f.Interrupted(m.drillEnabled)
}

// quit ends the wizard; the caller prints the ARNs afterwards.
func (m *Model) quit() tea.Cmd {
	m.quitting = true
	m.cancel()
	if !m.f.Saves() {
		return tea.Quit
	}
	if q, ok := m.screens[m.step].(quitter); ok {
		q.beforeQuit() // answers typed so far, for a resume
	}
	// The session as it stands (a key a plan found, too), for a resume.
	return tea.Sequence(m.save(), tea.Quit)
}

// canGoBack reports whether esc may leave the current screen.
func (m *Model) canGoBack() bool { return m.screens[m.step].canLeave() }

// back goes one screen back: within a step first, then to the step before.
func (m *Model) back() tea.Cmd {
	if cmd, ok := m.screens[m.step].back(); ok {
		return cmd
	}
	if m.step == flow.StepPrereq {
		return nil
	}
	return m.enter(m.step - 1)
}
