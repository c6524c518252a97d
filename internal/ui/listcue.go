package ui

import (
	"reflect"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/zcmk/zcmk-tui/internal/ui/look"
)

// Lists that say what they hide. huh scrolls a select or multi-select
// longer than its height under the cursor and filters it with /, but
// draws nothing that says more options are above or below. The line under
// such a list says how many ("↑ 3 more above · ↓ 12 more below"), as the
// cursor moves and as the filter narrows the list; and a list of the
// full screen takes the height the screen leaves it (fillRows).

// listShown is how many options of a list are out of its window: above
// it (an option whose first line is above the window counts as above) and
// below it.
type listShown struct{ above, below int }

// listWindow reads what list field f shows of its options. huh (v1.0.0)
// has no API for its list's window, so it is read, never written, from
// the field's state by reflection: the options left by the filter
// (filteredOptions, each as many lines as its label) and the window of
// lines over them (viewport.YOffset and Height). ok is false for a field
// that is no list, or when huh's fields are not as they were (a new huh:
// TestListCueReadsHuhsWindow fails then).
func listWindow(f any) (sh listShown, ok bool) {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return sh, false
	}
	v = v.Elem()
	opts, vp := v.FieldByName("filteredOptions"), v.FieldByName("viewport")
	if !opts.IsValid() || opts.Kind() != reflect.Slice || !vp.IsValid() || vp.Kind() != reflect.Struct {
		return sh, false
	}
	off, height := vp.FieldByName("YOffset"), vp.FieldByName("Height")
	if !off.IsValid() || off.Kind() != reflect.Int || !height.IsValid() || height.Kind() != reflect.Int {
		return sh, false
	}
	top, bottom := int(off.Int()), int(off.Int()+height.Int())
	line := 0
	for i := range opts.Len() {
		o := opts.Index(i)
		if o.Kind() != reflect.Struct {
			return listShown{}, false
		}
		label := o.FieldByName("Key")
		if !label.IsValid() || label.Kind() != reflect.String {
			return listShown{}, false
		}
		switch {
		case line < top:
			sh.above++
		case line >= bottom:
			sh.below++
		}
		line += lipgloss.Height(label.String())
	}
	return sh, true
}

// listCue is the line under a list that hides options: how many are
// above and below its window, in the style of the frame's "more below";
// "" when it shows them all.
func (m *painter) listCue(sh listShown, width int) string {
	var parts []string
	if sh.above > 0 {
		parts = append(parts, m.tn("list.above", sh.above))
	}
	if sh.below > 0 {
		parts = append(parts, m.tn("list.below", sh.below))
	}
	if len(parts) == 0 {
		return ""
	}
	// Under the options, after huh's focus bar.
	ind := strings.Repeat(" ", look.FieldFrame())
	lines := strings.Split(look.Fit(strings.Join(parts, " · "), max(width-look.FieldFrame(), 10)), "\n")
	for i, l := range lines {
		lines[i] = ind + m.st.Accent.Render(l)
	}
	return strings.Join(lines, "\n")
}

// formView is the current form, with the cue of its focused list under
// the list when the list hides options.
func (m *Model) formView() string {
	if m.form == nil {
		return ""
	}
	v := m.form.View()
	sh, ok := listWindow(m.form.GetFocusedField())
	if !ok {
		return v
	}
	cue := m.listCue(sh, m.bodyWidth())
	if cue == "" {
		return v
	}
	// Right under the list: huh pads the form with blank lines.
	lines := strings.Split(v, "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n") + "\n" + cue
}

// heighted is a huh list whose height can be set again.
type heighted[F any] interface{ Height(int) F }

// minListRows is the least height a list of the full screen is given,
// its title and description included.
const minListRows = 6

// fillRows gives list field f the height rows returns (the lines the
// screen leaves it, its cue's line apart: bodyHeight keeps one), and again
// when the window changes size (painter.fits), so that it shows as many
// options as fit and never pushes the footer off.
func fillRows[F heighted[F]](m *painter, f F, rows func() int) F {
	fit := func() { f.Height(max(rows(), minListRows)) }
	fit()
	m.fits = append(m.fits, fit)
	return f
}
