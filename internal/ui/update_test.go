package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// stubEngine answers like the engine, without AWS. The teatest flows and
// the end-to-end test use the real engine; these tests are about Update().
type stubEngine struct {
	idErr, probeErr, planErr error
	applyBlocks              bool
	verifyErr                error               // Verify could check nothing
	verifyRep                *setup.VerifyReport // Verify's report (default: healthyReport)
	verified                 []setup.VerifyOptions
	planned                  []setup.Options // every Plan's options
	applyErr                 error           // Apply fails with it (after no change)
	applies                  int
}

func (s *stubEngine) DefaultRegion() string { return "ap-northeast-1" }
func (s *stubEngine) Identity(context.Context) (setup.Identity, error) {
	if s.idErr != nil {
		return setup.Identity{}, s.idErr
	}
	return setup.Identity{AccountID: "111122223333", ARN: "arn:aws:iam::111122223333:user/admin", Partition: "aws"}, nil
}
func (s *stubEngine) Probe(context.Context, string) error { return s.probeErr }
func (s *stubEngine) Plan(_ context.Context, o setup.Options) (*setup.Plan, error) {
	s.planned = append(s.planned, o)
	if s.planErr != nil {
		return nil, s.planErr
	}
	o.AccountID = "111122223333"
	p := setup.OfflinePlan(o)
	p.DryRun = false // a plan made with credentials
	return p, nil
}
func (s *stubEngine) Apply(ctx context.Context, p *setup.Plan, on func(setup.Event)) (*setup.Result, error) {
	s.applies++
	if s.applyErr != nil {
		return p.Result(), s.applyErr
	}
	if s.applyBlocks {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	res := p.Result()
	for i := range res.Keys {
		res.Keys[i].KeyID = "mrk-1234abcd12ab34cd56ef1234567890ab"
		res.Keys[i].ARN = "arn:aws:kms:" + res.Keys[i].Region + ":111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
		res.Keys[i].Policy, res.Keys[i].ZoomGrant, res.Keys[i].KeyState = "applied", true, "Enabled"
		on(setup.Event{Region: res.Keys[i].Region, Action: setup.ActReadBack, Status: setup.StatusDone})
	}
	res.Changed, res.WriteCalls = true, p.Changes()
	return res, nil
}

func (s *stubEngine) Verify(_ context.Context, o setup.VerifyOptions) (*setup.VerifyReport, error) {
	s.verified = append(s.verified, o)
	if s.verifyErr != nil {
		return nil, s.verifyErr
	}
	if s.verifyRep != nil {
		return s.verifyRep, nil
	}
	return healthyReport(o), nil
}

// healthyReport is what Verify says of a healthy key set named by o.
func healthyReport(o setup.VerifyOptions) *setup.VerifyReport {
	a, _ := zoom.ParseKeyARN(o.Key)
	rep := &setup.VerifyReport{OK: true, AccountID: a.Account, Partition: a.Partition, ZoomAccountID: zoom.ZoomAccountID,
		Alias: o.Alias, KeyID: a.KeyID, PrimaryRegion: a.Region}
	for i, r := range append([]string{a.Region}, o.Replicas...) {
		k := setup.KeyReport{Region: r, Role: setup.RolePrimary, ARN: strings.Replace(o.Key, a.Region, r, 1), KeyID: a.KeyID, KeyState: "Enabled"}
		ids := []string{setup.CheckKeyState, setup.CheckKeyKind, setup.CheckZoomGrant, setup.CheckAdmin, setup.CheckAlias, setup.CheckRotation}
		if i > 0 {
			k.Role = setup.RoleReplica
			ids = []string{setup.CheckKeyState, setup.CheckKeyKind, setup.CheckZoomGrant, setup.CheckAdmin, setup.CheckDrift, setup.CheckAlias}
		}
		for _, id := range ids {
			k.Checks = append(k.Checks, setup.Check{ID: id, Status: setup.CheckOK, Detail: id + " is as Zoom needs it"})
		}
		k.Checks = append(k.Checks, setup.Check{ID: setup.CheckLastUse, Status: setup.CheckOK, Unknown: true, Detail: "unknown: the endpoint does not support GetKeyLastUsage"})
		rep.Keys = append(rep.Keys, k)
	}
	return rep
}

// harness runs Update and the commands it returns, synchronously. Commands
// that do not answer quickly (timers: cursor blink, spinner) are dropped.
type harness struct {
	t     *testing.T
	m     *Model
	quit  bool
	saved int
}

func newHarness(t *testing.T, eng Engine, sess *state.Session, mod ...func(*Config)) *harness {
	t.Helper()
	cfg := Config{Engine: eng, StatePath: filepath.Join(t.TempDir(), "session.json"), Session: sess,
		Now: func() time.Time { return fixedNow }}
	for _, f := range mod {
		f(&cfg)
	}
	h := &harness{t: t, m: New(cfg)}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.do(h.m.Init())
	return h
}

func (h *harness) send(msgs ...tea.Msg) {
	for _, msg := range msgs {
		_, cmd := h.m.Update(msg)
		h.do(cmd)
	}
}

func (h *harness) do(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(40 * time.Millisecond):
		return
	}
	switch msg := msg.(type) {
	case nil, spinner.TickMsg:
	case tea.QuitMsg:
		h.quit = true
	case tea.BatchMsg:
		for _, c := range msg {
			h.do(c)
		}
	case savedMsg:
		h.saved++
		h.send(msg)
	default:
		// tea.Sequence's message is an unexported slice of commands.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			for i := 0; i < v.Len(); i++ {
				h.do(v.Index(i).Interface().(tea.Cmd))
			}
			return
		}
		h.send(msg)
	}
}

