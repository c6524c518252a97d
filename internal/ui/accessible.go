package ui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// ErrAborted is returned when the user stops the wizard.
var ErrAborted = errors.New("stopped by the user")

// ErrEndOfInput is returned when standard input ends before a question of
// the accessible wizard is answered: end of input is never an answer, and
// never a yes.
var ErrEndOfInput = errors.New("end of input")

// ErrNeedsYes is returned when the accessible wizard would write to AWS but
// standard input is not a terminal and --yes was not given: nothing is
// written without consent (a typed yes in a terminal, --yes elsewhere).
var ErrNeedsYes = errors.New("the wizard would change your AWS account, but standard input is not a terminal to confirm in: nothing was written; add --yes to apply the plan, or use 'zcmk-tui setup'")

// endOfInput says where the input ended.
type endOfInput struct{ step string }

func (e *endOfInput) Error() string {
	return fmt.Sprintf("standard input ended at step %s before the question was answered: stopped; nothing more was changed (end of input is never an answer)", e.step)
}

func (e *endOfInput) Is(target error) bool { return target == ErrEndOfInput }

// RunAccessible runs the same six steps as plain line-by-line prompts for
// screen readers: huh's accessible mode (form.Run), no alternate screen, no
// colour, and the same fields, validation, engine calls and session file as
// the full-screen wizard. It returns the session as it was left, and
// whether the run was a dry run (--dry-run, or chosen at the prerequisites
// for want of credentials): then nothing was saved.
func RunAccessible(ctx context.Context, cfg Config, in io.Reader, out io.Writer) (*state.Session, bool, error) {
	lipgloss.SetColorProfile(termenv.Ascii)
	m := New(cfg)
	m.width, m.height = 80, 1000
	a := &plain{m: m, ctx: ctx, in: &lineReader{r: bufio.NewReader(in)}, out: out}
	err := a.run()
	return m.sess, m.dryRun(), err
}

type plain struct {
	m   *Model
	ctx context.Context
	in  *lineReader
	out io.Writer
}

// lineReader hands out one line per Read, so that each prompt (which wraps
// the reader in its own scanner) gets the next line and no more. It notes
// when the input has ended: huh's prompts take their default value then,
// and the wizard must stop instead.
type lineReader struct {
	r     *bufio.Reader
	ended bool
}

func (l *lineReader) Read(p []byte) (int, error) {
	line, err := l.r.ReadString('\n')
	if len(line) > len(p) {
		line = line[:len(p)]
	}
	n := copy(p, line)
	if n > 0 {
		return n, nil
	}
	if err != nil {
		l.ended = true
	}
	return 0, err
}

func (a *plain) say(format string, args ...any) { fmt.Fprintf(a.out, format+"\n", args...) }

func (a *plain) t(id string, args ...any) string { return a.m.t(id, args...) }

// ask runs fields as one accessible form.
func (a *plain) ask(fields ...huh.Field) error {
	return a.askGroup(huh.NewGroup(fields...))
}

// askGroup runs one group of fields. The answers count only if they were
// all read: when the input ends, the prompts have taken their defaults,
// and the wizard stops there instead (ErrEndOfInput).
func (a *plain) askGroup(g *huh.Group) error {
	err := huh.NewForm(g).WithAccessible(true).WithShowHelp(false).WithInput(a.in).WithOutput(a.out).Run()
	if a.ctx.Err() != nil {
		return ErrAborted
	}
	if a.in.ended {
		return &endOfInput{step: fmt.Sprintf("%d (%s)", int(a.m.step)+1, a.m.stepName(a.m.step))}
	}
	if errors.Is(err, huh.ErrUserAborted) {
		return ErrAborted
	}
	return err
}

func (a *plain) header(s step) {
	a.say("\n%s", a.t("header.step", int(s)+1, int(numSteps), a.m.stepName(s)))
	if a.m.dryRun() {
		a.say("%s", a.t("header.dryrun"))
	}
}

