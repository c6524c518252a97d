package docs

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// Terraform: one provider configuration per Region (alias = the Region with
// underscores), each resource and import block naming its Region's provider.
// Provider aliases rather than v6's per-resource region: an import block's
// provider argument says the Region plainly to Terraform 1.5 and later and
// to provider v5 and v6 alike, while importing into another Region with v6's
// region argument needs the newer "ID@region" import form.

// TerraformProviderVersion is the AWS provider constraint versions.tf pins
// (the major the arguments were checked against).
const TerraformProviderVersion = "~> 6.0"

// terraformVersion is the Terraform CLI constraint: import blocks need 1.5.
const terraformVersion = ">= 1.5.0"

func tfName(region string) string { return strings.ReplaceAll(region, "-", "_") }

func tfPolicyFile(region string) string { return "policies/key-" + region + ".json" }

func tfProvider(region string) hcl.Traversal {
	return hcl.Traversal{hcl.TraverseRoot{Name: "aws"}, hcl.TraverseAttr{Name: tfName(region)}}
}

func tfRef(parts ...string) hcl.Traversal {
	t := hcl.Traversal{hcl.TraverseRoot{Name: parts[0]}}
	for _, p := range parts[1:] {
		t = append(t, hcl.TraverseAttr{Name: p})
	}
	return t
}

// tfComment appends "# line" for each line (newlines in a line become spaces).
func tfComment(b *hclwrite.Body, lines ...string) {
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		b.AppendUnstructuredTokens(hclwrite.Tokens{{Type: hclsyntax.TokenComment, Bytes: []byte("# " + l + "\n")}})
	}
}

// tfFile is file("${path.module}/name").
func tfFile(name string) hclwrite.Tokens {
	tok := func(t hclsyntax.TokenType, s string) *hclwrite.Token {
		return &hclwrite.Token{Type: t, Bytes: []byte(s)}
	}
	return hclwrite.TokensForFunctionCall("file", hclwrite.Tokens{
		tok(hclsyntax.TokenOQuote, `"`), tok(hclsyntax.TokenTemplateInterp, "${"), tok(hclsyntax.TokenIdent, "path"),
		tok(hclsyntax.TokenDot, "."), tok(hclsyntax.TokenIdent, "module"), tok(hclsyntax.TokenTemplateSeqEnd, "}"),
		tok(hclsyntax.TokenQuotedLit, "/"+name), tok(hclsyntax.TokenCQuote, `"`),
	})
}

func tfStrings(m map[string]string) cty.Value {
	if len(m) == 0 {
		return cty.MapValEmpty(cty.String)
	}
	vals := map[string]cty.Value{}
	for k, v := range m {
		vals[k] = cty.StringVal(v)
	}
	return cty.MapVal(vals)
}

func tfResource(b *hclwrite.Body, typ, name, region string) *hclwrite.Body {
	r := b.AppendNewBlock("resource", []string{typ, name}).Body()
	r.SetAttributeTraversal("provider", tfProvider(region))
	return r
}

func tfPreventDestroy(r *hclwrite.Body) {
	r.AppendNewline()
	r.AppendNewBlock("lifecycle", nil).Body().SetAttributeValue("prevent_destroy", cty.True)
}

// tfImport appends import { to, id, provider }.
func tfImport(b *hclwrite.Body, to hcl.Traversal, id, region string) {
	ib := b.AppendNewBlock("import", nil).Body()
	ib.SetAttributeTraversal("to", to)
	ib.SetAttributeValue("id", cty.StringVal(id))
	ib.SetAttributeTraversal("provider", tfProvider(region))
	b.AppendNewline()
}

func tfBytes(f *hclwrite.File) []byte {
	out := hclwrite.Format(f.Bytes())
	return []byte(strings.TrimRight(string(out), "\n") + "\n")
}

func terraform(in ExportInput) ([]File, error) {
	files := []File{tfVersions(in), tfProviders(in)}
	kms, imports := hclwrite.NewEmptyFile(), hclwrite.NewEmptyFile()
	tfComment(kms.Body(), in.t("docs.export.tf.kms.head", in.Alias))
	tfComment(imports.Body(), in.t("docs.export.tf.imports.head"))
	kms.Body().AppendNewline()
	imports.Body().AppendNewline()
	for _, k := range in.Keys {
		files = append(files, File{Name: tfPolicyFile(k.Region), Content: []byte(k.Policy)})
		tfKey(in, k, kms.Body(), imports.Body())
	}
	files = append(files, File{Name: "kms.tf", Content: tfBytes(kms)})
	if len(in.Alerts) > 0 {
		alerts := hclwrite.NewEmptyFile()
		tfComment(alerts.Body(), in.t("docs.export.tf.alerts.head"))
		alerts.Body().AppendNewline()
		for _, a := range in.Alerts {
			files = append(files, tfAlerts(in, a, alerts.Body(), imports.Body())...)
		}
		files = append(files, File{Name: "alerts.tf", Content: tfBytes(alerts)})
	}
	files = append(files, File{Name: "imports.tf", Content: tfBytes(imports)})
	files = append(files, File{Name: "README.md", Content: []byte(tfReadme(in))})
	return files, nil
}