func (h *harness) enter(n int) {
	for range n {
		h.send(tea.KeyMsg{Type: tea.KeyEnter})
	}
}
func (h *harness) typ(s string)      { h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}) }
func (h *harness) key(t tea.KeyType) { h.send(tea.KeyMsg{Type: t}) }

func (h *harness) view() string { return h.m.View() }

func (h *harness) wantStep(id string) {
	h.t.Helper()
	if got := h.m.Step(); got != id {
		h.t.Fatalf("step = %s, want %s; view:\n%s", got, id, h.view())
	}
}

func (h *harness) wantView(subs ...string) {
	h.t.Helper()
	v := h.view()
	for _, s := range subs {
		if !strings.Contains(v, s) {
			h.t.Fatalf("view lacks %q:\n%s", s, v)
		}
	}
}

func TestPrereqConfirmThenAdvance(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.wantStep("prereq")
	h.wantView("Step 1 of 6: Prerequisites", "account 111122223333", "KMS answers in ap-northeast-1", "Not protected:")
	h.enter(4)
	h.wantStep("regions")
}

func TestPrereqRefusalExplains(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.typ("n") // "Not yet" for the CMK entitlement
	h.enter(1)
	h.wantStep("prereq")
	h.wantView("Ask your Zoom reseller")
}

func TestPrereqFailedProbeOffersRetry(t *testing.T) {
	eng := &stubEngine{probeErr: &awsx.Error{Kind: awsx.KindAccessDenied, Op: "ListAliases", Msg: "access denied: your identity is missing the permission kms:ListAliases", Fix: "ask your AWS administrator"}}
	h := newHarness(t, eng, nil)
	h.enter(4)
	h.wantStep("prereq")
	h.wantView("kms:ListAliases", "How to fix: ask your AWS administrator", "press r")
	eng.probeErr = nil
	h.typ("r")
	h.wantStep("regions")
}

