package docs

import (
	"slices"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// ExitSummary is what the wizard prints to stdout when it ends: the key ARNs
// (each on a line of its own, so the terminal never breaks one) and where the
// session is kept. It is empty when there is nothing to say. A key set whose
// setup was cut short (the session is still at the key step, or a Region has
// no key yet) is never listed as the ARNs to paste: it is labelled
// incomplete, with what exists and the command that finishes it.
func ExitSummary(cat Catalogue, s *state.Session, statePath string, dry bool) string {
	if dry {
		return cat.T("exit.dry") + "\n"
	}
	if s == nil {
		return ""
	}
	var b strings.Builder
	if s.Practice && len(state.ARNs(s.Keys)) > 0 {
		b.WriteString(cat.T("practice.exit") + "\n") // of the keys listed below
	}
	if IncompleteSet(s) {
		for _, l := range IncompleteNote(cat, s, cat.T("exit.finish.alt"), true) {
			b.WriteString(l + "\n")
		}
	} else {
		listed := false
		for _, k := range s.Keys {
			if k.ARN == "" {
				continue
			}
			if !listed {
				b.WriteString(cat.T("exit.arns") + "\n")
				listed = true
			}
			b.WriteString(cat.T("exit.key", cat.T("role."+k.Role), k.Region) + "\n" + k.ARN + "\n")
		}
	}
	// Every runbook written (M writes one in the other language too), not
	// only the last.
	paths := s.RunbookPaths
	if s.RunbookPath != "" && !slices.Contains(paths, s.RunbookPath) {
		paths = append(slices.Clone(paths), s.RunbookPath)
	}
	switch {
	case len(paths) == 1:
		b.WriteString(cat.T("exit.runbook") + "\n" + paths[0] + "\n")
	case len(paths) > 1:
		b.WriteString(cat.T("exit.runbooks") + "\n" + strings.Join(paths, "\n") + "\n")
	}
	if statePath != "" && (b.Len() > 0 || s.Step != "") {
		b.WriteString(cat.T("exit.session", statePath) + "\n")
	}
	return b.String()
}

// KeyStep is the wizard's key step as the session names it (state.Session.Step).
const KeyStep = "key"

// IncompleteSet reports whether s holds keys of a setup that did not finish:
// the wizard keeps the session at the key step until an apply succeeds, and
// a Region the setup never reached has no ARN (a session edited by hand may
// lack one too). It is the one notion of an incomplete set: the exit
// summary, the wizard's ARNs and checklist steps, the ticket, the runbook
// and the checklist command all label such a set incomplete
// (incomplete.go), never list it as the ARNs to paste.
func IncompleteSet(s *state.Session) bool {
	if s == nil || len(s.Keys) == 0 {
		return false
	}
	if s.Step == KeyStep {
		return true
	}
	have := map[string]bool{}
	for _, k := range s.Keys {
		if k.ARN == "" {
			return true
		}
		have[k.Region] = true
	}
	if s.PrimaryRegion != "" && !have[s.PrimaryRegion] {
		return true
	}
	for _, r := range s.Replicas {
		if !have[r] {
			return true
		}
	}
	return false
}

// FinishCommand is the setup command that finishes the session's key set:
// it finds the key (by its alias, its tag or the ARN given) and does only
// what is left.
func FinishCommand(s *state.Session) string {
	cmd := "zcmk-tui setup"
	if s.Profile != "" {
		cmd += " --profile " + s.Profile
	}
	cmd += " --region " + s.PrimaryRegion
	if len(s.Replicas) > 0 {
		cmd += " --replica-region " + strings.Join(s.Replicas, ",")
	}
	if s.Alias != "" && s.Alias != zoom.DefaultAlias {
		cmd += " --alias " + s.Alias
	}
	switch {
	case s.WizardExistingKey != "":
		cmd += " --key " + s.WizardExistingKey
	case s.PrimaryARN() != "":
		cmd += " --key " + s.PrimaryARN()
	}
	if s.WizardNoRotation {
		cmd += " --no-rotation"
	}
	if s.ZoomAccountID != "" && s.ZoomAccountID != zoom.ZoomAccountID {
		cmd += " --zoom-account-id " + s.ZoomAccountID
	}
	return cmd
}
