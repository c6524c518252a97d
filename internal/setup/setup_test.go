package setup

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

var ctx = context.Background()

func opts(primary string, replicas ...string) Options {
	return Options{Region: primary, Replicas: replicas, Rotation: true}
}

func mustPlan(t *testing.T, e *Engine, o Options) *Plan {
	t.Helper()
	p, err := e.Plan(ctx, o)
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	return p
}

func mustApply(t *testing.T, e *Engine, p *Plan) *Result {
	t.Helper()
	r, err := e.Apply(ctx, p, nil)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return r
}

func kinds(rp RegionPlan) []string {
	var out []string
	for _, a := range rp.Actions {
		out = append(out, a.Kind)
	}
	return out
}

// assertZoomReady checks, with calls of its own, that alias, policy and key
// are right in region.
func assertZoomReady(t *testing.T, c *awsx.Clients, region, alias, primaryRegion string) *awsx.Key {
	t.Helper()
	k := c.KMS(region)
	key, err := k.DescribeKey(ctx, alias)
	if err != nil {
		t.Fatalf("%s: alias %s: %v", region, alias, err)
	}
	if !key.MultiRegion || !strings.HasPrefix(key.KeyID, "mrk-") || key.PrimaryRegion != primaryRegion {
		t.Errorf("%s: key %s multiRegion=%v primary=%s, want a multi-Region key with primary %s", region, key.KeyID, key.MultiRegion, key.PrimaryRegion, primaryRegion)
	}
	if key.Spec != "SYMMETRIC_DEFAULT" || key.Usage != "ENCRYPT_DECRYPT" || key.Origin != "AWS_KMS" || key.State != "Enabled" {
		t.Errorf("%s: key %s is %s/%s/%s/%s", region, key.KeyID, key.Spec, key.Usage, key.Origin, key.State)
	}
	policy, err := k.GetKeyPolicy(ctx, key.KeyID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zoom.CheckPolicy(policy, "aws", moto.AccountID, zoom.ZoomAccountID) {
		if !f.OK {
			t.Errorf("%s: policy check %s: %s\n%s", region, f.ID, text(f.Detail), policy)
		}
	}
	return key
}

func TestFreshSetupTwoRegions(t *testing.T) {
	e := fresh(t)
	p := mustPlan(t, e, Options{Region: "ap-northeast-1", Replicas: []string{"ap-northeast-3"}, Rotation: true, Tags: []zoom.Tag{{Key: "team", Value: "it"}}})
	if e.WriteCalls() != 0 {
		t.Fatalf("Plan made %d write calls", e.WriteCalls())
	}
	if got := kinds(p.Regions[0]); !slices.Equal(got, []string{ActCreateKey, ActCreateAlias, ActEnableRotation, ActReadBack}) {
		t.Errorf("primary actions = %v", got)
	}
	if got := kinds(p.Regions[1]); !slices.Equal(got, []string{ActReplicate, ActWaitEnabled, ActCreateAlias, ActReadBack}) {
		t.Errorf("replica actions = %v", got)
	}
	var (
		mu     sync.Mutex
		events []Event
	)
	// Apply calls onEvent from several goroutines (one per Region).
	r, err := e.Apply(ctx, p, func(ev Event) { mu.Lock(); events = append(events, ev); mu.Unlock() })
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Keys) != 2 || r.Keys[0].Role != RolePrimary || r.Keys[1].Role != RoleReplica || !r.Keys[0].Created || !r.Keys[1].Created {
		t.Fatalf("result keys = %+v", r.Keys)
	}
	for _, k := range r.Keys {
		if k.Policy != "applied" || !k.ZoomGrant || k.KeyState != "Enabled" {
			t.Errorf("%s: %+v", k.Region, k)
		}
	}
	if len(events) == 0 {
		t.Error("no progress events")
	}

	c := checker(t)
	pk := assertZoomReady(t, c, "ap-northeast-1", zoom.DefaultAlias, "ap-northeast-1")
	rk := assertZoomReady(t, c, "ap-northeast-3", zoom.DefaultAlias, "ap-northeast-1")
	if pk.KeyID != rk.KeyID || r.Keys[0].ARN != pk.ARN || r.Keys[1].ARN != rk.ARN {
		t.Errorf("ARNs: result %s, %s; emulator %s, %s", r.Keys[0].ARN, r.Keys[1].ARN, pk.ARN, rk.ARN)
	}
	if !strings.Contains(rk.ARN, ":ap-northeast-3:") {
		t.Errorf("replica ARN %s is not in ap-northeast-3", rk.ARN)
	}
	on, err := c.KMS("ap-northeast-1").RotationEnabled(ctx, pk.KeyID)
	if err != nil || !on {
		t.Errorf("rotation on=%v err=%v", on, err)
	}
	tags, err := c.KMS("ap-northeast-1").Tags(ctx, pk.KeyID)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []awsx.Tag{{Key: TagAlias, Value: zoom.DefaultAlias}, {Key: "team", Value: "it"}} {
		if !slices.Contains(tags, want) {
			t.Errorf("tags %v lack %v", tags, want)
		}
	}
	ids, _ := c.KMS("ap-northeast-1").ListMultiRegionKeyIDs(ctx)
	if len(ids) != 1 {
		t.Errorf("emulator holds %d multi-Region keys, want 1", len(ids))
	}

	// Second run, new engine: nothing to change, zero write calls.
	e2 := newEngine(t, emu.URL)
	p2 := mustPlan(t, e2, Options{Region: "ap-northeast-1", Replicas: []string{"ap-northeast-3"}, Rotation: true})
	if n := p2.Changes(); n != 0 {
		t.Fatalf("second plan has %d changes: %+v", n, p2.Regions)
	}
	r2 := mustApply(t, e2, p2)
	if r2.Changed || r2.WriteCalls != 0 || e2.WriteCalls() != 0 {
		t.Errorf("second run changed=%v writes=%d recorded=%d", r2.Changed, r2.WriteCalls, e2.WriteCalls())
	}
	for _, k := range r2.Keys {
		if k.Policy != "unchanged" || k.AliasState != "unchanged" || k.Created {
			t.Errorf("second run %s: %+v", k.Region, k)
		}
	}
	if r2.Keys[0].ARN != pk.ARN || r2.Keys[1].ARN != rk.ARN {
		t.Errorf("second run ARNs %s %s", r2.Keys[0].ARN, r2.Keys[1].ARN)
	}
}