func TestPrereqNoCredentialsDryRun(t *testing.T) {
	eng := &stubEngine{idErr: &awsx.Error{Kind: awsx.KindNoCredentials, Msg: "no AWS credentials were found", Fix: "run `aws configure`"},
		probeErr: errors.New("no credentials")}
	h := newHarness(t, eng, nil)
	h.enter(4)
	h.wantStep("prereq")
	h.wantView("no AWS credentials were found", "DRY RUN", "not checked without credentials")
	h.typ("d")
	h.wantView("Your 12-digit AWS account ID")
	h.typ("1234")
	h.enter(1)
	h.wantView("exactly 12 digits")
	h.typ("56789012")
	h.enter(1)
	h.wantStep("regions")
	h.wantView("[DRY RUN: nothing is written to AWS]")
	// A dry run saves nothing.
	if _, err := os.Stat(h.m.cfg.StatePath); !os.IsNotExist(err) {
		t.Errorf("a dry run wrote the session file: %v", err)
	}
}

func TestRegionsDefaultsAndBack(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.enter(4)
	h.wantStep("regions")
	h.key(tea.KeyEsc)
	h.wantStep("prereq")
	h.enter(1) // prerequisites stay confirmed: enter goes on
	h.wantStep("regions")
	h.enter(2)
	h.wantView("Replica Regions for ap-northeast-1 (Tokyo)", "ap-northeast-3", "Osaka", "(suggested)")
	h.enter(1)
	h.wantStep("key")
	if h.m.reg.primary != "ap-northeast-1" || strings.Join(h.m.reg.replicas, ",") != "ap-northeast-3" {
		t.Fatalf("regions: %s + %v", h.m.reg.primary, h.m.reg.replicas)
	}
	h.key(tea.KeyEsc)
	h.wantStep("regions")
}

func TestRegionsExistingKeyValidatedOnTheSpot(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.enter(4)
	h.key(tea.KeyDown)
	h.enter(1)
	h.wantView("Existing key: alias, key ARN or key ID")
	h.typ("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
	h.enter(1)
	h.wantView("single-Region key")
	for range 80 {
		h.key(tea.KeyBackspace)
	}
	h.typ("arn:aws:kms:eu-central-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab")
	h.enter(1)
	// The primary comes from the ARN; Frankfurt's partner is pre-selected.
	h.wantView("Replica Regions for eu-central-1 (Frankfurt)", "eu-west-1")
}

func TestKeyAliasValidationAndPlanConfirm(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.enter(4 + 3)
	h.wantStep("key")
	h.key(tea.KeyCtrlU)
	h.typ("zoom-cmk")
	h.enter(1)
	h.wantView(`must start with "alias/"`)
	h.key(tea.KeyCtrlU)
	h.typ("alias/zoom-cmk")
	h.enter(1)
	h.enter(1) // description
	h.typ("Owner")
	h.enter(1)
	h.wantView("Owner")
	h.key(tea.KeyCtrlU)
	h.typ("Owner=zoom-admins")
	h.enter(2)
	h.wantView("Apply these 5 change(s) to AWS account 111122223333?", "ap-northeast-3 (Osaka)", "create key")
	h.typ("n")
	h.wantView("Alias (created in every Region")
	h.enter(4)
	h.wantView("Apply these 5 change(s)")
	h.enter(1)
	h.wantView("Done: 5 change(s) made.")
	s, err := state.Load(h.m.cfg.StatePath)
	if err != nil || s == nil || s.Step != "policy" || len(s.Keys) != 2 || strings.Join(s.WizardTags, ",") != "Owner=zoom-admins" {
		t.Fatalf("session after apply: %+v (%v)", s, err)
	}
	h.enter(1)
	h.wantStep("policy")
	h.wantView("» ", "409910850980")
	h.enter(1)
	h.wantStep("arns")
	h.wantView("arn:aws:kms:ap-northeast-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab")
}

func TestCtrlCAsksOnlyDuringWrite(t *testing.T) {
	eng := &stubEngine{applyBlocks: true}
	h := newHarness(t, eng, nil)
	h.enter(4 + 3 + 4)
	h.wantView("Apply these")
	_, cmd := h.m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if !h.m.writing() {
		t.Fatal("not writing after the confirmation")
	}
	_ = cmd // Apply blocks until the context ends; it is not run here.
	h.send(tea.KeyMsg{Type: tea.KeyCtrlC})
	if h.quit || !h.m.quitAsk {
		t.Fatal("ctrl+c during a write should ask first")
	}
	h.wantView("A change to AWS is in progress. Stop it?")
	h.typ("n")
	if h.m.quitAsk || h.m.ctx.Err() != nil {
		t.Fatal("n should go on")
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlC})
	h.typ("y")
	if h.m.ctx.Err() == nil || !h.m.stopping {
		t.Fatal("y should cancel the context so the engine stops between calls")
	}
	h.send(applyDoneMsg{err: context.Canceled, gen: h.m.key.gen})
	if !h.quit || !h.m.Aborted() {
		t.Fatal("the wizard should quit once Apply has returned")
	}
}

