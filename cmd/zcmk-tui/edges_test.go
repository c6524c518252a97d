package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// errorJSON is the object --output json prints when a command fails.
type errorJSON struct {
	Error *struct {
		Code     string `json:"code"`
		Message  string `json:"message"`
		Fix      string `json:"fix"`
		ExitCode int    `json:"exit_code"`
		Command  string `json:"command"`
	} `json:"error"`
}

// decodeError checks that stdout is exactly one JSON object with an error.
func decodeError(t *testing.T, r runResult) errorJSON {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	var j errorJSON
	if err := dec.Decode(&j); err != nil {
		t.Fatalf("stdout is not a JSON object: %v\nstdout:\n%s\nstderr:\n%s", err, r.stdout, r.stderr)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON value:\n%s", r.stdout)
	}
	if j.Error == nil || j.Error.Code == "" || j.Error.Message == "" || j.Error.ExitCode != r.code {
		t.Fatalf("error object %+v (exit %d)\nstdout:\n%s", j.Error, r.code, r.stdout)
	}
	return j
}

func TestJSONErrorObjectOnEveryFailure(t *testing.T) {
	unreachable := []string{"AWS_ENDPOINT_URL=http://127.0.0.1:1"}
	url, calls := counting(t)
	noCreds := []string{"AWS_ENDPOINT_URL=" + url, "AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY="}
	for _, tc := range []struct {
		name     string
		env      []string
		args     []string
		exit     int
		code     string
		fix      string // part of the fix
		inResult string // part of the message
	}{
		{"verify, unreachable endpoint", unreachable, []string{"verify", "--key", "alias/zoom-cmk", "--region", "us-east-1", "--output", "json"},
			1, "unreachable", "--endpoint-url", "cannot reach"},
		{"setup, bad input", nil, []string{"setup", "--yes", "--region", "ap-northeast-9", "--output", "json"}, 2, "usage", "--help", "ap-northeast-9"},
		{"setup, unknown flag before --output", nil, []string{"setup", "--colour", "--output", "json"}, 2, "usage", "--help", "unknown flag"},
		{"setup, short -o json", nil, []string{"setup", "--region", "us-east-1", "-o", "json"}, 2, "usage", "--help", "--yes"},
		{"setup, no credentials", noCreds, []string{"setup", "--yes", "--region", "us-east-1", "--output", "json"}, 1, "no_credentials", "aws configure", "credentials"},
		{"plan, unreachable endpoint", unreachable, []string{"plan", "--region", "us-east-1", "--output=json"}, 1, "unreachable", "network", "cannot reach"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := zcmk(t, tc.env, tc.args...)
			if r.code != tc.exit {
				t.Errorf("exit %d, want %d\n%s", r.code, tc.exit, r.stderr)
			}
			j := decodeError(t, r)
			if j.Error.Code != tc.code || !strings.Contains(j.Error.Fix, tc.fix) || !strings.Contains(j.Error.Message, tc.inResult) {
				t.Errorf("error %+v", *j.Error)
			}
			if strings.Contains(j.Error.Message, "fix:") {
				t.Errorf("the fix is repeated in the message: %q", j.Error.Message)
			}
			// The human message is still on stderr.
			if !strings.Contains(r.stderr, "zcmk-tui: ") {
				t.Errorf("stderr:\n%s", r.stderr)
			}
		})
	}
	if calls.Load() != 0 {
		t.Errorf("%d calls without credentials", calls.Load())
	}
	// Text output prints no JSON on failure.
	if r := zcmk(t, unreachable, "plan", "--region", "us-east-1"); r.code != 1 || r.stdout != "" {
		t.Errorf("text: exit %d, stdout %q", r.code, r.stdout)
	}
}

// Every field of the setup/plan result is present on every run.
func TestPlanJSONHasEveryField(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	r := zcmk(t, nil, "plan", "--region", "us-east-1", "--replica-region", "us-west-2", "--output", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"account_id", "partition", "zoom_account_id", "alias", "keys", "rotation", "changed", "write_calls", "dry_run"} {
		if _, ok := doc[f]; !ok {
			t.Errorf("result lacks %q:\n%s", f, r.stdout)
		}
	}
	for _, k := range doc["keys"].([]any) {
		for _, f := range []string{"region", "role", "key_id", "arn", "created", "policy", "alias_state", "key_state", "zoom_grant"} {
			if _, ok := k.(map[string]any)[f]; !ok {
				t.Errorf("key lacks %q: %v", f, k)
			}
		}
	}
}

