package setup

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/testutil/latency"
)

// The drill's safety net (issue 23) against the emulator: moto serves
// EventBridge Scheduler and IAM but does not run schedules, so the tests
// read what was written (time, target, input, role) with the test's own
// client.

// netSchedules reads the drill schedules in each Region with the test's
// own client (name -> schedule).
func netSchedules(t *testing.T, regions ...string) map[string]*awsx.Schedule {
	t.Helper()
	c := checker(t)
	out := map[string]*awsx.Schedule{}
	for _, r := range regions {
		names, err := c.Scheduler(r).ListSchedules(ctx, NetSchedulePrefix)
		if err != nil {
			t.Fatalf("%s: ListSchedules: %v", r, err)
		}
		for _, n := range names {
			sc, err := c.Scheduler(r).GetSchedule(ctx, n)
			if err != nil {
				t.Fatal(err)
			}
			out[r+"/"+n] = sc
		}
	}
	return out
}

// wantNet checks the schedules of rec in the emulator: one per disabled
// Region, at the deadline plus the grace, enabling that Region's key.
func wantNet(t *testing.T, rec *state.Drill, got map[string]*awsx.Schedule) {
	t.Helper()
	if rec.Net == nil || !rec.Net.Laid() || len(rec.Net.Schedules) != len(rec.Regions) {
		t.Fatalf("record net %+v", rec.Net)
	}
	if !rec.Net.At.Equal(rec.Deadline.Add(NetGrace)) {
		t.Errorf("net at %v, deadline %v", rec.Net.At, rec.Deadline)
	}
	for _, r := range rec.Regions {
		sc := got[r.Region+"/"+NetSchedulePrefix+rec.ID]
		if sc == nil {
			t.Errorf("%s: no schedule (have %v)", r.Region, got)
			continue
		}
		want := "at(" + rec.Deadline.Add(NetGrace).UTC().Format("2006-01-02T15:04:05") + ")"
		if sc.Expression != want || sc.TargetARN != "arn:aws:scheduler:::aws-sdk:kms:enableKey" ||
			sc.Input != `{"KeyId":"`+r.ARN+`"}` || sc.RoleARN != rec.Net.RoleARN || !sc.FlexOff || !sc.DeleteDone {
			t.Errorf("%s: schedule %+v, want %s enabling %s as %s", r.Region, sc, want, r.ARN, rec.Net.RoleARN)
		}
	}
}

