package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/zcmk/zcmk-tui/internal/i18n"
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
	overlayTicketInfo // the Zoom account number and groups the ticket names
	overlayVerify
	overlayRunbook // where a document goes: the runbook's forms (runbook_where.go), the export's (export_iac.go)
)

// portalStep is step 6 on the screen: the checklist and its overlays,
// each with its keys.
type portalStep struct {
	m          *Model
	keys       portalKeys
	formKeys   formKeys
	ticketKeys ticketKeys
	verifyKeys verifyKeys

	sel     int
	overlay overlay
	vp      viewport.Model
	ticket  string
	// ticketLang is the language the support ticket shows in (L switches
	// it: the ticket may go to Zoom support in another language).
	ticketLang i18n.Lang
	emails     string
	account    string // the ticket form's Zoom account number
	groups     string // the ticket form's user groups
	types      []string
	verify     verifyState
	focus      int // the line of the checklist's selected item, as last drawn

	// The runbook's forms (runbook_where.go): the answer, the path typed,
	// the file it names, whether a file is there and the next free name
	// beside it; rbGen ties the path's check to the form that asked.
	rbChoice, rbPath, rbAbs, rbFree string
	rbExists                        bool
	rbGen                           int
	rbLang                          i18n.Lang // the language of the runbook placed (m: the wizard's, M: the other)

	alertsYes             bool   // the answer of the tamper-alert questions (alerts.go)
	codeFormat, codeTyped string // the export's form (export_iac.go): format, folder typed
}

func (s *portalStep) enter() tea.Cmd {
	m := s.m
	m.f.StartChecklist()
	if s.sel == 0 {
		// Resumed (or first shown): the cursor on the first item not yet ticked.
		for i, it := range m.f.Checklist() {
			if !m.f.Sess.Ticks[it.ID] {
				s.sel = i
				break
			}
		}
	}
	s.stopVerify()
	s.overlay = overlayNone
	s.vp = viewport.New(1, 1)
	s.resize()
	return nil
}

func (s *portalStep) resize() {
	m := s.m
	s.vp.Width = max(m.bodyWidth(), 1)
	s.vp.Height = max(m.bodyHeight()-2, 1)
	if s.overlay == overlayTicket {
		// The ticket fitted to the new width, where it was scrolled to.
		s.vp.Height = max(m.bodyHeight()-strings.Count(s.ticketHead(), "\n"), 1)
		s.fillTicket()
	}
	if s.overlay == overlayVerify {
		s.vp.Height = max(m.bodyHeight()-strings.Count(s.verifyHead(), "\n"), 1)
		s.fillVerify()
	}
}

func (s *portalStep) toggleTick(id string) tea.Cmd {
	m := s.m
	m.f.SetTick(id, !m.f.Sess.Ticks[id])
	if id == zoom.StepPasteARNs && m.f.Sess.Ticks[id] && m.f.Cfg.ZoomUses != nil {
		// Practice: Zoom starts to use the key set it was given.
		use := m.f.Cfg.ZoomUses
		return tea.Batch(m.save(), func() tea.Msg { use(); return nil })
	}
	return m.save()
}

