// The accessible face's prompts: asking a question, consent to a write, saving.

package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

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
			err = a.endOfInput()
		}
	}()
	err = huh.NewForm(g).WithAccessible(true).WithShowHelp(false).WithInput(a.in).WithOutput(a.out).Run()
	switch {
	case a.ctx.Err() != nil:
		return ErrAborted
	case a.in.ended:
		return a.endOfInput()
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

func (a *plain) save() {
	if !a.f.Saves() {
		return
	}
	if err := state.Save(a.f.Cfg.StatePath, cloneSession(a.f.Sess)); err != nil {
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

// consent asks before plan p is applied, where the flow asks (a typed yes:
// the question defaults to no, and end of input is never a yes), and
// applies the flow's rule to the answer: --yes writes without asking, and
// without a terminal nothing is written (ErrNeedsYes).
func (a *plain) consent(p *setup.Plan) error {
	return a.consentTo(a.r.tn("plan.confirm", p.Changes(), p.AccountID))
}

// consentTo is consent with the question q (the key's plan, the alerts').
func (a *plain) consentTo(q string) error {
	ans := flow.AnswerNone
	if a.f.AsksConsent() {
		ok, err := a.askYes(q+" "+a.t("plan.confirm.typed"), "", false)
		if err != nil && !errors.Is(err, ErrEndOfInput) {
			return err
		}
		if err == nil {
			ans = answerOf(ok)
		}
		// At end of input the question's own error says at which step.
		c, why := a.f.Consent(ans)
		a.sayConsent(c)
		if err != nil {
			return err
		}
		return why
	}
	c, why := a.f.Consent(ans)
	a.sayConsent(c)
	return why
}

// sayConsent says the decision on a write, as the command line says it.
func (a *plain) sayConsent(c setup.Consent) {
	if c.Say.ID != "" {
		a.say("%s", a.r.p().M(c.Say))
	}
}

func answerOf(yes bool) flow.Answer {
	if yes {
		return flow.AnswerYes
	}
	return flow.AnswerNo
}

// pause waits for enter, so the text above can be read first.
func (a *plain) pause() error {
	_, err := a.askYes(a.t("plain.continue", a.r.stepName(min(a.step+1, flow.NumSteps-1))), "", true)
	return err
}

// endOfInput is the end of the input at the step being asked.
func (a *plain) endOfInput() error {
	return &endOfInput{step: fmt.Sprintf("%d (%s)", int(a.step)+1, a.r.stepName(a.step))}
}
