// The root's event routing: Update, the global keys and which keys are on.

package ui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

func (m *Model) formFiltering() bool {
	f, ok := m.focusedFiltering()
	return ok && f
}

// Update is the root of the wizard's event handling.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	defer m.fitChrome() // last: the footer as the keys now make it
	defer m.syncKeys()  // the keys that apply to the screen as it now is
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		if m.form != nil {
			for _, fit := range m.formFits {
				fit() // the texts broken again for the new width
			}
			if w := m.formWidth(); w > 0 {
				m.form = m.form.WithWidth(w) // its fields follow the window
			}
			return m, m.updateForm(msg)
		}
		return m, nil
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	}
	if cmd, ok := m.dr.update(msg); ok {
		return m, cmd
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if m.flash != "" && m.flash == m.resumed {
			m.flash = "" // the resume note stays until the first key
		}
		if cmd, done := m.globalKey(msg); done {
			return m, cmd
		}
		m.flash = "" // a key for the screen: the status of what was done before goes
	case savedMsg:
		if msg.err != nil {
			m.flash = m.st.Bad.Render("✗ " + m.t("flash.saveFailed", msg.err))
		}
		return m, nil
	case copiedMsg:
		m.onCopied(msg)
		return m, nil
	}
	for _, sc := range m.screens {
		if r, ok := sc.(receiver); ok {
			if o, ok := r.receive(msg); ok {
				return m, m.act(o)
			}
		}
	}
	return m, m.screens[m.step].update(msg)
}

// globalKey handles quitting, help and back; done reports that msg was used.
func (m *Model) globalKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	c := m.keys
	if m.scrollKey(msg) { // a body taller than the window (frame.go)
		return nil, true
	}
	if m.quitAsk {
		switch {
		case key.Matches(msg, c.Yes) && !m.writing():
			// The write ended before the answer: nothing is left to stop.
			m.quitAsk = false
			return m.interrupt(), true
		case key.Matches(msg, c.Yes):
			m.quitAsk, m.stopping, m.aborted = false, true, true
			m.cancel() // the engine stops between calls
		case key.Matches(msg, c.No), key.Matches(msg, c.Quit):
			m.quitAsk = false
		}
		return nil, true
	}
	if key.Matches(msg, c.Quit, c.QuitQ) {
		if m.writing() {
			m.quitAsk = true
			return nil, true
		}
		return m.interrupt(), true
	}
	if m.stopping {
		return nil, true
	}
	switch {
	case key.Matches(msg, c.Help):
		m.help.ShowAll = !m.help.ShowAll // fitChrome fits the step's view to it
		return nil, true
	case key.Matches(msg, c.Back, c.FormBack):
		return m.back(), true
	}
	return nil, false
}

// syncKeys turns on the keys that apply to the current screen, and off the
// others, so that what matches is what the help shows.
func (m *Model) syncKeys() {
	c := &m.keys
	back := m.step > flow.StepPrereq && m.canGoBack()
	c.Back.SetEnabled(back && m.form == nil)
	c.FormBack.SetEnabled(back && m.form != nil && !m.formOwnsEsc())
	c.Help.SetEnabled(m.noTextField())
	// q quits like ctrl+c, except in a text field and on the checklist
	// (whose q finishes) and the drill (whose keys are its own).
	c.QuitQ.SetEnabled(m.noTextField() && !m.quitAsk && m.step != flow.StepPortal && !m.dr.on())
	c.Yes.SetEnabled(m.quitAsk)
	c.No.SetEnabled(m.quitAsk)
	c.Quit.SetEnabled(!m.dr.busy()) // during a drill ctrl+c is the drill's
	if m.scrollAt() != m.scroll.at {
		// Another screen: whether it scrolls is known once it is drawn.
		m.scroll = bodyScroll{at: m.scroll.at}
		c.PageUp.SetEnabled(false)
		c.PageDown.SetEnabled(false)
		m.dr.syncScroll(m.scroll)
	}
	if m.dr.on() {
		c.Back.SetEnabled(false)
		c.FormBack.SetEnabled(false)
		c.Help.SetEnabled(m.dr.phase != drConfirm && !m.dr.note)
		m.dr.syncKeys()
	}
	m.screens[m.step].syncKeys()
}

// screenKeys is the keymap of the current screen, its keys switched for
// the moment; nil when a form has the keys.
func (m *Model) screenKeys() help.KeyMap {
	if m.dr.on() {
		return m.dr.keyMap()
	}
	return m.screens[m.step].keyMap()
}

// noTextField reports whether no text field has focus: no form, or a form
// whose focused field takes no typing (a yes/no or a list not filtering),
// so that q and ? can be keys of their own.
func (m *Model) noTextField() bool {
	if m.form == nil {
		return true
	}
	switch m.form.GetFocusedField().(type) {
	case *huh.Confirm, *huh.Select[string], *huh.MultiSelect[string]:
		return !m.formFiltering()
	}
	return false
}

func (m *Model) focusedFiltering() (bool, bool) {
	if m.form == nil {
		return false, false
	}
	if f, ok := m.form.GetFocusedField().(interface{ GetFiltering() bool }); ok {
		return f.GetFiltering(), true
	}
	return false, false
}