func TestPlanMakesNoWrite(t *testing.T) {
	e := fresh(t)
	p := mustPlan(t, e, opts("us-east-1", "us-west-2"))
	if p.Changes() == 0 {
		t.Fatal("a fresh plan has no changes")
	}
	for _, c := range e.Calls() {
		if c.Write {
			t.Errorf("plan made write call %s", c.Operation)
		}
	}
	ids, err := checker(t).KMS("us-east-1").ListMultiRegionKeyIDs(ctx)
	if err != nil || len(ids) != 0 {
		t.Errorf("after plan the emulator holds %v (%v)", ids, err)
	}
}

func TestTwoReplicaRegions(t *testing.T) {
	e := fresh(t)
	p := mustPlan(t, e, opts("us-east-1", "us-west-2", "eu-west-1"))
	r := mustApply(t, e, p)
	if len(r.Keys) != 3 {
		t.Fatalf("keys = %+v", r.Keys)
	}
	c := checker(t)
	for _, region := range []string{"us-east-1", "us-west-2", "eu-west-1"} {
		assertZoomReady(t, c, region, zoom.DefaultAlias, "us-east-1")
	}
	pk, _ := c.KMS("us-east-1").DescribeKey(ctx, zoom.DefaultAlias)
	slices.Sort(pk.ReplicaRegions)
	if !slices.Equal(pk.ReplicaRegions, []string{"eu-west-1", "us-west-2"}) {
		t.Errorf("replicas = %v", pk.ReplicaRegions)
	}
}

