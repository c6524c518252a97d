package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// The frame around the current step: header (step and breadcrumbs),
// footer (status line and help), cut to the window.

// View renders header, body and footer, cut to the window.
func (m *Model) View() string {
	if m.quitting {
		return ""
	}
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	body := m.screens[m.step].view()
	if m.dr.on() {
		body = m.dr.view()
	}
	if m.quitAsk {
		q := m.t("quit.confirm")
		if !m.writing() {
			q = m.t("quit.confirm.finished")
		}
		body = m.st.warn.Render(m.wrap("? "+q, m.bodyWidth())) + "\n\n" + body
	} else if m.stopping {
		body = m.st.warn.Render(m.spin.View()+" "+m.t("quit.stopping")) + "\n\n" + body
	}
	header := m.viewHeader()
	footer := m.viewFooter()
	hh := lipgloss.Height(header)
	fh := lipgloss.Height(footer)
	room := max(m.height-hh-fh, 0)
	lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
	if len(lines) > room {
		lines = lines[:room]
	}
	for len(lines) < room {
		lines = append(lines, "")
	}
	all := header + "\n" + strings.Join(lines, "\n")
	if room == 0 {
		all = header
	}
	all += "\n" + footer
	out := strings.Split(all, "\n")
	if len(out) > m.height {
		out = out[:m.height]
	}
	m.cut = 0
	for i, l := range out {
		if ansi.StringWidth(l) > m.width {
			out[i] = ansi.Truncate(l, m.width, "…")
			m.cut++
		}
	}
	return strings.Join(out, "\n")
}

func (m *painter) stepName(s step) string { return m.t("step." + stepIDs[s]) }

func (m *Model) viewHeader() string {
	title := m.st.headerStep.Render(m.t("header.step", int(m.step)+1, int(numSteps), m.stepName(m.step)))
	if m.dryRun() {
		title += "  " + m.st.dry.Render(m.t("header.dryrun"))
	}
	var parts []string
	for s := step(0); s < numSteps; s++ {
		name := m.stepName(s)
		switch {
		case s == m.step:
			parts = append(parts, m.st.stepNow.Render("▸ "+name))
		case s < m.step:
			parts = append(parts, m.st.stepDone.Render("✓ "+name))
		default:
			parts = append(parts, m.st.stepTodo.Render(name))
		}
	}
	crumbs := strings.Join(parts, m.st.muted.Render(" › "))
	if ansi.StringWidth(crumbs) > m.width {
		crumbs = ""
		for s := step(0); s < numSteps; s++ {
			mark := m.st.stepTodo.Render("○")
			if s < m.step {
				mark = m.st.stepDone.Render("●")
			} else if s == m.step {
				mark = m.st.stepNow.Render("◉")
			}
			crumbs += mark + " "
		}
	}
	if m.f.cfg.Endpoint != "" {
		// Every screen says that the calls do not go to AWS (an emulator):
		// after the steps, else before anything else in the title.
		badge := m.st.warn.Render(m.t("header.endpoint"))
		if ansi.StringWidth(crumbs)+2+ansi.StringWidth(badge) <= m.width {
			crumbs = strings.TrimRight(crumbs, " ") + "  " + badge
		} else {
			title = badge + "  " + title
		}
	}
	return title + "\n" + crumbs + "\n"
}

func (m *Model) viewFooter() string {
	// The status line wraps rather than lose its end (a path, a reason).
	status := m.flash
	if m.width > 0 && ansi.StringWidth(status) > m.width {
		status = wrapWords(status, m.width)
	}
	var helpView string
	if m.form != nil {
		c := m.keys
		var own []key.Binding
		if km := m.screenKeys(); km != nil {
			own = enabled(km.ShortHelp())
		}
		formBinds := m.fitFormHelp(m.formHelp(m.form.KeyBinds(), m.formFiltering()),
			slices.Concat(enabled([]key.Binding{c.FormBack}), own, []key.Binding{c.Quit}))
		helpView = m.help.ShortHelpView(formBinds)
	} else {
		helpView = m.help.View(m.helpKeys())
	}
	return status + "\n" + helpView
}

// helpKeys lists the keys of the current screen for the help line: the
// screen's own (those on), then back, help and quit.
func (m *Model) helpKeys() helpKeys {
	c := m.keys
	if m.quitAsk {
		// Only the answer counts while the stop question is open.
		yn := []key.Binding{c.Yes, c.No}
		return helpKeys{short: yn, full: [][]key.Binding{yn}}
	}
	var own, extra []key.Binding
	if km := m.screenKeys(); km != nil {
		full := km.FullHelp()
		own = enabled(full[0])
		if len(full) > 1 {
			extra = enabled(full[1])
		}
	}
	common := enabled([]key.Binding{c.Back, c.Help, c.Quit})
	short := slices.Concat(own, common)
	full := [][]key.Binding{own, extra, common}
	// Keep "? more keys" and "ctrl+c quit" on a narrow screen: drop the
	// keys that the full help lists anyway, back and arrows first (the
	// arrows are the same on every screen), then the screen's own keys
	// from the last. (Measured untruncated: the help model itself cuts the
	// line at its width.)
	wide := m.help
	wide.Width = 0
	fits := func() bool { return ansi.StringWidth(wide.ShortHelpView(short)) <= m.width }
	for _, drop := range append([]key.Binding{c.Back}, c.Arrows...) {
		if fits() {
			break
		}
		short = slices.DeleteFunc(short, func(b key.Binding) bool { return b.Help() == drop.Help() })
	}
	for len(short) > 3 && !fits() {
		short = slices.Delete(short, len(short)-3, len(short)-2)
	}
	return helpKeys{short: short, full: full}
}
