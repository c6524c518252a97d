package docs

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/safe"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/iac"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

const (
	testAccount = "111122223333"
	testKeyID   = "mrk-1234abcd12ab34cd56ef1234567890ab"
)

// keySet is an export input for the Regions given, the first the primary.
// The replicas' policies differ from the primary's (an extra statement), as
// KMS lets them.
func keySet(lang i18n.Lang, regions ...string) ExportInput {
	in := ExportInput{Lang: lang, Partition: "aws", AccountID: testAccount, ZoomAccountID: zoom.ZoomAccountID, Alias: zoom.DefaultAlias}
	base := zoom.BuildPolicy("aws", testAccount, zoom.ZoomAccountID)
	for i, r := range regions {
		k := KeyFacts{
			Region: r, Role: "primary", KeyID: testKeyID, ARN: "arn:aws:kms:" + r + ":" + testAccount + ":key/" + testKeyID,
			Description: "Zoom CMK & \"test\" ${not.an.interpolation}", Spec: "SYMMETRIC_DEFAULT", Usage: "ENCRYPT_DECRYPT",
			MultiRegion: true, PrimaryRegion: regions[0], State: "Enabled", Policy: base, Rotation: true, AliasTarget: testKeyID,
			Tags: map[string]string{"zcmk-tui:alias": zoom.DefaultAlias, "cost center": "sec/42"},
		}
		if i > 0 {
			k.Role = "replica"
			k.Policy = strings.Replace(base, `"Statement": [`, `"Statement": [
    {"Sid": "ReadOnly", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::`+testAccount+`:role/audit"}, "Action": "kms:DescribeKey", "Resource": "*",
     "Condition": {"StringEquals": {"aws:PrincipalTag/team": "${aws:username}"}}},`, 1)
		}
		in.Keys = append(in.Keys, k)
	}
	return in
}

func want(in ExportInput) iac.KeySet {
	ks := iac.KeySet{Alias: in.Alias}
	for _, k := range in.Keys {
		ks.Keys = append(ks.Keys, iac.Key{Region: k.Region, Role: k.Role, KeyID: k.KeyID, ARN: k.ARN, Policy: k.Policy, Alias: k.AliasTarget != ""})
	}
	return ks
}

func write(t *testing.T, format string, in ExportInput) string {
	t.Helper()
	files, err := Export(format, in)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := WriteExport(dir, files, false); err != nil {
		t.Fatal(err)
	}
	return dir
}

var sets = map[string][]string{
	"two Regions":   {"us-east-1", "us-west-2"},
	"three Regions": {"ap-northeast-1", "ap-northeast-3", "ap-southeast-1"},
}

func TestTerraformExport(t *testing.T) {
	for name, regions := range sets {
		t.Run(name, func(t *testing.T) {
			in := keySet(i18n.English, regions...)
			dir := write(t, FormatTerraform, in)
			blocks := iac.CheckTerraform(t, dir, want(in))
			for _, b := range blocks {
				if b.Type == "terraform" {
					v := b.Blocks["required_providers"]["aws"]
					if !strings.Contains(v, `"hashicorp/aws"`) || !strings.Contains(v, `"`+TerraformProviderVersion+`"`) {
						t.Errorf("versions.tf does not pin the provider major: %s", v)
					}
				}
				if b.Type == "resource" && b.Labels[0] == "aws_kms_key" {
					if got := b.Str(t, "description"); got != in.Keys[0].Description {
						t.Errorf("description %q, want %q", got, in.Keys[0].Description)
					}
					if b.Attrs["enable_key_rotation"] != "true" {
						t.Errorf("enable_key_rotation = %s", b.Attrs["enable_key_rotation"])
					}
					if tags := strings.Join(strings.Fields(b.Attrs["tags"]), " "); !strings.Contains(tags, `"cost center" = "sec/42"`) || !strings.Contains(tags, `"zcmk-tui:alias" = "alias/zoom-cmk"`) {
						t.Errorf("tags = %s", b.Attrs["tags"])
					}
				}
			}
		})
	}
}

