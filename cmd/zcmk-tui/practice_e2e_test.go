package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// practiceEnv is a machine whose AWS configuration points everywhere but
// the practice AWS: endpoint variables, a proxy, a profile whose shared
// config sends calls to a trap and whose credential_process would leave a
// mark, web-identity variables, and real-looking keys. Practice mode must
// read none of it.
func practiceEnv(t *testing.T) (env []string, trapped *atomic.Int32, mark string) {
	t.Helper()
	trapped = &atomic.Int32{}
	trap := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		trapped.Add(1)
		w.WriteHeader(500)
	}))
	t.Cleanup(trap.Close)
	dir := t.TempDir()
	mark = filepath.Join(dir, "credential-process-ran")
	cfg := filepath.Join(dir, "config")
	os.WriteFile(cfg, []byte("[default]\nregion = eu-west-1\nendpoint_url = "+trap.URL+"\ncredential_process = /usr/bin/touch "+mark+"\n"+
		"[profile work]\nrole_arn = arn:aws:iam::999999999999:role/x\nsource_profile = default\n"), 0o600)
	token := filepath.Join(dir, "token")
	os.WriteFile(token, []byte("web-identity-token"), 0o600)
	env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "XDG_STATE_HOME=" + filepath.Join(dir, "state"),
		"AWS_ENDPOINT_URL=" + trap.URL, "AWS_ENDPOINT_URL_STS=" + trap.URL, "AWS_ENDPOINT_URL_KMS=" + trap.URL,
		"HTTP_PROXY=" + trap.URL, "HTTPS_PROXY=" + trap.URL, "ALL_PROXY=" + trap.URL,
		"AWS_CONFIG_FILE=" + cfg, "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(dir, "credentials"),
		"AWS_REGION=eu-west-1", "AWS_ROLE_ARN=arn:aws:iam::999999999999:role/y", "AWS_WEB_IDENTITY_TOKEN_FILE=" + token,
	}
	return env, trapped, mark
}

// The variants of the machine's credentials a practice run must not touch:
// web identity (its STS call would go to the trap), a profile whose
// credential_process would leave a mark, a role profile, and plain keys.
var practiceCredentialVariants = map[string][]string{
	"web identity":       nil,
	"credential process": {"AWS_ROLE_ARN=", "AWS_WEB_IDENTITY_TOKEN_FILE=", "AWS_PROFILE=default"},
	"role profile":       {"AWS_ROLE_ARN=", "AWS_WEB_IDENTITY_TOKEN_FILE=", "AWS_PROFILE=work"},
	"keys":               {"AWS_ACCESS_KEY_ID=AKIAREALLOOKINGKEY00", "AWS_SECRET_ACCESS_KEY=real-looking-secret"},
}

func TestPracticeReachesNothingButThePracticeAWS(t *testing.T) {
	for name, extra := range practiceCredentialVariants {
		t.Run(name, func(t *testing.T) { practiceReachesNothing(t, extra) })
	}
}

