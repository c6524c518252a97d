package ui

import "github.com/charmbracelet/bubbles/key"

// drillKeys: the drill's screens (declared here, made in newKeyMaps). Each
// phase turns on its own (drillScreen.syncKeys); enter and esc have one
// meaning in each.
type drillKeys struct {
	Scope, Longer, Shorter, Start, Close key.Binding // preflight and impact
	Done                                 key.Binding // the result
	Confirm, Cancel                      key.Binding // typing the alias
	Obs, Note, End, Interrupt            key.Binding // running (Interrupt: ctrl+c, also while restoring)
	SaveNote, CancelNote                 key.Binding // the note
	Restore                              key.Binding // the restore screen
	Up, Down                             key.Binding // a screen taller than the window (syncScroll)
}

func newDrillKeys(b func(keys []string, k, h string) key.Binding) drillKeys {
	return drillKeys{
		Scope:      b([]string{"s"}, "s", "key.drill.scope"),
		Longer:     b([]string{"+", "="}, "+", "key.drill.longer"),
		Shorter:    b([]string{"-"}, "-", "key.drill.shorter"),
		Start:      b([]string{"enter"}, "enter", "key.drill.start"),
		Close:      b([]string{"esc"}, "esc", "key.close"),
		Done:       b([]string{"esc", "enter"}, "esc/enter", "key.close"),
		Confirm:    b([]string{"enter"}, "enter", "key.drill.confirm"),
		Cancel:     b([]string{"esc"}, "esc", "key.cancel"),
		Obs:        b([]string{"1", "2", "3"}, "1-3", "key.drill.obs"),
		Note:       b([]string{"n"}, "n", "key.drill.note"),
		End:        b([]string{"e"}, "e", "key.drill.end"),
		Interrupt:  b([]string{"ctrl+c"}, "ctrl+c", "key.drill.interrupt"),
		SaveNote:   b([]string{"enter"}, "enter", "key.drill.savenote"),
		CancelNote: b([]string{"esc"}, "esc", "key.cancel"),
		Restore:    b([]string{"enter"}, "enter", "key.drill.restore"),
		Up:         b([]string{"up", "k"}, "↑/k", "key.up"),
		Down:       b([]string{"down", "j"}, "↓/j", "key.down"),
	}
}

func (k drillKeys) ShortHelp() []key.Binding {
	// The way on and the way out first: a narrow help line drops the
	// keys at its end first.
	return []key.Binding{k.Start, k.Confirm, k.Restore, k.Done, k.End, k.Interrupt, k.SaveNote,
		k.Obs, k.Note, k.Scope, k.Longer, k.Shorter, k.Cancel, k.CancelNote, k.Close, k.Up, k.Down}
}
func (k drillKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
