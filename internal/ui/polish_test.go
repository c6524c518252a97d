package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"

	tea "github.com/charmbracelet/bubbletea"
)

// Issue 11: the first-time admin's path, screen by screen.

var realARN = regexp.MustCompile(`arn:aws:kms:[a-z0-9-]+:123456789012:key/mrk-[0-9a-f-]{32,36}`)

// TestEntersToARN counts the Enters from launch to the first real key
// ARN on screen, through the defaults against the emulator, every
// prerequisite confirmed on the way: at most 12.
func TestEntersToARN(t *testing.T) {
	eng, _ := motoEngine(t, "")
	h := newHarness(t, eng, nil, func(c *Config) { c.ClipboardOut = &strings.Builder{} })
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	n := 0
	for !realARN.MatchString(h.view()) {
		if n == 12 {
			t.Fatalf("no ARN on screen after %d Enters; step %s:\n%s", n, h.m.Step(), h.view())
		}
		h.enter(1)
		n++
	}
	if !h.m.f.Confirmed {
		t.Fatal("an ARN came up without every prerequisite confirmed")
	}
	h.wantStep("key")
	t.Logf("a real ARN after %d Enters", n)
	// c copies the chosen ARN from the Done screen; ↓ chooses the next.
	h.typ("c")
	h.wantView("OSC 52", "c copy")
	keys := h.m.f.KeysForDisplay()
	if len(keys) > 1 {
		h.key(tea.KeyDown)
		if h.keyStep().arnSel != 1 {
			t.Fatalf("↓ on the Done screen: chosen %d, want 1", h.keyStep().arnSel)
		}
	}
}

// TestPlanScrollsWithHintAndDetail: at 80x24 a plan with two replicas is
// longer than the screen; the line under it says more is below, the
// arrows reach the last Region's last action, and d shows each Region's
// key policy in full.
func TestPlanScrollsWithHintAndDetail(t *testing.T) {
	eng, _ := motoEngine(t, "")
	h := newHarness(t, eng, nil)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.enter(6) // prerequisites, which key, primary Region
	h.key(tea.KeyDown)
	h.typ("x") // a second replica besides the suggested one
	h.enter(5)
	h.wantView("Apply these", "more lines below", "d: each action in full")
	last := "af-south-1 (Cape Town) · Replica"
	if strings.Contains(h.view(), last) {
		t.Fatalf("the test needs a plan longer than the screen:\n%s", h.view())
	}
	for range 40 {
		h.key(tea.KeyDown)
	}
	h.wantView(last, "read the policy and key state back")
	if strings.Contains(h.view(), "more lines below") || strings.Contains(h.view(), "more line below") {
		t.Fatalf("at the bottom the hint still says more is below:\n%s", h.view())
	}
	h.typ("d")
	h.wantView("d: back to the short plan")
	for _, want := range []string{"Key policy to be set · Primary · us-east-1", "409910850980", "Key policy to be set · Replica · af-south-1"} {
		h.scrollTo(want)
	}
	h.typ("d")
	h.wantView("d: each action in full")
	h.wantStep("key")
}

// scrollTo presses ↓ until want shows (at most 300 times).
func (h *harness) scrollTo(want string) {
	h.t.Helper()
	for range 300 {
		if strings.Contains(h.view(), want) {
			return
		}
		h.key(tea.KeyDown)
	}
	h.t.Fatalf("%q never showed while scrolling:\n%s", want, h.view())
}

// TestPlaceholdersReadAsExamples: a field's grey example says "e.g." (it
// reads as an example without colour too), and Enter on an empty field
// says that nothing was typed, not that the example is wrong.
func TestPlaceholdersReadAsExamples(t *testing.T) {
	h := newHarness(t, &stubEngine{idErr: &setup.Error{Kind: setup.KindNoCredentials, Text: i18n.Msg{ID: "aws.err.raw", Args: []any{"no AWS credentials were found"}}}, probeErr: errors.New("no credentials")}, nil)
	h.enter(4)
	h.typ("d")
	h.wantView("e.g. 123456789012")
	h.enter(1)
	h.wantView("type your 12-digit AWS account ID")
	h.wantStep("prereq")

	h = newHarness(t, &stubEngine{}, nil)
	h.enter(4)
	h.key(tea.KeyDown) // "Use an existing key"
	h.enter(1)
	h.wantView("e.g. alias/zoom-cmk")
	h.enter(1)
	h.wantView("no key given")
	h.wantStep("regions")

	h = newHarness(t, &stubEngine{}, nil)
	h.enter(7) // to the key step's description
	h.wantStep("key")
	h.enter(1)
	h.wantView("e.g. CostCenter=IT, Owner=zoom-admins")
}

