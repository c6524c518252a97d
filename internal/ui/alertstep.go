package ui

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// The alerts step, after the key step: the tamper alerts of the key set
// (skippable, default on) for the alert e-mail recipients, which the Zoom
// portal's checklist uses too (asked here once, shown there). Its plan
// Region by Region, one consent as for the key (enter or y on the plan),
// then the writes; the outcome says that each address gets one
// confirmation e-mail per Region, each to be clicked. A dry run shows the
// plan and writes nothing. The offer on the checklist (alerts.go) stays
// for addresses changed there later.

// alertsPhase is what the alerts step shows.
type alertsPhase int

const (
	alertsForm       alertsPhase = iota // on or off, and the addresses
	alertsPlanning                      // the plan is being made
	alertsPlanFailed                    // the plan could not be made
	alertsConfirm                       // the plan, awaiting consent (or a dry run's plan)
	alertsApplying                      // the writes
	alertsDone                          // set up, already in place, or skipped
	alertsFailed                        // a write failed: r tries again
)

// alertsStep is the alerts step on the screen; the addresses and what was
// set up are in the session.
type alertsStep struct {
	m    *Model
	keys alertsKeys

	phase  alertsPhase
	on     bool   // the form's answer: set them up
	emails string // the form's addresses
	plan   *setup.Plan
	err    error
	done   string // the outcome's line
	gen    int    // ignores answers to superseded requests
}

// alertsStepMsg answers the step's plan (applied false) or its writes.
type alertsStepMsg struct {
	plan    *setup.Plan
	res     *setup.Result
	err     error
	applied bool
	gen     int
}

func alertsStepPlanCmd(ctx context.Context, eng Engine, o setup.Options, dry, offline bool, gen int) tea.Cmd {
	return func() tea.Msg {
		p, err := flow.MakePlan(ctx, eng, o, dry, offline)
		return alertsStepMsg{plan: p, err: err, gen: gen}
	}
}

func alertsStepApplyCmd(ctx context.Context, eng Engine, p *setup.Plan, gen int) tea.Cmd {
	return func() tea.Msg {
		res, err := eng.Apply(ctx, p, nil)
		return alertsStepMsg{res: res, err: err, applied: true, gen: gen}
	}
}

// alertsQuestions are the step's questions, shared with the plain face:
// on (default yes) and the addresses, the checklist's own field.
func (m *painter) alertsQuestions(on *bool, emails *string) (*huh.Group, *huh.Group) {
	ask := huh.NewGroup(fitted(m, newConfirm().Key("alerts-on"), m.t("alerts.step.ask"), m.t("alerts.step.ask.desc")).
		Affirmative(m.t("alerts.offer.yes")).Negative(m.t("alerts.offer.no")).Value(on))
	return ask, m.emailsGroup(emails).WithHideFunc(func() bool { return !*on })
}

func (s *alertsStep) enter() tea.Cmd {
	switch s.phase {
	case alertsDone, alertsApplying:
		return nil // the outcome again
	}
	return s.form()
}

func (s *alertsStep) form() tea.Cmd {
	m := s.m
	s.phase, s.err, s.plan = alertsForm, nil, nil
	s.on, s.emails = true, strings.Join(m.f.Sess.AlertEmails, ", ")
	ask, emails := m.alertsQuestions(&s.on, &s.emails)
	return m.setForm(huh.NewForm(ask, emails), s.afterForm)
}

func (s *alertsStep) afterForm() tea.Cmd {
	m := s.m
	if s.on {
		m.f.SetEmails(s.emails)
	}
	if !s.on || len(m.f.Sess.AlertEmails) == 0 {
		s.phase, s.done = alertsDone, m.t("alerts.skipped")
		return m.save()
	}
	return tea.Batch(m.save(), s.startPlan())
}

func (s *alertsStep) startPlan() tea.Cmd {
	m := s.m
	s.gen++
	o, err := m.f.AlertsOptions()
	if err != nil {
		s.phase, s.err = alertsPlanFailed, err
		return nil
	}
	s.phase, s.err = alertsPlanning, nil
	return alertsStepPlanCmd(m.ctx, m.eng, o, m.f.Dry, m.f.Offline, s.gen)
}

