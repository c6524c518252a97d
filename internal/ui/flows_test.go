package ui

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
)

// These flows run the whole wizard with teatest against the real engine and
// a real KMS emulator, and compare the final View() with a golden file
// (regenerate with: go test ./internal/ui -run TestFlow -update).

type teaFlow struct {
	t    *testing.T
	tm   *teatest.TestModel
	path string
	url  string
	srv  *moto.Server
}

// startFlow starts the emulator, with a fault proxy in front of it when
// faults are given, and the wizard on it.
func startFlow(t *testing.T, w, h int, sess *state.Session, faults ...faultproxy.Fault) (*teaFlow, *faultproxy.Proxy) {
	t.Helper()
	srv := moto.StartT(t)
	srv.SetEnv(t)
	var proxy *faultproxy.Proxy
	endpoint := ""
	if len(faults) > 0 {
		proxy = faultproxy.New(t, srv.URL)
		for _, f := range faults {
			proxy.Add(f)
		}
		endpoint = proxy.URL
		t.Setenv("AWS_ENDPOINT_URL", endpoint)
	}
	return startFlowOn(t, w, h, srv, engineOn(t, srv, endpoint), filepath.Join(t.TempDir(), "session.json"), sess), proxy
}

// startFlowOn starts the wizard on eng with the session file path.
func startFlowOn(t *testing.T, w, h int, srv *moto.Server, eng Engine, path string, sess *state.Session) *teaFlow {
	t.Helper()
	m := New(Config{Engine: eng, StatePath: path, Session: sess, Now: func() time.Time { return fixedNow }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() { _ = tm.Quit() })
	return &teaFlow{t: t, tm: tm, path: path, url: srv.URL, srv: srv}
}

// wait waits until the output since the last wait shows every one of want.
func (f *teaFlow) wait(want ...string) {
	f.t.Helper()
	teatest.WaitFor(f.t, f.tm.Output(), func(b []byte) bool {
		for _, w := range want {
			if !bytes.Contains(b, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func (f *teaFlow) enter(n int) {
	for range n {
		f.tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
		time.Sleep(60 * time.Millisecond)
	}
}

func (f *teaFlow) key(s string) {
	switch s {
	case "down":
		f.tm.Send(tea.KeyMsg{Type: tea.KeyDown})
	case "esc":
		f.tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	default:
		f.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
	}
	time.Sleep(60 * time.Millisecond)
}

// final quits and returns the last View(), normalised: key IDs, which
// change on every run, become mrk-<id>, and durations <t>.
func (f *teaFlow) final() string {
	f.t.Helper()
	if err := f.tm.Quit(); err != nil {
		f.t.Fatal(err)
	}
	m := f.tm.FinalModel(f.t, teatest.WithFinalTimeout(10*time.Second)).(*Model)
	return normalise(m.View())
}

var (
	keyIDRE = regexp.MustCompile(`mrk-[0-9a-f-]+…?`)
	durRE   = regexp.MustCompile(` +\d+(\.\d+)?(ms|µs|s)\b`)
)

// aliasRE: whether CreateAlias finds the alias already there depends on
// timing on the emulator (its ReplicateKey copies the primary's aliases).
var aliasRE = regexp.MustCompile(`(create alias <t>  )(created|unchanged)`)

func normalise(s string) string {
	s = keyIDRE.ReplaceAllString(s, "mrk-<id>")
	s = durRE.ReplaceAllString(s, " <t>")
	return aliasRE.ReplaceAllString(s, "${1}created or unchanged")
}

// walkToPlan presses Enter through the defaults from step 1 to the plan,
// which shows plan (default: the 5 changes of a first run).
func (f *teaFlow) walkToPlan(plan ...string) {
	if len(plan) == 0 {
		plan = []string{"Apply these 5 changes"}
	}
	f.wait("Step 1 of 7: Prerequisites", "KMS answers in us-east-1")
	f.enter(4)
	f.wait("Step 2 of 7: Regions", "Which key?")
	f.enter(1)
	f.wait("Primary Region")
	f.enter(1)
	f.wait("Replica Regions for us-east-1")
	f.enter(1)
	f.wait("Step 3 of 7: Key", aliasField, "> alias/zoom-cmk")
	f.enter(1) // the alias: read, then the questions of a new key
	f.wait("Description of the key")
	f.enter(2)
	f.wait("Automatic key rotation")
	f.enter(1)
	f.wait(plan...)
}

// aliasField is the title of step 3's alias field: shown once the alias
// has been read (the questions wait for the lookup).
const aliasField = "Alias (created in every Region"

// retype replaces the text of the focused input with s.
func (f *teaFlow) retype(s string) {
	f.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlU})
	f.tm.Type(s)
}

// skipAlerts passes the alerts step, shown after the key step's Done: n
// on its question, then enter on the outcome.
func (f *teaFlow) skipAlerts() {
	f.wait("Step 4 of 7: Alerts")
	f.key("n")
	f.wait("Tamper alerts skipped")
	f.enter(1)
}

// startApplied starts the wizard on the emulator and applies the first
// run's plan: the key step shows "Done".
func startApplied(t *testing.T, w, h int) *teaFlow {
	t.Helper()
	f, _ := startFlow(t, w, h, nil)
	f.walkToPlan()
	f.enter(1)
	// moto copies the alias into the replica Region: its CreateAlias there is "unchanged", 4 of 5 changes made.
	f.wait("Done: 4 changes made.")
	return f
}

// startHeldWrite starts the wizard with every ReplicateKey held for a while,
// confirms the plan and presses ctrl+c while the write is in flight (the
// primary is done, its read-back passed): the stop question is showing.
func startHeldWrite(t *testing.T, w, h int) *teaFlow {
	t.Helper()
	f, _ := startFlow(t, w, h, nil, faultproxy.Fault{Op: "ReplicateKey", Delay: 3 * time.Second})
	f.walkToPlan()
	f.enter(1)
	f.wait("Applying…", "Zoom grant confirmed, key Enabled")
	f.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	f.wait("A change to AWS is in progress. Stop it?")
	return f
}

func TestFlowFirstRunToChecklist(t *testing.T) {
	f := startApplied(t, 100, 30)
	f.enter(1)
	f.skipAlerts()
	f.wait("Step 5 of 7: Policy", "Zoom grant read back")
	f.enter(1)
	f.wait("Step 6 of 7: ARNs")
	f.enter(1)
	f.wait("Step 7 of 7: Zoom portal", "Paste the key ARNs")
	f.key(" ")
	f.wait("[x] 1.")
	view := f.final()
	teatest.RequireEqualOutput(t, []byte(view))

	s, err := state.Load(f.path)
	if err != nil || s == nil {
		t.Fatalf("session: %v", err)
	}
	if s.Step != "portal" || len(s.Keys) != 2 || !s.Ticks["paste-arns"] || !s.TickedAt["paste-arns"].Equal(fixedNow) {
		t.Errorf("session after the first run: step %q, %d keys, ticks %v at %v", s.Step, len(s.Keys), s.Ticks, s.TickedAt)
	}
}

// TestFlowVerifyFromChecklist sets up a key set on the emulator, then runs
// "verify now" from the checklist: the same table as 'zcmk-tui verify'.
func TestFlowVerifyFromChecklist(t *testing.T) {
	f := startApplied(t, 100, 30)
	f.enter(1)
	f.skipAlerts()
	f.enter(2)
	f.wait("Step 7 of 7: Zoom portal", "v verify now")
	f.key("v")
	f.wait("us-east-1 (N. Virginia), primary", "key-state", "zoom-grant", "Zoom can use the key in every Region.")
	view := f.final()
	for _, re := range []string{`(?m)^✓ OK: 0 failed, 0 warnings, \d+ ok, \d+ unknown in 2 Regions`, `(?m)^  key-state +ok +Enabled`, `(?m)^  zoom-grant +ok `,
		`(?m)^arn:aws:kms:us-east-1:123456789012:key/mrk-<id>`, `r check again`} {
		if !regexp.MustCompile(re).MatchString(view) {
			t.Errorf("the verify table lacks %s:\n%s", re, view)
		}
	}
	teatest.RequireEqualOutput(t, []byte(view))
}

func TestFlowExistingKeyShowsPolicyDiff(t *testing.T) {
	f, _ := startFlow(t, 100, 30, nil)
	_, arn := awstest.CreateMultiRegionKeyWithAlias(t, f.url, "us-east-1", "alias/legacy-cmk")
	f.wait("Step 1 of 7: Prerequisites", "KMS answers in us-east-1")
	f.enter(4)
	f.wait("Which key?")
	f.key("down")
	f.enter(1)
	f.wait("Existing key: alias, key ARN or key ID")
	f.tm.Type("alias/aws/ebs")
	f.enter(1)
	f.wait("reserved")
	for range len("alias/aws/ebs") {
		f.tm.Send(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	f.tm.Type(arn)
	f.enter(1)
	f.wait("Replica Regions for us-east-1")
	// No replica: on the emulator a replica made while the primary's policy
	// is being changed copies the old policy (it ignores ReplicateKey's
	// Policy), which the read-back catches; that path is the failure flow's.
	f.key("x")
	f.enter(1)
	f.wait("Step 3 of 7: Key", aliasField)
	f.retype("alias/legacy-cmk")
	f.enter(1)
	f.wait("Automatic key rotation")
	f.enter(1)
	f.wait("Apply these", "update key policy", "turn on rotation")
	f.enter(1)
	f.wait("Done:")
	f.enter(1)
	f.skipAlerts()
	f.wait("Step 5 of 7: Policy", "Changes to the policy of the primary key in us-east-1")
	view := f.final()
	if !strings.Contains(view, "+ ") || !strings.Contains(view, "AllowZoomCMK") {
		t.Errorf("the policy step should show the Zoom statement as added:\n%s", view)
	}
	teatest.RequireEqualOutput(t, []byte(view))
}

func TestFlowFailureThenRetryResumes(t *testing.T) {
	// The first EnableKeyRotation is denied, as a missing permission would be.
	st, body := faultproxy.AWSError("AccessDeniedException", "User: arn:aws:iam::123456789012:user/moto is not authorized to perform: kms:EnableKeyRotation on this resource")
	f, proxy := startFlow(t, 100, 30, nil, faultproxy.Fault{Op: "EnableKeyRotation", Times: 1, Status: st, Body: body})
	f.walkToPlan()
	f.enter(1)
	f.wait("Setup stopped", "kms:EnableKeyRotation", "How to fix:", "press r")
	failed := 0
	for _, r := range proxy.Requests("EnableKeyRotation") {
		if r.Fault == "canned" {
			failed++
		}
	}
	if failed != 1 {
		t.Fatalf("the proxy failed %d EnableKeyRotation calls, want 1", failed)
	}
	// The session already has the keys (the save runs as a command, so
	// give it a moment): a crash here would resume.
	var s *state.Session
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if s, _ = state.Load(f.path); s != nil && len(s.Keys) == 2 {
			break
		}
	}
	if s == nil || len(s.Keys) != 2 || s.Step != "key" {
		t.Errorf("session after the failure: %+v", s)
	}
	f.key("r")
	f.wait("Done: 1 change made.")
	view := f.final()
	teatest.RequireEqualOutput(t, []byte(view))
}

func TestFlowResizeTo80x24(t *testing.T) {
	f := startApplied(t, 120, 40)
	f.enter(1)
	f.skipAlerts()
	f.wait("Step 5 of 7: Policy")
	f.tm.Send(tea.WindowSizeMsg{Width: 0, Height: 0})
	f.tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	f.wait("Step 5 of 7")
	view := f.final()
	checkFits(t, view, 80, 24)
	teatest.RequireEqualOutput(t, []byte(view))
}

func TestFlowCtrlCDuringWriteThenResume(t *testing.T) {
	f := startHeldWrite(t, 100, 30)
	path := f.path
	f.key("y")
	f.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	m := f.tm.FinalModel(t).(*Model)
	if !m.Aborted() {
		t.Fatal("the wizard should report that a write was stopped")
	}

	// Restart: the wizard resumes at the key step with the same choices,
	// and the plan has only the work that is left.
	s, err := state.Load(path)
	if err != nil || s == nil {
		t.Fatalf("session after the interruption: %v", err)
	}
	if s.Step != "key" || s.PrimaryRegion != "us-east-1" || strings.Join(s.Replicas, ",") != "us-west-2" {
		t.Fatalf("session after the interruption: step %q, %s + %v", s.Step, s.PrimaryRegion, s.Replicas)
	}
	f = startFlowOn(t, 100, 30, f.srv, engineOn(t, f.srv, ""), path, s)
	f.wait("Step 3 of 7: Key", aliasField)
	f.enter(1) // the kept key has its own description and tags: not asked
	f.wait("Automatic key rotation")
	f.enter(1)
	f.wait("Apply these", "replicate key")
	view := f.final()
	if strings.Contains(view, "create key") {
		t.Errorf("the resumed plan creates a second key:\n%s", view)
	}
	teatest.RequireEqualOutput(t, []byte(view))
}
