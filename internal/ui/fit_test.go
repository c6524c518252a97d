package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Every screen of the wizard and of the drill, in the states that make it
// longest (FIT_PEEK=<name prefix> prints the screens it names), at 80x24 and 60x20, in English and Japanese: it fits the window,
// or it scrolls, says that more is below, and the scroll keys reach its
// last line. Nothing is cut at the window's edge or dropped below it, and
// the help line keeps "ctrl+c quit" (and esc where esc goes back).

// scroller is the viewport of the screen showing, or nil when the screen
// does not scroll.
func scroller(m *Model) *viewport.Model {
	switch {
	case m.step == flow.StepKey && screenOf[*keyStep](m).phase == keyConfirm:
		return &screenOf[*keyStep](m).vp
	case m.step == flow.StepPolicy:
		return &screenOf[*policyStep](m).vp
	case m.step == flow.StepPortal && (screenOf[*portalStep](m).overlay == overlayTicket || screenOf[*portalStep](m).overlay == overlayVerify && !screenOf[*portalStep](m).verify.running):
		return &screenOf[*portalStep](m).vp
	}
	return nil
}

// wantFits checks the screen showing at w x ht (the harness's size).
func (h *harness) wantFits(name string, w, ht int) {
	t := h.t
	t.Helper()
	v := h.view()
	m := h.m
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s (%dx%d, %s): %s\n%s", name, w, ht, m.f.Cat.Lang(), fmt.Sprintf(format, args...), v)
	}
	lines := strings.Split(v, "\n")
	if len(lines) > ht {
		fail("%d lines", len(lines))
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			fail("line %d is %d columns wide", i+1, n)
		}
	}
	if m.cut > 0 {
		fail("%d line(s) cut at the window's edge", m.cut)
	}
	if m.hidden > 0 {
		fail("%d line(s) below the window, out of reach", m.hidden)
	}
	help := ansi.Strip(lines[len(lines)-1])
	if m.help.ShowAll {
		help = ansi.Strip(v)
	}
	switch {
	case m.quitAsk:
	case !strings.Contains(help, "ctrl+c"):
		fail("the help line lost ctrl+c: %q", help)
	case (m.keys.Back.Enabled() || m.keys.FormBack.Enabled() || ownEsc(m)) && !strings.Contains(help, "esc"):
		fail("the help line lost esc: %q", help)
	}
	if m.form == nil && !m.quitAsk {
		// One meaning per key: no key in two of the help's bindings.
		seen := map[string]string{}
		for _, col := range m.helpKeys().FullHelp() {
			for _, b := range col {
				for _, k := range b.Keys() {
					if d, ok := seen[k]; ok {
						fail("%s is in the help twice: %q and %q", k, d, b.Help().Desc)
					}
					seen[k] = b.Help().Desc
				}
			}
		}
	}
	if m.scroll.page > 0 && scroller(m) != nil {
		fail("a scrolling view inside a scrolled body: two 'more below' lines, and pgdn scrolls the outer one")
	}
	if m.scroll.page > 0 {
		h.wantBodyScrolls(name, w, ht)
		return
	}
	vp := scroller(m)
	if vp != nil && vp.HorizontalScrollPercent() < 1 {
		fail("a line of the scrolling view is wider than it, cut without a mark")
	}
	if vp == nil || vp.TotalLineCount() <= vp.Height {
		return
	}
	more := func() string {
		return m.tn("plan.more", max(vp.TotalLineCount()-vp.YOffset-vp.Height, 0))
	}
	if !vp.AtBottom() && !strings.Contains(ansi.Strip(v), more()) {
		fail("more is below, and the screen does not say so (%q)", more())
	}
	top := vp.YOffset
	for range 500 {
		if vp.AtBottom() {
			break
		}
		h.key(tea.KeyDown)
	}
	v = h.view()
	if !vp.AtBottom() {
		fail("↓ does not reach the end")
	}
	last := strings.TrimSpace(ansi.Strip(vp.View()[strings.LastIndex(vp.View(), "\n")+1:]))
	if !strings.Contains(ansi.Strip(v), last) {
		fail("the last line %q never shows", last)
	}
	if strings.Contains(ansi.Strip(v), m.tn("plan.more", 1)) || m.hidden > 0 {
		fail("at the end: still a hint, or lines dropped")
	}
	if m.cut > 0 {
		fail("at the end: %d line(s) cut at the window's edge", m.cut)
	}
	for range 500 {
		if vp.YOffset <= top {
			break
		}
		h.key(tea.KeyUp)
	}
}

