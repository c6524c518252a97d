package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// These tests build the real binary and run it against a real KMS emulator.

var (
	binPath string
	emu     *moto.Server
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "zcmk-e2e")
	if err != nil {
		panic(err)
	}
	binPath = filepath.Join(dir, "zcmk-tui")
	build := exec.Command("go", "build", "-o", binPath, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		os.Stderr.WriteString("FAIL: go build: " + err.Error() + "\n")
		os.Exit(1)
	}
	emu, err = moto.Start()
	if err != nil {
		os.Stderr.WriteString("FAIL: KMS emulator: " + err.Error() + "\n")
		os.Exit(1)
	}
	// The test's own checking client talks to the emulator too.
	for _, kv := range emu.Env(dir) {
		k, v, _ := strings.Cut(kv, "=")
		os.Setenv(k, v)
	}
	code := m.Run()
	emu.Stop()
	os.RemoveAll(dir)
	os.Exit(code)
}

type runResult struct {
	code           int
	stdout, stderr string
}

// zcmk runs the binary with the emulator's environment (or extra env
// overriding it) and no terminal on stdin.
func zcmk(t *testing.T, env []string, args ...string) runResult {
	t.Helper()
	dir := t.TempDir()
	base := append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "XDG_STATE_HOME=" + filepath.Join(dir, "state")}, emu.Env(dir)...)
	return runWith(t, append(base, env...), args...)
}

// runWith runs the binary with exactly the environment env and no terminal
// on stdin.
func runWith(t *testing.T, env []string, args ...string) runResult {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return runResult{code, out.String(), errb.String()}
}

type jsonResult struct {
	AccountID     string `json:"account_id"`
	Partition     string `json:"partition"`
	ZoomAccountID string `json:"zoom_account_id"`
	Alias         string `json:"alias"`
	WriteCalls    int    `json:"write_calls"`
	Keys          []struct {
		Region     string `json:"region"`
		Role       string `json:"role"`
		KeyID      string `json:"key_id"`
		ARN        string `json:"arn"`
		Created    bool   `json:"created"`
		Policy     string `json:"policy"`
		AliasState string `json:"alias_state"`
	} `json:"keys"`
}

func decode(t *testing.T, r runResult) jsonResult {
	t.Helper()
	var j jsonResult
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\nstdout:\n%s\nstderr:\n%s", err, r.stdout, r.stderr)
	}
	return j
}

func TestSetupJSONThenSecondRunUnchanged(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	stateFile := filepath.Join(t.TempDir(), "session.json")
	args := []string{"setup", "--region", "ap-northeast-1", "--replica-region", "ap-northeast-3", "--yes", "--output", "json", "--state-file", stateFile}
	r := zcmk(t, nil, args...)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	j := decode(t, r)
	if j.AccountID != moto.AccountID || j.Partition != "aws" || j.ZoomAccountID != zoom.ZoomAccountID || j.Alias != zoom.DefaultAlias {
		t.Errorf("header %+v", j)
	}
	if len(j.Keys) != 2 {
		t.Fatalf("keys %+v", j.Keys)
	}
	for i, want := range []struct{ region, role string }{{"ap-northeast-1", "primary"}, {"ap-northeast-3", "replica"}} {
		k := j.Keys[i]
		if k.Region != want.region || k.Role != want.role || !k.Created || k.Policy != "applied" || k.AliasState == "planned" || !strings.HasPrefix(k.KeyID, "mrk-") {
			t.Errorf("key %d: %+v", i, k)
		}
	}
	// Check with calls of our own.
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range j.Keys {
		key, err := c.KMS(k.Region).DescribeKey(context.Background(), zoom.DefaultAlias)
		if err != nil || key.ARN != k.ARN {
			t.Errorf("%s: emulator alias -> %v (%v), JSON says %s", k.Region, key, err, k.ARN)
		}
		pol, _ := c.KMS(k.Region).GetKeyPolicy(context.Background(), k.KeyID)
		for _, f := range zoom.CheckPolicy(pol, "aws", moto.AccountID, zoom.ZoomAccountID) {
			if !f.OK {
				t.Errorf("%s: %s: %s", k.Region, f.ID, f.Detail)
			}
		}
	}
	// Session file: atomic, 0600, ARNs, no credentials.
	fi, err := os.Stat(stateFile)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("session file mode %v", fi.Mode().Perm())
	}
	raw, _ := os.ReadFile(stateFile)
	if !strings.Contains(string(raw), j.Keys[1].ARN) || strings.Contains(string(raw), "testing") {
		t.Errorf("session file content:\n%s", raw)
	}
	if s, err := state.Load(stateFile); err != nil || s.PrimaryARN() != j.Keys[0].ARN {
		t.Errorf("session %+v %v", s, err)
	}

	// Second run: nothing changes.
	r2 := zcmk(t, nil, args...)
	if r2.code != 0 {
		t.Fatalf("second run exit %d\n%s", r2.code, r2.stderr)
	}
	j2 := decode(t, r2)
	if j2.WriteCalls != 0 {
		t.Errorf("second run made %d write calls", j2.WriteCalls)
	}
	for _, k := range j2.Keys {
		if k.Created || k.Policy != "unchanged" || k.AliasState != "unchanged" {
			t.Errorf("second run %+v", k)
		}
	}
	if !strings.Contains(r2.stderr, "Nothing to change") {
		t.Errorf("second run does not say nothing changed:\n%s", r2.stderr)
	}

	// The checklist picks up the ARNs from the session file.
	cl := zcmk(t, nil, "checklist", "--state-file", stateFile)
	if cl.code != 0 || !strings.Contains(cl.stdout, j.Keys[0].ARN) || !strings.Contains(cl.stdout, j.Keys[1].ARN) {
		t.Errorf("checklist exit %d:\n%s\n%s", cl.code, cl.stdout, cl.stderr)
	}
}

