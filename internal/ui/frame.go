package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/safe"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
)

// The frame around the current step: header (step and breadcrumbs),
// footer (status line and help), and the body between them. A body taller
// than the room left for it is shown as a window over it with a "more
// below" line (bodyScroll), never cut without a way to reach the rest.

// View renders header, body and footer within the window.
func (m *Model) View() string {
	if m.quitting {
		return ""
	}
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	body := m.bodyText()
	header := m.viewHeader()
	hh := lipgloss.Height(header)
	lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
	// The scroll keys show in the footer only while the body scrolls, and
	// the footer's height decides the body's room: twice settles it.
	footer := m.viewFooter()
	room := 0
	for range 2 {
		room = max(m.height-hh-lipgloss.Height(footer), 0)
		m.scrollBody(len(lines), room)
		f := m.viewFooter()
		if f == footer {
			break
		}
		footer = f
	}
	m.hidden = 0
	if sc := m.scroll; sc.page > 0 {
		left := len(lines) - sc.off - sc.page
		lines = append(lines[sc.off:sc.off+sc.page:sc.off+sc.page], m.bodyHint(left, m.keys.PageDown, m.keys.PageUp))
	} else if len(lines) > room {
		m.hidden = len(lines) - room
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
	// The net under every screen: text from outside was escaped when it
	// was formatted (i18n's Printer); whatever reached the frame some other
	// way still cannot move the cursor, clear the screen or write the
	// clipboard. Only the renderer's own colours stay.
	return safe.Screen(strings.Join(out, "\n"))
}

// bodyText is what stands between the header and the footer: the step's
// view, or the drill's over it, under the stop question when it is open.
func (m *Model) bodyText() string {
	body := m.screens[m.step].view()
	if m.dr.on() {
		body = m.dr.view()
	}
	if m.quitAsk {
		q := m.t("quit.confirm")
		if !m.writing() {
			q = m.t("quit.confirm.finished")
		}
		body = m.st.Warn.Render(m.wrap("? "+q, m.bodyWidth())) + "\n\n" + body
	} else if m.stopping {
		body = m.st.Warn.Render(m.spin.View()+" "+m.t("quit.stopping")) + "\n\n" + body
	}
	return body
}

// bodyScroll is the window the frame shows of a body taller than the room
// it leaves (a screen with no scrolling view of its own: an outcome with
// its errors, the checklist with three ARNs, the drill's impact): page
// lines from off, and a line under them that says how many are below and
// which key shows them.
type bodyScroll struct {
	off, max, page int    // first line shown, the last first line, lines shown (0: the body fits)
	focus          int    // the screen's chosen line the window last followed (focuser)
	at             string // the screen it is the window of (scrollAt): another starts at the top
}

// scrollBody fits the window to a body of n lines in room, and turns the
// scroll keys on while there is somewhere to go.
func (m *Model) scrollBody(n, room int) {
	sc := &m.scroll
	if at := m.scrollAt(); at != sc.at {
		sc.at, sc.off, sc.focus = at, 0, -1
	}
	if room < 2 || n <= room {
		sc.off, sc.max, sc.page = 0, 0, 0
	} else {
		sc.page = room - 1
		sc.max = n - sc.page
		if f, ok := m.screens[m.step].(focuser); ok && !m.dr.on() && !m.quitAsk && !m.stopping {
			// The chosen item moved: the window follows it.
			if fl := f.focusLine(); fl >= 0 && fl != sc.focus {
				sc.focus = fl
				sc.off = min(max(sc.off, fl-sc.page+1), fl)
			}
		}
		sc.off = min(max(sc.off, 0), sc.max)
	}
	m.keys.PageUp.SetEnabled(sc.page > 0 && sc.off > 0)
	m.keys.PageDown.SetEnabled(sc.page > 0 && sc.off < sc.max)
	m.dr.syncScroll(*sc)
}

// scrollAt names the screen showing: its step, phase, overlay or field,
// and the stop question over it.
func (m *Model) scrollAt() string {
	field := ""
	if m.form != nil {
		if f := m.form.GetFocusedField(); f != nil {
			field = f.GetKey()
		}
	}
	// The stop question starts the window at the top, where it is asked.
	return fmt.Sprint(m.step, m.screenStates(), m.dr.phase, field, m.quitAsk, m.stopping)
}

// scrollBy moves the body's window by lines (down when > 0).
func (m *Model) scrollBy(lines int) {
	sc := &m.scroll
	sc.off = min(max(sc.off+lines, 0), sc.max)
}

// scrollKey moves the body's window when k is one of its keys (pgup,
// pgdn; the arrows where the screen gives them, as arrows).
func (m *Model) scrollKey(k tea.KeyMsg, arrows ...key.Binding) bool {
	page := max(m.scroll.page-1, 1)
	switch {
	case key.Matches(k, m.keys.PageDown):
		m.scrollBy(page)
	case key.Matches(k, m.keys.PageUp):
		m.scrollBy(-page)
	case len(arrows) == 2 && key.Matches(k, arrows[0]):
		m.scrollBy(-1)
	case len(arrows) == 2 && key.Matches(k, arrows[1]):
		m.scrollBy(1)
	default:
		return false
	}
	return true
}

// bodyHint is the line under a scrolled body: how much is below and the
// key that shows it, or, at its end, the key back up.
func (m *painter) bodyHint(left int, down, up key.Binding) string {
	if left > 0 {
		return m.st.Accent.Render(m.tn("plan.more", left) + " · " + down.Help().Key)
	}
	return m.st.Muted.Render("↑ " + up.Help().Key)
}

func (m *painter) stepName(s flow.Step) string { return m.t(s.TitleID()) }

// headerWidths are the widest title and step marks of all the steps at a
// width in a language (viewHeader lines the header's marks up by them).
type headerWidths struct {
	width         int
	lang          i18n.Lang
	title, crumbs int
}

func (m *Model) viewHeader() string {
	// What goes where is decided by the widest title and crumbs of all the
	// steps, not the current one's: the marks after them (dry run, not AWS)
	// stay in the same place from step to step.
	widest := func(of func(flow.Step) string) int {
		n := 0
		for s := range flow.NumSteps {
			n = max(n, ansi.StringWidth(of(s)))
		}
		return n
	}
	titleOf := func(s flow.Step) string {
		return m.st.HeaderStep.Render(m.t("header.step", int(s)+1, int(flow.NumSteps), m.stepName(s)))
	}
	crumbsOf := func(s flow.Step) string {
		for _, c := range []func(flow.Step) string{m.crumbNames, m.crumbShort} {
			if line := c(s); ansi.StringWidth(line) <= m.width {
				return line
			}
		}
		return m.crumbDots(s)
	}
	// The widest depend on the width and the language alone; the header is
	// drawn in every View and measured in every Update, so they are worked
	// out again only when one of the two changes.
	if hw := m.headerW; hw.width != m.width || hw.lang != m.Lang() {
		m.headerW = headerWidths{width: m.width, lang: m.Lang(), title: widest(titleOf), crumbs: widest(crumbsOf)}
	}
	title, titleW := titleOf(m.step), m.headerW.title
	pad := func(s string, w int) string { return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0)) }
	tag := ""
	if m.dryRun() {
		tag = m.st.Dry.Render(m.t("header.dryrun"))
		if titleW+2+ansi.StringWidth(tag) <= m.width {
			title, tag = pad(title, titleW)+"  "+tag, ""
			titleW = ansi.StringWidth(title)
		}
	}
	// The steps by name where they fit on this step, else the steps done
	// as marks, else all as marks.
	crumbs, crumbsW := crumbsOf(m.step), m.headerW.crumbs
	var tags []string
	if tag != "" {
		tags = append(tags, tag) // the dry run's, when the title has no room for it
	}
	switch {
	case m.f.Cfg.Practice:
		// Every screen says that this is practice, not the real account.
		tags = append(tags, m.st.Warn.Render(m.t("header.practice")))
	case m.f.Cfg.Endpoint != "":
		// Every screen says that the calls do not go to AWS (an emulator).
		tags = append(tags, m.st.Warn.Render(m.t("header.endpoint")))
	}
	// Each tag after the step marks where it fits, else before the
	// title, else on a line of its own: never past the window's edge.
	for _, tg := range tags {
		switch {
		case crumbsW+2+ansi.StringWidth(tg) <= m.width:
			crumbs = pad(crumbs, crumbsW) + "  " + tg
			crumbsW = ansi.StringWidth(crumbs)
		case ansi.StringWidth(tg)+2+titleW <= m.width:
			// before the title's first line (titleW: how wide it is)
			title = tg + "  " + title
			titleW += ansi.StringWidth(tg) + 2
		default:
			title = tg + "\n" + title
			titleW = ansi.StringWidth(tg)
		}
	}
	return title + "\n" + crumbs + "\n"
}