func practiceReachesNothing(t *testing.T, extra []string) {
	env, trapped, mark := practiceEnv(t)
	env = append(env, extra...)
	r := runWith(t, env, "--practice", "setup", "--region", "ap-northeast-1", "--replica-region", "ap-northeast-3", "--yes")
	if r.code != 0 {
		t.Fatalf("practice setup: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "arn:aws:kms:ap-northeast-3:111122223333:key/mrk-") {
		t.Errorf("no practice ARN in:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "PRACTICE MODE") {
		t.Errorf("practice mode is not announced:\n%s", r.stderr)
	}
	v := runWith(t, env, "--practice", "verify")
	if v.code != 0 {
		t.Errorf("practice verify: exit %d\n%s\n%s", v.code, v.stdout, v.stderr)
	}
	if n := trapped.Load(); n != 0 {
		t.Errorf("practice mode sent %d requests to the machine's AWS settings", n)
	}
	if _, err := os.Stat(mark); err == nil {
		t.Error("practice mode ran the profile's credential_process")
	}
	// The real session is untouched; the practice one is beside it.
	state := filepath.Join(strings.TrimPrefix(env[2], "XDG_STATE_HOME="), "zcmk-tui")
	if _, err := os.Stat(filepath.Join(state, "session.json")); err == nil {
		t.Error("practice mode wrote the real session file")
	}
	if _, err := os.Stat(filepath.Join(state, "practice-session.json")); err != nil {
		t.Errorf("no practice session: %v", err)
	}
}

func TestPracticeResetAndFlagsThatConflict(t *testing.T) {
	env, _, _ := practiceEnv(t)
	if r := runWith(t, env, "--practice", "setup", "--yes"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if r := runWith(t, env, "--practice", "--reset", "verify"); r.code != 2 || !strings.Contains(r.stderr, "no session file") {
		t.Errorf("after --reset verify should find no session: exit %d\n%s", r.code, r.stderr)
	}
	for _, args := range [][]string{
		{"--practice", "--endpoint-url", "http://127.0.0.1:1", "plan"},
		{"--practice", "--profile", "x", "plan"},
		{"--practice", "--state-file", "/tmp/x.json", "plan"},
		{"--reset", "plan"},
		{"--practice-fault", "throttle", "plan"},
		{"--practice", "--practice-fault", "nope", "plan"},
		{"--practice", "--practice-fault", "deny", "plan"},
	} {
		if r := runWith(t, env, args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", args, r.code, r.stderr)
		}
	}
}

func TestPracticeFaultShowsTheRecovery(t *testing.T) {
	env, _, _ := practiceEnv(t)
	r := runWith(t, env, "--practice", "--practice-fault", "deny:ReplicateKey", "setup", "--region", "us-east-1", "--replica-region", "us-west-2", "--yes")
	if r.code != 1 || !strings.Contains(r.stderr, "ReplicateKey") {
		t.Fatalf("exit %d, want 1 naming ReplicateKey:\n%s", r.code, r.stderr)
	}
	// The same command without the fault continues where it stopped.
	r = runWith(t, env, "--practice", "setup", "--region", "us-east-1", "--replica-region", "us-west-2", "--yes")
	if r.code != 0 || !strings.Contains(r.stdout, "arn:aws:kms:us-west-2:111122223333:key/mrk-") {
		t.Errorf("rerun: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

// Every JSON object and every document of a practice run says it is
// practice.
func TestPracticeIsSaidEverywhere(t *testing.T) {
	env, _, _ := practiceEnv(t)
	for _, args := range [][]string{
		{"setup", "--yes", "--output", "json"},
		{"verify", "--output", "json"},
		{"checklist", "--output", "json"},
		{"plan", "--region", "bogus-1", "--output", "json"}, // an error object
	} {
		r := runWith(t, env, append([]string{"--practice"}, args...)...)
		if obj := oneJSONObject(t, args[0], r); obj != nil && obj["practice"] != true {
			t.Errorf("%v: the JSON object does not say practice:\n%s", args, r.stdout)
		}
	}
	for _, args := range [][]string{{"checklist"}, {"checklist", "--format", "markdown"}, {"runbook", "-o", "-"}, {"checklist", "--ticket"}} {
		r := runWith(t, env, append([]string{"--practice"}, args...)...)
		if r.code != 0 || !strings.Contains(r.stdout, "PRACTICE") {
			t.Errorf("%v: exit %d, no PRACTICE mark:\n%s\n%s", args, r.code, r.stdout, r.stderr)
		}
	}
	if r := runWith(t, env, "--practice", "setup", "--yes"); !strings.Contains(r.stdout, "PRACTICE keys, not real") {
		t.Errorf("setup's ARN list does not say practice:\n%s", r.stdout)
	}
}

// Without tag:GetResources setup still works (it reads every multi-Region
// key's tags instead) and says once, before the Regions, why that is slower
// and which permission makes it fast; with it, nothing is said.
func TestSetupSaysOnceWhyTheLookupIsSlower(t *testing.T) {
	env, _, _ := practiceEnv(t)
	args := []string{"setup", "--region", "us-east-1", "--replica-region", "us-west-2", "--yes"}
	r := runWith(t, env, append([]string{"--practice", "--practice-fault", "deny:GetResources"}, args...)...)
	if out := r.stdout + r.stderr; r.code != 0 || strings.Count(out, "Grant tag:GetResources") != 1 {
		t.Fatalf("exit %d, want 0 and the note naming tag:GetResources once:\n%s", r.code, out)
	}
	r = runWith(t, env, append([]string{"--practice"}, args...)...)
	if out := r.stdout + r.stderr; r.code != 0 || strings.Contains(out, "tag:GetResources") {
		t.Errorf("with the permission: exit %d, want 0 and no note:\n%s", r.code, out)
	}
}
