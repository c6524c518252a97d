package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/iac"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// jsonEqual reports whether two JSON texts hold the same value.
func jsonEqual(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatalf("%v: %s", err, a)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return reflect.DeepEqual(x, y)
}

// The round trip with tamper alerts: setup --alert-email in two Regions,
// then export terraform; each Region's rule (name, pattern), its target
// (the topic, the input transformer), the topic (ARN), the topic policy
// and the subscriptions in the files are what the emulator holds, each
// with an import block of the right ID and provider. --offline gives the
// same rules, targets and topics from the session alone.
func TestExportAlertsRoundTripOnEmulator(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	stateFile := filepath.Join(dir, "session.json")
	if r := zcmk(t, nil, "setup", "--yes", "--region", "ap-northeast-1", "--replica-region", "ap-northeast-3",
		"--alert-email", "sec@example.com", "--alert-email", "ops@example.com", "--state-file", stateFile); r.code != 0 {
		t.Fatalf("setup: exit %d\n%s", r.code, r.stderr)
	}
	s, err := state.Load(stateFile)
	if err != nil || s == nil || s.Alerts == nil || len(s.Alerts.Regions) != 2 {
		t.Fatalf("session %+v: %v", s, err)
	}
	tf := filepath.Join(dir, "tf")
	if r := zcmk(t, nil, "export", "--format", "terraform", "--dir", tf, "--state-file", stateFile); r.code != 0 {
		t.Fatalf("export: exit %d\n%s", r.code, r.stderr)
	}
	blocks := iac.CheckTerraform(t, tf, fromEmulator(t, s))
	checkAlertsTF(t, tf, blocks, s, true)

	off := filepath.Join(dir, "offline")
	if r := zcmk(t, []string{"AWS_ENDPOINT_URL=http://127.0.0.1:9"}, "export", "--format", "terraform", "--dir", off, "--offline", "--state-file", stateFile); r.code != 0 {
		t.Fatalf("export --offline: exit %d\n%s", r.code, r.stderr)
	}
	checkAlertsTF(t, off, iac.Terraform(t, off), s, false)
}

