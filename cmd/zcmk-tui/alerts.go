package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
)

// printAlertsPlan says, after the Regions, whether each Region's trail will
// let the alerts arrive, and how many confirmation e-mails to expect.
func printAlertsPlan(w io.Writer, pr *i18n.Printer, p *setup.Plan) {
	if len(p.Alerts) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, pr.T("cli.plan.alerts", p.Alerts[0].Rule))
	subs := 0
	for _, a := range p.Alerts {
		for _, n := range a.Notes() {
			printWrapped(w, pr, "  "+a.Region+": ", pr.M(n))
		}
		for _, act := range p.Regions {
			if act.Region == a.Region {
				for _, x := range act.Actions {
					if x.Kind == setup.ActAlertSubscribe {
						subs++
					}
				}
			}
		}
	}
	if subs > 0 {
		fmt.Fprint(w, pr.T("cli.plan.alerts.confirm", subs))
	}
}

// doneBefore lists the writes this run completed before it stopped ("" when
// none), for an AccessDenied: what was already done.
func doneBefore(pr *i18n.Printer, calls []awsx.Call) string {
	var done []string
	for _, c := range calls {
		if c.Write && !c.Err {
			s := pr.T("cli.setup.call-in", c.Operation, c.Region)
			if !slices.Contains(done, s) {
				done = append(done, s)
			}
		}
	}
	if len(done) == 0 {
		return pr.T("cli.denied.nothing-done")
	}
	return pr.T("cli.denied.done", strings.Join(done, ", "))
}
