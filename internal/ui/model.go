// Package ui is the terminal wizard: seven steps from the prerequisites to
// the Zoom web-portal checklist, over the engine in internal/setup. The
// steps are one table (steps.go): a step is its entry there and its files.
//
// One flow, two faces. The flow (internal/ui/flow) holds the choices, the
// session and every decision of the steps, with no terminal in it; this
// package is the two faces that drive it, and the door (door.go: Config,
// the errors) its caller passes through. The full-screen face is the
// bubbletea model: the root (this file: construction, Init, the current
// form, saving) routes messages to the current step (model_update.go),
// owns the frame (frame.go: header, footer, help; model_size.go: the
// window's size) and quits (model_quit.go); each step is a screen
// (steps.go, screens.go) in its own file (prereq.go, regions.go, keystep.go
// and keystep_view.go for the KMS key, alertstep.go for the tamper alerts,
// policy.go, arns.go, portal.go with portal_overlays.go and
// portal_verify.go) with its own state, keys (keymaps.go) and view. The
// accessible face (accessible*.go: the entry, accessible_steps.go the
// questions, accessible_ask.go the prompts and consent) asks the same
// questions as plain prompts. Both draw with the painter (painter.go): the
// text of the checks, the plan and the policy, and the form builders, from
// the flow alone. What lays text out
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
// screen's phases), drill_screen_view.go (its view), drill_keys.go,
// drill_tasks.go (its commands and messages),
// drill_view.go (its texts, shared with accessible_drill.go) and
// flow/flow_drill.go (options, consent and the record, no terminal).
package ui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

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
	headerW       headerWidths // kept by viewHeader

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

// Runbook renders the session as a Markdown runbook for a change record.
func (m *Model) Runbook() string { return m.f.Runbook() }
