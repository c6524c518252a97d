package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// A session file that cannot be kept is found before the first AWS call, by
// every command, with exit code 2, and is left byte for byte as it was.
func TestDamagedSessionFileStopsEveryCommandBeforeAWS(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	type damage struct {
		name string
		// make damages the session file (or its directory) and returns the
		// --state-file to pass and the path whose content must not change.
		make func(t *testing.T, dir string) (stateFile, keep string)
	}
	write := func(t *testing.T, path string, b []byte) {
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	damages := []damage{
		{"truncated JSON", func(t *testing.T, dir string) (string, string) {
			p := filepath.Join(dir, "session.json")
			write(t, p, []byte(`{"version": 1, "keys": [{"region": "us-east-1", "arn": "arn:aws:kms:us-`))
			return p, p
		}},
		{"random bytes", func(t *testing.T, dir string) (string, string) {
			p := filepath.Join(dir, "session.json")
			write(t, p, []byte{0x8f, 0x00, 0xff, 0x13, 0x37, 'z', 0xc0, 0xde, '\n'})
			return p, p
		}},
		{"a directory in its place", func(t *testing.T, dir string) (string, string) {
			p := filepath.Join(dir, "session.json")
			if err := os.MkdirAll(filepath.Join(p, "x"), 0o700); err != nil {
				t.Fatal(err)
			}
			return p, p
		}},
		{"state directory cannot be made", func(t *testing.T, dir string) (string, string) {
			// A file where the state directory should be: no user, root
			// included, can create the session file under it.
			f := filepath.Join(dir, "state")
			write(t, f, []byte("not a directory\n"))
			return filepath.Join(f, "zcmk-tui", "session.json"), f
		}},
	}
	commands := [][]string{
		{"setup", "--yes", "--region", "us-east-1", "--replica-region", "us-west-2"},
		{"plan", "--region", "us-east-1", "--replica-region", "us-west-2"}, // read-only, refused all the same (issue 26)
		{"verify"},
		{"checklist"},
		{"--accessible"}, // the wizard, in plain prompts
	}
	for _, d := range damages {
		for _, args := range commands {
			t.Run(d.name+"/"+args[0], func(t *testing.T) {
				proxy := faultproxy.New(t, emu.URL)
				stateFile, keep := d.make(t, t.TempDir())
				before := snapshotPath(t, keep)
				r := zcmk(t, []string{"AWS_ENDPOINT_URL=" + proxy.URL}, append(args, "--state-file", stateFile)...)
				if r.code != exitUsage {
					t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, exitUsage, r.stdout, r.stderr)
				}
				if n := proxy.Count(""); n != 0 {
					t.Errorf("%d AWS requests sent, want none: %v", n, ops(proxy.Requests("")))
				}
				if !strings.Contains(r.stderr, stateFile) || !strings.Contains(r.stderr, "--state-file") {
					t.Errorf("stderr does not name the file and --state-file:\n%s", r.stderr)
				}
				if strings.Contains(r.stderr, "zcmk-tui --help") {
					t.Errorf("a damaged session file is not a usage error, yet stderr points at --help:\n%s", r.stderr)
				}
				if after := snapshotPath(t, keep); after != before {
					t.Errorf("%s changed:\nbefore %q\nafter  %q", keep, before, after)
				}
			})
		}
	}
}

// With --output json the failure is one error object with a stable code, and
// the fix is said once.
func TestSessionFileErrorsInJSON(t *testing.T) {
	dir := t.TempDir()
	damagedFile := filepath.Join(dir, "damaged.json")
	if err := os.WriteFile(damagedFile, []byte("{\"version\": 1, \"ke"), 0o600); err != nil {
		t.Fatal(err)
	}
	heldFile := filepath.Join(dir, "held.json")
	_, lock, err := state.Open(heldFile, state.Holder("wizard"), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	for _, tc := range []struct {
		file, code string
		exit       int
	}{{damagedFile, "session_file", exitUsage}, {heldFile, "locked", exitFailure}} {
		r := zcmk(t, nil, "setup", "--yes", "--region", "us-east-1", "--output", "json", "--state-file", tc.file)
		var doc struct {
			Error struct {
				Code, Message, Fix string
				ExitCode           int `json:"exit_code"`
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Fatalf("%s: stdout is not one JSON object: %v\n%s", tc.code, err, r.stdout)
		}
		if r.code != tc.exit || doc.Error.Code != tc.code || doc.Error.ExitCode != tc.exit || !strings.Contains(doc.Error.Message, tc.file) || !strings.Contains(doc.Error.Fix, "--state-file") {
			t.Errorf("exit %d, error %+v; want exit %d, code %s, the file named and a fix", r.code, doc.Error, tc.exit, tc.code)
		}
		if strings.Contains(doc.Error.Message, "fix:") || strings.Count(r.stderr, "fix:") != 1 {
			t.Errorf("the fix is not said exactly once:\nmessage %q\nstderr:\n%s", doc.Error.Message, r.stderr)
		}
	}
}

func ops(rs []faultproxy.Request) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Op)
	}
	return out
}

