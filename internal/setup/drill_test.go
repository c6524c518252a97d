package setup

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
)

// Drills against the emulator, some through the fault proxy. Key states are
// checked with calls of the test's own (checker), never with the engine.

// memSaver keeps every record the drill saves, with the number of DisableKey
// requests the proxy had seen when it was saved.
type memSaver struct {
	mu       sync.Mutex
	saved    []*state.Drill
	disables []int
	p        *faultproxy.Proxy
}

func (m *memSaver) save(d *state.Drill) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saved = append(m.saved, d.Clone())
	n := 0
	if m.p != nil {
		n = m.p.Count("DisableKey")
	}
	m.disables = append(m.disables, n)
	return nil
}

func (m *memSaver) last() *state.Drill {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.saved) == 0 {
		return nil
	}
	return m.saved[len(m.saved)-1]
}

// drillSet sets up a key set and returns a proxy in front of the emulator,
// an engine that goes through it, and options for a drill of scope.
func drillSet(t *testing.T, scope string, primary string, replicas ...string) (*faultproxy.Proxy, *Engine, DrillOptions, *memSaver) {
	t.Helper()
	arn, _ := setUpSet(t, primary, replicas...)
	p := faultproxy.New(t, emu.URL)
	e := newEngine(t, p.URL)
	e.RestoreTimeout = 30 * time.Second
	m := &memSaver{p: p}
	return p, e, DrillOptions{Verify: VerifyOptions{Key: arn}, Scope: scope, Duration: time.Minute, Poll: 50 * time.Millisecond, Save: m.save}, m
}

