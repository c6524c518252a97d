package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Step 6: the manual steps in the Zoom web portal as a checklist whose ticks
// (and their times) are saved in the session file; alert e-mail recipients;
// the data types; the support-ticket text for group scoping; a Markdown
// runbook of the whole session; and "verify now", the read-only health check
// of the key set shown as the same table as 'zcmk-tui verify'.

type overlay int

const (
	overlayNone overlay = iota
	overlayTicket
	overlayEmails
	overlayDataTypes
	overlayVerify
)

type portalState struct {
	sel     int
	overlay overlay
	vp      viewport.Model
	ticket  string
	emails  string
	types   []string
	verify  verifyState
}

// verifyState is the "verify now" overlay.
type verifyState struct {
	running bool
	gen     int                // which check the overlay waits for
	cancel  context.CancelFunc // ends the check in flight
	rep     *setup.VerifyReport
	err     error // nothing could be checked
}

func (m *Model) enterPortal() tea.Cmd {
	if m.sess.Ticks == nil {
		m.sess.Ticks = map[string]bool{}
	}
	if m.sess.TickedAt == nil {
		m.sess.TickedAt = map[string]time.Time{}
	}
	m.stopVerify()
	m.prt.overlay = overlayNone
	m.prt.vp = viewport.New(1, 1)
	m.resizePortal()
	return nil
}

func (m *Model) resizePortal() {
	m.prt.vp.Width = max(m.bodyWidth(), 1)
	m.prt.vp.Height = max(m.bodyHeight()-2, 1)
	if m.prt.overlay == overlayVerify {
		m.prt.vp.Height = max(m.bodyHeight()-strings.Count(m.verifyHead(), "\n"), 1)
		m.fillVerify()
	}
}

// startVerify runs the read-only health check of the session's key set. A
// dry run created no key, so there it only says why there is nothing to check.
func (m *Model) startVerify() tea.Cmd {
	if m.dryRun() {
		m.flash = m.st.warn.Render(m.t("portal.verify.dry"))
		return nil
	}
	m.stopVerify()
	ctx, cancel := context.WithCancel(m.ctx)
	v := &m.prt.verify
	v.gen++
	v.running, v.cancel, v.rep, v.err = true, cancel, nil, nil
	m.prt.overlay = overlayVerify
	m.flash = ""
	m.resizePortal()
	return verifyCmd(ctx, m.eng, setup.VerifyOptionsFor(m.sess), v.gen)
}

// stopVerify ends the check in flight, if any; its answer is then ignored.
func (m *Model) stopVerify() {
	if v := &m.prt.verify; v.cancel != nil {
		v.cancel()
		v.cancel = nil
	}
	m.prt.verify.running = false
}

func (m *Model) onVerified(msg verifiedMsg) {
	v := &m.prt.verify
	if msg.gen != v.gen || !v.running || m.prt.overlay != overlayVerify {
		return // closed, or asked again, before this answer came
	}
	m.stopVerify()
	v.rep, v.err = msg.rep, msg.err
	m.resizePortal()
	m.prt.vp.GotoTop()
}

// fillVerify puts the report, fitted to the window, or the reason nothing
// could be checked and its fix, into the viewport.
func (m *Model) fillVerify() {
	v := m.prt.verify
	w := m.bodyWidth()
	var b strings.Builder
	switch {
	case v.running:
	case v.err != nil:
		b.WriteString(m.errorBlock(v.err, w) + "\n\n" + m.wrap(m.t("portal.verify.retry"), w))
	case v.rep != nil:
		setup.RenderVerify(&b, v.rep, w)
	}
	m.prt.vp.SetContent(fitLines(strings.TrimRight(b.String(), "\n"), w))
}

// fitLines breaks every line wider than w (an ARN on a narrow screen) onto
// the next lines, so that the viewport, which cuts lines at its edge
// without a mark, never shows a part of an ARN as if it were the whole.
func fitLines(s string, w int) string {
	if w <= 0 {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Hardwrap(l, w, true)
		}
	}
	return strings.Join(lines, "\n")
}

