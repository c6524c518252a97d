package ui

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// The wizard's steps, in order, each in one entry of the table below:
// adding a step is its ID in the flow's list (flow/flow_steps.go), an entry
// here and the step's own files (its screen, its plain prompts, its keys
// in keymaps.go and its texts in both catalogues). TestStepsTableIsComplete
// fails when an entry lacks its ID, screen, plain prompts or title (the
// compiler asks for the keys: setKeys is in the screen interface). The root model and the plain face know
// the steps only through this table and the screen interface: no step has
// a field of the root, and a step asks the root for what only the root may
// do with an outcome.

// stepDef is everything one step is.
type stepDef struct {
	// screen builds its full-screen face over the root m.
	screen func(m *Model) screen
	// plain asks its questions as plain prompts (the accessible face).
	plain func(a *plain) error
}

// steps is the table of the steps, indexed by step.
var steps = stepTable()

func stepTable() [flow.NumSteps]stepDef {
	return [flow.NumSteps]stepDef{
		flow.StepPrereq:  {screen: func(m *Model) screen { return &prereqStep{m: m} }, plain: (*plain).prereq},
		flow.StepRegions: {screen: func(m *Model) screen { return &regionsStep{m: m} }, plain: (*plain).regions},
		flow.StepKey:     {screen: func(m *Model) screen { return &keyStep{m: m} }, plain: (*plain).key},
		flow.StepAlerts:  {screen: func(m *Model) screen { return &alertsStep{m: m} }, plain: (*plain).alerts},
		flow.StepPolicy:  {screen: func(m *Model) screen { return &policyStep{m: m} }, plain: (*plain).policy},
		flow.StepARNs:    {screen: func(m *Model) screen { return &arnsStep{m: m} }, plain: (*plain).arns},
		flow.StepPortal:  {screen: func(m *Model) screen { return &portalStep{m: m} }, plain: (*plain).portal},
	}
}

// screen is one step of the wizard on the full screen, as the root model
// sees it. Each step owns its state, its keys and its view; it reads what
// the steps share from the flow (m.f), never another step's fields, and
// uses the root model only for the frame: the current form, saving,
// advancing and quitting, the size, the spinner, the catalogue and the
// styles. What only the root may decide (ending the wizard, the language)
// a step returns as an outcome.
type screen interface {
	enter() tea.Cmd             // show the step (again)
	update(msg tea.Msg) tea.Cmd // a message while the step shows
	view() string               // the body between the header and the footer
	syncKeys()                  // switch the step's keys for the moment
	keyMap() help.KeyMap        // the keys of what it shows now; nil when a form has them
	setKeys(km keyMaps)         // take its keys from the keymaps (in the language now)
	back() (tea.Cmd, bool)      // esc within the step; false: to the step before
	canLeave() bool             // false while esc must stay (a call in flight, an overlay)
	resize()                    // the window changed size
}

// A screen may also be any of these.
type (
	// receiver takes the answers of its commands, whichever step shows
	// (the message types say whose they are); ok: msg was its own.
	receiver interface {
		receive(msg tea.Msg) (o outcome, ok bool)
	}
	// writer is a step that writes to AWS; the root asks before ctrl+c
	// stops a write in flight.
	writer interface{ writing() bool }
	// starter has work to start with the wizard, whichever step it
	// starts at (the live checks of step 1).
	starter interface{ start() tea.Cmd }
	// quitter keeps what was typed so far when the wizard ends on it.
	quitter interface{ beforeQuit() }
	// stater names the state it shows, so that the frame knows when the
	// screen changed (the body's scrolling starts again).
	stater interface{ state() any }
	// focuser is a screen with a line that must show when the frame
	// scrolls its body: the item chosen with the arrows.
	focuser interface{ focusLine() int } // -1: none
)

// outcome is what a step hands back to the root: a command to run, and
// what only the root may do about it. The root acts on it (act); a step
// never writes the root's fields.
type outcome struct {
	cmd tea.Cmd
	// wrote: a write to AWS has returned (err its error, cut the calls
	// it left with an unknown outcome when the user stopped it); when the
	// user asked to stop it, the wizard ends here.
	wrote bool
	err   error
	cut   cutCalls
	// practice: leave for practice mode (WantsPractice).
	practice bool
	// lang: speak this language from now on.
	lang i18n.Lang
}

// then is the outcome of a step that only runs cmd.
func then(cmd tea.Cmd) outcome { return outcome{cmd: cmd} }

// act does what the outcome of a step asks.
func (m *Model) act(o outcome) tea.Cmd {
	switch {
	case o.lang != "":
		return tea.Batch(o.cmd, m.setLang(o.lang))
	case o.practice:
		// The command line starts practice mode and the wizard again in
		// it (ErrPractice); the real session is left as it was.
		m.practice = true
		m.quitting = true
		m.cancel()
		return tea.Batch(o.cmd, tea.Quit)
	case o.wrote && m.stopping:
		// Stopped, unless the write finished before the stop reached it.
		if o.err != nil {
			m.cutOff = o.cut
		}
		m.aborted = o.err != nil
		return tea.Sequence(o.cmd, m.interrupt())
	}
	return o.cmd
}

// newScreens builds the full-screen face of every step.
func (m *Model) newScreens() {
	m.screens = make([]screen, flow.NumSteps)
	for s, d := range steps {
		m.screens[s] = d.screen(m)
	}
}

// screenStates are the states the steps show (stater), for scrollAt.
func (m *Model) screenStates() []any {
	var out []any
	for _, sc := range m.screens {
		if st, ok := sc.(stater); ok {
			out = append(out, st.state())
		}
	}
	return out
}
