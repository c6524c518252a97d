package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
)

// End-to-end runs of 'zcmk-tui verify' (the real binary) against the emulator.

type verifyJSON struct {
	OK   bool `json:"ok"`
	Keys []struct {
		Region string           `json:"region"`
		ARN    string           `json:"arn"`
		Checks []map[string]any `json:"checks"`
	} `json:"keys"`
}

func decodeVerify(t *testing.T, r runResult) verifyJSON {
	t.Helper()
	var v verifyJSON
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\nstdout:\n%s\nstderr:\n%s", err, r.stdout, r.stderr)
	}
	for _, k := range v.Keys {
		for _, c := range k.Checks {
			for _, f := range []string{"id", "status", "detail", "fix"} {
				if _, ok := c[f].(string); !ok {
					t.Errorf("%s: check %v lacks the string field %q", k.Region, c, f)
				}
			}
			if s := c["status"]; s != "ok" && s != "warn" && s != "fail" && s != "unknown" {
				t.Errorf("%s: status %v", k.Region, s)
			}
		}
	}
	return v
}

// notOKChecks lists "region/id=status" for every check that is neither ok
// nor unknown (the emulator cannot answer last-use and cloudtrail).
func notOKChecks(v verifyJSON) []string {
	var out []string
	for _, k := range v.Keys {
		for _, c := range k.Checks {
			if c["status"] != "ok" && c["status"] != "unknown" {
				out = append(out, k.Region+"/"+c["id"].(string)+"="+c["status"].(string))
			}
		}
	}
	return out
}

