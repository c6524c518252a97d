package setup

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
)

func sampleReport() *VerifyReport {
	return &VerifyReport{Keys: []KeyReport{
		{Region: "ap-northeast-1", Role: RolePrimary, ARN: "arn:aws:kms:ap-northeast-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab", Checks: []Check{
			{ID: CheckKeyState, Status: CheckOK, Text: literal("Enabled")},
			{ID: CheckRotation, Status: CheckWarn, Text: literal("automatic rotation is off"), FixText: literal("aws kms enable-key-rotation --key-id mrk-1234abcd12ab34cd56ef1234567890ab --region ap-northeast-1 (rotation keeps the key ID and ARN, so Zoom needs no change)")},
			{ID: CheckLastUse, Status: CheckOK, Unknown: true, Text: literal("the endpoint does not support GetKeyLastUsage"), FixText: literal("not shown for ok rows")},
		}},
		{Region: "ap-northeast-3", Role: RoleReplica, ARN: "arn:aws:kms:ap-northeast-3:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab", Checks: []Check{
			{ID: CheckKeyState, Status: CheckFail, Text: literal("PendingDeletion: scheduled for deletion on 2026-12-05 23:30 UTC; once deleted, content it protects is lost for good"),
				FixText: literal("cancel it now (CancelKeyDeletion): aws kms cancel-key-deletion --key-id mrk-1234abcd12ab34cd56ef1234567890ab --region ap-northeast-3")},
			{ID: CheckAlias, Status: CheckFail, Error: "boom", Text: literal("could not check: access denied"), FixText: literal("ask your AWS administrator")},
		}},
	}}
}

func TestRenderVerifyFitsAndShowsFixes(t *testing.T) {
	rep := sampleReport()
	var b bytes.Buffer
	RenderVerifyIn(&b, en, rep, 80)
	out := b.String()
	for _, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > 80 {
			t.Errorf("%d columns: %q", n, line)
		}
	}
	for _, want := range []string{
		"ap-northeast-1 (Tokyo), primary\narn:aws:kms:ap-northeast-1:",
		"  key-state   ok       Enabled\n",
		"  rotation    warn     automatic rotation is off\n                       fix: aws kms enable-key-rotation",
		"  last-use    unknown  the endpoint does not support",
		"  key-state   FAIL     PendingDeletion",
		"fix: cancel it now (CancelKeyDeletion)",
		"  alias       ERROR    could not check",
		"FAILED: 1 failed, 1 warning, 1 ok, 1 unknown, 1 not checked in 2 Regions.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "not shown for ok rows") {
		t.Errorf("a fix is shown under an ok row:\n%s", out)
	}
	// Narrow terminals get the 60-column minimum.
	b.Reset()
	RenderVerifyIn(&b, en, rep, 30)
	for _, line := range strings.Split(b.String(), "\n") {
		// A single word longer than its column (a key ID) may stick out.
		if n := utf8.RuneCountInString(line); n > 60 && strings.Contains(strings.TrimSpace(line), " ") {
			t.Errorf("width 30: %d columns: %q", n, line)
		}
	}
}

func TestReportVerdicts(t *testing.T) {
	rep := sampleReport()
	if !rep.Failed() || !rep.Incomplete() || rep.Warnings() != 1 {
		t.Errorf("failed=%v incomplete=%v warnings=%d", rep.Failed(), rep.Incomplete(), rep.Warnings())
	}
	rep.Keys[1].Checks = rep.Keys[1].Checks[1:] // only the could-not-check row is left
	if rep.Failed() || !rep.Incomplete() || !strings.HasPrefix(rep.Summary(), "INCOMPLETE") {
		t.Errorf("could not check: failed=%v incomplete=%v %q", rep.Failed(), rep.Incomplete(), rep.Summary())
	}
	rep.Keys = rep.Keys[:1]
	if rep.Failed() || rep.Incomplete() || !strings.HasPrefix(rep.Summary(), "OK with warnings") {
		t.Errorf("warnings only: %q", rep.Summary())
	}
	if c := rep.Find("ap-northeast-1", CheckRotation); c == nil || c.Status != CheckWarn {
		t.Errorf("Find: %+v", c)
	}
	if StatusLabel(Check{Status: CheckOK, Unknown: true}) != "unknown" || StatusLabel(Check{Status: CheckFail, Error: "x"}) != "ERROR" {
		t.Error("status labels")
	}
}