// crumbNames are the steps by name, at step now: done, current, to do.
func (m *Model) crumbNames(now flow.Step) string {
	var parts []string
	for s := range flow.NumSteps {
		name := m.stepName(s)
		switch {
		case s == now:
			parts = append(parts, m.st.StepNow.Render("▸ "+name))
		case s < now:
			parts = append(parts, m.st.StepDone.Render("✓ "+name))
		default:
			parts = append(parts, m.st.StepTodo.Render(name))
		}
	}
	return strings.Join(parts, m.st.Muted.Render(" › "))
}

// crumbShort are the steps done as marks, the current one and those to do
// by name: for a window too narrow for every name.
func (m *Model) crumbShort(now flow.Step) string {
	var done []string
	for range now {
		done = append(done, m.st.StepDone.Render("✓"))
	}
	rest := []string{m.st.StepNow.Render("▸ " + m.stepName(now))}
	for s := now + 1; s < flow.NumSteps; s++ {
		rest = append(rest, m.st.StepTodo.Render(m.stepName(s)))
	}
	line := strings.Join(rest, m.st.Muted.Render(" › "))
	if len(done) > 0 {
		line = strings.Join(done, " ") + " " + line
	}
	return line
}

// crumbDots are the steps as marks, for a window too narrow for their names.
func (m *Model) crumbDots(now flow.Step) string {
	var b strings.Builder
	for s := range flow.NumSteps {
		mark := m.st.StepTodo.Render("○")
		if s < now {
			mark = m.st.StepDone.Render("●")
		} else if s == now {
			mark = m.st.StepNow.Render("◉")
		}
		b.WriteString(mark + " ")
	}
	return strings.TrimRight(b.String(), " ")
}