// ownEsc reports whether the screen showing has a key of its own on esc
// (close, cancel), on now.
func ownEsc(m *Model) bool {
	km := m.screenKeys()
	if km == nil {
		return false
	}
	for _, b := range km.ShortHelp() {
		if b.Enabled() && slices.Contains(b.Keys(), "esc") {
			return true
		}
	}
	return false
}

// wantBodyScrolls checks a body taller than the window (the frame's
// window over it): the line under it says how much is below, and pgdn
// reaches its last line.
func (h *harness) wantBodyScrolls(name string, w, ht int) {
	t := h.t
	t.Helper()
	m := h.m
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s (%dx%d, %s): %s\n%s", name, w, ht, m.f.Cat.Lang(), fmt.Sprintf(format, args...), h.view())
	}
	body := ansi.Strip(m.bodyText())
	lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	top := m.scroll.off
	more := m.tn("plan.more", len(lines)-m.scroll.page-m.scroll.off)
	if m.scroll.off < m.scroll.max && !strings.Contains(ansi.Strip(h.view()), more) {
		fail("more is below, and the screen does not say so (%q)", more)
	}
	for range 100 {
		if m.scroll.off >= m.scroll.max {
			break
		}
		h.key(tea.KeyPgDown)
		h.view() // the frame measures the body as it draws it
	}
	v := ansi.Strip(h.view())
	if !strings.Contains(v, last) || strings.Contains(v, m.tn("plan.more", 1)) {
		fail("pgdn does not reach the last line %q", last)
	}
	if m.cut > 0 {
		fail("%d line(s) cut at the window's edge", m.cut)
	}
	for range 100 {
		if m.scroll.off == 0 {
			break
		}
		h.key(tea.KeyPgUp)
		h.view()
	}
	if m.scroll.off != 0 {
		fail("pgup does not reach the first line")
	}
	m.scroll.off = top // where the walk had it
}

// threeRegions is a session at the key step: a primary with a long name
// and two replicas.
func threeRegions() *state.Session {
	return &state.Session{Version: 1, Step: "key", Alias: "alias/zoom-cmk-recordings-and-chat",
		PrimaryRegion: "ap-southeast-1", Replicas: []string{"eu-west-1", "eu-west-2"},
		OpenItems: []string{"clients"}}
}

// fitSizes are the windows every screen is checked in.
var fitSizes = [][2]int{{80, 24}, {60, 20}}

func fitHarness(t *testing.T, eng Engine, sess *state.Session, lang i18n.Lang, w, ht int, mod ...func(*Config)) *harness {
	t.Helper()
	// As against the emulator: the header says so.
	h := newHarness(t, eng, sess, append([]func(*Config){func(c *Config) {
		c.Lang, c.LangGiven, c.Endpoint = lang, true, "http://127.0.0.1:5000"
	}}, mod...)...)
	h.send(tea.WindowSizeMsg{Width: w, Height: ht})
	return h
}

// forEachFit runs walk in each language at each size.
func forEachFit(t *testing.T, walk func(t *testing.T, lang i18n.Lang, w, ht int)) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		for _, sz := range fitSizes {
			t.Run(fmt.Sprintf("%s-%dx%d", lang, sz[0], sz[1]), func(t *testing.T) { walk(t, lang, sz[0], sz[1]) })
		}
	}
}

