package setup

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

var alertAddrs = []string{"sec@example.com", "ops@example.com"}

func alertOpts(primary string, replicas ...string) Options {
	o := opts(primary, replicas...)
	o.AlertEmails = append([]string(nil), alertAddrs...)
	return o
}

// assertAlerts checks, with calls of its own, one Region's alert resources
// as setup must leave them for the key keyARN.
func assertAlerts(t *testing.T, c *awsx.Clients, region, keyARN string) {
	t.Helper()
	name := zoom.AlertName(zoom.DefaultAlias)
	rule, err := c.Events(region).DescribeRule(ctx, name)
	if err != nil {
		t.Fatalf("%s: rule %s: %v", region, name, err)
	}
	if rule.State != "ENABLED" {
		t.Errorf("%s: rule state %s", region, rule.State)
	}
	if miss := zoom.AlertPatternCovers(rule.Pattern, keyARN); len(miss) > 0 {
		t.Errorf("%s: the pattern misses %v:\n%s", region, miss, rule.Pattern)
	}
	topic := zoom.AlertTopicARN("aws", region, moto.AccountID, name)
	targets, err := c.Events(region).Targets(ctx, name)
	if err != nil || len(targets) != 1 || targets[0].ARN != topic || targets[0].ID != zoom.AlertTargetID {
		t.Fatalf("%s: targets %+v (%v), want one: the topic %s", region, targets, err, topic)
	}
	if !strings.Contains(targets[0].Template, keyARN) || !strings.Contains(targets[0].Template, "<who>") ||
		targets[0].InputPath["who"] != "$.detail.userIdentity.arn" {
		t.Errorf("%s: input transformer %+v", region, targets[0])
	}
	policy, err := c.SNS(region).TopicPolicy(ctx, topic)
	if err != nil || !zoom.TopicPolicyAllows(policy, rule.ARN) {
		t.Errorf("%s: topic policy does not let the rule publish (%v):\n%s", region, err, policy)
	}
	if zoom.TopicPolicyAllows(policy, "arn:aws:events:"+region+":"+moto.AccountID+":rule/other") {
		t.Errorf("%s: the topic policy lets another rule publish:\n%s", region, policy)
	}
	subs, err := c.SNS(region).Subscriptions(ctx, topic)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range alertAddrs {
		n := 0
		for _, s := range subs {
			if s.Protocol == "email" && s.Endpoint == a {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %d subscriptions for %s, want 1 (%+v)", region, n, a, subs)
		}
	}
}

// In two and three Regions: a rule, a topic with its policy, a target and a
// subscription per address in every Region, with the tool's tag; a rerun
// plans nothing and writes nothing.
func TestAlertsEveryRegionAndRerunWritesNothing(t *testing.T) {
	for _, regions := range [][]string{{"us-east-1", "us-west-2"}, {"ap-northeast-1", "ap-northeast-3", "ap-southeast-1"}} {
		t.Run(strings.Join(regions, "+"), func(t *testing.T) {
			if err := emu.Reset(); err != nil {
				t.Fatal(err)
			}
			proxy := faultproxy.New(t, emu.URL)
			e := newEngine(t, proxy.URL)
			p := mustPlan(t, e, alertOpts(regions[0], regions[1:]...))
			if len(p.Alerts) != len(regions) {
				t.Fatalf("alerts planned in %d Regions, want %d", len(p.Alerts), len(regions))
			}
			res := mustApply(t, e, p)
			c := checker(t)
			for _, k := range res.Keys {
				assertAlerts(t, c, k.Region, k.ARN)
			}
			for _, a := range res.Alerts {
				if a.State != "applied" {
					t.Errorf("%s: alerts %s, want applied", a.Region, a.State)
				}
			}
			for _, op := range []string{"PutRule", "CreateTopic"} {
				reqs := proxy.Requests(op)
				if len(reqs) != len(regions) {
					t.Fatalf("%d %s, want one per Region", len(reqs), op)
				}
			}
			for _, r := range proxy.Requests("PutRule") {
				if !strings.Contains(stringOf(r.Body["Tags"]), TagCreatedBy) {
					t.Errorf("PutRule without the tool's tag: %v", r.Body)
				}
			}
			again := newEngine(t, emu.URL)
			p2 := mustPlan(t, again, alertOpts(regions[0], regions[1:]...))
			if n := p2.Changes(); n != 0 {
				t.Errorf("rerun plans %d changes: %+v", n, p2.Regions)
			}
			r2 := mustApply(t, again, p2)
			if r2.WriteCalls != 0 || again.WriteCalls() != 0 {
				t.Errorf("rerun made %d writes, want 0", again.WriteCalls())
			}
			for _, a := range r2.Alerts {
				if a.State != "unchanged" {
					t.Errorf("rerun: %s alerts %s", a.Region, a.State)
				}
			}
		})
	}
}

func stringOf(v any) string { return fmt.Sprint(v) }

// A fault at each new write (throttled, an internal error, a lost
// response): whatever the first run ends with, the rerun converges on the
// same alerts, and a third plan has nothing to change.
func TestAlertsFaultAtEachWriteConverges(t *testing.T) {
	faults := map[string]func(op string) faultproxy.Fault{
		"internal error": func(op string) faultproxy.Fault { return faultproxy.InternalError(op, 1) },
		"lost response":  func(op string) faultproxy.Fault { return faultproxy.Fault{Op: op, Times: 1, DropAfterForward: true} },
	}
	for _, op := range []string{"CreateTopic", "PutRule", "PutTargets", "Subscribe"} {
		for name, fault := range faults {
			t.Run(op+"/"+name, func(t *testing.T) {
				if err := emu.Reset(); err != nil {
					t.Fatal(err)
				}
				proxy := faultproxy.New(t, emu.URL)
				proxy.Add(fault(op))
				e := newEngine(t, proxy.URL)
				e.Backoff = func(int, error) (d time.Duration) { return }
				p := mustPlan(t, e, alertOpts("us-east-1", "us-west-2"))
				_, _ = e.Apply(ctx, p, nil)
				if proxy.Count(op) == 0 {
					t.Fatalf("no %s was sent: the fault was never applied", op)
				}
				rerun := newEngine(t, emu.URL)
				res := mustApply(t, rerun, mustPlan(t, rerun, alertOpts("us-east-1", "us-west-2")))
				c := checker(t)
				for _, k := range res.Keys {
					assertAlerts(t, c, k.Region, k.ARN)
				}
				if n := mustPlan(t, newEngine(t, emu.URL), alertOpts("us-east-1", "us-west-2")).Changes(); n != 0 {
					t.Errorf("after the rerun the plan still has %d changes", n)
				}
			})
		}
	}
}

// Bad addresses are refused before any call.
func TestAlertEmailValidatedBeforeAnyCall(t *testing.T) {
	proxy := faultproxy.New(t, emu.URL)
	e := newEngine(t, proxy.URL)
	o := opts("us-east-1")
	o.AlertEmails = []string{"ok@example.com", "not an address"}
	if _, err := e.Plan(ctx, o); err == nil {
		t.Fatal("an invalid address was accepted")
	}
	if n := proxy.Count(""); n != 0 {
		t.Errorf("%d requests before the address was refused", n)
	}
}

// verify after setup with alerts: every alert check is ok except the trail
// (the emulator's account has none: warn, with what to create); a rule
// disabled or deleted by hand fails with the exact setup command.
func TestVerifyAlerts(t *testing.T) {
	e := fresh(t)
	res := mustApply(t, e, mustPlan(t, e, alertOpts("us-east-1", "us-west-2")))
	sess := &state.Session{}
	res.Record(sess, "", time.Now())
	if sess.Alerts == nil || len(sess.Alerts.Regions) != 2 || len(sess.AlertEmails) != 2 {
		t.Fatalf("session alerts %+v, portal addresses %v", sess.Alerts, sess.AlertEmails)
	}
	vo := VerifyOptionsFor(sess)
	status := func(rep *VerifyReport, region, id string) Check {
		t.Helper()
		for _, k := range rep.Keys {
			if k.Region != region {
				continue
			}
			for _, c := range k.Checks {
				if c.ID == id {
					return c
				}
			}
		}
		t.Fatalf("%s: no %s check", region, id)
		return Check{}
	}
	rep, err := newEngine(t, emu.URL).Verify(ctx, vo)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"us-east-1", "us-west-2"} {
		for _, id := range []string{CheckAlertRule, CheckAlertTarget, CheckAlertSubs} {
			if c := status(rep, r, id); c.Status != CheckOK {
				t.Errorf("%s %s: %s %s", r, id, c.Status, c.Detail())
			}
		}
		if c := status(rep, r, CheckTrail); c.Status != CheckWarn || !strings.Contains(c.Detail(), "create-trail") {
			t.Errorf("%s trail: %s %s", r, c.Status, c.Detail())
		}
	}
	if rep.Failed() {
		t.Fatal("a fresh set with alerts fails verify")
	}

	name := zoom.AlertName(zoom.DefaultAlias)
	if err := emu.CallJSON("events", "us-west-2", "AWSEvents.DisableRule", map[string]string{"Name": name}); err != nil {
		t.Fatal(err)
	}
	if err := emu.CallJSON("events", "us-east-1", "AWSEvents.RemoveTargets", map[string]any{"Rule": name, "Ids": []string{zoom.AlertTargetID}}); err != nil {
		t.Fatal(err)
	}
	if err := emu.CallJSON("events", "us-east-1", "AWSEvents.DeleteRule", map[string]string{"Name": name}); err != nil {
		t.Fatal(err)
	}
	rep, err = newEngine(t, emu.URL).Verify(ctx, vo)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Failed() {
		t.Fatal("a rule disabled and a rule deleted by hand do not fail verify")
	}
	want := "zcmk-tui setup --region us-east-1 --replica-region us-west-2 --alert-email sec@example.com --alert-email ops@example.com"
	for _, r := range []string{"us-east-1", "us-west-2"} {
		c := status(rep, r, CheckAlertRule)
		if c.Status != CheckFail || !strings.Contains(c.Fix(), want) {
			t.Errorf("%s: %s %q fix %q, want fail with %q", r, c.Status, c.Detail(), c.Fix(), want)
		}
	}
	// The fix works: setup with the same addresses repairs both, and verify passes.
	e2 := newEngine(t, emu.URL)
	p := mustPlan(t, e2, alertOpts("us-east-1", "us-west-2"))
	if p.Changes() == 0 {
		t.Fatal("setup plans nothing for a deleted and a disabled rule")
	}
	mustApply(t, e2, p)
	if rep, _ := newEngine(t, emu.URL).Verify(ctx, vo); rep == nil || rep.Failed() {
		t.Errorf("after the fix verify still fails")
	}
}

