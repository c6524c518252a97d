package ui

import (
	"errors"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"regexp"
	"slices"
	"strings"
	"testing"

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
	if !h.m.f.confirmed {
		t.Fatal("an ARN came up without every prerequisite confirmed")
	}
	h.wantStep("key")
	t.Logf("a real ARN after %d Enters", n)
	// c copies the chosen ARN from the Done screen; ↓ chooses the next.
	h.typ("c")
	h.wantView("OSC 52", "c copy")
	keys := h.m.f.keysForDisplay()
	if len(keys) > 1 {
		h.key(tea.KeyDown)
		if h.m.key.arnSel != 1 {
			t.Fatalf("↓ on the Done screen: chosen %d, want 1", h.m.key.arnSel)
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
	h := newHarness(t, &stubEngine{idErr: &setup.Error{Kind: setup.KindNoCredentials, Msg: "no AWS credentials were found"}, probeErr: errors.New("no credentials")}, nil)
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
	want := slices.Clone(h.m.f.replicas)
	if len(want) != 2 {
		t.Fatalf("replicas ticked: %v", want)
	}
	h.key(tea.KeyEsc) // back to the primary
	h.wantView("Which key?")
	h.enter(2)
	h.wantView("Replica Regions for ap-northeast-1")
	if !slices.Equal(h.m.f.replicas, want) {
		t.Fatalf("after esc and back: %v, want %v", h.m.f.replicas, want)
	}
	// At 120x40 the list shows more than 10 Regions.
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.key(tea.KeyEsc)
	h.enter(2)
	if n := strings.Count(h.view(), "  • ") + strings.Count(h.view(), "✓ "); n < 20 {
		t.Fatalf("at 120x40 the list shows %d rows:\n%s", n, h.view())
	}
	h.enter(2) // the replicas; the alias: to the description
	h.wantStep("key")
	h.wantView("shift+tab previous field", "esc previous screen", "ctrl+c quit")
	if strings.Contains(h.view(), "shift+tab back") {
		t.Fatalf("shift+tab and esc both say back:\n%s", h.view())
	}
}