func TestPlanJSONIsReadOnly(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	r := zcmk(t, nil, "plan", "--region", "us-east-1", "--replica-region", "us-west-2", "--output", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	j := decode(t, r)
	if len(j.Keys) != 2 || j.Keys[0].Policy != "planned" || j.Keys[1].AliasState != "planned" {
		t.Errorf("plan %+v", j)
	}
	c, _ := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if ids, _ := c.KMS("us-east-1").ListMultiRegionKeyIDs(context.Background()); len(ids) != 0 {
		t.Errorf("plan created keys: %v", ids)
	}
}

// counting is an endpoint that records every request and answers 500, to
// prove that bad input makes no AWS call at all.
func counting(t *testing.T) (string, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &n
}

func TestBadInputExits2WithoutCallingAWS(t *testing.T) {
	url, calls := counting(t)
	env := []string{"AWS_ENDPOINT_URL=" + url}
	longAlias := "alias/" + strings.Repeat("a", 10000)
	var manyTags []string
	for i := range 49 {
		manyTags = append(manyTags, "--tag", fmt.Sprintf("t%d=v", i))
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
		env  []string // added to env
	}{
		{"region from AWS_REGION", []string{"setup", "--yes"}, "AWS_REGION", []string{"AWS_REGION=garbage!"}},
		{"region from AWS_DEFAULT_REGION", []string{"plan"}, "AWS_DEFAULT_REGION", []string{"AWS_DEFAULT_REGION=moon-1"}},
		{"region from AWS_REGION, verify", []string{"verify", "--key", "alias/zoom-cmk"}, "AWS_REGION", []string{"AWS_REGION=garbage!"}},
		{"region from AWS_REGION, policy", []string{"policy"}, "AWS_REGION", []string{"AWS_REGION=garbage!"}},
		{"replica is the primary from AWS_REGION", []string{"plan", "--replica-region", "us-east-2"}, "also the primary", []string{"AWS_REGION=us-east-2"}},
		{"endpoint variable with a file URL", []string{"setup", "--yes", "--region", "us-east-1"}, "AWS_ENDPOINT_URL_KMS", []string{"AWS_ENDPOINT_URL_KMS=file:///"}},
		{"AWS_ENDPOINT_URL with a file URL", []string{"verify", "--key", "alias/zoom-cmk", "--region", "us-east-1"}, "AWS_ENDPOINT_URL", []string{"AWS_ENDPOINT_URL=file:///"}},
		{"STS endpoint variable with a file URL", []string{"plan", "--region", "us-east-1"}, "AWS_ENDPOINT_URL_STS", []string{"AWS_ENDPOINT_URL_STS=file:///"}},
		{"plain http to another host in the variable", []string{"plan", "--region", "us-east-1"}, "--allow-insecure-endpoint", []string{"AWS_ENDPOINT_URL_KMS=http://kms.example.com"}},
		{"plain http to another host in the flag", []string{"plan", "--region", "us-east-1", "--endpoint-url", "http://10.1.2.3:5000"}, "--allow-insecure-endpoint", nil},
		{"tag with a newline", []string{"setup", "--yes", "--region", "us-east-1", "--tag", "team=it\nsec"}, "control character", nil},
		{"tag with a tab", []string{"setup", "--yes", "--region", "us-east-1", "--tag", "team=it\tsec"}, "control character", nil},
		{"tag with a trailing CR", []string{"plan", "--region", "us-east-1", "--tag", "team=itsec\r"}, "control character", nil},
		{"too many tags", append([]string{"setup", "--yes", "--region", "us-east-1"}, manyTags...), "at most 48", nil},
		{"tag key twice", []string{"setup", "--yes", "--region", "us-east-1", "--tag", "a=1", "--tag", "a=2"}, "twice", nil},
		{"very long alias", []string{"setup", "--yes", "--region", "us-east-1", "--alias", longAlias}, "10006 characters", nil},
		{"policy for GovCloud with Zoom's commercial account", []string{"policy", "--account-id", "111122223333", "--partition", "aws-us-gov"}, "Zoom for Government", nil},
		{"policy for China with Zoom's commercial account", []string{"policy", "--account-id", "111122223333", "--partition", "aws-cn"}, "--zoom-account-id", nil},
		{"unknown region", []string{"setup", "--yes", "--region", "ap-northeast-9"}, "ap-northeast-9", nil},
		{"unknown replica", []string{"setup", "--yes", "--region", "us-east-1", "--replica-region", "us-west-2,moon-1"}, "moon-1", nil},
		{"primary as replica", []string{"setup", "--yes", "--region", "us-east-1", "--replica-region", "us-east-1"}, "also the primary", nil},
		{"alias without prefix", []string{"setup", "--yes", "--alias", "zoom-cmk"}, "alias/", nil},
		{"reserved alias", []string{"setup", "--yes", "--alias", "alias/aws/zoom"}, "alias/aws/", nil},
		{"alias bad chars", []string{"plan", "--alias", "alias/zoom cmk!"}, "alias", nil},
		{"account id", []string{"policy", "--account-id", "12345"}, "12", nil},
		{"zoom account id", []string{"setup", "--yes", "--zoom-account-id", "abc"}, "Zoom account", nil},
		{"tag", []string{"setup", "--yes", "--tag", "novalue"}, "KEY=VALUE", nil},
		{"output", []string{"plan", "--output", "yaml"}, "text or json", nil},
		{"endpoint", []string{"plan", "--endpoint-url", "localhost:5000"}, "http", nil},
		{"unknown flag", []string{"setup", "--colour"}, "unknown flag", nil},
		{"missing argument", []string{"setup", "--region"}, "needs an argument", nil},
		{"unknown command", []string{"deploy"}, "unknown command", nil},
		{"key ARN", []string{"plan", "--key", "arn:aws:kms:us-east-1:123456789012:alias/zoom"}, "alias", nil},
		{"no terminal, no --yes", []string{"setup", "--region", "us-east-1"}, "--yes", nil},
		{"checklist format", []string{"checklist", "--format", "pdf"}, "markdown", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := calls.Load()
			r := zcmk(t, append(append([]string{}, env...), tc.env...), tc.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2\nstderr: %.2000s", r.code, r.stderr)
			}
			// Values are shortened in messages: a 10,000-character alias is
			// not echoed whole.
			if len(r.stderr) > 2000 {
				t.Errorf("stderr is %d bytes long: %.300s…", len(r.stderr), r.stderr)
			}
			if !strings.Contains(strings.ToLower(r.stderr), strings.ToLower(tc.want)) {
				t.Errorf("stderr does not mention %q:\n%s", tc.want, r.stderr)
			}
			if n := calls.Load() - before; n != 0 {
				t.Errorf("%d AWS call(s) made for bad input", n)
			}
		})
	}
}

