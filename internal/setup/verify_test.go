package setup

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Verify against the KMS emulator. Every broken set-up is made with calls of
// the test's own (awstest, or a separate client), never with the product.

// setUpSet creates a key set with the engine and returns its primary ARN and key ID.
func setUpSet(t *testing.T, primary string, replicas ...string) (arn, keyID string) {
	t.Helper()
	e := fresh(t)
	r := mustApply(t, e, mustPlan(t, e, opts(primary, replicas...)))
	return r.Keys[0].ARN, r.Keys[0].KeyID
}

func mustVerify(t *testing.T, o VerifyOptions) *VerifyReport {
	t.Helper()
	return verifyAt(t, emu.URL, o)
}

// verifyAt runs Verify through endpoint and checks that it wrote nothing.
func verifyAt(t *testing.T, endpoint string, o VerifyOptions) *VerifyReport {
	t.Helper()
	e := newEngine(t, endpoint)
	rep, err := e.Verify(ctx, o)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if n := e.WriteCalls(); n != 0 {
		t.Errorf("Verify made %d write call(s)", n)
	}
	return rep
}

// wantCheck asserts the status of one check and that its detail (and fix)
// mention each of contains.
func wantCheck(t *testing.T, rep *VerifyReport, region, id, status string, contains ...string) *Check {
	t.Helper()
	c := rep.Find(region, id)
	if c == nil {
		t.Fatalf("%s: no %s check in\n%s", region, id, dump(rep))
	}
	if c.Status != status {
		t.Errorf("%s %s: status %s, want %s: %s (fix: %s)", region, id, c.Status, status, c.Detail(), c.Fix())
	}
	for _, s := range contains {
		if !strings.Contains(c.Detail()+" "+c.Fix(), s) {
			t.Errorf("%s %s: %q / %q lacks %q", region, id, c.Detail(), c.Fix(), s)
		}
	}
	if status != CheckOK && status != CheckUnknown && c.Fix() == "" {
		t.Errorf("%s %s is %s but has no fix", region, id, status)
	}
	if strings.Contains(c.Detail(), "\n") {
		t.Errorf("%s %s: detail is not one line: %q", region, id, c.Detail())
	}
	return c
}

func dump(rep *VerifyReport) string {
	b, _ := json.MarshalIndent(rep, "", "  ")
	return string(b)
}

func ids(k KeyReport) []string {
	var out []string
	for _, c := range k.Checks {
		out = append(out, c.ID)
	}
	return out
}

// onlyFailing lists region/id of every check with a status other than ok.
func notOK(rep *VerifyReport) []string {
	var out []string
	for _, k := range rep.Keys {
		for _, c := range k.Checks {
			if c.Status != CheckOK && c.Status != CheckUnknown {
				out = append(out, k.Region+"/"+c.ID+"="+c.Status)
			}
		}
	}
	return out
}

func TestVerifyHealthySet(t *testing.T) {
	arn, keyID := setUpSet(t, "ap-northeast-1", "ap-northeast-3")
	rep := mustVerify(t, VerifyOptions{Key: arn, SetupAt: time.Now()})
	if !rep.OK || rep.Failed() || rep.Incomplete() || rep.Warnings() != 0 {
		t.Fatalf("healthy set: ok=%v not ok: %v\n%s", rep.OK, notOK(rep), dump(rep))
	}
	if rep.AccountID != moto.AccountID || rep.PrimaryRegion != "ap-northeast-1" || rep.KeyID != keyID {
		t.Errorf("header %+v", rep)
	}
	if len(rep.Keys) != 2 || rep.Keys[0].Region != "ap-northeast-1" || rep.Keys[1].Region != "ap-northeast-3" {
		t.Fatalf("regions %+v", rep.Keys)
	}
	if got, want := ids(rep.Keys[0]), []string{"key-state", "key-kind", "zoom-grant", "admin", "alias", "rotation", "last-use"}; !slices.Equal(got, want) {
		t.Errorf("primary checks %v, want %v", got, want)
	}
	if got, want := ids(rep.Keys[1]), []string{"key-state", "key-kind", "zoom-grant", "admin", "drift", "alias", "last-use"}; !slices.Equal(got, want) {
		t.Errorf("replica checks %v, want %v", got, want)
	}
	if rep.Keys[0].ARN != arn || !strings.Contains(rep.Keys[1].ARN, ":ap-northeast-3:") || rep.Keys[1].Role != RoleReplica {
		t.Errorf("keys %+v", rep.Keys)
	}
	// The emulator does not implement GetKeyLastUsage: "unknown", not a failure.
	c := wantCheck(t, rep, "ap-northeast-3", CheckLastUse, CheckUnknown, "does not support")
	if !c.Unknown {
		t.Errorf("last-use on an emulator: unknown=false: %+v", c)
	}
	wantCheck(t, rep, "ap-northeast-3", CheckDrift, CheckOK)
	wantCheck(t, rep, "ap-northeast-1", CheckRotation, CheckOK)
}

