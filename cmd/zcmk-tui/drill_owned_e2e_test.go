package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
)

// The drill touches only the key set it owns (issue 25, part 4), through
// the real binary.

// payrollSession sets up a second key set under alias/payroll into its own
// session file, and returns that file and the set's primary ARN.
func payrollSession(t *testing.T, regions ...string) (string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "payroll.json")
	args := []string{"setup", "--region", regions[0], "--alias", "alias/payroll", "--yes", "--state-file", path}
	for _, r := range regions[1:] {
		args = append(args, "--replica-region", r)
	}
	if r := zcmk(t, nil, args...); r.code != 0 {
		t.Fatalf("setup: exit %d\n%s", r.code, r.stderr)
	}
	return path, readSession(t, path).PrimaryARN()
}

// A session naming alias/payroll, whose keys grant Zoom but carry no
// zcmk-tui tag: 'drill --yes' disabled its replica. Now it is refused and
// sends no DisableKey.
func TestDrillRefusesASessionKeyWithoutTheToolsTag(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	regions := []string{"us-east-1", "us-west-2"}
	path, arn := payrollSession(t, regions...)
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	keyID := arn[strings.LastIndex(arn, "/")+1:]
	for _, r := range regions {
		if err := c.KMS(r).UntagKey(context.Background(), keyID, "zcmk-tui:alias", "zcmk-tui:created-by"); err != nil {
			t.Fatal(err)
		}
	}
	p := faultproxy.New(t, emu.URL)
	r := zcmk(t, []string{"AWS_ENDPOINT_URL=" + p.URL}, "drill", "--yes", "--duration", "1s", "--state-file", path)
	if r.code != 1 || !strings.Contains(r.stderr, "zcmk-tui:alias=alias/payroll") || !strings.Contains(r.stderr, "nothing was changed") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	if n := p.Count("DisableKey") + p.Count("TagResource"); n != 0 {
		t.Errorf("%d write request(s)", n)
	}
	if s := readSession(t, path); s.ActiveDrill() != nil || s.LastDrill != nil {
		t.Errorf("a refused drill was recorded: %+v %+v", s.Drill, s.LastDrill)
	}
}

// 'drill --key <other ARN>' named alias/zoom-cmk on its impact screen and
// asked to type it. Now it names that key's own alias and its ARNs.
func TestDrillKeyByARNNamesThatKey(t *testing.T) {
	regions := []string{"us-east-1", "us-west-2"}
	mine := setUpKeySet(t, regions[0], regions[1:]...)
	_, arn := payrollSession(t, regions...)
	r := zcmk(t, nil, "drill", "--key", arn, "--scope", "all", "--dry-run", "--state-file", mine)
	out := r.stdout + r.stderr
	if r.code != 0 || !strings.Contains(out, "drill on alias/payroll") || strings.Contains(out, "alias/zoom-cmk") {
		t.Errorf("exit %d\n%s", r.code, out)
	}
	for _, reg := range regions {
		if want := strings.Replace(arn, regions[0], reg, 1); !strings.Contains(out, want) {
			t.Errorf("the impact does not show %s:\n%s", want, out)
		}
	}
}

