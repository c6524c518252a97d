package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// tmuxPane drives the real binary in a real terminal: tmux on a private
// socket, so that it never touches the user's own tmux server.
type tmuxPane struct {
	t      *testing.T
	bin    string
	socket string
	target string
}

func newTmuxPane(t *testing.T, width, height int, script string) *tmuxPane {
	t.Helper()
	bin, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatalf("tmux is needed for the wizard's end-to-end test and was not found: apt-get install tmux (%v)", err)
	}
	p := &tmuxPane{t: t, bin: bin, socket: "zcmk-e2e-" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(time.Now().UnixNano()%1e6, 10), target: "wizard"}
	p.run("new-session", "-d", "-s", p.target, "-x", strconv.Itoa(width), "-y", strconv.Itoa(height), "sh "+script)
	t.Cleanup(func() { _ = exec.Command(bin, "-L", p.socket, "kill-server").Run() })
	return p
}

func (p *tmuxPane) run(args ...string) string {
	p.t.Helper()
	out, err := exec.Command(p.bin, append([]string{"-L", p.socket}, args...)...).CombinedOutput()
	if err != nil {
		p.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (p *tmuxPane) capture() string { return p.run("capture-pane", "-p", "-t", p.target) }

func (p *tmuxPane) keys(keys ...string) {
	p.t.Helper()
	for _, k := range keys {
		p.run("send-keys", "-t", p.target, k)
		time.Sleep(150 * time.Millisecond)
	}
}

// skipAlerts passes the alerts step that follows the key step's Done
// without setting up alerts: n on its question, then enter on the outcome.
func (p *tmuxPane) skipAlerts() {
	p.t.Helper()
	p.waitFor(5*time.Second, "Step 4 of 7: Alerts", "Set up tamper alerts for the key set?")
	p.keys("n")
	p.waitFor(5*time.Second, "Tamper alerts skipped")
	p.keys("Enter")
}

// waitFor waits until the screen shows every one of want.
func (p *tmuxPane) waitFor(timeout time.Duration, want ...string) string {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	var screen string
	for time.Now().Before(deadline) {
		screen = p.capture()
		ok := true
		for _, w := range want {
			if !strings.Contains(screen, w) {
				ok = false
				break
			}
		}
		if ok {
			return screen
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.t.Fatalf("the screen did not show %q within %s; it shows:\n%s", want, timeout, screen)
	return ""
}

var arnRE = regexp.MustCompile(`arn:aws:kms:([a-z0-9-]+):\d{12}:key/mrk-[0-9a-f-]+`)

// TestWizardInTmuxToARNs runs the built binary in tmux against the KMS
// emulator, presses Enter through the defaults to the ARN step, and checks
// that the ARN on screen is the key the emulator holds under the alias.
func TestWizardInTmuxToARNs(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	stateFile := filepath.Join(dir, "session.json")
	scriptPath := wizardScriptIn(t, dir, nil)

	p := newTmuxPane(t, 100, 30, scriptPath)
	p.waitFor(15*time.Second, "Step 1 of 7: Prerequisites", "KMS answers in us-east-1", "account 123456789012")
	p.keys("Enter", "Enter", "Enter", "Enter")
	p.waitFor(5*time.Second, "Step 2 of 7: Regions", "Which key?")
	p.keys("Enter")
	p.waitFor(5*time.Second, "Primary Region", "us-east-1")
	p.keys("Enter")
	p.waitFor(5*time.Second, "Replica Regions for us-east-1", "us-west-2", "(suggested)")
	p.keys("Enter")
	// The alias is read first; then the questions of a new key.
	p.waitFor(5*time.Second, "Step 3 of 7: Key", "Alias (created in every Region", "> alias/zoom-cmk")
	p.keys("Enter")
	p.waitFor(5*time.Second, "Description of the key")
	p.keys("Enter", "Enter")
	p.waitFor(5*time.Second, "Automatic key rotation")
	p.keys("Enter")
	p.waitFor(15*time.Second, "Apply these 5 changes to AWS account 123456789012?", "us-west-2 (Oregon)")
	p.keys("Enter")
	// moto copies the alias into the replica Region, so its CreateAlias there is "unchanged": 4 changes made of the 5 planned.
	p.waitFor(30*time.Second, "Done: 4 changes made.")
	p.keys("Enter")
	p.skipAlerts()
	p.waitFor(5*time.Second, "Step 5 of 7: Policy", "Zoom grant read back", "409910850980")
	p.keys("Enter")
	screen := p.waitFor(5*time.Second, "Step 6 of 7: ARNs", "Primary · us-east-1")

	shown := arnsMatchEmulator(t, screen, "us-east-1", "us-west-2")

	// Quit: the ARNs stay in the scrollback (printed to stdout) and the
	// session file says where to resume.
	p.keys("C-c")
	after := p.waitFor(5*time.Second, "EXIT=130", "Key ARNs for the Zoom web portal", "Stopped: 5 changes were written to AWS in this run")
	if got := arnRE.FindAllString(after, -1); len(got) < 2 || got[0] != shown[0] {
		t.Errorf("ARNs printed on exit = %q, want %q first:\n%s", got, shown[0], after)
	}
	s, err := state.Load(stateFile)
	if err != nil || s == nil {
		t.Fatalf("session file: %v (%v)", s, err)
	}
	if s.Step != "arns" || s.PrimaryARN() != shown[0] {
		t.Errorf("session: step %q, primary %q; want arns, %s", s.Step, s.PrimaryARN(), shown[0])
	}
}

// TestWizardNeedsATerminal: without a terminal the wizard exits 2 and points
// at the setup command.
func TestWizardNeedsATerminal(t *testing.T) {
	r := zcmk(t, nil)
	if r.code != exitUsage || !strings.Contains(r.stderr, "zcmk-tui setup") {
		t.Fatalf("exit %d, stderr %q; want 2 and a pointer at zcmk-tui setup", r.code, r.stderr)
	}
}

// TestWizardAccessibleWithoutTerminal: --accessible runs the same steps as
// plain prompts, with no terminal at all, and prints the ARNs on exit.
func TestWizardAccessibleWithoutTerminal(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	stateFile := filepath.Join(dir, "session.json")
	// No terminal: --yes is the consent to write (there is no question).
	cmd := exec.Command(binPath, "--accessible", "--yes", "--state-file", stateFile)
	cmd.Dir = dir // the runbook is written to the working directory
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, emu.Env(dir)...)
	// Enter through the defaults; "0" ends the replica multi-select; the
	// portal checklist is answered "no" ("0" ends the data-type list), the
	// runbook is written and "verify now" is declined.
	cmd.Stdin = strings.NewReader(strings.Repeat("\n", 6) + "0\n" + strings.Repeat("\n", 8) + // 8: the alerts step's yes and no address (skipped) too
		"n\nn\nn\n0\nn\n\nn\nn\nn\ny\n\nn\n") // runbook: y, in the working directory (enter)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	k, err := c.KMS("us-east-1").DescribeKey(context.Background(), zoom.DefaultAlias)
	if err != nil {
		t.Fatalf("no key after the accessible run: %v\n%s", err, out)
	}
	for _, want := range []string{"Step 7 of 7: Zoom portal", "Done: 4 changes made." /* moto: the replica alias was copied */, "Runbook written to", k.ARN} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "\x1b[?1049h") {
		t.Error("accessible mode used the alternate screen")
	}
	if s, _ := state.Load(stateFile); s == nil || s.PrimaryARN() != k.ARN {
		t.Errorf("session: %+v", s)
	}
}

// TestWizardAccessibleEndOfInputWritesNothing: at end of input the plain
// prompts stop (exit 1, one line saying why) and nothing is created; without
// a terminal and without --yes the plan is never applied (exit 2).
func TestWizardAccessibleEndOfInputWritesNothing(t *testing.T) {
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		env   []string
		args  []string
		stdin string
		code  int
		say   string
	}{
		{"stdin at EOF", nil, []string{"--accessible"}, "", exitFailure, "standard input ended at step 1"},
		{"ACCESSIBLE=1, stdin at EOF, --yes", []string{"ACCESSIBLE=1"}, []string{"--yes"}, "", exitFailure, "standard input ended at step 1"},
		// (exit 2 adds the usual pointer at --help on a second line)
		{"all defaults, no --yes", nil, []string{"--accessible"}, strings.Repeat("\n", 6) + "0\n" + strings.Repeat("\n", 10), exitUsage, "add --yes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := emu.Reset(); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			cmd := exec.Command(binPath, append(tc.args, "--state-file", filepath.Join(dir, "session.json"))...)
			cmd.Env = append(append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "AWS_REGION=ap-northeast-1"}, emu.Env(dir)...), tc.env...)
			cmd.Stdin = strings.NewReader(tc.stdin)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			_ = cmd.Run()
			// One line says why (a notice that calls go to an emulator
			// instead of AWS is not counted).
			lines := 0
			for _, l := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
				if !strings.Contains(l, "not to AWS") {
					lines++
				}
			}
			if got := cmd.ProcessState.ExitCode(); got != tc.code || !strings.Contains(stderr.String(), tc.say) ||
				(tc.code == exitFailure && lines != 1) {
				t.Errorf("exit %d, stderr %q; want %d and one line saying %q", got, stderr.String(), tc.code, tc.say)
			}
			for _, r := range []string{"ap-northeast-1", "ap-northeast-3"} {
				if k, err := c.KMS(r).DescribeKey(context.Background(), zoom.DefaultAlias); err == nil {
					t.Errorf("a key was created in %s without consent: %s", r, k.ARN)
				}
			}
		})
	}
}

// arnsMatchEmulator checks that screen shows one ARN per Region, in order,
// each the key the emulator holds under the alias there, and returns them.
func arnsMatchEmulator(t *testing.T, screen string, regions ...string) []string {
	t.Helper()
	shown := arnRE.FindAllString(screen, -1)
	if len(shown) != len(regions) {
		t.Fatalf("want %d ARNs on the screen, got %q:\n%s", len(regions), shown, screen)
	}
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	for i, region := range regions {
		k, err := c.KMS(region).DescribeKey(context.Background(), zoom.DefaultAlias)
		if err != nil {
			t.Fatalf("the emulator has no %s in %s: %v", zoom.DefaultAlias, region, err)
		}
		if shown[i] != k.ARN {
			t.Errorf("ARN on screen for %s = %s, the emulator holds %s", region, shown[i], k.ARN)
		}
	}
	return shown
}
