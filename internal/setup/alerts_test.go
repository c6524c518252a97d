package setup

import (
	"fmt"
	"strings"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
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
