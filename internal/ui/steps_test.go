package ui

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// Every step of the table is whole: an ID of its own, a full screen of its
// own type, plain prompts of their own, and a title in every catalogue.
// An entry left out, or a part of one, fails here (the table is an array
// of numSteps, which compiles with an entry missing).
func TestStepsTableIsComplete(t *testing.T) {
	m := New(Config{Engine: &stubEngine{}})
	ids, types, plains := map[string]step{}, map[reflect.Type]step{}, map[uintptr]step{}
	for s := range numSteps {
		d := steps[s]
		name := fmt.Sprintf("step %d (%q)", s+1, s.id())
		if s.id() == "" || d.screen == nil || d.plain == nil {
			t.Errorf("%s is registered incompletely: id %q, screen %v, plain prompts %v", name, s.id(), d.screen != nil, d.plain != nil)
			continue
		}
		if o, dup := ids[s.id()]; dup {
			t.Errorf("%s has the ID of step %d", name, o+1)
		}
		ids[s.id()] = s
		sc := m.screens[s]
		if sc == nil {
			t.Errorf("%s builds no screen", name)
			continue
		}
		if o, dup := types[reflect.TypeOf(sc)]; dup {
			t.Errorf("%s builds the screen of step %d (%T)", name, o+1, sc)
		}
		types[reflect.TypeOf(sc)] = s
		p := reflect.ValueOf(d.plain).Pointer()
		if o, dup := plains[p]; dup {
			t.Errorf("%s asks the plain prompts of step %d", name, o+1)
		}
		plains[p] = s
		if got, _ := stepFromID(s.id()); got != s {
			t.Errorf("%s: stepFromID(%q) = %d", name, s.id(), got+1)
		}
		for _, l := range i18n.Langs() {
			if _, ok := i18n.Catalogues[l]["ui."+s.titleID()]; !ok {
				t.Errorf("%s has no title in the %s catalogue (ui.%s)", name, l, s.titleID())
			}
		}
	}
}
