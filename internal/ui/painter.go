package ui

import (
	"github.com/charmbracelet/bubbles/spinner"
)

// painter draws the flow as text: the catalogue, the styles and the
// spinner, and the view functions and form builders that need nothing
// else (the checks, the plan, an apply's errors, the policy pages, the
// questions of steps 2, 3 and 6). Both faces draw with it: the full-screen
// model embeds it, and the accessible mode has one of its own (and no
// model at all).
type painter struct {
	cat  Catalogue
	st   styles
	spin spinner.Model
	f    *flow // the choices, the session and the decisions, shared by the steps
}

func newPainter(f *flow) painter {
	return painter{cat: f.cat, st: newStyles(), spin: spinner.New(spinner.WithSpinner(spinner.MiniDot)), f: f}
}

func (m *painter) t(id string, args ...any) string { return m.cat.T(id, args...) }
