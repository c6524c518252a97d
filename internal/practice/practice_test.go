package practice_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/practice"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

var ctx = context.Background()

// start runs a practice AWS for the test and points the SDK of this process
// at nothing else: static dummy credentials, no shared files, no profile.
func start(t *testing.T, faults ...string) *practice.Server {
	t.Helper()
	var fs []practice.Fault
	for _, f := range faults {
		fl, err := practice.ParseFault(f)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, fl)
	}
	s, err := practice.Start(practice.Options{StatePath: filepath.Join(t.TempDir(), "practice.json"), Faults: fs})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "AKIAPRACTICEEXAMPLE", "AWS_SECRET_ACCESS_KEY": "practice", "AWS_SESSION_TOKEN": "",
		"AWS_CONFIG_FILE": filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_PROFILE": "", "AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_ENDPOINT_URL": "",
	} {
		t.Setenv(k, v)
	}
	return s
}

func engine(t *testing.T, s *practice.Server) *setup.Engine {
	t.Helper()
	e, err := setup.New(ctx, setup.Config{EndpointURL: s.URL, MaxAttempts: 3})
	if err != nil {
		t.Fatal(err)
	}
	e.PollInterval = 10e6
	return e
}

func clients(t *testing.T, s *practice.Server) *awsx.Clients {
	t.Helper()
	c, err := awsx.Load(ctx, awsx.Config{EndpointURL: s.URL, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func setUp(t *testing.T, e *setup.Engine, primary string, replicas ...string) (*setup.Result, error) {
	t.Helper()
	p, err := e.Plan(ctx, setup.Options{Region: primary, Replicas: replicas, Rotation: true})
	if err != nil {
		return nil, err
	}
	return e.Apply(ctx, p, nil)
}

func TestSetupRerunAndVerifyOnThePracticeAWS(t *testing.T) {
	s := start(t)
	if u, _ := url.Parse(s.URL); u.Hostname() != "127.0.0.1" {
		t.Fatalf("practice AWS listens on %s, want loopback only", s.URL)
	}
	e := engine(t, s)
	if _, err := setUp(t, e, "ap-northeast-1", "ap-northeast-3"); err != nil {
		t.Fatalf("setup: %v", err)
	}
	c := clients(t, s)
	for _, r := range []string{"ap-northeast-1", "ap-northeast-3"} {
		k, err := c.KMS(r).DescribeKey(ctx, zoom.DefaultAlias)
		if err != nil {
			t.Fatalf("%s: %v", r, err)
		}
		if !strings.HasPrefix(k.KeyID, "mrk-") || k.PrimaryRegion != "ap-northeast-1" || k.State != "Enabled" {
			t.Errorf("%s: key %+v", r, k)
		}
		if !strings.HasPrefix(k.ARN, "arn:aws:kms:"+r+":"+practice.Account+":key/mrk-") {
			t.Errorf("%s: ARN %s is not in the practice account", r, k.ARN)
		}
		pol, err := c.KMS(r).GetKeyPolicy(ctx, k.KeyID)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zoom.CheckPolicy(pol, "aws", practice.Account, zoom.ZoomAccountID) {
			if !f.OK {
				t.Errorf("%s: %s: %s", r, f.ID, f.Detail)
			}
		}
	}
	e2 := engine(t, s)
	if _, err := setUp(t, e2, "ap-northeast-1", "ap-northeast-3"); err != nil {
		t.Fatal(err)
	}
	if n := e2.WriteCalls(); n != 0 {
		t.Errorf("a rerun made %d writes, want 0", n)
	}
}

// Real KMS copies nothing into a replica but the key material: the replica
// has the policy, tags and description ReplicateKey gave it, and no alias
// (moto copies the primary's policy and aliases).
func TestReplicaGetsOnlyWhatReplicateKeyGives(t *testing.T) {
	s := start(t)
	c := clients(t, s)
	k, err := c.KMS("us-east-1").CreateKey(ctx, awsx.CreateKeyInput{Policy: adminPolicy("Primary"), Description: "p", Tags: []awsx.Tag{{Key: "a", Value: "1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.KMS("us-east-1").CreateAlias(ctx, "alias/x", k.KeyID); err != nil {
		t.Fatal(err)
	}
	rep, err := c.KMS("us-east-1").ReplicateKey(ctx, k.KeyID, "us-west-2", adminPolicy("Replica"), "r", nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.State != "Creating" {
		t.Errorf("a new replica is %s, want Creating", rep.State)
	}
	if _, err := c.KMS("us-west-2").DescribeKey(ctx, "alias/x"); !awsx.IsNotFound(err) {
		t.Errorf("the primary's alias was copied into the replica Region: %v", err)
	}
	pol, _ := c.KMS("us-west-2").GetKeyPolicy(ctx, k.KeyID)
	if !strings.Contains(pol, `"Replica"`) {
		t.Errorf("replica policy %s, want the one ReplicateKey gave", pol)
	}
	if tags, _ := c.KMS("us-west-2").Tags(ctx, k.KeyID); len(tags) != 0 {
		t.Errorf("replica tags %v, want none", tags)
	}
	if d, _ := c.KMS("us-west-2").DescribeKey(ctx, k.KeyID); d.Description != "r" {
		t.Errorf("replica description %q", d.Description)
	}
}

func adminPolicy(sid string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"` + sid + `","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + practice.Account + `:root"},"Action":"kms:*","Resource":"*"}]}`
}

func TestLockoutCheck(t *testing.T) {
	s := start(t)
	c := clients(t, s)
	zoomOnly := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::409910850980:root"},"Action":"kms:Decrypt","Resource":"*"}]}`
	_, err := c.KMS("us-east-1").CreateKey(ctx, awsx.CreateKeyInput{Policy: zoomOnly})
	var ae *awsx.Error
	if !errors.As(err, &ae) || ae.Kind != awsx.KindLockout {
		t.Fatalf("CreateKey with a policy that locks the caller out: %v, want a lockout refusal", err)
	}
	k, err := c.KMS("us-east-1").CreateKey(ctx, awsx.CreateKeyInput{Policy: adminPolicy("A")})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.KMS("us-east-1").PutKeyPolicy(ctx, k.KeyID, zoomOnly); !errors.As(err, &ae) || ae.Kind != awsx.KindLockout {
		t.Errorf("PutKeyPolicy with a lockout policy: %v", err)
	}
	if err := c.KMS("us-east-1").PutKeyPolicy(ctx, k.KeyID, "not json"); err == nil {
		t.Error("PutKeyPolicy accepted text that is not a policy")
	}
}

func TestZoomUseAndADisabledKey(t *testing.T) {
	s := start(t)
	e := engine(t, s)
	if _, err := setUp(t, e, "us-east-1", "us-west-2"); err != nil {
		t.Fatal(err)
	}
	c := clients(t, s)
	k, _ := c.KMS("us-west-2").DescribeKey(ctx, zoom.DefaultAlias)
	if err := c.KMS("us-west-2").DisableKey(ctx, k.KeyID); err != nil {
		t.Fatal(err)
	}
	uses := s.ZoomUses(setup.TagAlias, zoom.DefaultAlias)
	if len(uses) != 2 {
		t.Fatalf("Zoom used %d keys, want 2: %+v", len(uses), uses)
	}
	for _, u := range uses {
		want := u.Region == "us-east-1"
		if u.OK != want || (!want && u.Error != "DisabledException") {
			t.Errorf("%s: %+v", u.Region, u)
		}
	}
	lu, err := c.KMS("us-east-1").LastUsage(ctx, k.KeyID)
	if err != nil || !lu.Used || lu.Operation != "GenerateDataKey" {
		t.Errorf("last usage of the enabled key: %+v %v", lu, err)
	}
	ev, err := c.CloudTrail("us-east-1").LookupKeyEvents(ctx, "arn:aws:kms:us-east-1:"+practice.Account+":key/"+k.KeyID, k.Created.Add(-1e9))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range ev.Events {
		found = found || (x.AccountID == practice.ZoomAccount && x.Name == "GenerateDataKey")
	}
	if !found {
		t.Errorf("Zoom's use is not in the event history: %+v", ev.Events)
	}
}

func TestUnknownOperationIsAnsweredLikeAWS(t *testing.T) {
	s := start(t)
	req, _ := http.NewRequest("POST", s.URL, bytes.NewReader([]byte("{}")))
	req.Header.Set("X-Amz-Target", "TrentService.ListGrants")
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=x")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	if resp.StatusCode != 400 || !strings.Contains(b.String(), "UnknownOperationException") || !strings.Contains(b.String(), "practice AWS does not have") {
		t.Errorf("HTTP %d %s", resp.StatusCode, b.String())
	}
}

func TestStateIsKeptAndADamagedFileIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.json")
	s, err := practice.Start(practice.Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	start(t) // credentials for the SDK
	c := clients(t, s)
	k, err := c.KMS("eu-west-1").CreateKey(ctx, awsx.CreateKeyInput{Policy: adminPolicy("A")})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v %v", fi, err)
	}
	s2, err := practice.Start(practice.Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := clients(t, s2).KMS("eu-west-1").DescribeKey(ctx, k.KeyID); err != nil {
		t.Errorf("the key is gone after a restart: %v", err)
	}
	os.WriteFile(path, []byte(`{"version":1,"regi`), 0o600)
	if _, err := practice.Start(practice.Options{StatePath: path}); err == nil || !strings.Contains(err.Error(), "--reset") {
		t.Errorf("a damaged state file: %v", err)
	}
}

// Every practice fault shows the tool's real recovery path.
func TestPracticeFaults(t *testing.T) {
	t.Run("lost CreateKey response: the rerun adopts the key", func(t *testing.T) {
		s := start(t, "lost-create-key")
		// The engine looks for the key after an ambiguous CreateKey and
		// adopts it in the same run, or the rerun does.
		if _, err := setUp(t, engine(t, s), "us-east-1", "us-west-2"); err != nil {
			var ae *awsx.Error
			if !errors.As(err, &ae) || ae.Kind != awsx.KindAmbiguous {
				t.Fatalf("first run: %v, want success or an ambiguous failure", err)
			}
			if _, err := setUp(t, engine(t, s), "us-east-1", "us-west-2"); err != nil {
				t.Fatalf("rerun: %v", err)
			}
		}
		dropped := 0
		for _, c := range s.Calls() {
			if c.Op == "CreateKey" && c.Status == 0 {
				dropped++
			}
		}
		if dropped != 1 {
			t.Errorf("%d CreateKey answers were lost, want 1: %+v", dropped, s.Calls())
		}
		ids, _ := clients(t, s).KMS("us-east-1").ListMultiRegionKeyIDs(ctx)
		if len(ids) != 1 {
			t.Errorf("%d keys after the rerun, want 1", len(ids))
		}
	})
	t.Run("throttling: the SDK retries", func(t *testing.T) {
		s := start(t, "throttle")
		if _, err := setUp(t, engine(t, s), "us-east-1", "us-west-2"); err != nil {
			t.Fatalf("setup under throttling: %v", err)
		}
		throttled := 0
		for _, c := range s.Calls() {
			if c.Status == 400 {
				throttled++
			}
		}
		if throttled == 0 {
			t.Error("no call was throttled")
		}
	})
	for _, tc := range []struct {
		fault string
		kind  awsx.Kind
	}{
		{"deny:ReplicateKey", awsx.KindAccessDenied},
		// A read that is never answered ends at the tool's call timeout:
		// nothing was changed, the Region is unreachable.
		{"region-down:us-west-2", awsx.KindUnreachable},
		{"region-not-enabled:ap-east-1", awsx.KindRegionDisabled},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			s := start(t, tc.fault)
			e, err := setup.New(ctx, setup.Config{EndpointURL: s.URL, MaxAttempts: 2, CallTimeout: 200e6})
			if err != nil {
				t.Fatal(err)
			}
			_, region, _ := strings.Cut(tc.fault, ":")
			if tc.fault == "deny:ReplicateKey" {
				region = "us-west-2"
			}
			_, err = setUp(t, e, "us-east-1", region)
			var ae *awsx.Error
			if !errors.As(err, &ae) || ae.Kind != tc.kind || ae.Region != region {
				t.Fatalf("setup: %v, want kind %v in %s", err, tc.kind, region)
			}
		})
	}
}