// TestKeysOneMeaning: in a form esc and shift+tab say different things;
// while the replica list is filtered the footer does not offer "toggle"
// (what is typed goes into the filter); esc back from the list and enter
// again keeps the ticks; the list uses the height of the window.
func TestKeysOneMeaning(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.enter(4)
	h.wantStep("regions")
	h.enter(2) // which key, primary: to the replicas
	h.wantView("Replica Regions for ap-northeast-1", "esc previous screen", "ctrl+c quit")
	h.typ("/")
	h.wantView("esc set filter")
	if strings.Contains(h.view(), "tick") {
		t.Fatalf("the footer offers the toggle while filtering:\n%s", h.view())
	}
	h.key(tea.KeyEsc) // ends the filter
	h.key(tea.KeyDown)
	h.typ("x") // a second replica
	want := slices.Clone(h.m.f.Replicas)
	if len(want) != 2 {
		t.Fatalf("replicas ticked: %v", want)
	}
	h.key(tea.KeyEsc) // back to the primary
	h.wantView("Which key?")
	h.enter(2)
	h.wantView("Replica Regions for ap-northeast-1")
	if !slices.Equal(h.m.f.Replicas, want) {
		t.Fatalf("after esc and back: %v, want %v", h.m.f.Replicas, want)
	}
	// At 120x40 the list shows more than 10 Regions.
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.key(tea.KeyEsc)
	h.enter(2)
	if n := strings.Count(h.view(), "  • ") + strings.Count(h.view(), "✓ "); n < 20 {
		t.Fatalf("at 120x40 the list shows %d rows:\n%s", n, h.view())
	}
	h.enter(3) // the replicas; the alias; the description: to the tags
	h.wantStep("key")
	h.wantView("shift+tab previous field", "esc previous screen", "ctrl+c quit")
	if strings.Contains(h.view(), "shift+tab back") {
		t.Fatalf("shift+tab and esc both say back:\n%s", h.view())
	}
}

// TestRunbookAgainstMoto: a setup against the emulator, a verify, then m:
// the runbook is written in the admin's directory, its path shown whole
// and repeated at exit, and it has every section of a change record; it
// is the very document `zcmk-tui runbook` prints (one renderer).
func TestRunbookAgainstMoto(t *testing.T) {
	eng, srv := motoEngine(t, "")
	dir := t.TempDir()
	h := newHarness(t, eng, nil, func(c *Config) {
		c.Version, c.Endpoint, c.RunbookDir, c.Profile = "1.2.3 (abc)", srv.URL, dir, "zoom-admin"
	})
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.enter(12)                   // to the Done screen
	h.enter(1 + alertsEnters + 1) // the alerts step, policy, ARNs
	h.enter(1)
	h.wantStep("portal")
	h.typ("v")
	h.wantView("0 failed")
	h.key(tea.KeyEsc)
	h.typ("m")
	h.wantView("Where should the runbook go?")
	h.enter(1) // the working directory
	path := h.m.Session().RunbookPath
	if filepath.Dir(path) != dir {
		t.Fatalf("runbook written to %q, want in %s", path, dir)
	}
	h.wantView("Runbook written to", "ctrl+c quit")
	if v := strings.ReplaceAll(h.view(), "\n", ""); !strings.Contains(v, path) {
		t.Fatalf("the runbook's path is not shown whole:\n%s", h.view())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	keys := h.m.Session().Keys
	for _, want := range []string{
		"## Who ran it, and where", "arn:aws:iam::123456789012:", "AWS profile: zoom-admin", "zcmk-tui version: 1.2.3 (abc)",
		"**Not AWS: this setup ran against the endpoint " + srv.URL,
		"## Keys", "| Primary | us-east-1 (N. Virginia) | `" + keys[0].ARN + "` |",
		"## What was done (UTC)", "| us-east-1 | create key | done",
		"## Key policy", "### Primary · us-east-1 (N. Virginia)", "### Replica · us-west-2 (Oregon)", "409910850980",
		"## Latest verify", "0 failed", "zoom-grant  ok",
		"Checklist times (UTC)", "## Alert e-mail recipients", "## Data types",
		"## Support ticket", "User groups: not given",
		"## Back-out", "Never schedule the key for deletion", "de-provision",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("runbook lacks %q", want)
		}
	}
	if n := strings.Count(doc, "| "+"Replica | us-west-2"); n != 1 {
		t.Errorf("the replica's row appears %d times, want once", n)
	}
	if t.Failed() {
		t.Log(doc)
	}
	// One renderer: the command line's runbook of the saved session.
	s, err := state.Load(h.m.cfg.StatePath)
	if err != nil {
		t.Fatal(err)
	}
	if cli := runbookFor(Config{Session: s, Now: func() time.Time { return fixedNow }}); cli != doc {
		t.Errorf("zcmk-tui runbook differs from the wizard's m:\n%s", cli)
	}
	if sum := docs.ExitSummary(English, h.m.Session(), h.m.cfg.StatePath, false); !strings.Contains(sum, path) {
		t.Errorf("the exit lines do not repeat the runbook's path:\n%s", sum)
	}
}

