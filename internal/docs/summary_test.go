package docs

import (
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// The practice warning of the exit summary is about the keys it lists: a
// practice run stopped before any key was made says nothing of keys.
func TestExitSummaryWarnsOfPracticeKeysOnlyWithKeys(t *testing.T) {
	cat := CatalogueFor(i18n.English)
	warn := cat.T("practice.exit")
	s := &state.Session{Version: 1, Practice: true, Step: "key"}
	if got := ExitSummary(cat, s, "/tmp/practice-session.json", false); strings.Contains(got, warn) {
		t.Errorf("no key was made, yet:\n%s", got)
	}
	s.Step = "portal"
	s.Keys = []state.Key{{Region: "us-east-1", Role: "primary", ARN: "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"}}
	if got := ExitSummary(cat, s, "/tmp/practice-session.json", false); !strings.Contains(got, warn) {
		t.Errorf("practice keys listed without the warning:\n%s", got)
	}
}
