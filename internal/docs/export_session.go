package docs

import (
	"slices"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// ExportKeys are the session's keys, the primary first (the order the
// export and the refresh take them in).
func ExportKeys(s *state.Session) []state.Key {
	keys := slices.Clone(s.Keys)
	slices.SortStableFunc(keys, func(a, b state.Key) int { return primaryFirst(a.Role, b.Role) })
	return keys
}

func primaryFirst(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == state.RolePrimary:
		return -1
	case b == state.RolePrimary:
		return 1
	}
	return 0
}

// ExportAlias is the session's alias (the default one when it has none).
func ExportAlias(s *state.Session) string {
	if s.Alias == "" {
		return zoom.DefaultAlias
	}
	return s.Alias
}

// SessionInput is the export's input for the session s with facts (from
// the engine's refresh, or from the session alone), in language lang.
func SessionInput(s *state.Session, facts []KeyFacts, lang i18n.Lang) ExportInput {
	in := ExportInput{Lang: lang, Partition: s.Partition, AccountID: s.AccountID, ZoomAccountID: s.ZoomAccountID, Alias: ExportAlias(s), Practice: s.Practice}
	in.Keys = slices.Clone(facts)
	slices.SortStableFunc(in.Keys, func(a, b KeyFacts) int { return primaryFirst(a.Role, b.Role) })
	return in
}
