package ui

import (
	"strings"

	"github.com/zcmk/zcmk-tui/internal/state"
)

// ExitSummary is what the wizard prints to stdout when it ends: the key ARNs
// (each on a line of its own, so the terminal never breaks one) and where the
// session is kept. It is empty when there is nothing to say.
func ExitSummary(cat Catalogue, s *state.Session, statePath string, dry bool) string {
	if cat == nil {
		cat = English
	}
	if dry {
		return cat.T("exit.dry") + "\n"
	}
	if s == nil {
		return ""
	}
	var b strings.Builder
	for _, k := range s.Keys {
		if k.ARN == "" {
			continue
		}
		if b.Len() == 0 {
			b.WriteString(cat.T("exit.arns") + "\n")
		}
		b.WriteString(cat.T("exit.key", cat.T("role."+k.Role), k.Region) + "\n" + k.ARN + "\n")
	}
	if statePath != "" && (b.Len() > 0 || s.Step != "") {
		b.WriteString(cat.T("exit.session", statePath) + "\n")
	}
	return b.String()
}
