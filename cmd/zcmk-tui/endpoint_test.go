package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/state"
)

func TestValidateEndpoint(t *testing.T) {
	for _, tc := range []struct {
		url      string
		insecure bool
		ok       bool
	}{
		{"http://127.0.0.1:5000", false, true},
		{"http://127.9.9.9", false, true},
		{"http://localhost:4566", false, true},
		{"http://[::1]:5000", false, true},
		{"https://kms.example.com", false, true},
		{"http://kms.example.com", false, false},
		{"http://10.0.0.5:5000", false, false},
		{"http://kms.example.com", true, true},
		{"file:///", true, false},
		{"localhost:5000", false, false},
	} {
		if err := validateEndpoint("--endpoint-url", tc.url, tc.insecure); (err == nil) != tc.ok {
			t.Errorf("validateEndpoint(%q, %v) = %v", tc.url, tc.insecure, err)
		}
	}
}

func TestUsableRegion(t *testing.T) {
	for _, r := range []string{"us-east-1", "ap-northeast-3", "us-gov-west-1", "cn-north-1"} {
		if err := usableRegion(r); err != nil {
			t.Errorf("%s: %v", r, err)
		}
	}
	for _, r := range []string{"garbage!", "moon-1", "us-gov-west-1!", "US-EAST-1", ""} {
		if usableRegion(r) == nil {
			t.Errorf("%q accepted", r)
		}
	}
}

// A profile whose endpoint_url sends calls elsewhere is checked like the
// variables (plain http only to this machine) before any call, and
// announced when used; the session then records the endpoint, so that the
// runbook never passes an emulator run for a real one.
func TestProfileEndpointIsCheckedAndAnnounced(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	remote := write("remote", "[profile emu]\nregion = us-east-1\nendpoint_url = http://10.0.0.5:5000\n")
	local := write("local", "[profile emu]\nregion = us-east-1\nendpoint_url = "+emu.URL+"\n")
	creds := write("credentials", "[emu]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
	env := func(cfg string) []string {
		return []string{"AWS_ENDPOINT_URL=", "AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_CONFIG_FILE=" + cfg, "AWS_SHARED_CREDENTIALS_FILE=" + creds}
	}

	r := zcmk(t, env(remote), "plan", "--profile", "emu", "--replica-region", "us-west-2")
	if r.code != exitUsage || !strings.Contains(r.stderr, "profile emu, endpoint_url") || !strings.Contains(r.stderr, "10.0.0.5") {
		t.Errorf("a plain-http remote endpoint_url: exit %d, want %d naming the profile:\n%s", r.code, exitUsage, r.stderr)
	}

	stateFile := filepath.Join(dir, "session.json")
	r = zcmk(t, env(local), "setup", "--profile", "emu", "--replica-region", "us-west-2", "--yes", "--state-file", stateFile)
	if r.code != 0 {
		t.Fatalf("setup through the profile's endpoint: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, emu.URL) || !strings.Contains(r.stderr, "not to AWS") {
		t.Errorf("the profile's endpoint was not announced:\n%s", r.stderr)
	}
	s, err := state.Load(stateFile)
	if err != nil || s == nil || s.Endpoint != emu.URL {
		t.Errorf("session endpoint = %v (%v), want %s", s, err, emu.URL)
	}
	rb := zcmk(t, env(local), "runbook", "--state-file", stateFile)
	if rb.code != 0 || !strings.Contains(rb.stdout, emu.URL) {
		t.Errorf("runbook does not name the endpoint: exit %d\n%s", rb.code, rb.stdout)
	}
}
