package ui

import (
	"slices"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/setup"
)

// The tamper alerts' decisions, with no terminal in them: when the wizard
// offers the alerts, with which options, how many confirmation e-mails
// they bring, what an apply records; and the operator's IAM policy of step
// 1. The offer on each face is in alerts.go.

// alertsWanted reports whether the alerts should be offered: addresses
// saved, a key set made (not a dry run), and not every address already
// covered by alerts in every Region of the set.
func (f *flow) alertsWanted() bool {
	s := f.sess
	if f.dry || f.offline || len(s.AlertEmails) == 0 || s.PrimaryARN() == "" {
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

// alertsOptions are the key set's options with the saved addresses.
func (f *flow) alertsOptions() (setup.Options, error) {
	o, err := f.options()
	o.AlertEmails = slices.Clone(f.sess.AlertEmails)
	o.Lang = f.cat.Lang() // the alert e-mail in the language the wizard speaks now
	return o, err
}

// alertMails is the number of confirmation e-mails the alerts bring: one
// per address and Region of the key set.
func (f *flow) alertMails() int { return len(f.sess.AlertEmails) * (1 + len(f.sess.Replicas)) }

// recordAlerts records in the session the alerts an apply set up (or
// kept), and reports whether the session should be saved.
func (f *flow) recordAlerts(res *setup.Result) bool {
	if res == nil || f.dry {
		return false
	}
	f.wrote += res.WriteCalls // for the line said on ctrl+c (interrupted.go)
	res.RecordAlerts(f.sess, f.cfg.Now())
	return f.saves()
}

// operatorPolicy is the IAM policy for the account of the credentials, or
// for ACCOUNT_ID when it is not known yet.
func (f *flow) operatorPolicy() string {
	account, partition := "ACCOUNT_ID", "aws"
	if id := f.checks.id; f.checks.idDone && f.checks.idErr == nil && id.AccountID != "" {
		account, partition = id.AccountID, id.Partition
	}
	doc, _ := setup.OperatorPolicy(partition, account)
	return doc
}
