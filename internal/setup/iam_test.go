package setup

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
)

// widen makes every Resource "*": the emulator matches IAM actions but not
// KMS resource ARNs, so the scoping is tested on its own (a unit test of
// the document in internal/aws), and this test proves the actions.
func widen(t *testing.T, doc string, drop ...string) string {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatal(err)
	}
	for _, s := range d["Statement"].([]any) {
		st := s.(map[string]any)
		st["Resource"] = "*"
		var keep []any
		for _, a := range st["Action"].([]any) {
			if !strings.Contains(strings.Join(drop, " "), a.(string)) {
				keep = append(keep, a)
			}
		}
		st["Action"] = keep
	}
	b, _ := json.Marshal(d)
	return string(b)
}

var (
	accessKeyIDRE = regexp.MustCompile(`<AccessKeyId>([^<]+)</AccessKeyId>`)
	secretRE      = regexp.MustCompile(`<SecretAccessKey>([^<]+)</SecretAccessKey>`)
)

// iamUser makes a user holding policy and returns its access key.
func iamUser(t *testing.T, srv *moto.Server, name, policy string) (string, string) {
	t.Helper()
	call := func(v url.Values) string {
		t.Helper()
		v.Set("Version", "2010-05-08")
		out, err := srv.CallQuery("iam", "us-east-1", "testing", v)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	call(url.Values{"Action": {"CreateUser"}, "UserName": {name}})
	call(url.Values{"Action": {"CreatePolicy"}, "PolicyName": {name}, "PolicyDocument": {policy}})
	call(url.Values{"Action": {"AttachUserPolicy"}, "UserName": {name}, "PolicyArn": {"arn:aws:iam::" + moto.AccountID + ":policy/" + name}})
	out := call(url.Values{"Action": {"CreateAccessKey"}, "UserName": {name}})
	id, secret := accessKeyIDRE.FindStringSubmatch(out), secretRE.FindStringSubmatch(out)
	if id == nil || secret == nil {
		t.Fatalf("CreateAccessKey: no key in the answer:\n%s", out)
	}
	return id[1], secret[1]
}

// The policy `zcmk-tui permissions` prints is enough: on an emulator that
// enforces IAM, a user holding it (resources widened to "*") runs setup with
// alerts in two Regions, a rerun, and verify; a user holding it without
// events:PutRule is refused, and the refusal names events:PutRule.
func TestOperatorPolicyIsEnough(t *testing.T) {
	// Two users of four IAM calls each, unchecked; every call after them is.
	srv, err := moto.StartEnv(fmt.Sprintf("INITIAL_NO_AUTH_ACTION_COUNT=%d", moto.StartCalls+8))
	if err != nil {
		t.Fatalf("KMS emulator: %v", err)
	}
	t.Cleanup(srv.Stop)
	doc, err := OperatorPolicy("aws", moto.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	id, secret := iamUser(t, srv, "operator", widen(t, doc))
	id2, secret2 := iamUser(t, srv, "short", widen(t, doc, "events:PutRule"))

	t.Setenv("AWS_ACCESS_KEY_ID", id2)
	t.Setenv("AWS_SECRET_ACCESS_KEY", secret2)
	short := newEngine(t, srv.URL)
	p, err := short.Plan(ctx, alertOpts("us-east-1", "us-west-2"))
	if err != nil {
		t.Fatalf("plan as the user without events:PutRule: %v", err)
	}
	_, err = short.Apply(ctx, p, nil)
	if awsx.KindOf(err) != awsx.KindAccessDenied || !strings.Contains(err.Error(), "events:PutRule") {
		t.Fatalf("without events:PutRule: %v, want access denied naming events:PutRule (is IAM enforced?)", err)
	}

	t.Setenv("AWS_ACCESS_KEY_ID", id)
	t.Setenv("AWS_SECRET_ACCESS_KEY", secret)
	e := newEngine(t, srv.URL)
	p, err = e.Plan(ctx, alertOpts("us-east-1", "us-west-2"))
	if err != nil {
		t.Fatalf("plan as the operator: %v", err)
	}
	res, err := e.Apply(ctx, p, nil)
	if err != nil {
		t.Fatalf("setup as the operator: %v", err)
	}
	again := newEngine(t, srv.URL)
	p2, err := again.Plan(ctx, alertOpts("us-east-1", "us-west-2"))
	if err != nil || p2.Changes() != 0 {
		t.Fatalf("rerun as the operator: %v, %d changes", err, p2.Changes())
	}
	sess := &state.Session{}
	res.Record(sess, "", time.Now())
	rep, err := newEngine(t, srv.URL).Verify(ctx, VerifyOptionsFor(sess))
	if err != nil {
		t.Fatalf("verify as the operator: %v", err)
	}
	for _, k := range rep.Keys {
		for _, c := range k.Checks {
			if strings.Contains(c.Error+c.Detail(), "denied") || strings.Contains(c.Error+c.Detail(), "not authorized") {
				t.Errorf("%s %s: %s %s", k.Region, c.ID, c.Detail(), c.Error)
			}
		}
	}
}
