package ui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Step 1: what the admin needs, what CMK protects, and live checks of the
// credentials and of KMS in the chosen Region.

type prereqState struct {
	resumed bool // the wizard started at a later step

	idDone bool
	id     setup.Identity
	idErr  error

	probeDone   bool
	probeRegion string
	probeErr    error

	confirmed  bool   // every prerequisite confirmed
	dry        bool   // dry run: nothing is written to AWS
	offline    bool   // dry run without credentials: no AWS call at all
	accountID  string // for the offline dry run
	askAccount bool   // the account ID form is showing
}

// prerequisites are the catalogue ids of what the admin confirms.
var prerequisites = []string{"plan", "role", "aws", "clients"}

func (m *Model) prereqFields() []huh.Field {
	var fields []huh.Field
	for _, id := range prerequisites {
		id := id
		v := true
		fields = append(fields, huh.NewConfirm().Key("pre-"+id).
			Title(m.t("prereq.item."+id)).Description(m.t("prereq.item."+id+".desc")).
			Affirmative(m.t("prereq.yes")).Negative(m.t("prereq.no")).Value(&v).
			Validate(func(ok bool) error {
				if !ok {
					return errors.New(m.t("prereq.item." + id + ".missing"))
				}
				return nil
			}))
	}
	return fields
}

func (m *Model) enterPrereq() tea.Cmd {
	if m.pre.confirmed {
		return nil
	}
	var groups []*huh.Group
	for _, f := range m.prereqFields() {
		groups = append(groups, huh.NewGroup(f))
	}
	return m.setForm(huh.NewForm(groups...), func() tea.Cmd {
		m.pre.confirmed = true
		return m.maybeAdvancePrereq()
	})
}

// startPrereqChecks runs the credential check and the KMS probe.
func (m *Model) startPrereqChecks() tea.Cmd {
	if m.eng == nil || m.pre.offline {
		return nil
	}
	m.pre.idDone, m.pre.idErr = false, nil
	m.pre.probeDone, m.pre.probeErr = false, nil
	m.pre.probeRegion = m.reg.primary
	if m.pre.probeRegion == "" {
		m.pre.probeRegion = m.eng.DefaultRegion()
	}
	return tea.Batch(identityCmd(m.ctx, m.eng), probeCmd(m.ctx, m.eng, m.pre.probeRegion))
}

func (m *Model) onIdentity(msg identityMsg) tea.Cmd {
	m.pre.idDone, m.pre.id, m.pre.idErr = true, msg.id, msg.err
	if msg.err == nil && m.sess.AccountID == "" {
		m.sess.AccountID, m.sess.Partition = msg.id.AccountID, msg.id.Partition
	}
	return m.maybeAdvancePrereq()
}

func (m *Model) onProbe(msg probeMsg) tea.Cmd {
	if msg.region != m.pre.probeRegion {
		return nil
	}
	m.pre.probeDone, m.pre.probeErr = true, msg.err
	return m.maybeAdvancePrereq()
}

func (m *Model) checksOK() bool {
	return m.pre.idDone && m.pre.idErr == nil && m.pre.probeDone && m.pre.probeErr == nil
}

// noCredentials reports whether the credential check found none at all.
func (m *Model) noCredentials() bool {
	k := setup.KindOf(m.pre.idErr)
	return m.pre.idDone && (k == setup.KindNoCredentials || k == setup.KindExpired || k == setup.KindProfile)
}

func (m *Model) maybeAdvancePrereq() tea.Cmd {
	if m.step != stepPrereq || !m.pre.confirmed || m.form != nil {
		return nil
	}
	if m.pre.offline && m.pre.accountID != "" {
		return m.advance()
	}
	if m.checksOK() {
		return m.advance()
	}
	return nil
}

func (m *Model) accountForm() tea.Cmd {
	m.pre.askAccount = true
	acct := m.pre.accountID
	f := huh.NewForm(huh.NewGroup(huh.NewInput().Key("account").
		Title(m.t("prereq.dry.account")).Description(m.t("prereq.dry.account.desc")).
		Placeholder("123456789012").Value(&acct).
		Validate(zoom.ValidateAccountID)))
	return m.setForm(f, func() tea.Cmd {
		m.pre.askAccount = false
		m.pre.accountID = strings.TrimSpace(acct)
		m.pre.dry, m.pre.offline = true, true
		m.sess.AccountID, m.sess.Partition = m.pre.accountID, "aws"
		return m.maybeAdvancePrereq()
	})
}

func (m *Model) updatePrereq(msg tea.Msg) tea.Cmd {
	if m.form != nil {
		return m.updateForm(msg)
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, m.keys.Retry):
		m.pre.offline = false
		return m.startPrereqChecks()
	case key.Matches(k, m.keys.DryRun) && m.noCredentials():
		return m.accountForm()
	case key.Matches(k, m.keys.Next):
		return m.maybeAdvancePrereq()
	}
	return nil
}

