// The window's size and what it leaves the body and the forms.

package ui

import (
	"github.com/charmbracelet/lipgloss"
)

func (m *Model) resize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.help.Width = m.width
	m.wrapW = m.bodyWidth()
	m.formW = m.formWidth()
	for _, sc := range m.screens {
		sc.resize()
	}
}

func (m *Model) bodyWidth() int { return min(m.width, 100) }

// formWidth is the width a form is given: huh draws its fields one column
// wider than that (the focus bar), and a form must fit the window.
func (m *Model) formWidth() int { return min(m.bodyWidth(), m.width-1) }

// bodyHeight is the number of lines left for the step below the header and
// above the status and help lines.
//
// It is measured: the header (its tags may take a line more) and the
// footer (the full help, a status line that wraps) as they are drawn now,
// less one line that the scrolling views use for "more below".
func (m *Model) bodyHeight() int {
	if m.height <= 0 {
		return 1
	}
	return max(m.height-lipgloss.Height(m.viewHeader())-lipgloss.Height(m.viewFooter())-1, 1)
}

// fitChrome fits the step's scrolling view again when the header and
// footer changed height (a status line that wraps, the full help), so
// that the body never runs past the window around a view that scrolls.
func (m *Model) fitChrome() {
	if m.height <= 0 {
		return
	}
	if h := m.height - m.bodyHeight(); h != m.chrome {
		m.chrome = h
		m.screens[m.step].resize()
	}
}
