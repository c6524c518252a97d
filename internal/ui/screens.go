package ui

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
)

// screen is one step of the wizard on the full screen, as the root model
// sees it. Each step (prereq.go, regions.go, keystep.go, policy.go, arns.go,
// portal.go) owns its state, its keys and its view; it reads what the steps
// share from the flow (m.f), never another step's fields, and uses the root
// model only for the frame: the current form, saving, advancing and
// quitting, the size, the spinner, the catalogue and the styles.
type screen interface {
	enter() tea.Cmd             // show the step (again)
	update(msg tea.Msg) tea.Cmd // a message while the step shows
	view() string               // the body between the header and the footer
	syncKeys()                  // switch the step's keys for the moment
	keyMap() help.KeyMap        // the keys of what it shows now; nil when a form has them
	back() (tea.Cmd, bool)      // esc within the step; false: to the step before
	canLeave() bool             // false while esc must stay (a call in flight, an overlay)
	resize()                    // the window changed size
}

// focuser is a screen with a line that must show when the frame scrolls
// its body: the item chosen with the arrows.
type focuser interface{ focusLine() int } // -1: none

var (
	_ screen = (*prereqStep)(nil)
	_ screen = (*regionsStep)(nil)
	_ screen = (*keyStep)(nil)
	_ screen = (*policyStep)(nil)
	_ screen = (*arnsStep)(nil)
	_ screen = (*portalStep)(nil)
)

// Step 1.

func (s *prereqStep) keyMap() help.KeyMap   { return s.keys }
func (s *prereqStep) back() (tea.Cmd, bool) { return nil, false }
func (s *prereqStep) canLeave() bool        { return true }
func (s *prereqStep) resize()               {}

// Step 2.

func (s *regionsStep) syncKeys()           {}
func (s *regionsStep) keyMap() help.KeyMap { return nil }
func (s *regionsStep) canLeave() bool      { return true }
func (s *regionsStep) resize()             {}

// back from the replicas, or from the lookup of an existing key (which it
// ends), goes to the key and primary Region.
func (s *regionsStep) back() (tea.Cmd, bool) {
	s.stopLookup()
	s.lookErr = nil
	if s.phase == regPhaseLookup {
		return s.regionsForm(), true
	}
	if s.phase == regPhaseReplicas {
		s.m.f.keepReplicaTicks()
		return s.regionsForm(), true
	}
	return nil, false
}

// Step 3.

func (s *keyStep) keyMap() help.KeyMap { return s.keys }

// writing reports whether a write to AWS is in flight.
func (s *keyStep) writing() bool { return s.phase == keyApplying }

// back from the plan or an outcome goes to the questions; from the
// second form or the alias's lookup (which it ends), to the alias.
func (s *keyStep) back() (tea.Cmd, bool) {
	if s.phase == keyLookup || (s.phase == keyForm && s.second) {
		s.stopLookup()
		return s.aliasForm(), true
	}
	if s.phase != keyForm {
		s.phase = keyForm
		return s.keyForm(), true
	}
	return nil, false
}

// canLeave: not while the plan is made or the writes run, nor from the
// plan itself, where esc is its own "back and change".
func (s *keyStep) canLeave() bool {
	switch s.phase {
	case keyPlanning, keyApplying:
		return false
	case keyConfirm:
		return s.m.form != nil
	}
	return true
}

// Step 4.

func (s *policyStep) keyMap() help.KeyMap   { return s.keys }
func (s *policyStep) back() (tea.Cmd, bool) { return nil, false }
func (s *policyStep) canLeave() bool        { return true }

// Step 5.

func (s *arnsStep) keyMap() help.KeyMap   { return s.keys }
func (s *arnsStep) back() (tea.Cmd, bool) { return nil, false }
func (s *arnsStep) canLeave() bool        { return true }
func (s *arnsStep) resize()               {}

// Step 6.

func (s *portalStep) back() (tea.Cmd, bool) { return nil, false }

// focusLine is the checklist's selected item (not under an overlay).
func (s *portalStep) focusLine() int {
	if s.overlay != overlayNone {
		return -1
	}
	return s.focus
}
func (s *portalStep) canLeave() bool { return s.overlay == overlayNone }

// keyMap is the checklist's keys, or the overlay's over it.
func (s *portalStep) keyMap() help.KeyMap {
	switch s.overlay {
	case overlayEmails, overlayDataTypes, overlayTicketInfo, overlayRunbook:
		return s.formKeys
	case overlayTicket:
		return s.ticketKeys
	case overlayVerify:
		return s.verifyKeys
	}
	return s.keys
}