// receive takes the plan and the writes' outcome.
func (s *alertsStep) receive(msg tea.Msg) (outcome, bool) {
	am, ok := msg.(alertsStepMsg)
	if !ok {
		return outcome{}, false
	}
	if am.gen != s.gen {
		return outcome{}, true
	}
	m := s.m
	if !am.applied {
		switch {
		case am.err != nil:
			s.phase, s.err = alertsPlanFailed, am.err
		case alertChanges(am.plan) == 0:
			s.phase, s.done = alertsDone, m.t("alerts.in-place")
		default:
			s.phase, s.plan = alertsConfirm, am.plan
		}
		return outcome{}, true
	}
	save := m.f.RecordAlerts(am.res)
	if am.err != nil {
		s.phase, s.err = alertsFailed, am.err
	} else {
		s.phase, s.done = alertsDone, m.tn("alerts.done", subscriptions(am.res))
	}
	o := outcome{wrote: true, err: am.err}
	if save {
		o.cmd = m.save()
	}
	return o, true
}

func (s *alertsStep) startApply() tea.Cmd {
	m := s.m
	if err := m.f.MayWrite(flow.AnswerYes); err != nil {
		return nil
	}
	if err := m.f.TakeConsent(); err != nil {
		s.phase, s.err = alertsFailed, err
		return nil
	}
	s.phase, s.err = alertsApplying, nil
	s.gen++
	return alertsStepApplyCmd(m.ctx, m.eng, s.plan, s.gen)
}

func (s *alertsStep) update(msg tea.Msg) tea.Cmd {
	m := s.m
	if m.form != nil {
		return m.updateForm(msg)
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, s.keys.Apply):
		return s.startApply()
	case key.Matches(k, s.keys.Cancel):
		return m.back()
	case key.Matches(k, s.keys.Retry):
		// A new plan (what a failure left is planned again); it needs its
		// own yes.
		return s.startPlan()
	case key.Matches(k, s.keys.Next):
		return m.advance()
	}
	return nil
}

func (s *alertsStep) syncKeys() {
	k := &s.keys
	idle := s.m.form == nil
	confirm := idle && s.phase == alertsConfirm
	k.Apply.SetEnabled(confirm && !s.m.f.Dry)
	k.Cancel.SetEnabled(confirm)
	k.Retry.SetEnabled(idle && (s.phase == alertsPlanFailed || s.phase == alertsFailed))
	k.Next.SetEnabled(idle && (s.phase == alertsDone || confirm && s.m.f.Dry))
}

func (s *alertsStep) keyMap() help.KeyMap { return s.keys }
func (s *alertsStep) setKeys(km keyMaps)  { s.keys = km.alerts }
func (s *alertsStep) state() any          { return s.phase }
func (s *alertsStep) resize()             {}
func (s *alertsStep) writing() bool       { return s.phase == alertsApplying }

// back from the plan or an outcome goes to the questions.
func (s *alertsStep) back() (tea.Cmd, bool) {
	if s.phase != alertsForm {
		return s.form(), true
	}
	return nil, false
}

// canLeave: not while the plan is made or the writes run, nor from the
// plan itself, where esc is its own "back to the questions".
func (s *alertsStep) canLeave() bool {
	switch s.phase {
	case alertsPlanning, alertsApplying, alertsConfirm:
		return false
	}
	return true
}

func (s *alertsStep) view() string {
	m := s.m
	w := m.bodyWidth()
	var b strings.Builder
	switch s.phase {
	case alertsForm:
		if m.form != nil {
			b.WriteString(m.form.View())
		}
	case alertsPlanning:
		b.WriteString(m.spin.View() + " " + m.t("alerts.planning") + "\n")
	case alertsApplying:
		b.WriteString(m.spin.View() + " " + m.t("alerts.applying") + "\n")
	case alertsPlanFailed, alertsFailed:
		b.WriteString(m.st.Bad.Render(m.wrap("✗ "+m.t("alerts.failed", m.p().Err(s.err)), w)) + "\n")
	case alertsConfirm:
		p := s.plan
		if m.f.Dry {
			b.WriteString(m.st.Dry.Render(m.wrap(m.tn("alerts.step.dry", alertChanges(p)), w)) + "\n\n")
		} else {
			b.WriteString(m.st.Title.Render(m.wrap(m.t("alerts.confirm", alertChanges(p), p.AccountID), w)) + "\n\n")
		}
		// What the admin must do comes before the list, which may scroll.
		b.WriteString(m.st.Warn.Render(m.wrap(m.tn("alerts.step.mails", m.f.AlertMails(), len(m.f.Sess.AlertEmails)), w)) + "\n\n")
		b.WriteString(m.alertsPlanText(p, w) + "\n")
	case alertsDone:
		b.WriteString(m.st.OK.Render(m.wrap("✓ "+s.done, w)) + "\n")
	}
	return b.String()
}