// checkAlertsTF checks the alert resources of a Terraform export in dir
// against the emulator. online says the subscriptions' ARNs were read (and
// so are imported when confirmed).
func checkAlertsTF(t *testing.T, dir string, blocks []iac.Block, s *state.Session, online bool) {
	t.Helper()
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	res, imports := map[string]iac.Block{}, map[string]iac.Block{}
	for _, b := range blocks {
		switch b.Type {
		case "resource":
			res[b.Labels[0]+"."+b.Labels[1]] = b
		case "import":
			imports[b.Attrs["to"]] = b
		}
	}
	imported := func(addr, id, region string) {
		t.Helper()
		ib, ok := imports[addr]
		if !ok {
			t.Errorf("no import block for %s", addr)
			return
		}
		if got := ib.Str(t, "id"); got != id || ib.Attrs["provider"] != "aws."+strings.ReplaceAll(region, "-", "_") {
			t.Errorf("import %s: id %q provider %s, want %q in %s", addr, got, ib.Attrs["provider"], id, region)
		}
	}
	name := zoom.AlertName(docs.ExportAlias(s))
	for _, region := range s.Alerts.Regions {
		n := strings.ReplaceAll(region, "-", "_")
		rule, err := c.Events(region).DescribeRule(context.Background(), name)
		if err != nil {
			t.Fatalf("%s: %v", region, err)
		}
		targets, err := c.Events(region).Targets(context.Background(), name)
		if err != nil || len(targets) != 1 {
			t.Fatalf("%s: targets %+v: %v", region, targets, err)
		}
		topicARN := zoom.AlertTopicARN("aws", region, s.AccountID, name)
		policy, err := c.SNS(region).TopicPolicy(context.Background(), topicARN)
		if err != nil {
			t.Fatal(err)
		}
		subs, err := c.SNS(region).Subscriptions(context.Background(), topicARN)
		if err != nil || len(subs) != 2 {
			t.Fatalf("%s: subscriptions %+v: %v", region, subs, err)
		}

		topic := res["aws_sns_topic."+n]
		if topic.Str(t, "name") != name || topic.Attrs["provider"] != "aws."+n {
			t.Errorf("%s: topic %v", region, topic.Attrs)
		}
		imported("aws_sns_topic."+n, topicARN, region)
		pol, err := os.ReadFile(filepath.Join(dir, "policies", "topic-"+region+".json"))
		if err != nil || !jsonEqual(t, string(pol), policy) || !zoom.TopicPolicyAllows(string(pol), rule.ARN) {
			t.Errorf("%s: topic policy %s (%v), the emulator holds %s", region, pol, err, policy)
		}
		if online && string(pol) != policy {
			t.Errorf("%s: the topic policy is not byte for byte the one applied", region)
		}
		if res["aws_sns_topic_policy."+n].Attrs["arn"] != "aws_sns_topic."+n+".arn" {
			t.Errorf("%s: topic policy %v", region, res["aws_sns_topic_policy."+n].Attrs)
		}
		imported("aws_sns_topic_policy."+n, topicARN, region)

		r := res["aws_cloudwatch_event_rule."+n+"_1"]
		if r.Str(t, "name") != rule.Name || r.Str(t, "state") != "ENABLED" {
			t.Errorf("%s: rule %v, the emulator holds %+v", region, r.Attrs, rule)
		}
		pat, err := os.ReadFile(filepath.Join(dir, "patterns", "rule-"+region+"-1.json"))
		if err != nil || !jsonEqual(t, string(pat), rule.Pattern) || !strings.Contains(r.Attrs["event_pattern"], "rule-"+region+"-1.json") {
			t.Errorf("%s: pattern %s (%v), the emulator holds %s", region, pat, err, rule.Pattern)
		}
		imported("aws_cloudwatch_event_rule."+n+"_1", rule.Name, region)

		tg := res["aws_cloudwatch_event_target."+n+"_1_1"]
		if tg.Str(t, "target_id") != targets[0].ID || tg.Attrs["arn"] != "aws_sns_topic."+n+".arn" || targets[0].ARN != topicARN ||
			tg.Attrs["rule"] != "aws_cloudwatch_event_rule."+n+"_1.name" {
			t.Errorf("%s: target %v, the emulator holds %+v", region, tg.Attrs, targets[0])
		}
		if tmpl := tg.Blocks["input_transformer"]["input_template"]; !strings.Contains(tmpl, "Zoom CMK tamper alert") {
			t.Errorf("%s: input_template %s", region, tmpl)
		}
		imported("aws_cloudwatch_event_target."+n+"_1_1", rule.Name+"/"+targets[0].ID, region)

		var endpoints []string
		for i := range 2 {
			addr := "aws_sns_topic_subscription." + n + "_" + string(rune('1'+i))
			sub := res[addr]
			endpoints = append(endpoints, sub.Str(t, "endpoint"))
			if sub.Str(t, "protocol") != "email" || sub.Attrs["topic_arn"] != "aws_sns_topic."+n+".arn" {
				t.Errorf("%s: %s %v", region, addr, sub.Attrs)
			}
			if !online {
				if _, ok := imports[addr]; ok {
					t.Errorf("%s: an offline export imports %s, whose ARN it cannot know", region, addr)
				}
				continue
			}
			j := slices.IndexFunc(subs, func(x awsx.Subscription) bool { return x.Endpoint == sub.Str(t, "endpoint") })
			switch {
			case j < 0:
				t.Errorf("%s: %s is not subscribed in the emulator", region, sub.Str(t, "endpoint"))
			case subs[j].Pending():
				if _, ok := imports[addr]; ok {
					t.Errorf("%s: a pending subscription is imported", region)
				}
			default:
				imported(addr, subs[j].ARN, region)
			}
		}
		slices.Sort(endpoints)
		if !slices.Equal(endpoints, []string{"ops@example.com", "sec@example.com"}) {
			t.Errorf("%s: subscriptions %v", region, endpoints)
		}
	}
}
