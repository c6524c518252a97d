package flow

import (
	"errors"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/setup"
)

// The one rule for a write, as both faces apply it: a typed yes or --yes;
// end of input is never a yes; without a terminal, --yes or nothing.
func TestFlowConsentRule(t *testing.T) {
	for _, tc := range []struct {
		name             string
		yes, interactive bool
		a                Answer
		want             error
	}{
		{"typed yes in a terminal", false, true, AnswerYes, nil},
		{"no in a terminal", false, true, AnswerNo, ErrAborted},
		{"end of input in a terminal", false, true, AnswerNone, ErrEndOfInput},
		{"no terminal, no --yes", false, false, AnswerNone, ErrNeedsYes},
		{"--yes without a terminal", true, false, AnswerNone, nil},
		{"--yes in a terminal", true, true, AnswerNone, nil},
	} {
		f := New(Config{Catalogue: English, Yes: tc.yes, Interactive: tc.interactive})
		err := f.MayWrite(tc.a)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: mayWrite = %v, want %v", tc.name, err, tc.want)
		}
		if got := f.TakeConsent(); (got == nil) != (tc.want == nil) {
			t.Errorf("%s: takeConsent = %v after mayWrite %v", tc.name, got, err)
		}
		if f.TakeConsent() == nil {
			t.Errorf("%s: one consent allowed two writes", tc.name)
		}
	}
	f := New(Config{Catalogue: English, Yes: true, DryRun: true})
	if f.MayWrite(AnswerYes) == nil || f.TakeConsent() == nil {
		t.Error("a dry run may write")
	}
}

// A plan made to resume after a failed write is applied at once only when
// the retry was agreed to; else it goes to the confirmation like any plan.
func TestFlowRetryPlanNeedsItsOwnConsent(t *testing.T) {
	f := New(Config{Catalogue: English, Interactive: true})
	p := setup.OfflinePlan(setup.Options{Region: "us-east-1", AccountID: "111122223333"})
	p.DryRun = false
	if got := f.AfterPlan(p, true); got != PlanConfirm {
		t.Errorf("a retry plan without consent: %v, want the confirmation", got)
	}
	if err := f.MayWrite(AnswerYes); err != nil {
		t.Fatal(err)
	}
	if got := f.AfterPlan(p, true); got != PlanApply {
		t.Errorf("a retry plan with consent: %v, want apply", got)
	}
	f.RecordApply(nil, errors.New("failed"))
	if f.TakeConsent() == nil {
		t.Error("the consent outlived the write it was for")
	}
}