// An endpoint override is said once on stderr, and stdout stays one JSON object.
func TestEndpointOverrideWarnsOnceOnStderr(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	r := zcmk(t, nil, "plan", "--region", "us-east-1", "--output", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	decode(t, r)
	want := "zcmk-tui: sending AWS calls to " + emu.URL + ", not to AWS (endpoint override)"
	if n := strings.Count(r.stderr, "not to AWS (endpoint override)"); n != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("warning %d times, want once as %q:\n%s", n, want, r.stderr)
	}
	// No AWS call, no warning.
	if r := zcmk(t, nil, "policy", "--account-id", "111122223333"); strings.Contains(r.stderr, "endpoint override") {
		t.Errorf("policy without a call warns:\n%s", r.stderr)
	}
}

func TestPolicyOutsideCommercialWithExplicitZoomAccount(t *testing.T) {
	r := zcmk(t, nil, "policy", "--account-id", "111122223333", "--partition", "aws-us-gov", "--zoom-account-id", "444455556666")
	if r.code != 0 || !strings.Contains(r.stdout, "arn:aws-us-gov:iam::444455556666:root") {
		t.Errorf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

// ctrl+c while CreateKey is in flight: the outcome of that call is unknown,
// and the message says so; a rerun ends with one key.
func TestInterruptDuringCreateKeySaysOutcomeUnknown(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	px, proc := interruptOn(t, "CreateKey")

	dir := t.TempDir()
	stateFile := filepath.Join(dir, "session.json")
	args := []string{"setup", "--region", "ap-northeast-1", "--yes", "--state-file", stateFile}
	cmd := exec.Command(binPath, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, emu.Env(dir)...)
	cmd.Env = append(cmd.Env, "AWS_ENDPOINT_URL="+px.URL)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	proc.Store(cmd.Process)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("setup did not stop after ctrl+c")
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit %d, want 130\n%s", code, errb.String())
	}
	msg := errb.String()
	t.Logf("stderr:\n%s", msg)
	for _, want := range []string{"CreateKey in ap-northeast-1", "outcome is unknown", "may have been created", "again", "adopts it"} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "nothing more was changed") {
		t.Errorf("says nothing was changed though CreateKey may have run:\n%s", msg)
	}

	// The same command again, without the fault: one key for the alias.
	r := zcmk(t, nil, append(args, "--output", "json")...)
	if r.code != 0 {
		t.Fatalf("rerun: exit %d\n%s", r.code, r.stderr)
	}
	c, err := awsx.Load(t.Context(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := c.KMS("ap-northeast-1").ListMultiRegionKeyIDs(t.Context())
	if err != nil || len(ids) != 1 {
		t.Errorf("keys after the rerun: %v %v", ids, err)
	}
	if j := decode(t, r); len(j.Keys) != 1 || j.Alias != zoom.DefaultAlias {
		t.Errorf("rerun %+v", j)
	}
}

// Other interruptions keep the plain message.
func TestInterruptBetweenCallsKeepsPlainMessage(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	px, proc := interruptOn(t, "CreateAlias")
	dir := t.TempDir()
	cmd := exec.Command(binPath, "setup", "--region", "ap-northeast-1", "--yes", "--state-file", filepath.Join(dir, "s.json"))
	cmd.Env = append(append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, emu.Env(dir)...), "AWS_ENDPOINT_URL="+px.URL)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	proc.Store(cmd.Process)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("setup did not stop after ctrl+c")
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 || !strings.Contains(errb.String(), "interrupted; nothing more was changed") || strings.Contains(errb.String(), "outcome is unknown") {
		t.Errorf("exit %d\n%s", code, errb.String())
	}
}

// With credentials in another partition than aws (GovCloud here, answered
// by the proxy), setup, plan and verify refuse Zoom's commercial account
// unless --zoom-account-id is given, before any write.
func TestNonCommercialPartitionNeedsZoomAccount(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	px := faultproxy.New(t, emu.URL)
	px.Add(faultproxy.CallerIdentity("arn:aws-us-gov:iam::123456789012:user/ops", "123456789012"))
	env := []string{"AWS_ENDPOINT_URL=" + px.URL}
	for _, args := range [][]string{
		{"setup", "--yes", "--region", "us-east-1", "--output", "json"},
		{"plan", "--region", "us-east-1", "--output", "json"},
		{"verify", "--key", "alias/zoom-cmk", "--region", "us-east-1", "--output", "json"},
		{"policy", "--output", "json"},
	} {
		r := zcmk(t, env, args...)
		if r.code != 2 || !strings.Contains(r.stderr, "Zoom for Government") || !strings.Contains(r.stderr, "aws-us-gov") {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
		if j := decodeError(t, r); j.Error.Code != "usage" {
			t.Errorf("%v: %+v", args, *j.Error)
		}
	}
	// A GovCloud Region (from the environment too) is one of the catalogue:
	// plan reaches the same partition check there.
	if r := zcmk(t, append(env, "AWS_REGION=us-gov-west-1"), "plan", "--output", "json"); r.code != 2 || !strings.Contains(r.stderr, "Zoom for Government") {
		t.Errorf("plan, AWS_REGION=us-gov-west-1: exit %d\n%s", r.code, r.stderr)
	}
	if r := zcmk(t, append(env, "AWS_REGION=us-gov-west-1"), "policy"); r.code != 2 || !strings.Contains(r.stderr, "Zoom for Government") {
		t.Errorf("policy, AWS_REGION=us-gov-west-1: exit %d\n%s", r.code, r.stderr)
	}
	for _, req := range px.Requests("") {
		if awsx.IsWrite(req.Op) {
			t.Errorf("write call %s", req.Op)
		}
	}
	// Given explicitly, the account is used.
	r := zcmk(t, env, "plan", "--region", "us-east-1", "--zoom-account-id", "444455556666", "--output", "json")
	if r.code != 0 || decode(t, r).ZoomAccountID != "444455556666" {
		t.Errorf("explicit Zoom account: exit %d\n%s", r.code, r.stderr)
	}
}

// A setup that stops part-way prints the error object with what was done.
func TestJSONErrorCarriesPartialResult(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	px := faultproxy.New(t, emu.URL)
	st, body := faultproxy.AWSError("AccessDeniedException", "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: kms:CreateAlias on resource: x")
	px.Add(faultproxy.Fault{Op: "CreateAlias", Status: st, Body: body})
	r := zcmk(t, []string{"AWS_ENDPOINT_URL=" + px.URL}, "setup", "--yes", "--region", "ap-northeast-1", "--output", "json",
		"--state-file", filepath.Join(t.TempDir(), "s.json"))
	if r.code != 1 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	j := decodeError(t, r)
	if j.Error.Code != "access_denied" || !strings.Contains(j.Error.Fix, "kms:CreateAlias") || j.Error.Command != "setup" {
		t.Errorf("error %+v", *j.Error)
	}
	var withResult struct {
		Result struct {
			Keys []struct {
				ARN     string `json:"arn"`
				Created bool   `json:"created"`
			} `json:"keys"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &withResult); err != nil || len(withResult.Result.Keys) != 1 ||
		!withResult.Result.Keys[0].Created || withResult.Result.Keys[0].ARN == "" {
		t.Errorf("result %+v %v\n%s", withResult, err, r.stdout)
	}
}

// interruptOn is a proxy in front of the emulator that, when op arrives,
// sends SIGINT to the process the test stores in proc, then holds op
// unanswered: ctrl+c while that call is in flight.
func interruptOn(t *testing.T, op string) (*faultproxy.Proxy, *atomic.Pointer[os.Process]) {
	t.Helper()
	px := faultproxy.New(t, emu.URL)
	proc := new(atomic.Pointer[os.Process])
	px.Add(faultproxy.Fault{Op: op, Answer: func(faultproxy.Request) (int, string, bool) {
		if p := proc.Load(); p != nil {
			p.Signal(syscall.SIGINT)
		}
		return 0, "", false
	}})
	px.Add(faultproxy.Fault{Op: op, Hang: true})
	return px, proc
}