func snapshotPath(t *testing.T, path string) string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		return "missing"
	}
	if fi.IsDir() {
		es, _ := os.ReadDir(path)
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return "dir:" + strings.Join(names, ",")
	}
	b, _ := os.ReadFile(path)
	return string(b)
}

// Two setups started together with the same flags and session file, against
// an account where every request takes 100 ms: the second waits for the
// first and then finds its key, so there is one key per Region and the
// session names it.
func TestConcurrentSetupsSameSessionFileMakeOneKey(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	proxy := faultproxy.New(t, emu.URL)
	proxy.Add(faultproxy.Fault{Delay: 100 * time.Millisecond})
	stateFile := filepath.Join(t.TempDir(), "session.json")
	args := []string{"setup", "--yes", "--region", "us-east-1", "--replica-region", "us-west-2", "--state-file", stateFile}
	env := []string{"AWS_ENDPOINT_URL=" + proxy.URL}
	var (
		wg  sync.WaitGroup
		res [2]runResult
	)
	for i := range res {
		wg.Add(1)
		go func() { defer wg.Done(); res[i] = zcmk(t, env, args...) }()
	}
	wg.Wait()
	for i, r := range res {
		if r.code != 0 {
			t.Errorf("setup %d: exit %d\nstdout:\n%s\nstderr:\n%s", i, r.code, r.stdout, r.stderr)
		}
	}
	if !strings.Contains(res[0].stdout+res[1].stdout+res[0].stderr+res[1].stderr, "Waiting") {
		t.Errorf("neither run said it waited for the other")
	}
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	for _, region := range []string{"us-east-1", "us-west-2"} {
		ids, err := c.KMS(region).ListMultiRegionKeyIDs(context.Background())
		if err != nil || len(ids) != 1 {
			t.Errorf("%s: keys %v (%v), want exactly one", region, ids, err)
		}
	}
	if n := proxy.Count("CreateKey"); n != 1 {
		t.Errorf("CreateKey sent %d times, want 1", n)
	}
	s, err := state.Load(stateFile)
	if err != nil || s == nil {
		t.Fatalf("session: %v", err)
	}
	key, err := c.KMS("us-east-1").DescribeKey(context.Background(), zoom.DefaultAlias)
	if err != nil {
		t.Fatal(err)
	}
	if s.PrimaryARN() != key.ARN {
		t.Errorf("session names %s, the alias names %s", s.PrimaryARN(), key.ARN)
	}
}