func TestCtrlCQuitsAtOnceOtherwise(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlC})
	if !h.quit {
		t.Fatal("ctrl+c should quit")
	}
}

func doneSession() *state.Session {
	arn := "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	return &state.Session{Version: 1, AccountID: "111122223333", Partition: "aws", Alias: "alias/team-cmk",
		PrimaryRegion: "us-east-1", Replicas: []string{"us-west-2"}, Step: "portal",
		Keys:   []state.Key{{Region: "us-east-1", Role: "primary", ARN: arn}, {Region: "us-west-2", Role: "replica", ARN: strings.Replace(arn, "us-east-1", "us-west-2", 1)}},
		Policy: zoom.BuildPolicy("aws", "111122223333", zoom.ZoomAccountID)}
}

func TestResumeAtSavedStep(t *testing.T) {
	h := newHarness(t, &stubEngine{}, doneSession())
	h.wantStep("portal")
	h.wantView("arn:aws:kms:us-west-2:111122223333:key/mrk-")

	s := doneSession()
	s.Step, s.Keys = "key", nil
	h = newHarness(t, &stubEngine{}, s)
	h.wantStep("key")
	h.wantView("alias/team-cmk")
	h.key(tea.KeyEsc)
	h.wantStep("regions")
	h.enter(1)
	h.wantView("Primary Region", "us-east-1")
	h.enter(1)
	h.wantView("us-west-2")
	if strings.Join(h.m.reg.replicas, ",") != "us-west-2" {
		t.Fatalf("replicas not restored: %v", h.m.reg.replicas)
	}

	// Policy, ARNs or portal without keys resumes at the key step.
	s = doneSession()
	s.Step, s.Keys = "arns", nil
	h = newHarness(t, &stubEngine{}, s)
	h.wantStep("key")
}

func TestPortalTicksEmailsTicketRunbook(t *testing.T) {
	h := newHarness(t, &stubEngine{}, doneSession())
	h.typ(" ")
	h.wantView("[x] 1.", "2026-11-28 12:00")
	h.key(tea.KeyDown)
	h.typ(" ")
	h.typ(" ")
	h.wantView("1 of 7 done")
	s, _ := state.Load(h.m.cfg.StatePath)
	if s == nil || !s.Ticks["paste-arns"] || s.Ticks["standby"] || !s.TickedAt["paste-arns"].Equal(fixedNow) {
		t.Fatalf("ticks not saved: %+v", s)
	}

	h.typ("e")
	h.wantView("Alert e-mail recipients")
	h.typ("not-an-address")
	h.enter(1)
	h.wantView("not-an-address")
	h.key(tea.KeyCtrlU)
	h.typ("a@example.com, b@example.org")
	h.enter(1)
	h.wantView("alert e-mails: a@example.com, b@example.org")
	if s, _ = state.Load(h.m.cfg.StatePath); strings.Join(s.AlertEmails, " ") != "a@example.com b@example.org" {
		t.Fatalf("e-mails not saved: %v", s.AlertEmails)
	}

	h.typ("s")
	h.wantView("Support ticket", "Customer Managed Key: limit CMK to user groups")
	h.key(tea.KeyEsc)
	h.wantView("1 of 7 done")

	h.typ("m")
	want := filepath.Join(filepath.Dir(h.m.cfg.StatePath), "zoom-cmk-runbook-20261128-120000.md")
	h.wantView("Runbook written to")
	b, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"alias/team-cmk", "| Primary | us-east-1 (N. Virginia) | `arn:aws:kms:us-east-1:", "AllowZoomCMK", "- [x] **1.", "a@example.com", "2026-11-28T12:00:00Z"} {
		if !strings.Contains(string(b), s) {
			t.Errorf("runbook lacks %q:\n%s", s, b)
		}
	}
	h.typ("q")
	if !h.quit {
		t.Fatal("q should finish")
	}
}

