package flow

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

// KeyDefaults fills in the defaults of step 3's questions.
func (f *Flow) KeyDefaults() {
	if f.Alias == "" {
		f.Alias = zoom.DefaultAlias
	}
	if f.Description == "" {
		// In the session's language: the key's description is what an
		// admin reads in the KMS console.
		f.Description = f.Cat.T("key.description.default")
	}
}

// AsksKeyDetails reports whether the description and tags are asked: only
// for a new key. An existing key, typed in, kept from this session or named
// by the alias (flow.AliasKey), keeps
// its own description (new replicas take it too), so a field for it would
// look like a choice and do nothing.
func (f *Flow) AsksKeyDetails() bool {
	return f.Existing == "" && f.KeyInUse() == useNew && f.AliasKey() == nil
}

// CommitKey records the key choices in the session.
func (f *Flow) CommitKey() {
	s := f.Sess
	s.Alias = strings.TrimSpace(f.Alias)
	s.WizardDescription, s.WizardNoRotation = f.Description, !f.Rotation
	s.WizardTags = nil
	if tags, err := ParseTags(f.Tags); err == nil {
		for _, t := range tags {
			s.WizardTags = append(s.WizardTags, t.Key+"="+t.Value)
		}
	}
}

// Options builds the engine options from the choices, and notes them as
// the options of the plan to come. "Use an existing key" never turns into
// a new key; a key this session has is edited, never a second one planned.
func (f *Flow) Options() (setup.Options, error) {
	if f.Mode == ModeExisting && strings.TrimSpace(f.Existing) == "" {
		return setup.Options{}, errors.New(f.T("regions.existing.none"))
	}
	tags, err := ParseTags(f.Tags)
	if err != nil {
		return setup.Options{}, err
	}
	o := setup.Options{
		Region: f.Primary, Replicas: f.Replicas, Alias: strings.TrimSpace(f.Alias),
		Description: f.Description, Tags: tags, Rotation: f.Rotation, ExistingKey: f.Existing,
	}
	if f.Pinned != "" && f.Mode != ModeExisting {
		if r := ExistingARNRegion(f.Pinned); r != "" && r != f.Primary {
			return setup.Options{}, errors.New(f.T("key.pinned.region", KeyIDOf(f.Pinned), f.Region(r), f.Region(f.Primary)))
		}
		o.ExistingKey = f.Pinned
	}
	if f.Offline {
		o.AccountID = f.AccountID
	}
	// Zoom's account other than the commercial cloud's: given with
	// --zoom-account-id, or saved by the run that used it.
	if id := f.Cfg.ZoomAccountID; id != "" {
		o.ZoomAccountID, o.ZoomAccountGiven = id, true
	} else if id := f.Sess.ZoomAccountID; id != "" && id != zoom.ZoomAccountID {
		o.ZoomAccountID, o.ZoomAccountGiven = id, true
	}
	if err := setup.Validate(&o); err != nil {
		return o, err
	}
	f.Opts = o
	return o, nil
}

// KeepsPinned reports whether the last plan edits the key this session
// has (and the alias it adds, if it is another).
func (f *Flow) KeepsPinned() bool { return f.Pinned != "" && f.Opts.ExistingKey == f.Pinned }

