package zoom

import (
	"os"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// goldenAlerts are the tamper alerts of the golden key set.
var goldenAlerts = AlertRecipients{Name: "zcmk-tui-alerts-zoom-cmk", Regions: []string{"ap-northeast-1", "ap-northeast-3", "us-west-2"},
	Emails: []string{"sec@example.com", "ops@example.com"}}

// With tamper alerts the checklist has an item to confirm each
// subscription (one line per address per Region) and the ticket says the
// alerts are set up (rule, Regions, recipients), in English and Japanese;
// without them both read as before (the goldens of TestEnglishRenderingsUnchanged).
func TestChecklistAndTicketNameTheAlerts(t *testing.T) {
	keys := KeyList{ARNs: goldenARNs, Alerts: goldenAlerts}
	ticks := map[string]bool{StepPasteARNs: true, StepAlertConfirm: true}
	for _, c := range []struct {
		file string
		got  func() (string, error)
	}{
		{"checklist-alerts.en.txt", func() (string, error) { return RenderChecklistKeys(english, "text", keys, ticks) }},
		{"checklist-alerts.en.md", func() (string, error) { return RenderChecklistKeys(english, "markdown", keys, nil) }},
		{"checklist-alerts.ja.md", func() (string, error) {
			return RenderChecklistKeys(i18n.NewPrinter(i18n.Japanese), "markdown", keys, nil)
		}},
		{"ticket-alerts.en.txt", func() (string, error) {
			return RenderSupportTicketKeys(english, "12345678", "", keys, "Legal, HR"), nil
		}},
		{"ticket-alerts.ja.txt", func() (string, error) {
			return RenderSupportTicketKeys(i18n.NewPrinter(i18n.Japanese), "12345678", "", keys, "Legal, HR"), nil
		}},
	} {
		got, err := c.got()
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile("testdata/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s:\n%s", c.file, got)
		}
		n := 0
		for _, line := range strings.Split(got, "\n") {
			for _, a := range goldenAlerts.Emails {
				for _, r := range goldenAlerts.Regions {
					if strings.Contains(line, "[ ] "+a+": ") && strings.Contains(line, r) {
						n++
					}
				}
			}
		}
		if strings.Contains(c.file, "checklist") && n != 6 {
			t.Errorf("%s: %d of the 6 subscriptions to confirm:\n%s", c.file, n, got)
		}
		if strings.Contains(c.file, "ticket") && (!strings.Contains(got, goldenAlerts.Name) || !strings.Contains(got, "sec@example.com, ops@example.com")) {
			t.Errorf("%s does not name the alerts:\n%s", c.file, got)
		}
	}
	// An address from the session file is outside text: the printer makes
	// it safe in both documents.
	bad := KeyList{ARNs: goldenARNs, Alerts: AlertRecipients{Name: "n", Regions: []string{"us-east-1"}, Emails: []string{"x\x1b[31m@example.com"}}}
	list, _ := RenderChecklistKeys(english, "text", bad, nil)
	if ticket := RenderSupportTicketKeys(english, "", "", bad, ""); strings.Contains(list+ticket, "\x1b") {
		t.Errorf("a control character reached the documents:\n%s\n%s", list, ticket)
	}
}