func TestCopyReportsHonestly(t *testing.T) {
	h := newHarness(t, &stubEngine{}, doneSession(), func(c *Config) {
		c.Clipboard = func(string) error { return errNoClipboard }
		c.ClipboardOut = &strings.Builder{}
	})
	h.key(tea.KeyEsc)
	h.wantStep("arns")
	h.typ("c")
	h.wantView("Sent to the terminal's clipboard with OSC 52")
	if strings.Contains(h.view(), "Copied") {
		t.Fatal("said copied without a clipboard")
	}
	out := h.m.cfg.ClipboardOut.(*strings.Builder).String()
	if !strings.Contains(out, "\x1b]52;c;") {
		t.Fatalf("no OSC 52 sequence written: %q", out)
	}
	h.m.cfg.Clipboard = func(string) error { return nil }
	h.typ("c")
	h.wantView("Copied to the clipboard")
}

func TestResizeNeverPanicsAndFits(t *testing.T) {
	h := newHarness(t, &stubEngine{}, doneSession())
	for _, st := range []string{"portal", "arns", "policy", "key", "regions", "prereq"} {
		for _, size := range [][2]int{{0, 0}, {1, 1}, {80, 24}, {20, 5}} {
			h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			v := h.view()
			if size[0] == 0 && v != "" {
				t.Errorf("%s at 0x0: view %q", st, v)
			}
			if size == [2]int{80, 24} {
				checkFits(t, v, 80, 24)
			}
		}
		if st != "prereq" {
			h.key(tea.KeyEsc)
		}
	}
}

func TestHelpToggles(t *testing.T) {
	h := newHarness(t, &stubEngine{}, doneSession())
	short := h.view()
	h.typ("?")
	if h.view() == short || !strings.Contains(h.view(), "more keys") {
		t.Fatalf("? should show the full help:\n%s", h.view())
	}
}

// TestCatalogueHasEveryID checks that every message id the code uses exists
// in every catalogue.
func TestCatalogueHasEveryID(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	re := regexp.MustCompile(`(?:\bt|\.T)\("([a-z0-9.\-]+)"`)
	prefixes := map[string][]string{
		"prereq.item.":   {"plan", "role", "aws", "clients"},
		"act.":           {setup.ActCreateKey, setup.ActAdoptKey, setup.ActReplicate, setup.ActWaitEnabled, setup.ActCreateAlias, setup.ActPutPolicy, setup.ActEnableRotation, setup.ActReadBack},
		"role.":          {setup.RolePrimary, setup.RoleReplica},
		"step.":          stepIDs[:],
		"policy.result.": {"applied", "unchanged", "planned", "saved"},
	}
	checked := 0
	defer func() {
		if checked < 100 {
			t.Errorf("only %d message ids found in the code: the scan is broken", checked)
		}
	}()
	for name, cat := range Catalogues {
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, _ := os.ReadFile(f)
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				id := m[1]
				checked++
				if ids, ok := prefixes[id]; ok {
					for _, s := range ids {
						for _, suffix := range []string{"", ".desc", ".missing"} {
							if id == "prereq.item." || suffix == "" {
								if _, ok := cat[id+s+suffix]; !ok {
									t.Errorf("%s: catalogue %s lacks %q", f, name, id+s+suffix)
								}
							}
						}
					}
					continue
				}
				if _, ok := cat[id]; !ok {
					t.Errorf("%s: catalogue %s lacks %q", f, name, id)
				}
			}
		}
	}
}

