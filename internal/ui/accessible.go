package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/safe"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// ErrAborted is returned when the user stops the wizard.
var ErrAborted error = &msgError{id: "err.aborted"}

// ErrPractice is returned when the admin, finding no AWS credentials,
// chooses to practise instead: the command line starts practice mode and
// the wizard again in it. Nothing was written; the real session is as it was.
var ErrPractice error = &msgError{id: "err.practice"}

// ErrEndOfInput is returned when standard input ends before a question of
// the accessible wizard is answered: end of input is never an answer, and
// never a yes.
var ErrEndOfInput error = &msgError{id: "err.endofinput"}

// ErrNeedsYes is returned when the accessible wizard would write to AWS but
// standard input is not a terminal and --yes was not given: nothing is
// written without consent (a typed yes in a terminal, --yes elsewhere).
var ErrNeedsYes error = &msgError{id: "err.needsyes"}

// endOfInput says where the input ended.
type endOfInput struct{ step string }

func (e *endOfInput) Error() string { return English.T("err.endofinput.at", e.step) }

// Localized is the error in any language (the CLI prints it so).
func (e *endOfInput) Localized() i18n.Msg {
	return i18n.Msg{ID: "ui.err.endofinput.at", Args: []any{e.step}}
}

func (e *endOfInput) Is(target error) bool { return target == ErrEndOfInput }

// RunAccessible runs the wizard as plain line-by-line prompts for screen
// readers: huh's accessible mode (form.Run), no alternate screen, no
// colour. It is the second face of the same flow as the full-screen wizard:
// the same questions (the same form builders), defaults, validation, steps,
// consent rule, engine calls and session file; the text is drawn by the
// same view functions (the painter). It calls the engine itself, one call
// at a time, and has no full-screen model at all: nothing of Update, its
// handlers or its commands. It returns the session as it was left, and
// whether the run was a dry run (--dry-run, or chosen at the prerequisites
// for want of credentials): then nothing was saved.
func RunAccessible(ctx context.Context, cfg Config, in io.Reader, out io.Writer) (*state.Session, bool, error) {
	lipgloss.SetColorProfile(termenv.Ascii)
	cfg = withDefaults(cfg)
	f := newFlow(cfg)
	p := newPainter(f)
	p.wrapW = 78
	if cfg.Width > 0 {
		p.wrapW = min(cfg.Width, 100)
	}
	start := f.resume()
	if ctx == nil {
		ctx = context.Background()
	}
	// The plain face's net: it writes no sequence of its own, so every
	// control character that reached its text from outside is escaped.
	net := safe.NewWriter(out)
	defer func() { _ = net.Flush() }()
	po := &plainOut{w: net, cat: f.cat, width: cfg.Width}
	a := &plain{f: f, r: &p, eng: cfg.Engine, ctx: ctx, in: newLineReader(ctx, in, po), out: po, step: start}
	if start > stepPrereq {
		a.say("%s", p.resumedAt(start)) // the same note as the full screen's
	}
	err := a.restoreFirst() // a drill killed half-way comes first
	if err == nil {
		err = a.run(start)
	}
	if errors.Is(err, ErrAborted) && ctx.Err() != nil {
		// ctrl+c (or a signal) ended a question at once: the session as
		// it stands is kept, and one line says what was changed.
		a.say("")
		a.save()
		err = f.interrupted(nil)
	}
	return f.sess, f.dryRun(), err
}

// plain is the accessible face.
type plain struct {
	f    *flow
	r    *painter // the view functions and form builders
	eng  Engine
	ctx  context.Context
	in   *lineReader
	out  io.Writer
	step step // the step being asked
}

func (a *plain) say(format string, args ...any) { fmt.Fprintf(a.out, format+"\n", args...) }

func (a *plain) t(id string, args ...any) string { return a.f.t(id, args...) }

// ask runs fields as one accessible form.
func (a *plain) ask(fields ...huh.Field) error { return a.askGroup(huh.NewGroup(fields...)) }

