package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// issue 26: a form's validation error is in the session's language: the
// e-mail check of the portal's alert recipients says it in Japanese.
func TestFormErrorsInTheSessionLanguage(t *testing.T) {
	m := &painter{f: &flow.Flow{Cat: CatalogueFor(i18n.Japanese)}, wrapW: 80}
	err := fitErr(m, flow.ValidateEmails)("admin@example.com, not-an-address")
	if err == nil {
		t.Fatal("a bad address passed")
	}
	if got := err.Error(); !strings.Contains(got, "メールアドレス") || strings.Contains(got, "address") && !strings.Contains(got, "not-an-address") {
		t.Errorf("not in Japanese: %q", got)
	}
}

// issue 26: the Japanese runbook says the outcome of each call in Japanese
// (status and detail), and the wizard's default key description is in the
// session's language (English: the same as the CLI's).
func TestJapaneseRunbookOutcomeAndDescription(t *testing.T) {
	s := &state.Session{History: []state.Action{{At: time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC), Region: "us-east-1",
		Action: "create-key", Status: "done", Detail: "primary", Details: map[string]string{"ja": "プライマリ"}}}}
	ja := docs.Runbook(CatalogueFor(i18n.Japanese), docs.Record{Session: s, Now: time.Now()})
	if !strings.Contains(ja, "| 完了: プライマリ |") || strings.Contains(ja, "done") {
		t.Errorf("Japanese runbook's outcome column:\n%s", ja)
	}
	en := docs.Runbook(CatalogueFor(i18n.English), docs.Record{Session: s, Now: time.Now()})
	if !strings.Contains(en, "| done: primary |") {
		t.Errorf("English runbook's outcome column:\n%s", en)
	}
	if got := CatalogueFor(i18n.English).T("key.description.default"); got != setup.DefaultDescription {
		t.Errorf("English default description %q, the CLI's is %q", got, setup.DefaultDescription)
	}
	f := &flow.Flow{Cat: CatalogueFor(i18n.Japanese)}
	f.KeyDefaults()
	if !strings.Contains(f.Description, "暗号化") {
		t.Errorf("Japanese default description %q", f.Description)
	}
}

// issue 26: the exit line names every runbook written (M writes the other
// language's too), not only the last.
func TestExitSummaryNamesEveryRunbook(t *testing.T) {
	f := &flow.Flow{Sess: &state.Session{}}
	f.RecordRunbook("/tmp/zoom-cmk-runbook.md")
	f.RecordRunbook("/tmp/zoom-cmk-runbook.ja.md")
	f.RecordRunbook("/tmp/zoom-cmk-runbook.ja.md")
	out := docs.ExitSummary(CatalogueFor(i18n.English), f.Sess, "", false)
	if !strings.Contains(out, "/tmp/zoom-cmk-runbook.md\n") || strings.Count(out, "/tmp/zoom-cmk-runbook.ja.md") != 1 {
		t.Errorf("exit summary:\n%s", out)
	}
}
