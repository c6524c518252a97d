package ui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Step 1: what the admin needs, what CMK protects, and live checks of the
// credentials and of KMS in the chosen Region.

// prereqStep is step 1 on the screen; what it found is in the flow.
type prereqStep struct {
	m    *Model
	keys prereqKeys

	answers    map[string]*bool // the answers of the form, by prerequisite
	askAccount bool             // the account ID form is showing

	policyWanted, policyCopied bool // the operator's IAM policy was asked for, and copied (alerts.go)
	pendingSaid                bool // the status line says the checks' keys wait for the questions
}

func (s *prereqStep) prereqFields() []huh.Field {
	m := s.m
	var fields []huh.Field
	s.answers = map[string]*bool{}
	for _, id := range flow.Prerequisites {
		id := id
		v := true
		s.answers[id] = &v
		desc := m.t("prereq.item." + id + ".desc")
		fields = append(fields, fitted(&m.painter, newConfirm().Key("pre-"+id), m.t("prereq.item."+id), desc).
			Affirmative(m.t("prereq.yes")).Negative(m.t("prereq.no")).Value(&v).
			Validate(fitErr(&m.painter, func(ok bool) error {
				if !ok && id == "aws" {
					// Not sure of the AWS permissions: the exact policy is
					// copied for the cloud team (alerts.go).
					s.policyWanted = true
					return errors.New(m.t("prereq.item.aws.policy"))
				}
				if !ok && !flow.LaterOK(id) {
					return errors.New(m.t("prereq.item." + id + ".missing"))
				}
				return nil
			})))
	}
	return fields
}

func (s *prereqStep) enter() tea.Cmd {
	m := s.m
	if m.f.Confirmed {
		return nil
	}
	var groups []*huh.Group
	for _, f := range s.prereqFields() {
		groups = append(groups, huh.NewGroup(f))
	}
	return m.setForm(huh.NewForm(groups...), func() tea.Cmd {
		if s.pendingSaid {
			m.flash, s.pendingSaid = "", false // answered: the note has done its job
		}
		open := false
		for id, v := range s.answers {
			if flow.LaterOK(id) {
				m.f.NoteOpen(id, !*v)
				open = open || !*v
			}
		}
		m.f.ConfirmPrereqs()
		cmd := s.maybeAdvancePrereq() // saved with the next step (a dry run saves nothing)
		if open {
			// Said once, on the next screen: an open item, not a refusal.
			m.flash = m.st.Warn.Render(m.t("prereq.later"))
		}
		return cmd
	})
}

// startPrereqChecks runs the credential check and the KMS probe.
func (s *prereqStep) startPrereqChecks() tea.Cmd {
	m := s.m
	if m.eng == nil || m.f.Offline {
		return nil
	}
	region := m.f.StartChecks(m.eng.DefaultRegion())
	return tea.Batch(identityCmd(m.ctx, m.eng), probeCmd(m.ctx, m.eng, region))
}

func (s *prereqStep) onIdentity(msg identityMsg) tea.Cmd {
	m := s.m
	m.f.RecordIdentity(msg.id, msg.err)
	return s.maybeAdvancePrereq()
}

func (s *prereqStep) onProbe(msg probeMsg) tea.Cmd {
	m := s.m
	if !m.f.RecordProbe(msg.region, msg.err) {
		return nil
	}
	return s.maybeAdvancePrereq()
}

func (s *prereqStep) maybeAdvancePrereq() tea.Cmd {
	m := s.m
	if m.step != flow.StepPrereq || m.form != nil || !m.f.PrereqDone() {
		return nil
	}
	return m.advance()
}

func (s *prereqStep) accountForm() tea.Cmd {
	m := s.m
	s.askAccount = true
	acct := m.f.AccountID
	f := huh.NewForm(huh.NewGroup(fitted(&m.painter, huh.NewInput().Key("account"), m.t("prereq.dry.account"), m.t("prereq.dry.account.desc")).
		Placeholder(m.t("eg", "123456789012")).Value(&acct).
		Validate(fitErr(&m.painter, func(s string) error {
			if strings.TrimSpace(s) == "" {
				return errors.New(m.t("prereq.dry.account.empty"))
			}
			return zoom.ValidateAccountID(s)
		}))))
	return m.setForm(f, func() tea.Cmd {
		s.askAccount = false
		m.f.ChooseOffline(acct)
		return s.maybeAdvancePrereq()
	})
}

