// Package ui is the terminal wizard: six steps from the prerequisites to the
// Zoom web-portal checklist, over the engine in internal/setup.
//
// The root model (this file) owns the step, the size, the help line and
// quitting; each step lives in its own file (prereq.go, regions.go, key.go,
// policy.go, arns.go, portal.go). Every side effect is a tea.Cmd in tasks.go
// whose result comes back as a message from messages.go. Every string the
// user sees comes from the message catalogue in msgs.go.
package ui

import (
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// Engine is the part of *setup.Engine the wizard uses.
type Engine interface {
	DefaultRegion() string
	Identity(ctx context.Context) (setup.Identity, error)
	Probe(ctx context.Context, region string) error
	Plan(ctx context.Context, o setup.Options) (*setup.Plan, error)
	Apply(ctx context.Context, p *setup.Plan, onEvent func(setup.Event)) (*setup.Result, error)
	Verify(ctx context.Context, o setup.VerifyOptions) (*setup.VerifyReport, error)
}

var _ Engine = (*setup.Engine)(nil)

// Config is what the wizard starts from.
type Config struct {
	Engine    Engine
	StatePath string         // session file; "" saves nothing
	Session   *state.Session // loaded from StatePath; nil for a first run
	DryRun    bool           // --dry-run: never write to AWS
	// Yes is --yes: the accessible mode applies a plan without asking.
	// Without it, the accessible mode asks (a typed yes) where standard
	// input is a terminal (Interactive), and writes nothing elsewhere.
	Yes         bool
	Interactive bool
	Profile     string // AWS profile name, for the session file

	ClipboardOut io.Writer // where the OSC 52 sequence goes; nil sends none
	Clipboard    Clipboard // native clipboard; nil for none
	Catalogue    Catalogue // nil = English
	Lang         i18n.Lang // the language chosen by --lang or the locale (not used by the wizard yet)
	Now          func() time.Time
	// Context, when set, ends the wizard's AWS calls when it is cancelled
	// (e.g. on SIGTERM); ctrl+c in the wizard cancels them too.
	Context context.Context
}

type step int

const (
	stepPrereq step = iota
	stepRegions
	stepKey
	stepPolicy
	stepARNs
	stepPortal
	numSteps
)

var stepIDs = [numSteps]string{"prereq", "regions", "key", "policy", "arns", "portal"}

func stepFromID(id string) (step, bool) {
	for i, s := range stepIDs {
		if s == id {
			return step(i), true
		}
	}
	return 0, false
}

// Model is the wizard's root model.
type Model struct {
	cfg  Config
	eng  Engine
	cat  Catalogue
	st   styles
	keys keyMap
	help help.Model
	spin spinner.Model

	ctx    context.Context // cancelled when the wizard ends
	cancel context.CancelFunc

	width, height int
	step          step
	sess          *state.Session

	form   *huh.Form      // the current step's form, if any
	onForm func() tea.Cmd // called once when form completes

	pre prereqState
	reg regionsState
	key keyState
	pol policyState
	arn arnsState
	prt portalState

	quitAsk  bool // ctrl+c during a write: asking first
	stopping bool // the user chose to stop a write; quit when Apply returns
	quitting bool
	aborted  bool     // quit while a write was in flight
	cutOff   []string // key-creating calls the stop cut off mid-way (ExitNote)
	flash    string   // one-line status under the body
}

// New builds the wizard. It does no I/O.
func New(cfg Config) *Model {
	if cfg.Catalogue == nil {
		cfg.Catalogue = English
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	parent := cfg.Context
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	m := &Model{cfg: cfg, eng: cfg.Engine, cat: cfg.Catalogue, st: newStyles(), help: help.New(),
		spin: spinner.New(spinner.WithSpinner(spinner.MiniDot)), ctx: ctx, cancel: cancel}
	m.keys = newKeyMap(m.t)
	m.sess = cfg.Session
	if m.sess == nil {
		m.sess = &state.Session{}
	}
	m.pre.dry = cfg.DryRun
	m.restore()
	return m
}

func (m *Model) t(id string, args ...any) string { return m.cat.T(id, args...) }

// restore picks the step to resume at and the choices made before.
func (m *Model) restore() {
	s := m.sess
	m.reg.primary = s.PrimaryRegion
	m.reg.replicas = append([]string(nil), s.Replicas...)
	if s.PrimaryRegion != "" {
		m.reg.replicasFor = s.PrimaryRegion
	}
	m.reg.existing = s.WizardExistingKey
	if s.WizardExistingKey != "" {
		m.reg.mode = modeExisting
	}
	m.key.alias = s.Alias
	m.key.description = s.WizardDescription
	m.key.tags = strings.Join(s.WizardTags, ", ")
	m.key.rotation = !s.WizardNoRotation
	if !s.DryRun && s.PrimaryARN() != "" {
		m.key.pinned, m.key.pinnedAlias = s.PrimaryARN(), s.Alias
	}
	st, ok := stepFromID(s.Step)
	if !ok || s.DryRun {
		return
	}
	if st >= stepPolicy && len(s.Keys) == 0 {
		st = stepKey
	}
	m.step = st
	m.pre.resumed = st > stepPrereq
}

// Init starts the live checks and the first screen.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.startPrereqChecks(), m.enter(m.step), m.spin.Tick)
}

// enter shows step s.
func (m *Model) enter(s step) tea.Cmd {
	m.step = s
	m.form, m.onForm = nil, nil
	m.flash = ""
	switch s {
	case stepPrereq:
		return m.enterPrereq()
	case stepRegions:
		return m.enterRegions()
	case stepKey:
		return m.enterKey()
	case stepPolicy:
		return m.enterPolicy()
	case stepARNs:
		return m.enterARNs()
	case stepPortal:
		return m.enterPortal()
	}
	return nil
}

// advance records that step s is done and shows the next one.
func (m *Model) advance() tea.Cmd {
	next := m.step + 1
	if next >= numSteps {
		return nil
	}
	// The session keeps the furthest step reached: walking forward again
	// after going back does not make a finished key set look unfinished.
	if cur, ok := stepFromID(m.sess.Step); !ok || next > cur {
		m.sess.Step = stepIDs[next]
	}
	return tea.Batch(m.save(), m.enter(next))
}

// save writes the session file, except in a dry run.
func (m *Model) save() tea.Cmd {
	if m.dryRun() {
		return nil
	}
	return saveCmd(m.cfg.StatePath, m.sess)
}

func (m *Model) dryRun() bool { return m.pre.dry }

// setForm makes f the current form; done runs once when it completes.
func (m *Model) setForm(f *huh.Form, done func() tea.Cmd) tea.Cmd {
	f = f.WithShowHelp(false).WithTheme(formTheme())
	if w := m.bodyWidth(); w > 0 {
		f = f.WithWidth(w)
	}
	m.form, m.onForm = f, done
	return f.Init()
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
func (m *Model) writing() bool { return m.key.phase == keyApplying }

// Update is the root of the wizard's event handling.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		if m.form != nil {
			return m, m.updateForm(msg)
		}
		return m, nil
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case tea.KeyMsg:
		if cmd, done := m.globalKey(msg); done {
			return m, cmd
		}
	case identityMsg:
		return m, m.onIdentity(msg)
	case probeMsg:
		return m, m.onProbe(msg)
	case planMsg:
		return m, m.onPlan(msg)
	case applyEventMsg:
		return m, m.onApplyEvent(msg)
	case applyDoneMsg:
		return m, m.onApplyDone(msg)
	case savedMsg:
		if msg.err != nil {
			m.flash = m.st.bad.Render("✗ " + m.t("flash.saveFailed", msg.err))
		}
		return m, nil
	case copiedMsg:
		m.onCopied(msg)
		return m, nil
	case exportedMsg:
		return m, m.onExported(msg)
	case verifiedMsg:
		m.onVerified(msg)
		return m, nil
	}
	switch m.step {
	case stepPrereq:
		return m, m.updatePrereq(msg)
	case stepRegions:
		return m, m.updateRegions(msg)
	case stepKey:
		return m, m.updateKey(msg)
	case stepPolicy:
		return m, m.updatePolicy(msg)
	case stepARNs:
		return m, m.updateARNs(msg)
	case stepPortal:
		return m, m.updatePortal(msg)
	}
	return m, nil
}