// TestClientsNotYetIsAnOpenItem: "Not yet" for the Zoom clients lets the
// admin go on with the AWS side; the item shows on the portal checklist
// and in the runbook.
func TestClientsNotYetIsAnOpenItem(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.enter(3)
	h.wantView("Zoom clients 5.7.6 or later")
	h.typ("n") // "Not yet", and on
	h.wantStep("regions")
	h.wantView("matter only when CMK is turned on") // said on the next screen, until its first key
	if got := h.m.Session().OpenItems; !slices.Equal(got, []string{"clients"}) {
		t.Fatalf("open items %v", got)
	}
	for i := 0; i < 20 && h.m.Step() != "portal"; i++ {
		h.enter(1) // through the defaults, the apply, the policy and the ARNs
	}
	h.wantStep("portal")
	h.wantView("Open item: Zoom clients 5.7.6 or later")
	if rb := h.m.Runbook(); !strings.Contains(rb, "Open items") || !strings.Contains(rb, "- [ ] Zoom clients 5.7.6") {
		t.Fatalf("runbook lacks the open item:\n%s", rb)
	}
}

// TestResumeKeepsWhatWasTyped: the description and tags typed in an
// unfinished key step survive ctrl+c; the restart says where it resumed
// and when the session was saved, and step 3 shows the chosen Regions.
func TestResumeKeepsWhatWasTyped(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.enter(7)
	h.wantStep("key")
	h.wantView("Regions: primary ap-northeast-1; replicas ap-northeast-3")
	h.enter(1) // the alias as it is
	h.typ("Zoom CMK for recordings")
	h.enter(1)
	h.typ("Owner=it")
	h.key(tea.KeyCtrlC)
	if !h.quit {
		t.Fatal("ctrl+c did not quit")
	}
	s, err := state.Load(h.m.cfg.StatePath)
	if err != nil || s == nil {
		t.Fatalf("session: %v", err)
	}
	h2 := newHarness(t, &stubEngine{}, s)
	h2.wantStep("key")
	h2.wantView("Resumed at step 3, Key (saved at ")
	if !strings.HasSuffix(h2.m.f.Description, "Zoom CMK for recordings") || h2.m.f.Tags != "Owner=it" {
		t.Fatalf("after the restart: description %q, tags %q", h2.m.f.Description, h2.m.f.Tags)
	}
}

// TestCopyInsideTmuxSaysSo: inside tmux with no native clipboard, c says
// plainly that the copy depends on tmux's settings; the status line
// wraps within 80 columns and the footer keeps ctrl+c quit.
func TestCopyInsideTmuxSaysSo(t *testing.T) {
	t.Setenv("TMUX", "/tmp/tmux-1000/default,1,0")
	t.Setenv("STY", "")
	var out strings.Builder
	h := newHarness(t, &stubEngine{}, nil, func(c *Config) { c.ClipboardOut = &out })
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	for i := 0; i < 20 && !strings.Contains(h.view(), "Done:"); i++ {
		h.enter(1)
	}
	h.typ("c")
	h.wantView("through tmux", "set-clipboard on", "ctrl+c quit")
	for _, l := range strings.Split(h.view(), "\n") {
		if w := ansi.StringWidth(l); w > 80 {
			t.Fatalf("a line is %d columns wide:\n%s", w, h.view())
		}
	}
	if !strings.Contains(out.String(), "\x1b]52;c;") {
		t.Fatalf("no plain OSC 52 sent: %q", out.String())
	}
}

// TestAccessibleGivesTheGuidance: the line mode, against the emulator,
// says what the full screen says beside each question (the data-residency
// note, what rotation does, the defaults Enter keeps), without the full
// screen's key hints.
func TestAccessibleGivesTheGuidance(t *testing.T) {
	eng, _ := motoEngine(t, "")
	lines := []string{"", "", "", "", "", "", "0", "", "", "", ""}
	var out strings.Builder
	cfg := Config{Engine: eng, StatePath: filepath.Join(t.TempDir(), "session.json"), Now: func() time.Time { return fixedNow }, DryRun: true}
	_, _, _ = RunAccessible(context.Background(), cfg, strings.NewReader(strings.Join(lines, "\n")+"\n"), &out)
	text := out.String()
	for _, want := range []string{"CMK is an add-on", "Zoom needs a symmetric multi-Region KMS key",
		"data residency", "(enter keeps: us-east-1)", "(enter keeps: us-west-2)", "(enter keeps: alias/zoom-cmk)",
		"Yearly rotation keeps the key ID and ARN", "KEY=VALUE"} {
		if !strings.Contains(text, want) {
			t.Errorf("the line mode lacks %q", want)
		}
	}
	for _, bad := range []string{"/ filter", "Type / to filter", "space selects", "↑/↓"} {
		if strings.Contains(text, bad) {
			t.Errorf("the line mode shows the full screen's hint %q", bad)
		}
	}
	if t.Failed() {
		t.Log(text)
	}
}

// TestShrinkMidForm: the form on screen follows the window when it
// shrinks, not only the next form.
func TestShrinkMidForm(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.enter(4)
	h.wantStep("regions")
	h.send(tea.WindowSizeMsg{Width: 60, Height: 24})
	for _, l := range strings.Split(h.view(), "\n") {
		if w := ansi.StringWidth(l); w > 60 || strings.HasSuffix(l, "…") {
			t.Fatalf("a line is %d columns wide (or cut) at 60:\n%s", w, h.view())
		}
	}
}