func (s *prereqStep) update(msg tea.Msg) tea.Cmd {
	m := s.m
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, s.keys.Lang) {
		return m.act(outcome{lang: otherLang(m.f.Cat.Lang())})
	}
	if k, ok := msg.(tea.KeyMsg); ok && m.form != nil {
		switch {
		case key.Matches(k, s.keys.Leave):
			// Back from the account question to the checks and their keys.
			m.form, m.onForm = nil, nil
			s.askAccount = false
			return nil
		case key.Matches(k, s.keys.Pending):
			// Not ignored: said why, and what comes after the questions.
			s.pendingSaid = true
			m.flash = m.st.Warn.Render(m.t("prereq.pending"))
			return nil
		}
	}
	if m.form != nil {
		return tea.Batch(m.updateForm(msg), s.copyPolicy())
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	keys := s.keys
	switch {
	case key.Matches(k, keys.Retry):
		m.f.CheckAgain()
		return s.startPrereqChecks()
	case key.Matches(k, keys.DryRun):
		return s.accountForm()
	case key.Matches(k, keys.Practice):
		return m.act(outcome{practice: true})
	case key.Matches(k, keys.Next):
		return s.maybeAdvancePrereq()
	}
	return nil
}

// syncKeys turns on the keys that apply: retry after a failed check,
// a dry run without credentials, continue once everything is met.
func (s *prereqStep) syncKeys() {
	m := s.m
	k := &s.keys
	idle := m.form == nil
	k.Retry.SetEnabled(idle && m.f.ChecksFailed())
	k.DryRun.SetEnabled(idle && m.f.NoCredentials())
	k.Practice.SetEnabled(idle && m.f.NoCredentials() && !m.f.Cfg.Practice)
	k.Next.SetEnabled(idle && m.f.PrereqDone())
	k.Lang.SetEnabled(!s.askAccount) // in the account form L is a letter
	k.Leave.SetEnabled(m.form != nil && s.askAccount)
	k.Pending.SetEnabled(m.form != nil && !s.askAccount && !m.f.Confirmed)
}

// errorBlock renders a classified error: what happened and how to fix it.
func (m *painter) errorBlock(err error, width int) string {
	var e *setup.Error
	text := m.p().Err(err)
	if errors.As(err, &e) {
		text = m.p().M(e.LocalizedSummary())
		if fix := e.LocalizedFix(); fix.ID != "" {
			text += "\n" + m.t("error.fix") + " " + m.p().M(fix)
		}
	}
	box := m.st.ErrBox.Width(max(width-2, 10))
	// Wrapped here, at spaces (text with wide characters at its break
	// opportunities): the box, which would break after a hyphen
	// ("--call-" and "timeout"), then has nothing left to wrap.
	text = strings.Join(look.WrapLines(text, max(width-2, 10)-box.GetHorizontalPadding()), "\n")
	return box.Render(text)
}

func (s *prereqStep) view() string {
	m := s.m
	w := m.bodyWidth()
	var b strings.Builder
	if !s.askAccount {
		other := otherLang(m.f.Cat.Lang())
		b.WriteString(m.st.Muted.Render(m.t("prereq.lang", m.t("lang."+string(m.f.Cat.Lang())), m.t("lang."+string(other)))) + "\n")
	}
	switch {
	case m.form != nil && s.askAccount:
		b.WriteString(m.st.Dry.Render(m.t("prereq.dry.title")) + "\n")
		b.WriteString(m.wrap(m.t("prereq.dry.explain"), w) + "\n\n")
		b.WriteString(m.form.View())
		return b.String()
	case m.form != nil:
		b.WriteString(m.st.Title.Render(strings.TrimRight(m.wrap(m.t("prereq.need"), w), " ")) + "\n")
		b.WriteString(strings.TrimRight(m.form.View(), "\n") + "\n\n")
	default:
		b.WriteString(m.st.OK.Render("✓ "+m.t("prereq.confirmed")) + "\n\n")
	}
	info := m.wrapLead(&m.st.Title, m.t("prereq.protects"), m.t("prereq.protects.list", m.groups(), m.t("prereq.protects.when")), w) + "\n" +
		m.wrapLead(&m.st.Title, m.t("prereq.notprotected"), m.t("prereq.notprotected.list", m.notProtected()), w) + "\n"
	checks := m.st.Title.Render(m.t("prereq.checks")) + "\n" + m.viewChecks(w, m.form == nil)
	// The checks and what to do about them come first; what CMK
	// protects is background, after them: on a short window (longer text
	// in some languages) the frame scrolls to it.
	return b.String() + checks + "\n" + info
}