// drillSchedules lists the drill schedules in each Region, straight from the
// emulator (Region/name -> schedule).
func drillSchedules(t *testing.T, regions ...string) map[string]*awsx.Schedule {
	t.Helper()
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*awsx.Schedule{}
	for _, r := range regions {
		names, err := c.Scheduler(r).ListSchedules(context.Background(), setup.NetSchedulePrefix)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if out[r+"/"+n], err = c.Scheduler(r).GetSchedule(context.Background(), n); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

// SIGKILL after the DisableKey calls leaves the safety net in AWS with the
// right target and time; verify and --restore deal with it.
func TestDrillKilledLeavesTheNetThenRestoreRemovesIt(t *testing.T) {
	regions := []string{"us-east-1", "us-west-2"}
	stateFile := setUpKeySet(t, regions[0], regions[1:]...)
	r := start(t, nil, "drill", "--scope", "all", "--duration", "10m", "--yes", "--state-file", stateFile)
	waitDisabled(t, r, regions...)
	if err := r.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	r.wait(t)
	rec := readSession(t, stateFile).ActiveDrill()
	if rec == nil || rec.Net == nil || !rec.Net.Laid() {
		t.Fatalf("the record holds no net: %+v", rec)
	}
	got := drillSchedules(t, regions...)
	for _, reg := range rec.Regions {
		sc := got[reg.Region+"/"+setup.NetSchedulePrefix+rec.ID]
		at := "at(" + rec.Deadline.Add(setup.NetGrace).UTC().Format("2006-01-02T15:04:05") + ")"
		if sc == nil || sc.Expression != at || sc.TargetARN != "arn:aws:scheduler:::aws-sdk:kms:enableKey" ||
			sc.Input != `{"KeyId":"`+reg.ARN+`"}` || sc.RoleARN != rec.Net.RoleARN || !sc.DeleteDone || !sc.FlexOff {
			t.Errorf("%s: schedule %+v, want %s enabling %s", reg.Region, sc, at, reg.ARN)
		}
	}
	if !strings.Contains(r.out.String()+r.err.String(), "AWS will enable the key at") {
		t.Errorf("the drill did not say the net is in place:\n%s%s", r.out.String(), r.err.String())
	}
	rs := zcmk(t, nil, "drill", "--restore", "--yes", "--state-file", stateFile)
	if rs.code != 0 {
		t.Fatalf("--restore: exit %d\n%s", rs.code, rs.stderr)
	}
	wantEnabled(t, regions...)
	if left := drillSchedules(t, regions...); len(left) != 0 {
		t.Errorf("schedules left after --restore: %v", left)
	}
	if s := readSession(t, stateFile); s.LastDrill == nil || s.LastDrill.Net == nil || !s.LastDrill.Net.Removed {
		t.Errorf("last drill %+v", s.LastDrill)
	}
}

// verify warns about a schedule left behind and names the command.
func TestVerifyWarnsAboutALeftoverDrillSchedule(t *testing.T) {
	regions := []string{"us-east-1", "us-west-2"}
	stateFile := setUpKeySet(t, regions[0], regions[1:]...)
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	arn := readSession(t, stateFile).PrimaryARN()
	if _, err := c.Scheduler("us-west-2").CreateSchedule(context.Background(), awsx.Schedule{Name: setup.NetSchedulePrefix + "0123",
		Expression: awsx.AtExpression(time.Now().Add(time.Hour)), TargetARN: "arn:aws:scheduler:::aws-sdk:kms:enableKey",
		RoleARN: "arn:aws:iam::123456789012:role/x", Input: `{"KeyId":"` + arn + `"}`}); err != nil {
		t.Fatal(err)
	}
	v := zcmk(t, nil, "verify", "--state-file", stateFile, "--output", "json")
	if !strings.Contains(v.stdout, `"fix": "aws scheduler delete-schedule --name zcmk-tui-drill-0123 --region us-west-2"`) {
		t.Errorf("verify exit %d:\n%s%s", v.code, v.stdout, v.stderr)
	}
}

// A net that cannot be laid: --yes alone refuses and changes nothing;
// --without-net runs the drill and the session records the choice.
func TestDrillWithoutNetNeedsTheFlag(t *testing.T) {
	regions := []string{"us-east-1", "us-west-2"}
	stateFile := setUpKeySet(t, regions[0], regions[1:]...)
	p := faultproxy.New(t, emu.URL)
	p.Add(faultproxy.Fault{Op: "ListSchedules", Status: 400, ContentType: "application/json",
		Body: `{"__type":"AccessDeniedException","message":"not authorized to perform: scheduler:ListSchedules"}`})
	env := []string{"AWS_ENDPOINT_URL=" + p.URL}
	r := zcmk(t, env, "drill", "--yes", "--duration", "1s", "--state-file", stateFile)
	if r.code != 1 || !strings.Contains(r.stdout+r.stderr, "--without-net") || p.Count("DisableKey")+p.Count("CreateSchedule") != 0 {
		t.Fatalf("exit %d, %d DisableKey\n%s%s", r.code, p.Count("DisableKey"), r.stdout, r.stderr)
	}
	if s := readSession(t, stateFile); s.Drill != nil || s.LastDrill != nil {
		t.Errorf("a refused drill was recorded")
	}
	r = zcmk(t, env, "drill", "--yes", "--without-net", "--duration", "1s", "--state-file", stateFile)
	if r.code != 0 || p.Count("DisableKey") != 1 || p.Count("CreateSchedule") != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if ld := readSession(t, stateFile).LastDrill; ld == nil || !ld.WithoutNet || ld.Net != nil {
		t.Errorf("last drill %+v", ld)
	}
	wantEnabled(t, regions...)
}