func TestVerifyOptionsFor(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	s := &state.Session{PrimaryRegion: "ap-northeast-1", Replicas: []string{"ap-northeast-3"}, Alias: "alias/corp", ZoomAccountID: "409910850980", SetupAt: at,
		Keys: []state.Key{{Region: "ap-northeast-1", Role: "primary", ARN: "arn:aws:kms:ap-northeast-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"}}}
	o := VerifyOptionsFor(s)
	if err := ValidateVerify(&o); err != nil {
		t.Fatal(err)
	}
	if o.Region != "ap-northeast-1" || o.Alias != "alias/corp" || !o.SetupAt.Equal(at) || len(o.Replicas) != 1 {
		t.Errorf("options %+v", o)
	}
	for _, s := range []*state.Session{nil, {DryRun: true, Keys: s.Keys}} {
		o := VerifyOptionsFor(s)
		if err := ValidateVerify(&o); err == nil || !strings.Contains(err.Error(), "setup") {
			t.Errorf("%+v: %v", s, err)
		}
	}
}

// Unknown results are counted as unknown, never as ok.
func TestSummaryCountsUnknownAsUnknown(t *testing.T) {
	var checks []Check
	for range 14 {
		checks = append(checks, Check{ID: CheckKeyState, Status: CheckOK, Text: literal("Enabled")})
	}
	checks = append(checks,
		Check{ID: CheckLastUse, Status: CheckUnknown, Unknown: true, Text: literal("the endpoint does not support GetKeyLastUsage")},
		Check{ID: CheckCloudTrail, Status: CheckUnknown, Unknown: true, Text: literal("the endpoint does not support CloudTrail LookupEvents")})
	rep := &VerifyReport{Keys: []KeyReport{{Region: "us-east-1", Role: RolePrimary, Checks: checks}}}
	got := rep.Summary()
	if !strings.Contains(got, "14 ok, 2 unknown") || strings.Contains(got, "16 ok") {
		t.Errorf("summary %q", got)
	}
	if rep.Failed() || rep.Incomplete() || rep.Warnings() != 0 {
		t.Errorf("unknown is not a failure nor a warning: %q", got)
	}
}

// A check carries its detail and fix as messages only; JSON says them in
// English, each on one line, with the fields as before.
func TestCheckJSONInEnglish(t *testing.T) {
	c := Check{ID: CheckRotation, Status: CheckWarn, Text: literal("automatic rotation\n  is off"), FixText: literal("enable it")}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":"rotation","status":"warn","detail":"automatic rotation is off","fix":"enable it"}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
	b, _ = json.Marshal(Check{ID: CheckAlias, Status: CheckFail, Unknown: true, Error: "boom"})
	if want := `{"id":"alias","status":"fail","detail":"","fix":"","unknown":true,"error":"boom"}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
}

// issue 26: the status column says "unknown" already; the detail beside it
// does not repeat it ("unknown  unknown: ..."), in either language, and the
// summary counts one warning in the singular, never "warning(s)".
func TestRenderVerifySaysUnknownOnceAndPluralizes(t *testing.T) {
	var c, d Check
	c.ID, c.Status, c.Unknown = CheckLastUse, CheckUnknown, true
	c.say(msg("verify.last-use.unsupported"))
	d.ID, d.Status, d.Unknown = CheckCloudTrail, CheckUnknown, true
	d.say(msg("verify.cloudtrail.unsupported", msg("verify.denied-calls-note")))
	w := Check{ID: CheckRotation, Status: CheckWarn, Text: literal("automatic rotation is off")}
	rep := &VerifyReport{Keys: []KeyReport{{Region: "us-east-1", Role: RolePrimary, Checks: []Check{c, d, w}}}}
	for _, p := range []*i18n.Printer{en, i18n.NewPrinter(i18n.Japanese)} {
		var b bytes.Buffer
		RenderVerifyIn(&b, p, rep, 80)
		out := b.String()
		status := p.T("verify.status.unknown")
		if strings.Contains(out, status+"  "+status) || strings.Contains(out, status+"  "+status+":") {
			t.Errorf("unknown said twice:\n%s", out)
		}
		if strings.Contains(out, "(s)") {
			t.Errorf("a plural written as (s):\n%s", out)
		}
	}
	if got := rep.Summary(); !strings.Contains(got, "0 failed, 1 warning, 0 ok") {
		t.Errorf("summary %q", got)
	}
	rep.Keys[0].Checks = append(rep.Keys[0].Checks, w)
	if got := rep.Summary(); !strings.Contains(got, "0 failed, 2 warnings, 0 ok") {
		t.Errorf("summary %q", got)
	}
}

// issue 26: a call's line in the change record carries its detail in every
// language, so that the Japanese runbook's outcome column is Japanese.
func TestCallRecordKeepsTheDetailInEveryLanguage(t *testing.T) {
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	a, ok := CallRecord(Event{Region: "us-east-1", Action: ActCreateKey, Status: StatusDone, Text: msg("setup.role.primary")}, at)
	if !ok || a.Detail != "primary" || a.Details["ja"] != "プライマリ" {
		t.Errorf("CallRecord = %+v, %v", a, ok)
	}
}