func TestCloudFormationExport(t *testing.T) {
	for name, regions := range sets {
		t.Run(name, func(t *testing.T) {
			in := keySet(i18n.English, regions...)
			dir := write(t, FormatCloudFormation, in)
			iac.CheckCloudFormation(t, dir, want(in))

			// The StackSet templates name no account: ${AWS::AccountId}.
			for _, f := range []string{cfnStackSetPrimary, cfnStackSetReplica} {
				b, _ := os.ReadFile(filepath.Join(dir, f))
				if strings.Contains(string(b), testAccount) || !strings.Contains(string(b), "${AWS::AccountId}") {
					t.Errorf("%s: the account ID is not replaced by ${AWS::AccountId}:\n%s", f, b)
				}
			}
			readme, _ := os.ReadFile(filepath.Join(dir, "README.md"))
			// The commands in order: the primary's stack first.
			first := strings.Index(string(readme), "--stack-name zoom-cmk-"+regions[0])
			for _, r := range regions[1:] {
				if i := strings.Index(string(readme), "--stack-name zoom-cmk-"+r); i < 0 || first < 0 || i < first {
					t.Errorf("README: the stack of %s is not after the primary's (%d, %d)", r, first, i)
				}
			}
			for _, s := range []string{"--change-set-type IMPORT", "--resources-to-import file://zoom-cmk-" + regions[0] + ".import.json", "execute-change-set", "create-stack-set", "${AWS::AccountId}"} {
				if !strings.Contains(string(readme), s) {
					t.Errorf("README lacks %q", s)
				}
			}
		})
	}
}

