package aws

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
)

// sdkService is the SDK service id of each service package this package
// may import. A new service package must be added here, and its calls to
// Calls, or this test fails.
var sdkService = map[string]string{
	"kms": "KMS", "sts": "STS", "cloudtrail": "CloudTrail", "eventbridge": "EventBridge", "sns": "SNS",
	"resourcegroupstaggingapi": "Resource Groups Tagging API", "scheduler": "Scheduler", "iam": "IAM",
}

var (
	importRE = regexp.MustCompile(`"github.com/aws/aws-sdk-go-v2/service/([a-z0-9]+)"`)
	callRE   = regexp.MustCompile(`(?:\.c\.|stsClient\(\)\.)([A-Z][A-Za-z0-9]+)\(ctx|New([A-Z][A-Za-z0-9]+)Paginator\(`)
)

// Every call this package makes to the SDK is in Calls, with at least one
// permission: the policy of `zcmk-tui permissions` is read from Calls, so a
// call added without its permission fails here.
func TestEveryCallIsListed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var services []string
		for _, m := range importRE.FindAllStringSubmatch(string(src), -1) {
			if svc, ok := sdkService[m[1]]; ok {
				services = append(services, svc)
			} else if !strings.HasSuffix(m[1], "types") {
				t.Errorf("%s imports service/%s: add it to sdkService and its calls to Calls", f, m[1])
			}
		}
		for _, m := range callRE.FindAllStringSubmatch(string(src), -1) {
			op := m[1] + m[2]
			svc := ""
			switch {
			case strings.HasPrefix(m[0], "stsClient"):
				svc = "STS"
			case len(services) == 1:
				svc = services[0]
			case slices.Contains(services, "KMS"):
				svc = "KMS"
			}
			found++
			c, ok := LookupCall(svc, op)
			if !ok {
				t.Errorf("%s calls %s %s, which is not in Calls (permissions.go): add it with its IAM permissions", f, svc, op)
				continue
			}
			if len(c.Needs) == 0 || len(c.Uses) == 0 {
				t.Errorf("%s %s is listed without a permission or a use", svc, op)
			}
		}
	}
	if found < 25 {
		t.Fatalf("found only %d calls: the scan no longer sees the SDK calls", found)
	}
}

func TestOperatorPolicy(t *testing.T) {
	doc := OperatorPolicy("aws-us-gov", "111122223333")
	text := doc.JSON()
	var back PolicyDocument
	if err := json.Unmarshal([]byte(text), &back); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, text)
	}
	var all []string
	for _, s := range doc.Statement {
		if s.Effect != "Allow" {
			t.Errorf("%s: effect %s", s.Sid, s.Effect)
		}
		for _, a := range s.Action {
			if strings.Contains(a, "*") {
				t.Errorf("%s: wildcard action %s", s.Sid, a)
			}
			all = append(all, a)
			if strings.HasPrefix(a, "kms:") && a != "kms:CreateKey" && a != "kms:ListKeys" && a != "kms:ListAliases" {
				for _, r := range s.Resource {
					if r != "arn:aws-us-gov:kms:*:111122223333:key/*" && r != "arn:aws-us-gov:kms:*:111122223333:alias/*" {
						t.Errorf("%s: %s on %s, want the account's keys in the partition", s.Sid, a, r)
					}
				}
			}
			if a == "kms:CreateKey" {
				if s.Condition["Bool"]["kms:MultiRegion"] != "true" || s.Condition["StringEquals"]["kms:KeySpec"] != "SYMMETRIC_DEFAULT" {
					t.Errorf("kms:CreateKey without its conditions: %+v", s)
				}
				if len(s.Action) != 1 {
					t.Errorf("the conditions of kms:CreateKey also hold %v", s.Action)
				}
			}
			if strings.HasPrefix(a, "events:") && a != "events:TestEventPattern" && s.Resource[0] != "arn:aws-us-gov:events:*:111122223333:rule/zcmk-tui-*" {
				t.Errorf("%s on %v", a, s.Resource)
			}
			if strings.HasPrefix(a, "sns:") && s.Resource[0] != "arn:aws-us-gov:sns:*:111122223333:zcmk-tui-*" {
				t.Errorf("%s on %v", a, s.Resource)
			}
		}
	}
	if slices.Contains(all, "kms:ScheduleKeyDeletion") || strings.Contains(text, "ScheduleKeyDeletion") {
		t.Error("the policy allows kms:ScheduleKeyDeletion")
	}
	for _, want := range ActionsFor() {
		if !slices.Contains(all, want) {
			t.Errorf("%s is missing from the policy", want)
		}
	}
	for _, want := range []string{"kms:GetKeyLastUsage", "cloudtrail:LookupEvents", "kms:DisableKey", "kms:EnableKey", "tag:GetResources",
		"events:PutRule", "sns:Subscribe", "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "sts:GetCallerIdentity"} {
		if !slices.Contains(all, want) {
			t.Errorf("%s is missing from the policy", want)
		}
	}
	// --for narrows.
	verify := OperatorPolicy("aws", "111122223333", UseVerify).JSON()
	for _, not := range []string{"kms:CreateKey", "kms:PutKeyPolicy", "kms:DisableKey", "events:PutRule"} {
		if strings.Contains(verify, `"`+not+`"`) {
			t.Errorf("--for verify allows %s", not)
		}
	}
	drill := OperatorPolicy("aws", "111122223333", UseDrill).JSON()
	for _, want := range []string{"kms:DisableKey", "kms:EnableKey", "kms:GetKeyPolicy"} {
		if !strings.Contains(drill, `"`+want+`"`) {
			t.Errorf("--for drill lacks %s", want)
		}
	}
	alerts := OperatorPolicy("aws", "111122223333", UseAlerts).JSON()
	if strings.Contains(alerts, "kms:CreateKey") || !strings.Contains(alerts, "sns:CreateTopic") {
		t.Errorf("--for alerts:\n%s", alerts)
	}
}

