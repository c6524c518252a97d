package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// hostileError is what an endpoint answers to one call: Hostile, a forged
// heading and table cell for the runbook, and credentials it echoed.
const hostileError = "denied " + awstest.Hostile + " | cell\n## Latest verify\nAll checks passed\n" +
	"X-Amz-Security-Token: IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6m9H3vZq7/0sj0s9fkd8G3kLs9Zp0Xy2v" +
	" Credential=AKIAIOSFODNN7EXAMPLE/20261207"

// assertNoHostile fails when out holds any byte of awstest.HostileBytes or
// a credential of hostileError.
func assertNoHostile(t *testing.T, what, out string) {
	t.Helper()
	for _, b := range awstest.HostileBytes {
		if strings.Contains(out, b) {
			t.Errorf("%s holds %q:\n%q", what, b, out)
			return
		}
	}
	for _, c := range []string{"AKIAIOSFODNN7EXAMPLE", "IQoJb3JpZ2luX2VjEJr"} {
		if strings.Contains(out, c) {
			t.Errorf("%s holds the credential %q:\n%s", what, c, out)
		}
	}
}

// TestHostileKeyEveryCommand: a key whose policy Sids, description, tags and
// a second alias hold terminal control sequences and bidirectional controls,
// and an endpoint error that holds them too (with a forged Markdown heading
// and echoed credentials): every command's text and JSON, the runbook and the
// support ticket hold none of those bytes; the policy written back to AWS
// keeps the Sids byte for byte; the runbook's structure holds.
func TestHostileKeyEveryCommand(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	const region, replica = "us-east-1", "us-west-2"
	keyID, _, _ := awstest.CreateHostileKey(t, emu.URL, region, "123456789012", zoom.DefaultAlias)
	stateFile := filepath.Join(t.TempDir(), "session.json")
	base := []string{"--region", region, "--state-file", stateFile}
	run := func(env []string, args ...string) runResult {
		t.Helper()
		r := zcmk(t, env, append(args, base...)...)
		assertNoHostile(t, strings.Join(args, " ")+" stdout", r.stdout)
		assertNoHostile(t, strings.Join(args, " ")+" stderr", r.stderr)
		if strings.Contains(strings.Join(args, " "), "json") {
			var v any
			if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
				t.Errorf("%v: not one JSON object: %v\n%s", args, err, r.stdout)
			}
		}
		return r
	}

	r := run(nil, "plan", "--key", zoom.DefaultAlias, "--replica-region", replica)
	p := faultproxy.New(t, emu.URL)
	viaProxy := []string{"AWS_ENDPOINT_URL=" + p.URL}
	if !strings.Contains(r.stdout, `Zoom\x1b]52;c;ZXZpbA==\x07\x1b[2J\u009b31m\u007f\u202e鍵`) {
		t.Errorf("plan does not name the statement, escaped:\n%s", r.stdout)
	}
	run(nil, "plan", "--key", zoom.DefaultAlias, "--replica-region", replica, "--output", "json")
	run(nil, "policy")

	// A setup that stops at an endpoint's error, then one that finishes.
	st, body := faultproxy.AWSError("ValidationException", hostileError)
	aliases := faultproxy.Fault{Op: "ListAliases", Rewrite: func(_ faultproxy.Request, b []byte) []byte { return awstest.HostileAliases(b) }}
	p.Add(aliases)
	p.Add(faultproxy.Fault{Op: "EnableKeyRotation", Status: st, Body: body})
	r = run(viaProxy, "setup", "--key", zoom.DefaultAlias, "--replica-region", replica, "--yes")
	if r.code == 0 || !strings.Contains(r.stderr, `denied \x1b]52`) {
		t.Errorf("setup through the failing endpoint: exit %d\n%s", r.code, r.stderr)
	}
	r = run(viaProxy, "verify", "--output", "json")
	run(nil, "setup", "--key", zoom.DefaultAlias, "--replica-region", replica, "--yes")

	// The policy written back keeps the Sids exactly.
	out, err := awstest.Client(t, emu.URL, region).GetKeyPolicy(context.Background(), &kms.GetKeyPolicyInput{
		KeyId: sdkaws.String(keyID), PolicyName: sdkaws.String("default")})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Statement []struct{ Sid string } }
	if err := json.Unmarshal([]byte(sdkaws.ToString(out.Policy)), &doc); err != nil {
		t.Fatal(err)
	}
	sids := map[string]bool{}
	for _, s := range doc.Statement {
		sids[s.Sid] = true
	}
	if !sids["Admin"+awstest.Hostile] || !sids["Zoom"+awstest.Hostile] {
		t.Errorf("the policy written back lost a Sid's bytes: %v", sids)
	}

	p.Clear()
	p.Add(aliases)
	p.Add(faultproxy.Fault{Op: "GetKeyPolicy", Status: st, Body: body})
	r = run(viaProxy, "verify")
	if r.code == 0 {
		t.Errorf("verify through the failing endpoint passed:\n%s", r.stdout)
	}
	run(viaProxy, "verify", "--output", "json")
	// CloudTrail fields (which the emulator does not serve) hold it too.
	p.Clear()
	p.Add(aliases)
	p.Add(faultproxy.Fault{Op: "LookupEvents", Answer: func(faultproxy.Request) (int, string, bool) {
		trail, _ := json.Marshal(map[string]any{"eventSource": "kms.amazonaws.com", "eventName": "Decrypt",
			"userIdentity": map[string]any{"accountId": "409910850980"}, "userAgent": awstest.Hostile})
		return faultproxy.JSON(map[string]any{"Events": []map[string]any{{"EventId": "ev" + awstest.Hostile,
			"EventName": "Decrypt" + awstest.Hostile, "EventSource": "kms.amazonaws.com", "EventTime": time.Now().Unix(),
			"Username": "user" + awstest.Hostile, "CloudTrailEvent": string(trail)}}})
	}})
	r = run(viaProxy, "verify", "--cloudtrail")
	if !strings.Contains(r.stdout, `Decrypt\x1b]52`) {
		t.Errorf("verify --cloudtrail does not show the event, escaped:\n%s", r.stdout)
	}
	run(viaProxy, "verify", "--cloudtrail", "--output", "json")
	run(nil, "verify")
	run(nil, "verify", "--output", "json")
	run(nil, "checklist")
	run(nil, "checklist", "--format", "markdown")
	run(nil, "checklist", "--ticket", "--groups", "経理 "+awstest.Hostile)
	run(nil, "checklist", "--output", "json")
	run(nil, "checklist", "--ticket", "--output", "json")
	// The session file keeps no credential the endpoint echoed.
	raw, err := os.ReadFile(stateFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"AKIAIOSFODNN7EXAMPLE", "IQoJb3JpZ2luX2VjEJr"} {
		if strings.Contains(string(raw), c) {
			t.Errorf("the session file keeps the credential %q", c)
		}
	}
	// Text read back from the session file is outside text too.
	var sess map[string]any
	if err := json.Unmarshal(raw, &sess); err != nil {
		t.Fatal(err)
	}
	sess["profile"] = "prof" + awstest.Hostile
	sess["alert_emails"] = []string{"a@example.com\n## Forged | x" + awstest.Hostile}
	sess["ticket_groups"] = "経理\n## Forged " + awstest.Hostile
	sess["zoom_account_number"] = "123\n" + awstest.Hostile
	planted, _ := json.Marshal(sess)
	if err := os.WriteFile(stateFile, planted, 0o600); err != nil {
		t.Fatal(err)
	}
	run(nil, "checklist", "--ticket")
	run(nil, "checklist", "--ticket", "--output", "json")
	for _, lang := range []string{"en", "ja"} {
		r = run(nil, "runbook", "--lang", lang)
		if strings.Contains(r.stdout, "\n## Forged") {
			t.Errorf("runbook (%s): the session file's text made a heading:\n%s", lang, r.stdout)
		}
		headings := 0 // the English runbook has one "## Latest verify" of its own
		for _, line := range strings.Split(r.stdout, "\n") {
			if strings.HasPrefix(line, "## Latest verify") {
				headings++
			}
			if strings.HasPrefix(line, "All checks passed") || strings.HasPrefix(line, "X-Amz-Security-Token") {
				t.Errorf("runbook (%s): outside text made a line of its own: %q", lang, line)
			}
			if strings.HasPrefix(line, "|") && strings.Contains(line, "denied") && strings.Contains(line, " | cell") {
				t.Errorf("runbook (%s): outside text ended a table cell: %q", lang, line)
			}
		}
		if want := map[string]int{"en": 1, "ja": 0}[lang]; headings != want {
			t.Errorf("runbook (%s): %d headings \"## Latest verify\", want %d:\n%s", lang, headings, want, r.stdout)
		}
		if !strings.Contains(r.stdout, `denied \x1b]52`) {
			t.Errorf("runbook (%s) lacks the failed call, escaped:\n%s", lang, r.stdout)
		}
	}
}
