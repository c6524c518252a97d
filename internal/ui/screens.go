package ui

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
)

// The parts of each step's screen that are one line each; the interfaces
// they implement are in steps.go.

var (
	_ screen = (*prereqStep)(nil)
	_ screen = (*regionsStep)(nil)
	_ screen = (*keyStep)(nil)
	_ screen = (*policyStep)(nil)
	_ screen = (*arnsStep)(nil)
	_ screen = (*portalStep)(nil)
	_ screen = (*alertsStep)(nil)

	_ receiver = (*prereqStep)(nil)
	_ receiver = (*regionsStep)(nil)
	_ receiver = (*keyStep)(nil)
	_ receiver = (*portalStep)(nil)
	_ writer   = (*keyStep)(nil)
	_ writer   = (*alertsStep)(nil)
	_ receiver = (*alertsStep)(nil)
	_ starter  = (*prereqStep)(nil)
	_ quitter  = (*keyStep)(nil)
	_ stater   = (*keyStep)(nil)
)

// Step 1.

func (s *prereqStep) keyMap() help.KeyMap { return s.keys }
func (s *prereqStep) setKeys(km keyMaps)  { s.keys = km.prereq }
func (s *prereqStep) state() any          { return s.askAccount }
func (s *prereqStep) start() tea.Cmd      { return s.startPrereqChecks() }

// receive takes the answers of the live checks.
func (s *prereqStep) receive(msg tea.Msg) (outcome, bool) {
	switch msg := msg.(type) {
	case identityMsg:
		return then(s.onIdentity(msg)), true
	case probeMsg:
		return then(s.onProbe(msg)), true
	}
	return outcome{}, false
}
func (s *prereqStep) back() (tea.Cmd, bool) { return nil, false }
func (s *prereqStep) canLeave() bool        { return true }
func (s *prereqStep) resize()               {}

// Step 2.

func (s *regionsStep) syncKeys()       {}
func (s *regionsStep) setKeys(keyMaps) {}
func (s *regionsStep) state() any      { return s.phase }

// receive takes the read of an existing key.
func (s *regionsStep) receive(msg tea.Msg) (outcome, bool) {
	if msg, ok := msg.(existingKeyMsg); ok {
		return then(s.onExistingKey(msg)), true
	}
	return outcome{}, false
}
func (s *regionsStep) keyMap() help.KeyMap { return nil }
func (s *regionsStep) canLeave() bool      { return true }
func (s *regionsStep) resize()             {}

// back from the replicas, or from the lookup of an existing key (which it
// ends), goes to the key and primary Region.
func (s *regionsStep) back() (tea.Cmd, bool) {
	s.look.stop()
	s.look.err = nil
	if s.phase == regPhaseLookup {
		return s.regionsForm(), true
	}
	if s.phase == regPhaseReplicas {
		s.m.f.KeepReplicaTicks()
		return s.regionsForm(), true
	}
	return nil, false
}

// Step 3.

func (s *keyStep) keyMap() help.KeyMap { return s.keys }
func (s *keyStep) setKeys(km keyMaps)  { s.keys = km.key }
func (s *keyStep) state() any          { return s.phase }

// receive takes the alias's lookup, the plan, the apply's events and its
// end.
func (s *keyStep) receive(msg tea.Msg) (outcome, bool) {
	switch msg := msg.(type) {
	case aliasKeyMsg:
		return then(s.onAliasKey(msg)), true
	case planMsg:
		return then(s.onPlan(msg)), true
	case applyEventMsg:
		return then(s.onApplyEvent(msg)), true
	case applyDoneMsg:
		return s.onApplyDone(msg), true
	}
	return outcome{}, false
}

// beforeQuit keeps the answers typed in the key step's form so far, for
// a resume.
func (s *keyStep) beforeQuit() {
	if s.phase == keyForm {
		s.m.f.CommitKey()
	}
}

// writing reports whether a write to AWS is in flight.
func (s *keyStep) writing() bool { return s.phase == keyApplying }

// back from the plan or an outcome goes to the questions; from the
// second form or the alias's lookup (which it ends), to the alias.
func (s *keyStep) back() (tea.Cmd, bool) {
	if s.phase == keyLookup || (s.phase == keyForm && s.second) {
		s.look.stop()
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
func (s *policyStep) setKeys(km keyMaps)    { s.keys = km.policy }
func (s *policyStep) back() (tea.Cmd, bool) { return nil, false }
func (s *policyStep) canLeave() bool        { return true }

// Step 5.

func (s *arnsStep) keyMap() help.KeyMap   { return s.keys }
func (s *arnsStep) setKeys(km keyMaps)    { s.keys = km.arns }
func (s *arnsStep) back() (tea.Cmd, bool) { return nil, false }
func (s *arnsStep) canLeave() bool        { return true }
func (s *arnsStep) resize()               {}

// Step 6.

func (s *portalStep) back() (tea.Cmd, bool) { return nil, false }
func (s *portalStep) state() any            { return s.overlay }

// receive takes the runbook written, the code exported and a verify.
func (s *portalStep) receive(msg tea.Msg) (outcome, bool) {
	switch msg := msg.(type) {
	case exportedMsg:
		return then(s.onExported(msg)), true
	case codeExportedMsg:
		s.onCodeExported(msg)
		return outcome{}, true
	case verifiedMsg:
		s.onVerified(msg)
		return then(s.m.save()), true // the latest verify, for the runbook
	}
	return outcome{}, false
}
func (s *portalStep) setKeys(km keyMaps) {
	s.keys, s.formKeys, s.ticketKeys, s.verifyKeys = km.portal, km.form, km.ticket, km.verify
}

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