func (s *portalStep) update(msg tea.Msg) tea.Cmd {
	m := s.m
	if cmd, ok := s.alertsUpdate(msg); ok {
		return cmd
	}
	if msg, ok := msg.(runbookCheckedMsg); ok {
		return s.onRunbookChecked(msg)
	}
	k, isKey := msg.(tea.KeyMsg)
	switch s.overlay {
	case overlayEmails, overlayDataTypes, overlayTicketInfo, overlayRunbook:
		if isKey && key.Matches(k, s.formKeys.Close) {
			m.form, m.onForm = nil, nil
			if s.overlay == overlayTicketInfo {
				s.overlay = overlayTicket
				s.resize() // the window may have changed meanwhile
				return nil
			}
			s.overlay = overlayNone
			return nil
		}
		return m.updateForm(msg)
	case overlayTicket:
		if isKey {
			switch {
			case key.Matches(k, s.ticketKeys.Close):
				s.overlay = overlayNone
				return nil
			case key.Matches(k, s.ticketKeys.Copy):
				m.flash = m.t("copy.running")
				return copyCmd(s.ticket, m.cfg.ClipboardOut, m.cfg.Clipboard)
			case key.Matches(k, s.ticketKeys.Lang):
				s.ticketLang = otherLang(s.ticketLang)
				s.fillTicket()
				s.vp.GotoTop()
				return nil
			case key.Matches(k, s.ticketKeys.Edit):
				return s.editTicketInfo()
			}
		}
		var cmd tea.Cmd
		s.vp, cmd = s.vp.Update(msg)
		return cmd
	case overlayVerify:
		if isKey {
			switch {
			case key.Matches(k, s.verifyKeys.Close):
				s.stopVerify()
				s.overlay = overlayNone
				s.resize()
				return nil
			case key.Matches(k, s.verifyKeys.Recheck):
				return s.startVerify()
			}
		}
		var cmd tea.Cmd
		s.vp, cmd = s.vp.Update(msg)
		return cmd
	}
	if !isKey {
		return nil
	}
	items := m.f.Checklist()
	switch {
	case key.Matches(k, s.keys.Up):
		s.sel = max(s.sel-1, 0)
	case key.Matches(k, s.keys.Down):
		s.sel = min(s.sel+1, len(items)-1)
	case key.Matches(k, s.keys.Tick):
		return s.toggleTick(items[s.sel].ID)
	case key.Matches(k, s.keys.Emails):
		s.overlay = overlayEmails
		s.emails = strings.Join(m.f.Sess.AlertEmails, ", ")
		return m.setForm(huh.NewForm(m.emailsGroup(&s.emails)), func() tea.Cmd {
			s.overlay = overlayNone
			m.f.SetEmails(s.emails)
			m.flash = m.st.OK.Render("✓ " + m.tn("portal.emails.saved", len(m.f.Sess.AlertEmails)))
			return tea.Batch(m.save(), s.offerAlerts())
		})
	case key.Matches(k, s.keys.DataTypes):
		s.overlay = overlayDataTypes
		s.types = slices.Clone(m.f.Sess.DataTypes)
		return m.setForm(huh.NewForm(m.dataTypesGroupIn(&s.types, m.bodyHeight)), func() tea.Cmd {
			s.overlay = overlayNone
			m.f.SetDataTypes(s.types)
			m.flash = m.st.OK.Render("✓ " + m.tn("portal.types.saved", len(m.f.Sess.DataTypes)))
			return m.save()
		})
	case key.Matches(k, s.keys.Ticket):
		s.ticketLang = m.f.Cat.Lang()
		s.showTicket()
	case key.Matches(k, s.keys.Verify):
		return s.startVerify()
	case key.Matches(k, s.keys.Export):
		return s.chooseRunbookPlace(m.f.Cat.Lang())
	case key.Matches(k, s.keys.Drill):
		return m.dr.open()
	case key.Matches(k, s.keys.Code):
		return s.chooseCodeExport()
	case key.Matches(k, s.keys.ExportOther):
		return s.chooseRunbookPlace(otherLang(m.f.Cat.Lang())) // asked where, like m
	case key.Matches(k, s.keys.Finish):
		return m.quit()
	}
	return nil
}

// syncKeys turns on the keys of the checklist or of the overlay over
// it: esc closes a form unless it is clearing the form's filter; the
// report's keys wait for the report.
func (s *portalStep) syncKeys() {
	m := s.m
	ov := s.overlay
	p := &s.keys
	for _, b := range []*key.Binding{&p.Up, &p.Down, &p.Tick, &p.Verify, &p.Emails, &p.DataTypes, &p.Ticket, &p.Export, &p.ExportOther, &p.Code, &p.Finish} {
		b.SetEnabled(ov == overlayNone)
	}
	// The drill needs a recording made with the key (checklist item 6).
	p.Drill.SetEnabled(ov == overlayNone && m.f.CanDrill() && m.f.Sess.Ticks[zoom.StepTestRecording])
	s.formKeys.Close.SetEnabled((ov == overlayEmails || ov == overlayDataTypes || ov == overlayTicketInfo || ov == overlayRunbook) && !m.formOwnsEsc())
	t := &s.ticketKeys
	for _, b := range []*key.Binding{&t.Up, &t.Down, &t.Copy, &t.Close, &t.Lang, &t.Edit} {
		b.SetEnabled(ov == overlayTicket)
	}
	v := &s.verifyKeys
	ready := ov == overlayVerify && !s.verify.running
	v.Up.SetEnabled(ready)
	v.Down.SetEnabled(ready)
	v.Recheck.SetEnabled(ready)
	v.Close.SetEnabled(ov == overlayVerify)
}

