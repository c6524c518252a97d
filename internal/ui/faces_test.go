package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
)

// TestBothFacesMakeTheSameCalls drives the full-screen wizard and the
// accessible line mode through the same scenario against the emulator (the
// defaults from the prerequisites to the checklist: a new key in us-east-1
// with its suggested replica, applied with consent, then "verify now") and
// compares the AWS calls their engines made: the two faces of one flow.
func TestBothFacesMakeTheSameCalls(t *testing.T) {
	tuiEng, srv := motoEngine(t, "")
	h := newHarness(t, tuiEng, nil)
	h.enter(4) // prerequisites
	h.enter(3) // a new key, primary us-east-1, the suggested replica
	h.enter(4) // alias, description, tags, rotation: the plan
	h.wantView("Apply these 5 changes")
	h.typ("y") // consent
	// moto copies the alias into the replica Region: its CreateAlias there is "unchanged", 4 of 5 changes made.
	h.wantView("Done: 4 changes made.")
	h.enter(1 + alertsEnters + 2) // the alerts step, policy, ARNs, to the checklist
	h.wantStep("portal")
	h.typ("v") // verify now
	h.wantView("Zoom can use the")
	tuiCalls := callList(tuiEng.Calls())

	if err := srv.Reset(); err != nil {
		t.Fatal(err)
	}
	accEng := engineOn(t, srv, "")
	lines := []string{
		"", "", "", "", // prerequisites: yes
		"", "", "0", // a new key, primary us-east-1, the suggested replica
		"", "", "", "", // alias, description, tags, rotation
		"y",    // consent
		"", "", // the alerts step: yes, no address (nothing set up)
		"", "", // after the policy, after the ARNs
		"", "", "", "0", "", "", "", "", "", // checklist: nothing ticked, no data type, no e-mail
		"n", // no runbook
		"y", // verify now
	}
	var out strings.Builder
	cfg := Config{Engine: accEng, StatePath: filepath.Join(t.TempDir(), "session.json"), Now: func() time.Time { return fixedNow }, Interactive: true}
	if _, _, err := RunAccessible(context.Background(), cfg, strings.NewReader(strings.Join(lines, "\n")+"\n"), &out); err != nil {
		t.Fatalf("accessible run: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "Zoom can use the") {
		t.Fatalf("the accessible run did not verify:\n%s", out.String())
	}
	accCalls := callList(accEng.Calls())

	if !slices.Equal(tuiCalls, accCalls) {
		t.Errorf("the faces made different calls:\nTUI:        %s\naccessible: %s", strings.Join(tuiCalls, " "), strings.Join(accCalls, " "))
	}
	for _, op := range []string{"GetCallerIdentity", "CreateKey", "ReplicateKey", "EnableKeyRotation", "GetKeyPolicy"} {
		if !slices.ContainsFunc(tuiCalls, func(c string) bool { return strings.Contains(c, " "+op+" ") }) {
			t.Errorf("the scenario made no %s call: %v", op, tuiCalls)
		}
	}
	// And they leave the same session (but for the key's ID).
	tuiSess, accSess := sessionShape(t, h.m.cfg.StatePath), sessionShape(t, cfg.StatePath)
	if tuiSess != accSess {
		t.Errorf("the faces saved different sessions:\nTUI:        %s\naccessible: %s", tuiSess, accSess)
	}
}

// sessionShape is the saved session at path, with what changes from run to
// run (key IDs, times) left out.
func sessionShape(t *testing.T, path string) string {
	t.Helper()
	s, err := state.Load(path)
	if err != nil || s == nil {
		t.Fatalf("session %s: %v", path, err)
	}
	var keys []string
	for _, k := range s.Keys {
		keys = append(keys, k.Role+"@"+k.Region)
	}
	return fmt.Sprintf("step=%s account=%s alias=%s primary=%s replicas=%v keys=%v rotation=%v policy=%v",
		s.Step, s.AccountID, s.Alias, s.PrimaryRegion, s.Replicas, keys, !s.WizardNoRotation, s.Policy != "")
}

// TestBothFacesRetryTheSameWay: the first EnableKeyRotation is denied (as
// a missing permission would be). Each face reports the failure, asks for
// the retry's own consent (r on the full screen, a typed y in the line
// mode), and resumes with only what is left: the same calls in both.
func TestBothFacesRetryTheSameWay(t *testing.T) {
	srv := moto.StartT(t)
	srv.SetEnv(t)
	st, body := faultproxy.AWSError("AccessDeniedException", "User: arn:aws:iam::123456789012:user/moto is not authorized to perform: kms:EnableKeyRotation on this resource")
	proxy := faultproxy.New(t, srv.URL)
	deny := faultproxy.Fault{Op: "EnableKeyRotation", Times: 1, Status: st, Body: body}

	proxy.Add(deny)
	tuiEng := engineOn(t, srv, proxy.URL)
	h := newHarness(t, tuiEng, nil)
	h.enter(4 + 3 + 4)
	h.typ("y")
	h.wantView("Setup stopped", "kms:EnableKeyRotation", "press r")
	h.typ("r")
	h.wantView("Done: 1 change made.")
	tuiCalls := callList(tuiEng.Calls())

	if err := srv.Reset(); err != nil {
		t.Fatal(err)
	}
	proxy.Clear()
	proxy.Add(deny)
	accEng := engineOn(t, srv, proxy.URL)
	lines := []string{"", "", "", "", "", "", "0", "", "", "", "", "y", "y"} // to the plan, consent, the retry's consent; then the input ends
	var out strings.Builder
	cfg := Config{Engine: accEng, StatePath: filepath.Join(t.TempDir(), "session.json"), Now: func() time.Time { return fixedNow }, Interactive: true}
	_, _, err := RunAccessible(context.Background(), cfg, strings.NewReader(strings.Join(lines, "\n")+"\n"), &out)
	if !errors.Is(err, ErrEndOfInput) || !strings.Contains(out.String(), "kms:EnableKeyRotation") || !strings.Contains(out.String(), "Done: 1 change made.") {
		t.Fatalf("accessible run: %v\n%s", err, out.String())
	}
	accCalls := callList(accEng.Calls())

	if !slices.Equal(tuiCalls, accCalls) {
		t.Errorf("the faces made different calls:\nTUI:        %s\naccessible: %s", strings.Join(tuiCalls, " "), strings.Join(accCalls, " "))
	}
	if n := strings.Count(strings.Join(tuiCalls, "\n"), "EnableKeyRotation"); n != 2 {
		t.Errorf("%d EnableKeyRotation calls, want the denied one and the retry", n)
	}
}

// callList is the engine's calls as sorted "service operation region"
// lines; a read repeated while waiting for a replica (how often depends on
// timing) counts once.
func callList(calls []setup.Call) []string {
	var out []string
	for _, c := range calls {
		s := c.Service + " " + c.Operation + " " + c.Region
		if c.Write || !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// The command runner tells timers by what they are: the spinner's next
// tick is not run, and its tick message is dropped; a command that takes
// long (a save on a slow disk) still runs and answers.
func TestCmdRunnerTellsTimersByWhatTheyAre(t *testing.T) {
	var got []tea.Msg
	r := cmdRunner{tb: t, update: func(msg tea.Msg) tea.Cmd { got = append(got, msg); return nil }}
	s := spinner.New()
	_, tick := s.Update(s.Tick())
	if !isTimerCmd(tick) || !isTimer(s.Tick()) {
		t.Fatal("the spinner's tick is not told as a timer")
	}
	r.run(tea.Batch(tick, s.Tick, func() tea.Msg { time.Sleep(100 * time.Millisecond); return savedMsg{} }))
	if len(got) != 1 || r.saved != 1 {
		t.Fatalf("messages fed back: %#v, saves %d; want the save alone", got, r.saved)
	}
}