func TestParseFault(t *testing.T) {
	for _, bad := range []string{"nope", "deny", "throttle:x", "region-down"} {
		if _, err := practice.ParseFault(bad); err == nil {
			t.Errorf("ParseFault(%q) accepted", bad)
		}
	}
	if f, err := practice.ParseFault("deny:CreateKey"); err != nil || f.Arg != "CreateKey" {
		t.Errorf("%+v %v", f, err)
	}
}

// Two practice runs on one state file (the wizard in one terminal, verify
// in another) see each other's changes and lose none.
func TestTwoRunsShareTheState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.json")
	a, err := practice.Start(practice.Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := practice.Start(practice.Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	start(t) // credentials for the SDK
	ca, cb := clients(t, a), clients(t, b)
	k, err := ca.KMS("us-east-1").CreateKey(ctx, awsx.CreateKeyInput{Policy: adminPolicy("A")})
	if err != nil {
		t.Fatal(err)
	}
	if err := cb.KMS("us-east-1").CreateAlias(ctx, "alias/from-b", k.KeyID); err != nil {
		t.Fatalf("the second run does not see the first's key: %v", err)
	}
	if err := ca.KMS("us-east-1").CreateAlias(ctx, "alias/from-a", k.KeyID); err != nil {
		t.Fatal(err)
	}
	for _, alias := range []string{"alias/from-a", "alias/from-b"} {
		for name, c := range map[string]*awsx.Clients{"a": ca, "b": cb} {
			if _, err := c.KMS("us-east-1").DescribeKey(ctx, alias); err != nil {
				t.Errorf("run %s does not see %s: %v", name, alias, err)
			}
		}
	}
}

// A drill's safety net in practice does what EventBridge Scheduler does in
// AWS: once its time has passed, the schedule enables the key (and, with
// ActionAfterCompletion DELETE, is gone), even though the tool that made it
// is not running any more.
func TestSafetyNetScheduleRunsAtItsTime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.json")
	now := time.Now().UTC()
	clock := func() time.Time { return now }
	s, err := practice.Start(practice.Options{StatePath: path, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start(t) // credentials for the SDK
	c := clients(t, s)
	k, err := c.KMS("us-west-2").CreateKey(ctx, awsx.CreateKeyInput{Policy: adminPolicy("A")})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.KMS("us-west-2").DisableKey(ctx, k.KeyID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Scheduler("us-west-2").CreateSchedule(ctx, awsx.Schedule{Name: "zcmk-tui-drill-x", Expression: awsx.AtExpression(now.Add(2 * time.Minute)),
		TargetARN: "arn:aws:scheduler:::aws-sdk:kms:enableKey", RoleARN: "arn:aws:iam::" + practice.Account + ":role/r", Input: `{"KeyId":"` + k.ARN + `"}`}); err != nil {
		t.Fatal(err)
	}
	if d, _ := c.KMS("us-west-2").DescribeKey(ctx, k.KeyID); d.State != "Disabled" {
		t.Fatalf("the schedule ran before its time: %s", d.State)
	}
	now = now.Add(3 * time.Minute) // the laptop was off; the deadline passed
	if d, _ := c.KMS("us-west-2").DescribeKey(ctx, k.KeyID); d.State != "Enabled" {
		t.Errorf("after the schedule's time the key is %s, want Enabled", d.State)
	}
	if _, err := c.Scheduler("us-west-2").GetSchedule(ctx, "zcmk-tui-drill-x"); !awsx.IsNotFound(err) {
		t.Errorf("the schedule is still there after it ran (ActionAfterCompletion DELETE): %v", err)
	}
}

// An address dropped from the alerts on the practice AWS: its subscription
// is pending (nobody confirms there), so setup plans no Unsubscribe and says
// it goes by itself; Unsubscribe refuses the pending placeholder as SNS does
// and takes an ARN that is gone already.
func TestDroppedAlertAddressOnThePracticeAWS(t *testing.T) {
	s := start(t)
	o := setup.Options{Region: "ap-northeast-1", Rotation: true, AlertEmails: []string{"a@example.com", "b@example.com"}}
	e := engine(t, s)
	p, err := e.Plan(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Apply(ctx, p, nil); err != nil {
		t.Fatal(err)
	}
	o.AlertEmails = []string{"a@example.com"}
	p, err = engine(t, s).Plan(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if p.Changes() != 0 || len(p.Alerts) != 1 || len(p.Alerts[0].DroppedPending) != 1 || p.Alerts[0].DroppedPending[0] != "b@example.com" {
		t.Errorf("plan: %d changes, alerts %+v", p.Changes(), p.Alerts)
	}
	sn := clients(t, s).SNS("ap-northeast-1")
	if err := sn.Unsubscribe(ctx, "PendingConfirmation"); err == nil {
		t.Error("Unsubscribe of a pending subscription's placeholder succeeded")
	}
	topic := zoom.AlertTopicARN("aws", "ap-northeast-1", practice.Account, zoom.AlertName(zoom.DefaultAlias))
	if err := sn.Unsubscribe(ctx, topic+":00000000-0000-0000-0000-000000000000"); err != nil {
		t.Errorf("Unsubscribe of a subscription that is gone: %v", err)
	}
}
