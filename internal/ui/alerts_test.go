package ui

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// The alert e-mail recipients are asked once, in the portal step: saving
// them offers the tamper alerts for the same addresses (default yes); the
// plan's confirmation is no on Enter alone; yes sets them up in every Region,
// says how many confirmation e-mails are coming, and records them.
func TestPortalEmailsOfferTamperAlerts(t *testing.T) {
	eng, _ := motoEngine(t, "")
	ctx := context.Background()
	o := setup.Options{Region: "us-east-1", Replicas: []string{"us-west-2"}, Rotation: true}
	p, err := eng.Plan(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Apply(ctx, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	sess := &state.Session{Version: 1}
	res.Record(sess, "", time.Now())
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
	eng, _ := motoEngine(t, "")
	ctx := context.Background()
	p, err := eng.Plan(ctx, setup.Options{Region: "us-east-1", Replicas: []string{"us-west-2"}, Rotation: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Apply(ctx, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	sess := &state.Session{Version: 1}
	res.Record(sess, "", time.Now())
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