func (a *plain) save() {
	if a.m.dryRun() || a.m.cfg.StatePath == "" {
		return
	}
	if err := state.Save(a.m.cfg.StatePath, cloneSession(a.m.sess)); err != nil {
		a.say("%s", a.t("flash.saveFailed", err))
	}
}

func (a *plain) errText(err error) string {
	return strings.TrimSpace(a.m.errorBlock(err, 78))
}

func (a *plain) run() error {
	m := a.m
	start := m.step
	if start <= stepPrereq {
		if err := a.prereq(); err != nil {
			return err
		}
		start = stepRegions
	}
	steps := []func() error{nil, a.regions, a.key, a.policy, a.arns, a.portal}
	for s := start; s < numSteps; s++ {
		m.step = s
		if err := steps[s](); err != nil {
			return err
		}
		if s+1 < numSteps {
			m.sess.Step = stepIDs[s+1]
			a.save()
		}
	}
	return nil
}

func (a *plain) prereq() error {
	m := a.m
	a.header(stepPrereq)
	a.say("%s", a.t("prereq.need"))
	for _, id := range prerequisites {
		v := true
		if err := a.ask(huh.NewConfirm().Title(a.t("prereq.item." + id)).Description(a.t("prereq.item." + id + ".desc")).Value(&v)); err != nil {
			return err
		}
		if !v {
			a.say("%s", a.t("prereq.item."+id+".missing"))
			return ErrAborted
		}
	}
	a.say("%s %s %s", a.t("prereq.protects"), strings.Join(zoom.DataTypeGroups(), ", ")+".", a.t("prereq.protects.when"))
	a.say("%s %s.", a.t("prereq.notprotected"), strings.Join(zoom.NotProtected(), "; "))
	a.say("\n%s", a.t("prereq.checks"))
	for {
		region := m.reg.primary
		if region == "" {
			region = m.eng.DefaultRegion()
		}
		m.pre.probeRegion = region
		id, err := m.eng.Identity(a.ctx)
		m.onIdentity(identityMsg{id: id, err: err})
		m.onProbe(probeMsg{region: region, err: m.eng.Probe(a.ctx, region)})
		if a.ctx.Err() != nil {
			return ErrAborted
		}
		a.say("%s", strings.TrimRight(m.viewChecks(78), "\n"))
		if m.checksOK() {
			return nil
		}
		if m.noCredentials() {
			dry := true
			if err := a.ask(huh.NewConfirm().Title(a.t("prereq.dry.title") + "?").Description(a.t("prereq.dry.explain")).Value(&dry)); err != nil {
				return err
			}
			if dry {
				acct := ""
				if err := a.ask(huh.NewInput().Title(a.t("prereq.dry.account")).Value(&acct).Validate(zoom.ValidateAccountID)); err != nil {
					return err
				}
				m.pre.accountID, m.pre.dry, m.pre.offline = strings.TrimSpace(acct), true, true
				m.sess.AccountID, m.sess.Partition = m.pre.accountID, "aws"
				return nil
			}
		}
		again := true
		if err := a.ask(huh.NewConfirm().Title(a.t("key.retry") + "?").Value(&again)); err != nil {
			return err
		}
		if !again {
			return ErrAborted
		}
	}
}

func (a *plain) regions() error {
	m := a.m
	a.header(stepRegions)
	groups := m.regionsGroups()
	if err := a.askGroup(groups[0]); err != nil {
		return err
	}
	if m.reg.mode == modeExisting {
		if err := a.askGroup(groups[1]); err != nil {
			return err
		}
		m.reg.existing = strings.TrimSpace(m.reg.existing)
		if m.reg.existing == "" {
			// "Use an existing key" never turns into a new key.
			return errors.New(a.t("regions.existing.none"))
		}
	} else {
		m.reg.existing = ""
	}
	if r := existingARNRegion(m.reg.existing); r != "" {
		m.reg.primary = r
	} else if err := a.askGroup(groups[2]); err != nil {
		return err
	}
	if err := a.askGroup(m.replicasGroup()); err != nil {
		return err
	}
	m.commitRegions()
	return nil
}