func TestVerifyHealthyThenBroken(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	stateFile := filepath.Join(t.TempDir(), "session.json")
	r := zcmk(t, nil, "setup", "--region", "ap-northeast-1", "--replica-region", "ap-northeast-3", "--yes", "--output", "json", "--state-file", stateFile)
	if r.code != 0 {
		t.Fatalf("setup: exit %d\n%s", r.code, r.stderr)
	}
	keyID := decode(t, r).Keys[0].KeyID

	// Healthy: exit 0, ok true, both Regions.
	r = zcmk(t, nil, "verify", "--state-file", stateFile, "--output", "json", "--cloudtrail", "--since", "24h")
	if r.code != 0 {
		t.Fatalf("healthy verify: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	// The emulator has no CloudTrail event history: "unknown", still saying
	// where Zoom's denied calls are logged.
	if !strings.Contains(r.stdout, `"id": "cloudtrail"`) || !strings.Contains(r.stdout, "denied calls are logged only in Zoom's own AWS account") || !strings.Contains(r.stdout, `"since": "1d"`) {
		t.Errorf("--cloudtrail output:\n%s", r.stdout)
	}
	v := decodeVerify(t, r)
	if !v.OK || len(v.Keys) != 2 || v.Keys[0].Region != "ap-northeast-1" || v.Keys[1].Region != "ap-northeast-3" || len(notOKChecks(v)) != 0 {
		t.Fatalf("healthy verify: %+v, not ok %v", v, notOKChecks(v))
	}
	if !strings.Contains(r.stderr, "OK") {
		t.Errorf("no summary on stderr: %s", r.stderr)
	}
	// last-use and cloudtrail cannot be answered by the emulator: status
	// "unknown" in the JSON, and counted as unknown (not ok) in the summary.
	unknown := 0
	for _, k := range v.Keys {
		for _, c := range k.Checks {
			if id := c["id"]; (id == "last-use" || id == "cloudtrail") && c["status"] != "unknown" {
				t.Errorf("%s %s: status %v, want unknown", k.Region, id, c["status"])
			}
			if c["status"] == "unknown" {
				unknown++
			}
		}
	}
	if want := fmt.Sprintf(", %d unknown", unknown); unknown != 4 || !strings.Contains(r.stderr, want) {
		t.Errorf("%d unknown checks; summary does not say %q:\n%s", unknown, want, r.stderr)
	}

	// Break the replica: disabled, and its policy no longer names Zoom.
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	admin := `{"Version":"2012-10-17","Statement":[{"Sid":"Admin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + moto.AccountID + `:root"},"Action":"kms:*","Resource":"*"}]}`
	if err := c.KMS("ap-northeast-3").PutKeyPolicy(context.Background(), keyID, admin); err != nil {
		t.Fatal(err)
	}
	awstest.DisableKey(t, emu.URL, "ap-northeast-3", keyID)

	r = zcmk(t, nil, "verify", "--state-file", stateFile, "--output", "json")
	if r.code != 3 {
		t.Fatalf("broken set: exit %d, want 3\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	v = decodeVerify(t, r)
	want := []string{"ap-northeast-3/key-state=fail", "ap-northeast-3/zoom-grant=fail", "ap-northeast-3/drift=fail"}
	if got := notOKChecks(v); v.OK || !slices.Equal(got, want) {
		t.Errorf("broken set: ok=%v not ok %v, want %v", v.OK, got, want)
	}
	for _, ch := range v.Keys[1].Checks {
		if ch["status"] == "fail" && ch["fix"] == "" {
			t.Errorf("failing check %v has no fix", ch["id"])
		}
	}

	// The same as a table: fits 80 columns (the emulator's ARNs, with a
	// dashed key ID, are the only longer lines), fixes under failing rows.
	r = zcmk(t, nil, "verify", "--state-file", stateFile)
	if r.code != 3 {
		t.Fatalf("text: exit %d\n%s", r.code, r.stderr)
	}
	for _, line := range strings.Split(r.stdout, "\n") {
		if utf8.RuneCountInString(line) > 80 && !strings.HasPrefix(line, "arn:") {
			t.Errorf("line longer than 80 columns: %q", line)
		}
	}
	for _, s := range []string{"ap-northeast-3 (Osaka), replica", "key-state   FAIL", "fix: aws kms enable-key --key-id", keyID, "drift       FAIL", "FAILED"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("text output lacks %q:\n%s", s, r.stdout)
		}
	}

	// --key instead of the session finds the same set, replicas included.
	r = zcmk(t, nil, "verify", "--key", "alias/zoom-cmk", "--region", "ap-northeast-1", "--output", "json")
	if v := decodeVerify(t, r); r.code != 3 || len(v.Keys) != 2 {
		t.Errorf("--key: exit %d, keys %d\n%s", r.code, len(v.Keys), r.stderr)
	}
}

func TestVerifyStrictWarnings(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	stateFile := filepath.Join(t.TempDir(), "session.json")
	r := zcmk(t, nil, "setup", "--region", "us-east-1", "--no-rotation", "--yes", "--output", "json", "--state-file", stateFile)
	if r.code != 0 {
		t.Fatalf("setup: exit %d\n%s", r.code, r.stderr)
	}
	r = zcmk(t, nil, "verify", "--state-file", stateFile, "--output", "json")
	v := decodeVerify(t, r)
	if r.code != 0 || !v.OK || !slices.Equal(notOKChecks(v), []string{"us-east-1/rotation=warn"}) {
		t.Errorf("rotation off: exit %d ok=%v %v\n%s", r.code, v.OK, notOKChecks(v), r.stderr)
	}
	if r = zcmk(t, nil, "verify", "--state-file", stateFile, "--strict"); r.code != 3 || !strings.Contains(r.stdout, "--strict") {
		t.Errorf("--strict with a warning: exit %d\n%s", r.code, r.stdout)
	}
}

func TestVerifyBadUsageExits2WithoutCallingAWS(t *testing.T) {
	url, calls := counting(t)
	env := []string{"AWS_ENDPOINT_URL=" + url}
	missing := filepath.Join(t.TempDir(), "none.json")
	// A wizard's session file that names no key yet (issue 26): verify
	// finds it, and says so rather than "no session file".
	keyless := filepath.Join(t.TempDir(), "session.json")
	if err := state.Save(keyless, &state.Session{PrimaryRegion: "us-east-1", Step: "key"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no session, no key", []string{"verify", "--state-file", missing}, "--key"},
		{"no session says setup", []string{"verify", "--state-file", missing}, "zcmk-tui setup"},
		{"session without a key", []string{"verify", "--state-file", keyless}, "the session file " + keyless + " names no key set yet"},
		{"since without cloudtrail", []string{"verify", "--key", "alias/zoom-cmk", "--since", "7d"}, "--cloudtrail"},
		{"since not a duration", []string{"verify", "--key", "alias/zoom-cmk", "--cloudtrail", "--since", "a week"}, "7d"},
		{"since too long", []string{"verify", "--key", "alias/zoom-cmk", "--cloudtrail", "--since", "120d"}, "90"},
		{"bad key", []string{"verify", "--key", "zoom-cmk"}, "alias/zoom-cmk"},
		{"bad region", []string{"verify", "--key", "alias/zoom-cmk", "--region", "ap-northeast-9"}, "ap-northeast-9"},
		{"bad replica", []string{"verify", "--key", "alias/zoom-cmk", "--replica-region", "moon-1"}, "moon-1"},
		{"bad zoom account", []string{"verify", "--key", "alias/zoom-cmk", "--zoom-account-id", "x"}, "Zoom account"},
		{"ARN and other region", []string{"verify", "--key", "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab", "--region", "us-west-2"}, "--region"},
		{"argument", []string{"verify", "extra"}, "unknown command"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := calls.Load()
			r := zcmk(t, env, tc.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2\nstderr: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr does not mention %q:\n%s", tc.want, r.stderr)
			}
			if n := calls.Load() - before; n != 0 {
				t.Errorf("%d AWS call(s) made for bad input", n)
			}
		})
	}
}

func TestVerifyCouldNotCheckExits1(t *testing.T) {
	url, _ := counting(t)
	r := zcmk(t, []string{"AWS_ENDPOINT_URL=" + url, "AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY="}, "verify", "--key", "alias/zoom-cmk", "--region", "us-east-1")
	if r.code != 1 || !strings.Contains(r.stderr, "aws configure") {
		t.Errorf("no credentials: exit %d\n%s", r.code, r.stderr)
	}
	// Unreachable endpoint.
	r = zcmk(t, []string{"AWS_ENDPOINT_URL=http://127.0.0.1:1", "AWS_MAX_ATTEMPTS=1"}, "verify", "--key", "alias/zoom-cmk", "--region", "us-east-1")
	if r.code != 1 {
		t.Errorf("unreachable: exit %d\n%s", r.code, r.stderr)
	}
}

func TestVerifyHelp(t *testing.T) {
	r := zcmk(t, nil, "verify", "--help")
	for _, s := range []string{"Examples:", "zcmk-tui verify", "--cloudtrail", "--since", "--strict", "key-state", "drift", "denied calls", "Exit codes"} {
		if r.code != 0 || !strings.Contains(r.stdout, s) {
			t.Errorf("verify --help: exit %d, lacks %q\n%s", r.code, s, r.stdout)
		}
	}
	if r := zcmk(t, nil, "--help"); !strings.Contains(r.stdout, "verify") {
		t.Errorf("verify is not listed in zcmk-tui --help:\n%s", r.stdout)
	}
}
