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

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

func (h *harness) enter(n int) {
	for range n {
		h.send(tea.KeyMsg{Type: tea.KeyEnter})
	}
}

// alertsEnters walks the alerts step with enter alone: set them up (yes),
// no address (so nothing is set up), then on to the next step.
const alertsEnters = 3

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

// wantNoView fails the test when the view says any of subs.
func (h *harness) wantNoView(subs ...string) {
	h.t.Helper()
	v := h.view()
	for _, s := range subs {
		if strings.Contains(v, s) {
			h.t.Fatalf("view says %q:\n%s", s, v)
		}
	}
}

func TestPrereqConfirmThenAdvance(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.wantStep("prereq")
	h.wantView("Step 1 of 7: Prerequisites", "account 111122223333", "KMS answers in ap-northeast-1", "Not protected:")
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
	eng := &stubEngine{probeErr: &setup.Error{Kind: setup.KindAccessDenied, Op: "ListAliases", Text: i18n.Msg{ID: "aws.err.raw", Args: []any{"access denied: your identity is missing the permission kms:ListAliases"}}, FixText: i18n.Msg{ID: "aws.err.raw", Args: []any{"ask your AWS administrator"}}}}
	h := newHarness(t, eng, nil)
	h.enter(4)
	h.wantStep("prereq")
	h.wantView("kms:ListAliases", "How to fix: ask your AWS administrator", "press r")
	eng.probeErr = nil
	h.typ("r")
	h.wantStep("regions")
}

func TestPrereqNoCredentialsDryRun(t *testing.T) {
	eng := &stubEngine{idErr: &setup.Error{Kind: setup.KindNoCredentials, Text: i18n.Msg{ID: "aws.err.raw", Args: []any{"no AWS credentials were found"}}, FixText: i18n.Msg{ID: "aws.err.raw", Args: []any{"run `aws configure`"}}},
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
	if h.m.f.Primary != "ap-northeast-1" || strings.Join(h.m.f.Replicas, ",") != "ap-northeast-3" {
		t.Fatalf("regions: %s + %v", h.m.f.Primary, h.m.f.Replicas)
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
	h.wantView("Apply these 5 changes to AWS account 111122223333?", "ap-northeast-3 (Osaka)", "create key")
	h.typ("n")
	h.wantView("Alias (created in every Region")
	h.enter(4)
	h.wantView("Apply these 5 changes")
	h.enter(1)
	h.wantView("Done: 5 changes made.")
	s, err := state.Load(h.m.cfg.StatePath)
	if err != nil || s == nil || s.Step != "alerts" || len(s.Keys) != 2 || strings.Join(s.WizardTags, ",") != "Owner=zoom-admins" {
		t.Fatalf("session after apply: %+v (%v)", s, err)
	}
	h.enter(1 + alertsEnters)
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
	h.send(applyDoneMsg{err: context.Canceled, gen: h.keyStep().gen})
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
	if strings.Join(h.m.f.Replicas, ",") != "us-west-2" {
		t.Fatalf("replicas not restored: %v", h.m.f.Replicas)
	}

	// Policy, ARNs or portal without keys resumes at the key step.
	s = doneSession()
	s.Step, s.Keys = "arns", nil
	h = newHarness(t, &stubEngine{}, s)
	h.wantStep("key")
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
	for _, st := range []string{"portal", "arns", "policy", "alerts", "key", "regions", "prereq"} {
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
	sub, _ := filepath.Glob("*/*.go") // the packages under ui
	files = append(files, sub...)
	re := regexp.MustCompile(`(?:\bt|\.T)\("([a-z0-9.\-]+)"`)
	prefixes := map[string][]string{
		"prereq.item.":   {"plan", "role", "aws", "clients"},
		"act.":           {setup.ActCreateKey, setup.ActAdoptKey, setup.ActReplicate, setup.ActWaitEnabled, setup.ActCreateAlias, setup.ActPutPolicy, setup.ActEnableRotation, setup.ActReadBack},
		"role.":          {setup.RolePrimary, setup.RoleReplica},
		"step.":          stepIDList(),
		"policy.result.": {"applied", "unchanged", "planned", "saved"},
		// The drill's values (drill.go, drill_view.go).
		"drill.obs.":     append(slices.Clone(setup.DrillObservations), setup.ObsNote),
		"drill.scope.":   {setup.DrillScopeReplicas, setup.DrillScopePrimary, setup.DrillScopeAll, setup.DrillScopeRegions},
		"drill.outcome.": {state.DrillRestored, state.DrillNothingDone, state.DrillRestoreFailed},
		"drill.end.":     {setup.EndOperator, setup.EndDeadline, setup.EndInterrupted, setup.EndAWSError, setup.EndPanic, setup.EndRestore},
		"drill.phase.":   {string(setup.PhaseRecord), string(setup.PhaseDisable), string(setup.PhaseObserve), string(setup.PhaseRestore), string(setup.PhaseVerify)},
		"lang.":          {"en", "ja"},
	}
	checked := 0
	defer func() {
		if checked < 100 {
			t.Errorf("only %d message ids found in the code: the scan is broken", checked)
		}
	}()
	for _, lang := range i18n.Langs() {
		name, cat := string(lang), i18n.CatalogueOf(lang)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") || f == "catalogue.go" {
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
								if _, ok := cat["ui."+id+s+suffix]; !ok {
									t.Errorf("%s: catalogue %s lacks %q", f, name, id+s+suffix)
								}
							}
						}
					}
					continue
				}
				if _, ok := cat["ui."+id]; !ok {
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
	h.wantView("DRY RUN: 5 changes would be made")
	h.enter(1)
	h.wantView("DRY RUN: nothing was written to AWS.")
	h.enter(1 + alertsEnters + 1) // the alerts step, policy
	h.wantStep("arns")
	h.wantView("(no ARN yet: created by setup)")
	if _, err := os.Stat(h.m.cfg.StatePath); !os.IsNotExist(err) {
		t.Errorf("a dry run wrote the session file: %v", err)
	}
	if got := docs.ExitSummary(English, h.m.Session(), h.m.cfg.StatePath, h.m.DryRunMode()); !strings.Contains(got, "Dry run") {
		t.Errorf("exit summary of a dry run: %q", got)
	}
}

func TestExitSummaryPrintsEachARNOnItsOwnLine(t *testing.T) {
	got := docs.ExitSummary(English, doneSession(), "/x/session.json", false)
	for _, want := range []string{"Primary, us-east-1:\narn:aws:kms:us-east-1:", "Replica, us-west-2:\narn:aws:kms:us-west-2:", "/x/session.json"} {
		if !strings.Contains(got, want) {
			t.Errorf("exit summary lacks %q:\n%s", want, got)
		}
	}
	if docs.ExitSummary(English, &state.Session{}, "", false) != "" {
		t.Error("nothing to say should print nothing")
	}
}