// askGroup runs one group of fields. The answers count only if they were
// all read: when the input ends, the prompts have taken their defaults,
// and the wizard stops there instead (ErrEndOfInput).
func (a *plain) askGroup(g *huh.Group) (err error) {
	defer func() {
		// The form library's line mode indexes a list with what it read,
		// 0 when the input ended at a list without a default: the end of
		// the input, not a crash.
		if r := recover(); r != nil {
			if !a.in.ended && !a.in.eof {
				panic(r)
			}
			err = &endOfInput{step: fmt.Sprintf("%d (%s)", int(a.step)+1, a.r.stepName(a.step))}
		}
	}()
	err = huh.NewForm(g).WithAccessible(true).WithShowHelp(false).WithInput(a.in).WithOutput(a.out).Run()
	switch {
	case a.ctx.Err() != nil:
		return ErrAborted
	case a.in.ended:
		return &endOfInput{step: fmt.Sprintf("%d (%s)", int(a.step)+1, a.r.stepName(a.step))}
	case errors.Is(err, huh.ErrUserAborted):
		return ErrAborted
	}
	return err
}

// askTicks runs a group of ticks (a multi-select): enter alone takes the
// ticks as they are, as the line above it announces.
func (a *plain) askTicks(g *huh.Group) error {
	a.in.emptyAs = "0"
	defer func() { a.in.emptyAs = "" }()
	return a.askGroup(g)
}

// askYes asks a yes/no question with the default def.
func (a *plain) askYes(title, desc string, def bool) (bool, error) {
	v := def
	if desc != "" {
		a.say("%s", desc) // the line mode leaves out a field's description
	}
	err := a.ask(huh.NewConfirm().Title(title).Description(desc).Value(&v))
	return v, err
}

func (a *plain) header(s step) {
	a.say("\n%s", a.t("header.step", int(s)+1, int(numSteps), a.r.stepName(s)))
	if a.f.dryRun() {
		a.say("%s", a.t("header.dryrun"))
	}
}

func (a *plain) save() {
	if !a.f.saves() {
		return
	}
	if err := state.Save(a.f.cfg.StatePath, cloneSession(a.f.sess)); err != nil {
		a.say("%s", a.t("flash.saveFailed", err))
	}
}

func (a *plain) errText(err error) string {
	return strings.TrimSpace(a.r.errorBlock(err, a.r.wrapW))
}

// retry asks whether to try a read again; no stops the wizard.
func (a *plain) retry() error {
	again, err := a.askYes(a.t("plain.retry"), "", true)
	if err != nil {
		return err
	}
	if !again {
		return ErrAborted
	}
	return nil
}

func (a *plain) run(start step) error {
	for s := start; s < numSteps; s++ {
		a.step = s
		if err := steps[s].plain(a); err != nil {
			return err
		}
		if s+1 < numSteps {
			a.f.advance(s)
			a.save()
		}
	}
	return nil
}

