package flow

import (
	"slices"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The tamper alerts' decisions, with no terminal in them: when the wizard
// offers the alerts, with which options, how many confirmation e-mails
// they bring, what an apply records; and the operator's IAM policy of step
// 1. The offer on each face is in internal/ui/alerts.go.

// AlertsWanted reports whether the alerts should be offered: addresses
// saved, a key set made (not a dry run), and not every address already
// covered by alerts in every Region of the set.
func (f *Flow) AlertsWanted() bool {
	s := f.Sess
	if f.Dry || f.Offline || len(s.AlertEmails) == 0 || s.PrimaryARN() == "" {
		return false
	}
	if s.Alerts == nil {
		return true
	}
	for _, e := range s.AlertEmails {
		if !slices.ContainsFunc(s.Alerts.Emails, func(x string) bool { return strings.EqualFold(x, e) }) {
			return true
		}
	}
	regions := append([]string{s.PrimaryRegion}, s.Replicas...)
	return slices.ContainsFunc(regions, func(r string) bool { return !slices.Contains(s.Alerts.Regions, r) })
}

// AlertsOptions are the key set's options with the saved addresses.
func (f *Flow) AlertsOptions() (setup.Options, error) {
	o, err := f.Options()
	o.AlertEmails = slices.Clone(f.Sess.AlertEmails)
	o.Lang = f.Cat.Lang() // the alert e-mail in the language the wizard speaks now
	return o, err
}

// AlertMails is the number of confirmation e-mails the alerts bring: one
// per address and Region of the key set.
func (f *Flow) AlertMails() int { return len(f.Sess.AlertEmails) * (1 + len(f.Sess.Replicas)) }

// RecordAlerts records in the session the alerts an apply set up (or
// kept), and reports whether the session should be saved.
func (f *Flow) RecordAlerts(res *setup.Result) bool {
	if res == nil || f.Dry {
		return false
	}
	f.Wrote += res.WriteCalls // for the line said on ctrl+c (interrupted.go)
	res.RecordAlerts(f.Sess, f.Cfg.Now())
	return f.Saves()
}

// OperatorPolicy is the IAM policy for the account of the credentials, or
// for ACCOUNT_ID when it is not known yet.
func (f *Flow) OperatorPolicy() string {
	account, partition := "ACCOUNT_ID", "aws"
	if id := f.Checks.ID; f.Checks.IDDone && f.Checks.IDErr == nil && id.AccountID != "" {
		account, partition = id.AccountID, id.Partition
	}
	doc, _ := setup.OperatorPolicy(partition, account)
	return doc
}

// Checklist is the portal checklist's items: the portal's steps, then the
// confirmation of the alert subscriptions once the alerts are set up.
func (f *Flow) Checklist() []zoom.Step { return zoom.Checklist(docs.AlertsOf(f.Sess)) }
