package docs

import (
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// An incomplete key set (IncompleteSet, summary.go) is never presented as
// the ARNs to paste: every face that would list them (the exit summary,
// the ARNs step, the Zoom-portal step, the support ticket, the runbook,
// `zcmk-tui checklist` and `runbook`) says instead, in the exit summary's
// words, that the set is INCOMPLETE, the command that finishes it, and
// what exists.

// IncompleteNote is the exit summary's note on s's incomplete set: the
// headline, the setup command that finishes it, alt (another way to
// finish it; "" for none) and, with exists, each key of the set with its
// ARN or "(not created yet)". A command is indented by two spaces, an ARN
// is alone on its line: both are kept whole.
func IncompleteNote(cat Catalogue, s *state.Session, alt string, exists bool) []string {
	out := []string{cat.T("exit.incomplete"), cat.T("exit.finish"), "  " + FinishCommand(s)}
	if alt != "" {
		out = append(out, alt)
	}
	if !exists {
		return out
	}
	out = append(out, cat.T("exit.exists"))
	for _, k := range s.Keys {
		out = append(out, cat.T("exit.key", cat.T("role."+k.Role), k.Region))
		if k.ARN == "" {
			out = append(out, cat.T("exit.missing"))
		} else {
			out = append(out, k.ARN)
		}
	}
	return out
}

// KeyListFor is s's key set as the checklist and the support ticket name
// it, in cat's language: its ARNs, primary first, or for an incomplete set
// the exit summary's note in their place (with what exists).
func KeyListFor(cat Catalogue, s *state.Session) zoom.KeyList {
	return keyListOf(cat, s, cat.T("exit.finish.alt"), true)
}

func keyListOf(cat Catalogue, s *state.Session, alt string, exists bool) zoom.KeyList {
	if s == nil {
		return zoom.KeyList{}
	}
	kl := zoom.KeyList{Practice: s.Practice, Alerts: AlertsOf(s)}
	kl.ARNs = state.ARNs(sessionKeysPrimaryFirst(s))
	if IncompleteSet(s) {
		kl.Incomplete = IncompleteNote(cat, s, alt, exists)
	}
	return kl
}

// sessionKeysPrimaryFirst are s's keys, the primary first.
func sessionKeysPrimaryFirst(s *state.Session) []state.Key {
	var out []state.Key
	for _, k := range s.Keys {
		if k.Role == state.RolePrimary {
			out = append([]state.Key{k}, out...)
		} else {
			out = append(out, k)
		}
	}
	return out
}

// incomplete reports whether the record's key set is incomplete (never in
// a dry run: it has no key).
func (f *writer) incomplete() bool { return !f.dry && IncompleteSet(f.sess) }

// keyList is the record's key set for the ticket and the runbook's
// checklist, in the language of c: alt and exists as IncompleteNote.
func (f *writer) keyList(c Catalogue, alt string, exists bool) zoom.KeyList {
	if f.incomplete() {
		return keyListOf(c, f.sess, alt, exists)
	}
	return zoom.KeyList{ARNs: f.arnList(), Practice: f.sess.Practice, Alerts: AlertsOf(f.sess)}
}

// AlertsOf is the tamper alerts setup made for s (none when it made none).
func AlertsOf(s *state.Session) zoom.AlertRecipients {
	if s.Alerts == nil {
		return zoom.AlertRecipients{}
	}
	return zoom.AlertRecipients{Name: s.Alerts.Name, Regions: s.Alerts.Regions, Emails: s.Alerts.Emails}
}
