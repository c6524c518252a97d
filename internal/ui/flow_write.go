package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The flow's step 3: the key's choices, the plan, the consent to write and
// what a write leaves in the session. Plan -> confirm -> apply -> retry is
// decided here for both faces.

// keyDefaults fills in the defaults of step 3's questions.
func (f *flow) keyDefaults() {
	if f.alias == "" {
		f.alias = zoom.DefaultAlias
	}
	if f.description == "" {
		// In the session's language: the key's description is what an
		// admin reads in the KMS console.
		f.description = f.cat.T("key.description.default")
	}
}

// asksKeyDetails reports whether the description and tags are asked: only
// for a new key. An existing key, typed in, kept from this session or named
// by the alias (flow.aliasKey), keeps
// its own description (new replicas take it too), so a field for it would
// look like a choice and do nothing.
func (f *flow) asksKeyDetails() bool {
	return f.existing == "" && f.keyInUse() == useNew && f.aliasKey() == nil
}

// commitKey records the key choices in the session.
func (f *flow) commitKey() {
	s := f.sess
	s.Alias = strings.TrimSpace(f.alias)
	s.WizardDescription, s.WizardNoRotation = f.description, !f.rotation
	s.WizardTags = nil
	if tags, err := parseTags(f.tags); err == nil {
		for _, t := range tags {
			s.WizardTags = append(s.WizardTags, t.Key+"="+t.Value)
		}
	}
}

// options builds the engine options from the choices, and notes them as
// the options of the plan to come. "Use an existing key" never turns into
// a new key; a key this session has is edited, never a second one planned.
func (f *flow) options() (setup.Options, error) {
	if f.mode == modeExisting && strings.TrimSpace(f.existing) == "" {
		return setup.Options{}, errors.New(f.t("regions.existing.none"))
	}
	tags, err := parseTags(f.tags)
	if err != nil {
		return setup.Options{}, err
	}
	o := setup.Options{
		Region: f.primary, Replicas: f.replicas, Alias: strings.TrimSpace(f.alias),
		Description: f.description, Tags: tags, Rotation: f.rotation, ExistingKey: f.existing,
	}
	if f.pinned != "" && f.mode != modeExisting {
		if r := existingARNRegion(f.pinned); r != "" && r != f.primary {
			return setup.Options{}, errors.New(f.t("key.pinned.region", keyIDOf(f.pinned), f.region(r), f.region(f.primary)))
		}
		o.ExistingKey = f.pinned
	}
	if f.offline {
		o.AccountID = f.accountID
	}
	// Zoom's account other than the commercial cloud's: given with
	// --zoom-account-id, or saved by the run that used it.
	if id := f.cfg.ZoomAccountID; id != "" {
		o.ZoomAccountID, o.ZoomAccountGiven = id, true
	} else if id := f.sess.ZoomAccountID; id != "" && id != zoom.ZoomAccountID {
		o.ZoomAccountID, o.ZoomAccountGiven = id, true
	}
	if err := setup.Validate(&o); err != nil {
		return o, err
	}
	f.opts = o
	return o, nil
}

// keepsPinned reports whether the last plan edits the key this session
// has (and the alias it adds, if it is another).
func (f *flow) keepsPinned() bool { return f.pinned != "" && f.opts.ExistingKey == f.pinned }

// makePlan computes the plan of o: offline for a dry run without
// credentials, else with the engine's read-only calls (a dry run with
// credentials is a real plan marked DryRun, which Apply refuses). It is the
// one I/O of planning; both faces call it (the model from a command).
func makePlan(ctx context.Context, eng Engine, o setup.Options, dry, offline bool) (*setup.Plan, error) {
	if offline {
		if err := setup.CheckOffline(o); err != nil {
			return nil, err
		}
		return setup.OfflinePlan(o), nil
	}
	p, err := eng.Plan(ctx, o)
	if p != nil && dry {
		p.DryRun = true
	}
	return p, err
}

// planNext is what follows a plan.
type planNext int

const (
	planConfirm planNext = iota // writes to make: ask for consent, then apply
	planFinish                  // nothing to write (a dry run, or no change): record the plan's result
	planApply                   // a retry after a failed apply, consented to: apply at once
)

// afterPlan records plan p and says what follows it; retry marks a plan
// made to resume after a failed apply.
func (f *flow) afterPlan(p *setup.Plan, retry bool) planNext {
	f.plan = p
	f.pinFound(p)
	switch {
	case nothingToWrite(p):
		return planFinish
	case retry && f.consented:
		return planApply
	}
	return planConfirm
}

