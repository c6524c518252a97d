package ui

import (
	"slices"

	"github.com/charmbracelet/x/ansi"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/huh"
)

// formKeyMap is huh's keymap with the help in the wizard's words:
// shift+tab goes to the previous field, which is not what esc does (esc
// leaves the form for the screen before), so the two never both say
// "back".
func (m *painter) formKeyMap() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	prev := m.t("key.prevfield")
	for _, b := range []*key.Binding{&km.Input.Prev, &km.Select.Prev, &km.MultiSelect.Prev, &km.Confirm.Prev,
		&km.Text.Prev, &km.FilePicker.Prev, &km.Note.Prev} {
		b.SetHelp("shift+tab", prev)
	}
	km.MultiSelect.Toggle.SetHelp("space/x", m.t("key.tick"))
	return km
}

// formHelp is the help of a form's keys: while a list is being filtered,
// what is typed goes into the filter, so the toggle is not offered then.
func (m *painter) formHelp(binds []key.Binding, filtering bool) []key.Binding {
	if !filtering {
		return binds
	}
	toggle := m.formKeyMap().MultiSelect.Toggle.Help()
	return slices.DeleteFunc(slices.Clone(binds), func(b key.Binding) bool { return b.Help() == toggle })
}

// fitFormHelp is the footer of a form: the form's keys, then keep (back
// and quit, which always show). On a narrow screen the form's keys go,
// the arrows first, then from the last, until the line fits.
func (m *Model) fitFormHelp(form, keep []key.Binding) []key.Binding {
	wide := m.help
	wide.Width = 0
	fits := func(bs []key.Binding) bool {
		return ansi.StringWidth(wide.ShortHelpView(slices.Concat(bs, keep))) <= m.width
	}
	form = enabled(form)
	for _, arrow := range []string{"↑", "↓"} {
		if fits(form) {
			break
		}
		form = slices.DeleteFunc(form, func(b key.Binding) bool { return b.Help().Key == arrow })
	}
	for len(form) > 0 && !fits(form) {
		form = form[:len(form)-1]
	}
	return slices.Concat(form, keep)
}
