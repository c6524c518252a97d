package ui

import (
	"github.com/charmbracelet/bubbles/key"
)

// keyMap holds every binding of the wizard. The root model decides which
// ones are active for the current screen (see Model.helpKeys).
type keyMap struct {
	Quit, Back, Help, Next, Retry, DryRun, Apply, Cancel                  key.Binding
	Up, Down, Copy, Tick, Emails, DataTypes, Ticket, Export, Diff, Finish key.Binding
	Yes, No                                                               key.Binding
	Verify, Recheck, Close                                                key.Binding
}

func newKeyMap(t func(string, ...any) string) keyMap {
	b := func(keys []string, k, h string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, t(h)))
	}
	return keyMap{
		Quit:      b([]string{"ctrl+c"}, "ctrl+c", "key.quit"),
		Back:      b([]string{"esc", "shift+tab"}, "esc", "key.back"),
		Help:      b([]string{"?"}, "?", "key.help"),
		Next:      b([]string{"enter"}, "enter", "key.next"),
		Retry:     b([]string{"r"}, "r", "key.retry"),
		DryRun:    b([]string{"d"}, "d", "key.dryrun"),
		Apply:     b([]string{"enter", "y"}, "enter/y", "key.apply"),
		Cancel:    b([]string{"esc", "n"}, "esc/n", "key.cancel"),
		Up:        b([]string{"up", "k"}, "↑/k", "key.up"),
		Down:      b([]string{"down", "j"}, "↓/j", "key.down"),
		Copy:      b([]string{"c"}, "c", "key.copy"),
		Tick:      b([]string{" ", "x"}, "space", "key.tick"),
		Emails:    b([]string{"e"}, "e", "key.emails"),
		DataTypes: b([]string{"t"}, "t", "key.datatypes"),
		Ticket:    b([]string{"s"}, "s", "key.ticket"),
		Export:    b([]string{"m"}, "m", "key.export"),
		Diff:      b([]string{"d"}, "d", "key.diff"),
		Finish:    b([]string{"q"}, "q", "key.finish"),
		Yes:       b([]string{"y"}, "y", "key.yes"),
		No:        b([]string{"n", "esc"}, "n/esc", "key.no"),
		Verify:    b([]string{"v"}, "v", "key.verify"),
		Recheck:   b([]string{"r", "v"}, "r", "key.recheck"),
		Close:     b([]string{"esc", "enter", "q"}, "esc/enter", "key.close"),
	}
}

// helpKeys implements help.KeyMap for one screen.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }
