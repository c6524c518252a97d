package ui

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The alert e-mail recipients are asked once, in the portal step: saving
// them offers the tamper alerts for the same addresses (default yes); the
// plan's confirmation is no on Enter alone; yes sets them up in every Region,
// says how many confirmation e-mails are coming, and records them.
func TestPortalEmailsOfferTamperAlerts(t *testing.T) {
	eng, sess, o := madeKeySet(t)
	ctx := context.Background()
	sess.Step = "portal"

	h := newHarness(t, eng, sess)
	h.wantStep("portal")
	h.typ("e")
	h.typ("sec@example.com, ops@example.com")
	h.enter(1)
	h.wantView("Also warn these addresses", "4 confirmation e-mails")
	h.enter(1) // yes: plan them
	h.wantView("Make these", "EventBridge rule", "us-west-2")
	h.enter(1) // Enter alone is no
	h.wantView("Nothing was changed")
	o.AlertEmails = []string{"sec@example.com", "ops@example.com"}
	if p, err := eng.Plan(ctx, o); err != nil || p.Changes() == 0 {
		t.Fatalf("a declined confirmation wrote something: %v, %d changes left", err, p.Changes())
	}

	h.typ("e")
	h.enter(1) // the same addresses
	h.enter(1) // yes
	h.typ("y") // make them
	h.wantView("Tamper alerts set up", "4 confirmation e-mails")
	s := h.m.Session()
	if s.Alerts == nil || len(s.Alerts.Regions) != 2 || len(s.Alerts.Emails) != 2 {
		t.Fatalf("alerts not recorded: %+v", s.Alerts)
	}
	if p, err := eng.Plan(ctx, o); err != nil || p.Changes() != 0 {
		t.Errorf("after the wizard's alerts: %v, %d changes left", err, p.Changes())
	}
	// Saving the same addresses again offers nothing: they are covered.
	h.typ("e")
	h.enter(1)
	if v := h.view(); strings.Contains(v, "Also warn these addresses") {
		t.Errorf("offered again for covered addresses:\n%s", v)
	}
}

// Not sure of the AWS permissions: answering "Not yet" for them copies the
// operator's IAM policy (for the account of the credentials) and says so.
func TestPrereqNotSureCopiesThePermissionsPolicy(t *testing.T) {
	var out strings.Builder
	h := newHarness(t, &stubEngine{}, nil, func(c *Config) {
		c.ClipboardOut = &out
		c.Clipboard = func(string) error { return nil }
	})
	h.enter(2) // the Zoom plan and role
	h.typ("n") // AWS permissions: not yet
	h.wantView("IAM policy")
	seq := out.String()
	i := strings.Index(seq, "\x1b]52;c;")
	if i < 0 {
		t.Fatalf("nothing copied: %q", seq)
	}
	enc := seq[i+len("\x1b]52;c;"):]
	enc = enc[:strings.IndexAny(enc, "\a\x1b")]
	doc, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"kms:CreateKey"`, "arn:aws:kms:*:111122223333:key/*", `"events:PutRule"`} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("copied policy lacks %s:\n%s", want, doc)
		}
	}
}

// The accessible face makes the same offer after the recipients: a typed
// yes sets the alerts up in every Region.
func TestAccessibleOffersTamperAlerts(t *testing.T) {
	eng, sess, _ := madeKeySet(t)
	ctx := context.Background()
	sess.Step = "portal"
	lines := []string{
		"y", "", "n", // paste the ARNs, standby, data types
		"y", "sec@example.com", // alert e-mails
		"",  // the tamper alerts: yes
		"y", // make them: a typed yes
		"n", "", "", "n", "n", "n", "n", "n",
	}
	var out strings.Builder
	cfg := Config{Engine: eng, Session: sess, StatePath: t.TempDir() + "/session.json", Now: time.Now, Interactive: true}
	saved, _, _ := RunAccessible(ctx, cfg, strings.NewReader(strings.Join(lines, "\n")+"\n"), &out)
	text := out.String()
	for _, want := range []string{"Also warn these addresses", "EventBridge alert rule", "Tamper alerts set up", "2 confirmation e-mails"} {
		if !strings.Contains(text, want) {
			t.Errorf("accessible output lacks %q:\n%s", want, text)
		}
	}
	if saved == nil || saved.Alerts == nil || len(saved.Alerts.Regions) != 2 {
		t.Errorf("alerts not recorded: %+v", saved)
	}
}

// madeKeySet makes a key set in us-east-1 and us-west-2 on moto and
// returns the session the key step leaves, at the step after it, with the
// options that plan the key set (add AlertEmails to plan its alerts).
func madeKeySet(t *testing.T) (*setup.Engine, *state.Session, setup.Options) {
	t.Helper()
	eng, _ := motoEngine(t, "")
	o := setup.Options{Region: "us-east-1", Replicas: []string{"us-west-2"}, Rotation: true}
	res := applyKeySet(t, eng, o)
	sess := &state.Session{Version: 1}
	res.Record(sess, "", time.Now())
	sess.Step = "alerts"
	return eng, sess, o
}

// alertChangesLeft is what a plan of the key set's alerts for emails
// would still write.
func alertChangesLeft(t *testing.T, eng *setup.Engine, o setup.Options, emails ...string) int {
	t.Helper()
	o.AlertEmails = emails
	p, err := eng.Plan(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return p.Changes()
}

// issue 19: the alerts step, after the key step, sets up the tamper
// alerts in both Regions of the key set for the addresses it asks (the
// checklist's own), after the plan and a yes on it; skipping it creates
// nothing. In English and in Japanese.
func TestAlertsStepSetsUpAlertsOrSkips(t *testing.T) {
	for _, tc := range []struct {
		lang              i18n.Lang
		title, mails, set string
		skipped           string
	}{
		{i18n.English, "Step 4 of 7: Alerts", "4 confirmation e-mails", "Tamper alerts set up", "Tamper alerts skipped"},
		{i18n.Japanese, "ステップ 4/7: アラート", "確認メールが 4 通", "改ざん・無効化の通知を設定しました", "改ざん・無効化の通知をスキップしました"},
	} {
		t.Run(string(tc.lang)+"/set-up", func(t *testing.T) {
			eng, sess, o := madeKeySet(t)
			o.Lang = tc.lang // the alert e-mail is in the wizard's language
			h := newHarness(t, eng, sess, func(c *Config) { c.Lang = tc.lang })
			h.wantStep("alerts")
			h.wantView(tc.title)
			h.enter(1) // set them up: yes (the default)
			h.typ("sec@example.com, ops@example.com")
			h.enter(1)
			h.wantView(tc.mails, "us-west-2")
			if n := alertChangesLeft(t, eng, o, "sec@example.com", "ops@example.com"); n == 0 {
				t.Fatal("the plan wrote")
			}
			h.typ("y") // the consent, as on the key's plan
			h.wantView(tc.set)
			s := h.m.Session()
			if s.Alerts == nil || len(s.Alerts.Regions) != 2 || len(s.Alerts.Emails) != 2 {
				t.Fatalf("alerts not recorded: %+v", s.Alerts)
			}
			if n := alertChangesLeft(t, eng, o, "sec@example.com", "ops@example.com"); n != 0 {
				t.Errorf("after the alerts step: %d changes left", n)
			}
			h.enter(1)
			h.wantStep("policy")
			// The checklist has the addresses: asked once, used for both.
			if got := h.m.Session().AlertEmails; len(got) != 2 {
				t.Errorf("addresses saved: %v", got)
			}
		})
		t.Run(string(tc.lang)+"/skip", func(t *testing.T) {
			eng, sess, o := madeKeySet(t)
			h := newHarness(t, eng, sess, func(c *Config) { c.Lang = tc.lang })
			h.typ("n") // skip
			h.wantView(tc.skipped)
			h.enter(1)
			h.wantStep("policy")
			if s := h.m.Session(); s.Alerts != nil {
				t.Errorf("skipped, yet alerts recorded: %+v", s.Alerts)
			}
			if n := alertChangesLeft(t, eng, o, "sec@example.com"); n == 0 {
				t.Error("skipped, yet alerts were made")
			}
		})
	}
}

// A dry run shows the alerts' plan and writes nothing: y does not write
// there, and enter goes on to the next step.
func TestAlertsStepDryRunWritesNothing(t *testing.T) {
	eng, sess, o := madeKeySet(t)
	h := newHarness(t, eng, sess, func(c *Config) { c.DryRun = true })
	h.wantStep("alerts")
	h.enter(1)
	h.typ("sec@example.com")
	h.enter(1)
	h.wantView("Dry run: 8 alert changes would be made")
	h.typ("y") // no apply key on a dry run's plan
	h.enter(1)
	h.wantStep("policy")
	if n := alertChangesLeft(t, eng, o, "sec@example.com"); n == 0 {
		t.Error("a dry run made alerts")
	}
}

// The plain prompts ask the alerts step too: a typed yes sets the alerts
// up in both Regions; without one nothing is written and the wizard goes
// on; a dry run shows the plan and asks nothing more.
func TestAccessibleAlertsStep(t *testing.T) {
	for _, tc := range []struct {
		name    string
		consent string
		dry     bool
		made    bool
		say     string
	}{
		{"yes", "y", false, true, "2 confirmation e-mails"},
		{"no", "", false, false, "the tamper alerts were not confirmed"},
		{"dry-run", "", true, false, "Dry run: 8 alert changes would be made"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eng, sess, o := madeKeySet(t)
			lines := []string{"", "sec@example.com", tc.consent}
			var out strings.Builder
			cfg := Config{Engine: eng, Session: sess, StatePath: t.TempDir() + "/session.json", Now: time.Now, Interactive: true, DryRun: tc.dry}
			saved, _, _ := RunAccessible(context.Background(), cfg, strings.NewReader(strings.Join(lines, "\n")+"\n"), &out)
			text := out.String()
			for _, want := range []string{"Step 4 of 7: Alerts", "Set up tamper alerts for the key set?", tc.say, "EventBridge rule", "Step 5 of 7: Policy"} {
				if !strings.Contains(text, want) {
					t.Errorf("accessible output lacks %q:\n%s", want, text)
				}
			}
			if made := saved != nil && saved.Alerts != nil && len(saved.Alerts.Regions) == 2; made != tc.made {
				t.Errorf("alerts recorded %v, want %v: %+v", made, tc.made, saved.Alerts)
			}
			if left := alertChangesLeft(t, eng, o, "sec@example.com"); (left == 0) != tc.made {
				t.Errorf("%d alert changes left (made: %v)", left, tc.made)
			}
		})
	}
}

// The alert e-mail is written in the language the wizard speaks when the
// alerts are planned, also after L switched it mid-session.
func TestAlertsFollowTheWizardsLanguage(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.m.setLang(i18n.Japanese)
	o, _ := h.m.f.AlertsOptions()
	if o.Lang != i18n.Japanese {
		t.Errorf("alerts planned in %q after switching to Japanese", o.Lang)
	}
}

// An address dropped from the list whose subscription still awaits
// confirmation cannot be unsubscribed: the wizard's plan says so, as the
// command line's does.
func TestAlertsPlanSaysADroppedPendingAddressStays(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	p := &setup.Plan{Alerts: []setup.AlertPlan{{Region: "us-west-2", DroppedPending: []string{"old@example.com"}}}}
	got := h.m.alertsPlanText(p, 0)
	if !strings.Contains(got, "us-west-2: old@example.com is no longer listed") || !strings.Contains(got, "48 hours") {
		t.Errorf("the plan does not say the dropped address stays pending:\n%s", got)
	}
}

// Once the alerts are set up, the portal's checklist has the item that
// confirms their subscriptions (an address and Region a line), as the
// printed checklist and the runbook do; it is ticked like the others, and
// the plain prompts ask it too.
func TestPortalChecklistConfirmsTheAlertSubscriptions(t *testing.T) {
	withAlerts := func() *state.Session {
		s := doneSession()
		s.AlertEmails = []string{"sec@example.com"}
		s.Alerts = &state.Alerts{Name: "zcmk-tui-alerts", Regions: []string{"us-east-1", "us-west-2"}, Emails: []string{"sec@example.com"}}
		return s
	}
	h := newHarness(t, &stubEngine{}, withAlerts())
	h.wantStep("portal")
	h.wantView("8. Confirm the tamper-alert subscriptions", "0 of 8 done")
	for range 8 {
		h.key(tea.KeyDown)
	}
	h.wantView("sec@example.com: us-east-1", "sec@example.com: us-west-2")
	h.typ(" ")
	if !h.m.Session().Ticks[zoom.StepAlertConfirm] {
		t.Error("the alert item cannot be ticked")
	}

	h = newHarness(t, &stubEngine{}, doneSession())
	h.wantStep("portal")
	h.wantView("0 of 7 done")
	if strings.Contains(h.view(), "tamper-alert subscriptions") {
		t.Error("the alert item shows without alerts")
	}

	text, _, _ := runPlain(t, make([]string, 40), func(c *Config) { c.Session = withAlerts() })
	if !strings.Contains(text, "8. Confirm the tamper-alert subscriptions") || !strings.Contains(text, "sec@example.com: us-west-2") {
		t.Errorf("the plain prompts do not ask the alert item:\n%s", text)
	}
}

// The alerts plan's long lines go on under their text, not at column 0
// (issue 26: continuation lines).
func TestAlertsPlanLinesHangUnderTheirText(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	text := "create the SNS topic zcmk-tui-alerts-zoom-cmk for the tamper alerts (its policy lets only this Region's alert rule publish)"
	p := &setup.Plan{Regions: []setup.RegionPlan{{Region: "us-east-1", Actions: []setup.Action{{Kind: setup.ActAlertTopic, Write: true, Text: i18n.Msg{ID: "setup.plan.key-id", Args: []any{text}}}}}}}
	got := strings.Split(strings.TrimRight(h.m.alertsPlanText(p, 60), "\n"), "\n")
	if len(got) < 2 {
		t.Fatalf("not wrapped at 60 columns:\n%s", strings.Join(got, "\n"))
	}
	for _, l := range got[1:] {
		if !strings.HasPrefix(l, strings.Repeat(" ", len("+ us-east-1  "))) || ansi.StringWidth(l) > 60 {
			t.Errorf("a continuation line is not under its text or too wide:\n%s", strings.Join(got, "\n"))
		}
	}
}