// While a wizard holds the session file, setup refuses at once with a
// message naming the lock file, and sends nothing.
func TestSetupRefusesWhileWizardHoldsSession(t *testing.T) {
	stateFile := filepath.Join(t.TempDir(), "session.json")
	_, lock, err := state.Open(stateFile, state.Holder("wizard"), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	proxy := faultproxy.New(t, emu.URL)
	r := zcmk(t, []string{"AWS_ENDPOINT_URL=" + proxy.URL}, "setup", "--yes", "--region", "us-east-1", "--state-file", stateFile)
	if r.code != exitFailure {
		t.Errorf("exit %d, want %d\n%s", r.code, exitFailure, r.stderr)
	}
	if !strings.Contains(r.stderr, state.LockPath(stateFile)) || !strings.Contains(r.stderr, "wizard, pid") {
		t.Errorf("stderr does not name the lock file and the wizard:\n%s", r.stderr)
	}
	if n := proxy.Count(""); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

// --call-timeout reaches every call: a CreateKey that never answers ends
// setup with a message naming the call, and a rerun makes one key.
func TestSetupCallTimeoutNamesTheCall(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	if err := emu.WarmTagging("us-east-1"); err != nil { // within the 300 ms timeout
		t.Fatal(err)
	}
	proxy := faultproxy.New(t, emu.URL)
	proxy.Add(faultproxy.Fault{Op: "CreateKey", Hang: true})
	stateFile := filepath.Join(t.TempDir(), "session.json")
	args := []string{"setup", "--yes", "--region", "us-east-1", "--replica-region", "us-west-2", "--state-file", stateFile, "--call-timeout", "300ms"}
	env := []string{"AWS_ENDPOINT_URL=" + proxy.URL}
	r := zcmk(t, env, args...)
	if r.code != exitFailure || !strings.Contains(r.stderr, "CreateKey in us-east-1") || !strings.Contains(r.stderr, "did not answer within 300ms") {
		t.Errorf("exit %d, want 1 and a message naming CreateKey and 300ms:\n%s", r.code, r.stderr)
	}
	proxy.Clear()
	// The rerun with the default timeout: on a loaded machine the emulator
	// itself can take longer than 300ms to make a key.
	if r := zcmk(t, env, args[:len(args)-2]...); r.code != 0 {
		t.Fatalf("rerun: exit %d\n%s", r.code, r.stderr)
	}
	c, _ := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	for _, region := range []string{"us-east-1", "us-west-2"} {
		if ids, _ := c.KMS(region).ListMultiRegionKeyIDs(context.Background()); len(ids) != 1 {
			t.Errorf("%s: keys %v, want one", region, ids)
		}
	}
}

// The real wizard, open in a terminal, holds its session file: a setup on
// the same file refuses at once, naming the lock file and the wizard, and
// sends nothing; once the wizard has quit, the same setup runs.
func TestSetupRefusesWhileRealWizardIsOpen(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	stateFile := filepath.Join(dir, "session.json")
	scriptPath := wizardScriptIn(t, dir, nil)
	p := newTmuxPane(t, 100, 30, scriptPath)
	p.waitFor(15*time.Second, "Step 1 of 7: Prerequisites")

	proxy := faultproxy.New(t, emu.URL)
	args := []string{"setup", "--yes", "--region", "us-east-1", "--state-file", stateFile}
	env := []string{"AWS_ENDPOINT_URL=" + proxy.URL}
	r := zcmk(t, env, args...)
	if r.code != exitFailure || !strings.Contains(r.stderr, state.LockPath(stateFile)) || !strings.Contains(r.stderr, "wizard, pid") {
		t.Errorf("setup while the wizard is open: exit %d, want 1 and a message naming the lock file and the wizard:\n%s", r.code, r.stderr)
	}
	if n := proxy.Count(""); n != 0 {
		t.Errorf("%d requests sent while the wizard held the session, want none", n)
	}

	p.keys("C-c")
	p.waitFor(5*time.Second, "EXIT=")
	if r := zcmk(t, env, args...); r.code != 0 {
		t.Errorf("setup after the wizard quit: exit %d\n%s", r.code, r.stderr)
	}
}

// issue 26: a call that hangs is not silence on the CLI: while it has not
// answered, a line names what is awaited and the time left; a read that
// timed out says nothing was changed, not "may or may not".
func TestCLIHungReadSaysWhatItWaitsFor(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	proxy := faultproxy.New(t, emu.URL)
	proxy.Add(faultproxy.Fault{Op: "GetCallerIdentity", Hang: true})
	env := []string{"AWS_ENDPOINT_URL=" + proxy.URL}
	// The bound is well past the first notice (awsx.WaitNoticeAfter), so
	// the line appears however loaded the machine is.
	r := zcmk(t, env, "plan", "--region", "us-east-1", "--replica-region", "us-west-2", "--call-timeout", "5s")
	if r.code == 0 {
		t.Fatalf("exit 0 although the identity call hung:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, "waiting for GetCallerIdentity in us-east-1 to answer (") || !strings.Contains(r.stderr, "gives up in ") {
		t.Errorf("no line saying what it waits for:\n%s", r.stderr)
	}
	if strings.Contains(r.stderr, "may or may not") || !strings.Contains(r.stderr, "nothing was changed") {
		t.Errorf("a read that timed out is called ambiguous:\n%s", r.stderr)
	}
}

// A session file error in Japanese: the summary and the fix are said in
// the chosen language (JSON stays English).
func TestSessionFileErrorInJapanese(t *testing.T) {
	damagedFile := filepath.Join(t.TempDir(), "damaged.json")
	if err := os.WriteFile(damagedFile, []byte("{\"version\": 1, \"ke"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := zcmk(t, nil, "setup", "--yes", "--region", "us-east-1", "--lang", "ja", "--state-file", damagedFile)
	said := strings.Join(strings.Fields(r.stderr), "") // lines broken to the terminal's width
	if r.code != exitUsage || !strings.Contains(said, "セッションファイル") || !strings.Contains(said, "途中で切れています") ||
		!strings.Contains(said, "対処:別の場所に移して") || strings.Contains(r.stderr, "nothing was sent") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
}
