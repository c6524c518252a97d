package ui

import (
	"io"
	"strings"

	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/lipgloss"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// painter draws the flow as text: the flow's catalogue, the styles and the
// spinner, and the view functions and form builders that need nothing
// else (the checks, the plan, an apply's errors, the policy pages, the
// questions of steps 2, 3 and 6). Both faces draw with it: the full-screen
// model embeds it, and the accessible mode has one of its own (and no
// model at all).
type painter struct {
	st   look.Styles
	spin spinner.Model
	f    *flow.Flow // the choices, the session and the decisions, shared by the steps
	// wrapW is the width lines with wide characters are fitted to (the
	// body's; 0: as they come).
	wrapW int
	// formW is the width the full screen gives a form (0: none, the
	// accessible mode); fits are how to fit the texts of the fields built
	// since the last form was set to it again (fitted): the root model
	// takes them over with the form.
	formW int
	fits  []func()
}

func newPainter(f *flow.Flow) painter {
	return painter{st: look.NewStyles(), spin: spinner.New(spinner.WithSpinner(spinner.MiniDot)), f: f}
}

func (m *painter) t(id string, args ...any) string { return m.f.Cat.T(id, args...) }

// p is the catalogue's printer, for the messages of the engine and of zoom.
func (m *painter) p() *i18n.Printer { return m.f.Cat.Printer() }

// region is a Region's label ("Asia Pacific (Tokyo) ap-northeast-1") in the
// catalogue's language.
func (m *painter) region(code string) string { return zoom.RegionLabelIn(m.p(), code) }

// msg renders a message of the engine or of zoom in the catalogue's
// language; english is the same text in English, for a message without an
// id.
func (m *painter) msg(t i18n.Msg, english string) string {
	if t.ID == "" {
		return english
	}
	return m.p().M(t)
}

// groups names what CMK protects, the data-type groups, as one list.
func (m *painter) groups() string {
	var out []string
	for _, g := range zoom.DataTypeGroups() {
		out = append(out, m.p().M(zoom.GroupLabel(g)))
	}
	return strings.Join(out, m.t("sep.list"))
}

// notProtected names what CMK does not protect, as one list.
func (m *painter) notProtected() string {
	var out []string
	for _, n := range zoom.NotProtectedMsgs() {
		out = append(out, m.p().M(n))
	}
	return strings.Join(out, m.t("sep.semi"))
}

// NewRenderer is the lipgloss renderer for the wizard's output w, with the
// terminal's background already known (look.NewRenderer), for the command
// line that starts the wizard.
func NewRenderer(w io.Writer) *lipgloss.Renderer { return look.NewRenderer(w) }