func TestNoCredentials(t *testing.T) {
	url, calls := counting(t)
	env := []string{"AWS_ENDPOINT_URL=" + url, "AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY="}
	r := zcmk(t, env, "setup", "--yes", "--region", "us-east-1")
	if r.code != 1 || !strings.Contains(r.stderr, "aws configure") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if calls.Load() != 0 {
		t.Errorf("%d calls without credentials", calls.Load())
	}
	// A dry run without credentials needs the account ID...
	r = zcmk(t, env, "plan", "--dry-run", "--region", "us-east-1")
	if r.code != 2 || !strings.Contains(r.stderr, "--account-id") {
		t.Errorf("dry run without account: exit %d\n%s", r.code, r.stderr)
	}
	// ...and with it, plans offline.
	r = zcmk(t, env, "plan", "--dry-run", "--account-id", "111122223333", "--region", "us-east-1", "--replica-region", "us-west-2", "--output", "json")
	if r.code != 0 {
		t.Fatalf("offline dry run: exit %d\n%s", r.code, r.stderr)
	}
	if j := decode(t, r); j.AccountID != "111122223333" || len(j.Keys) != 2 {
		t.Errorf("offline plan %+v", j)
	}
}

func TestPolicyWithoutAWS(t *testing.T) {
	url, calls := counting(t)
	r := zcmk(t, []string{"AWS_ENDPOINT_URL=" + url}, "policy", "--account-id", "111122223333")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("policy is not JSON: %v\n%s", err, r.stdout)
	}
	for _, want := range []string{"arn:aws:iam::111122223333:root", "arn:aws:iam::409910850980:root", "kms:Encrypt", "kms:GenerateDataKey*"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("policy lacks %s", want)
		}
	}
	if calls.Load() != 0 {
		t.Errorf("%d AWS calls", calls.Load())
	}
}

func TestHelpHasExamples(t *testing.T) {
	for _, sub := range []string{"", "setup", "plan", "verify", "drill", "policy", "checklist", "version"} {
		args := []string{"--help"}
		if sub != "" {
			args = []string{sub, "--help"}
		}
		r := zcmk(t, nil, args...)
		if r.code != 0 || !strings.Contains(r.stdout, "Examples:") || !strings.Contains(r.stdout, "zcmk-tui") {
			t.Errorf("%s --help: exit %d\n%s", sub, r.code, r.stdout)
		}
	}
	if r := zcmk(t, nil, "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "zcmk-tui ") {
		t.Errorf("version: %d %q", r.code, r.stdout)
	}
}