// verifyHead is the overlay's title and status: the check running, the
// summary of its report, or that nothing could be checked.
func (m *Model) verifyHead() string {
	v := m.prt.verify
	line := ""
	switch {
	case v.running:
		line = m.spin.View() + " " + m.t("portal.verify.running")
	case v.err != nil:
		line = m.st.bad.Render("✗ " + m.t("portal.verify.failed"))
	case v.rep != nil:
		mark, st := "✓ ", m.st.ok
		switch {
		case v.rep.Failed():
			mark, st = "✗ ", m.st.bad
		case v.rep.Incomplete() || v.rep.Warnings() > 0:
			mark, st = "! ", m.st.warn
		}
		line = st.Render(strings.TrimRight(m.wrap(mark+v.rep.Summary(), m.bodyWidth()), " "))
	}
	return m.st.title.Render(m.t("portal.verify.title")) + "\n" + line + "\n\n"
}

func (m *Model) arnList() []string {
	var out []string
	for _, k := range m.keysForDisplay() {
		if k.ARN != "" {
			out = append(out, k.ARN)
		}
	}
	return out
}

// validateEmails checks a comma-separated list of addresses.
func validateEmails(s string) error {
	for _, a := range splitList(s) {
		if err := zoom.ValidateEmail(a); err != nil {
			return err
		}
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (m *Model) emailsGroup() *huh.Group {
	m.prt.emails = strings.Join(m.sess.AlertEmails, ", ")
	return huh.NewGroup(huh.NewInput().Key("emails").Title(m.t("portal.emails")).
		Description(m.t("portal.emails.desc")).Placeholder("admin@example.com, security@example.com").
		Value(&m.prt.emails).Validate(validateEmails))
}

func (m *Model) dataTypesGroup() *huh.Group {
	m.prt.types = slices.Clone(m.sess.DataTypes)
	var opts []huh.Option[string]
	for _, d := range zoom.DataTypes() {
		opts = append(opts, huh.NewOption(d.Name, d.ID))
	}
	return huh.NewGroup(huh.NewMultiSelect[string]().Key("types").Title(m.t("portal.types")).
		Description(m.t("portal.types.desc")).Value(&m.prt.types).Options(opts...).Height(10))
}

func (m *Model) toggleTick(id string) tea.Cmd {
	now := m.cfg.Now().UTC().Truncate(time.Second)
	if m.sess.Ticks[id] {
		delete(m.sess.Ticks, id)
		delete(m.sess.TickedAt, id)
	} else {
		m.sess.Ticks[id] = true
		m.sess.TickedAt[id] = now
	}
	return m.save()
}

func (m *Model) updatePortal(msg tea.Msg) tea.Cmd {
	k, isKey := msg.(tea.KeyMsg)
	switch m.prt.overlay {
	case overlayEmails, overlayDataTypes:
		if isKey && k.String() == "esc" && !m.formFiltering() {
			m.form, m.onForm, m.prt.overlay = nil, nil, overlayNone
			return nil
		}
		return m.updateForm(msg)
	case overlayTicket:
		if isKey {
			switch {
			case k.String() == "esc" || k.String() == "q":
				m.prt.overlay = overlayNone
				return nil
			case key.Matches(k, m.keys.Copy):
				m.flash = m.t("copy.running")
				return copyCmd(m.prt.ticket, m.cfg.ClipboardOut, m.cfg.Clipboard)
			}
		}
		var cmd tea.Cmd
		m.prt.vp, cmd = m.prt.vp.Update(msg)
		return cmd
	case overlayVerify:
		if isKey {
			switch {
			case key.Matches(k, m.keys.Close):
				m.stopVerify()
				m.prt.overlay = overlayNone
				m.resizePortal()
				return nil
			case key.Matches(k, m.keys.Recheck) && !m.prt.verify.running:
				return m.startVerify()
			}
		}
		var cmd tea.Cmd
		m.prt.vp, cmd = m.prt.vp.Update(msg)
		return cmd
	}
	if !isKey {
		return nil
	}
	items := zoom.Checklist()
	switch {
	case key.Matches(k, m.keys.Up):
		m.prt.sel = max(m.prt.sel-1, 0)
	case key.Matches(k, m.keys.Down):
		m.prt.sel = min(m.prt.sel+1, len(items)-1)
	case key.Matches(k, m.keys.Tick):
		return m.toggleTick(items[m.prt.sel].ID)
	case key.Matches(k, m.keys.Emails):
		m.prt.overlay = overlayEmails
		return m.setForm(huh.NewForm(m.emailsGroup()), func() tea.Cmd {
			m.prt.overlay = overlayNone
			m.sess.AlertEmails = splitList(m.prt.emails)
			m.flash = m.st.ok.Render("✓ " + m.t("portal.emails.saved", len(m.sess.AlertEmails)))
			return m.save()
		})
	case key.Matches(k, m.keys.DataTypes):
		m.prt.overlay = overlayDataTypes
		return m.setForm(huh.NewForm(m.dataTypesGroup()), func() tea.Cmd {
			m.prt.overlay = overlayNone
			m.sess.DataTypes = slices.Clone(m.prt.types)
			m.flash = m.st.ok.Render("✓ " + m.t("portal.types.saved", len(m.sess.DataTypes)))
			return m.save()
		})
	case key.Matches(k, m.keys.Ticket):
		m.prt.overlay = overlayTicket
		m.prt.ticket = zoom.SupportTicketText("", m.zoomAccount(), m.arnList(), "")
		m.prt.vp.SetContent(m.wrap(m.prt.ticket, m.bodyWidth()))
		m.prt.vp.GotoTop()
	case key.Matches(k, m.keys.Verify):
		return m.startVerify()
	case key.Matches(k, m.keys.Export):
		return m.exportRunbook()
	case key.Matches(k, m.keys.Finish):
		return m.quit()
	}
	return nil
}

func (m *Model) formFiltering() bool {
	f, ok := m.focusedFiltering()
	return ok && f
}

func (m *Model) portalKeys() []key.Binding {
	switch m.prt.overlay {
	case overlayTicket:
		return []key.Binding{m.keys.Up, m.keys.Down, m.keys.Copy, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", m.t("key.close")))}
	case overlayVerify:
		if m.prt.verify.running {
			return []key.Binding{m.keys.Close}
		}
		return []key.Binding{m.keys.Up, m.keys.Down, m.keys.Recheck, m.keys.Close}
	}
	return []key.Binding{m.keys.Tick, m.keys.Verify, m.keys.Emails, m.keys.DataTypes, m.keys.Ticket, m.keys.Export, m.keys.Finish}
}

// runbookPath is where the Markdown runbook goes: next to the session file,
// or in the working directory when there is none.
func (m *Model) runbookPath() string {
	dir := "."
	if m.cfg.StatePath != "" {
		dir = filepath.Dir(m.cfg.StatePath)
	}
	name := "zoom-cmk-runbook-" + m.cfg.Now().UTC().Format("20060102-150405") + ".md"
	return filepath.Join(dir, name)
}

// Runbook renders the session as a Markdown runbook for a change record.
func (m *Model) Runbook() string {
	s := m.sess
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", m.t("runbook.title"))
	fmt.Fprintf(&b, "%s\n\n", m.t("runbook.exported", m.cfg.Now().UTC().Format("2006-01-02 15:04:05 MST")))
	if m.dryRun() {
		fmt.Fprintf(&b, "**%s**\n\n", m.t("runbook.dry"))
	}
	fmt.Fprintf(&b, "- %s: %s (%s)\n", m.t("runbook.account"), s.AccountID, s.Partition)
	fmt.Fprintf(&b, "- %s: %s\n", m.t("runbook.alias"), s.Alias)
	fmt.Fprintf(&b, "- %s: %s\n", m.t("runbook.zoomaccount"), m.zoomAccount())
	fmt.Fprintf(&b, "- %s: %s\n", m.t("runbook.primary"), zoom.RegionLabel(s.PrimaryRegion))
	var reps []string
	for _, r := range s.Replicas {
		reps = append(reps, zoom.RegionLabel(r))
	}
	fmt.Fprintf(&b, "- %s: %s\n", m.t("runbook.replicas"), strings.Join(reps, ", "))
	rot := m.t("runbook.on")
	if s.WizardNoRotation {
		rot = m.t("runbook.off")
	}
	fmt.Fprintf(&b, "- %s: %s\n", m.t("runbook.rotation"), rot)
	if !s.SetupAt.IsZero() {
		fmt.Fprintf(&b, "- %s: %s\n", m.t("runbook.setupat"), s.SetupAt.UTC().Format(time.RFC3339))
	}
	fmt.Fprintf(&b, "\n## %s\n\n| %s | %s | ARN |\n|---|---|---|\n", m.t("runbook.keys"), m.t("runbook.role"), m.t("runbook.region"))
	for _, k := range m.keysForDisplay() {
		fmt.Fprintf(&b, "| %s | %s | `%s` |\n", m.t("role."+k.Role), zoom.RegionLabel(k.Region), k.ARN)
	}
	doc := s.Policy
	if doc == "" && m.key.res != nil {
		doc = m.key.res.PolicyDoc
	}
	fmt.Fprintf(&b, "\n## %s\n\n```json\n%s\n```\n\n", m.t("runbook.policy"), prettyJSON(doc))
	list, _ := zoom.ChecklistText("markdown", m.arnList(), s.Ticks)
	list = strings.Replace(list, "# ", "## ", 1)
	b.WriteString(list)
	b.WriteString("\n## " + m.t("runbook.ticks") + "\n\n")
	for i, it := range zoom.Checklist() {
		when := m.t("runbook.notdone")
		if t, ok := s.TickedAt[it.ID]; ok && s.Ticks[it.ID] {
			when = t.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(&b, "%d. %s: %s\n", i+1, it.Title, when)
	}
	b.WriteString("\n## " + m.t("runbook.emails") + "\n\n")
	if len(s.AlertEmails) == 0 {
		b.WriteString("- " + m.t("runbook.none") + "\n")
	}
	for _, e := range s.AlertEmails {
		b.WriteString("- " + e + "\n")
	}
	b.WriteString("\n## " + m.t("runbook.types") + "\n\n")
	if len(s.DataTypes) == 0 {
		b.WriteString("- " + m.t("runbook.none") + "\n")
	}
	for _, d := range zoom.DataTypes() {
		if slices.Contains(s.DataTypes, d.ID) {
			b.WriteString("- " + d.Name + "\n")
		}
	}
	return b.String()
}

func (m *Model) exportRunbook() tea.Cmd {
	path := m.runbookPath()
	m.flash = m.t("portal.export.running")
	return exportCmd(path, m.Runbook())
}

func (m *Model) onExported(msg exportedMsg) tea.Cmd {
	if msg.err != nil {
		m.flash = m.st.bad.Render("✗ " + m.t("portal.export.failed", msg.err))
		return nil
	}
	m.flash = m.st.ok.Render("✓ " + m.t("portal.export.done", msg.path))
	m.sess.RunbookPath = msg.path
	return m.save()
}

func (m *Model) viewPortal() string {
	w := m.bodyWidth()
	var b strings.Builder
	switch m.prt.overlay {
	case overlayTicket:
		b.WriteString(m.st.title.Render(m.t("portal.ticket.title")) + "\n\n")
		b.WriteString(m.prt.vp.View())
		return b.String()
	case overlayEmails, overlayDataTypes:
		if m.form != nil {
			b.WriteString(m.form.View())
		}
		return b.String()
	case overlayVerify:
		b.WriteString(m.verifyHead())
		if !m.prt.verify.running {
			b.WriteString(m.prt.vp.View())
		}
		return b.String()
	}
	arns := m.arnList()
	b.WriteString(m.st.title.Render(m.t("portal.arns")) + "\n")
	if len(arns) == 0 {
		b.WriteString(m.st.muted.Render(m.t("arns.placeholder")) + "\n")
	}
	for _, a := range arns {
		b.WriteString(m.renderARN(a) + "\n")
	}
	b.WriteString("\n")
	done := 0
	for i, it := range zoom.Checklist() {
		mark := "[ ]"
		if m.sess.Ticks[it.ID] {
			mark = m.st.ok.Render("[x]")
			done++
		}
		cur := "  "
		title := fmt.Sprintf("%d. %s", i+1, it.Title)
		if i == m.prt.sel {
			cur = m.st.sel.Render("▸ ")
			title = m.st.sel.Render(title)
		}
		line := cur + mark + " " + title
		if t, ok := m.sess.TickedAt[it.ID]; ok && m.sess.Ticks[it.ID] {
			line += "  " + m.st.muted.Render(t.UTC().Format("2006-01-02 15:04"))
		}
		b.WriteString(line + "\n")
	}
	items := zoom.Checklist()
	if m.prt.sel < len(items) {
		b.WriteString("\n" + m.st.muted.Render(m.wrap(items[m.prt.sel].Detail, w-2)) + "\n")
	}
	emails := m.t("portal.emails.none")
	if len(m.sess.AlertEmails) > 0 {
		emails = strings.Join(m.sess.AlertEmails, ", ")
	}
	b.WriteString("\n" + m.t("portal.status", done, len(items), emails, len(m.sess.DataTypes)) + "\n")
	if m.dryRun() {
		b.WriteString(m.st.dry.Render(m.t("portal.dry")) + "\n")
	}
	return b.String()
}