func TestVerifyByAliasAndRegion(t *testing.T) {
	_, keyID := setUpSet(t, "us-east-1", "us-west-2")
	rep := mustVerify(t, VerifyOptions{Key: zoom.DefaultAlias, Region: "us-east-1"})
	if !rep.OK || len(rep.Keys) != 2 || rep.KeyID != keyID {
		t.Fatalf("ok=%v %v\n%s", rep.OK, notOK(rep), dump(rep))
	}
}

// badPolicy is the engine's own policy with the Zoom statement edited by fn.
func zoomPolicy(t *testing.T, fn func(zs map[string]any)) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(zoom.BuildPolicy("aws", moto.AccountID, zoom.ZoomAccountID)), &doc); err != nil {
		t.Fatal(err)
	}
	for _, s := range doc["Statement"].([]any) {
		st := s.(map[string]any)
		if st["Sid"] == zoom.ZoomSid {
			fn(st)
		}
	}
	b, _ := json.Marshal(doc)
	return string(b)
}

func adminOnlyPolicy() string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"EnableAccountAdministration","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + moto.AccountID + `:root"},"Action":"kms:*","Resource":"*"}]}`
}

func TestVerifyDriftedReplicaWithoutZoom(t *testing.T) {
	arn, keyID := setUpSet(t, "ap-northeast-1", "ap-northeast-3")
	if err := checker(t).KMS("ap-northeast-3").PutKeyPolicy(ctx, keyID, adminOnlyPolicy()); err != nil {
		t.Fatal(err)
	}
	rep := mustVerify(t, VerifyOptions{Key: arn})
	if rep.OK || !rep.Failed() {
		t.Fatalf("a replica without Zoom's grant passed:\n%s", dump(rep))
	}
	wantCheck(t, rep, "ap-northeast-3", CheckDrift, CheckFail, "differ from the primary", "ap-northeast-1", "put-key-policy")
	wantCheck(t, rep, "ap-northeast-3", CheckZoomGrant, CheckFail, "409910850980", "zcmk-tui setup")
	wantCheck(t, rep, "ap-northeast-3", CheckAdmin, CheckOK)
	wantCheck(t, rep, "ap-northeast-1", CheckZoomGrant, CheckOK)
	if got := notOK(rep); !slices.Equal(got, []string{"ap-northeast-3/zoom-grant=fail", "ap-northeast-3/drift=fail"}) {
		t.Errorf("not ok: %v", got)
	}
}

func TestVerifyDriftedReplicaWithCondition(t *testing.T) {
	arn, keyID := setUpSet(t, "us-east-1", "us-west-2")
	narrowed := zoomPolicy(t, func(zs map[string]any) {
		zs["Condition"] = map[string]any{"StringEquals": map[string]any{"kms:ViaService": "s3.us-west-2.amazonaws.com"}}
	})
	if err := checker(t).KMS("us-west-2").PutKeyPolicy(ctx, keyID, narrowed); err != nil {
		t.Fatal(err)
	}
	rep := mustVerify(t, VerifyOptions{Key: arn})
	wantCheck(t, rep, "us-west-2", CheckDrift, CheckFail, "1 only here, 1 only in the primary")
	wantCheck(t, rep, "us-west-2", CheckZoomGrant, CheckFail, "Condition")
}

func TestVerifyDriftIsAboutMeaningNotText(t *testing.T) {
	arn, keyID := setUpSet(t, "us-east-1", "us-west-2")
	// Same grant, other Sid, actions in another order, principal as a bare
	// account ID: no drift.
	same := zoomPolicy(t, func(zs map[string]any) {
		zs["Sid"] = "ZoomAccess"
		zs["Action"] = []any{"kms:GenerateDataKey*", "kms:DescribeKey", "kms:Encrypt", "kms:Decrypt"}
		zs["Principal"] = map[string]any{"AWS": zoom.ZoomAccountID}
	})
	if err := checker(t).KMS("us-west-2").PutKeyPolicy(ctx, keyID, same); err != nil {
		t.Fatal(err)
	}
	rep := mustVerify(t, VerifyOptions{Key: arn})
	if !rep.OK {
		t.Fatalf("equivalent policy reported: %v\n%s", notOK(rep), dump(rep))
	}
}

func TestVerifyDisabledReplica(t *testing.T) {
	arn, keyID := setUpSet(t, "ap-northeast-1", "ap-northeast-3")
	awstest.DisableKey(t, emu.URL, "ap-northeast-3", keyID)
	rep := mustVerify(t, VerifyOptions{Key: arn})
	if rep.OK || !rep.Failed() {
		t.Fatalf("disabled replica passed:\n%s", dump(rep))
	}
	wantCheck(t, rep, "ap-northeast-3", CheckKeyState, CheckFail, "Disabled", "aws kms enable-key --key-id "+keyID+" --region ap-northeast-3")
	wantCheck(t, rep, "ap-northeast-1", CheckKeyState, CheckOK)
	if rep.Keys[1].KeyState != "Disabled" {
		t.Errorf("key_state %q", rep.Keys[1].KeyState)
	}
}

func TestVerifyKeyScheduledForDeletion(t *testing.T) {
	arn, keyID := setUpSet(t, "ap-northeast-1", "ap-northeast-3")
	awstest.ScheduleDeletion(t, emu.URL, "ap-northeast-3", keyID)
	k, err := checker(t).KMS("ap-northeast-3").DescribeKey(ctx, keyID)
	if err != nil || k.DeletionDate.IsZero() {
		t.Fatalf("scheduled key: %+v %v", k, err)
	}
	date := k.DeletionDate.UTC().Format("2006-01-02")
	rep := mustVerify(t, VerifyOptions{Key: arn})
	if rep.OK || !rep.Failed() {
		t.Fatalf("key pending deletion passed:\n%s", dump(rep))
	}
	wantCheck(t, rep, "ap-northeast-3", CheckKeyState, CheckFail, "PendingDeletion", date,
		"CancelKeyDeletion", "aws kms cancel-key-deletion --key-id "+keyID+" --region ap-northeast-3")
}

func TestVerifyZoomStatementWithoutEncrypt(t *testing.T) {
	arn, keyID := setUpSet(t, "us-east-1", "us-west-2")
	older := zoomPolicy(t, func(zs map[string]any) {
		zs["Action"] = []any{"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*"}
	})
	for _, r := range []string{"us-east-1", "us-west-2"} {
		if err := checker(t).KMS(r).PutKeyPolicy(ctx, keyID, older); err != nil {
			t.Fatal(err)
		}
	}
	rep := mustVerify(t, VerifyOptions{Key: arn})
	for _, r := range []string{"us-east-1", "us-west-2"} {
		wantCheck(t, rep, r, CheckZoomGrant, CheckWarn, "kms:Encrypt")
	}
	wantCheck(t, rep, "us-west-2", CheckDrift, CheckOK)
	if rep.Failed() || !rep.OK || rep.Warnings() != 2 {
		t.Errorf("missing Encrypt only: failed=%v ok=%v warnings=%d (%v)", rep.Failed(), rep.OK, rep.Warnings(), notOK(rep))
	}
}

// The emulator's replicas share their alias table with the primary (moto's
// ReplicateKey makes a shallow copy), so deleting the alias in the replica
// Region deletes it everywhere: each Region must then report it, with the
// fix for its own Region. The replica-only case, which the emulator cannot
// hold, is TestVerifyAliasMissingOnlyInReplica (verify_http_test.go).
func TestVerifyAliasMissing(t *testing.T) {
	arn, keyID := setUpSet(t, "ap-northeast-1", "ap-northeast-3")
	awstest.DeleteAlias(t, emu.URL, "ap-northeast-3", zoom.DefaultAlias)
	rep := mustVerify(t, VerifyOptions{Key: arn})
	for _, r := range []string{"ap-northeast-1", "ap-northeast-3"} {
		wantCheck(t, rep, r, CheckAlias, CheckFail, "does not exist in "+r,
			"aws kms create-alias --alias-name alias/zoom-cmk --target-key-id "+keyID+" --region "+r)
	}
	if got := notOK(rep); !slices.Equal(got, []string{"ap-northeast-1/alias=fail", "ap-northeast-3/alias=fail"}) {
		t.Errorf("not ok: %v", got)
	}
}

func TestVerifyAliasPointingElsewhere(t *testing.T) {
	arn, keyID := setUpSet(t, "us-east-1", "us-west-2")
	awstest.DeleteAlias(t, emu.URL, "us-west-2", zoom.DefaultAlias)
	other := awstest.CreateSingleRegionKey(t, emu.URL, "us-west-2")
	if err := checker(t).KMS("us-west-2").CreateAlias(ctx, zoom.DefaultAlias, other); err != nil {
		t.Fatal(err)
	}
	rep := mustVerify(t, VerifyOptions{Key: arn})
	wantCheck(t, rep, "us-west-2", CheckAlias, CheckFail, other, keyID, "update-alias")
}

func TestVerifyDiscoversReplicasFromTheKey(t *testing.T) {
	arn, keyID := setUpSet(t, "us-east-1", "us-west-2")
	// A replica made outside zcmk-tui, that nobody lists.
	awstest.ReplicateKey(t, emu.URL, "us-east-1", keyID, "eu-west-1", zoom.BuildPolicy("aws", moto.AccountID, zoom.ZoomAccountID))
	awstest.DisableKey(t, emu.URL, "eu-west-1", keyID)

	rep := mustVerify(t, VerifyOptions{Key: arn}) // no replica listed
	var regions []string
	for _, k := range rep.Keys {
		regions = append(regions, k.Region)
	}
	if !slices.Equal(regions, []string{"us-east-1", "eu-west-1", "us-west-2"}) {
		t.Fatalf("regions %v, want the primary and both replicas", regions)
	}
	wantCheck(t, rep, "eu-west-1", CheckKeyState, CheckFail, "Disabled")

	// Named by a replica's ARN: the primary and every replica are still checked.
	rep = mustVerify(t, VerifyOptions{Key: strings.Replace(arn, ":us-east-1:", ":us-west-2:", 1)})
	if rep.PrimaryRegion != "us-east-1" || len(rep.Keys) != 3 || rep.Keys[0].Region != "us-east-1" || rep.Keys[0].Role != RolePrimary {
		t.Fatalf("named by replica ARN: primary %s, keys %+v", rep.PrimaryRegion, rep.Keys)
	}
}

func TestVerifyListedRegionWithoutReplica(t *testing.T) {
	arn, _ := setUpSet(t, "us-east-1", "us-west-2")
	rep := mustVerify(t, VerifyOptions{Key: arn, Replicas: []string{"us-west-2,ap-south-1"}})
	if len(rep.Keys) != 3 {
		t.Fatalf("keys %+v", rep.Keys)
	}
	c := wantCheck(t, rep, "ap-south-1", CheckKeyState, CheckFail, "no replica", "--replica-region ap-south-1")
	_ = c
	if got := ids(rep.Keys[1]); rep.Keys[1].Region != "ap-south-1" || !slices.Equal(got, []string{"key-state"}) {
		t.Errorf("missing replica rows: %s %v", rep.Keys[1].Region, got)
	}
}

func TestVerifyRotationOff(t *testing.T) {
	arn, keyID := setUpSet(t, "us-east-1")
	awstest.DisableKeyRotation(t, emu.URL, "us-east-1", keyID)
	rep := mustVerify(t, VerifyOptions{Key: arn})
	wantCheck(t, rep, "us-east-1", CheckRotation, CheckWarn, "enable-key-rotation --key-id "+keyID)
	if rep.Failed() || !rep.OK {
		t.Errorf("rotation off is a warning only: %v", notOK(rep))
	}
}

func TestVerifyKeyNotFoundAndSingleRegionKey(t *testing.T) {
	setUpSet(t, "us-east-1")
	rep := mustVerify(t, VerifyOptions{Key: "alias/not-there", Region: "us-east-1"})
	wantCheck(t, rep, "us-east-1", CheckKeyState, CheckFail, "alias/not-there", "not found")

	single := awstest.CreateSingleRegionKey(t, emu.URL, "us-east-1")
	rep = mustVerify(t, VerifyOptions{Key: single, Region: "us-east-1"})
	wantCheck(t, rep, "us-east-1", CheckKeyKind, CheckFail, "single-Region", "zcmk-tui setup")
}

func TestValidateVerify(t *testing.T) {
	for _, tc := range []struct {
		o    VerifyOptions
		want string
	}{
		{VerifyOptions{}, "run 'zcmk-tui setup'"},
		{VerifyOptions{Key: "zoom-cmk"}, "not a key reference"},
		{VerifyOptions{Key: "alias/zoom-cmk", Region: "moon-1"}, "moon-1"},
		{VerifyOptions{Key: "alias/zoom-cmk", Replicas: []string{"us-west-2,mars-2"}}, "mars-2"},
		{VerifyOptions{Key: "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab", Region: "us-west-2"}, "--region"},
		{VerifyOptions{Key: "alias/zoom-cmk", ZoomAccountID: "12"}, "Zoom account"},
		{VerifyOptions{Key: "alias/zoom-cmk", Since: 91 * 24 * time.Hour}, "90"},
		{VerifyOptions{Key: "alias/zoom-cmk", Since: -time.Hour}, "negative"},
	} {
		o := tc.o
		err := ValidateVerify(&o)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err %v, want it to mention %q", tc.o, err, tc.want)
		}
	}
	o := VerifyOptions{Key: "arn:aws:kms:ap-northeast-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"}
	if err := ValidateVerify(&o); err != nil || o.Region != "ap-northeast-1" || o.Alias != zoom.DefaultAlias || o.Since != DefaultSince || o.ZoomAccountID != zoom.ZoomAccountID {
		t.Errorf("defaults: %+v %v", o, err)
	}
	o = VerifyOptions{Key: "alias/corp-zoom"}
	if err := ValidateVerify(&o); err != nil || o.Alias != "alias/corp-zoom" {
		t.Errorf("alias from key: %+v %v", o, err)
	}
	for in, want := range map[string]time.Duration{"7d": 7 * 24 * time.Hour, "24h": 24 * time.Hour, "90m": 90 * time.Minute} {
		if d, err := ParseSince(in); err != nil || d != want {
			t.Errorf("ParseSince(%q) = %v, %v", in, d, err)
		}
	}
	for _, in := range []string{"", "7", "d", "1.5d", "7days", "-d"} {
		if _, err := ParseSince(in); err == nil {
			t.Errorf("ParseSince(%q) accepted", in)
		}
	}
}

func TestVerifyNoCredentialsIsAnError(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	e := newEngine(t, emu.URL)
	_, err := e.Verify(ctx, VerifyOptions{Key: zoom.DefaultAlias, Region: "us-east-1"})
	if awsx.KindOf(err) != awsx.KindNoCredentials {
		t.Errorf("err = %v (kind %v), want no-credentials", err, awsx.KindOf(err))
	}
}