func TestAdoptsUnaliasedKey(t *testing.T) {
	e := fresh(t)
	c := checker(t)
	// A crash between CreateKey and CreateAlias left this key behind.
	orphan, err := c.KMS("eu-central-1").CreateKey(ctx, awsx.CreateKeyInput{
		Policy: zoom.BuildPolicy("aws", moto.AccountID, zoom.ZoomAccountID),
		Tags:   []awsx.Tag{{Key: TagAlias, Value: zoom.DefaultAlias}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// An unrelated multi-Region key with another alias tag must be left alone.
	if _, err := c.KMS("eu-central-1").CreateKey(ctx, awsx.CreateKeyInput{Policy: zoom.BuildPolicy("aws", moto.AccountID, zoom.ZoomAccountID),
		Tags: []awsx.Tag{{Key: TagAlias, Value: "alias/other"}}}); err != nil {
		t.Fatal(err)
	}
	p := mustPlan(t, e, opts("eu-central-1", "eu-west-1"))
	if got := kinds(p.Regions[0]); slices.Contains(got, ActCreateKey) || !slices.Contains(got, ActAdoptKey) || p.Regions[0].KeyID != orphan.KeyID {
		t.Fatalf("primary plan %v for key %s, want adoption of %s", got, p.Regions[0].KeyID, orphan.KeyID)
	}
	r := mustApply(t, e, p)
	if r.Keys[0].KeyID != orphan.KeyID || r.Keys[0].Created {
		t.Errorf("result %+v", r.Keys[0])
	}
	k := assertZoomReady(t, c, "eu-central-1", zoom.DefaultAlias, "eu-central-1")
	if k.KeyID != orphan.KeyID {
		t.Errorf("alias points at %s, want %s", k.KeyID, orphan.KeyID)
	}
	ids, _ := c.KMS("eu-central-1").ListMultiRegionKeyIDs(ctx)
	if len(ids) != 2 {
		t.Errorf("emulator holds %d multi-Region keys, want 2 (no new one)", len(ids))
	}
}

func TestExistingSingleRegionKeyIsRefused(t *testing.T) {
	e := fresh(t)
	c := checker(t)
	k := c.KMS("us-east-1")
	// The product's CreateKey only makes multi-Region keys.
	id := awstest.CreateSingleRegionKey(t, emu.URL, "us-east-1")
	if err := k.CreateAlias(ctx, zoom.DefaultAlias, id); err != nil {
		t.Fatal(err)
	}
	_, err := e.Plan(ctx, opts("us-east-1"))
	if err == nil || !strings.Contains(err.Error(), "single-Region") || !strings.Contains(err.Error(), "--alias") {
		t.Fatalf("err = %v, want a single-Region explanation", err)
	}
	if e.WriteCalls() != 0 {
		t.Error("writes after a refused plan")
	}
}

func TestAliasTakenInReplicaRegion(t *testing.T) {
	e := fresh(t)
	c := checker(t)
	other, err := c.KMS("us-west-2").CreateKey(ctx, awsx.CreateKeyInput{Policy: zoom.BuildPolicy("aws", moto.AccountID, zoom.ZoomAccountID)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.KMS("us-west-2").CreateAlias(ctx, zoom.DefaultAlias, other.KeyID); err != nil {
		t.Fatal(err)
	}
	_, err = e.Plan(ctx, opts("us-east-1", "us-west-2"))
	if err == nil || !strings.Contains(err.Error(), other.KeyID) || !strings.Contains(err.Error(), "us-west-2") {
		t.Fatalf("err = %v, want an alias conflict naming %s", err, other.KeyID)
	}
}

func TestAliasOnAnotherKeyInPrimaryWithExistingKey(t *testing.T) {
	e := fresh(t)
	c := checker(t)
	pol := zoom.BuildPolicy("aws", moto.AccountID, zoom.ZoomAccountID)
	mine, _ := c.KMS("us-east-1").CreateKey(ctx, awsx.CreateKeyInput{Policy: pol})
	other, _ := c.KMS("us-east-1").CreateKey(ctx, awsx.CreateKeyInput{Policy: pol})
	if err := c.KMS("us-east-1").CreateAlias(ctx, zoom.DefaultAlias, other.KeyID); err != nil {
		t.Fatal(err)
	}
	o := opts("us-east-1")
	o.ExistingKey = mine.ARN
	_, err := e.Plan(ctx, o)
	if err == nil || !strings.Contains(err.Error(), other.KeyID) || !strings.Contains(err.Error(), mine.KeyID) {
		t.Fatalf("err = %v, want a conflict naming both keys", err)
	}
}

func TestMergesExistingPolicyInEveryRegion(t *testing.T) {
	e := fresh(t)
	c := checker(t)
	foreign := `{"Version":"2012-10-17","Statement":[
 {"Sid":"Admins","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"},
 {"Sid":"Backup","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/backup"},"Action":["kms:Decrypt"],"Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}`
	key, err := c.KMS("us-east-1").CreateKey(ctx, awsx.CreateKeyInput{Policy: foreign})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.KMS("us-east-1").CreateAlias(ctx, zoom.DefaultAlias, key.KeyID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.KMS("us-east-1").ReplicateKey(ctx, key.KeyID, "us-west-2", foreign, "", nil); err != nil {
		t.Fatal(err)
	}
	p := mustPlan(t, e, opts("us-east-1", "us-west-2"))
	for _, rp := range p.Regions {
		if !slices.Contains(kinds(rp), ActPutPolicy) {
			t.Errorf("%s: plan %v has no policy update", rp.Region, kinds(rp))
		}
	}
	r := mustApply(t, e, p)
	for _, kr := range r.Keys {
		if kr.Policy != "applied" || kr.Created {
			t.Errorf("%+v", kr)
		}
	}
	for _, region := range []string{"us-east-1", "us-west-2"} {
		assertZoomReady(t, c, region, zoom.DefaultAlias, "us-east-1")
		pol, _ := c.KMS(region).GetKeyPolicy(ctx, key.KeyID)
		for _, want := range []string{`"Backup"`, "kms:ViaService", "role/backup", `"Admins"`} {
			if !strings.Contains(pol, want) {
				t.Errorf("%s: merged policy lost %s:\n%s", region, want, pol)
			}
		}
	}
	// And the merge is stable: a second run changes nothing.
	if n := mustPlan(t, newEngine(t, emu.URL), opts("us-east-1", "us-west-2")).Changes(); n != 0 {
		t.Errorf("second plan has %d changes", n)
	}
}

func TestRepairsDriftedReplicaPolicy(t *testing.T) {
	e := fresh(t)
	mustApply(t, e, mustPlan(t, e, opts("us-east-1", "us-west-2")))
	c := checker(t)
	pk, _ := c.KMS("us-east-1").DescribeKey(ctx, zoom.DefaultAlias)
	// Someone edits the replica's policy in the console and drops Zoom.
	drifted := `{"Version":"2012-10-17","Statement":[{"Sid":"EnableAccountAdministration","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`
	if err := c.KMS("us-west-2").PutKeyPolicy(ctx, pk.KeyID, drifted); err != nil {
		t.Fatal(err)
	}
	e2 := newEngine(t, emu.URL)
	p := mustPlan(t, e2, opts("us-east-1", "us-west-2"))
	if len(p.Regions[0].Actions) != 0 || !slices.Equal(kinds(p.Regions[1]), []string{ActPutPolicy, ActReadBack}) {
		t.Fatalf("plan: primary %v, replica %v", kinds(p.Regions[0]), kinds(p.Regions[1]))
	}
	mustApply(t, e2, p)
	assertZoomReady(t, c, "us-west-2", zoom.DefaultAlias, "us-east-1")
	if e2.WriteCalls() != 1 {
		t.Errorf("repair made %d writes, want 1 PutKeyPolicy", e2.WriteCalls())
	}
}

func TestRefusesDisabledAndDeletedKeys(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		break_     func(t *testing.T, id string)
	}{
		{"disabled", "enable-key", func(t *testing.T, id string) { awstest.DisableKey(t, emu.URL, "us-east-1", id) }},
		{"pending deletion", "cancel-key-deletion", func(t *testing.T, id string) { awstest.ScheduleDeletion(t, emu.URL, "us-east-1", id) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fresh(t)
			mustApply(t, e, mustPlan(t, e, opts("us-east-1")))
			c := checker(t)
			k, _ := c.KMS("us-east-1").DescribeKey(ctx, zoom.DefaultAlias)
			tc.break_(t, k.KeyID)
			e2 := newEngine(t, emu.URL)
			_, err := e2.Plan(ctx, opts("us-east-1"))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want mention of %s", err, tc.want)
			}
			if e2.WriteCalls() != 0 {
				t.Error("writes after refusing")
			}
		})
	}
}

func TestInterruptedAfterCreateKeyResumes(t *testing.T) {
	e := fresh(t)
	cctx, cancel := context.WithCancel(ctx)
	p := mustPlan(t, e, opts("ap-southeast-2", "ap-southeast-4"))
	_, err := e.Apply(cctx, p, func(ev Event) {
		if ev.Action == ActCreateKey && ev.Status == StatusDone {
			cancel() // ctrl-c right after the key exists
		}
	})
	if err == nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("Apply after cancel: %v", err)
	}
	c := checker(t)
	if _, err := c.KMS("ap-southeast-2").DescribeKey(ctx, zoom.DefaultAlias); !awsx.IsNotFound(err) {
		t.Fatalf("alias should not exist yet: %v", err)
	}
	e2 := newEngine(t, emu.URL)
	p2 := mustPlan(t, e2, opts("ap-southeast-2", "ap-southeast-4"))
	if !slices.Contains(kinds(p2.Regions[0]), ActAdoptKey) {
		t.Fatalf("resume plan %v does not adopt the key", kinds(p2.Regions[0]))
	}
	mustApply(t, e2, p2)
	assertZoomReady(t, c, "ap-southeast-4", zoom.DefaultAlias, "ap-southeast-2")
	ids, _ := c.KMS("ap-southeast-2").ListMultiRegionKeyIDs(ctx)
	if len(ids) != 1 {
		t.Errorf("%d keys after resume, want 1", len(ids))
	}
}

func TestValidateRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"bad region", Options{Region: "us-east-9"}, "us-east-9"},
		{"bad replica", Options{Region: "us-east-1", Replicas: []string{"mars-1"}}, "mars-1"},
		{"primary as replica", Options{Region: "us-east-1", Replicas: []string{"us-west-2,us-east-1"}}, "also the primary"},
		{"bad alias", Options{Alias: "zoom-cmk"}, "alias/"},
		{"reserved alias", Options{Alias: "alias/aws/zoom"}, "alias/aws/"},
		{"bad zoom account", Options{ZoomAccountID: "40991085098"}, "12"},
		{"reserved tag", Options{Tags: []zoom.Tag{{Key: "zcmk-tui:alias", Value: "x"}}}, "reserved"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.o
			err := Validate(&o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
	o := Options{Region: "us-east-1", Replicas: []string{"us-west-2, eu-west-1", "us-west-2"}}
	if err := Validate(&o); err != nil || !slices.Equal(o.Replicas, []string{"us-west-2", "eu-west-1"}) || o.Alias != zoom.DefaultAlias {
		t.Errorf("Validate: %v %+v", err, o)
	}
}

func TestOfflinePlan(t *testing.T) {
	o := Options{Region: "ap-northeast-1", Replicas: []string{"ap-northeast-3"}, AccountID: "111122223333", Rotation: true}
	if err := Validate(&o); err != nil {
		t.Fatal(err)
	}
	p := OfflinePlan(o)
	if !p.DryRun || p.Changes() != 5 || !strings.Contains(p.Regions[0].Policy, "arn:aws:iam::111122223333:root") {
		t.Errorf("offline plan: dry=%v changes=%d", p.DryRun, p.Changes())
	}
	if _, err := (&Engine{}).Apply(ctx, p, nil); !errors.Is(err, ErrDryRun) {
		t.Errorf("Apply(dry run) = %v", err)
	}
}

func TestExistingKeyGetsPolicyRepairAndNewReplicaInOneRun(t *testing.T) {
	e := fresh(t)
	c := checker(t)
	admin := `{"Version":"2012-10-17","Statement":[{"Sid":"Admins","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`
	key, err := c.KMS("eu-west-1").CreateKey(ctx, awsx.CreateKeyInput{Policy: admin})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.KMS("eu-west-1").CreateAlias(ctx, zoom.DefaultAlias, key.KeyID); err != nil {
		t.Fatal(err)
	}
	p := mustPlan(t, e, opts("eu-west-1", "eu-central-1"))
	if !slices.Contains(kinds(p.Regions[0]), ActPutPolicy) || !slices.Contains(kinds(p.Regions[1]), ActReplicate) {
		t.Fatalf("plan %v / %v", kinds(p.Regions[0]), kinds(p.Regions[1]))
	}
	mustApply(t, e, p) // read-back in both Regions must pass on the first try
	for _, region := range []string{"eu-west-1", "eu-central-1"} {
		assertZoomReady(t, c, region, zoom.DefaultAlias, "eu-west-1")
	}
}
