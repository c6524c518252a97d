// Step 6's form overlays: the alert e-mails, the data types, the support ticket and its details.

package ui

import (
	"errors"
	"strings"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// emailsGroup asks for the alert e-mail recipients, into list ("a, b").
func (m *painter) emailsGroup(list *string) *huh.Group {
	return huh.NewGroup(fitted(m, huh.NewInput().Key("emails"), m.t("portal.emails"), m.t("portal.emails.desc")).
		Placeholder(m.t("eg", "admin@example.com, security@example.com")).
		Value(list).Validate(fitErr(m, flow.ValidateEmails)))
}

// dataTypesGroup asks for the data types to protect, into ids.
func (m *painter) dataTypesGroup(ids *[]string) *huh.Group {
	return m.dataTypesGroupIn(ids, func() int { return 10 })
}

// dataTypesGroupIn is dataTypesGroup rows high: on the full screen the
// list takes the window's height, so that every type shows without
// scrolling where it can (and the line under it says what it hides).
func (m *painter) dataTypesGroupIn(ids *[]string, rows func() int) *huh.Group {
	var opts []huh.Option[string]
	for _, d := range zoom.DataTypes() {
		opts = append(opts, huh.NewOption(m.p().M(d.Label()), d.ID))
	}
	return huh.NewGroup(fillRows(m, fittedOptions(m, fitted(m, huh.NewMultiSelect[string]().Key("types"), m.t("portal.types"), m.t("portal.types.desc")).
		Value(ids), look.MultiMarks(), 0, opts), rows))
}

// editTicketInfo opens the form for the Zoom account number and the user
// groups the ticket names; they are saved in the session, and the ticket
// (and the runbook) show them.
func (s *portalStep) editTicketInfo() tea.Cmd {
	m := s.m
	s.overlay = overlayTicketInfo
	s.account, s.groups = m.f.Sess.ZoomAccountNumber, m.f.Sess.TicketGroups
	return m.setForm(huh.NewForm(m.ticketInfoGroup(&s.account, &s.groups)), func() tea.Cmd {
		m.f.SetTicketInfo(s.account, s.groups)
		s.showTicket()
		m.flash = m.st.OK.Render("✓ " + m.t("portal.ticketinfo.saved"))
		return m.save()
	})
}

// ticketInfoGroup asks for the Zoom account number (digits) and the user
// groups the support ticket names.
func (m *painter) ticketInfoGroup(account, groups *string) *huh.Group {
	return huh.NewGroup(m.ticketAccountField(account), m.ticketGroupsField(groups))
}

// ticketAccountField asks for the Zoom account number (digits, or nothing).
// The accessible mode asks it on its own, after its description.
func (m *painter) ticketAccountField(account *string) *huh.Input {
	return fitted(m, huh.NewInput().Key("account"), m.t("portal.ticketinfo.account"), m.t("portal.ticketinfo.account.desc")).
		Placeholder(m.t("eg", "1234567890")).
		Value(account).Validate(fitErr(m, m.validateZoomAccountNumber))
}

// ticketGroupsField asks for the user groups (text without control
// characters, or nothing).
func (m *painter) ticketGroupsField(groups *string) *huh.Input {
	return fitted(m, huh.NewInput().Key("groups"), m.t("portal.ticketinfo.groups"), m.t("portal.ticketinfo.groups.desc")).
		Placeholder(m.t("eg", "Finance, Legal")).
		Value(groups).Validate(fitErr(m, m.validateTicketGroups))
}

// validateTicketGroups accepts group names as text: no control characters
// (a tab, an escape sequence pasted in), which the ticket would carry.
func (m *painter) validateTicketGroups(s string) error {
	if strings.ContainsFunc(s, unicode.IsControl) {
		return errors.New(m.t("portal.ticketinfo.groups.invalid"))
	}
	return nil
}

// validateZoomAccountNumber accepts an empty answer (the ticket keeps its
// placeholder) or digits only.
func (m *painter) validateZoomAccountNumber(s string) error {
	s = strings.TrimSpace(s)
	for _, r := range s {
		if r < '0' || r > '9' {
			return errors.New(m.t("portal.ticketinfo.account.invalid"))
		}
	}
	return nil
}

// fillTicket puts the support ticket, in the language chosen for it, into
// the viewport, each line broken at spaces with its hanging indent: a
// list's bullet stays with its ARN (look.FitList).
func (s *portalStep) fillTicket() {
	m := s.m
	s.ticket = m.f.TicketIn(CatalogueFor(s.ticketLang).Printer())
	s.vp.SetContent(look.FitList(s.ticket, m.bodyWidth()))
}

// showTicket shows the ticket overlay from its top.
func (s *portalStep) showTicket() {
	s.overlay = overlayTicket
	s.resize()
	s.vp.GotoTop()
}

// ticketHead is the ticket overlay's title, broken to the body's width
// (what c and esc do stays on screen), and the blank line under it.
func (s *portalStep) ticketHead() string {
	m := s.m
	return m.st.Title.Render(look.Fit(m.t("portal.ticket.title"), m.bodyWidth())) + "\n\n"
}