func (a *plain) prereq() error {
	f := a.f
	a.header(stepPrereq)
	a.say("%s", a.t("prereq.need"))
	for _, id := range prerequisites {
		ok, err := a.askYes(a.t("prereq.item."+id), a.t("prereq.item."+id+".desc"), true)
		if err != nil {
			return err
		}
		if laterOK(id) {
			f.noteOpen(id, !ok)
			if !ok {
				a.say("%s %s", a.t("prereq.item."+id+".missing"), a.t("prereq.later"))
			}
			continue
		}
		if !ok {
			a.say("%s", a.t("prereq.item."+id+".missing"))
			return ErrAborted
		}
	}
	f.confirmPrereqs()
	a.say("%s %s", a.t("prereq.protects"), a.t("prereq.protects.list", a.r.groups(), a.t("prereq.protects.when")))
	a.say("%s %s", a.t("prereq.notprotected"), a.t("prereq.notprotected.list", a.r.notProtected()))
	a.say("\n%s", a.t("prereq.checks"))
	for {
		region := f.startChecks(a.eng.DefaultRegion())
		id, err := a.eng.Identity(a.ctx)
		f.recordIdentity(id, err)
		f.recordProbe(region, a.eng.Probe(a.ctx, region))
		if a.ctx.Err() != nil {
			return ErrAborted
		}
		a.say("%s", strings.TrimRight(a.r.viewChecks(a.r.wrapW, true), "\n"))
		if f.prereqDone() {
			return nil
		}
		if f.noCredentials() && !f.cfg.Practice {
			practise, err := a.askYes(a.t("prereq.practice.ask"), a.t("prereq.practice.ask.desc"), true)
			if err != nil {
				return err
			}
			if practise {
				return ErrPractice
			}
		}
		if f.noCredentials() {
			dry, err := a.askYes(a.t("prereq.dry.title")+"?", a.t("prereq.dry.explain"), true)
			if err != nil {
				return err
			}
			if dry {
				acct := ""
				if err := a.ask(huh.NewInput().Title(a.t("prereq.dry.account")).Value(&acct).Validate(zoom.ValidateAccountID)); err != nil {
					return err
				}
				f.chooseOffline(acct)
				return nil
			}
		}
		if err := a.retry(); err != nil {
			return err
		}
	}
}

func (a *plain) regions() error {
	f := a.f
	a.header(stepRegions)
	f.regionDefaults(a.eng.DefaultRegion())
	for {
		if err := a.keyChoice(); err != nil {
			return err
		}
		if !f.needsLookup() {
			break
		}
		// The existing key is read first (read-only), for its replicas;
		// when it cannot be read or used, the questions are asked again.
		a.say("%s", a.t("regions.lookup.running", f.existing, a.r.region(f.primary)))
		k, err := a.eng.DescribeExistingKey(a.ctx, f.primary, f.existing)
		if a.ctx.Err() != nil {
			return ErrAborted
		}
		if err == nil {
			f.recordExistingKey(f.existing, f.primary, k)
			a.say("%s", a.r.existingReplicasNote(k.Replicas))
			break
		}
		a.say("✗ %s\n%s\n%s", a.t("regions.lookup.failed", f.existing, a.r.region(f.primary)), a.errText(err), a.t("regions.lookup.again"))
	}
	f.replicaDefaults()
	if f.keepsPrimary() {
		a.say("%s", a.t("regions.kept.primary", a.r.region(f.primary)))
	}
	a.say("%s %s", a.t("regions.replicas.desc.plain"), a.t("plain.default", strings.Join(f.replicas, ", ")))
	if err := a.askTicks(a.r.replicasGroup(func() int { return 10 })); err != nil {
		return err
	}
	f.commitRegions()
	a.say("✓ %s", a.r.keySummary()) // which key: kept, existing or new (keyuse.go)
	return nil
}

// keyChoice asks step 2's first questions: which key, and the primary
// Region unless the existing key's ARN names it.
func (a *plain) keyChoice() error {
	f := a.f
	q := a.r.regionQuestions()
	a.say("%s %s", a.t("regions.mode.desc"), a.t("plain.default", a.r.modeLabel(f.mode)))
	if err := a.askGroup(q.mode); err != nil {
		return err
	}
	if f.mode == modeExisting {
		a.say("%s", a.t("regions.existing.desc"))
		if err := a.askGroup(q.existing); err != nil {
			return err
		}
	}
	askPrimary := f.settleKeyChoice()
	if err := f.checkKeyChoice(); err != nil {
		return err
	}
	if askPrimary {
		a.say("%s %s", a.t("regions.primary.desc.plain"), a.t("plain.default", f.primary))
		if err := a.askGroup(q.primary); err != nil {
			return err
		}
	}
	return nil
}

