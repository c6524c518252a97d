package ui

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// Every key of the wizard is declared here, once, as a binding of the
// keymap of the screen that uses it; nothing else in the package names a
// key. Each keymap implements help.KeyMap. A binding that does not apply at
// the moment is disabled (SetEnabled, in the screen's sync...Keys), and
// then it neither matches nor shows in the help: the two cannot disagree.
// Within a screen a key has one meaning.

// keyMaps are the keymaps of every screen.
type keyMaps struct {
	common commonKeys
	prereq prereqKeys
	key    keyStepKeys
	alerts alertsKeys
	policy policyKeys
	arns   arnsKeys
	portal portalKeys
	form   formKeys
	ticket ticketKeys
	verify verifyKeys
	drill  drillKeys
}

// newKeyMaps builds the keymaps with their help in the language of t;
// other is the language the L keys switch to.
func newKeyMaps(t func(string, ...any) string, other i18n.Lang) keyMaps {
	b := func(keys []string, k, h string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, t(h)))
	}
	up := func() key.Binding { return b([]string{"up", "k"}, "↑/k", "key.up") }
	down := func() key.Binding { return b([]string{"down", "j"}, "↓/j", "key.down") }
	next := func() key.Binding { return b([]string{"enter"}, "enter", "key.next") }
	copyKey := func() key.Binding { return b([]string{"c"}, "c", "key.copy") }
	retry := func() key.Binding { return b([]string{"r"}, "r", "key.retry") }
	return keyMaps{
		common: commonKeys{
			Quit: b([]string{"ctrl+c"}, "ctrl+c", "key.quit"),
			// q is ctrl+c where no text field has focus and the screen has
			// no q of its own (the checklist's q finishes).
			QuitQ:    b([]string{"q"}, "q", "key.quit"),
			Back:     b([]string{"esc", "shift+tab"}, "esc", "key.back"),
			FormBack: b([]string{"esc"}, "esc", "key.backscreen"), // in a form shift+tab is the previous field
			Help:     b([]string{"?"}, "?", "key.help"),
			Yes:      b([]string{"y"}, "y", "key.yes"),
			No:       b([]string{"n", "esc"}, "n/esc", "key.no"),
			Arrows:   []key.Binding{up(), down()},
			// The body's own scrolling, on when it is taller than the
			// window (frame.go).
			PageUp:   b([]string{"pgup"}, "pgup", "key.pageup"),
			PageDown: b([]string{"pgdown"}, "pgdn", "key.pagedown"),
		},
		// Enter after a failed check checks again (Next is off until the
		// checks pass); p leaves for practice mode when no credentials are found.
		prereq: prereqKeys{Retry: b([]string{"r", "enter"}, "r/enter", "key.retry"), DryRun: b([]string{"d"}, "d", "key.dryrun"), Next: next(),
			Practice: b([]string{"p"}, "p", "key.practice"),
			// esc leaves the dry run's account-ID question for the checks.
			Leave: b([]string{"esc"}, "esc", "key.back"),
			// While the questions are open, the checks' keys say why they wait.
			Pending: b([]string{"d", "r", "p"}, "d/r/p", "key.prereq.pending"),
			Lang:    key.NewBinding(key.WithKeys("L"), key.WithHelp("L", t("lang."+string(other))))},
		key: keyStepKeys{
			Apply:    b([]string{"enter", "y"}, "enter/y", "key.apply"),
			Continue: next(),
			Cancel:   b([]string{"esc", "n"}, "esc/n", "key.cancel"),
			Up:       up(),
			Down:     down(),
			PageUp:   b([]string{"pgup"}, "pgup", "key.pageup"),
			PageDown: b([]string{"pgdown"}, "pgdn", "key.pagedown"),
			Retry:    retry(),
			Next:     next(),
			Copy:     copyKey(),
			Detail:   b([]string{"d"}, "d", "key.plandetail"),
		},
		alerts: alertsKeys{Apply: b([]string{"enter", "y"}, "enter/y", "key.apply"), Cancel: b([]string{"esc", "n"}, "esc/n", "key.cancel"),
			Retry: retry(), Next: next()},
		policy: policyKeys{Up: up(), Down: down(), Next: next(), Diff: b([]string{"d"}, "d", "key.diff")},
		arns:   arnsKeys{Up: up(), Down: down(), Copy: copyKey(), Next: next()},
		portal: portalKeys{
			Up: up(), Down: down(),
			Tick:      b([]string{" "}, "space", "key.tick"),
			Verify:    b([]string{"v"}, "v", "key.verify"),
			Emails:    b([]string{"e"}, "e", "key.emails"),
			DataTypes: b([]string{"t"}, "t", "key.datatypes"),
			Ticket:    b([]string{"s"}, "s", "key.ticket"),
			Export:    b([]string{"m"}, "m", "key.export"),
			Drill:     b([]string{"d"}, "d", "key.drill"),
			Code:      b([]string{"x"}, "x", "key.code"),
			ExportOther: key.NewBinding(key.WithKeys("M"), key.WithHelp("M",
				t("key.export.other", t("lang."+string(other))))),
			Finish: b([]string{"q"}, "q", "key.finish"),
		},
		form: formKeys{Close: b([]string{"esc"}, "esc", "key.close")},
		ticket: ticketKeys{Up: up(), Down: down(), Copy: copyKey(), Close: b([]string{"esc", "q"}, "esc", "key.close"),
			Lang: key.NewBinding(key.WithKeys("L"), key.WithHelp("L", t("key.ticket.lang"))),
			Edit: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", t("key.ticket.edit")))},
		verify: verifyKeys{Up: up(), Down: down(), Recheck: b([]string{"r"}, "r", "key.recheck"),
			Close: b([]string{"esc", "enter", "q"}, "esc/enter", "key.close")},
		drill: newDrillKeys(b),
	}
}

