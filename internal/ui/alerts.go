package ui

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The tamper alerts in the wizard. The alert e-mail recipients are asked
// once, in the Zoom-portal step (e): the addresses Zoom's portal alerts go
// to are the ones the AWS side should warn too. Once they are saved, and
// while the key set exists, the wizard offers (default yes, skippable) to
// set up the tamper alerts for them in every Region: the plan of those
// changes, one confirmation (Enter alone is no), then the writes; the
// outcome says that each address gets one confirmation e-mail per Region.
// The decisions (when the offer is made, its options, what an apply
// records) are the flow's, in flow/flow_alerts.go; here are its commands and
// both faces' offer.

// alertsPlanMsg and alertsDoneMsg answer alertsPlanCmd and alertsApplyCmd.
type (
	alertsPlanMsg struct {
		plan *setup.Plan
		err  error
	}
	alertsDoneMsg struct {
		res *setup.Result
		err error
	}
)

func alertsPlanCmd(ctx context.Context, eng Engine, o setup.Options) tea.Cmd {
	return func() tea.Msg {
		p, err := eng.Plan(ctx, o)
		return alertsPlanMsg{plan: p, err: err}
	}
}

func alertsApplyCmd(ctx context.Context, eng Engine, p *setup.Plan) tea.Cmd {
	return func() tea.Msg {
		res, err := eng.Apply(ctx, p, nil)
		return alertsDoneMsg{res: res, err: err}
	}
}

// offerAlerts asks whether to set up the tamper alerts for the saved
// addresses (after the e-mail form); nothing when they are not wanted.
func (s *portalStep) offerAlerts() tea.Cmd {
	m := s.m
	if !m.f.AlertsWanted() {
		return nil
	}
	s.alertsYes = true
	s.overlay = overlayEmails
	form := huh.NewForm(huh.NewGroup(fitted(&m.painter, newConfirm().Key("alerts"), m.t("alerts.offer"),
		m.tn("alerts.offer.desc", m.f.AlertMails(), strings.Join(m.f.Sess.AlertEmails, ", "))).
		Affirmative(m.t("alerts.offer.yes")).Negative(m.t("alerts.offer.no")).Value(&s.alertsYes)))
	return m.setForm(form, func() tea.Cmd {
		s.overlay = overlayNone
		if !s.alertsYes {
			m.flash = m.st.Warn.Render(m.t("alerts.skipped"))
			return nil
		}
		o, err := m.f.AlertsOptions()
		if err != nil {
			m.flash = m.st.Bad.Render("✗ " + m.p().Err(err))
			return nil
		}
		m.flash = m.t("alerts.planning")
		return alertsPlanCmd(m.ctx, m.eng, o)
	})
}

// alertsUpdate handles the answers of the alert commands.
func (s *portalStep) alertsUpdate(msg tea.Msg) (tea.Cmd, bool) {
	m := s.m
	switch msg := msg.(type) {
	case alertsPlanMsg:
		if msg.err != nil {
			m.flash = m.st.Bad.Render("✗ " + m.t("alerts.failed", m.p().Err(msg.err)))
			return nil, true
		}
		if msg.plan.Changes() == 0 {
			m.flash = m.st.OK.Render("✓ " + m.t("alerts.in-place"))
			return nil, true
		}
		return s.confirmAlerts(msg.plan), true
	case alertsDoneMsg:
		m.f.RecordAlerts(msg.res)
		if msg.err != nil {
			m.flash = m.st.Bad.Render("✗ " + m.t("alerts.failed", m.p().Err(msg.err)))
			return m.save(), true
		}
		m.flash = m.st.OK.Render("✓ " + m.tn("alerts.done", subscriptions(msg.res)))
		return m.save(), true
	}
	return nil, false
}

// confirmAlerts shows the alert changes, Region by Region, and asks once.
// Enter alone is no: a write to AWS needs a yes.
func (s *portalStep) confirmAlerts(p *setup.Plan) tea.Cmd {
	m := s.m
	s.alertsYes = false
	s.overlay = overlayEmails
	m.flash = ""
	form := huh.NewForm(huh.NewGroup(fitted(&m.painter, newConfirm().Key("alerts-consent"),
		m.t("alerts.confirm", p.Changes(), p.AccountID), m.alertsPlanText(p, 0)).
		Affirmative(m.t("alerts.confirm.yes")).Negative(m.t("alerts.confirm.no")).Value(&s.alertsYes)))
	return m.setForm(form, func() tea.Cmd {
		s.overlay = overlayNone
		if !s.alertsYes {
			m.flash = m.st.Warn.Render(m.t("alerts.declined"))
			return nil
		}
		m.flash = m.t("alerts.applying")
		return alertsApplyCmd(m.ctx, m.eng, p)
	})
}

// copyPolicy copies, once, the operator's least-privilege IAM policy (the
// document of `zcmk-tui permissions`) when the admin is not sure of their
// AWS permissions, for their cloud team: for the account of the
// credentials when the live check found it, else with ACCOUNT_ID to fill in.
func (s *prereqStep) copyPolicy() tea.Cmd {
	m := s.m
	if !s.policyWanted || s.policyCopied {
		return nil
	}
	s.policyCopied = true
	return copyCmd(m.f.OperatorPolicy(), m.cfg.ClipboardOut, m.cfg.Clipboard)
}

// offerAlerts is the accessible face's offer, after the alert e-mail
// recipients: the same question, the plan, a typed yes (or --yes without a
// terminal; without either nothing is written and the wizard goes on).
func (a *plain) offerAlerts() error {
	f := a.f
	if !f.AlertsWanted() {
		return nil
	}
	if f.AsksConsent() {
		yes, err := a.askYes(a.t("alerts.offer"), a.r.tn("alerts.offer.desc", f.AlertMails(), strings.Join(f.Sess.AlertEmails, ", ")), true)
		if err != nil {
			return err
		}
		if !yes {
			a.say("%s", a.t("alerts.skipped"))
			return nil
		}
	} else if !f.Cfg.Yes {
		a.say("%s", a.t("alerts.skipped"))
		return nil
	}
	o, err := f.AlertsOptions()
	var p *setup.Plan
	if err == nil {
		p, err = a.eng.Plan(a.ctx, o)
	}
	if err != nil {
		a.say("✗ %s", a.t("alerts.failed", a.r.p().Err(err)))
		return nil
	}
	if p.Changes() == 0 {
		a.say("%s", a.t("alerts.in-place"))
		return nil
	}
	a.say("%s", strings.TrimRight(a.r.viewPlan(p, 78), "\n"))
	if f.AsksConsent() {
		ok, err := a.askYes(a.t("alerts.confirm", p.Changes(), p.AccountID)+" "+a.t("plan.confirm.typed"), "", false)
		if err != nil {
			return err
		}
		if !ok {
			a.say("%s", a.t("alerts.declined"))
			return nil
		}
	}
	res, err := a.eng.Apply(a.ctx, p, nil)
	f.RecordAlerts(res)
	a.save()
	if err != nil {
		a.say("✗ %s", a.t("alerts.failed", a.r.p().Err(err)))
		return nil
	}
	a.say("✓ %s", a.r.tn("alerts.done", subscriptions(res)))
	return nil
}

// itemDetail is what a checklist item says under its title: for the alert
// subscriptions, an address and Region a line.
func (m *painter) itemDetail(it zoom.Step) string {
	d := m.p().M(it.Detail)
	for _, line := range it.Items {
		d += "\n  - " + m.p().M(line)
	}
	return d
}