func (m *Model) prereqKeys() []key.Binding {
	var b []key.Binding
	if m.pre.idErr != nil || m.pre.probeErr != nil {
		b = append(b, m.keys.Retry)
	}
	if m.noCredentials() {
		b = append(b, m.keys.DryRun)
	}
	return b
}

// errorBlock renders a classified error: what happened and how to fix it.
func (m *Model) errorBlock(err error, width int) string {
	var e *setup.Error
	text := err.Error()
	if errors.As(err, &e) {
		text = e.Msg
		if e.Op != "" {
			text = e.Op + ": " + text
		}
		if e.Fix != "" {
			text += "\n" + m.t("error.fix") + " " + e.Fix
		}
	}
	return m.st.errBox.Width(max(width-2, 10)).Render(text)
}

func (m *Model) wrap(s string, width int) string {
	return lipgloss.NewStyle().Width(max(width, 10)).Render(s)
}

func (m *Model) viewPrereq() string {
	w := m.bodyWidth()
	var b strings.Builder
	switch {
	case m.form != nil && m.pre.askAccount:
		b.WriteString(m.st.dry.Render(m.t("prereq.dry.title")) + "\n")
		b.WriteString(m.wrap(m.t("prereq.dry.explain"), w) + "\n\n")
		b.WriteString(m.form.View())
		return b.String()
	case m.form != nil:
		b.WriteString(m.st.title.Render(m.t("prereq.need")) + "\n")
		b.WriteString(strings.TrimRight(m.form.View(), "\n") + "\n\n")
	default:
		b.WriteString(m.st.ok.Render("✓ "+m.t("prereq.confirmed")) + "\n\n")
	}
	b.WriteString(m.wrap(m.st.title.Render(m.t("prereq.protects"))+" "+strings.Join(zoom.DataTypeGroups(), ", ")+". "+m.t("prereq.protects.when"), w) + "\n")
	b.WriteString(m.wrap(m.st.title.Render(m.t("prereq.notprotected"))+" "+strings.Join(zoom.NotProtected(), "; ")+".", w) + "\n\n")
	b.WriteString(m.st.title.Render(m.t("prereq.checks")) + "\n")
	b.WriteString(m.viewChecks(w))
	return b.String()
}

func (m *Model) viewChecks(w int) string {
	var b strings.Builder
	if m.pre.offline {
		b.WriteString("  " + m.st.dry.Render(m.t("prereq.dry.offline", m.pre.accountID)) + "\n")
		return b.String()
	}
	switch {
	case !m.pre.idDone:
		b.WriteString("  " + m.spin.View() + " " + m.t("prereq.check.id.running") + "\n")
	case m.pre.idErr != nil:
		b.WriteString("  " + m.st.bad.Render("✗ "+m.t("prereq.check.id.failed")) + "\n")
		b.WriteString(indent(m.errorBlock(m.pre.idErr, w-4), 4) + "\n")
	default:
		id := m.pre.id
		profile := id.Profile
		if profile == "" {
			profile = m.t("prereq.profile.default")
		}
		b.WriteString("  " + m.st.ok.Render("✓ "+m.t("prereq.check.id.ok", id.AccountID, id.Partition, profile)) + "\n")
		b.WriteString("    " + m.st.muted.Render(id.ARN) + "\n")
	}
	switch {
	case !m.pre.probeDone:
		b.WriteString("  " + m.spin.View() + " " + m.t("prereq.check.kms.running", m.pre.probeRegion) + "\n")
	case m.pre.probeErr != nil && m.noCredentials():
		b.WriteString("  " + m.st.muted.Render("· "+m.t("prereq.check.kms.skipped", m.pre.probeRegion)) + "\n")
	case m.pre.probeErr != nil:
		b.WriteString("  " + m.st.bad.Render("✗ "+m.t("prereq.check.kms.failed", m.pre.probeRegion)) + "\n")
		b.WriteString(indent(m.errorBlock(m.pre.probeErr, w-4), 4) + "\n")
	default:
		b.WriteString("  " + m.st.ok.Render("✓ "+m.t("prereq.check.kms.ok", m.pre.probeRegion)) + "\n")
	}
	if m.pre.idErr != nil || m.pre.probeErr != nil {
		b.WriteString("\n" + m.wrap(m.t("prereq.retry"), w) + "\n")
		if m.noCredentials() {
			b.WriteString(m.wrap(m.st.dry.Render(m.t("prereq.dry.offer")), w) + "\n")
		}
	} else if m.form == nil && !m.checksOK() {
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