func TestEveryStepFits(t *testing.T) {
	forEachFit(t, func(t *testing.T, lang i18n.Lang, w, ht int) {
		// Steps 1 and 2 from a first run.
		h := fitHarness(t, &stubEngine{}, nil, lang, w, ht)
		shot := func(name string) {
			t.Helper()
			h.wantFits(name, w, ht)
			if os.Getenv("FIT_PEEK") != "" && strings.HasPrefix(name, os.Getenv("FIT_PEEK")) {
				fmt.Printf("== %s\n%s\n", name, h.view())
			}
		}
		for i := range 4 {
			shot(fmt.Sprintf("prereq-%d", i+1))
			h.enter(1)
		}
		h.wantStep("regions")
		shot("regions-mode")
		h.key(tea.KeyDown) // an existing key
		h.enter(1)
		shot("regions-existing")
		h.typ("arn:aws:kms:xx-east-9:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab")
		h.enter(1)
		shot("regions-existing-error")
		h.key(tea.KeyEsc)
		h.wantStep("prereq")
		h.enter(1)
		h.wantStep("regions")
		h.enter(1)
		shot("regions-primary")
		h.enter(1)
		shot("regions-replicas")
		h.typ("/")
		h.typ("eu")
		shot("regions-replicas-filter")

		// Steps 1's refusal and the dry run's account.
		h = fitHarness(t, &stubEngine{}, nil, lang, w, ht)
		h.typ("n")
		h.enter(1)
		shot("prereq-refusal")
		noCreds := &setup.Error{Kind: setup.KindNoCredentials, Text: i18n.Msg{ID: "aws.err.no-credentials.summary"},
			FixText: i18n.Msg{ID: "aws.err.no-credentials.fix"}}
		h = fitHarness(t, &stubEngine{idErr: noCreds, probeErr: noCreds}, nil, lang, w, ht)
		h.enter(4)
		shot("prereq-nocreds")
		h.typ("d")
		shot("prereq-dryrun-account")
		h.enter(1)
		shot("prereq-dryrun-account-empty")

		// Steps 3 to 7 with three Regions.
		eng := &stubEngine{}
		h = fitHarness(t, eng, threeRegions(), lang, w, ht)
		h.wantStep("key")
		shot("key-alias")
		h.enter(1)
		shot("key-description")
		h.enter(1)
		h.typ("not a tag")
		h.enter(1)
		shot("key-tags-error")
		h.key(tea.KeyBackspace)
		for range 10 {
			h.key(tea.KeyBackspace)
		}
		h.enter(1)
		shot("key-rotation")
		h.enter(1)
		shot("key-plan")
		h.typ("?")
		shot("key-plan-help")
		h.typ("?")
		h.typ("d")
		shot("key-plan-detail")
		h.typ("d")
		_, _ = h.m.Update(tea.KeyMsg{Type: tea.KeyEnter}) // the write in flight, its command not run
		shot("key-applying")
		h.key(tea.KeyPgDown) // scrolled down when ctrl+c asks: the question still shows
		h.view()
		h.send(tea.KeyMsg{Type: tea.KeyCtrlC})
		if q := string([]rune(h.m.t("quit.confirm"))[:8]); !strings.Contains(h.view(), q) {
			t.Errorf("the stop question (%q) is out of view:\n%s", q, h.view())
		}
		shot("key-applying-stop")
		h.typ("n")
		res, _ := eng.Apply(h.m.ctx, h.m.f.Plan, func(setup.Event) {})
		h.send(applyDoneMsg{res: res, gen: h.keyStep().gen})
		shot("key-done")
		h.enter(1)
		h.wantStep("alerts")
		shot("alerts-ask")
		h.enter(1)
		shot("alerts-emails")
		h.typ("security-team@example.com, ops@example.com")
		h.enter(1)
		shot("alerts-plan")
		h.typ("?")
		shot("alerts-plan-help")
		h.typ("?")
		h.typ("y")
		shot("alerts-done")
		h.enter(1)
		h.wantStep("policy")
		shot("policy")
		h.typ("?")
		shot("policy-help")
		h.typ("?")
		h.enter(1)
		h.wantStep("arns")
		shot("arns")
		h.enter(1)
		h.wantStep("portal")
		shot("portal")
		for i := range 6 {
			h.key(tea.KeyDown)
			shot("portal-item")
			if v := ansi.Strip(h.view()); !strings.Contains(v, fmt.Sprintf("▸ [ ] %d.", i+2)) {
				t.Errorf("portal item %d (%dx%d, %s): the chosen item is out of view:\n%s", i+2, w, ht, lang, v)
			}
		}
		h.typ(" ") // the test recording: the drill's offer shows
		shot("portal-ticked")
		h.typ("e")
		shot("portal-emails")
		h.typ("not an address")
		h.enter(1)
		shot("portal-emails-error")
		for range len("not an address") {
			h.key(tea.KeyBackspace)
		}
		h.typ("security-operations@example.com, zoom-administrators@example.com")
		h.enter(1)
		shot("portal-emails-saved")
		h.typ("t")
		shot("portal-datatypes")
		h.key(tea.KeyEsc)
		h.typ("s")
		shot("portal-ticket")
		h.send(copiedMsg{osc52: true, mux: "tmux", err: errors.New("no native clipboard: xclip, xsel and wl-copy are not installed")})
		shot("portal-ticket-copied")
		h.typ("e")
		shot("portal-ticket-info")
		h.key(tea.KeyEsc)
		h.key(tea.KeyEsc)
		h.typ("v")
		shot("portal-verify")
		h.key(tea.KeyEsc)
		h.typ("?")
		shot("portal-help")
		h.typ("?")

		// Where the runbook goes: the choice, a typed path, its
		// confirmation; then written, its full path in the status line.
		h.wantStep("portal")
		h.typ("m")
		shot("portal-runbook-where")
		h.key(tea.KeyDown)
		h.enter(1)
		shot("portal-runbook-path")
		dir := t.TempDir()
		h.typ(filepath.Join(dir, "no-such-folder", "CHG0012345-zoom-customer-managed-key-runbook.md"))
		h.enter(1)
		shot("portal-runbook-path-error")
		h.send(tea.KeyMsg{Type: tea.KeyCtrlU})
		h.typ(filepath.Join(dir, "CHG0012345-zoom-customer-managed-key-runbook.md"))
		h.enter(1)
		shot("portal-runbook-confirm")
		h.enter(1)
		shot("portal-runbook-written")

		// The copy's status line, the longest (tmux drops OSC 52).
		h.key(tea.KeyEsc)
		h.send(copiedMsg{osc52: true, mux: "tmux", err: errors.New("no native clipboard: xclip, xsel and wl-copy are not installed")})
		shot("portal-copied-status")

		// A dry run, three Regions, on a resume (its notice in the status line).
		dry := threeRegions()
		dry.Step = "regions"
		h = fitHarness(t, &stubEngine{}, dry, lang, w, ht, func(c *Config) { c.DryRun = true })
		shot("dry-resumed-regions")
		h.enter(3)
		h.wantStep("key")
		h.enter(4)
		shot("dry-plan")
		h.enter(1)
		shot("dry-done")
		h.enter(1)
		shot("dry-policy")
		h.enter(1)
		shot("dry-arns")
		h.enter(1)
		shot("dry-portal")

		// A verify that finds faults, and one that could check nothing.
		rep := healthyReport(setup.VerifyOptions{Key: "arn:aws:kms:ap-southeast-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
			Alias: "alias/zoom-cmk-recordings-and-chat", Replicas: []string{"eu-west-1", "eu-west-2"}})
		rep.OK = false
		for i := range rep.Keys {
			rep.Keys[i].Checks[2] = setup.Check{ID: setup.CheckZoomGrant, Status: setup.CheckFail,
				Text:    i18n.Msg{ID: "setup.literal", Args: []any{"Zoom (409910850980) is not allowed kms:Decrypt: the policy has no statement for Zoom's account, or a Deny"}},
				FixText: i18n.Msg{ID: "setup.literal", Args: []any{"run zcmk-tui setup --region ap-southeast-1 --replica-region eu-west-1,eu-west-2 to put Zoom's statement back"}}}
		}
		h = fitHarness(t, &stubEngine{verifyRep: rep}, doneSession(), lang, w, ht)
		h.typ("v")
		shot("portal-verify-failed")
		h = fitHarness(t, &stubEngine{verifyErr: noCreds}, doneSession(), lang, w, ht)
		h.typ("v")
		shot("portal-verify-error")

		// A failed plan and a failed write.
		denied := &setup.Error{Kind: setup.KindAccessDenied,
			Text:    i18n.Msg{ID: "aws.err.access-denied.summary", Args: []any{"kms:ReplicateKey"}},
			FixText: i18n.Msg{ID: "aws.err.access-denied.fix-setup-perm", Args: []any{"kms:ReplicateKey", "kms:CreateKey, kms:ReplicateKey, kms:CreateAlias, kms:PutKeyPolicy, kms:EnableKeyRotation"}}}
		h = fitHarness(t, &stubEngine{planErr: denied}, threeRegions(), lang, w, ht)
		h.enter(4)
		shot("key-plan-failed")
		h = fitHarness(t, &stubEngine{applyErr: &setup.ApplyError{Errs: []*setup.RegionError{
			&setup.RegionError{Region: "eu-west-1", Action: setup.ActReplicate, Err: denied},
			&setup.RegionError{Region: "eu-west-2", Action: setup.ActReplicate, Err: denied}}}}, threeRegions(), lang, w, ht)
		h.enter(4)
		h.enter(1)
		shot("key-apply-failed")
	})
}