// MakePlan computes the plan of o: offline for a dry run without
// credentials, else with the engine's read-only calls (a dry run with
// credentials is a real plan marked DryRun, which Apply refuses). It is the
// one I/O of planning; both faces call it (the model from a command).
func MakePlan(ctx context.Context, eng Engine, o setup.Options, dry, offline bool) (*setup.Plan, error) {
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

// PlanNext is what follows a plan.
type PlanNext int

const (
	PlanConfirm PlanNext = iota // writes to make: ask for consent, then apply
	PlanFinish                  // nothing to write (a dry run, or no change): record the plan's result
	PlanApply                   // a retry after a failed apply, consented to: apply at once
)

// AfterPlan records plan p and says what follows it; retry marks a plan
// made to resume after a failed apply.
func (f *Flow) AfterPlan(p *setup.Plan, retry bool) PlanNext {
	f.Plan = p
	f.pinFound(p)
	switch {
	case NothingToWrite(p):
		return PlanFinish
	case retry && f.consented:
		return PlanApply
	}
	return PlanConfirm
}

// pinFound keeps the existing primary key plan p found (the alias already
// names one, or it was given in step 2) as this session's key, as if the
// session had made it: going back to another Region then offers to keep it
// or to start over explicitly, never a second key set without a word, and
// the session file remembers it (WizardFoundKey) for a restart.
func (f *Flow) pinFound(p *setup.Plan) {
	if f.Pinned != "" || p == nil || len(p.Regions) == 0 {
		return
	}
	r := p.Regions[0]
	if r.Role != setup.RolePrimary || !r.Exists || r.ARN == "" {
		return
	}
	f.Pinned, f.PinnedAlias = r.ARN, p.Alias
	if !f.Dry {
		f.Sess.WizardFoundKey = r.ARN
	}
}

// ForgetOutcome forgets the outcome of the last apply: a new plan (not a
// retry) starts afresh.
func (f *Flow) ForgetOutcome() { f.Res = nil }

// NothingToWrite reports whether plan p (if any) writes nothing: a dry run,
// or a key set that is already as it should be.
func NothingToWrite(p *setup.Plan) bool { return p != nil && p.NothingToWrite() }

// Answer is what the user said to "apply these changes?" (the engine's
// setup.Answer: the rule on it is setup.MayWrite).
type Answer = setup.Answer

const (
	AnswerNone = setup.AnswerNone // no answer: the input ended, or nobody to ask
	AnswerYes  = setup.AnswerYes  // a typed yes (y or enter on the full-screen plan)
	AnswerNo   = setup.AnswerNo
)

// AsksConsent reports whether a write is asked for: not with --yes (the
// consent is given), and not where standard input is not a terminal (there
// is nobody to type yes: no write without --yes). The full-screen wizard
// always asks: its confirmation is a key pressed on the plan.
func (f *Flow) AsksConsent() bool { return !f.Cfg.Yes && f.Cfg.Interactive }

// MayWrite is the one rule for every write to AWS, a first apply or a
// retry: a typed yes, or --yes. End of input is never a yes, and without a
// terminal a write needs --yes. A dry run never writes. It returns nil when
// the plan may be applied, else why not.
func (f *Flow) MayWrite(a Answer) error {
	_, err := f.Consent(a)
	return err
}

// Consent applies setup.MayWrite to answer a: the decision (with what to
// say about it) and the wizard's error for it (nil: the write may go ahead).
func (f *Flow) Consent(a Answer) (setup.Consent, error) {
	c := setup.MayWrite(a, f.Cfg.Yes, f.Cfg.Interactive, f.Dry)
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
var errNoConsent error = &MsgError{ID: "err.noconsent"}

// TakeConsent is called by either face right before Apply: it refuses
// unless MayWrite agreed since the last write, and uses the consent up,
// so that every write (a retry too) is agreed to on its own.
func (f *Flow) TakeConsent() error {
	if !f.consented {
		return errNoConsent
	}
	f.consented = false
	return nil
}

// CheckKeyChoice refuses "use an existing key" without a key: it never
// turns into a new key.
func (f *Flow) CheckKeyChoice() error {
	if f.Mode == ModeExisting && f.Existing == "" {
		return errors.New(f.T("regions.existing.none"))
	}
	return nil
}

// RecordApply records the outcome of an apply (or the result of a plan
// with nothing to write) and reports whether the session should be saved.
func (f *Flow) RecordApply(res *setup.Result, err error) bool {
	f.Res, f.consented = res, false
	if f.Dry {
		return false
	}
	if res != nil {
		f.Wrote += res.WriteCalls // for the line said on ctrl+c (interrupted.go)
	}
	if res.NamesKey() {
		if f.Pinned == "" {
			f.Pinned, f.PinnedAlias = res.Keys[0].ARN, res.Alias
		}
		res.RecordRun(f.Sess, f.Run())
		// The session says whether the set is finished: the key step until
		// an apply succeeds (ExitSummary labels such a set incomplete).
		if err == nil {
			f.Sess.Step = (StepKey + 1).ID()
		} else {
			f.Sess.Step = StepKey.ID()
		}
		return true
	}
	return false
}

// ParseTags reads "K=V, K2=V2".
func ParseTags(s string) ([]zoom.Tag, error) {
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
			return nil, &MsgError{ID: "err.tag.reserved", Args: []any{t.Key}}
		}
		out = append(out, t)
	}
	return out, nil
}
