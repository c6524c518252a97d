package docs

import (
	"strings"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// The runbook names what the tamper alerts created in each Region, for
// whom, the trail prerequisite and how to remove them; the alert actions of
// the history have names in both languages.
func TestRunbookAlerts(t *testing.T) {
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	s := &state.Session{AccountID: "111122223333", Partition: "aws", Alias: "alias/zoom-cmk", PrimaryRegion: "us-east-1",
		Replicas: []string{"us-west-2"},
		Alerts:   &state.Alerts{Name: "zcmk-tui-alerts-zoom-cmk", Regions: []string{"us-east-1", "us-west-2"}, Emails: []string{"sec@example.com"}, At: at},
		History:  []state.Action{{At: at, Region: "us-west-2", Action: "alert-rule", Status: "done"}, {At: at, Region: "us-west-2", Action: "alert-subscribe", Status: "done"}}}
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		doc := Runbook(CatalogueFor(lang), Record{Session: s, Now: at})
		for _, want := range []string{"arn:aws:events:us-west-2:111122223333:rule/zcmk-tui-alerts-zoom-cmk",
			"arn:aws:sns:us-east-1:111122223333:zcmk-tui-alerts-zoom-cmk", "sec@example.com",
			"aws events delete-rule --name zcmk-tui-alerts-zoom-cmk --region us-west-2", "aws sns delete-topic", "DisableKey", "CloudTrail"} {
			if !strings.Contains(doc, want) {
				t.Errorf("%s: runbook lacks %q", lang, want)
			}
		}
		if strings.Contains(doc, "!ui.") {
			t.Errorf("%s: a message is missing from the catalogue:\n%s", lang, doc)
		}
	}
	s.Alerts = nil
	if doc := Runbook(English, Record{Session: s, Now: at}); strings.Contains(doc, "Tamper alerts") {
		t.Error("a session without alerts has an alerts section")
	}
}