// TestDataTypesShowWholeAt80x24: the data types' list showed 7 of its 12
// types at 80x24, with the window's lower half empty and nothing saying
// that more were below; it now takes the window's height.
func TestDataTypesShowWholeAt80x24(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		h := fitHarness(t, &stubEngine{}, doneSession(), lang, 80, 24)
		h.wantStep("portal")
		h.typ("t")
		v := ansi.Strip(h.view())
		for _, d := range zoom.DataTypes() {
			label := h.m.p().M(d.Label())
			if first := strings.Fields(label)[0]; !strings.Contains(v, label) && !strings.Contains(v, "• "+first) {
				t.Errorf("%s: %q does not show:\n%s", lang, label, h.view())
			}
		}
		h.wantFits("portal-datatypes", 80, 24)
	}
}

// TestPrereqBackgroundReachable: on the first screen at 80x24, in Japanese
// and with the live checks' errors, what CMK protects and what it does not
// was left out altogether. It now follows the checks, and pgdn shows it.
func TestPrereqBackgroundReachable(t *testing.T) {
	noCreds := &setup.Error{Kind: setup.KindNoCredentials, Text: i18n.Msg{ID: "aws.err.no-credentials.summary"},
		FixText: i18n.Msg{ID: "aws.err.no-credentials.fix"}}
	for _, eng := range []*stubEngine{{}, {idErr: noCreds, probeErr: noCreds}} {
		h := fitHarness(t, eng, nil, i18n.Japanese, 80, 24)
		if eng.idErr != nil {
			h.enter(4)
		}
		want := h.m.t("prereq.notprotected")
		for range 5 {
			if strings.Contains(h.view(), want) {
				break
			}
			h.key(tea.KeyPgDown)
		}
		if !strings.Contains(h.view(), want) {
			t.Errorf("%q never shows:\n%s", want, h.view())
		}
		h.wantFits("prereq", 80, 24)
	}
}
