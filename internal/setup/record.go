package setup

import (
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/safe"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Record writes the outcome of a setup into the session: account, alias,
// Regions, ARNs and policy, every policy repaired (before and after), and
// the setup time when something changed (or none was known). Wizard progress and checklist ticks are left as they are.
func (r *Result) Record(s *state.Session, profile string, now time.Time) {
	s.AccountID, s.Partition, s.Alias, s.ZoomAccountID = r.AccountID, r.Partition, r.Alias, r.ZoomAccountID
	s.Profile = profile
	s.Replicas, s.Keys = nil, nil
	for _, k := range r.Keys {
		if k.Role == RolePrimary {
			s.PrimaryRegion = k.Region
		} else {
			s.Replicas = append(s.Replicas, k.Region)
		}
		s.Keys = append(s.Keys, state.Key{Region: k.Region, Role: k.Role, KeyID: k.KeyID, ARN: k.ARN})
	}
	for _, k := range r.Keys {
		if k.PolicyBefore == "" {
			continue
		}
		after, read := k.ReadPolicy, k.ReadPolicy != ""
		if !read {
			after = k.PolicyWritten
		}
		s.PolicyRepairs = append(s.PolicyRepairs, state.PolicyRepair{At: now.UTC().Truncate(time.Second), Region: k.Region,
			Role: k.Role, Before: k.PolicyBefore, After: after, ReadBack: read})
	}
	if r.PolicyDoc != "" {
		s.Policy = r.PolicyDoc
	}
	r.RecordAlerts(s, now)
	if s.SetupAt.IsZero() || r.Changed {
		s.SetupAt = now.UTC().Truncate(time.Second)
	}
}

// Run is what a face knows of a setup run beyond its result, for the
// change record: who ran it, with which tool, against which endpoint.
type Run struct {
	Profile     string // the AWS profile ("" = the default one)
	CallerARN   string // who ran it ("" keeps the session's)
	ToolVersion string // "" keeps the session's
	Endpoint    string // KMS's endpoint when it is not AWS itself ("" = AWS)
	At          time.Time
	// NewKeyDescription and NewKeyTags are what a key the run created was
	// given (the command line's --description and --tag; the wizard keeps
	// its own choices), for the runbook.
	NewKeyDescription string
	NewKeyTags        []zoom.Tag
}

// NamesKey reports whether r names the key set's primary key: then the
// session records it (RecordRun), after an apply that failed too.
func (r *Result) NamesKey() bool { return r != nil && len(r.Keys) > 0 && r.Keys[0].ARN != "" }

// RecordRun writes r into s as Record does, and for the runbook who ran
// the setup and where, and each Region's policy as read back. The calls
// made are recorded as they end (CallRecord). Both faces record a run
// with it.
func (r *Result) RecordRun(s *state.Session, run Run) {
	r.Record(s, run.Profile, run.At)
	if run.CallerARN != "" {
		s.CallerARN = run.CallerARN
	}
	if run.ToolVersion != "" {
		s.ToolVersion = run.ToolVersion
	}
	s.Endpoint = run.Endpoint
	for _, k := range r.Keys {
		if k.Role == RolePrimary && k.Created && (run.NewKeyDescription != "" || len(run.NewKeyTags) > 0) {
			s.WizardDescription, s.WizardTags = run.NewKeyDescription, nil
			for _, t := range run.NewKeyTags {
				s.WizardTags = append(s.WizardTags, t.Key+"="+t.Value)
			}
		}
	}
	for _, k := range r.Keys {
		if k.ReadPolicy == "" {
			continue
		}
		if s.ReadBack == nil {
			s.ReadBack = map[string]string{}
		}
		s.ReadBack[k.Region] = k.ReadPolicy
	}
}

// CallRecord is the change record's line for an AWS call of Apply that
// ended (done or failed) at the time at; ok is false for any other event.
func CallRecord(ev Event, at time.Time) (a state.Action, ok bool) {
	if ev.Status != StatusDone && ev.Status != StatusFailed {
		return state.Action{}, false
	}
	a = state.Action{At: at.UTC().Truncate(time.Second), Region: ev.Region, Action: ev.Action, Status: string(ev.Status), Detail: text(ev.Text)}
	if ev.Err != nil {
		a.Detail = safe.Redact(ev.Err.Error())
	}
	for _, l := range i18n.Langs() {
		if l == i18n.English || (ev.Text.ID == "" && ev.Err == nil) {
			continue
		}
		p := i18n.NewPrinter(l)
		d := p.M(ev.Text)
		if ev.Err != nil {
			d = safe.Redact(p.Err(ev.Err))
		}
		if a.Details == nil {
			a.Details = map[string]string{}
		}
		a.Details[string(l)] = d
	}
	return a, true
}
