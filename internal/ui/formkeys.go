package ui

import (
	"reflect"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/huh"
)

// formHelp maps the help of huh's default keys (its English words, as huh
// names them) to the wizard's message ids, so that a form's help line
// speaks the wizard's language. A key huh adds later keeps huh's word.
var formHelp = map[string]string{
	"next": "form.next", "back": "form.back", "submit": "form.submit", "toggle": "form.toggle",
	"select": "form.select", "filter": "form.filter", "set filter": "form.setfilter",
	"clear filter": "form.clearfilter", "up": "key.up", "down": "key.down", "Yes": "key.yes", "No": "key.no",
	"confirm": "form.confirm", "select all": "form.selectall", "select none": "form.selectnone",
	"page up": "key.pageup", "page down": "key.pagedown", "close": "key.close",
}

// formKeyMap is huh's default keymap with its help in the catalogue's
// language.
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
			if id, ok := formHelp[b.Help().Desc]; ok {
				b.SetHelp(b.Help().Key, m.t(id))
			}
		}
	}
	return km
}