func tfVersions(in ExportInput) File {
	f := hclwrite.NewEmptyFile()
	tfComment(f.Body(), in.t("docs.export.tf.versions.head", TerraformProviderVersion))
	tb := f.Body().AppendNewBlock("terraform", nil).Body()
	tb.SetAttributeValue("required_version", cty.StringVal(terraformVersion))
	tb.AppendNewline()
	rp := tb.AppendNewBlock("required_providers", nil).Body()
	rp.SetAttributeValue("aws", cty.ObjectVal(map[string]cty.Value{
		"source": cty.StringVal("hashicorp/aws"), "version": cty.StringVal(TerraformProviderVersion),
	}))
	return File{Name: "versions.tf", Content: tfBytes(f)}
}

func tfProviders(in ExportInput) File {
	f := hclwrite.NewEmptyFile()
	tfComment(f.Body(), in.t("docs.export.tf.providers.head"))
	f.Body().AppendNewline()
	for _, k := range in.Keys {
		tfComment(f.Body(), in.regionName(k.Region))
		p := f.Body().AppendNewBlock("provider", []string{"aws"}).Body()
		p.SetAttributeValue("alias", cty.StringVal(tfName(k.Region)))
		p.SetAttributeValue("region", cty.StringVal(k.Region))
		f.Body().AppendNewline()
	}
	return File{Name: "providers.tf", Content: tfBytes(f)}
}

// tfKey writes the key (or replica) of one Region and its alias, and their
// import blocks.
func tfKey(in ExportInput, k KeyFacts, b, imports *hclwrite.Body) {
	var key hcl.Traversal
	if k.Role == "primary" {
		tfComment(b, in.t("docs.export.tf.primary", in.regionName(k.Region)), k.ARN)
		r := tfResource(b, "aws_kms_key", "primary", k.Region)
		r.SetAttributeValue("description", cty.StringVal(k.Description))
		r.SetAttributeValue("multi_region", cty.True)
		r.SetAttributeValue("key_usage", cty.StringVal(orDefault(k.Usage, "ENCRYPT_DECRYPT")))
		r.SetAttributeValue("customer_master_key_spec", cty.StringVal(orDefault(k.Spec, "SYMMETRIC_DEFAULT")))
		r.SetAttributeValue("enable_key_rotation", cty.BoolVal(k.Rotation))
		r.SetAttributeRaw("policy", tfFile(tfPolicyFile(k.Region)))
		if len(k.Tags) > 0 {
			r.SetAttributeValue("tags", tfStrings(k.Tags))
		}
		tfPreventDestroy(r)
		key = tfRef("aws_kms_key", "primary")
	} else {
		tfComment(b, in.t("docs.export.tf.replica", in.regionName(k.Region)), k.ARN)
		name := tfName(k.Region)
		r := tfResource(b, "aws_kms_replica_key", name, k.Region)
		r.SetAttributeTraversal("primary_key_arn", tfRef("aws_kms_key", "primary", "arn"))
		r.SetAttributeValue("description", cty.StringVal(k.Description))
		r.SetAttributeRaw("policy", tfFile(tfPolicyFile(k.Region)))
		if len(k.Tags) > 0 {
			r.SetAttributeValue("tags", tfStrings(k.Tags))
		}
		tfPreventDestroy(r)
		key = tfRef("aws_kms_replica_key", name)
	}
	b.AppendNewline()
	tfImport(imports, key, k.KeyID, k.Region)

	if k.AliasTarget == "" {
		tfComment(b, in.t("docs.export.tf.alias.new", in.Alias, k.Region))
	} else {
		tfComment(b, in.t("docs.export.tf.alias", in.Alias, in.regionName(k.Region)))
	}
	alias := tfResource(b, "aws_kms_alias", tfName(k.Region), k.Region)
	alias.SetAttributeValue("name", cty.StringVal(in.Alias))
	alias.SetAttributeTraversal("target_key_id", append(key, hcl.TraverseAttr{Name: "key_id"}))
	b.AppendNewline()
	if k.AliasTarget != "" {
		tfImport(imports, tfRef("aws_kms_alias", tfName(k.Region)), in.Alias, k.Region)
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
