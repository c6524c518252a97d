package setup

import (
	"errors"
	"strings"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
)

// The drill touches only the key set it owns (issue 25, part 4). Each test
// reproduces a finding against the emulator.

// payrollSet sets up a second key set, alias/payroll, next to nothing else,
// and strips this tool's tags from its keys: a key that grants Zoom but
// was not set up by zcmk-tui.
func payrollSet(t *testing.T, e *Engine, untag bool, regions ...string) (arn, keyID string) {
	t.Helper()
	o := opts(regions[0], regions[1:]...)
	o.Alias = "alias/payroll"
	r := mustApply(t, e, mustPlan(t, e, o))
	if untag {
		c := checker(t)
		for _, reg := range regions {
			if err := c.KMS(reg).UntagKey(ctx, r.Keys[0].KeyID, TagAlias, TagCreatedBy); err != nil {
				t.Fatal(err)
			}
		}
	}
	return r.Keys[0].ARN, r.Keys[0].KeyID
}

func wantRefusedNoWrite(t *testing.T, e *Engine, err error, want ...string) {
	t.Helper()
	var refused *DrillRefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("want a refusal, got %v", err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("the refusal does not say %q:\n%v", w, err)
		}
	}
	if n := e.WriteCalls(); n != 0 {
		t.Errorf("a refused drill made %d write call(s)", n)
	}
}

// A session naming alias/payroll (no zcmk-tui tags, granting Zoom): the
// drill disabled its replica. Now it is refused.
func TestDrillRefusesAKeyWithoutTheToolsTag(t *testing.T) {
	e := fresh(t)
	arn, _ := payrollSet(t, e, true, "us-east-1", "us-west-2")
	e = newEngine(t, emu.URL)
	m := &memSaver{}
	_, err := e.PrepareDrill(ctx, DrillOptions{Verify: VerifyOptions{Key: arn, Alias: "alias/payroll"}, Save: m.save})
	wantRefusedNoWrite(t, e, err, "us-west-2", "zcmk-tui:alias=alias/payroll")
	wantStates(t, keyStates(t, "us-east-1", "us-west-2"), "Enabled", "us-east-1", "us-west-2")
}

// A session naming another key under alias/zoom-cmk: the preflight's alias
// check failed, and the drill went on. A failing check now stops it.
func TestDrillRefusedWhenTheAliasPointsAtAnotherKey(t *testing.T) {
	e := fresh(t)
	mustApply(t, e, mustPlan(t, e, opts("us-east-1", "us-west-2"))) // alias/zoom-cmk
	arn, _ := payrollSet(t, e, false, "us-east-1", "us-west-2")
	e = newEngine(t, emu.URL)
	_, err := e.PrepareDrill(ctx, DrillOptions{Verify: VerifyOptions{Key: arn, Alias: "alias/zoom-cmk"}, Save: (&memSaver{}).save})
	wantRefusedNoWrite(t, e, err, "us-west-2: alias FAIL", "points at another key")
}

// A key named by ARN whose alias is not alias/zoom-cmk: the drill takes the
// alias from the key's own tag (so the confirmation asks for that key's
// alias), checks that alias points at it, and marks the key while it is
// disabled.
func TestDrillAliasFromTheKeysTagAndTheMark(t *testing.T) {
	e := fresh(t)
	mustApply(t, e, mustPlan(t, e, opts("us-east-1", "us-west-2")))
	arn, keyID := payrollSet(t, e, false, "us-east-1", "us-west-2")
	p := faultproxy.New(t, emu.URL)
	e = newEngine(t, p.URL)
	e.RestoreTimeout = 30 * time.Second
	m := &memSaver{p: p}
	d, err := e.PrepareDrill(ctx, DrillOptions{Verify: VerifyOptions{Key: arn}, AliasFromKey: true, Duration: time.Minute, Poll: 50 * time.Millisecond, Save: m.save})
	if err != nil {
		t.Fatal(err)
	}
	if d.Alias() != "alias/payroll" || len(d.Targets) != 1 || d.Targets[0].Region != "us-west-2" {
		t.Fatalf("alias %s, targets %+v", d.Alias(), d.Targets)
	}
	var marked []awsx.Tag
	res, err := d.Run(ctx, func(ev DrillEvent) {
		if ev.Phase == PhaseObserve && ev.Status == StatusState && marked == nil {
			marked, _ = checker(t).KMS("us-west-2").Tags(ctx, keyID)
			d.End()
		}
	})
	if err != nil || !res.Restored {
		t.Fatalf("Run: %v %+v", err, res)
	}
	rec := m.last()
	if rec.ID == "" || rec.Alias != "alias/payroll" {
		t.Errorf("record %+v", rec)
	}
	if !containsTag(marked, TagDrill, rec.ID) {
		t.Errorf("during the drill the key carries %v, want %s=%s", marked, TagDrill, rec.ID)
	}
	after, _ := checker(t).KMS("us-west-2").Tags(ctx, keyID)
	for _, tg := range after {
		if tg.Key == TagDrill {
			t.Errorf("the mark is still there after the restore: %v", after)
		}
	}
	if p.Count("TagResource") != 1 || p.Count("DisableKey") != 1 {
		t.Errorf("%d TagResource, %d DisableKey", p.Count("TagResource"), p.Count("DisableKey"))
	}
}