func TestStatementLinesMarksZoomOnly(t *testing.T) {
	doc := prettyJSON(zoom.BuildPolicy("aws", "111122223333", zoom.ZoomAccountID))
	lines := strings.Split(doc, "\n")
	marks := statementLines(lines, zoom.ZoomAccountID)
	var marked []string
	for i, ok := range marks {
		if ok {
			marked = append(marked, lines[i])
		}
	}
	text := strings.Join(marked, "\n")
	if !strings.Contains(text, "409910850980") || strings.Contains(text, "111122223333") || !strings.Contains(text, "kms:Decrypt") {
		t.Fatalf("marked lines:\n%s", text)
	}
}

func TestLineDiff(t *testing.T) {
	got := strings.Join(lineDiff([]string{"a", "b", "c"}, []string{"a", "c", "d"}), "|")
	if got != "  a|- b|  c|+ d" {
		t.Fatalf("diff = %q", got)
	}
}

func TestDryRunFlagWithCredentialsNeverApplies(t *testing.T) {
	eng := &stubEngine{applyBlocks: true} // Apply would hang: it must not be called
	h := newHarness(t, eng, nil, func(c *Config) { c.DryRun = true })
	h.wantView("[DRY RUN: nothing is written to AWS]")
	h.enter(4 + 3 + 4)
	h.wantView("DRY RUN: 5 change(s) would be made")
	h.enter(1)
	h.wantView("DRY RUN: nothing was written to AWS.")
	h.enter(2)
	h.wantStep("arns")
	h.wantView("(no ARN yet: created by setup)")
	if _, err := os.Stat(h.m.cfg.StatePath); !os.IsNotExist(err) {
		t.Errorf("a dry run wrote the session file: %v", err)
	}
	if got := ExitSummary(nil, h.m.Session(), h.m.cfg.StatePath, h.m.DryRunMode()); !strings.Contains(got, "Dry run") {
		t.Errorf("exit summary of a dry run: %q", got)
	}
}

func TestPortalDataTypesSavedAndEscCancels(t *testing.T) {
	h := newHarness(t, &stubEngine{}, doneSession())
	h.typ("t")
	h.wantView("Data types to protect", "REMOVING one needs Zoom")
	h.typ("x") // the first type: cloud recordings
	h.enter(1)
	h.wantView("data types noted: 1")
	if s, _ := state.Load(h.m.cfg.StatePath); s == nil || strings.Join(s.DataTypes, ",") != "cloud-recordings" {
		t.Fatalf("data types not saved: %+v", s)
	}
	h.typ("e")
	h.wantView("Alert e-mail recipients")
	h.key(tea.KeyEsc)
	h.wantStep("portal")
	h.wantView("0 of 7 done", "alert e-mails: none yet")
}

func TestExitSummaryPrintsEachARNOnItsOwnLine(t *testing.T) {
	got := ExitSummary(nil, doneSession(), "/x/session.json", false)
	for _, want := range []string{"Primary, us-east-1:\narn:aws:kms:us-east-1:", "Replica, us-west-2:\narn:aws:kms:us-west-2:", "/x/session.json"} {
		if !strings.Contains(got, want) {
			t.Errorf("exit summary lacks %q:\n%s", want, got)
		}
	}
	if ExitSummary(nil, &state.Session{}, "", false) != "" {
		t.Error("nothing to say should print nothing")
	}
}

