package ui

import (
	"reflect"
	"slices"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/x/ansi"
)

// formHelpIDs maps the help of huh's default keys (its English words, as huh
// names them) to the wizard's message ids, so that a form's help line
// speaks the wizard's language. A key huh adds later keeps huh's word.
var formHelpIDs = map[string]string{
	"next": "form.next", "back": "form.back", "submit": "form.submit", "toggle": "form.toggle",
	"select": "form.select", "filter": "form.filter", "set filter": "form.setfilter",
	"clear filter": "form.clearfilter", "up": "key.up", "down": "key.down", "Yes": "key.yes", "No": "key.no",
	"confirm": "form.confirm", "select all": "form.selectall", "select none": "form.selectnone",
	"page up": "key.pageup", "page down": "key.pagedown", "close": "key.close",
}

// formKeyMap is huh's keymap with the help in the wizard's language and
// words: shift+tab goes to the previous field, which is not what esc does
// (esc leaves the form for the screen before), so the two never both say
// "back".
func (m *painter) formKeyMap() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	v := reflect.ValueOf(km).Elem()
	for i := range v.NumField() {
		group := v.Field(i)
		if group.Kind() != reflect.Struct || !v.Type().Field(i).IsExported() {
			continue
		}
		for j := range group.NumField() {
			if !group.Type().Field(j).IsExported() {
				continue
			}
			b, ok := group.Field(j).Addr().Interface().(*key.Binding)
			if !ok {
				continue
			}
			if id, ok := formHelpIDs[b.Help().Desc]; ok {
				b.SetHelp(b.Help().Key, m.t(id))
			}
		}
	}
	prev := m.t("key.prevfield")
	for _, b := range []*key.Binding{&km.Input.Prev, &km.Select.Prev, &km.MultiSelect.Prev, &km.Confirm.Prev,
		&km.Text.Prev, &km.FilePicker.Prev, &km.Note.Prev} {
		b.SetHelp("shift+tab", prev)
	}
	km.MultiSelect.Toggle.SetHelp("space/x", m.t("key.tick"))
	// A text field (the key's description) is one paragraph: no new
	// line, and no external editor over the full screen.
	km.Text.NewLine = key.NewBinding(key.WithDisabled())
	km.Text.Editor.SetEnabled(false)
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
	// The form's own keys go from the last, enter (the way on) last of all.
	for i := len(form) - 1; i >= 0 && !fits(form); i-- {
		if !slices.Contains(form[i].Keys(), "enter") {
			form = slices.Delete(form, i, i+1)
		}
	}
	for len(form) > 0 && !fits(form) {
		form = form[:len(form)-1]
	}
	return slices.Concat(form, keep)
}

// formOwnsEsc reports whether esc is the focused field's own key: a list
// being filtered (esc sets the filter) or whose filter is set (esc clears
// it). Then esc goes to the list, and leaves the form only once the
// filter is cleared.
func (m *Model) formOwnsEsc() bool {
	if m.form == nil {
		return false
	}
	return slices.ContainsFunc(m.form.KeyBinds(), func(b key.Binding) bool {
		return b.Enabled() && slices.Contains(b.Keys(), "esc")
	})
}
