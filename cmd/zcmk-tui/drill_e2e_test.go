package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// End-to-end drills: the real binary against the emulator (some through the
// fault proxy), with no terminal. Key states are read with calls of the
// test's own, straight to the emulator.

// running is a binary started in the background.
type running struct {
	cmd      *exec.Cmd
	out, err *syncBuffer
	done     chan struct{}
	code     int
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs the binary like zcmk does, without waiting for it.
func start(t *testing.T, env []string, args ...string) *running {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command(binPath, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "XDG_STATE_HOME=" + filepath.Join(dir, "state")}, emu.Env(dir)...)
	cmd.Env = append(cmd.Env, env...)
	r := &running{cmd: cmd, out: &syncBuffer{}, err: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = r.out, r.err
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); ok {
			r.code = ee.ExitCode()
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				r.code = 128 + int(ws.Signal())
			}
		}
		close(r.done)
	}()
	t.Cleanup(func() {
		select {
		case <-r.done:
		default:
			_ = cmd.Process.Signal(syscall.SIGTERM) // restores; never leave a key disabled
			<-r.done
		}
	})
	return r
}

func (r *running) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(2 * time.Minute):
		t.Fatalf("the binary did not end\nstderr:\n%s", r.err.String())
	}
	return r.code
}

// setUpKeySet runs setup and returns the session file.
func setUpKeySet(t *testing.T, primary string, replicas ...string) string {
	t.Helper()
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	stateFile := filepath.Join(t.TempDir(), "session.json")
	args := []string{"setup", "--region", primary, "--yes", "--state-file", stateFile}
	for _, r := range replicas {
		args = append(args, "--replica-region", r)
	}
	if r := zcmk(t, nil, args...); r.code != 0 {
		t.Fatalf("setup: exit %d\n%s", r.code, r.stderr)
	}
	return stateFile
}

// states reads the key state of the alias in each Region, straight from the emulator.
func states(t *testing.T, regions ...string) map[string]string {
	t.Helper()
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range regions {
		k, err := c.KMS(r).DescribeKey(context.Background(), zoom.DefaultAlias)
		if err != nil {
			t.Fatalf("%s: %v", r, err)
		}
		out[r] = k.State
	}
	return out
}

func allIn(m map[string]string, want string) bool {
	for _, v := range m {
		if v != want {
			return false
		}
	}
	return true
}

// waitDisabled waits until every Region reads Disabled while r runs.
func waitDisabled(t *testing.T, r *running, regions ...string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if allIn(states(t, regions...), "Disabled") {
			return
		}
		select {
		case <-r.done:
			t.Fatalf("the drill ended (exit %d) before every Region was Disabled\nstderr:\n%s", r.code, r.err.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("not every Region became Disabled: %v\nstderr:\n%s", states(t, regions...), r.err.String())
}

func wantEnabled(t *testing.T, regions ...string) {
	t.Helper()
	if s := states(t, regions...); !allIn(s, "Enabled") {
		t.Errorf("key states %v, want every Region Enabled", s)
	}
}

func readSession(t *testing.T, path string) *state.Session {
	t.Helper()
	s, err := state.Load(path)
	if err != nil || s == nil {
		t.Fatalf("session %s: %v", path, err)
	}
	return s
}

func TestDrillAllNoTerminalDisablesThenRestores(t *testing.T) {
	stateFile := setUpKeySet(t, "ap-northeast-1", "ap-northeast-3")
	regions := []string{"ap-northeast-1", "ap-northeast-3"}
	r := start(t, nil, "drill", "--scope", "all", "--duration", "3s", "--yes", "--output", "json", "--state-file", stateFile)
	waitDisabled(t, r, regions...)
	if s := readSession(t, stateFile); s.ActiveDrill() == nil || len(s.ActiveDrill().Regions) != 2 {
		t.Errorf("during the drill the session holds %+v", s.Drill)
	}
	if code := r.wait(t); code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s", code, r.err.String())
	}
	wantEnabled(t, regions...)
	if left := drillSchedules(t, regions...); len(left) != 0 {
		t.Errorf("safety-net schedules left after the deadline: %v", left)
	}
	var res struct {
		Drill    state.Drill `json:"drill"`
		Restored bool        `json:"restored"`
	}
	if err := json.Unmarshal([]byte(r.out.String()), &res); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, r.out.String())
	}
	if !res.Restored || res.Drill.Outcome != state.DrillRestored || res.Drill.EndReason != "deadline" || len(res.Drill.Regions) != 2 || res.Drill.Who == "" {
		t.Errorf("JSON result %+v", res)
	}
	s := readSession(t, stateFile)
	if s.ActiveDrill() != nil || s.LastDrill == nil || s.LastDrill.Outcome != state.DrillRestored || s.LastDrill.VerifyOK == nil || !*s.LastDrill.VerifyOK {
		t.Errorf("session after the drill: drill %+v, last %+v", s.Drill, s.LastDrill)
	}
	for _, want := range []string{"FULL OUTAGE", "Zoom Phone", "support cannot help", "test Zoom account", "maintenance window"} {
		if !strings.Contains(strings.ToLower(r.err.String()), strings.ToLower(want)) {
			t.Errorf("the impact text lacks %q:\n%s", want, r.err.String())
		}
	}
}

