package ui

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
		a                answer
		want             error
	}{
		{"typed yes in a terminal", false, true, answerYes, nil},
		{"no in a terminal", false, true, answerNo, ErrAborted},
		{"end of input in a terminal", false, true, answerNone, ErrEndOfInput},
		{"no terminal, no --yes", false, false, answerNone, ErrNeedsYes},
		{"--yes without a terminal", true, false, answerNone, nil},
		{"--yes in a terminal", true, true, answerNone, nil},
	} {
		f := newFlow(Config{Catalogue: English, Yes: tc.yes, Interactive: tc.interactive})
		err := f.mayWrite(tc.a)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: mayWrite = %v, want %v", tc.name, err, tc.want)
		}
		if got := f.takeConsent(); (got == nil) != (tc.want == nil) {
			t.Errorf("%s: takeConsent = %v after mayWrite %v", tc.name, got, err)
		}
		if f.takeConsent() == nil {
			t.Errorf("%s: one consent allowed two writes", tc.name)
		}
	}
	f := newFlow(Config{Catalogue: English, Yes: true, DryRun: true})
	if f.mayWrite(answerYes) == nil || f.takeConsent() == nil {
		t.Error("a dry run may write")
	}
}

// A plan made to resume after a failed write is applied at once only when
// the retry was agreed to; else it goes to the confirmation like any plan.
func TestFlowRetryPlanNeedsItsOwnConsent(t *testing.T) {
	f := newFlow(Config{Catalogue: English, Interactive: true})
	p := setup.OfflinePlan(setup.Options{Region: "us-east-1", AccountID: "111122223333"})
	p.DryRun = false
	if got := f.afterPlan(p, true); got != planConfirm {
		t.Errorf("a retry plan without consent: %v, want the confirmation", got)
	}
	if err := f.mayWrite(answerYes); err != nil {
		t.Fatal(err)
	}
	if got := f.afterPlan(p, true); got != planApply {
		t.Errorf("a retry plan with consent: %v, want apply", got)
	}
	f.recordApply(nil, errors.New("failed"))
	if f.takeConsent() == nil {
		t.Error("the consent outlived the write it was for")
	}
}