// A key named by ARN that carries no zcmk-tui tag at all is refused before
// verify.
func TestDrillAliasFromKeyRefusesAnUntaggedKey(t *testing.T) {
	e := fresh(t)
	arn, _ := payrollSet(t, e, true, "us-east-1", "us-west-2")
	e = newEngine(t, emu.URL)
	_, err := e.PrepareDrill(ctx, DrillOptions{Verify: VerifyOptions{Key: arn}, AliasFromKey: true, Save: (&memSaver{}).save})
	wantRefusedNoWrite(t, e, err, "does not carry the tag zcmk-tui:alias")
}

func containsTag(tags []awsx.Tag, k, v string) bool {
	for _, t := range tags {
		if t.Key == k && t.Value == v {
			return true
		}
	}
	return false
}

// A planted "drill in progress" record made --restore enable a key that had
// been disabled on purpose. Now the key must carry the drill's mark.
func TestRestoreDrillRefusesAPlantedRecord(t *testing.T) {
	for id, why := range map[string]string{"": "carries no drill ID", "0123456789abcdef": "mark of this drill"} {
		t.Run("id="+id, func(t *testing.T) {
			arn, keyID := setUpSet(t, "us-east-1", "us-west-2")
			awstest.DisableKey(t, emu.URL, "us-west-2", keyID) // on purpose, by someone
			west := strings.Replace(arn, "us-east-1", "us-west-2", 1)
			rec := &state.Drill{ID: id, Alias: "alias/zoom-cmk", StartedAt: time.Now().UTC(), Scope: DrillScopeReplicas,
				Regions: []state.DrillRegion{{Region: "us-west-2", Role: RoleReplica, KeyID: keyID, ARN: west}}}
			p := faultproxy.New(t, emu.URL)
			m := &memSaver{}
			res, err := newEngine(t, p.URL).RestoreDrill(ctx, rec, VerifyOptions{Key: arn}, m.save, nil)
			var refused *RestoreRefusedError
			if !errors.As(err, &refused) || !strings.Contains(err.Error(), "us-west-2") || !strings.Contains(err.Error(), why) {
				t.Fatalf("err %v", err)
			}
			if p.Count("EnableKey") != 0 {
				t.Errorf("%d EnableKey request(s)", p.Count("EnableKey"))
			}
			wantStates(t, keyStates(t, "us-west-2"), "Disabled", "us-west-2")
			last := m.last()
			if res.Restored || last.InProgress() || last.Outcome != state.DrillRestoreRefused || last.Regions[0].Refused == "" || len(res.ManualCommands) != 1 {
				t.Errorf("result %+v, record %+v", res, last)
			}
		})
	}
}

// A record whose key carries its mark but whose alias now points elsewhere,
// or that names another account, enables nothing either.
func TestRestoreDrillChecksAliasAndAccount(t *testing.T) {
	arn, keyID := setUpSet(t, "us-east-1", "us-west-2")
	c := checker(t)
	if err := c.KMS("us-west-2").TagKey(ctx, keyID, []awsx.Tag{{Key: TagDrill, Value: "d1"}}); err != nil {
		t.Fatal(err)
	}
	awstest.DisableKey(t, emu.URL, "us-west-2", keyID)
	west := strings.Replace(arn, "us-east-1", "us-west-2", 1)
	for name, rec := range map[string]*state.Drill{
		"alias":   {ID: "d1", Alias: "alias/other", Regions: []state.DrillRegion{{Region: "us-west-2", KeyID: keyID, ARN: west}}},
		"account": {ID: "d1", Alias: "alias/zoom-cmk", Regions: []state.DrillRegion{{Region: "us-west-2", KeyID: keyID, ARN: strings.Replace(west, "123456789012", "210987654321", 1)}}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := newEngine(t, emu.URL).RestoreDrill(ctx, rec, VerifyOptions{}, (&memSaver{}).save, nil)
			var refused *RestoreRefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("err %v", err)
			}
			wantStates(t, keyStates(t, "us-west-2"), "Disabled", "us-west-2")
		})
	}
}