func TestDrillEndsOnSignalsWithKeysRestored(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			stateFile := setUpKeySet(t, "us-east-1", "us-west-2")
			r := start(t, nil, "drill", "--scope", "all", "--duration", "10m", "--yes", "--state-file", stateFile)
			waitDisabled(t, r, "us-east-1", "us-west-2")
			if err := r.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if code := r.wait(t); code != 130 {
				t.Errorf("exit %d, want 130\nstderr:\n%s", code, r.err.String())
			}
			wantEnabled(t, "us-east-1", "us-west-2")
			if left := drillSchedules(t, "us-east-1", "us-west-2"); len(left) != 0 {
				t.Errorf("safety-net schedules left after %s: %v", sig, left)
			}
			s := readSession(t, stateFile)
			if s.ActiveDrill() != nil || s.LastDrill == nil || s.LastDrill.EndReason != "interrupted" || s.LastDrill.Net == nil || !s.LastDrill.Net.Removed {
				t.Errorf("session: drill %+v last %+v", s.Drill, s.LastDrill)
			}
			if !strings.Contains(r.err.String(), "every Region it disabled is Enabled again") {
				t.Errorf("stderr:\n%s", r.err.String())
			}
		})
	}
}

// TestDrillKilledAfterEachRequestThenRestore kills the binary with SIGKILL
// right after each request of a drill, in turn, then checks that whatever
// was disabled is recorded, that verify fails its drill check, and that
// 'drill --restore' enables every Region and closes the record.
func TestDrillKilledAfterEachRequestThenRestore(t *testing.T) {
	regions := []string{"us-east-1", "us-west-2"}
	setupFile := setUpKeySet(t, regions[0], regions[1:]...)
	p := faultproxy.New(t, emu.URL)
	var (
		seen   atomic.Int32
		killAt atomic.Int32
		victim atomic.Pointer[exec.Cmd]
	)
	p.OnRequest(func(faultproxy.Request) {
		if n := seen.Add(1); n == killAt.Load() {
			if c := victim.Load(); c != nil {
				_ = c.Process.Kill()
			}
		}
	})
	viaProxy := []string{"AWS_ENDPOINT_URL=" + p.URL}
	copySession := func() string {
		raw, err := os.ReadFile(setupFile)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "session.json")
		if err := os.WriteFile(path, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	args := func(path string) []string {
		return []string{"drill", "--scope", "all", "--duration", "1s", "--yes", "--state-file", path}
	}

	// A whole drill, to count its requests.
	r := start(t, viaProxy, args(copySession())...)
	if code := r.wait(t); code != 0 {
		t.Fatalf("uninterrupted drill: exit %d\n%s", code, r.err.String())
	}
	total := int(seen.Load())
	if total < 10 || p.Count("DisableKey") != 2 || p.Count("EnableKey") != 2 {
		t.Fatalf("%d requests, %d DisableKey, %d EnableKey", total, p.Count("DisableKey"), p.Count("EnableKey"))
	}

	sawRecorded := 0
	for n := 1; n <= total; n++ {
		path := copySession()
		seen.Store(0)
		killAt.Store(int32(n))
		r := start(t, viaProxy, args(path)...)
		victim.Store(r.cmd)
		code := r.wait(t)
		victim.Store(nil)
		if code == 0 && int(seen.Load()) < n {
			// Later drills make fewer requests than the first (the safety
			// net's role exists by then): this one ended before request n.
			t.Logf("the drill ended after %d requests: the matrix is complete", seen.Load())
			break
		}
		if code != 128+int(syscall.SIGKILL) {
			t.Errorf("kill after request %d: exit %d (was it killed?)", n, code)
		}
		after := states(t, regions...)
		s := readSession(t, path)
		active := s.ActiveDrill()
		for _, reg := range regions {
			if after[reg] == "Disabled" && (active == nil || !strings.Contains(strings.Join(active.RegionNames(), ","), reg)) {
				t.Errorf("kill after request %d: %s is Disabled but the session records no drill for it", n, reg)
			}
		}
		if active != nil {
			sawRecorded++
			v := zcmk(t, nil, "verify", "--state-file", path, "--output", "json")
			if v.code != 3 || !strings.Contains(v.stdout, `"id": "drill"`) || !strings.Contains(v.stdout, "run zcmk-tui drill --restore") {
				t.Errorf("kill after request %d: verify exit %d, want 3 with a failing drill check\n%s", n, v.code, v.stdout)
			}
			if !strings.Contains(v.stderr, "WARNING: a key-outage drill") {
				t.Errorf("kill after request %d: verify does not warn first:\n%s", n, v.stderr)
			}
		}
		rs := zcmk(t, nil, "drill", "--restore", "--yes", "--state-file", path)
		if rs.code != 0 {
			t.Errorf("kill after request %d: drill --restore exit %d\n%s", n, rs.code, rs.stderr)
		}
		wantEnabled(t, regions...)
		if left := drillSchedules(t, regions...); len(left) != 0 {
			t.Errorf("kill after request %d: safety-net schedules left after --restore: %v", n, left)
		}
		if s := readSession(t, path); s.ActiveDrill() != nil {
			t.Errorf("kill after request %d: the drill is still recorded after --restore", n)
		}
		if t.Failed() {
			t.Fatalf("stopped at request %d\ndrill stderr:\n%s\nrestore stderr:\n%s", n, r.err.String(), rs.stderr)
		}
	}
	t.Logf("%d requests in a drill; %d kills left a drill recorded", total, sawRecorded)
	if sawRecorded == 0 {
		t.Error("no kill left a drill recorded: the matrix did not reach the drill")
	}
}

func TestDrillDryRunChangesNothing(t *testing.T) {
	stateFile := setUpKeySet(t, "us-east-1", "us-west-2")
	p := faultproxy.New(t, emu.URL)
	r := zcmk(t, []string{"AWS_ENDPOINT_URL=" + p.URL}, "drill", "--scope", "all", "--dry-run", "--state-file", stateFile)
	if r.code != 0 || !strings.Contains(r.stdout, "will be DISABLED") || !strings.Contains(r.stdout, "nothing was disabled") {
		t.Errorf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if n := p.Count("DisableKey") + p.Count("EnableKey"); n != 0 {
		t.Errorf("%d write request(s) in a dry run", n)
	}
	if s := readSession(t, stateFile); s.Drill != nil || s.LastDrill != nil {
		t.Errorf("a dry run recorded a drill: %+v %+v", s.Drill, s.LastDrill)
	}
}

func TestDrillRestoresThroughLostAndThrottledEnableKey(t *testing.T) {
	stateFile := setUpKeySet(t, "us-east-1", "us-west-2")
	p := faultproxy.New(t, emu.URL)
	p.Add(faultproxy.Fault{Op: "EnableKey", Region: "us-east-1", Times: 1, DropAfterForward: true})
	th := faultproxy.Throttle("EnableKey", 8) // more than the SDK's own retries
	th.Region = "us-west-2"
	p.Add(th)
	r := zcmk(t, []string{"AWS_ENDPOINT_URL=" + p.URL}, "drill", "--scope", "all", "--duration", "1s", "--yes", "--state-file", stateFile)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	wantEnabled(t, "us-east-1", "us-west-2")
	if p.Count("EnableKey") < 10 {
		t.Errorf("%d EnableKey requests: the faults were not exercised", p.Count("EnableKey"))
	}
}

func TestDrillRestoreFailureIsLoudThenRestoreFinishes(t *testing.T) {
	stateFile := setUpKeySet(t, "us-east-1", "us-west-2")
	p := faultproxy.New(t, emu.URL)
	st, body := faultproxy.AWSError("AccessDeniedException", "not authorized to perform: kms:EnableKey")
	p.Add(faultproxy.Fault{Op: "EnableKey", Status: st, Body: body})
	r := zcmk(t, []string{"AWS_ENDPOINT_URL=" + p.URL}, "drill", "--duration", "1s", "--yes", "--output", "json", "--state-file", stateFile)
	arn := readSession(t, stateFile).Keys[1].ARN
	want := "aws kms enable-key --key-id " + arn + " --region us-west-2"
	if r.code != 1 || !strings.Contains(r.stderr, "RESTORE FAILED") || !strings.Contains(r.stderr, want) || !strings.Contains(r.stdout, want) {
		t.Errorf("exit %d, want 1 naming %q\nstdout:\n%s\nstderr:\n%s", r.code, want, r.stdout, r.stderr)
	}
	if s := readSession(t, stateFile); s.ActiveDrill() == nil || s.ActiveDrill().Outcome != state.DrillRestoreFailed {
		t.Errorf("after a failed restore the session holds %+v", s.Drill)
	}
	if s := states(t, "us-west-2"); s["us-west-2"] != "Disabled" {
		t.Errorf("states %v: the fault did not hold", s)
	}
	rs := zcmk(t, nil, "drill", "--restore", "--yes", "--state-file", stateFile)
	if rs.code != 0 {
		t.Errorf("--restore: exit %d\n%s", rs.code, rs.stderr)
	}
	wantEnabled(t, "us-east-1", "us-west-2")
	if s := readSession(t, stateFile); s.ActiveDrill() != nil || s.LastDrill == nil || s.LastDrill.Outcome != state.DrillRestored {
		t.Errorf("after --restore: drill %+v last %+v", s.Drill, s.LastDrill)
	}
}

func TestDrillRefusals(t *testing.T) {
	stateFile := setUpKeySet(t, "us-east-1", "us-west-2")

	// A second drill while one runs.
	r := start(t, nil, "drill", "--duration", "10m", "--yes", "--state-file", stateFile)
	waitDisabled(t, r, "us-west-2")
	second := zcmk(t, nil, "drill", "--scope", "primary", "--yes", "--state-file", stateFile)
	if second.code != 1 || !strings.Contains(second.stderr, "in progress") || !strings.Contains(second.stderr, "drill --restore") {
		t.Errorf("second drill, same session: exit %d\n%s", second.code, second.stderr)
	}
	// setup does not wait for a drill (up to an hour): it refuses at once.
	if su := zcmk(t, nil, "setup", "--region", "us-east-1", "--replica-region", "us-west-2", "--yes", "--state-file", stateFile); su.code != 1 || !strings.Contains(su.stderr, "(drill, pid") || strings.Contains(su.stderr, "Waiting") {
		t.Errorf("setup during a drill: exit %d\n%s", su.code, su.stderr)
	}
	other := zcmk(t, nil, "drill", "--key", "alias/zoom-cmk", "--region", "us-east-1", "--yes", "--state-file", filepath.Join(t.TempDir(), "other.json"))
	if other.code != 1 || !strings.Contains(other.stderr, "key-state FAIL") || !strings.Contains(other.stderr, "nothing was changed") {
		t.Errorf("second drill, other session: exit %d\n%s", other.code, other.stderr)
	}
	if s := states(t, "us-east-1"); s["us-east-1"] != "Enabled" {
		t.Errorf("a refused drill touched the primary: %v", s)
	}
	// Every other command says so first.
	for _, args := range [][]string{{"checklist"}, {"plan", "--region", "us-east-1", "--replica-region", "us-west-2"}} {
		w := zcmk(t, nil, append(args, "--state-file", stateFile)...)
		if !strings.HasPrefix(w.stderr, "WARNING: a key-outage drill") || !strings.Contains(w.stderr, "us-west-2 (Oregon)") || !strings.Contains(w.stderr, "zcmk-tui drill --restore") {
			t.Errorf("%s does not warn first:\n%s", args[0], w.stderr)
		}
	}
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	if code := r.wait(t); code != 130 {
		t.Errorf("first drill: exit %d\n%s", code, r.err.String())
	}
	wantEnabled(t, "us-east-1", "us-west-2")

	// A key disabled before the drill: refused at preflight, left as it was.
	keyID := readSession(t, stateFile).Keys[1].KeyID
	awstest.DisableKey(t, emu.URL, "us-west-2", keyID)
	pre := zcmk(t, nil, "drill", "--scope", "primary", "--yes", "--state-file", stateFile)
	if pre.code != 1 || !strings.Contains(pre.stderr, "us-west-2: key-state FAIL") {
		t.Errorf("disabled before: exit %d\n%s", pre.code, pre.stderr)
	}
	if s := states(t, "us-east-1", "us-west-2"); s["us-east-1"] != "Enabled" || s["us-west-2"] != "Disabled" {
		t.Errorf("after a refused drill: %v", s)
	}
	c, _ := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err := c.KMS("us-west-2").EnableKey(context.Background(), keyID); err != nil {
		t.Fatal(err)
	}
}

func TestDrillBadUsageExits2WithoutCallingAWS(t *testing.T) {
	url, calls := counting(t)
	env := []string{"AWS_ENDPOINT_URL=" + url}
	key := []string{"--key", "alias/zoom-cmk", "--region", "us-east-1"}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"scope", append([]string{"drill", "--scope", "most", "--yes"}, key...), "replicas"},
		{"too long", append([]string{"drill", "--duration", "2h", "--yes"}, key...), "60m"},
		{"scope and region", []string{"drill", "--scope", "all", "--region", "us-east-1", "--key", "alias/zoom-cmk", "--yes"}, "not both"},
		{"bad region", []string{"drill", "--region", "moon-1", "--key", "alias/zoom-cmk", "--yes"}, "moon-1"},
		{"no terminal, no --yes", append([]string{"drill"}, key...), "--yes"},
		{"restore with scope", []string{"drill", "--restore", "--scope", "all"}, "--restore"},
		{"no key", []string{"drill", "--yes", "--state-file", filepath.Join(t.TempDir(), "none.json")}, "--key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := calls.Load()
			r := zcmk(t, env, tc.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, want 2 mentioning %q\nstderr: %s", r.code, tc.want, r.stderr)
			}
			if n := calls.Load() - before; n != 0 {
				t.Errorf("%d AWS call(s) made for bad input", n)
			}
		})
	}
}