// keyStates reads every Region's key state with the test's own client.
func keyStates(t *testing.T, regions ...string) map[string]string {
	t.Helper()
	c := checker(t)
	out := map[string]string{}
	for _, r := range regions {
		ids, err := c.KMS(r).ListMultiRegionKeyIDs(ctx)
		if err != nil || len(ids) != 1 {
			t.Fatalf("%s: keys %v %v", r, ids, err)
		}
		k, err := c.KMS(r).DescribeKey(ctx, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		out[r] = k.State
	}
	return out
}

func wantStates(t *testing.T, got map[string]string, want string, regions ...string) {
	t.Helper()
	for _, r := range regions {
		if got[r] != want {
			t.Errorf("%s: key %s, want %s (all: %v)", r, got[r], want, got)
		}
	}
}

// endAtFirstObserve ends the drill at its first state read, after checking
// the states then with the test's own client.
func endAtFirstObserve(t *testing.T, d **Drill, during *map[string]string, regions ...string) func(DrillEvent) {
	var once sync.Once
	return func(ev DrillEvent) {
		if ev.Phase == PhaseObserve && ev.Status == StatusState {
			once.Do(func() {
				*during = keyStates(t, regions...)
				(*d).End()
			})
		}
	}
}

func TestDrillReplicasRecordsFirstDisablesReplicasAndRestores(t *testing.T) {
	p, e, o, m := drillSet(t, "", "us-east-1", "us-west-2", "eu-west-1")
	d, err := e.PrepareDrill(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{d.Targets[0].Region, d.Targets[1].Region}; len(d.Targets) != 2 || !slices.Equal(got, []string{"eu-west-1", "us-west-2"}) || d.FullOutage() {
		t.Fatalf("targets %+v", d.Targets)
	}
	if n := e.WriteCalls(); n != 0 {
		t.Errorf("preflight made %d write call(s)", n)
	}
	var during map[string]string
	res, err := d.Run(ctx, endAtFirstObserve(t, &d, &during, "us-east-1", "us-west-2", "eu-west-1"))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	wantStates(t, during, "Enabled", "us-east-1")
	wantStates(t, during, "Disabled", "us-west-2", "eu-west-1")
	wantStates(t, keyStates(t, "us-east-1", "us-west-2", "eu-west-1"), "Enabled", "us-east-1", "us-west-2", "eu-west-1")

	// Recorded before the first DisableKey, with every Region it disables.
	if len(m.saved) == 0 || m.disables[0] != 0 || !m.saved[0].InProgress() || len(m.saved[0].Regions) != 2 || m.saved[0].Who == "" {
		t.Errorf("first save: %+v after %v DisableKey(s)", m.saved, m.disables)
	}
	last := m.last()
	if last.InProgress() || last.Outcome != state.DrillRestored || last.EndReason != EndOperator || last.VerifyOK == nil || !*last.VerifyOK {
		t.Errorf("last save %+v", last)
	}
	for _, r := range last.Regions {
		if r.DisabledAt.IsZero() || r.EnabledAt.IsZero() || !strings.HasPrefix(r.ARN, "arn:aws:kms:"+r.Region+":") {
			t.Errorf("region record %+v", r)
		}
	}
	if !res.Restored || res.Verify == nil || !res.Verify.OK {
		t.Errorf("result %+v", res)
	}
	// Never a key the drill did not disable; never deletion.
	for _, r := range p.Requests("EnableKey") {
		if r.Region == "us-east-1" {
			t.Errorf("EnableKey sent to the primary, which the drill did not disable")
		}
	}
	for _, c := range e.Calls() {
		if c.Operation == "ScheduleKeyDeletion" || c.Operation == "CancelKeyDeletion" {
			t.Errorf("%s called", c.Operation)
		}
	}
}

func TestDrillObservationsAreRecordedWithTimes(t *testing.T) {
	_, e, o, m := drillSet(t, DrillScopePrimary, "us-east-1", "us-west-2")
	d, err := e.PrepareDrill(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 29, 13, 0, 5, 0, time.UTC)
	var once sync.Once
	_, err = d.Run(ctx, func(ev DrillEvent) {
		if ev.Phase == PhaseObserve && ev.Status == StatusState {
			once.Do(func() {
				if err := d.Observe(ObsAlertEmail, "", at); err != nil {
					t.Error(err)
				}
				if err := d.Observe(ObsNote, " mail came after 2 min ", at); err != nil {
					t.Error(err)
				}
				if err := d.Observe("coffee", "", at); err == nil {
					t.Error("unknown observation accepted")
				}
				d.End()
			})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	obs := m.last().Observations
	if len(obs) != 2 || obs[0].ID != ObsAlertEmail || !obs[0].At.Equal(at) || obs[1].Note != "mail came after 2 min" {
		t.Errorf("observations %+v", obs)
	}
}

func TestDrillDeadlineEndsIt(t *testing.T) {
	_, e, o, m := drillSet(t, DrillScopeAll, "us-east-1", "us-west-2")
	o.Duration = time.Second
	d, err := e.PrepareDrill(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if !d.FullOutage() {
		t.Error("scope all is not a full outage")
	}
	if _, err := d.Run(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if r := m.last(); r.EndReason != EndDeadline || r.Outcome != state.DrillRestored {
		t.Errorf("record %+v", r)
	}
	wantStates(t, keyStates(t, "us-east-1", "us-west-2"), "Enabled", "us-east-1", "us-west-2")
}

func TestDrillCancelledContextStillRestores(t *testing.T) {
	_, e, o, m := drillSet(t, DrillScopeAll, "us-east-1", "us-west-2")
	d, err := e.PrepareDrill(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	var once sync.Once
	_, err = d.Run(cctx, func(ev DrillEvent) {
		if ev.Phase == PhaseObserve && ev.Status == StatusState {
			once.Do(cancel)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if r := m.last(); r.EndReason != EndInterrupted || r.Outcome != state.DrillRestored {
		t.Errorf("record %+v", r)
	}
	wantStates(t, keyStates(t, "us-east-1", "us-west-2"), "Enabled", "us-east-1", "us-west-2")
}

func TestDrillPanicRestoresThenPanics(t *testing.T) {
	_, e, o, m := drillSet(t, DrillScopeAll, "us-east-1", "us-west-2")
	d, err := e.PrepareDrill(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	var recovered any
	func() {
		defer func() { recovered = recover() }()
		_, _ = d.Run(ctx, func(ev DrillEvent) {
			if ev.Phase == PhaseObserve && ev.Status == StatusState {
				panic("face bug")
			}
		})
	}()
	if recovered != "face bug" {
		t.Errorf("recovered %v, want the panic to go on", recovered)
	}
	wantStates(t, keyStates(t, "us-east-1", "us-west-2"), "Enabled", "us-east-1", "us-west-2")
	if r := m.last(); r.EndReason != EndPanic || r.Outcome != state.DrillRestored {
		t.Errorf("record %+v", r)
	}
}

func TestDrillAccessDeniedOnFirstDisableChangesNothing(t *testing.T) {
	p, e, o, m := drillSet(t, DrillScopeAll, "us-east-1", "us-west-2")
	st, body := faultproxy.AWSError("AccessDeniedException", "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: kms:DisableKey")
	p.Add(faultproxy.Fault{Op: "DisableKey", Status: st, Body: body})
	d, err := e.PrepareDrill(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Run(ctx, nil)
	if err == nil || !strings.Contains(err.Error(), "Nothing was changed") || !strings.Contains(err.Error(), "kms:DisableKey") {
		t.Fatalf("err %v", err)
	}
	if n := p.Count("DisableKey"); n != 1 {
		t.Errorf("%d DisableKey requests, want 1 (the drill ends at the first refusal)", n)
	}
	if n := p.Count("EnableKey"); n != 0 {
		t.Errorf("%d EnableKey requests for a drill that disabled nothing", n)
	}
	if r := m.last(); r.InProgress() || r.Outcome != state.DrillNothingDone || res.Drill.Outcome != state.DrillNothingDone {
		t.Errorf("record %+v", r)
	}
}

func TestDrillAccessDeniedOnLaterRegionRestoresTheEarlierOnes(t *testing.T) {
	p, e, o, m := drillSet(t, DrillScopeAll, "us-east-1", "us-west-2", "eu-west-1")
	st, body := faultproxy.AWSError("AccessDeniedException", "not authorized to perform: kms:DisableKey")
	p.Add(faultproxy.Fault{Op: "DisableKey", Region: "us-west-2", Status: st, Body: body})
	d, err := e.PrepareDrill(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	// Order: primary, then replicas sorted: us-east-1, eu-west-1, us-west-2.
	_, err = d.Run(ctx, nil)
	if err == nil || !strings.Contains(err.Error(), "ended at once") {
		t.Fatalf("err %v", err)
	}
	wantStates(t, keyStates(t, "us-east-1", "us-west-2", "eu-west-1"), "Enabled", "us-east-1", "us-west-2", "eu-west-1")
	var enabled []string
	for _, r := range p.Requests("EnableKey") {
		enabled = append(enabled, r.Region)
	}
	slices.Sort(enabled)
	if !slices.Equal(enabled, []string{"eu-west-1", "us-east-1"}) {
		t.Errorf("EnableKey sent to %v, want exactly the Regions disabled", enabled)
	}
	if r := m.last(); r.Outcome != state.DrillRestored || r.EndReason != EndAWSError {
		t.Errorf("record %+v", r)
	}
}

// A lost EnableKey response and throttled EnableKey calls: the restore
// retries until the read-back says Enabled.
func TestDrillEnableKeyFaultsStillRestored(t *testing.T) {
	for _, c := range []struct {
		name    string
		fault   faultproxy.Fault
		minReqs int // EnableKey requests that show the fault was exercised
	}{
		{"LostResponse", faultproxy.Fault{Op: "EnableKey", Times: 2, DropAfterForward: true}, 2},
		{"Throttled", faultproxy.Throttle("EnableKey", 5), 6}, // more than the SDK's 2 attempts
	} {
		t.Run(c.name, func(t *testing.T) {
			p, e, o, _ := drillSet(t, DrillScopeAll, "us-east-1", "us-west-2")
			p.Add(c.fault)
			o.Duration = time.Second
			d, err := e.PrepareDrill(ctx, o)
			if err != nil {
				t.Fatal(err)
			}
			res, err := d.Run(ctx, nil)
			if err != nil || !res.Restored {
				t.Fatalf("Run: %v %+v", err, res)
			}
			wantStates(t, keyStates(t, "us-east-1", "us-west-2"), "Enabled", "us-east-1", "us-west-2")
			if n := p.Count("EnableKey"); n < c.minReqs {
				t.Errorf("%d EnableKey requests, want at least %d: the fault was not exercised", n, c.minReqs)
			}
		})
	}
}

func TestDrillRestoreFailureKeepsTheRecordAndNamesTheCommands(t *testing.T) {
	p, e, o, m := drillSet(t, DrillScopeReplicas, "us-east-1", "us-west-2")
	st, body := faultproxy.AWSError("AccessDeniedException", "not authorized to perform: kms:EnableKey")
	p.Add(faultproxy.Fault{Op: "EnableKey", Status: st, Body: body})
	o.Duration = time.Second
	d, err := e.PrepareDrill(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Run(ctx, nil)
	var rerr *RestoreError
	if !errors.As(err, &rerr) {
		t.Fatalf("err %v, want a *RestoreError", err)
	}
	arn := d.Targets[0].ARN
	want := "aws kms enable-key --key-id " + arn + " --region us-west-2"
	if !slices.Equal(res.ManualCommands, []string{want}) || !strings.Contains(err.Error(), want) {
		t.Errorf("commands %v\n%v", res.ManualCommands, err)
	}
	if r := m.last(); !r.InProgress() || r.Outcome != state.DrillRestoreFailed {
		t.Errorf("record %+v: a failed restore must stay in progress", r)
	}
	// The later restore (its own engine, no fault) finishes the job.
	p.Clear()
	res, err = newEngine(t, emu.URL).RestoreDrill(ctx, m.last(), VerifyOptions{}, m.save, nil)
	if err != nil || !res.Restored || m.last().InProgress() {
		t.Fatalf("RestoreDrill: %v %+v", err, m.last())
	}
	wantStates(t, keyStates(t, "us-west-2"), "Enabled", "us-west-2")
}

func TestRestoreDrillAfterKill(t *testing.T) {
	arn, keyID := setUpSet(t, "us-east-1", "us-west-2")
	// As the drill left it: marked, then disabled.
	if err := checker(t).KMS("us-west-2").TagKey(ctx, keyID, []awsx.Tag{{Key: TagDrill, Value: "d1"}}); err != nil {
		t.Fatal(err)
	}
	awstest.DisableKey(t, emu.URL, "us-west-2", keyID)
	rec := &state.Drill{ID: "d1", Alias: "alias/zoom-cmk", StartedAt: time.Now().UTC(), Scope: DrillScopeAll, Regions: []state.DrillRegion{
		{Region: "us-east-1", Role: RolePrimary, KeyID: keyID, ARN: arn}, // the kill came before its DisableKey
		{Region: "us-west-2", Role: RoleReplica, KeyID: keyID, ARN: strings.Replace(arn, "us-east-1", "us-west-2", 1)},
	}}
	p := faultproxy.New(t, emu.URL)
	m := &memSaver{}
	res, err := newEngine(t, p.URL).RestoreDrill(ctx, rec, VerifyOptions{Key: arn}, m.save, nil)
	if err != nil || !res.Restored {
		t.Fatalf("RestoreDrill: %v %+v", err, res)
	}
	wantStates(t, keyStates(t, "us-east-1", "us-west-2"), "Enabled", "us-east-1", "us-west-2")
	if rs := p.Requests("EnableKey"); len(rs) != 1 || rs[0].Region != "us-west-2" {
		t.Errorf("EnableKey requests %+v: an Enabled key needs none", rs)
	}
	if r := m.last(); r.InProgress() || r.EndReason != EndRestore || r.Outcome != state.DrillRestored || r.VerifyOK == nil || !*r.VerifyOK {
		t.Errorf("record %+v", r)
	}
	// The record in a session: SetDrill closes it.
	s := &state.Session{Drill: rec}
	s.SetDrill(m.last())
	if s.ActiveDrill() != nil || s.LastDrill == nil {
		t.Errorf("session after restore: drill %+v last %+v", s.Drill, s.LastDrill)
	}
}

func TestDrillRefusedWhenAKeyIsAlreadyDisabled(t *testing.T) {
	arn, keyID := setUpSet(t, "us-east-1", "us-west-2")
	awstest.DisableKey(t, emu.URL, "us-west-2", keyID)
	e := newEngine(t, emu.URL)
	m := &memSaver{}
	_, err := e.PrepareDrill(ctx, DrillOptions{Verify: VerifyOptions{Key: arn}, Scope: DrillScopePrimary, Save: m.save})
	var refused *DrillRefusedError
	if !errors.As(err, &refused) || !strings.Contains(err.Error(), "us-west-2: key-state FAIL") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("err %v", err)
	}
	if e.WriteCalls() != 0 || len(m.saved) != 0 {
		t.Errorf("a refused drill wrote %d call(s), saved %d record(s)", e.WriteCalls(), len(m.saved))
	}
}

func TestDrillRefusedWhileOneIsInProgress(t *testing.T) {
	e := newEngine(t, "http://127.0.0.1:1") // no call may be made
	active := &state.Drill{StartedAt: time.Now(), Regions: []state.DrillRegion{{Region: "us-west-2"}}}
	_, err := e.PrepareDrill(ctx, DrillOptions{Verify: VerifyOptions{Key: "alias/zoom-cmk"}, Active: active, Save: (&memSaver{}).save})
	var busy *DrillInProgressError
	if !errors.As(err, &busy) || !strings.Contains(err.Error(), "drill --restore") || len(e.Calls()) != 0 {
		t.Errorf("err %v, calls %d", err, len(e.Calls()))
	}
}

func TestValidateDrillRejectsBadInput(t *testing.T) {
	save := (&memSaver{}).save
	for _, tc := range []struct {
		name string
		o    DrillOptions
		want string
	}{
		{"scope", DrillOptions{Scope: "most", Save: save}, "replicas"},
		{"scope and regions", DrillOptions{Scope: DrillScopeAll, Regions: []string{"us-east-1"}, Save: save}, "not both"},
		{"region", DrillOptions{Regions: []string{"moon-1"}, Save: save}, "moon-1"},
		{"too long", DrillOptions{Duration: 61 * time.Minute, Save: save}, "60m"},
		{"negative", DrillOptions{Duration: -time.Minute, Save: save}, "negative"},
		{"no saver", DrillOptions{}, "record"},
	} {
		tc.o.Verify.Key = "alias/zoom-cmk"
		if err := ValidateDrill(&tc.o); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	o := DrillOptions{Verify: VerifyOptions{Key: "alias/zoom-cmk"}, Regions: []string{"us-west-2,eu-west-1"}, Save: save}
	if err := ValidateDrill(&o); err != nil || o.Scope != DrillScopeRegions || o.Duration != DefaultDrillDuration || len(o.Regions) != 2 {
		t.Errorf("defaults: %v %+v", err, o)
	}
}

func TestDrillExplicitRegionsOutsideTheSetAreRefused(t *testing.T) {
	arn, _ := setUpSet(t, "us-east-1", "us-west-2")
	_, err := newEngine(t, emu.URL).PrepareDrill(ctx, DrillOptions{Verify: VerifyOptions{Key: arn}, Regions: []string{"eu-west-1"}, Save: (&memSaver{}).save})
	if err == nil || !strings.Contains(err.Error(), "eu-west-1 is not a Region of the key set") {
		t.Errorf("err %v", err)
	}
}

func TestVerifyFailsTheDrillCheckWhileADrillIsRecorded(t *testing.T) {
	arn, _ := setUpSet(t, "us-east-1", "us-west-2")
	started := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	s := &state.Session{PrimaryRegion: "us-east-1", Keys: []state.Key{{Region: "us-east-1", Role: RolePrimary, ARN: arn}},
		Drill: &state.Drill{StartedAt: started, Regions: []state.DrillRegion{{Region: "us-west-2"}}}}
	rep := mustVerify(t, VerifyOptionsFor(s))
	c := wantCheck(t, rep, "us-west-2", CheckDrill, CheckFail, "2026-11-29 12:00 UTC", "zcmk-tui drill --restore")
	if c != nil && rep.Keys[1].Checks[0].ID != CheckDrill {
		t.Errorf("drill is not the first check: %v", ids(rep.Keys[1]))
	}
	if rep.OK || rep.Find("us-east-1", CheckDrill) != nil {
		t.Errorf("report:\n%s", dump(rep))
	}
	// A closed drill is no finding.
	s.SetDrill(&state.Drill{StartedAt: started, Outcome: state.DrillRestored})
	if rep := mustVerify(t, VerifyOptionsFor(s)); !rep.OK {
		t.Errorf("after the drill:\n%s", dump(rep))
	}
}
