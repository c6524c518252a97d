package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

type alertsJSON struct {
	WriteCalls int `json:"write_calls"`
	Alerts     []struct {
		Region   string   `json:"region"`
		Rule     string   `json:"rule"`
		RuleARN  string   `json:"rule_arn"`
		TopicARN string   `json:"topic_arn"`
		Emails   []string `json:"emails"`
		State    string   `json:"state"`
		Trail    string   `json:"trail"`
	} `json:"alerts"`
}

// setup --alert-email in the real binary: the plan names the alert
// resources and the confirmation e-mails, JSON carries the alerts, a rerun
// writes nothing, verify passes; a rule deleted by hand makes verify exit 3
// with the exact command; a bad address is exit 2 with no call.
func TestSetupAlertEmailEndToEnd(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	stateFile := filepath.Join(t.TempDir(), "session.json")
	base := []string{"--region", "us-east-1", "--replica-region", "us-west-2", "--alert-email", "sec@example.com", "--alert-email", "ops@example.com", "--state-file", stateFile}

	plan := zcmk(t, nil, append([]string{"plan"}, base...)...)
	if plan.code != 0 {
		t.Fatalf("plan: exit %d\n%s", plan.code, plan.stderr)
	}
	for _, want := range []string{"alert-rule", "alert-topic", "alert-subscribe", "sec@example.com", "(4 in all)", "create-trail"} {
		if !strings.Contains(plan.stderr+plan.stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, plan.stderr)
		}
	}

	r := zcmk(t, nil, append([]string{"setup", "--yes", "--output", "json"}, base...)...)
	if r.code != 0 {
		t.Fatalf("setup: exit %d\n%s", r.code, r.stderr)
	}
	var j alertsJSON
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	name := zoom.AlertName(zoom.DefaultAlias)
	if len(j.Alerts) != 2 || j.Alerts[0].State != "applied" || j.Alerts[0].Rule != name || len(j.Alerts[1].Emails) != 2 ||
		j.Alerts[1].TopicARN != zoom.AlertTopicARN("aws", "us-west-2", moto.AccountID, name) || j.Alerts[0].Trail != "not-logging" {
		t.Errorf("alerts %+v", j.Alerts)
	}

	r = zcmk(t, nil, append([]string{"setup", "--yes", "--output", "json"}, base...)...)
	j = alertsJSON{}
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil || r.code != 0 || j.WriteCalls != 0 || j.Alerts[0].State != "unchanged" {
		t.Errorf("rerun: exit %d, %+v (%v)\n%s", r.code, j, err, r.stderr)
	}

	v := zcmk(t, nil, "verify", "--state-file", stateFile, "--output", "json")
	if v.code != 0 || !strings.Contains(v.stdout, `"alert-rule"`) {
		t.Errorf("verify: exit %d\n%s\n%s", v.code, v.stdout, v.stderr)
	}
	if err := emu.CallJSON("events", "us-west-2", "AWSEvents.DisableRule", map[string]string{"Name": name}); err != nil {
		t.Fatal(err)
	}
	v = zcmk(t, nil, "verify", "--state-file", stateFile)
	fix := "zcmk-tui setup --region us-east-1 --replica-region us-west-2 --alert-email sec@example.com --alert-email ops@example.com"
	if v.code != 3 || !strings.Contains(strings.Join(strings.Fields(v.stdout+v.stderr), " "), fix) {
		t.Errorf("verify with a disabled rule: exit %d, want 3 with %q\n%s\n%s", v.code, fix, v.stdout, v.stderr)
	}

	url, calls := counting(t)
	bad := zcmk(t, []string{"AWS_ENDPOINT_URL=" + url}, "setup", "--yes", "--region", "us-east-1", "--alert-email", "not-an-address", "--state-file", filepath.Join(t.TempDir(), "s.json"))
	if bad.code != 2 || calls.Load() != 0 {
		t.Errorf("a bad address: exit %d after %d calls, want 2 and none\n%s", bad.code, calls.Load(), bad.stderr)
	}
}

func TestPermissionsCommand(t *testing.T) {
	url, calls := counting(t)
	r := zcmk(t, []string{"AWS_ENDPOINT_URL=" + url}, "permissions", "--account-id", "111122223333")
	var doc struct {
		Version   string
		Statement []struct {
			Action   []string
			Resource []string
		}
	}
	if r.code != 0 || calls.Load() != 0 || json.Unmarshal([]byte(r.stdout), &doc) != nil || doc.Version != "2012-10-17" {
		t.Fatalf("exit %d, %d calls\n%s\n%s", r.code, calls.Load(), r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "arn:aws:kms:*:111122223333:key/*") || !strings.Contains(r.stdout, `"events:PutRule"`) || strings.Contains(r.stdout, "ScheduleKeyDeletion") {
		t.Errorf("policy:\n%s", r.stdout)
	}
	// From the caller's account, narrowed.
	r = zcmk(t, nil, "permissions", "--for", "verify")
	if r.code != 0 || !strings.Contains(r.stdout, moto.AccountID) || strings.Contains(r.stdout, "kms:CreateKey") {
		t.Errorf("--for verify: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if r := zcmk(t, nil, "permissions", "--for", "everything"); r.code != 2 {
		t.Errorf("--for everything: exit %d", r.code)
	}
}

// The real binary: the alert e-mail follows --lang (a change of language is
// a planned change of the target), an address left out of --alert-email is
// planned as an unsubscribe and removed, and a plan without --alert-email
// says the alerts stay as they are.
func TestSetupAlertEmailLanguageAndDroppedAddress(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	stateFile := filepath.Join(t.TempDir(), "session.json")
	base := []string{"--region", "us-east-1", "--state-file", stateFile}
	if r := zcmk(t, nil, append([]string{"setup", "--yes", "--lang", "ja", "--alert-email", "sec@example.com", "--alert-email", "ops@example.com"}, base...)...); r.code != 0 {
		t.Fatalf("setup: exit %d\n%s", r.code, r.stderr)
	}
	keep := zcmk(t, nil, append([]string{"plan", "--lang", "en"}, base...)...)
	out := strings.Join(strings.Fields(keep.stdout+keep.stderr), " ")
	if keep.code != 0 || !strings.Contains(out, "No --alert-email given: the tamper alerts (rules, topics, subscriptions) stay as they are.") ||
		strings.Contains(out, "+ alert-") {
		t.Errorf("plan without --alert-email: exit %d\n%s", keep.code, out)
	}
	p := zcmk(t, nil, append([]string{"plan", "--lang", "en", "--alert-email", "sec@example.com"}, base...)...)
	out = strings.Join(strings.Fields(p.stdout+p.stderr), " ")
	for _, want := range []string{"alert-unsubscribe", "unsubscribe ops@example.com in us-east-1", "alert-target", "in English (it is in 日本語 now)"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "unsubscribe sec@example.com") {
		t.Errorf("the plan unsubscribes an address still listed:\n%s", out)
	}
	r := zcmk(t, nil, append([]string{"setup", "--yes", "--lang", "en", "--output", "json", "--alert-email", "sec@example.com"}, base...)...)
	var j alertsJSON
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil || r.code != 0 || j.WriteCalls != 2 {
		t.Errorf("setup with one address left out: exit %d, %+v (%v)\n%s", r.code, j, err, r.stderr)
	}
	sess, err := state.Load(stateFile)
	if err != nil || sess.Alerts == nil || fmt.Sprint(sess.Alerts.Emails) != "[sec@example.com]" || sess.Alerts.Lang != "en" {
		t.Errorf("session alerts %+v (%v)", sess.Alerts, err)
	}
}