// alertsPlanText is a plan's alert changes, Region by Region, and what the
// trail check found: the full screen's plan of the alerts step and of the
// checklist's offer.
// (w 0: lines as they come, for a form that fits them itself).
func (m *painter) alertsPlanText(p *setup.Plan, w int) string {
	var b strings.Builder
	// line is lead and text, the text's lines wrapped under its first
	// (w > 0) rather than at column 0.
	line := func(lead, s string) {
		if ind := ansi.StringWidth(lead); w > 0 && w-ind >= 20 {
			s = strings.ReplaceAll(strings.TrimRight(m.wrap(s, w-ind), " \n"), "\n", "\n"+strings.Repeat(" ", ind))
		}
		b.WriteString(lead + s + "\n")
	}
	for _, r := range p.Regions {
		for _, a := range r.Actions {
			if a.Write && isAlertAction(a.Kind) {
				line("+ "+r.Region+"  ", m.p().M(a.Text))
			}
		}
	}
	for _, a := range p.Alerts {
		for _, n := range a.Notes() {
			line(a.Region+": ", m.p().M(n))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// The plain face's alerts step: the same questions, the plan, a typed yes
// (or --yes without a terminal), the writes. Without consent nothing is
// written and the wizard goes on; a dry run shows the plan only.
func (a *plain) alerts() error {
	f := a.f
	a.header(flow.StepAlerts)
	on, emails := true, strings.Join(f.Sess.AlertEmails, ", ")
	ask, ask2 := a.r.alertsQuestions(&on, &emails)
	a.say("%s", a.t("alerts.step.ask.desc"))
	if err := a.askGroup(ask); err != nil {
		return err
	}
	if on {
		desc := a.t("portal.emails.desc")
		if emails != "" {
			desc += " " + a.t("plain.default", emails)
		}
		a.say("%s", desc)
		if err := a.askGroup(ask2); err != nil {
			return err
		}
		f.SetEmails(emails)
		a.save()
	}
	if !on || len(f.Sess.AlertEmails) == 0 {
		a.say("%s", a.t("alerts.skipped"))
		return nil
	}
	for {
		o, err := f.AlertsOptions()
		var p *setup.Plan
		if err == nil {
			a.say("%s", a.t("alerts.planning"))
			p, err = flow.MakePlan(a.ctx, a.eng, o, f.Dry, f.Offline)
		}
		if a.ctx.Err() != nil {
			return ErrAborted
		}
		if err != nil {
			a.say("✗ %s", a.t("alerts.failed", a.r.p().Err(err)))
			if err := a.retry(); err != nil {
				return err
			}
			continue
		}
		if alertChanges(p) == 0 {
			a.say("%s", a.t("alerts.in-place"))
			return nil
		}
		if f.Dry {
			a.say("%s\n%s", a.r.tn("alerts.step.dry", alertChanges(p)), a.r.alertsPlanText(p, 0))
			return nil
		}
		a.say("%s\n%s", a.r.alertsPlanText(p, 0), a.r.tn("alerts.step.mails", f.AlertMails(), len(f.Sess.AlertEmails)))
		if err := a.consentTo(a.t("alerts.confirm", alertChanges(p), p.AccountID)); err != nil {
			if errors.Is(err, ErrAborted) || errors.Is(err, ErrNeedsYes) {
				a.say("%s", a.t("alerts.declined"))
				return nil
			}
			return err
		}
		if err := f.TakeConsent(); err != nil {
			return err
		}
		a.say("%s", a.t("alerts.applying"))
		res, err := a.eng.Apply(a.ctx, p, nil)
		if f.RecordAlerts(res) {
			a.save()
		}
		if err == nil {
			a.say("✓ %s", a.r.tn("alerts.done", subscriptions(res)))
			return nil
		}
		if a.ctx.Err() != nil {
			return ErrAborted
		}
		a.say("✗ %s", a.t("alerts.failed", a.r.p().Err(err)))
		if !f.AsksConsent() {
			return nil // --yes: no one to ask for a retry; the alerts stay optional
		}
	}
}

// isAlertAction reports whether an action of a plan is one of the alerts'.
func isAlertAction(kind string) bool {
	return slices.Contains([]string{setup.ActAlertTopic, setup.ActAlertTopicPolicy, setup.ActAlertRule, setup.ActAlertTarget, setup.ActAlertSubscribe}, kind)
}

// alertChanges is the number of alert writes in plan p.
func alertChanges(p *setup.Plan) int {
	n := 0
	for _, r := range p.Regions {
		for _, a := range r.Actions {
			if a.Write && isAlertAction(a.Kind) {
				n++
			}
		}
	}
	return n
}

// subscriptions is the number of e-mail subscriptions res made or kept:
// a confirmation e-mail each.
func subscriptions(res *setup.Result) int {
	n := 0
	if res != nil {
		for _, a := range res.Alerts {
			n += len(a.Emails)
		}
	}
	return n
}