// globalKey handles quitting, help and back; done reports that msg was used.
func (m *Model) globalKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	if m.quitAsk {
		switch {
		case key.Matches(msg, m.keys.Yes) && !m.writing():
			// The write ended before the answer: nothing is left to stop.
			m.quitAsk = false
			return m.quit(), true
		case key.Matches(msg, m.keys.Yes):
			m.quitAsk, m.stopping, m.aborted = false, true, true
			m.cancel() // the engine stops between calls
			return nil, true
		case key.Matches(msg, m.keys.No), key.Matches(msg, m.keys.Quit):
			m.quitAsk = false
			return nil, true
		}
		return nil, true
	}
	if key.Matches(msg, m.keys.Quit) {
		if m.writing() {
			m.quitAsk = true
			return nil, true
		}
		return m.quit(), true
	}
	if m.stopping {
		return nil, true
	}
	if m.form == nil && key.Matches(msg, m.keys.Help) {
		m.help.ShowAll = !m.help.ShowAll
		return nil, true
	}
	if key.Matches(msg, m.keys.Back) && m.canGoBack() {
		if m.form != nil && msg.String() == "shift+tab" {
			return nil, false // huh's own previous field
		}
		if f, ok := m.focusedFiltering(); ok && f {
			return nil, false // esc clears the filter
		}
		return m.back(), true
	}
	return nil, false
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

