// The accessible face's steps: the questions of each step, in order.

package ui

import (
	"strings"
	"sync"

	"github.com/charmbracelet/huh"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

func (a *plain) prereq() error {
	f := a.f
	a.header(flow.StepPrereq)
	a.say("%s", a.t("prereq.need"))
	for _, id := range flow.Prerequisites {
		ok, err := a.askYes(a.t("prereq.item."+id), a.t("prereq.item."+id+".desc"), true)
		if err != nil {
			return err
		}
		if flow.LaterOK(id) {
			f.NoteOpen(id, !ok)
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
	f.ConfirmPrereqs()
	a.say("%s %s", a.t("prereq.protects"), a.t("prereq.protects.list", a.r.groups(), a.t("prereq.protects.when")))
	a.say("%s %s", a.t("prereq.notprotected"), a.t("prereq.notprotected.list", a.r.notProtected()))
	a.say("\n%s", a.t("prereq.checks"))
	for {
		region := f.StartChecks(a.eng.DefaultRegion())
		id, err := a.eng.Identity(a.ctx)
		f.RecordIdentity(id, err)
		f.RecordProbe(region, a.eng.Probe(a.ctx, region))
		if a.ctx.Err() != nil {
			return ErrAborted
		}
		a.say("%s", strings.TrimRight(a.r.viewChecks(a.r.wrapW, true), "\n"))
		if f.PrereqDone() {
			return nil
		}
		if f.NoCredentials() && !f.Cfg.Practice {
			practise, err := a.askYes(a.t("prereq.practice.ask"), a.t("prereq.practice.ask.desc"), true)
			if err != nil {
				return err
			}
			if practise {
				return ErrPractice
			}
		}
		if f.NoCredentials() {
			dry, err := a.askYes(a.t("prereq.dry.title")+"?", a.t("prereq.dry.explain"), true)
			if err != nil {
				return err
			}
			if dry {
				acct := ""
				if err := a.ask(huh.NewInput().Title(a.t("prereq.dry.account")).Value(&acct).Validate(zoom.ValidateAccountID)); err != nil {
					return err
				}
				f.ChooseOffline(acct)
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
	a.header(flow.StepRegions)
	f.RegionDefaults(a.eng.DefaultRegion())
	for {
		if err := a.keyChoice(); err != nil {
			return err
		}
		if !f.NeedsLookup() {
			break
		}
		// The existing key is read first (read-only), for its replicas;
		// when it cannot be read or used, the questions are asked again.
		a.say("%s", a.t("regions.lookup.running", f.Existing, a.r.region(f.Primary)))
		k, err := a.eng.DescribeExistingKey(a.ctx, f.Primary, f.Existing)
		if a.ctx.Err() != nil {
			return ErrAborted
		}
		if err == nil {
			f.RecordExistingKey(f.Existing, f.Primary, k)
			a.say("%s", a.r.existingReplicasNote(k.Replicas))
			break
		}
		a.say("✗ %s\n%s\n%s", a.t("regions.lookup.failed", f.Existing, a.r.region(f.Primary)), a.errText(err), a.t("regions.lookup.again"))
	}
	f.ReplicaDefaults()
	if f.KeepsPrimary() {
		a.say("%s", a.t("regions.kept.primary", a.r.region(f.Primary)))
	}
	a.say("%s %s", a.t("regions.replicas.desc.plain"), a.t("plain.default", strings.Join(f.Replicas, ", ")))
	if err := a.askTicks(a.r.replicasGroup(func() int { return 10 })); err != nil {
		return err
	}
	f.CommitRegions()
	a.say("✓ %s", a.r.keySummary()) // which key: kept, existing or new (keyuse.go)
	return nil
}

// keyChoice asks step 2's first questions: which key, and the primary
// Region unless the existing key's ARN names it.
func (a *plain) keyChoice() error {
	f := a.f
	q := a.r.regionQuestions()
	a.say("%s %s", a.t("regions.mode.desc"), a.t("plain.default", a.r.modeLabel(f.Mode)))
	if err := a.askGroup(q.mode); err != nil {
		return err
	}
	if f.Mode == flow.ModeExisting {
		a.say("%s", a.t("regions.existing.desc"))
		if err := a.askGroup(q.existing); err != nil {
			return err
		}
	}
	askPrimary := f.SettleKeyChoice()
	if err := f.CheckKeyChoice(); err != nil {
		return err
	}
	if askPrimary {
		a.say("%s %s", a.t("regions.primary.desc.plain"), a.t("plain.default", f.Primary))
		if err := a.askGroup(q.primary); err != nil {
			return err
		}
	}
	return nil
}

func (a *plain) key() error {
	f := a.f
	a.header(flow.StepKey)
	f.KeyDefaults()
	if _, err := a.lookAlias(); err != nil {
		return err
	}
	a.say("✓ %s\n  %s", a.r.keySummary(), a.r.regionsChosen())
	q := a.r.keyQuestions()
	if err := a.alias(q.alias); err != nil {
		return err
	}
	for _, g := range []*huh.Group{q.details, q.rotation} {
		if g == q.details && !f.AsksKeyDetails() {
			continue
		}
		switch g {
		case q.details:
			a.say("%s %s", a.t("key.description"), a.t("plain.default", f.Description))
			a.say("%s: %s", a.t("key.tags"), a.t("key.tags.desc"))
		case q.rotation:
			a.say("%s", a.r.rotationDesc())
		}
		if err := a.askGroup(g); err != nil {
			return err
		}
	}
	f.CommitKey()
	a.save()
	retry := false
	for {
		o, err := f.Options()
		if err != nil {
			a.say("%s\n%s", a.t("plan.failed"), a.errText(err))
			return err
		}
		if !f.Offline {
			a.say("%s", a.t("plan.running"))
		}
		p, err := flow.MakePlan(a.ctx, a.eng, o, f.Dry, f.Offline)
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
		next := f.AfterPlan(p, retry)
		if !retry {
			a.say("%s", strings.TrimRight(a.r.viewPlan(p, a.r.wrapW), "\n"))
		}
		switch next {
		case flow.PlanFinish:
			if p.DryRun {
				a.say("%s", a.r.tn("plan.dry", p.Changes()))
			} else {
				a.say("%s", a.t("plan.nochange"))
			}
			f.RecordApply(p.Result(), nil)
			a.save()
			return nil
		case flow.PlanConfirm:
			if err := a.consent(p); err != nil {
				return err
			}
		}
		if err := f.TakeConsent(); err != nil {
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
			f.NoteAction(ev)
			mark := "✓"
			if ev.Status == setup.StatusFailed {
				mark = "✗"
			}
			a.say("  %s %s %s %s", mark, a.r.region(ev.Region), a.r.actionLabel(ev.Action), elapsed(ev.Elapsed))
		})
		f.RecordApply(res, err)
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
		if !f.AsksConsent() {
			return err
		}
		again, err := a.askYes(a.t("apply.retry.confirm"), "", false)
		if err != nil {
			return err
		}
		if err := f.MayWrite(answerOf(again)); err != nil {
			return err
		}
		retry = true
	}
}

func (a *plain) policy() error {
	a.header(flow.StepPolicy)
	pg := a.r.policyPages()
	a.say("%s", strings.TrimRight(pg.header, "\n"))
	if pg.diff != "" {
		a.say("%s\n%s", a.t("policy.diff.title"), pg.diff)
	}
	a.say("%s (%s)\n%s", a.t("policy.title"), a.t("policy.legend.plain"), pg.policy)
	return a.pause()
}

func (a *plain) arns() error {
	a.header(flow.StepARNs)
	if a.f.Incomplete() {
		// Never a partial set as the ARNs to paste (internal/docs/incomplete.go).
		a.say("%s", strings.Join(docs.IncompleteNote(a.f.Cat, a.f.Sess, a.t("exit.finish.alt"), true), "\n"))
		return a.pause()
	}
	if a.f.DryRun() {
		a.say("%s", a.t("arns.dry"))
	} else {
		a.say("%s", a.t("arns.intro.plain"))
	}
	for _, k := range a.f.KeysForDisplay() {
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
	if !f.NeedsAliasLookup() {
		return true, nil
	}
	a.say("%s", a.t("key.lookup.running", f.Alias, a.r.region(f.Primary)))
	k, lerr := a.eng.DescribeAlias(a.ctx, f.Primary, f.Alias)
	if a.ctx.Err() != nil {
		return false, ErrAborted
	}
	if lerr != nil {
		a.say("✗ %s\n%s\n%s", a.t("key.lookup.failed", f.Alias, a.r.region(f.Primary)), a.errText(lerr), a.t("key.lookup.again"))
		return false, nil
	}
	f.RecordAlias(f.Alias, f.Primary, k)
	return true, nil
}

// alias asks for the alias of step 3 until it is read: another alias than
// the one read before is read too, and the key set it names is said before
// the questions only a new key needs.
func (a *plain) alias(g *huh.Group) error {
	f := a.f
	for {
		a.say("%s %s", a.t("key.alias.desc"), a.t("plain.default", f.Alias))
		if err := a.askGroup(g); err != nil {
			return err
		}
		f.SettleAlias()
		if !f.NeedsAliasLookup() {
			return nil
		}
		ok, err := a.lookAlias()
		if err != nil {
			return err
		}
		if ok {
			if f.AliasKey() != nil {
				a.say("✓ %s", a.r.keySummary())
			}
			return nil
		}
	}
}
