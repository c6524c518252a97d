// Package ui is the terminal wizard: seven steps from the prerequisites to
// the Zoom web-portal checklist, over the engine in internal/setup. The
// steps are one table (steps.go): a step is its entry there and its files.
//
// One flow, two faces. The flow (internal/ui/flow) holds the choices, the
// session and every decision of the steps, with no terminal in it; this
// package is the two faces that drive it, and the door (door.go: Config,
// the errors) its caller passes through. The full-screen face is the
// bubbletea model: the root (this file) routes messages to the current step
// and owns the frame (frame.go: header, footer, help), the current form,
// saving and quitting; each step is a screen (steps.go, screens.go) in its
// own file (prereq.go, regions.go, keystep.go and keystep_view.go for the
// KMS key, alertstep.go for the tamper alerts, policy.go, arns.go,
// portal.go) with its own state, keys (keymaps.go) and view. The accessible
// face (accessible*.go) asks the same questions as plain prompts. Both draw
// with the painter (painter.go): the text of the checks, the plan and the
// policy, and the form builders, from the flow alone. What lays text out
// at a width and knows neither the flow nor the model (line breaking,
// restyling a broken line, the styles, the forms' theme) is
// internal/ui/look's. Every side effect of the full screen is a tea.Cmd in
// tasks.go whose result comes back as a tea message (messages.go). Every
// string the user sees comes from the flow's message catalogue (over
// internal/i18n). The documents made from the session (the runbook, the
// support ticket, the exit summary, the incomplete-set note) are
// internal/docs's: the wizard prints them from there, as the command line
// does.
//
// The key-outage drill opens over the Zoom-portal step, and
// first of all when the session records a drill in progress: drill.go (the
// screen), drill_keys.go, drill_tasks.go (its commands and messages),
// drill_view.go (its texts, shared with accessible_drill.go) and
// flow/flow_drill.go (options, consent and the record, no terminal).
package ui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
)

var _ Engine = (*setup.Engine)(nil)

// Model is the wizard's root model.
type Model struct {
	painter // the catalogue, styles, spinner and flow, and what draws with them alone
	cfg     Config
	eng     Engine
	keys    commonKeys
	help    help.Model

	ctx    context.Context // cancelled when the wizard ends
	cancel context.CancelFunc

	width, height int
	step          flow.Step

	form     *huh.Form      // the current step's form, if any
	onForm   func() tea.Cmd // called once when form completes
	formFits []func()       // fit the form's texts to a new width (fitted)

	// The steps (steps.go), each owning its state, keys and view, by
	// step. The root knows them only as screens.
	screens []screen
	dr      *drillScreen // the key-outage drill over the steps (drill.go)

	quitAsk  bool // ctrl+c during a write: asking first
	stopping bool // the user chose to stop a write; quit when Apply returns
	quitting bool
	aborted  bool // quit while a write was in flight
	// interrupted: ctrl+c ended the wizard (Interrupted); drillEnabled the
	// Regions a drill it ended enabled again.
	interrupted  bool
	drillEnabled []string
	practice     bool       // p on the no-credentials check: practice mode wanted (WantsPractice)
	cutOff       cutCalls   // key-creating calls the stop cut off mid-way (ExitNote)
	flash        string     // one-line status under the body
	resumed      string     // the "resumed at step N" note while it shows
	cut          int        // lines the last View cut at the window's edge (a layout fault)
	hidden       int        // body lines the last View dropped below the window (out of reach: a layout fault)
	scroll       bodyScroll // the window of a body taller than the room (frame.go)
	chrome       int        // lines the header and footer took when the step was last fitted (fitChrome)
}