func (m *Model) viewFooter() string {
	// The status line wraps rather than lose its end (a path, a reason),
	// like the other texts: at spaces, Japanese at its break opportunities.
	status := m.flash
	if m.width > 0 && ansi.StringWidth(status) > m.width {
		status = look.Fit(status, m.width)
	}
	var helpView string
	if m.form != nil {
		c := m.keys
		var own []key.Binding
		if km := m.screenKeys(); km != nil {
			own = enabled(km.ShortHelp())
		}
		if m.help.ShowAll && c.Help.Enabled() {
			// ? over a form: every key, the form's and the screen's.
			var extra []key.Binding
			if km := m.screenKeys(); km != nil {
				for _, row := range km.FullHelp() {
					extra = append(extra, enabled(row)...)
				}
			}
			return status + "\n" + m.help.FullHelpView([][]key.Binding{enabled(m.formHelp(m.form.KeyBinds(), m.formFiltering())),
				slices.Concat(enabled([]key.Binding{c.FormBack}), extra, enabled([]key.Binding{c.Help, c.QuitQ}), []key.Binding{c.Quit})})
		}
		formKeys := m.formHelp(m.form.KeyBinds(), m.formFiltering())
		hasEnter := func(bs []key.Binding) bool {
			return slices.ContainsFunc(bs, func(b key.Binding) bool { return b.Enabled() && slices.Contains(b.Keys(), "enter") })
		}
		// On a narrow window enter (the way on) stays: the scroll keys,
		// then "? more keys", give way to it first.
		var formBinds []key.Binding
		for _, more := range [][]key.Binding{{c.PageDown, c.PageUp, c.Help}, {c.Help}, nil} {
			formBinds = m.fitFormHelp(formKeys, slices.Concat(enabled([]key.Binding{c.FormBack}), own, enabled(more), []key.Binding{c.Quit}))
			if !hasEnter(formKeys) || hasEnter(formBinds) {
				break
			}
		}
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
	scroll := enabled([]key.Binding{c.PageDown, c.PageUp})
	common := enabled([]key.Binding{c.Back, c.Help, c.QuitQ, c.Quit})
	short := slices.Concat(own, scroll, common)
	// The full help in two columns, quit in the second: a third column
	// is the first that a narrow window cuts.
	full := [][]key.Binding{own, slices.Concat(extra, scroll, common)}
	// Keep "esc back" (or the screen's own esc), "? more keys" and
	// "ctrl+c quit" on a narrow screen: drop the keys that the full help
	// lists anyway, "q quit" first (ctrl+c says quit), then the arrows
	// become one "↑↓ move", then the scroll keys go (the line under the
	// body names its key), then the arrows (the same on every screen), then the
	// screen's own keys from the last, then "? more keys". (Measured
	// untruncated: the help model itself cuts the line at its width.)
	fits := func() bool { return shortHelpWidth(m.help.ShortSeparator, short) <= m.width }
	drop := func(bs ...key.Binding) {
		for _, d := range bs {
			if fits() {
				return
			}
			short = slices.DeleteFunc(short, func(b key.Binding) bool { return b.Help() == d.Help() })
		}
	}
	drop(c.QuitQ)
	if !fits() {
		short = joinArrows(short, c.Arrows, m.t("key.updown"))
	}
	drop(c.PageUp, c.PageDown)
	drop(append(slices.Clone(c.Arrows), arrowsJoined(m.t("key.updown")))...)
	for i := len(short) - 1; i >= 0 && !fits(); i-- {
		b := short[i]
		isOut := slices.ContainsFunc(b.Keys(), func(k string) bool { return slices.Contains(c.FormBack.Keys(), k) }) // esc
		if b.Help() == c.QuitQ.Help() {
			short = slices.Delete(short, i, i+1) // ctrl+c says quit; the full help has q
			continue
		}
		isOn := slices.Contains(b.Keys(), "enter") // the way on stays too
		if isOut || isOn || slices.ContainsFunc(common, func(k key.Binding) bool { return k.Help() == b.Help() }) {
			continue // the way out of an overlay or the drill stays
		}
		short = slices.Delete(short, i, i+1)
	}
	drop(c.Help)
	return helpKeys{short: short, full: full}
}

// shortHelpWidth is the width of the help line of bs as help.ShortHelpView
// draws it without a width limit: "key desc" for each binding on,
// separated by sep. Measured on the plain text: rendering the line in
// colour for every binding it tries was most of a frame's time.
func shortHelpWidth(sep string, bs []key.Binding) int {
	n := 0
	for _, b := range bs {
		if !b.Enabled() {
			continue
		}
		if n > 0 {
			n += ansi.StringWidth(sep)
		}
		h := b.Help()
		n += ansi.StringWidth(h.Key) + 1 + ansi.StringWidth(h.Desc)
	}
	return n
}

// arrowsJoined is the up and down arrows said as one key on a narrow help
// line.
func arrowsJoined(desc string) key.Binding {
	return key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", desc))
}

// joinArrows puts the arrows of bs (up and down, both on) as one binding in
// place of the first: "↑↓ move" is shorter than "↑/k up • ↓/j down".
func joinArrows(bs, arrows []key.Binding, desc string) []key.Binding {
	at := func(a key.Binding) int {
		return slices.IndexFunc(bs, func(b key.Binding) bool { return b.Enabled() && b.Help() == a.Help() })
	}
	i, j := at(arrows[0]), at(arrows[1])
	if i < 0 || j < 0 {
		return bs
	}
	out := slices.Clone(bs)
	out[min(i, j)] = arrowsJoined(desc)
	return slices.Delete(out, max(i, j), max(i, j)+1)
}