// pinFound keeps the existing primary key plan p found (the alias already
// names one, or it was given in step 2) as this session's key, as if the
// session had made it: going back to another Region then offers to keep it
// or to start over explicitly, never a second key set without a word, and
// the session file remembers it (WizardFoundKey) for a restart.
func (f *flow) pinFound(p *setup.Plan) {
	if f.pinned != "" || p == nil || len(p.Regions) == 0 {
		return
	}
	r := p.Regions[0]
	if r.Role != setup.RolePrimary || !r.Exists || r.ARN == "" {
		return
	}
	f.pinned, f.pinnedAlias = r.ARN, p.Alias
	if !f.dry {
		f.sess.WizardFoundKey = r.ARN
	}
}

// forgetOutcome forgets the outcome of the last apply: a new plan (not a
// retry) starts afresh.
func (f *flow) forgetOutcome() { f.res = nil }

// nothingToWrite reports whether plan p (if any) writes nothing: a dry run,
// or a key set that is already as it should be.
func nothingToWrite(p *setup.Plan) bool { return p != nil && p.NothingToWrite() }

// answer is what the user said to "apply these changes?" (the engine's
// setup.Answer: the rule on it is setup.MayWrite).
type answer = setup.Answer

const (
	answerNone = setup.AnswerNone // no answer: the input ended, or nobody to ask
	answerYes  = setup.AnswerYes  // a typed yes (y or enter on the full-screen plan)
	answerNo   = setup.AnswerNo
)

// asksConsent reports whether a write is asked for: not with --yes (the
// consent is given), and not where standard input is not a terminal (there
// is nobody to type yes: no write without --yes). The full-screen wizard
// always asks: its confirmation is a key pressed on the plan.
func (f *flow) asksConsent() bool { return !f.cfg.Yes && f.cfg.Interactive }

// mayWrite is the one rule for every write to AWS, a first apply or a
// retry: a typed yes, or --yes. End of input is never a yes, and without a
// terminal a write needs --yes. A dry run never writes. It returns nil when
// the plan may be applied, else why not.
func (f *flow) mayWrite(a answer) error {
	_, err := f.consent(a)
	return err
}

// consent applies setup.MayWrite to answer a: the decision (with what to
// say about it) and the wizard's error for it (nil: the write may go ahead).
func (f *flow) consent(a answer) (setup.Consent, error) {
	c := setup.MayWrite(a, f.cfg.Yes, f.cfg.Interactive, f.dry)
	f.consented = c.Given()
	switch c.Outcome {
	case setup.ConsentGiven:
		return c, nil
	case setup.ConsentDryRun:
		return c, fmt.Errorf("dry run: %w", ErrAborted)
	case setup.ConsentDeclined:
		return c, ErrAborted
	case setup.ConsentNeedsYes:
		return c, ErrNeedsYes
	}
	return c, ErrEndOfInput
}

// errNoConsent is a write asked for without consent: a defect of a face.
var errNoConsent error = &msgError{id: "err.noconsent"}

// takeConsent is called by either face right before Apply: it refuses
// unless mayWrite agreed since the last write, and uses the consent up,
// so that every write (a retry too) is agreed to on its own.
func (f *flow) takeConsent() error {
	if !f.consented {
		return errNoConsent
	}
	f.consented = false
	return nil
}

// checkKeyChoice refuses "use an existing key" without a key: it never
// turns into a new key.
func (f *flow) checkKeyChoice() error {
	if f.mode == modeExisting && f.existing == "" {
		return errors.New(f.t("regions.existing.none"))
	}
	return nil
}

// recordApply records the outcome of an apply (or the result of a plan
// with nothing to write) and reports whether the session should be saved.
func (f *flow) recordApply(res *setup.Result, err error) bool {
	f.res, f.consented = res, false
	if f.dry {
		return false
	}
	if res != nil {
		f.wrote += res.WriteCalls // for the line said on ctrl+c (interrupted.go)
	}
	if res.NamesKey() {
		if f.pinned == "" {
			f.pinned, f.pinnedAlias = res.Keys[0].ARN, res.Alias
		}
		res.RecordRun(f.sess, f.run())
		// The session says whether the set is finished: the key step until
		// an apply succeeds (ExitSummary labels such a set incomplete).
		if err == nil {
			f.sess.Step = (stepKey + 1).id()
		} else {
			f.sess.Step = stepKey.id()
		}
		return true
	}
	return false
}

// parseTags reads "K=V, K2=V2".
func parseTags(s string) ([]zoom.Tag, error) {
	var out []zoom.Tag
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		t, err := zoom.ParseTag(part)
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(t.Key, "zcmk-tui:") {
			return nil, &msgError{id: "err.tag.reserved", args: []any{t.Key}}
		}
		out = append(out, t)
	}
	return out, nil
}