// A policy variable such as ${aws:username} in a StackSet template's
// Fn::Sub is escaped as ${!aws:username}, so CloudFormation leaves it as it is.
func TestStackSetKeepsPolicyVariables(t *testing.T) {
	got := subAccount(map[string]any{"a": "arn:aws:iam::" + testAccount + ":user/${aws:username}", "b": "${aws:username}"}, testAccount)
	b, _ := json.Marshal(got)
	if want := `{"a":{"Fn::Sub":"arn:${AWS::Partition}:iam::${AWS::AccountId}:user/${!aws:username}"},"b":"${aws:username}"}`; string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

// A Region whose alias does not exist yet: the alias is created, not
// imported, and the README says so.
func TestExportWithoutAliasInARegion(t *testing.T) {
	in := keySet(i18n.English, "us-east-1", "us-west-2")
	in.Keys[1].AliasTarget = ""
	for _, format := range ExportFormats {
		dir := write(t, format, in)
		if format == FormatTerraform {
			iac.CheckTerraform(t, dir, want(in))
		} else {
			iac.CheckCloudFormation(t, dir, want(in))
		}
		readme, _ := os.ReadFile(filepath.Join(dir, "README.md"))
		if !strings.Contains(string(readme), "does not exist in us-west-2") {
			t.Errorf("%s README does not say the alias is missing in us-west-2:\n%s", format, readme)
		}
	}
}

func TestExportRefusesWhatCannotBeAdopted(t *testing.T) {
	for name, mod := range map[string]func(*ExportInput){
		"no keys":           func(in *ExportInput) { in.Keys = nil },
		"replica first":     func(in *ExportInput) { in.Keys[0], in.Keys[1] = in.Keys[1], in.Keys[0] },
		"no key ID":         func(in *ExportInput) { in.Keys[1].KeyID = "" },
		"policy not JSON":   func(in *ExportInput) { in.Keys[0].Policy = "{not json" },
		"alias elsewhere":   func(in *ExportInput) { in.Keys[1].AliasTarget = "mrk-00000000000000000000000000000000" },
		"bad alias":         func(in *ExportInput) { in.Alias = "zoom-cmk" },
		"same Region twice": func(in *ExportInput) { in.Keys[1].Region = in.Keys[0].Region },
	} {
		in := keySet(i18n.English, "us-east-1", "us-west-2")
		mod(&in)
		for _, f := range ExportFormats {
			if _, err := Export(f, in); err == nil {
				t.Errorf("%s, %s: no error", name, f)
			}
		}
	}
	if _, err := Export("pulumi", keySet(i18n.English, "us-east-1")); err == nil || !strings.Contains(err.Error(), "terraform, cloudformation") {
		t.Errorf("unknown format: %v", err)
	}
}

// An existing file is never replaced without force: nothing is written,
// the file keeps its content; with force every file is replaced.
func TestWriteExportNeverOverwritesWithoutForce(t *testing.T) {
	in := keySet(i18n.English, "us-east-1", "us-west-2")
	files, err := Export(FormatTerraform, in)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	mine := filepath.Join(dir, "kms.tf")
	if err := os.WriteFile(mine, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = WriteExport(dir, files, false)
	var ee *ExportError
	if err == nil || !strings.Contains(err.Error(), "kms.tf") || !strings.Contains(err.Error(), "--force") || !errors.As(err, &ee) || ee.Write {
		t.Fatalf("WriteExport over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(mine); string(b) != "# mine\n" {
		t.Errorf("kms.tf was changed: %s", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "versions.tf")); err == nil {
		t.Errorf("versions.tf was written although the export was refused")
	}
	written, err := WriteExport(dir, files, true)
	if err != nil || len(written) != len(files) {
		t.Fatalf("with force: %v, %d of %d written", err, len(written), len(files))
	}
	if b, _ := os.ReadFile(mine); string(b) == "# mine\n" {
		t.Errorf("kms.tf was not replaced with force")
	}
	// A file where the folder should be, and a folder where a file goes.
	if _, err := ExportDir(mine, nil, true); err == nil {
		t.Errorf("a file as --dir was accepted")
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := ExportDir(dir, []string{"sub"}, true); err == nil {
		t.Errorf("a folder in a file's place was accepted")
	}
}

// The comments and the README speak the session's language.
func TestExportInJapanese(t *testing.T) {
	in := keySet(i18n.Japanese, "ap-northeast-1", "ap-northeast-3")
	for _, format := range ExportFormats {
		files, err := Export(format, in)
		if err != nil {
			t.Fatal(err)
		}
		var all string
		for _, f := range files {
			all += string(f.Content)
		}
		for _, s := range []string{"コマンド (この順に実行します)", "アジアパシフィック (大阪)"} {
			if !strings.Contains(all, s) {
				t.Errorf("%s: no %q in the Japanese export", format, s)
			}
		}
		if format == FormatTerraform && !strings.Contains(all, "# アジアパシフィック (東京) ap-northeast-1") && !strings.Contains(all, "プライマリキーです") {
			t.Errorf("terraform comments are not Japanese")
		}
	}
	dir := write(t, FormatCloudFormation, in)
	iac.CheckCloudFormation(t, dir, want(in)) // Japanese descriptions pass cfn-lint
}

// The runbook says how to keep the key set in code, in its language, once
// a key set exists.
func TestRunbookMentionsExport(t *testing.T) {
	s := &state.Session{Alias: zoom.DefaultAlias, PrimaryRegion: "us-east-1", Keys: []state.Key{
		{Region: "us-east-1", Role: state.RolePrimary, KeyID: testKeyID, ARN: "arn:aws:kms:us-east-1:" + testAccount + ":key/" + testKeyID}}}
	for lang, heading := range map[i18n.Lang]string{i18n.English: "## Keep it in code", i18n.Japanese: "## コードで管理する"} {
		doc := Runbook(CatalogueFor(lang), Record{Session: s})
		if !strings.Contains(doc, heading) || !strings.Contains(doc, "zcmk-tui export --format terraform --dir") || strings.Contains(doc, "!ui.") {
			t.Errorf("%s runbook does not mention the export:\n%s", lang, doc)
		}
	}
	if doc := Runbook(English, Record{Session: &state.Session{}}); strings.Contains(doc, "zcmk-tui export") {
		t.Errorf("a runbook without a key set offers the export")
	}
}

// alertSet is one Region's tamper alerts as the alerts work makes them: a
// topic with its policy, a confirmed and a pending subscription, a rule
// with its target and input transformer.
func alertSet(region string) AlertSet {
	topic := "arn:aws:sns:" + region + ":" + testAccount + ":zoom-cmk-alerts"
	rule := "arn:aws:events:" + region + ":" + testAccount + ":rule/zoom-cmk-tamper"
	return AlertSet{
		Region: region,
		Topic: AlertTopic{Name: "zoom-cmk-alerts", ARN: topic, Tags: map[string]string{"zcmk-tui:alias": zoom.DefaultAlias},
			Policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"` + topic + `","Condition":{"ArnEquals":{"aws:SourceArn":"` + rule + `"}}}]}`},
		Subscriptions: []AlertSubscription{
			{Protocol: "email", Endpoint: "sec@example.com", ARN: topic + ":0b1c2d3e-aaaa-bbbb-cccc-1234567890ab"},
			{Protocol: "email", Endpoint: "ops@example.com", ARN: "PendingConfirmation"},
		},
		Rules: []AlertRule{{
			Name: "zoom-cmk-tamper", ARN: rule, Description: "Zoom CMK: someone disabled or re-policed the key", State: "ENABLED",
			EventPattern: `{"source":["aws.kms"],"detail":{"eventName":["DisableKey","ScheduleKeyDeletion"]}}`,
			Targets: []AlertTarget{{ID: "zoom-cmk-alerts", ARN: topic, InputPaths: map[string]string{"event": "$.detail.eventName", "who": "$.detail.userIdentity.arn"},
				InputTemplate: `"<event> by <who> on the Zoom CMK key ${not.a.template}"`}},
		}},
	}
}

// With tamper alerts in the session, the Terraform export adds them with
// their imports (a pending subscription is not importable); CloudFormation
// says they are not in its templates.
func TestExportWithAlerts(t *testing.T) {
	in := keySet(i18n.English, "ap-northeast-1", "ap-northeast-3")
	in.Alerts = []AlertSet{alertSet("ap-northeast-1"), alertSet("ap-northeast-3")}
	dir := write(t, FormatTerraform, in)
	blocks := iac.CheckTerraform(t, dir, want(in))
	imports := map[string]string{}
	types := map[string]int{}
	for _, b := range blocks {
		switch b.Type {
		case "import":
			imports[b.Attrs["to"]] = b.Str(t, "id")
		case "resource":
			types[b.Labels[0]]++
		}
	}
	for typ, n := range map[string]int{"aws_sns_topic": 2, "aws_sns_topic_policy": 2, "aws_sns_topic_subscription": 4, "aws_cloudwatch_event_rule": 2, "aws_cloudwatch_event_target": 2} {
		if types[typ] != n {
			t.Errorf("%d %s, want %d", types[typ], typ, n)
		}
	}
	a := in.Alerts[0]
	for to, id := range map[string]string{
		"aws_sns_topic.ap_northeast_1":                   a.Topic.ARN,
		"aws_sns_topic_policy.ap_northeast_1":            a.Topic.ARN,
		"aws_sns_topic_subscription.ap_northeast_1_1":    a.Subscriptions[0].ARN,
		"aws_cloudwatch_event_rule.ap_northeast_1_1":     "zoom-cmk-tamper",
		"aws_cloudwatch_event_target.ap_northeast_1_1_1": "zoom-cmk-tamper/zoom-cmk-alerts",
	} {
		if imports[to] != id {
			t.Errorf("import %s: id %q, want %q", to, imports[to], id)
		}
	}
	if _, ok := imports["aws_sns_topic_subscription.ap_northeast_1_2"]; ok {
		t.Errorf("a pending subscription is imported")
	}
	for _, f := range []string{"policies/topic-ap-northeast-1.json", "patterns/rule-ap-northeast-1-1.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	readme, _ := os.ReadFile(filepath.Join(dir, "README.md"))
	if !strings.Contains(string(readme), `"14 to import, 2 to add`) {
		t.Errorf("README counts the imports wrong:\n%s", readme)
	}

	cfn := write(t, FormatCloudFormation, in)
	readme, _ = os.ReadFile(filepath.Join(cfn, "README.md"))
	if !strings.Contains(string(readme), "tamper alerts are not in these templates") {
		t.Errorf("the CloudFormation README does not say the alerts are left out:\n%s", readme)
	}
}

// A practice session's export says first that its keys are not real.
func TestExportOfAPracticeSessionSaysSo(t *testing.T) {
	s := &state.Session{Practice: true, Alias: zoom.DefaultAlias}
	in := SessionInput(s, keySet(i18n.English, "us-east-1").Keys, i18n.English)
	for _, format := range ExportFormats {
		files, err := Export(format, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if f.Name == "README.md" && !strings.Contains(string(f.Content), "**PRACTICE: these keys exist only in the practice AWS") {
				t.Errorf("%s README does not say the keys are practice keys:\n%s", format, f.Content)
			}
		}
	}
}

// Text from AWS with characters a terminal acts on (a Sid, a description, an
// event pattern) reaches no exported file raw, in either format: a JSON file
// has them as JSON escapes of themselves and still means the same.
func TestExportFilesHoldNoTerminalControls(t *testing.T) {
	const hostile = "a\u202eb\u009b2Jc\x7fd\u200f"
	in := keySet(i18n.English, "us-east-1", "eu-west-1")
	for i := range in.Keys {
		k := &in.Keys[i]
		k.Description = "Zoom CMK " + hostile
		k.Policy = strings.Replace(k.Policy, `"Statement": [`, `"Statement": [
	{"Sid": "`+hostile+`", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::`+testAccount+`:root"}, "Action": "kms:DescribeKey", "Resource": "*"},`, 1)
		k.Tags["team"] = hostile
	}
	a := alertSet("us-east-1")
	a.Rules[0].EventPattern = `{"source":["aws.kms"],"detail":{"note":["` + hostile + `"]}}`
	a.Rules[0].Description = hostile
	in.Alerts = []AlertSet{a}
	for _, format := range ExportFormats {
		files, err := Export(format, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			for _, r := range string(f.Content) {
				if safe.Unsafe(r) && r != '\n' && r != '\t' && r != '\r' {
					t.Errorf("%s: %s holds %q raw", format, f.Name, r)
					break
				}
			}
			if strings.HasPrefix(f.Name, "policies/key-") {
				var got, want any
				if err := json.Unmarshal(f.Content, &got); err != nil {
					t.Fatalf("%s: %s: %v", format, f.Name, err)
				}
				for _, k := range in.Keys {
					if strings.Contains(f.Name, k.Region) {
						_ = json.Unmarshal([]byte(k.Policy), &want)
					}
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: %s means something else than the key's policy", format, f.Name)
				}
			}
		}
	}
}