func (a *plain) key() error {
	f := a.f
	a.header(stepKey)
	f.keyDefaults()
	if _, err := a.lookAlias(); err != nil {
		return err
	}
	a.say("✓ %s\n  %s", a.r.keySummary(), a.r.regionsChosen())
	q := a.r.keyQuestions()
	if err := a.alias(q.alias); err != nil {
		return err
	}
	for _, g := range []*huh.Group{q.details, q.rotation} {
		if g == q.details && !f.asksKeyDetails() {
			continue
		}
		switch g {
		case q.details:
			a.say("%s %s", a.t("key.description"), a.t("plain.default", f.description))
			a.say("%s: %s", a.t("key.tags"), a.t("key.tags.desc"))
		case q.rotation:
			a.say("%s", a.t("key.rotation.desc"))
		}
		if err := a.askGroup(g); err != nil {
			return err
		}
	}
	f.commitKey()
	a.save()
	retry := false
	for {
		o, err := f.options()
		if err != nil {
			a.say("%s\n%s", a.t("plan.failed"), a.errText(err))
			return err
		}
		if !f.offline {
			a.say("%s", a.t("plan.running"))
		}
		p, err := makePlan(a.ctx, a.eng, o, f.dry, f.offline)
		if a.ctx.Err() != nil {
			return ErrAborted
		}
		if err != nil {
			a.say("%s\n%s", a.t("plan.failed"), a.errText(err))
			if err := a.retry(); err != nil {
				return err
			}
			continue
		}
		next := f.afterPlan(p, retry)
		if !retry {
			a.say("%s", strings.TrimRight(a.r.viewPlan(p, a.r.wrapW), "\n"))
		}
		switch next {
		case planFinish:
			if p.DryRun {
				a.say("%s", a.r.tn("plan.dry", p.Changes()))
			} else {
				a.say("%s", a.t("plan.nochange"))
			}
			f.recordApply(p.Result(), nil)
			a.save()
			return nil
		case planConfirm:
			if err := a.consent(p); err != nil {
				return err
			}
		}
		if err := f.takeConsent(); err != nil {
			return err
		}
		a.say("%s", a.t("apply.running"))
		var mu sync.Mutex // Apply reports from several goroutines at once
		var flight setup.InFlight
		res, err := a.eng.Apply(a.ctx, p, func(ev setup.Event) {
			flight.Track(ev)
			if ev.Status == setup.StatusStarted {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			f.noteAction(ev)
			mark := "✓"
			if ev.Status == setup.StatusFailed {
				mark = "✗"
			}
			a.say("  %s %s %s %s", mark, a.r.region(ev.Region), a.r.actionLabel(ev.Action), elapsed(ev.Elapsed))
		})
		f.recordApply(res, err)
		a.save()
		if err == nil {
			a.say("%s", a.r.tn("apply.done", res.Changes))
			return nil
		}
		if a.ctx.Err() != nil {
			if note := a.r.cutOffNote(flight.CutShort()); note != "" {
				a.say("%s", strings.TrimSuffix(note, "\n"))
			}
			return ErrAborted
		}
		a.say("%s\n%s\n%s", a.t("apply.failed"), strings.TrimSpace(a.r.viewApplyError(err, a.r.wrapW)), a.t("apply.retry"))
		// A retry writes too: it needs the same consent as the first try,
		// typed in a terminal. With --yes (no one to ask) the run ends
		// here, as setup does, instead of retrying a failure for ever.
		if !f.asksConsent() {
			return err
		}
		again, err := a.askYes(a.t("apply.retry.confirm"), "", false)
		if err != nil {
			return err
		}
		if err := f.mayWrite(answerOf(again)); err != nil {
			return err
		}
		retry = true
	}
}

// consent asks before plan p is applied, where the flow asks (a typed yes:
// the question defaults to no, and end of input is never a yes), and
// applies the flow's rule to the answer: --yes writes without asking, and
// without a terminal nothing is written (ErrNeedsYes).
func (a *plain) consent(p *setup.Plan) error {
	return a.consentTo(a.r.tn("plan.confirm", p.Changes(), p.AccountID))
}

// consentTo is consent with the question q (the key's plan, the alerts').
func (a *plain) consentTo(q string) error {
	ans := answerNone
	if a.f.asksConsent() {
		ok, err := a.askYes(q+" "+a.t("plan.confirm.typed"), "", false)
		if err != nil && !errors.Is(err, ErrEndOfInput) {
			return err
		}
		if err == nil {
			ans = answerOf(ok)
		}
		// At end of input the question's own error says at which step.
		c, why := a.f.consent(ans)
		a.sayConsent(c)
		if err != nil {
			return err
		}
		return why
	}
	c, why := a.f.consent(ans)
	a.sayConsent(c)
	return why
}

// sayConsent says the decision on a write, as the command line says it.
func (a *plain) sayConsent(c setup.Consent) {
	if c.Say.ID != "" {
		a.say("%s", a.r.p().M(c.Say))
	}
}

func answerOf(yes bool) answer {
	if yes {
		return answerYes
	}
	return answerNo
}

func (a *plain) policy() error {
	a.header(stepPolicy)
	pg := a.r.policyPages()
	a.say("%s", strings.TrimRight(pg.header, "\n"))
	if pg.diff != "" {
		a.say("%s\n%s", a.t("policy.diff.title"), pg.diff)
	}
	a.say("%s (%s)\n%s", a.t("policy.title"), a.t("policy.legend.plain"), pg.policy)
	return a.pause()
}

// pause waits for enter, so the text above can be read first.
func (a *plain) pause() error {
	_, err := a.askYes(a.t("plain.continue", a.r.stepName(min(a.step+1, numSteps-1))), "", true)
	return err
}

func (a *plain) arns() error {
	a.header(stepARNs)
	if a.f.incomplete() {
		// Never a partial set as the ARNs to paste (internal/docs/incomplete.go).
		a.say("%s", strings.Join(docs.IncompleteNote(a.f.cat, a.f.sess, a.t("exit.finish.alt"), true), "\n"))
		return a.pause()
	}
	if a.f.dryRun() {
		a.say("%s", a.t("arns.dry"))
	} else {
		a.say("%s", a.t("arns.intro.plain"))
	}
	for _, k := range a.f.keysForDisplay() {
		arn := k.ARN
		if arn == "" {
			arn = a.t("arns.placeholder")
		}
		a.say("%s · %s:\n%s", a.t("role."+k.Role), a.r.region(k.Region), arn)
	}
	return a.pause()
}

// lookAlias reads what the alias of step 3 names in the primary Region
// (read-only), when it is still to be read; ok reports that it was read
// (or needed no reading), err only that the run was stopped.
func (a *plain) lookAlias() (ok bool, err error) {
	f := a.f
	if !f.needsAliasLookup() {
		return true, nil
	}
	a.say("%s", a.t("key.lookup.running", f.alias, a.r.region(f.primary)))
	k, lerr := a.eng.DescribeAlias(a.ctx, f.primary, f.alias)
	if a.ctx.Err() != nil {
		return false, ErrAborted
	}
	if lerr != nil {
		a.say("✗ %s\n%s\n%s", a.t("key.lookup.failed", f.alias, a.r.region(f.primary)), a.errText(lerr), a.t("key.lookup.again"))
		return false, nil
	}
	f.recordAlias(f.alias, f.primary, k)
	return true, nil
}

// alias asks for the alias of step 3 until it is read: another alias than
// the one read before is read too, and the key set it names is said before
// the questions only a new key needs.
func (a *plain) alias(g *huh.Group) error {
	f := a.f
	for {
		a.say("%s %s", a.t("key.alias.desc"), a.t("plain.default", f.alias))
		if err := a.askGroup(g); err != nil {
			return err
		}
		f.settleAlias()
		if !f.needsAliasLookup() {
			return nil
		}
		ok, err := a.lookAlias()
		if err != nil {
			return err
		}
		if ok {
			if f.aliasKey() != nil {
				a.say("✓ %s", a.r.keySummary())
			}
			return nil
		}
	}
}
