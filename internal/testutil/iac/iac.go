// Package iac checks infrastructure-as-code files for tests: Terraform
// files are parsed with hashicorp/hcl/v2, must be hclwrite.Format-clean, and
// every resource argument must be one the AWS provider documents; every
// CloudFormation template must pass cfn-lint with no error-level finding.
//
// No Terraform provider can be downloaded where the tests run, so there is
// no `terraform validate`: the argument table below (from the provider's
// documentation) stands in for the provider schema.
//
// A missing cfn-lint fails the test (never skips it) and says how to
// install it.
package iac

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// ProviderVersion names the documentation the argument table was taken
// from: the hashicorp/aws provider's resource pages (website/docs/r/*) of
// release v6.0.0, the major versions.tf pins; v6 added the region
// argument to every resource.
const ProviderVersion = "hashicorp/aws v6.0.0"

// meta are Terraform's own meta-arguments, valid in every resource.
var meta = []string{"provider", "count", "for_each", "depends_on", "lifecycle"}

// Arguments are the documented arguments (and nested blocks) of the
// resources the export writes, per ProviderVersion.
var Arguments = map[string][]string{
	"aws_kms_key": {"region", "description", "key_usage", "custom_key_store_id", "customer_master_key_spec", "policy",
		"bypass_policy_lockout_safety_check", "deletion_window_in_days", "is_enabled", "enable_key_rotation",
		"rotation_period_in_days", "multi_region", "tags", "xks_key_id"},
	"aws_kms_replica_key": {"region", "bypass_policy_lockout_safety_check", "deletion_window_in_days", "description",
		"enabled", "policy", "primary_key_arn", "tags"},
	"aws_kms_alias": {"region", "name", "name_prefix", "target_key_id"},
	"aws_sns_topic": {"region", "name", "name_prefix", "display_name", "policy", "delivery_policy", "kms_master_key_id",
		"signature_version", "tracing_config", "fifo_topic", "fifo_throughput_scope", "archive_policy",
		"content_based_deduplication", "tags"},
	"aws_sns_topic_policy": {"region", "arn", "policy"},
	"aws_sns_topic_subscription": {"region", "topic_arn", "protocol", "endpoint", "subscription_role_arn",
		"confirmation_timeout_in_minutes", "delivery_policy", "endpoint_auto_confirms", "filter_policy",
		"filter_policy_scope", "raw_message_delivery", "redrive_policy", "replay_policy"},
	"aws_cloudwatch_event_rule": {"region", "name", "name_prefix", "schedule_expression", "event_bus_name",
		"event_pattern", "description", "role_arn", "state", "force_destroy", "tags"},
	"aws_cloudwatch_event_target": {"region", "rule", "target_id", "arn", "event_bus_name", "input", "input_path",
		"role_arn", "force_destroy", "input_transformer", "dead_letter_config", "retry_policy"},
}

// Required are the arguments each resource must have.
var Required = map[string][]string{
	"aws_kms_replica_key":         {"primary_key_arn"},
	"aws_kms_alias":               {"target_key_id"},
	"aws_sns_topic_policy":        {"arn", "policy"},
	"aws_sns_topic_subscription":  {"topic_arn", "protocol", "endpoint"},
	"aws_cloudwatch_event_target": {"rule", "arn"},
}

// nested are the arguments of documented nested blocks.
var nested = map[string][]string{
	"lifecycle":         {"prevent_destroy", "create_before_destroy", "ignore_changes", "replace_triggered_by"},
	"input_transformer": {"input_paths", "input_template"},
}

// Block is a top-level block of a Terraform file, simplified for checks.
type Block struct {
	File   string
	Type   string   // resource, import, provider, terraform, ...
	Labels []string // resource: type and name
	// Attrs are the attributes' expressions as source text.
	Attrs  map[string]string
	Blocks map[string]map[string]string // nested block -> its attributes as source text
	body   *hclsyntax.Body
}

// Str is the value of attribute name when it is a literal string.
func (b Block) Str(t testing.TB, name string) string {
	t.Helper()
	a := b.body.Attributes[name]
	if a == nil {
		t.Fatalf("%s: %s %v has no %s", b.File, b.Type, b.Labels, name)
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.Type() != cty.String {
		t.Fatalf("%s: %s %v: %s is not a literal: %v", b.File, b.Type, b.Labels, name, diags)
	}
	return v.AsString()
}

// Literals are the attributes of b, and of its nested blocks as
// "block.attribute", whose value is a constant (evaluated with no
// variables or functions: strings, bools, objects of them); references and
// function calls are left out.
func (b Block) Literals() map[string]cty.Value {
	out := map[string]cty.Value{}
	add := func(prefix string, body *hclsyntax.Body) {
		for n, a := range body.Attributes {
			if v, diags := a.Expr.Value(nil); !diags.HasErrors() {
				out[prefix+n] = v
			}
		}
	}
	add("", b.body)
	for _, nb := range b.body.Blocks {
		add(nb.Type+".", nb.Body)
	}
	return out
}

// Terraform parses every .tf file under dir, checks that each is
// hclwrite.Format-clean and that every resource uses only documented
// arguments (with its required ones), and returns the blocks.
func Terraform(t testing.TB, dir string) []Block {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	if len(paths) == 0 {
		t.Fatalf("no .tf file in %s", dir)
	}
	var out []Block
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(p)
		if f := hclwrite.Format(src); !bytes.Equal(f, src) {
			t.Errorf("%s is not formatted as terraform fmt leaves it:\n%s", name, f)
		}
		file, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s does not parse: %v", name, diags)
		}
		for _, blk := range file.Body.(*hclsyntax.Body).Blocks {
			b := Block{File: name, Type: blk.Type, Labels: blk.Labels, Attrs: attrs(src, blk.Body), Blocks: map[string]map[string]string{}, body: blk.Body}
			for _, nb := range blk.Body.Blocks {
				b.Blocks[nb.Type] = attrs(src, nb.Body)
			}
			if b.Type == "resource" {
				checkResource(t, b)
			}
			out = append(out, b)
		}
	}
	return out
}