// An AccessDenied names the IAM action of the call we made, in its Region,
// whatever the answer's body says: a page that is not JSON (an emulator),
// or another action's name.
func TestAccessDeniedNamesTheCallNotTheBody(t *testing.T) {
	proxy := faultproxy.New(t, "http://127.0.0.1:9")
	proxy.Add(faultproxy.Fault{Op: "PutRule", Status: http.StatusForbidden, ContentType: "text/html", Body: "<html><body>403 Forbidden</body></html>"})
	proxy.Add(faultproxy.Fault{Op: "CreateTopic", Status: http.StatusForbidden, ContentType: "text/plain", Body: "Forbidden"})
	st, body := faultproxy.AWSError("AccessDeniedException", "User: x is not authorized to perform: kms:Decrypt")
	proxy.Add(faultproxy.Fault{Op: "DescribeRule", Status: st, Body: body})
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	c, err := Load(context.Background(), Config{EndpointURL: proxy.URL, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, err1 := c.Events("us-west-2").PutRule(ctx, Rule{Name: "zcmk-tui-x", Pattern: "{}"}, nil)
	_, err2 := c.SNS("ap-northeast-3").CreateTopic(ctx, "zcmk-tui-x", "{}", nil)
	_, err3 := c.Events("eu-west-1").DescribeRule(ctx, "zcmk-tui-x")
	for _, tc := range []struct {
		err           error
		action, where string
	}{{err1, "events:PutRule", "us-west-2"}, {err2, "sns:CreateTopic", "ap-northeast-3"}, {err3, "events:DescribeRule", "eu-west-1"}} {
		var e *Error
		if !errors.As(tc.err, &e) || e.Kind != KindAccessDenied {
			t.Errorf("%s: %v (kind %v), want access denied", tc.action, tc.err, KindOf(tc.err))
			continue
		}
		text := tc.err.Error()
		for _, want := range []string{tc.action, tc.where, "zcmk-tui permissions"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: message lacks %q:\n%s", tc.action, want, text)
			}
		}
		if strings.Contains(text, "kms:Decrypt") {
			t.Errorf("the action was taken from the body:\n%s", text)
		}
	}
}

// Every call of the list is a read (Get, List, Describe, Lookup, Test...)
// or counted as a write: a write missing from writeOps would make a rerun
// look like it wrote nothing, and its count in JSON wrong.
func TestEveryCallIsAReadOrAWrite(t *testing.T) {
	for _, c := range Calls {
		read := false
		for _, p := range []string{"Get", "List", "Describe", "Lookup", "Test"} {
			read = read || strings.HasPrefix(c.Op, p)
		}
		if read == IsWrite(c.Op) {
			t.Errorf("%s %s: read %v, counted as a write %v", c.Service, c.Op, read, IsWrite(c.Op))
		}
	}
}