// On real AWS verify asks TestEventPattern whether a sample DisableKey on
// each key matches (the emulator gives no result, so the structural check
// stands alone there). The answer is canned at the HTTP level.
func TestVerifyAlertsAsksTestEventPattern(t *testing.T) {
	e := fresh(t)
	res := mustApply(t, e, mustPlan(t, e, alertOpts("us-east-1")))
	sess := &state.Session{}
	res.Record(sess, "", time.Now())
	for _, tc := range []struct {
		result bool
		status string
	}{{true, CheckOK}, {false, CheckFail}} {
		proxy := faultproxy.New(t, emu.URL)
		var sent map[string]any
		proxy.Add(faultproxy.Fault{Op: "TestEventPattern", Answer: func(r faultproxy.Request) (int, string, bool) {
			sent = r.Body
			return faultproxy.JSON(map[string]bool{"Result": tc.result})
		}})
		rep, err := newEngine(t, proxy.URL).Verify(ctx, VerifyOptionsFor(sess))
		if err != nil {
			t.Fatal(err)
		}
		var c Check
		for _, x := range rep.Keys[0].Checks {
			if x.ID == CheckAlertRule {
				c = x
			}
		}
		if c.Status != tc.status {
			t.Errorf("Result %v: %s %s, want %s", tc.result, c.Status, c.Detail(), tc.status)
		}
		if ev, _ := sent["Event"].(string); !strings.Contains(ev, res.Keys[0].ARN) || !strings.Contains(ev, `"DisableKey"`) {
			t.Errorf("the sample event does not name a DisableKey on the key: %s", ev)
		}
	}
}