func attrs(src []byte, body *hclsyntax.Body) map[string]string {
	m := map[string]string{}
	for n, a := range body.Attributes {
		r := a.Expr.Range()
		m[n] = string(src[r.Start.Byte:r.End.Byte])
	}
	return m
}

func checkResource(t testing.TB, b Block) {
	t.Helper()
	if len(b.Labels) != 2 {
		t.Errorf("%s: resource with labels %v", b.File, b.Labels)
		return
	}
	typ := b.Labels[0]
	doc, ok := Arguments[typ]
	if !ok {
		t.Errorf("%s: resource type %s is not in the argument table (%s)", b.File, typ, ProviderVersion)
		return
	}
	valid := map[string]bool{}
	for _, a := range append(append([]string{}, doc...), meta...) {
		valid[a] = true
	}
	names := make([]string, 0, len(b.Attrs)+len(b.Blocks))
	for n := range b.Attrs {
		names = append(names, n)
	}
	for n, inner := range b.Blocks {
		names = append(names, n)
		for a := range inner {
			if !contains(nested[n], a) {
				t.Errorf("%s: %s.%s: %s is not an argument of %s blocks", b.File, typ, b.Labels[1], a, n)
			}
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if !valid[n] {
			t.Errorf("%s: %s.%s: %q is not a documented argument of %s (%s)", b.File, typ, b.Labels[1], n, typ, ProviderVersion)
		}
	}
	for _, n := range Required[typ] {
		if _, ok := b.Attrs[n]; !ok {
			t.Errorf("%s: %s.%s lacks the required argument %s", b.File, typ, b.Labels[1], n)
		}
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// CfnLintHint says how to get cfn-lint.
const CfnLintHint = "cfn-lint (v1.x) was not found on PATH. Install it with `python3 -m pip install cfn-lint`, " +
	"or put the Python that has it (e.g. pyenv's shims, ~/.pyenv/shims) on PATH. Set CFN_LINT=/path/to/cfn-lint to choose one."

// cfnLint finds cfn-lint: $CFN_LINT, on PATH, or ~/.pyenv/shims/cfn-lint.
func cfnLint() (string, error) {
	if p := os.Getenv("CFN_LINT"); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath("cfn-lint"); err == nil {
		return p, nil
	}
	if home, err := os.UserHomeDir(); err == nil {
		p := filepath.Join(home, ".pyenv", "shims", "cfn-lint")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s", CfnLintHint)
}

// finding is one cfn-lint finding in its JSON output.
type finding struct {
	Level    string `json:"Level"`
	Message  string `json:"Message"`
	Filename string `json:"Filename"`
	Rule     struct {
		ID string `json:"Id"`
	} `json:"Rule"`
}

// CfnLint runs cfn-lint on the templates and fails on any error-level
// finding (warnings and informational ones are logged). It returns the
// findings' rule IDs with their level, for tests that want more.
func CfnLint(t testing.TB, templates ...string) []string {
	t.Helper()
	bin, err := cfnLint()
	if err != nil {
		t.Fatal(err)
	}
	if len(templates) == 0 {
		t.Fatal("no template to lint")
	}
	cmd := exec.Command(bin, append([]string{"--format", "json", "--"}, templates...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("cfn-lint: %v (%s)", err, CfnLintHint)
	}
	var fs []finding
	if jerr := json.Unmarshal(out.Bytes(), &fs); jerr != nil {
		t.Fatalf("cfn-lint did not answer JSON (%v): %v\n%s\n%s", jerr, err, out.String(), errb.String())
	}
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.Level+":"+f.Rule.ID)
		if strings.EqualFold(f.Level, "error") {
			t.Errorf("cfn-lint error %s in %s: %s", f.Rule.ID, filepath.Base(f.Filename), f.Message)
		} else {
			t.Logf("cfn-lint %s %s in %s: %s", f.Level, f.Rule.ID, filepath.Base(f.Filename), f.Message)
		}
	}
	return ids
}
