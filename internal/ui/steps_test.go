package ui

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// Every step of the table is whole: an ID of its own, a full screen of its
// own type, plain prompts of their own, and a title in every catalogue.
// An entry left out, or a part of one, fails here (the table is an array
// of flow.NumSteps, which compiles with an entry missing).
func TestStepsTableIsComplete(t *testing.T) {
	m := New(Config{Engine: &stubEngine{}})
	ids, types, plains := map[string]flow.Step{}, map[reflect.Type]flow.Step{}, map[uintptr]flow.Step{}
	for s := range flow.NumSteps {
		d := steps[s]
		name := fmt.Sprintf("step %d (%q)", s+1, s.ID())
		if s.ID() == "" || d.screen == nil || d.plain == nil {
			t.Errorf("%s is registered incompletely: id %q, screen %v, plain prompts %v", name, s.ID(), d.screen != nil, d.plain != nil)
			continue
		}
		if o, dup := ids[s.ID()]; dup {
			t.Errorf("%s has the ID of step %d", name, o+1)
		}
		ids[s.ID()] = s
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
		if got, _ := flow.StepFromID(s.ID()); got != s {
			t.Errorf("%s: stepFromID(%q) = %d", name, s.ID(), got+1)
		}
		for _, l := range i18n.Langs() {
			if _, ok := i18n.CatalogueOf(l)["ui."+s.TitleID()]; !ok {
				t.Errorf("%s has no title in the %s catalogue (ui.%s)", name, l, s.TitleID())
			}
		}
	}
}