// The alert e-mail is in the run's language (the engine's, or the
// options'): PutTargets sends the Japanese or the English template; a rerun
// in the same language writes nothing, one in the other language plans (and
// says) a change of the target only.
func TestAlertEmailFollowsTheLanguage(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	regions := []string{"ap-northeast-1", "ap-northeast-3"}
	template := func(proxy *faultproxy.Proxy) []string {
		var out []string
		for _, r := range proxy.Requests("PutTargets") {
			ts, _ := r.Body["Targets"].([]any)
			for _, x := range ts {
				tr, _ := x.(map[string]any)["InputTransformer"].(map[string]any)
				s, _ := tr["InputTemplate"].(string)
				out = append(out, s)
			}
		}
		return out
	}
	run := func(lang i18n.Lang, viaEngine bool) (*faultproxy.Proxy, *Engine, *Plan) {
		proxy := faultproxy.New(t, emu.URL)
		e := newEngine(t, proxy.URL)
		o := alertOpts(regions[0], regions[1:]...)
		if viaEngine {
			e.Lang = lang
		} else {
			o.Lang = lang
		}
		p := mustPlan(t, e, o)
		mustApply(t, e, p)
		return proxy, e, p
	}
	proxy, _, _ := run(i18n.Japanese, true)
	sent := template(proxy)
	if len(sent) != len(regions) {
		t.Fatalf("%d targets sent, want one per Region", len(sent))
	}
	for _, s := range sent {
		if !strings.Contains(s, "改ざん・無効化の通知") || !strings.Contains(s, "<who>") || !strings.Contains(s, "zcmk-tui verify") {
			t.Errorf("the Japanese alert e-mail is not Japanese or lacks its parts: %s", s)
		}
	}
	// The same language again: nothing to do.
	proxy, e, p := run(i18n.Japanese, false)
	if n := p.Changes(); n != 0 || e.WriteCalls() != 0 || len(template(proxy)) != 0 {
		t.Errorf("a rerun in Japanese plans %d changes and writes %d times", n, e.WriteCalls())
	}
	// Another language: the target is rewritten, and the plan says why.
	proxy, _, p = run(i18n.English, false)
	for _, rp := range p.Regions {
		if len(rp.Actions) != 1 || rp.Actions[0].Kind != ActAlertTarget || rp.Actions[0].Text.ID != "setup.plan.alert-target-lang" {
			t.Errorf("%s: plan %+v, want only the alert target, in another language", rp.Region, rp.Actions)
		} else if got := en.M(rp.Actions[0].Text); !strings.Contains(got, "in English (it is in 日本語 now)") {
			t.Errorf("%s: the plan says %q", rp.Region, got)
		}
	}
	for _, s := range template(proxy) {
		if !strings.HasPrefix(s, `"Zoom CMK tamper alert: <event>`) {
			t.Errorf("the English alert e-mail: %s", s)
		}
	}
	if n := len(template(proxy)); n != len(regions) {
		t.Errorf("%d targets rewritten, want %d", n, len(regions))
	}
	if _, e, p := run(i18n.English, false); p.Changes() != 0 || e.WriteCalls() != 0 {
		t.Errorf("a rerun in English plans %d changes and writes %d times", p.Changes(), e.WriteCalls())
	}
}