func TestPortalVerifyNowShowsTheTable(t *testing.T) {
	eng := &stubEngine{}
	h := newHarness(t, eng, doneSession())
	h.wantStep("portal")
	h.wantView("v verify now")

	// v starts the check as a command; until it answers the view says so.
	_, cmd := h.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("v")})
	if cmd == nil {
		t.Fatal("v should start the check")
	}
	h.wantView("Health check of the key set", "Checking the key in every Region", "esc/enter close")
	if len(eng.verified) != 0 {
		t.Fatal("Update called the engine itself")
	}
	msg, ok := cmd().(verifiedMsg)
	if !ok || msg.err != nil || msg.rep == nil {
		t.Fatalf("the check answered %#v", msg)
	}
	h.send(msg)
	h.wantView("✓ OK: 0 failed, 0 warning(s), 12 ok, 2 unknown in 2 Regions.", "us-east-1 (N. Virginia), primary",
		"arn:aws:kms:us-east-1:111122223333:key/mrk-", "key-state   ok", "zoom-grant  ok", "r check again")
	o := eng.verified[0]
	if o.Key != doneSession().Keys[0].ARN || o.Region != "us-east-1" || strings.Join(o.Replicas, ",") != "us-west-2" || o.Alias != "alias/team-cmk" {
		t.Errorf("verified with options %+v, want the session's key set", o)
	}

	// The table scrolls, and fits 80x24.
	for range 30 {
		h.key(tea.KeyDown)
	}
	h.wantView("us-west-2 (Oregon), replica", "drift       ok")
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	checkFits(t, h.view(), 80, 24)
	h.wantView("OK: 0 failed", "esc/enter close")

	// esc and enter return to the checklist; q there still finishes.
	h.key(tea.KeyEsc)
	h.wantView("0 of 7 done")
	h.typ("v")
	h.wantView("key-state")
	h.key(tea.KeyEnter)
	h.wantView("0 of 7 done")
	if h.quit || len(eng.verified) != 2 {
		t.Fatalf("quit %v, %d checks", h.quit, len(eng.verified))
	}
}

func TestPortalVerifyNowErrors(t *testing.T) {
	// Nothing could be checked: the error and its fix, and r to retry.
	eng := &stubEngine{verifyErr: &awsx.Error{Kind: awsx.KindNoCredentials, Op: "GetCallerIdentity",
		Msg: "no AWS credentials were found", Fix: "run `aws configure`"}}
	h := newHarness(t, eng, doneSession())
	h.typ("v")
	h.wantView("✗ The key could not be checked", "no AWS credentials were found", "How to fix: run `aws configure`", "press r")
	eng.verifyErr = nil
	h.typ("r")
	h.wantView("✓ OK: 0 failed")

	// A check that could not be made is in the table with its fix.
	rep := healthyReport(setup.VerifyOptionsFor(doneSession()))
	rep.Keys[1].Checks[2] = setup.Check{ID: setup.CheckZoomGrant, Status: setup.CheckFail, Error: "AccessDeniedException",
		Detail: "could not read the key policy: access denied", Fix: "allow kms:GetKeyPolicy on the key"}
	rep.OK = false
	eng.verifyRep = rep
	h.typ("r")
	h.wantView("! INCOMPLETE: 0 failed", "1 not checked", "zoom-grant  ERROR", "fix: allow kms:GetKeyPolicy")

	// An answer that comes after the overlay was closed is dropped.
	_, cmd := h.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("r")})
	h.key(tea.KeyEsc)
	h.send(cmd())
	h.wantView("0 of 7 done")
	if strings.Contains(h.view(), "INCOMPLETE") {
		t.Fatalf("a late answer reopened the report:\n%s", h.view())
	}
}

func TestPortalVerifyNowInDryRunExplains(t *testing.T) {
	eng := &stubEngine{}
	h := newHarness(t, eng, nil, func(c *Config) { c.DryRun = true })
	h.enter(4 + 3 + 4 + 1 + 2 + 1)
	h.wantStep("portal")
	h.typ("v")
	h.wantView("DRY RUN: no key was created, so there is nothing to verify.", "0 of 7 done")
	if len(eng.verified) != 0 {
		t.Fatal("a dry run called Verify")
	}
}
