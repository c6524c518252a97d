package ui

import (
	"strings"

	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// An incomplete key set (IncompleteSet, summary.go) is never presented as
// the ARNs to paste: every face that would list them (the exit summary,
// the ARNs step, the Zoom-portal step, the support ticket, the runbook,
// `zcmk-tui checklist` and `runbook`) says instead, in the exit summary's
// words, that the set is INCOMPLETE, the command that finishes it, and
// what exists.

// incompleteNote is the exit summary's note on s's incomplete set: the
// headline, the setup command that finishes it, alt (another way to
// finish it; "" for none) and, with exists, each key of the set with its
// ARN or "(not created yet)". A command is indented by two spaces, an ARN
// is alone on its line: both are kept whole.
func incompleteNote(cat Catalogue, s *state.Session, alt string, exists bool) []string {
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
	var kl zoom.KeyList
	for _, k := range sessionKeysPrimaryFirst(s) {
		if k.ARN != "" {
			kl.ARNs = append(kl.ARNs, k.ARN)
		}
	}
	if IncompleteSet(s) {
		kl.Incomplete = incompleteNote(cat, s, alt, exists)
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

// incomplete reports whether the wizard's key set is incomplete (never in
// a dry run: it has no key).
func (f *flow) incomplete() bool { return !f.dry && IncompleteSet(f.sess) }

// keyList is the wizard's key set for the ticket and the runbook's
// checklist, in the language of c: alt and exists as incompleteNote.
func (f *flow) keyList(c Catalogue, alt string, exists bool) zoom.KeyList {
	if f.incomplete() {
		return keyListOf(c, f.sess, alt, exists)
	}
	return zoom.KeyList{ARNs: f.arnList()}
}

// incompleteView is the note on an incomplete set on the ARNs and the
// Zoom-portal steps: the headline as a warning, the finishing command,
// going back to step 3 as the other way, and what exists. Nothing runs
// off the screen: the command breaks at spaces under itself, an ARN
// wider than the screen after its last ":" or "/" that fits.
func (m *painter) incompleteView(w int) string {
	var b strings.Builder
	for i, l := range incompleteNote(m.f.cat, m.f.sess, m.t("incomplete.back"), true) {
		switch {
		case i == 0:
			b.WriteString(m.st.bad.Render(m.wrap("✗ "+l, w)))
		case strings.HasPrefix(l, "  "):
			b.WriteString(hangText(wrapWords(strings.TrimLeft(l, " "), max(w-2, 10)), "  "))
		case strings.HasPrefix(l, "arn:"):
			b.WriteString(m.st.arn.Render(wrapWords(l, max(w, 10))))
		default:
			b.WriteString(strings.TrimRight(m.wrap(l, w), " "))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// hangText indents every line of s by lead.
func hangText(s, lead string) string {
	return lead + strings.ReplaceAll(s, "\n", "\n"+lead)
}
