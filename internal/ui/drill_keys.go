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

func (s *drillScreen) syncKeys() {
	k := &s.keys
	ph := s.phase
	choose := ph == drImpact || ph == drRefused
	// A scope or duration key during the preflight starts a new one (the
	// older answer is dropped by its generation), so keys typed ahead of a
	// slow preflight are not lost.
	k.Scope.SetEnabled(choose || ph == drPreflight)
	k.Longer.SetEnabled(choose || ph == drPreflight)
	k.Shorter.SetEnabled(choose || ph == drPreflight)
	k.Start.SetEnabled(ph == drImpact)
	k.Close.SetEnabled(choose || ph == drPreflight)
	// Closed only once nothing is left disabled: a failed restore stays,
	// and enter tries it again (Restore).
	k.Done.SetEnabled(ph == drResult && s.m.f.ActiveDrill() == nil)
	k.Confirm.SetEnabled(ph == drConfirm)
	k.Cancel.SetEnabled(ph == drConfirm)
	running := ph == drRunning && !s.note
	k.Obs.SetEnabled(running)
	k.Note.SetEnabled(running)
	k.End.SetEnabled(running)
	k.SaveNote.SetEnabled(s.note)
	k.CancelNote.SetEnabled(s.note)
	k.Interrupt.SetEnabled(ph == drRunning || ph == drEnding || ph == drRestoring)
	k.Restore.SetEnabled(ph == drRestoreAsk || ph == drResult && s.m.f.ActiveDrill() != nil)
}

// syncScroll turns the arrows on while the screen is taller than the
// window (the frame scrolls it, sc) and nothing is being typed.
func (s *drillScreen) syncScroll(sc bodyScroll) {
	on := s.on() && s.phase != drConfirm && !s.note && sc.page > 0
	s.keys.Up.SetEnabled(on && sc.off > 0)
	s.keys.Down.SetEnabled(on && sc.off < sc.max)
}

// keyMap is the drill's keys.
func (s *drillScreen) keyMap() drillKeys { return s.keys }