// New builds the wizard. It does no I/O.
func New(cfg Config) *Model {
	cfg = withDefaults(cfg)
	parent := cfg.Context
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	f := flow.New(cfg)
	m := &Model{painter: newPainter(f), cfg: cfg, eng: cfg.Engine, help: help.New(), ctx: ctx, cancel: cancel}
	m.newScreens()
	m.dr = newDrillScreen(m, drillKeys{})
	m.setKeyMaps()
	m.step = f.Resume()
	if rec := f.ActiveDrill(); rec != nil && !cfg.DryRun && f.DrillEngine() != nil {
		m.dr.openRestore(rec) // a drill was killed: its restore comes first
	}
	m.syncKeys()
	return m
}

// setKeyMaps gives every screen its keys, with their help in the
// catalogue's language.
func (m *Model) setKeyMaps() {
	km := newKeyMaps(m.t, otherLang(m.f.Cat.Lang()))
	m.keys = km.common
	for _, sc := range m.screens {
		sc.setKeys(km)
	}
	m.dr.keys = km.drill
}

// setLang switches the wizard to language l from now on, on every screen
// (the flow holds the language: flow.SetLang), and keeps the choice in the
// session. The questions of the first screen, if they show, start again in l.
func (m *Model) setLang(l i18n.Lang) tea.Cmd {
	m.f.SetLang(l)
	m.setKeyMaps()
	return tea.Batch(m.save(), m.enter(m.step))
}

// Lang is the language the wizard speaks now.
func (m *Model) Lang() i18n.Lang { return m.f.Cat.Lang() }

// ChosenLang is the language the wizard starts in: --lang when given
// (LangGiven), else the language saved in the session, else cfg.Lang (the
// locale's).
func ChosenLang(cfg Config) i18n.Lang {
	return docs.LangFor(cfg.Session, cfg.Lang, cfg.LangGiven)
}