// quit ends the wizard; the caller prints the ARNs afterwards.
func (m *Model) quit() tea.Cmd {
	m.quitting = true
	m.cancel()
	return tea.Quit
}

// canGoBack reports whether esc may leave the current screen.
func (m *Model) canGoBack() bool {
	if m.writing() || m.key.phase == keyPlanning || m.prt.overlay != overlayNone {
		return false
	}
	return true
}

// back goes one screen back: within a step first, then to the step before.
func (m *Model) back() tea.Cmd {
	switch m.step {
	case stepRegions:
		if m.reg.phase == regPhaseReplicas {
			return m.regionsForm()
		}
	case stepKey:
		if m.key.phase != keyForm {
			m.key.phase = keyForm
			return m.keyForm()
		}
	}
	if m.step == stepPrereq {
		return nil
	}
	return m.enter(m.step - 1)
}

func (m *Model) resize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.help.Width = m.width
	m.resizePolicy()
	m.resizePortal()
	m.resizeKey()
}

func (m *Model) bodyWidth() int { return min(m.width, 100) }

// bodyHeight is the number of lines left for the step below the header and
// above the status and help lines.
func (m *Model) bodyHeight() int { return max(m.height-6, 1) }

// View renders header, body and footer, cut to the window.
func (m *Model) View() string {
	if m.quitting {
		return ""
	}
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var body string
	switch m.step {
	case stepPrereq:
		body = m.viewPrereq()
	case stepRegions:
		body = m.viewRegions()
	case stepKey:
		body = m.viewKey()
	case stepPolicy:
		body = m.viewPolicy()
	case stepARNs:
		body = m.viewARNs()
	case stepPortal:
		body = m.viewPortal()
	}
	if m.quitAsk {
		q := m.t("quit.confirm")
		if !m.writing() {
			q = m.t("quit.confirm.finished")
		}
		body = m.st.warn.Render(m.wrap("? "+q, m.bodyWidth())) + "\n\n" + body
	} else if m.stopping {
		body = m.st.warn.Render(m.spin.View()+" "+m.t("quit.stopping")) + "\n\n" + body
	}
	header := m.viewHeader()
	footer := m.viewFooter()
	hh := lipgloss.Height(header)
	fh := lipgloss.Height(footer)
	room := max(m.height-hh-fh, 0)
	lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
	if len(lines) > room {
		lines = lines[:room]
	}
	for len(lines) < room {
		lines = append(lines, "")
	}
	all := header + "\n" + strings.Join(lines, "\n")
	if room == 0 {
		all = header
	}
	all += "\n" + footer
	out := strings.Split(all, "\n")
	if len(out) > m.height {
		out = out[:m.height]
	}
	for i, l := range out {
		if ansi.StringWidth(l) > m.width {
			out[i] = ansi.Truncate(l, m.width, "…")
		}
	}
	return strings.Join(out, "\n")
}

func (m *Model) stepName(s step) string { return m.t("step." + stepIDs[s]) }