func (s *portalStep) onExported(msg exportedMsg) tea.Cmd {
	m := s.m
	if msg.err != nil {
		m.flash = m.st.Bad.Render("✗ " + m.t("portal.export.failed", msg.err))
		return nil
	}
	m.flash = m.st.OK.Render("✓") + " " + m.t("portal.export.done", msg.path) // the path unstyled: it wraps after a "/"
	m.f.RecordRunbook(msg.path)
	return m.save()
}

func (s *portalStep) view() string {
	m := s.m
	w := m.bodyWidth()
	var b strings.Builder
	switch s.overlay {
	case overlayTicket:
		b.WriteString(s.ticketHead())
		b.WriteString(s.vp.View() + "\n" + m.moreBelow(s.vp))
		return b.String()
	case overlayEmails, overlayDataTypes, overlayTicketInfo, overlayRunbook:
		b.WriteString(m.formView())
		return b.String()
	case overlayVerify:
		b.WriteString(s.verifyHead())
		if !s.verify.running {
			b.WriteString(s.vp.View() + "\n" + m.moreBelow(s.vp))
		}
		return b.String()
	}
	for _, id := range m.f.Sess.OpenItems {
		b.WriteString(m.st.Warn.Render(m.wrap("! "+m.t("portal.open", m.t("prereq.item."+id), m.t("prereq.item."+id+".missing")), w)) + "\n\n")
	}
	if m.f.Incomplete() {
		// Never a partial set as the ARNs to paste (internal/docs/incomplete.go).
		b.WriteString(m.incompleteView(w) + "\n")
	} else {
		arns := m.f.ARNList()
		b.WriteString(m.st.Title.Render(m.t("portal.arns")) + "\n")
		if len(arns) == 0 {
			b.WriteString(m.st.Muted.Render(m.t("arns.placeholder")) + "\n")
		}
		for _, a := range arns {
			b.WriteString(m.renderARN(a) + "\n")
		}
		b.WriteString("\n")
	}
	done := 0
	for i, it := range m.f.Checklist() {
		mark := "[ ]"
		if m.f.Sess.Ticks[it.ID] {
			mark = m.st.OK.Render("[x]")
			done++
		}
		cur := "  "
		title := fmt.Sprintf("%d. %s", i+1, m.p().M(it.Title))
		if i == s.sel {
			cur = m.st.Sel.Render("▸ ")
			title = m.st.Sel.Render(title)
		}
		if i == s.sel {
			s.focus = strings.Count(b.String(), "\n") // the frame keeps it in view
		}
		line := cur + mark + " " + title
		if t, ok := m.f.Sess.TickedAt[it.ID]; ok && m.f.Sess.Ticks[it.ID] {
			line += "  " + m.st.Muted.Render(t.UTC().Format("2006-01-02 15:04"))
		}
		b.WriteString(m.hangLine(line, 6) + "\n")
	}
	items := m.f.Checklist()
	if s.sel < len(items) {
		b.WriteString("\n" + m.st.Muted.Render(m.wrap(m.itemDetail(items[s.sel]), w-2)) + "\n")
	}
	emails := m.t("portal.emails.none")
	if len(m.f.Sess.AlertEmails) > 0 {
		emails = strings.Join(m.f.Sess.AlertEmails, ", ")
	}
	b.WriteString("\n" + strings.TrimRight(m.wrap(m.t("portal.status", done, len(items), emails, len(m.f.Sess.DataTypes)), w), " ") + "\n")
	if m.dryRun() {
		b.WriteString(m.st.Dry.Render(m.t("portal.dry")) + "\n")
	}
	if m.f.Sess.Ticks[zoom.StepTestRecording] && m.f.CanDrill() {
		b.WriteString(m.st.Accent.Render(m.wrap(m.t("drill.offer"), w)) + "\n")
	}
	return b.String()
}