// commonKeys work on every screen: quit, back, help, and the answers to
// "stop the write in flight?".
type commonKeys struct {
	Quit, QuitQ, Back, FormBack, Help key.Binding
	Yes, No                           key.Binding
	// Arrows are up and down as every screen that scrolls declares them:
	// a narrow help line drops them first (the full help lists them).
	Arrows []key.Binding
	// PageUp and PageDown scroll a body taller than the window (a screen
	// without a scrolling view of its own); on only while it is.
	PageUp, PageDown key.Binding
}

func (k commonKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Back, k.FormBack, k.Help, k.Quit}
}
func (k commonKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// prereqKeys: step 1, its questions and after them; Lang switches the
// wizard's language (on the first screen only).
type prereqKeys struct{ Retry, DryRun, Practice, Next, Lang, Leave, Pending key.Binding }

func (k prereqKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Leave, k.Retry, k.Practice, k.DryRun, k.Next, k.Lang}
}
func (k prereqKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.ShortHelp(), {k.Pending}}
}

// keyStepKeys: step 3's plan (which scrolls), progress and outcome. Apply
// and Continue are never on together: Continue is for a plan with nothing
// to write.
type keyStepKeys struct {
	Apply, Continue, Cancel, Up, Down, PageUp, PageDown, Retry, Next, Copy, Detail key.Binding
}

func (k keyStepKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Apply, k.Continue, k.Cancel, k.Detail, k.Up, k.Down, k.Copy, k.Retry, k.Next}
}
func (k keyStepKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.ShortHelp(), {k.PageUp, k.PageDown}}
}

// scroll is the plan viewport's keymap: the step's own scrolling keys.
func (k keyStepKeys) scroll() viewport.KeyMap {
	return viewport.KeyMap{Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown}
}

// alertsKeys: the alerts step's plan (apply, or back to the questions),
// a retry after a failure, and next once done (or on a dry run's plan).
type alertsKeys struct{ Apply, Cancel, Retry, Next key.Binding }

func (k alertsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Apply, k.Cancel, k.Retry, k.Next}
}
func (k alertsKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// policyKeys: the policy step; the arrows scroll the policy.
type policyKeys struct{ Up, Down, Next, Diff key.Binding }

func (k policyKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Up, k.Down, k.Next, k.Diff} }
func (k policyKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// arnsKeys: step 5.
type arnsKeys struct{ Up, Down, Copy, Next key.Binding }

func (k arnsKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Up, k.Down, k.Copy, k.Next} }
func (k arnsKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// portalKeys: step 6's checklist.
type portalKeys struct {
	Up, Down                                                key.Binding
	Tick, Verify, Emails, DataTypes, Ticket, Export, Finish key.Binding
	Drill                                                   key.Binding
	ExportOther                                             key.Binding // the runbook in the other language
	Code                                                    key.Binding // x: the key set as code (export_iac.go)
}

func (k portalKeys) ShortHelp() []key.Binding {
	// The drill (on after the test recording, item 6) comes early: a
	// narrow help line drops from the end.
	return []key.Binding{k.Tick, k.Drill, k.Verify, k.Emails, k.DataTypes, k.Ticket, k.Export, k.Finish}
}
func (k portalKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.ShortHelp(), {k.Up, k.Down, k.ExportOther, k.Code}}
}

// formKeys: a form over a screen (the checklist's e-mails and data types),
// besides the form's own keys.
type formKeys struct{ Close key.Binding }

func (k formKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Close} }
func (k formKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// ticketKeys: the support-ticket text over the checklist; Lang shows it in
// the next language.
type ticketKeys struct{ Up, Down, Copy, Close, Lang, Edit key.Binding }

func (k ticketKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Copy, k.Lang, k.Close, k.Edit}
}
func (k ticketKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// verifyKeys: the "verify now" report over the checklist.
type verifyKeys struct{ Up, Down, Recheck, Close key.Binding }

func (k verifyKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Up, k.Down, k.Recheck, k.Close} }
func (k verifyKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// enabled are the bindings of bs that are on.
func enabled(bs []key.Binding) []key.Binding {
	var out []key.Binding
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// scrollKeys is a viewport's keymap without the keys that the screen over
// it uses for itself, so that a key has one meaning there.
func scrollKeys(taken ...string) viewport.KeyMap {
	km := viewport.DefaultKeyMap()
	for _, b := range []*key.Binding{&km.PageDown, &km.PageUp, &km.HalfPageUp, &km.HalfPageDown, &km.Up, &km.Down, &km.Left, &km.Right} {
		b.SetKeys(slices.DeleteFunc(b.Keys(), func(k string) bool { return slices.Contains(taken, k) })...)
	}
	return km
}

// helpKeys implements help.KeyMap for one screen: the screen's keys and
// the common ones.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }
