package practice_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/practice"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The engine's scenarios run against both emulators: moto (the real
// emulator the engine is tested against) and the practice AWS, so that what
// a team rehearses is what the tool does. Where the two differ on purpose,
// differences says so; the scenarios assert only what must be the same.
//
// Differences on purpose (practice follows the AWS KMS API Reference):
//   - ReplicateKey: moto copies the primary's policy and aliases into the
//     replica Region; KMS gives the replica the policy, tags and
//     description ReplicateKey names and no alias (ReplicateKey, "Policy",
//     "Tags", and the note that aliases are not shared).
//   - the lockout safety check: moto accepts any policy text; KMS refuses
//     a policy that would lock the caller out, and text that is not a
//     policy (PutKeyPolicy, BypassPolicyLockoutSafetyCheck).
//   - a new replica: moto answers Enabled at once; KMS answers Creating
//     for a while (ReplicateKey, "ReplicaKeyMetadata").
//   - GetKeyLastUsage and CloudTrail LookupEvents: moto has neither; the
//     practice AWS records the tool's calls and Zoom's simulated use.
//   - TestEventPattern: moto returns no result; the practice AWS matches.
//   - the account: moto's is 123456789012, the practice AWS's 111122223333.
type backend struct {
	name    string
	account string
	// start gives a fresh account and an engine config pointing at it.
	start func(t *testing.T) setup.Config
}

var (
	motoOnce sync.Once
	motoSrv  *moto.Server
	motoErr  error
)

func backends() []backend {
	return []backend{
		{name: "moto", account: moto.AccountID, start: func(t *testing.T) setup.Config {
			motoOnce.Do(func() { motoSrv, motoErr = moto.Start() })
			if motoErr != nil {
				t.Fatalf("KMS emulator: %v", motoErr)
			}
			if err := motoSrv.Reset(); err != nil {
				t.Fatal(err)
			}
			motoSrv.SetEnv(t)
			return setup.Config{EndpointURL: motoSrv.URL, MaxAttempts: 2}
		}},
		{name: "practice", account: practice.Account, start: func(t *testing.T) setup.Config {
			s, err := practice.Start(practice.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return setup.Config{EndpointURL: s.URL, MaxAttempts: 2, Isolated: true}
		}},
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if motoSrv != nil {
		motoSrv.Stop()
	}
	os.Exit(code)
}

func eng(t *testing.T, cfg setup.Config) *setup.Engine {
	t.Helper()
	e, err := setup.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.PollInterval = 10 * time.Millisecond
	return e
}

func cl(t *testing.T, cfg setup.Config) *awsx.Clients {
	t.Helper()
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: cfg.EndpointURL, Isolated: cfg.Isolated, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func plan(t *testing.T, e *setup.Engine, primary string, replicas ...string) *setup.Plan {
	t.Helper()
	p, err := e.Plan(ctx, setup.Options{Region: primary, Replicas: replicas, Rotation: true})
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	return p
}

// ready checks with calls of the test's own that the alias, key and policy
// are right in region.
func ready(t *testing.T, b backend, c *awsx.Clients, region, primary string) *awsx.Key {
	t.Helper()
	k, err := c.KMS(region).DescribeKey(ctx, zoom.DefaultAlias)
	if err != nil {
		t.Fatalf("%s: %v", region, err)
	}
	if !strings.HasPrefix(k.KeyID, "mrk-") || k.PrimaryRegion != primary || k.State != "Enabled" {
		t.Errorf("%s: %+v", region, k)
	}
	pol, err := c.KMS(region).GetKeyPolicy(ctx, k.KeyID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zoom.CheckPolicy(pol, "aws", b.account, zoom.ZoomAccountID) {
		if !f.OK {
			t.Errorf("%s: %s: %s", region, f.ID, f.Detail)
		}
	}
	return k
}

func TestConformanceSetupRerunVerify(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.start(t)
			e := eng(t, cfg)
			r, err := e.Apply(ctx, plan(t, e, "ap-northeast-1", "ap-northeast-3"), nil)
			if err != nil {
				t.Fatal(err)
			}
			c := cl(t, cfg)
			for _, region := range []string{"ap-northeast-1", "ap-northeast-3"} {
				ready(t, b, c, region, "ap-northeast-1")
			}
			e2 := eng(t, cfg)
			if n := plan(t, e2, "ap-northeast-1", "ap-northeast-3").Changes(); n != 0 || e2.WriteCalls() != 0 {
				t.Errorf("a rerun plans %d changes, %d writes", n, e2.WriteCalls())
			}
			rep, err := eng(t, cfg).Verify(ctx, setup.VerifyOptions{Key: r.Keys[0].ARN})
			if err != nil || !rep.OK {
				t.Errorf("verify after setup: %+v %v", rep, err)
			}
		})
	}
}

func TestConformanceInterruptedAfterCreateKeyResumes(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.start(t)
			e := eng(t, cfg)
			cctx, cancel := context.WithCancel(ctx)
			_, err := e.Apply(cctx, plan(t, e, "us-east-1", "us-west-2"), func(ev setup.Event) {
				if ev.Action == setup.ActCreateKey && ev.Status == setup.StatusDone {
					cancel()
				}
			})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Apply after cancel: %v", err)
			}
			p := plan(t, eng(t, cfg), "us-east-1", "us-west-2")
			adopts := false
			for _, a := range p.Regions[0].Actions {
				adopts = adopts || a.Kind == setup.ActAdoptKey
			}
			if !adopts {
				t.Fatalf("the resumed plan does not adopt the key: %+v", p.Regions[0].Actions)
			}
			if _, err := eng(t, cfg).Apply(ctx, p, nil); err != nil {
				t.Fatal(err)
			}
			c := cl(t, cfg)
			ready(t, b, c, "us-west-2", "us-east-1")
			if ids, _ := c.KMS("us-east-1").ListMultiRegionKeyIDs(ctx); len(ids) != 1 {
				t.Errorf("%d keys after the resume, want 1", len(ids))
			}
		})
	}
}

func TestConformanceMergesAnExistingPolicy(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.start(t)
			c := cl(t, cfg)
			foreign := `{"Version":"2012-10-17","Statement":[
 {"Sid":"Admins","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + b.account + `:root"},"Action":"kms:*","Resource":"*"},
 {"Sid":"Backup","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + b.account + `:role/backup"},"Action":["kms:Decrypt"],"Resource":"*"}]}`
			k, err := c.KMS("us-east-1").CreateKey(ctx, awsx.CreateKeyInput{Policy: foreign})
			if err != nil {
				t.Fatal(err)
			}
			if err := c.KMS("us-east-1").CreateAlias(ctx, zoom.DefaultAlias, k.KeyID); err != nil {
				t.Fatal(err)
			}
			if _, err := c.KMS("us-east-1").ReplicateKey(ctx, k.KeyID, "us-west-2", foreign, "", nil); err != nil {
				t.Fatal(err)
			}
			e := eng(t, cfg)
			if _, err := e.Apply(ctx, plan(t, e, "us-east-1", "us-west-2"), nil); err != nil {
				t.Fatal(err)
			}
			for _, region := range []string{"us-east-1", "us-west-2"} {
				ready(t, b, c, region, "us-east-1")
				pol, _ := c.KMS(region).GetKeyPolicy(ctx, k.KeyID)
				if !strings.Contains(pol, `"Backup"`) || !strings.Contains(pol, "role/backup") {
					t.Errorf("%s: the merge lost a statement:\n%s", region, pol)
				}
			}
		})
	}
}

func TestConformanceDrillDisablesAndRestores(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.start(t)
			e := eng(t, cfg)
			r, err := e.Apply(ctx, plan(t, e, "us-east-1", "us-west-2"), nil)
			if err != nil {
				t.Fatal(err)
			}
			var saved []*state.Drill
			de := eng(t, cfg)
			d, err := de.PrepareDrill(ctx, setup.DrillOptions{Verify: setup.VerifyOptions{Key: r.Keys[0].ARN}, Duration: time.Minute,
				Poll: 50 * time.Millisecond, Save: func(x *state.Drill) error { saved = append(saved, x.Clone()); return nil }})
			if err != nil {
				t.Fatal(err)
			}
			c := cl(t, cfg)
			var during string
			var once sync.Once
			res, err := d.Run(ctx, func(ev setup.DrillEvent) {
				if ev.Phase == setup.PhaseObserve && ev.Status == setup.StatusState {
					once.Do(func() {
						k, _ := c.KMS("us-west-2").DescribeKey(ctx, r.Keys[0].KeyID)
						during = k.State
						d.End()
					})
				}
			})
			if err != nil || !res.Restored {
				t.Fatalf("drill: %+v %v", res, err)
			}
			if during != "Disabled" {
				t.Errorf("the replica was %q during the drill, want Disabled", during)
			}
			for _, region := range []string{"us-east-1", "us-west-2"} {
				if k, _ := c.KMS(region).DescribeKey(ctx, r.Keys[0].KeyID); k.State != "Enabled" {
					t.Errorf("%s is %s after the drill", region, k.State)
				}
			}
			if len(saved) == 0 || !slices.ContainsFunc(saved, func(x *state.Drill) bool { return x.InProgress() }) {
				t.Error("the drill was not recorded before it disabled anything")
			}
		})
	}
}