// TestDrillInATerminal drives the drill in a real terminal (tmux): a wrong
// alias starts nothing; the right one starts it, the checklist ticks
// observations with their time, and Enter ends the drill with the keys back.
func TestDrillInATerminal(t *testing.T) {
	stateFile := setUpKeySet(t, "us-east-1", "us-west-2")
	dir := t.TempDir()
	var script strings.Builder
	script.WriteString("#!/bin/sh\n")
	env := append(emu.Env(dir), "HOME="+dir, "AWS_REGION=", "AWS_DEFAULT_REGION=", "AWS_PROFILE=")
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		fmt.Fprintf(&script, "export %s=%q\n", k, v)
	}
	fmt.Fprintf(&script, "%q drill --state-file %q\necho \"FIRST=$?\"\n", binPath, stateFile)
	fmt.Fprintf(&script, "%q drill --state-file %q\necho \"EXIT=$?\"\nsleep 60\n", binPath, stateFile)
	scriptPath := filepath.Join(dir, "run.sh")
	if err := os.WriteFile(scriptPath, []byte(script.String()), 0o700); err != nil {
		t.Fatal(err)
	}
	p := newTmuxPane(t, 110, 40, scriptPath)

	p.waitFor(30*time.Second, "will be DISABLED", "Type the key's alias (alias/zoom-cmk)")
	p.keys("alias/other", "Enter")
	p.waitFor(10*time.Second, "That is not the alias", "FIRST=1")
	wantEnabled(t, "us-east-1", "us-west-2")

	p.waitFor(30*time.Second, "Type the key's alias (alias/zoom-cmk)")
	p.keys("alias/zoom-cmk", "Enter")
	p.waitFor(30*time.Second, "Tick what you see", "us-west-2 (Oregon): Disabled")
	if s := states(t, "us-east-1", "us-west-2"); s["us-east-1"] != "Enabled" || s["us-west-2"] != "Disabled" {
		t.Errorf("during a replicas drill: %v", s)
	}
	p.keys("1", "Enter")
	p.waitFor(10*time.Second, "alert e-mail received")
	p.keys("n mail came after 2 min", "Enter")
	p.waitFor(10*time.Second, "note mail came after 2 min")
	p.keys("Enter")
	p.waitFor(30*time.Second, "EXIT=0")
	wantEnabled(t, "us-east-1", "us-west-2")
	s := readSession(t, stateFile)
	if s.ActiveDrill() != nil || s.LastDrill == nil || s.LastDrill.EndReason != "operator" || len(s.LastDrill.Observations) != 2 ||
		s.LastDrill.Observations[0].ID != "alert-email" || s.LastDrill.Observations[0].At.IsZero() {
		t.Errorf("session: drill %+v last %+v", s.Drill, s.LastDrill)
	}
}
