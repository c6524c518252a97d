package docs

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"golang.org/x/text/unicode/norm"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/safe"
	"github.com/zcmk/zcmk-tui/internal/testutil/iac"
)

// hostileInput puts s in every string of a three-Region key set with
// alerts that the Terraform export writes as a string (or an object key or
// value), and returns the strings and objects the files must hold: by
// "type.name.attribute" for resources, "import.to.id" for imports.
func hostileInput(lang i18n.Lang, s string) (ExportInput, map[string]any) {
	regions := []string{"us-east-1", "eu-west-1", "ap-northeast-1"}
	in := keySet(lang, regions...)
	want := map[string]any{}
	tags := map[string]string{}
	for _, k := range hostileKeys {
		tags[k] = k + s
	}
	for i := range in.Keys {
		k := &in.Keys[i]
		k.Description, k.Usage, k.Spec = s, s, s
		k.KeyID, k.ARN = "mrk-"+s, k.ARN+s
		k.AliasTarget = k.KeyID
		k.Tags = tags
		n := tfName(k.Region)
		res := "aws_kms_replica_key." + n
		if i == 0 {
			res = "aws_kms_key.primary"
			want[res+".key_usage"] = orDefault(s, "ENCRYPT_DECRYPT")
			want[res+".customer_master_key_spec"] = orDefault(s, "SYMMETRIC_DEFAULT")
		}
		want[res+".description"] = s
		want[res+".tags"] = tags
		want["import."+res+".id"] = k.KeyID
		want["aws_kms_alias."+n+".name"] = in.Alias
		want["import.aws_kms_alias."+n+".id"] = in.Alias
	}
	for _, r := range regions {
		a := alertSet(r)
		n := tfName(r)
		a.Topic.Name, a.Topic.ARN = s, a.Topic.ARN+s
		a.Topic.Tags = map[string]string{"\ufeffbom": s, "zcmk-tui:alias": in.Alias}
		a.Subscriptions = []AlertSubscription{
			{Protocol: s, Endpoint: s, ARN: a.Topic.ARN + ":" + s},
			{Protocol: "email", Endpoint: s, ARN: "PendingConfirmation"},
		}
		rule := &a.Rules[0]
		rule.Name, rule.Description, rule.State = s+"r", s, s
		rule.Tags = map[string]string{"for": s, "x": s}
		rule.Targets = []AlertTarget{{ID: s + "t", ARN: a.Topic.ARN},
			{ID: "t2" + s, ARN: "arn:other" + s, InputPaths: tags, InputTemplate: s}}
		in.Alerts = append(in.Alerts, a)

		want["aws_sns_topic."+n+".name"] = s
		want["aws_sns_topic."+n+".tags"] = a.Topic.Tags
		want["import.aws_sns_topic."+n+".id"] = a.Topic.ARN
		want["import.aws_sns_topic_policy."+n+".id"] = a.Topic.ARN
		for i, sub := range a.Subscriptions {
			res := fmt.Sprintf("aws_sns_topic_subscription.%s_%d", n, i+1)
			want[res+".protocol"], want[res+".endpoint"] = sub.Protocol, sub.Endpoint
		}
		want["import.aws_sns_topic_subscription."+n+"_1.id"] = a.Subscriptions[0].ARN
		res := "aws_cloudwatch_event_rule." + n + "_1"
		want[res+".name"] = rule.Name
		if s != "" {
			want[res+".description"] = s
		}
		want[res+".state"] = orDefault(s, "ENABLED")
		want[res+".tags"] = rule.Tags
		want["import."+res+".id"] = rule.Name
		for j, tg := range rule.Targets {
			res := fmt.Sprintf("aws_cloudwatch_event_target.%s_1_%d", n, j+1)
			want[res+".target_id"] = tg.ID
			want["import."+res+".id"] = rule.Name + "/" + tg.ID
			if j == 1 {
				want[res+".arn"] = tg.ARN
				if s != "" {
					want[res+".input_transformer.input_paths"] = tg.InputPaths
					want[res+".input_transformer.input_template"] = s
				}
			}
		}
	}
	return in, want
}

// The Terraform export of hostile strings (quotes, backslashes, ${ and %{,
// newlines, control and format characters, bidi overrides, emoji, keys
// that are not identifiers): every file parses, is hclwrite.Format-clean
// and uses documented arguments (iac.Terraform), and every string and
// object it writes evaluates to exactly what went in, normalised to NFC as
// HCL normalises every string it reads. Outside comments the files hold
// no character unicode.IsPrint rejects but the newline (such as a tab, an
// escape or a bidi override: strings have them escaped), bar what an
// identifier may hold (joiners, letters newer than Go's Unicode tables);
// comments hold no character the one sanitiser (internal/safe) escapes.
func TestTerraformExportKeepsHostileStrings(t *testing.T) {
	for i, s := range hostileStrings {
		lang := []i18n.Lang{i18n.English, i18n.Japanese}[i%2]
		in, want := hostileInput(lang, s)
		dir := write(t, FormatTerraform, in)
		paths, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
		for _, p := range paths {
			src, _ := os.ReadFile(p)
			for n, line := range strings.Split(string(src), "\n") {
				if strings.HasPrefix(strings.TrimLeft(line, " "), "#") {
					// A comment is text for a person's terminal or editor:
					// the one sanitiser's rule (an ARN from AWS is in some).
					if !safe.Clean(line) {
						t.Errorf("string %d (%q): %s:%d, a comment with a control character: %q", i, s, filepath.Base(p), n+1, line)
					}
					continue
				}
				if j := strings.IndexFunc(line, func(r rune) bool { return !unicode.IsPrint(r) && !hclsyntax.ValidIdentifier("a"+string(r)) }); j >= 0 {
					t.Errorf("string %d (%q): %s:%d has %q unescaped: %s", i, s, filepath.Base(p), n+1, []rune(line[j:])[0], line)
				}
			}
		}
		got := map[string]any{}
		for _, b := range iac.Terraform(t, dir) {
			var prefix string
			switch b.Type {
			case "resource":
				prefix = b.Labels[0] + "." + b.Labels[1] + "."
			case "import":
				prefix = "import." + b.Attrs["to"] + "."
			default:
				continue
			}
			for name, v := range b.Literals() {
				switch {
				case v.Type() == cty.String:
					got[prefix+name] = v.AsString()
				case v.Type().IsObjectType() || v.Type().IsMapType():
					m := map[string]string{}
					for it := v.ElementIterator(); it.Next(); {
						k, e := it.Element()
						m[k.AsString()] = e.AsString()
					}
					got[prefix+name] = m
				}
			}
		}
		for _, k := range slices.Sorted(maps.Keys(want)) {
			var w any
			switch v := want[k].(type) {
			case string:
				w = norm.NFC.String(v)
			case map[string]string:
				m := map[string]string{}
				for mk, mv := range v {
					m[norm.NFC.String(mk)] = norm.NFC.String(mv)
				}
				w = m
			}
			if fmt.Sprintf("%q", got[k]) != fmt.Sprintf("%q", w) {
				t.Errorf("string %d (%q), %s:\n got %q\nwant %q", i, s, k, got[k], w)
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("string %d (%q): %s = %q is not expected", i, s, k, got[k])
			}
		}
	}
}
