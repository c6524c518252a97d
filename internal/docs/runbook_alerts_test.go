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

// A session with tamper alerts: the checklist of the runbook and of
// `zcmk-tui checklist` (KeyListFor) asks to confirm each subscription, and
// the support ticket says the alerts are set up; a session without them
// has neither.
func TestChecklistAndTicketKnowTheAlerts(t *testing.T) {
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	arn := func(r string) string {
		return "arn:aws:kms:" + r + ":111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	}
	s := &state.Session{AccountID: "111122223333", Partition: "aws", Alias: "alias/zoom-cmk", PrimaryRegion: "us-east-1",
		Replicas: []string{"us-west-2"},
		Keys: []state.Key{{Region: "us-east-1", Role: state.RolePrimary, KeyID: "mrk-1234abcd12ab34cd56ef1234567890ab", ARN: arn("us-east-1")},
			{Region: "us-west-2", Role: state.RoleReplica, KeyID: "mrk-1234abcd12ab34cd56ef1234567890ab", ARN: arn("us-west-2")}},
		Alerts: &state.Alerts{Name: "zcmk-tui-alerts-zoom-cmk", Regions: []string{"us-east-1", "us-west-2"}, Emails: []string{"sec@example.com"}, At: at}}
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		cat := CatalogueFor(lang)
		if kl := KeyListFor(cat, s); len(kl.Alerts.Emails) != 1 || len(kl.Alerts.Regions) != 2 {
			t.Errorf("%s: the key list's alerts %+v", lang, kl.Alerts)
		}
		doc := Runbook(cat, Record{Session: s, Now: at})
		ticket := Ticket(cat.Printer(), cat, Record{Session: s, Now: at})
		confirm := cat.Printer().T("zoom.checklist.alert-confirm.title")
		if !strings.Contains(doc, confirm) || strings.Count(doc, "- [ ] sec@example.com: ") != 2 {
			t.Errorf("%s: the runbook's checklist does not ask to confirm both subscriptions:\n%s", lang, doc)
		}
		if !strings.Contains(ticket, "zcmk-tui-alerts-zoom-cmk") || !strings.Contains(ticket, "sec@example.com") {
			t.Errorf("%s: the ticket does not name the alerts:\n%s", lang, ticket)
		}
	}
	s.Alerts = nil
	if doc, ticket := Runbook(English, Record{Session: s, Now: at}), Ticket(English.Printer(), English, Record{Session: s, Now: at}); strings.Contains(doc+ticket, "tamper-alert") || strings.Contains(ticket, "tamper alerts") {
		t.Errorf("a session without alerts names them:\n%s\n%s", doc, ticket)
	}
}
