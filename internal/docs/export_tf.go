package docs

import "strings"

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

func tfProvider(region string) hclRef { return tfRef("aws", tfName(region)) }

func tfRef(parts ...string) hclRef { return hclRef(strings.Join(parts, ".")) }

// tfFile is file("${path.module}/name"); name needs no escaping.
func tfFile(name string) string { return `file("${path.module}/` + name + `")` }

func tfResource(b *hclBody, typ, name, region string) *hclBody {
	r := b.block("resource", typ, name)
	r.setRef("provider", tfProvider(region))
	return r
}

func tfPreventDestroy(r *hclBody) {
	r.newline()
	r.block("lifecycle").setBool("prevent_destroy", true)
}

// tfImport appends import { to, id, provider }.
func tfImport(b *hclBody, to hclRef, id, region string) {
	ib := b.block("import")
	ib.setRef("to", to)
	ib.setString("id", id)
	ib.setRef("provider", tfProvider(region))
	b.newline()
}

func terraform(in ExportInput) ([]File, error) {
	files := []File{tfVersions(in), tfProviders(in)}
	kms, imports := &hclBody{}, &hclBody{}
	kms.comment(in.t("docs.export.tf.kms.head", in.Alias))
	imports.comment(in.t("docs.export.tf.imports.head"))
	kms.newline()
	imports.newline()
	for _, k := range in.Keys {
		files = append(files, File{Name: tfPolicyFile(k.Region), Content: []byte(k.Policy)})
		tfKey(in, k, kms, imports)
	}
	files = append(files, File{Name: "kms.tf", Content: kms.file()})
	if len(in.Alerts) > 0 {
		alerts := &hclBody{}
		alerts.comment(in.t("docs.export.tf.alerts.head"))
		alerts.newline()
		for _, a := range in.Alerts {
			files = append(files, tfAlerts(in, a, alerts, imports)...)
		}
		files = append(files, File{Name: "alerts.tf", Content: alerts.file()})
	}
	files = append(files, File{Name: "imports.tf", Content: imports.file()})
	files = append(files, File{Name: "README.md", Content: []byte(tfReadme(in))})
	return files, nil
}

func tfVersions(in ExportInput) File {
	f := &hclBody{}
	f.comment(in.t("docs.export.tf.versions.head", TerraformProviderVersion))
	tb := f.block("terraform")
	tb.setString("required_version", terraformVersion)
	tb.newline()
	rp := tb.block("required_providers")
	rp.setStrings("aws", map[string]string{"source": "hashicorp/aws", "version": TerraformProviderVersion})
	return File{Name: "versions.tf", Content: f.file()}
}

func tfProviders(in ExportInput) File {
	f := &hclBody{}
	f.comment(in.t("docs.export.tf.providers.head"))
	f.newline()
	for _, k := range in.Keys {
		f.comment(in.regionName(k.Region))
		p := f.block("provider", "aws")
		p.setString("alias", tfName(k.Region))
		p.setString("region", k.Region)
		f.newline()
	}
	return File{Name: "providers.tf", Content: f.file()}
}

// tfKey writes the key (or replica) of one Region and its alias, and their
// import blocks.
func tfKey(in ExportInput, k KeyFacts, b, imports *hclBody) {
	var key hclRef
	if k.Role == "primary" {
		b.comment(in.t("docs.export.tf.primary", in.regionName(k.Region)), k.ARN)
		r := tfResource(b, "aws_kms_key", "primary", k.Region)
		r.setString("description", k.Description)
		r.setBool("multi_region", true)
		r.setString("key_usage", orDefault(k.Usage, "ENCRYPT_DECRYPT"))
		r.setString("customer_master_key_spec", orDefault(k.Spec, "SYMMETRIC_DEFAULT"))
		r.setBool("enable_key_rotation", k.Rotation)
		r.setRaw("policy", tfFile(tfPolicyFile(k.Region)))
		if len(k.Tags) > 0 {
			r.setStrings("tags", k.Tags)
		}
		tfPreventDestroy(r)
		key = tfRef("aws_kms_key", "primary")
	} else {
		b.comment(in.t("docs.export.tf.replica", in.regionName(k.Region)), k.ARN)
		name := tfName(k.Region)
		r := tfResource(b, "aws_kms_replica_key", name, k.Region)
		r.setRef("primary_key_arn", tfRef("aws_kms_key", "primary", "arn"))
		r.setString("description", k.Description)
		r.setRaw("policy", tfFile(tfPolicyFile(k.Region)))
		if len(k.Tags) > 0 {
			r.setStrings("tags", k.Tags)
		}
		tfPreventDestroy(r)
		key = tfRef("aws_kms_replica_key", name)
	}
	b.newline()
	tfImport(imports, key, k.KeyID, k.Region)

	if k.AliasTarget == "" {
		b.comment(in.t("docs.export.tf.alias.new", in.Alias, k.Region))
	} else {
		b.comment(in.t("docs.export.tf.alias", in.Alias, in.regionName(k.Region)))
	}
	alias := tfResource(b, "aws_kms_alias", tfName(k.Region), k.Region)
	alias.setString("name", in.Alias)
	alias.setRef("target_key_id", key.attr("key_id"))
	b.newline()
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