func (a *plain) key() error {
	m := a.m
	a.header(stepKey)
	groups := m.keyGroups()
	for i, g := range groups {
		if i == 1 && m.reg.existing != "" {
			continue
		}
		if err := a.askGroup(g); err != nil {
			return err
		}
	}
	m.commitKeyChoices()
	a.save()
	retry := false
	for {
		o, err := m.options()
		if err != nil {
			a.say("%s\n%s", a.t("plan.failed"), a.errText(err))
			return err
		}
		var p *setup.Plan
		if m.pre.offline {
			p = setup.OfflinePlan(o)
		} else {
			a.say("%s", a.t("plan.running"))
			p, err = m.eng.Plan(a.ctx, o)
			if p != nil && m.pre.dry {
				p.DryRun = true
			}
		}
		if a.ctx.Err() != nil {
			return ErrAborted
		}
		if err != nil {
			a.say("%s\n%s", a.t("plan.failed"), a.errText(err))
			again := true
			if err := a.ask(huh.NewConfirm().Title(a.t("key.retry") + "?").Value(&again)); err != nil {
				return err
			}
			if !again {
				return ErrAborted
			}
			continue
		}
		m.key.plan = p
		if !retry {
			a.say("%s", strings.TrimRight(m.viewPlan(p, 78), "\n"))
		}
		switch {
		case p.DryRun:
			a.say("%s", a.t("plan.dry", p.Changes()))
			m.finishApply(p.Result(), nil)
			return nil
		case p.Changes() == 0:
			a.say("%s", a.t("plan.nochange"))
			m.finishApply(p.Result(), nil)
			a.save()
			return nil
		}
		if !retry {
			if err := a.consent(p); err != nil {
				return err
			}
		}
		a.say("%s", a.t("apply.running"))
		var mu sync.Mutex // Apply reports from several goroutines at once
		res, err := m.eng.Apply(a.ctx, p, func(ev setup.Event) {
			if ev.Status == setup.StatusStarted {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			mark := "✓"
			if ev.Status == setup.StatusFailed {
				mark = "✗"
			}
			a.say("  %s %s %s %s", mark, zoom.RegionLabel(ev.Region), m.actionLabel(ev.Action), elapsed(ev.Elapsed))
		})
		m.finishApply(res, err)
		a.save()
		if err == nil {
			a.say("%s", a.t("apply.done", res.WriteCalls))
			return nil
		}
		if a.ctx.Err() != nil {
			m.aborted = true
			return ErrAborted
		}
		a.say("%s\n%s\n%s", a.t("apply.failed"), strings.TrimSpace(m.viewApplyError(err, 78)), a.t("apply.retry"))
		// A retry writes too: it needs the same consent as the first try,
		// typed in a terminal. With --yes (no one to ask) the run ends
		// here, as setup does, instead of retrying a failure for ever.
		if m.cfg.Yes || !m.cfg.Interactive {
			return err
		}
		again := false
		if err := a.ask(huh.NewConfirm().Title(a.t("apply.retry.confirm")).Value(&again)); err != nil {
			return err
		}
		if !again {
			return ErrAborted
		}
		retry = true
	}
}

// consent asks before the plan p is applied: --yes, or a typed yes in a
// terminal (the question defaults to no, and end of input is never a yes).
// Without a terminal and without --yes nothing is written (ErrNeedsYes).
func (a *plain) consent(p *setup.Plan) error {
	switch {
	case a.m.cfg.Yes:
		a.say("%s", a.t("plan.confirm.yesflag"))
		return nil
	case !a.m.cfg.Interactive:
		return ErrNeedsYes
	}
	ok := false
	if err := a.ask(huh.NewConfirm().Title(a.t("plan.confirm", p.Changes(), p.AccountID) + " " + a.t("plan.confirm.typed")).Value(&ok)); err != nil {
		return err
	}
	if !ok {
		a.say("%s", a.t("plan.declined"))
		return ErrAborted
	}
	return nil
}

func (a *plain) policy() error {
	m := a.m
	a.header(stepPolicy)
	m.enterPolicy()
	a.say("%s", strings.TrimRight(m.pol.header, "\n"))
	if m.pol.hasDiff {
		a.say("%s\n%s", a.t("policy.diff.title"), m.pol.diff)
	}
	a.say("%s (%s)\n%s", a.t("policy.title"), a.t("policy.legend"), m.pol.policy)
	return a.pause()
}

// pause waits for enter, so the text above can be read first.
func (a *plain) pause() error {
	v := true
	return a.ask(huh.NewConfirm().Title(a.t("key.next") + "?").Value(&v))
}

func (a *plain) arns() error {
	m := a.m
	a.header(stepARNs)
	if m.dryRun() {
		a.say("%s", a.t("arns.dry"))
	} else {
		a.say("%s", a.t("arns.intro.plain"))
	}
	for _, k := range m.keysForDisplay() {
		arn := k.ARN
		if arn == "" {
			arn = a.t("arns.placeholder")
		}
		a.say("%s · %s:\n%s", a.t("role."+k.Role), zoom.RegionLabel(k.Region), arn)
	}
	return a.pause()
}

func (a *plain) portal() error {
	m := a.m
	a.header(stepPortal)
	m.enterPortal()
	for i, it := range zoom.Checklist() {
		v := m.sess.Ticks[it.ID]
		if err := a.ask(huh.NewConfirm().Title(fmt.Sprintf("%d. %s", i+1, it.Title)).Description(it.Detail).Value(&v)); err != nil {
			return err
		}
		if v != m.sess.Ticks[it.ID] {
			m.toggleTick(it.ID)
		}
		switch it.ID {
		case zoom.StepAlertEmails:
			if err := a.askGroup(m.emailsGroup()); err != nil {
				return err
			}
			m.sess.AlertEmails = splitList(m.prt.emails)
		case zoom.StepDataTypes:
			if err := a.askGroup(m.dataTypesGroup()); err != nil {
				return err
			}
			m.sess.DataTypes = m.prt.types
		case zoom.StepGroupScope:
			a.say("%s\n\n%s", a.t("portal.ticket.title"), zoom.SupportTicketText("", m.zoomAccount(), m.arnList(), ""))
		}
		a.save()
	}
	export := true
	if err := a.ask(huh.NewConfirm().Title(a.t("key.export") + "?").Value(&export)); err != nil {
		return err
	}
	if export {
		if msg, ok := exportCmd(m.runbookPath(), m.Runbook())().(exportedMsg); ok {
			m.onExported(msg)
			a.say("%s", m.flash)
		}
	}
	a.save()
	return a.verify()
}

// verify offers "verify now": the read-only health check of the key set,
// printed as the same table as 'zcmk-tui verify'.
func (a *plain) verify() error {
	m := a.m
	if m.dryRun() {
		a.say("%s", a.t("portal.verify.dry"))
		return nil
	}
	check := true
	if err := a.ask(huh.NewConfirm().Title(a.t("portal.verify.ask")).Value(&check)); err != nil || !check {
		return err
	}
	a.say("%s", a.t("portal.verify.running"))
	rep, err := m.eng.Verify(a.ctx, setup.VerifyOptionsFor(m.sess))
	if a.ctx.Err() != nil {
		return ErrAborted
	}
	if err != nil {
		a.say("%s\n%s", a.t("portal.verify.failed"), a.errText(err))
		return nil
	}
	var b strings.Builder
	setup.RenderVerify(&b, rep, 78)
	a.say("%s", strings.TrimRight(b.String(), "\n"))
	return nil
}