// pendingFor makes ListSubscriptionsByTopic answer addr's subscription as
// SNS does before the recipient confirms it ("PendingConfirmation" instead
// of its ARN): moto confirms every e-mail subscription at once.
func pendingFor(proxy *faultproxy.Proxy, addr string) { subARNFor(proxy, addr, "PendingConfirmation") }

// subARNFor makes ListSubscriptionsByTopic show addr's subscription with
// the ARN given ("PendingConfirmation", "Deleted"), as SNS shows it.
func subARNFor(proxy *faultproxy.Proxy, addr, subARN string) {
	member := regexp.MustCompile(`(?s)<member>.*?</member>`)
	arn := regexp.MustCompile(`<SubscriptionArn>[^<]*</SubscriptionArn>`)
	proxy.Add(faultproxy.Fault{Op: "ListSubscriptionsByTopic", Rewrite: func(_ faultproxy.Request, body []byte) []byte {
		return member.ReplaceAllFunc(body, func(m []byte) []byte {
			if !strings.Contains(string(m), "<Endpoint>"+addr+"</Endpoint>") {
				return m
			}
			return arn.ReplaceAll(m, []byte("<SubscriptionArn>"+subARN+"</SubscriptionArn>"))
		})
	}})
}

// An address dropped from --alert-email: its confirmed subscription is
// removed in every Region (with the plan saying so), the session forgets
// it, and a rerun writes nothing. Without --alert-email nothing about the
// alerts is read or changed. A subscription still pending confirmation has
// no ARN and cannot be removed: the plan lists it as such and writes
// nothing, and verify says it goes by itself.
func TestAlertsDroppedAddressIsUnsubscribed(t *testing.T) {
	regions := []string{"us-east-1", "us-west-2"}
	only := func() Options {
		o := alertOpts(regions[0], regions[1:]...)
		o.AlertEmails = []string{"sec@example.com"}
		return o
	}
	setUp := func() *state.Session {
		t.Helper()
		e := fresh(t)
		res := mustApply(t, e, mustPlan(t, e, alertOpts(regions[0], regions[1:]...)))
		sess := &state.Session{}
		res.Record(sess, "", time.Now())
		// moto marks an e-mail subscription confirmed at once (an ARN, not
		// "PendingConfirmation"): this is the confirmed case.
		for _, r := range regions {
			subs, err := checker(t).SNS(r).Subscriptions(ctx, zoom.AlertTopicARN("aws", r, moto.AccountID, zoom.AlertName(zoom.DefaultAlias)))
			if err != nil || len(subs) != 2 || subs[0].Pending() || subs[1].Pending() {
				t.Fatalf("%s: subscriptions %+v (%v), want two confirmed ones", r, subs, err)
			}
		}
		return sess
	}

	t.Run("confirmed", func(t *testing.T) {
		sess := setUp()
		// Without --alert-email: the key set only; no alert call at all.
		proxy := faultproxy.New(t, emu.URL)
		e := newEngine(t, proxy.URL)
		if p := mustPlan(t, e, opts(regions[0], regions[1:]...)); p.Changes() != 0 || len(p.Alerts) != 0 {
			t.Errorf("without --alert-email: %d changes, alerts %+v", p.Changes(), p.Alerts)
		}
		for _, op := range []string{"ListSubscriptionsByTopic", "DescribeRule", "Unsubscribe"} {
			if n := proxy.Count(op); n != 0 {
				t.Errorf("without --alert-email: %d %s", n, op)
			}
		}

		proxy = faultproxy.New(t, emu.URL)
		e = newEngine(t, proxy.URL)
		p := mustPlan(t, e, only())
		for _, rp := range p.Regions {
			if len(rp.Actions) != 1 || rp.Actions[0].Kind != ActAlertUnsubscribe {
				t.Fatalf("%s: plan %+v, want one unsubscribe", rp.Region, rp.Actions)
			}
			if got := text(rp.Actions[0].Text); !strings.Contains(got, "unsubscribe ops@example.com in "+rp.Region) {
				t.Errorf("%s: the plan says %q", rp.Region, got)
			}
		}
		res := mustApply(t, e, p)
		if n := proxy.Count("Unsubscribe"); n != len(regions) {
			t.Errorf("%d Unsubscribe, want one per Region", n)
		}
		for _, r := range regions {
			subs, _ := checker(t).SNS(r).Subscriptions(ctx, zoom.AlertTopicARN("aws", r, moto.AccountID, zoom.AlertName(zoom.DefaultAlias)))
			if len(subs) != 1 || subs[0].Endpoint != "sec@example.com" {
				t.Errorf("%s: subscriptions after the unsubscribe: %+v", r, subs)
			}
		}
		res.Record(sess, "", time.Now())
		if fmt.Sprint(sess.Alerts.Emails, sess.AlertEmails) != "[sec@example.com] [sec@example.com]" {
			t.Errorf("the session keeps %v as alert addresses and %v as the portal's", sess.Alerts.Emails, sess.AlertEmails)
		}
		again := newEngine(t, emu.URL)
		if p := mustPlan(t, again, only()); p.Changes() != 0 || mustApply(t, again, p) == nil || again.WriteCalls() != 0 {
			t.Errorf("a rerun plans %d changes, %d writes", p.Changes(), again.WriteCalls())
		}
	})

	// A lost answer or an internal error at Unsubscribe: the run or its
	// rerun ends with the address removed, and nothing left to plan.
	for name, fault := range map[string]faultproxy.Fault{
		"lost response":  {Op: "Unsubscribe", Times: 1, DropAfterForward: true},
		"internal error": faultproxy.InternalError("Unsubscribe", 2),
	} {
		t.Run(name, func(t *testing.T) {
			setUp()
			proxy := faultproxy.New(t, emu.URL)
			proxy.Add(fault)
			e := newEngine(t, proxy.URL)
			e.Backoff = func(int, error) (d time.Duration) { return }
			_, _ = e.Apply(ctx, mustPlan(t, e, only()), nil)
			if proxy.Count("Unsubscribe") == 0 {
				t.Fatal("no Unsubscribe was sent: the fault was never applied")
			}
			rerun := newEngine(t, emu.URL)
			mustApply(t, rerun, mustPlan(t, rerun, only()))
			if p := mustPlan(t, newEngine(t, emu.URL), only()); p.Changes() != 0 {
				t.Errorf("after the rerun the plan still has %d changes: %+v", p.Changes(), p.Regions)
			}
			for _, r := range regions {
				subs, _ := checker(t).SNS(r).Subscriptions(ctx, zoom.AlertTopicARN("aws", r, moto.AccountID, zoom.AlertName(zoom.DefaultAlias)))
				if len(subs) != 1 || subs[0].Endpoint != "sec@example.com" {
					t.Errorf("%s: subscriptions %+v", r, subs)
				}
			}
		})
	}

	t.Run("pending", func(t *testing.T) {
		sess := setUp()
		proxy := faultproxy.New(t, emu.URL)
		pendingFor(proxy, "ops@example.com")
		e := newEngine(t, proxy.URL)
		p := mustPlan(t, e, only())
		if n := p.Changes(); n != 0 {
			t.Errorf("a pending subscription plans %d changes: %+v", n, p.Regions)
		}
		if len(p.Alerts) != len(regions) {
			t.Fatalf("alerts planned in %d Regions, want %d", len(p.Alerts), len(regions))
		}
		for _, a := range p.Alerts {
			if fmt.Sprint(a.DroppedPending) != "[ops@example.com]" {
				t.Errorf("%s: dropped pending %v", a.Region, a.DroppedPending)
			}
		}
		mustApply(t, e, p)
		if n := proxy.Count("Unsubscribe"); n != 0 || e.WriteCalls() != 0 {
			t.Errorf("%d Unsubscribe, %d writes for a pending subscription", n, e.WriteCalls())
		}
		// verify with the list that no longer holds it: the pending one is
		// said to go by itself (not a warning); a confirmed one warns with
		// the setup command that removes it.
		sess.Alerts.Emails = []string{"sec@example.com"}
		for _, tc := range []struct {
			pending bool
			status  string
			says    string
		}{{true, CheckOK, "48 hours"}, {false, CheckWarn, "still subscribed in"}} {
			vp := faultproxy.New(t, emu.URL)
			if tc.pending {
				pendingFor(vp, "ops@example.com")
			}
			rep, err := newEngine(t, vp.URL).Verify(ctx, VerifyOptionsFor(sess))
			if err != nil {
				t.Fatal(err)
			}
			if n := countChecks(rep, CheckAlertSubs); n != len(regions) {
				t.Fatalf("%d subscription checks, want one per Region", n)
			}
			for _, k := range rep.Keys {
				for _, c := range k.Checks {
					if c.ID != CheckAlertSubs {
						continue
					}
					if c.Status != tc.status || !strings.Contains(c.Detail(), tc.says) || !strings.Contains(c.Detail(), "ops@example.com") {
						t.Errorf("pending %v, %s: %s %q", tc.pending, k.Region, c.Status, c.Detail())
					}
					if !tc.pending && !strings.Contains(c.Fix(), "--alert-email sec@example.com") {
						t.Errorf("%s: fix %q", k.Region, c.Fix())
					}
				}
			}
		}
	})

	// A listed address whose subscription SNS shows as "Deleted" (the
	// recipient unsubscribed a moment ago) gets no alerts: setup subscribes
	// it again, and verify says it is not subscribed.
	t.Run("deleted", func(t *testing.T) {
		sess := setUp()
		proxy := faultproxy.New(t, emu.URL)
		subARNFor(proxy, "sec@example.com", "Deleted")
		p := mustPlan(t, newEngine(t, proxy.URL), only())
		for _, rp := range p.Regions {
			var kinds []string
			for _, a := range rp.Actions {
				kinds = append(kinds, a.Kind)
			}
			if !slices.Contains(kinds, ActAlertSubscribe) {
				t.Errorf("%s: plan %+v, want sec@example.com subscribed again", rp.Region, rp.Actions)
			}
		}
		vp := faultproxy.New(t, emu.URL)
		subARNFor(vp, "sec@example.com", "Deleted")
		rep, err := newEngine(t, vp.URL).Verify(ctx, VerifyOptionsFor(sess))
		if err != nil {
			t.Fatal(err)
		}
		if n := countChecks(rep, CheckAlertSubs); n != len(regions) {
			t.Fatalf("%d subscription checks, want one per Region", n)
		}
		for _, k := range rep.Keys {
			for _, c := range k.Checks {
				if c.ID == CheckAlertSubs && (c.Status != CheckWarn || !strings.Contains(c.Detail(), "not subscribed in")) {
					t.Errorf("%s: %s %q, want sec@example.com not subscribed", k.Region, c.Status, c.Detail())
				}
			}
		}
	})
}

// countChecks is how many checks of rep have the id.
func countChecks(rep *VerifyReport, id string) int {
	n := 0
	for _, k := range rep.Keys {
		for _, c := range k.Checks {
			if c.ID == id {
				n++
			}
		}
	}
	return n
}