// withDefaults fills in what a Config may leave out.
func withDefaults(cfg Config) Config {
	if cfg.Lang == "" && !cfg.Catalogue.IsZero() {
		cfg.Lang = cfg.Catalogue.Lang()
	}
	if l := ChosenLang(cfg); cfg.Catalogue.IsZero() || l != cfg.Lang {
		cfg.Lang = l
		cfg.Catalogue = CatalogueFor(l)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return cfg
}

// Init starts the live checks and the first screen.
func (m *Model) Init() tea.Cmd {
	defer m.syncKeys()
	if m.dr.on() {
		return m.spin.Tick // the restore screen first; the steps after it
	}
	return tea.Batch(m.startSteps(), m.spin.Tick)
}

// startSteps starts the live checks and the current step.
func (m *Model) startSteps() tea.Cmd {
	cmds := []tea.Cmd{m.enter(m.step)}
	if m.step > flow.StepPrereq {
		m.flash = m.resumedNote()
		m.resumed = m.flash
	}
	for _, sc := range m.screens {
		if st, ok := sc.(starter); ok {
			cmds = append(cmds, st.start())
		}
	}
	return tea.Batch(cmds...)
}

// enter shows step s.
func (m *Model) enter(s flow.Step) tea.Cmd {
	m.step = s
	m.form, m.onForm = nil, nil
	m.flash = ""
	return m.screens[s].enter()
}

// advance records that step s is done and shows the next one.
func (m *Model) advance() tea.Cmd {
	if m.step+1 >= flow.NumSteps {
		return nil
	}
	next := m.f.Advance(m.step)
	return tea.Batch(m.save(), m.enter(next))
}

// save writes the session file, except in a dry run.
func (m *Model) save() tea.Cmd {
	if !m.f.Saves() {
		return nil
	}
	return saveCmd(m.cfg.StatePath, m.f.Sess)
}

func (m *Model) dryRun() bool { return m.f.DryRun() }

// setForm makes f the current form; done runs once when it completes.
func (m *Model) setForm(f *huh.Form, done func() tea.Cmd) tea.Cmd {
	f = f.WithShowHelp(false).WithTheme(look.FormTheme()).WithKeyMap(m.formKeyMap())
	if w := m.formWidth(); w > 0 {
		f = f.WithWidth(w)
	}
	m.form, m.onForm = f, done
	m.formFits, m.fits = m.fits, nil
	init := f.Init()
	if m.width <= 0 || m.height <= 0 {
		return init
	}
	// Sized now rather than when the terminal answers Init's request for
	// the size (after the text cursor's first blink, half a second later):
	// until then huh keeps the heights it measured before the form had its
	// width, and a field whose text wraps loses its last lines (the input).
	_, size := f.Update(tea.WindowSizeMsg{Width: m.width, Height: m.height})
	return tea.Batch(init, size)
}

// updateForm forwards msg to the current form.
func (m *Model) updateForm(msg tea.Msg) tea.Cmd {
	if m.form == nil {
		return nil
	}
	f, cmd := m.form.Update(msg)
	if ff, ok := f.(*huh.Form); ok {
		m.form = ff
	}
	switch m.form.State {
	case huh.StateCompleted:
		done := m.onForm
		m.form, m.onForm = nil, nil
		if done != nil {
			return tea.Batch(cmd, done())
		}
	case huh.StateAborted:
		m.form, m.onForm = nil, nil
	}
	return cmd
}

// writing reports whether a write to AWS is in flight.
func (m *Model) writing() bool {
	for _, sc := range m.screens {
		if w, ok := sc.(writer); ok && w.writing() {
			return true
		}
	}
	return false
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

func (m *Model) resize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.help.Width = m.width
	m.wrapW = m.bodyWidth()
	m.formW = m.formWidth()
	for _, sc := range m.screens {
		sc.resize()
	}
}

func (m *Model) bodyWidth() int { return min(m.width, 100) }

// formWidth is the width a form is given: huh draws its fields one column
// wider than that (the focus bar), and a form must fit the window.
func (m *Model) formWidth() int { return min(m.bodyWidth(), m.width-1) }

// bodyHeight is the number of lines left for the step below the header and
// above the status and help lines.
//
// It is measured: the header (its tags may take a line more) and the
// footer (the full help, a status line that wraps) as they are drawn now,
// less one line that the scrolling views use for "more below".
func (m *Model) bodyHeight() int {
	if m.height <= 0 {
		return 1
	}
	return max(m.height-lipgloss.Height(m.viewHeader())-lipgloss.Height(m.viewFooter())-1, 1)
}

// fitChrome fits the step's scrolling view again when the header and
// footer changed height (a status line that wraps, the full help), so
// that the body never runs past the window around a view that scrolls.
func (m *Model) fitChrome() {
	if m.height <= 0 {
		return
	}
	if h := m.height - m.bodyHeight(); h != m.chrome {
		m.chrome = h
		m.screens[m.step].resize()
	}
}

// ARNs returns the key ARNs, primary first, for printing after the wizard ends.
func (m *Model) ARNs() []state.Key {
	var out []state.Key
	for _, k := range m.f.Sess.Keys {
		if k.ARN != "" {
			out = append(out, k)
		}
	}
	return out
}

// WaitDrill ends a drill still running and waits until its restore has
// returned. The command line calls it after the program ended (a signal,
// an error), so that the process never exits with a key disabled.
func (m *Model) WaitDrill() { m.dr.wait() }

// WantsPractice reports whether the admin, finding no AWS credentials,
// chose to practise (p): the command line then starts practice mode and
// the wizard again in it.
func (m *Model) WantsPractice() bool { return m.practice }

// Aborted reports whether the user stopped a write in flight.
func (m *Model) Aborted() bool { return m.aborted }

// Session is the session as the wizard left it.
func (m *Model) Session() *state.Session { return m.f.Sess }

// Step is the ID of the current step ("prereq" ... "portal").
func (m *Model) Step() string { return m.step.ID() }

// DryRunMode reports whether the wizard ran as a dry run.
func (m *Model) DryRunMode() bool { return m.dryRun() }