func (m *Model) viewHeader() string {
	title := m.st.headerStep.Render(m.t("header.step", int(m.step)+1, int(numSteps), m.stepName(m.step)))
	if m.dryRun() {
		title += "  " + m.st.dry.Render(m.t("header.dryrun"))
	}
	var parts []string
	for s := step(0); s < numSteps; s++ {
		name := m.stepName(s)
		switch {
		case s == m.step:
			parts = append(parts, m.st.stepNow.Render("▸ "+name))
		case s < m.step:
			parts = append(parts, m.st.stepDone.Render("✓ "+name))
		default:
			parts = append(parts, m.st.stepTodo.Render(name))
		}
	}
	crumbs := strings.Join(parts, m.st.muted.Render(" › "))
	if ansi.StringWidth(crumbs) > m.width {
		crumbs = ""
		for s := step(0); s < numSteps; s++ {
			mark := m.st.stepTodo.Render("○")
			if s < m.step {
				mark = m.st.stepDone.Render("●")
			} else if s == m.step {
				mark = m.st.stepNow.Render("◉")
			}
			crumbs += mark + " "
		}
	}
	return title + "\n" + crumbs + "\n"
}

func (m *Model) viewFooter() string {
	status := m.flash
	var helpView string
	if m.form != nil {
		binds := slices.Concat(m.form.KeyBinds(), []key.Binding{m.keys.Back, m.keys.Quit})
		helpView = m.help.ShortHelpView(binds)
	} else {
		helpView = m.help.View(m.helpKeys())
	}
	return status + "\n" + helpView
}

// helpKeys lists the keys of the current screen for the help line.
func (m *Model) helpKeys() helpKeys {
	if m.quitAsk {
		// Only the answer counts while the stop question is open.
		yn := []key.Binding{m.keys.Yes, m.keys.No}
		return helpKeys{short: yn, full: [][]key.Binding{yn}}
	}
	var short, extra []key.Binding
	switch m.step {
	case stepPrereq:
		short = m.prereqKeys()
	case stepKey:
		short = m.keyKeys()
	case stepPolicy:
		short = []key.Binding{m.keys.Up, m.keys.Down, m.keys.Next}
		if m.pol.hasDiff {
			short = append(short, m.keys.Diff)
		}
	case stepARNs:
		short = []key.Binding{m.keys.Up, m.keys.Down, m.keys.Copy, m.keys.Next}
	case stepPortal:
		short = m.portalKeys()
		if m.prt.overlay == overlayNone {
			extra = []key.Binding{m.keys.Up, m.keys.Down}
		}
	}
	if m.step > stepPrereq && m.canGoBack() && !(m.step == stepKey && m.key.phase == keyConfirm) {
		short = append(short, m.keys.Back)
	}
	short = append(short, m.keys.Help, m.keys.Quit)
	own := slices.DeleteFunc(slices.Clone(short[:len(short)-2]), func(b key.Binding) bool { return b.Help() == m.keys.Back.Help() })
	common := []key.Binding{m.keys.Back, m.keys.Help, m.keys.Quit}
	if m.step == stepPortal && m.prt.overlay != overlayNone {
		common = common[1:] // esc closes the overlay (its own keys say so)
	}
	full := [][]key.Binding{own, extra, common}
	// Keep "? more keys" and "ctrl+c quit" on a narrow screen: drop the
	// keys that the full help lists anyway, back and arrows first, then
	// the screen's own keys from the last. (Measured untruncated: the help
	// model itself cuts the line at its width.)
	wide := m.help
	wide.Width = 0
	fits := func() bool { return ansi.StringWidth(wide.ShortHelpView(short)) <= m.width }
	for _, drop := range []key.Binding{m.keys.Back, m.keys.Up, m.keys.Down} {
		if fits() {
			break
		}
		short = slices.DeleteFunc(short, func(b key.Binding) bool { return b.Help() == drop.Help() })
	}
	for len(short) > 3 && !fits() {
		short = slices.Delete(short, len(short)-3, len(short)-2)
	}
	return helpKeys{short: short, full: full}
}

// ARNs returns the key ARNs, primary first, for printing after the wizard ends.
func (m *Model) ARNs() []state.Key {
	var out []state.Key
	for _, k := range m.sess.Keys {
		if k.ARN != "" {
			out = append(out, k)
		}
	}
	return out
}

// Aborted reports whether the user stopped a write in flight.
func (m *Model) Aborted() bool { return m.aborted }

// Session is the session as the wizard left it.
func (m *Model) Session() *state.Session { return m.sess }

// Step is the ID of the current step ("prereq" ... "portal").
func (m *Model) Step() string { return stepIDs[m.step] }

// DryRunMode reports whether the wizard ran as a dry run.
func (m *Model) DryRunMode() bool { return m.dryRun() }