// viewChecks draws the live checks; idle: no form is asking, so a check
// still running is waited for.
func (m *painter) viewChecks(w int, idle bool) string {
	var b strings.Builder
	if m.f.Offline {
		b.WriteString("  " + m.st.Dry.Render(m.t("prereq.dry.offline", m.f.AccountID)) + "\n")
		return b.String()
	}
	switch {
	case !m.f.Checks.IDDone:
		b.WriteString("  " + m.spin.View() + " " + m.t("prereq.check.id.running") + "\n")
	case m.f.Checks.IDErr != nil:
		b.WriteString(m.hangLine("  "+m.st.Bad.Render("✗ "+m.t("prereq.check.id.failed")), 4) + "\n")
		b.WriteString(indent(m.errorBlock(m.f.Checks.IDErr, w-4), 4) + "\n")
	default:
		id := m.f.Checks.ID
		profile := id.Profile
		if profile == "" {
			profile = m.t("prereq.profile.default")
		}
		line := m.t("prereq.check.id.ok", id.AccountID, id.Partition, profile)
		switch {
		case m.f.Cfg.Practice:
			line = m.t("prereq.check.id.practice", id.AccountID, id.Partition) // its own example keys
		case id.FromEnv:
			line = m.t("prereq.check.id.env", id.AccountID, id.Partition) // no profile is in use
		}
		b.WriteString(m.hangLine("  "+m.st.OK.Render("✓ "+line), 4) + "\n")
		b.WriteString("    " + m.st.Muted.Render(id.ARN) + "\n")
	}
	switch {
	case !m.f.Checks.ProbeDone:
		b.WriteString("  " + m.spin.View() + " " + m.t("prereq.check.kms.running", m.f.Checks.ProbeRegion) + "\n")
	case m.f.Checks.ProbeErr != nil && m.f.NoCredentials():
		b.WriteString(m.hangLine("  "+m.st.Muted.Render("· "+m.t("prereq.check.kms.skipped", m.f.Checks.ProbeRegion)), 4) + "\n")
	case m.f.Checks.ProbeErr != nil:
		b.WriteString(m.hangLine("  "+m.st.Bad.Render("✗ "+m.t("prereq.check.kms.failed", m.f.Checks.ProbeRegion)), 4) + "\n")
		b.WriteString(indent(m.errorBlock(m.f.Checks.ProbeErr, w-4), 4) + "\n")
	default:
		b.WriteString(m.hangLine("  "+m.st.OK.Render("✓ "+m.t("prereq.check.kms.ok", m.f.Checks.ProbeRegion)), 4) + "\n")
	}
	if m.f.Cfg.Practice {
		b.WriteString(m.hangLine("  "+m.st.Warn.Render("⚠ "+m.t("prereq.practice")), 4) + "\n")
	} else if m.f.Cfg.Endpoint != "" {
		// An emulator or a proxy: said on the first screen, so that a run
		// against it is never taken for one against AWS.
		b.WriteString(m.hangLine("  "+m.st.Warn.Render("⚠ "+m.t("prereq.endpoint", m.f.Cfg.Endpoint)), 4) + "\n")
	}
	if m.f.ChecksFailed() {
		b.WriteString("\n" + m.wrap(m.t("prereq.retry"), w) + "\n")
		if m.f.NoCredentials() {
			if !m.f.Cfg.Practice {
				b.WriteString(m.st.Warn.Render(m.wrap(m.t("prereq.practice.offer"), w)) + "\n")
			}
			b.WriteString(m.st.Dry.Render(m.wrap(m.t("prereq.dry.offer"), w)) + "\n")
		}
	} else if idle && !m.f.ChecksOK() {
		b.WriteString("\n" + m.t("prereq.waiting") + "\n")
	}
	return b.String()
}

func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = pad + l
	}
	return strings.Join(lines, "\n")
}
