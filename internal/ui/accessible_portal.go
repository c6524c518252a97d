// The accessible face's last step: the Zoom web-portal checklist, and the
// verify it offers.

package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

func (a *plain) portal() error {
	f := a.f
	a.header(flow.StepPortal)
	f.StartChecklist()
	for i, it := range f.Checklist() {
		on, err := a.askYes(fmt.Sprintf("%d. %s", i+1, a.r.p().M(it.Title)), a.r.itemDetail(it), f.Sess.Ticks[it.ID])
		if err != nil {
			return err
		}
		if on != f.Sess.Ticks[it.ID] {
			f.SetTick(it.ID, on)
		}
		switch it.ID {
		case zoom.StepAlertEmails:
			list := strings.Join(f.Sess.AlertEmails, ", ")
			if err := a.askGroup(a.r.emailsGroup(&list)); err != nil {
				return err
			}
			f.SetEmails(list)
			a.save()
			if err := a.offerAlerts(); err != nil { // the tamper alerts for the same addresses (alerts.go)
				return err
			}
		case zoom.StepDataTypes:
			if !on {
				break // "n": not chosen yet; the checklist keeps it open
			}
			ids := slices.Clone(f.Sess.DataTypes)
			if err := a.askTicks(a.r.dataTypesGroup(&ids)); err != nil {
				return err
			}
			f.SetDataTypes(ids)
		case zoom.StepGroupScope:
			if !on {
				break // "n": no ticket to Zoom support (yet)
			}
			if err := a.ticketInfo(); err != nil {
				return err
			}
			// The full screen's title says its keys (c, esc); here the text
			// is set apart by lines.
			a.say("%s\n%s\n%s%s", a.t("portal.ticket.title.plain"), ticketRule, f.TicketIn(a.r.p()), ticketRule)
		}
		a.save()
	}
	export, err := a.askYes(a.t("plain.runbook"), "", true)
	if err != nil {
		return err
	}
	if export {
		path, mode, err := a.runbookPlace()
		if err != nil {
			return err
		}
		path, err = docs.WriteRunbookAs(path, f.Runbook(), mode)
		if err != nil {
			a.say("✗ %s", a.t("portal.export.failed", err))
		} else {
			f.RecordRunbook(path)
			a.say("✓ %s", a.t("portal.export.done", path))
		}
	}
	a.save()
	if err := a.verify(); err != nil {
		return err
	}
	if err := a.drill(); err != nil {
		return err
	}
	return a.codeExport()
}

// ticketRule sets the support ticket apart from the questions around it.
const ticketRule = "----------------------------------------"

// ticketInfo asks for the Zoom account number and the user groups the
// support ticket names, as the ticket's e does on the full screen: the same
// fields and checks, one at a time after its description; enter leaves an
// answer out (or keeps the one saved). They are saved in the session only
// when both were read.
func (a *plain) ticketInfo() error {
	f := a.f
	account, groups := f.Sess.ZoomAccountNumber, f.Sess.TicketGroups
	a.say("%s", a.t("portal.ticketinfo.plain"))
	for _, q := range []struct {
		desc  string
		value *string
		field *huh.Input
	}{
		{a.t("portal.ticketinfo.account.desc"), &account, a.r.ticketAccountField(&account)},
		{a.t("portal.ticketinfo.groups.desc"), &groups, a.r.ticketGroupsField(&groups)},
	} {
		desc := q.desc
		if *q.value != "" {
			desc += " " + a.t("plain.default", *q.value)
		}
		a.say("%s", desc)
		if err := a.ask(q.field); err != nil {
			return err
		}
	}
	f.SetTicketInfo(account, groups)
	return nil
}

// verify offers "verify now": the read-only health check of the key set,
// printed as the same table as 'zcmk-tui verify'.
func (a *plain) verify() error {
	if !a.f.CanVerify() {
		a.say("%s", a.t("portal.verify.dry"))
		return nil
	}
	check, err := a.askYes(a.t("portal.verify.ask"), "", true)
	if err != nil || !check {
		return err
	}
	a.say("%s", a.t("portal.verify.running"))
	rep, err := a.eng.Verify(a.ctx, a.f.VerifyOptions())
	if a.ctx.Err() != nil {
		return ErrAborted
	}
	a.f.NoteVerify(rep, err)
	a.save()
	if err != nil {
		a.say("%s\n%s", a.t("portal.verify.failed"), a.errText(err))
		return nil
	}
	var b strings.Builder
	setup.RenderVerifyIn(&b, a.r.p(), rep, a.r.wrapW)
	a.say("%s", strings.TrimRight(b.String(), "\n"))
	return nil
}