func TestDrillLaysTheNetBeforeDisablingAndRemovesItAtTheEnd(t *testing.T) {
	regions := []string{"us-east-1", "us-west-2"}
	p, e, o, m := drillSet(t, DrillScopeAll, regions[0], regions[1:]...)
	d, err := e.PrepareDrill(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if !d.WithNet() || len(d.NetProblems()) != 0 || e.WriteCalls() != 0 {
		t.Fatalf("net problems %v, %d writes in the preflight", d.NetProblems(), e.WriteCalls())
	}
	var during map[string]*awsx.Schedule
	var once sync.Once
	res, err := d.Run(ctx, func(ev DrillEvent) {
		if ev.Phase == PhaseObserve && ev.Status == StatusState {
			once.Do(func() { during = netSchedules(t, regions...); d.End() })
		}
	})
	if err != nil || !res.Restored {
		t.Fatalf("Run: %v %+v", err, res)
	}
	wantNet(t, d.Record(), during)

	// Laid and read back before the first DisableKey.
	first := p.Requests("DisableKey")[0].Start
	for _, op := range []string{"CreateSchedule", "GetSchedule", "PutRolePolicy"} {
		for _, r := range p.Requests(op) {
			if !r.End.Before(first) {
				t.Errorf("%s in %s answered after the first DisableKey", op, r.Region)
			}
		}
	}
	if p.Count("GetSchedule") != 2 {
		t.Errorf("%d GetSchedule (read-backs), want 2", p.Count("GetSchedule"))
	}
	// The role: trusted by Scheduler for this account, EnableKey on the set only.
	c := checker(t)
	role, err := c.IAM("us-east-1").GetRole(ctx, NetRoleName("alias/zoom-cmk"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(role.Trust, `"Service":"scheduler.amazonaws.com"`) || !strings.Contains(role.Trust, `"aws:SourceAccount":"123456789012"`) ||
		!slices.Contains(role.Tags, awsx.Tag{Key: TagAlias, Value: "alias/zoom-cmk"}) {
		t.Errorf("role %+v", role)
	}
	pol, err := c.IAM("us-east-1").GetRolePolicy(ctx, NetRoleName("alias/zoom-cmk"), netPolicyName)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pol, `"Action":"kms:EnableKey"`) || strings.Count(pol, "arn:aws:kms:") != 2 || strings.Contains(pol, `"*"`) {
		t.Errorf("role policy %s", pol)
	}

	// A normal end removes the schedules; the record says so.
	if left := netSchedules(t, regions...); len(left) != 0 {
		t.Errorf("schedules left after the drill: %v", left)
	}
	if last := m.last(); last.Net == nil || !last.Net.Removed || len(res.NetLeft) != 0 {
		t.Errorf("record net %+v, left %v", last.Net, res.NetLeft)
	}

	// A second drill reuses the role.
	p2, e2, o2, _ := drillSetAgain(t, o)
	o2.Duration = time.Second
	d2, err := e2.PrepareDrill(ctx, o2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d2.Run(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if p2.Count("CreateRole") != 0 || p2.Count("CreateSchedule") != 2 {
		t.Errorf("second drill: %d CreateRole, %d CreateSchedule", p2.Count("CreateRole"), p2.Count("CreateSchedule"))
	}
	if left := netSchedules(t, regions...); len(left) != 0 {
		t.Errorf("schedules left after the deadline end: %v", left)
	}
}

// drillSetAgain is a new proxy and engine for the same key set.
func drillSetAgain(t *testing.T, o DrillOptions) (*faultproxy.Proxy, *Engine, DrillOptions, *memSaver) {
	p := faultproxy.New(t, emu.URL)
	e := newEngine(t, p.URL)
	e.RestoreTimeout = 30 * time.Second
	m := &memSaver{p: p}
	o.Save = m.save
	return p, e, o, m
}

// Each normal end (the operator, the deadline, a cancelled context, an AWS
// error while disabling) removes the schedules.
func TestDrillEveryNormalEndRemovesTheNet(t *testing.T) {
	regions := []string{"us-east-1", "us-west-2"}
	for _, end := range []string{EndOperator, EndDeadline, EndInterrupted, EndAWSError} {
		t.Run(end, func(t *testing.T) {
			p, e, o, m := drillSet(t, DrillScopeAll, regions[0], regions[1:]...)
			o.Duration = time.Minute
			if end == EndDeadline {
				o.Duration = time.Second
			}
			if end == EndAWSError {
				st, body := faultproxy.AWSError("AccessDeniedException", "not authorized to perform: kms:DisableKey")
				p.Add(faultproxy.Fault{Op: "DisableKey", Region: "us-west-2", Status: st, Body: body})
			}
			d, err := e.PrepareDrill(ctx, o)
			if err != nil {
				t.Fatal(err)
			}
			rctx, cancel := context.WithCancel(ctx)
			defer cancel()
			var once sync.Once
			_, _ = d.Run(rctx, func(ev DrillEvent) {
				if ev.Phase == PhaseObserve && ev.Status == StatusState {
					once.Do(func() {
						switch end {
						case EndOperator:
							d.End()
						case EndInterrupted:
							cancel()
						}
					})
				}
			})
			last := m.last()
			if last.EndReason != end || last.Net == nil || !last.Net.Removed {
				t.Errorf("record: end %s, net %+v", last.EndReason, last.Net)
			}
			if left := netSchedules(t, regions...); len(left) != 0 {
				t.Errorf("schedules left: %v", left)
			}
			wantStates(t, keyStates(t, regions...), "Enabled", regions...)
		})
	}
}

// A net that cannot be laid: the preflight says why, Run refuses unless the
// admin accepts a drill without it, and that choice is recorded.
func TestDrillWithoutANetIsRefusedUnlessAccepted(t *testing.T) {
	p, e, o, m := drillSet(t, DrillScopeReplicas, "us-east-1", "us-west-2")
	p.Add(faultproxy.Fault{Op: "ListSchedules", Status: http.StatusBadRequest, ContentType: "application/json",
		Body: `{"__type":"AccessDeniedException","message":"not authorized to perform: scheduler:ListSchedules"}`})
	st := faultproxy.QueryError(http.StatusForbidden, "AccessDenied", "not authorized to perform: iam:GetRole")
	st.Op = "GetRole"
	p.Add(st)
	o.Duration = time.Second
	d, err := e.PrepareDrill(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	got := text(joinMsgs("setup.join.lines", d.NetProblems()))
	for _, want := range []string{"EventBridge Scheduler cannot be used in us-west-2", "scheduler:ListSchedules", "role zcmk-tui-drill-net-", "iam:GetRole"} {
		if !strings.Contains(got, want) {
			t.Errorf("net problems lack %q:\n%s", want, got)
		}
	}
	if d.WithNet() {
		t.Fatal("WithNet with problems")
	}
	_, err = d.Run(ctx, nil)
	var refused *NetRefusedError
	if !errors.As(err, &refused) || !strings.Contains(err.Error(), "--without-net") || e.WriteCalls() != 0 || len(m.saved) != 0 {
		t.Fatalf("err %v, %d writes, %d saves", err, e.WriteCalls(), len(m.saved))
	}
	d2, err := e.PrepareDrill(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	d2.AcceptWithoutNet()
	res, err := d2.Run(ctx, nil)
	if err != nil || !res.Restored {
		t.Fatalf("Run: %v", err)
	}
	last := m.last()
	if !last.WithoutNet || last.Net != nil || !strings.Contains(last.NetProblem, "scheduler:ListSchedules") || p.Count("CreateSchedule") != 0 {
		t.Errorf("record %+v", last)
	}
}

// The key policy must let the role call EnableKey: a policy without the
// account statement is a net problem that names the statement to add.
func TestDrillNetChecksTheKeyPolicy(t *testing.T) {
	p, e, o, _ := drillSet(t, DrillScopeReplicas, "us-east-1", "us-west-2")
	// The replica's policy as read gives the account only the admin actions.
	p.Add(faultproxy.Fault{Op: "GetKeyPolicy", Region: "us-west-2", Answer: func(r faultproxy.Request) (int, string, bool) {
		return faultproxy.JSON(map[string]string{"PolicyName": "default", "Policy": `{"Version":"2012-10-17","Statement":[` +
			`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["kms:PutKeyPolicy","kms:GetKeyPolicy","kms:DescribeKey"],"Resource":"*"},` +
			`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::409910850980:root"},"Action":["kms:Decrypt","kms:Encrypt","kms:DescribeKey","kms:GenerateDataKey*"],"Resource":"*"}]}`})
	}})
	d, err := e.PrepareDrill(ctx, o)
	if err != nil {
		t.Fatal(err) // the admin check passes: the account keeps kms:PutKeyPolicy
	}
	got := text(joinMsgs("setup.join.lines", d.NetProblems()))
	if !strings.Contains(got, "key policy in us-west-2") || !strings.Contains(got, `"Principal": {"AWS": "arn:aws:iam::123456789012:role/zcmk-tui-drill-net-`) {
		t.Errorf("net problems:\n%s", got)
	}
}

// A fault at each request the net adds (a throttle, a lost response)
// converges: either the net was laid and read back before the first
// DisableKey, or nothing was disabled; and no schedule is left after the
// end.
func TestDrillNetFaultsConverge(t *testing.T) {
	regions := []string{"us-east-1", "us-west-2"}
	jsonThrottle := func(op string) faultproxy.Fault {
		return faultproxy.Fault{Op: op, Times: 1, Status: http.StatusBadRequest, ContentType: "application/json",
			Body: `{"__type":"ThrottlingException","message":"Rate exceeded"}`}
	}
	iamThrottle := func(op string) faultproxy.Fault {
		f := faultproxy.QueryError(http.StatusBadRequest, "Throttling", "Rate exceeded")
		f.Op, f.Times = op, 1
		return f
	}
	faults := map[string]faultproxy.Fault{}
	for _, op := range []string{"ListSchedules", "CreateSchedule", "GetSchedule", "DeleteSchedule"} {
		faults[op+"/throttle"] = jsonThrottle(op)
		faults[op+"/lost"] = faultproxy.Fault{Op: op, Times: 1, DropAfterForward: true}
	}
	for _, op := range []string{"GetRole", "CreateRole", "PutRolePolicy"} {
		faults[op+"/throttle"] = iamThrottle(op)
		faults[op+"/lost"] = faultproxy.Fault{Op: op, Times: 1, DropAfterForward: true}
	}
	names := make([]string, 0, len(faults))
	for n := range faults {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			p, e, o, m := drillSet(t, DrillScopeAll, regions[0], regions[1:]...)
			p.Add(faults[name])
			o.Duration = time.Second
			d, err := e.PrepareDrill(ctx, o)
			if err != nil {
				t.Fatal(err)
			}
			if !d.WithNet() {
				t.Fatalf("net problems after a single %s: %v", name, d.NetProblems())
			}
			res, err := d.Run(ctx, nil)
			op := strings.Split(name, "/")[0]
			if p.Count(op) < 1 {
				t.Fatalf("the fault was not exercised: no %s", op)
			}
			m.mu.Lock()
			defer m.mu.Unlock()
			var before *state.Drill // the last record saved before any DisableKey
			for i, s := range m.saved {
				if m.disables[i] == 0 {
					before = s
				}
			}
			if p.Count("DisableKey") > 0 && (before == nil || !before.Net.Laid()) {
				t.Errorf("a key was disabled without a net read back: %+v", before)
			}
			if p.Count("DisableKey") == 0 {
				t.Logf("the net was not laid (%v); nothing was disabled", err)
			} else if err != nil || !res.Restored {
				t.Errorf("Run: %v", err)
			}
			if left := netSchedules(t, regions...); len(left) != 0 {
				t.Errorf("schedules left: %v", left)
			}
			wantStates(t, keyStates(t, regions...), "Enabled", regions...)
		})
	}
}

// verify warns about a schedule a drill left behind, with the command that
// removes it; the drill in progress's own schedule is not left behind.
func TestVerifyWarnsAboutALeftoverSchedule(t *testing.T) {
	arn, _ := setUpSet(t, "us-east-1", "us-west-2")
	west := strings.Replace(arn, "us-east-1", "us-west-2", 1)
	if _, err := checker(t).Scheduler("us-west-2").CreateSchedule(ctx, awsx.Schedule{Name: NetSchedulePrefix + "d1",
		Expression: awsx.AtExpression(time.Now().Add(time.Hour)), TargetARN: netTargetARN("aws"),
		RoleARN: "arn:aws:iam::123456789012:role/" + NetRoleName("alias/zoom-cmk"), Input: netInput(west)}); err != nil {
		t.Fatal(err)
	}
	find := func(rep *VerifyReport) *Check {
		for _, k := range rep.Keys {
			for i, c := range k.Checks {
				if c.ID == CheckDrillNet && k.Region == "us-west-2" {
					return &k.Checks[i]
				}
			}
		}
		return nil
	}
	c := find(mustVerify(t, VerifyOptions{Key: arn}))
	if c == nil || c.Status != CheckWarn || !strings.Contains(c.Fix(), "aws scheduler delete-schedule --name zcmk-tui-drill-d1 --region us-west-2") {
		t.Errorf("check %+v", c)
	}
	active := &state.Drill{ID: "d1", Regions: []state.DrillRegion{{Region: "us-west-2"}}}
	if c := find(mustVerify(t, VerifyOptions{Key: arn, Drill: active})); c != nil {
		t.Errorf("the drill in progress's schedule is reported as left behind: %+v", c)
	}
}

// TestDrillNetRoundTrips measures what the safety net (and the ownership
// checks) add before the first DisableKey, through the latency proxy at
// 30 ms a request. The request counts are asserted (they are fixed by the
// code); the round trips are logged for BENCHMARKS.md (they are observed).
//
//	go test ./internal/setup -run TestDrillNetRoundTrips -count=1 -v
func TestDrillNetRoundTrips(t *testing.T) {
	lp, err := latency.New(emu.URL, 30*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(lp)
	defer srv.Close()
	for _, c := range []struct {
		name    string
		without bool
		again   bool // the role exists (every drill after the first)
	}{{"first drill with the net", false, false}, {"later drill with the net", false, true}, {"without the net", true, false}} {
		arn, _ := setUpSet(t, "us-east-1", "us-west-2")
		e := newEngine(t, srv.URL)
		e.RestoreTimeout = 30 * time.Second
		o := DrillOptions{Verify: VerifyOptions{Key: arn}, Scope: DrillScopeReplicas, Duration: time.Second, Poll: time.Second, Save: (&memSaver{}).save, WithoutNet: c.without}
		if c.again {
			d, err := e.PrepareDrill(ctx, o)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := d.Run(ctx, nil); err != nil {
				t.Fatal(err)
			}
		}
		lp.Reset()
		d, err := e.PrepareDrill(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		pre := latency.Summarize(lp.Calls())
		lp.Reset()
		if _, err := d.Run(ctx, nil); err != nil {
			t.Fatal(err)
		}
		var before []latency.Call
		for _, call := range lp.Calls() {
			if call.Operation == "DisableKey" {
				break
			}
			before = append(before, call)
		}
		run := latency.Summarize(before)
		t.Logf("%s: preflight %d requests, %d round trips; Run start to first DisableKey %d requests, %d round trips %v",
			c.name, pre.Calls, pre.CriticalPath, run.Calls, run.CriticalPath, run.Chain)
		// By construction: TagResource; with the net GetRole, PutRolePolicy,
		// CreateSchedule, GetSchedule (and CreateRole, GetRole the first time).
		want := map[string]int{"first drill with the net": 7, "later drill with the net": 5, "without the net": 1}[c.name]
		if run.Calls != want {
			t.Errorf("%s: %d requests before the first DisableKey, want %d: %v", c.name, run.Calls, want, run.Operations)
		}
	}
}
