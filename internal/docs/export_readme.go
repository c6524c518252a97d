package docs

import (
	"fmt"
	"strings"
)

// The README beside the exported files, in the session's language: what
// the files are, the exact commands in order, and what to expect.

func (in ExportInput) readmeHead(b *strings.Builder, titleID, introID string) {
	fmt.Fprintf(b, "# %s\n\n", in.t(titleID, in.Alias))
	if in.Practice {
		fmt.Fprintf(b, "> **%s**\n\n", in.t("docs.export.readme.practice"))
	}
	fmt.Fprintf(b, "%s\n\n", in.t(introID))
	if in.Offline {
		fmt.Fprintf(b, "> %s\n\n", in.t("docs.export.readme.offline"))
	}
	fmt.Fprintf(b, "## %s\n\n| %s | %s | %s |\n|---|---|---|\n", in.t("docs.export.readme.keys"),
		in.t("docs.export.readme.col.region"), in.t("docs.export.readme.col.role"), in.t("docs.export.readme.col.arn"))
	for _, k := range in.Keys {
		fmt.Fprintf(b, "| %s | %s | `%s` |\n", in.regionName(k.Region), in.t("docs.export.role."+k.Role), k.ARN)
	}
	b.WriteString("\n")
	if miss := in.missingAliases(); len(miss) > 0 {
		fmt.Fprintf(b, "> %s\n\n", in.t("docs.export.readme.aliasmissing", in.Alias, strings.Join(miss, ", ")))
	}
}

func (in ExportInput) readmeFiles(b *strings.Builder, lines [][2]string) {
	fmt.Fprintf(b, "## %s\n\n", in.t("docs.export.readme.files"))
	for _, l := range lines {
		fmt.Fprintf(b, "- `%s`: %s\n", l[0], l[1])
	}
	b.WriteString("\n")
}

func tfReadme(in ExportInput) string {
	var b strings.Builder
	in.readmeHead(&b, "docs.export.tf.readme.title", "docs.export.tf.readme.intro")
	files := [][2]string{
		{"versions.tf", in.t("docs.export.tf.file.versions", TerraformProviderVersion)},
		{"providers.tf", in.t("docs.export.tf.file.providers")},
		{"kms.tf", in.t("docs.export.tf.file.kms")},
		{"imports.tf", in.t("docs.export.tf.file.imports")},
		{"policies/key-<region>.json", in.t("docs.export.tf.file.policies")},
	}
	if len(in.Alerts) > 0 {
		files = append(files, [2]string{"alerts.tf", in.t("docs.export.tf.file.alerts")})
	}
	in.readmeFiles(&b, files)
	fmt.Fprintf(&b, "## %s\n\n%s\n\n", in.t("docs.export.readme.commands"), in.t("docs.export.tf.readme.before"))
	b.WriteString("```sh\nterraform init\nterraform validate\nterraform plan -out=adopt.tfplan\nterraform apply adopt.tfplan\n```\n\n")
	fmt.Fprintf(&b, "%s\n\n", in.t("docs.export.tf.readme.expect", in.importCount(), in.addCount()))
	fmt.Fprintf(&b, "## %s\n\n", in.t("docs.export.readme.notes"))
	for _, id := range []string{"docs.export.tf.readme.note.destroy", "docs.export.tf.readme.note.policy", "docs.export.tf.readme.note.vars", "docs.export.tf.readme.note.creds", "docs.export.readme.note.verify"} {
		fmt.Fprintf(&b, "- %s\n", in.t(id))
	}
	return b.String()
}

// importCount is how many import blocks the Terraform export has.
func (in ExportInput) importCount() int {
	n := 0
	for _, k := range in.Keys {
		n++
		if k.AliasTarget != "" {
			n++
		}
	}
	for _, a := range in.Alerts {
		n++ // topic
		if a.Topic.Policy != "" {
			n++
		}
		for _, s := range a.Subscriptions {
			if !pendingSub(s) {
				n++
			}
		}
		for _, r := range a.Rules {
			n += 1 + len(r.Targets)
		}
	}
	return n
}

// addCount is how many resources the Terraform export creates: an alias
// missing in a Region, a subscription not confirmed yet.
func (in ExportInput) addCount() int {
	n := len(in.missingAliases())
	for _, a := range in.Alerts {
		for _, s := range a.Subscriptions {
			if pendingSub(s) {
				n++
			}
		}
	}
	return n
}

func cfnReadme(in ExportInput) string {
	var b strings.Builder
	in.readmeHead(&b, "docs.export.cfn.readme.title", "docs.export.cfn.readme.intro")
	in.readmeFiles(&b, [][2]string{
		{"zoom-cmk-<region>.json", in.t("docs.export.cfn.file.template")},
		{"zoom-cmk-<region>.import.json", in.t("docs.export.cfn.file.import")},
		{cfnStackSetPrimary + ", " + cfnStackSetReplica, in.t("docs.export.cfn.file.stackset")},
	})
	fmt.Fprintf(&b, "## %s\n\n%s\n\n", in.t("docs.export.readme.commands"), in.t("docs.export.cfn.readme.before"))
	for i, k := range in.Keys {
		r, stack := k.Region, cfnStackName(k.Region)
		fmt.Fprintf(&b, "### %d. %s: %s\n\n```sh\n", i+1, in.t("docs.export.role."+k.Role), in.regionName(r))
		cs := fmt.Sprintf("--region %s --stack-name %s --change-set-name zoom-cmk-import", r, stack)
		fmt.Fprintf(&b, "aws cloudformation create-change-set %s \\\n    --change-set-type IMPORT \\\n    --template-body file://%s \\\n    --resources-to-import file://%s\n",
			cs, cfnTemplateFile(r), cfnImportFile(r))
		fmt.Fprintf(&b, "aws cloudformation wait change-set-create-complete %s\n", cs)
		fmt.Fprintf(&b, "aws cloudformation describe-change-set %s \\\n    --query 'Changes[].ResourceChange.[Action,LogicalResourceId,PhysicalResourceId]' --output table\n", cs)
		fmt.Fprintf(&b, "aws cloudformation execute-change-set %s\n", cs)
		fmt.Fprintf(&b, "aws cloudformation wait stack-import-complete --region %s --stack-name %s\n```\n\n", r, stack)
	}
	fmt.Fprintf(&b, "%s\n\n", in.t("docs.export.cfn.readme.expect"))
	if len(in.Alerts) > 0 {
		fmt.Fprintf(&b, "> %s\n\n", in.t("docs.export.cfn.readme.noalerts"))
	}
	in.cfnStackSetSection(&b)
	fmt.Fprintf(&b, "## %s\n\n", in.t("docs.export.readme.notes"))
	for _, id := range []string{"docs.export.cfn.readme.note.retain", "docs.export.cfn.readme.note.policy", "docs.export.readme.note.verify"} {
		fmt.Fprintf(&b, "- %s\n", in.t(id))
	}
	return b.String()
}

func (in ExportInput) cfnStackSetSection(b *strings.Builder) {
	p := in.primary()
	var reps []string
	for _, k := range in.Keys[1:] {
		reps = append(reps, k.Region)
	}
	fmt.Fprintf(b, "## %s\n\n%s\n\n", in.t("docs.export.cfn.ss.title"), in.t("docs.export.cfn.ss.intro", in.AccountID))
	fmt.Fprintf(b, "%s\n\n```sh\n", in.t("docs.export.cfn.ss.step1"))
	fmt.Fprintf(b, "aws cloudformation create-stack-set --region %s --stack-set-name zoom-cmk-primary \\\n    --template-body file://%s --permission-model SERVICE_MANAGED \\\n    --auto-deployment Enabled=false\n", p.Region, cfnStackSetPrimary)
	fmt.Fprintf(b, "aws cloudformation create-stack-instances --region %s --stack-set-name zoom-cmk-primary \\\n    --deployment-targets OrganizationalUnitIds=ou-EXAMPLE,Accounts=111111111111,AccountFilterType=INTERSECTION \\\n    --regions %s\n```\n\n", p.Region, p.Region)
	if len(reps) == 0 {
		return
	}
	fmt.Fprintf(b, "%s\n\n```sh\n", in.t("docs.export.cfn.ss.step2"))
	fmt.Fprintf(b, "aws kms describe-key --region %s --key-id %s --query KeyMetadata.Arn --output text\n```\n\n", p.Region, in.Alias)
	fmt.Fprintf(b, "%s\n\n```sh\n", in.t("docs.export.cfn.ss.step3"))
	fmt.Fprintf(b, "aws cloudformation create-stack-set --region %s --stack-set-name zoom-cmk-replica \\\n    --template-body file://%s --permission-model SERVICE_MANAGED \\\n    --auto-deployment Enabled=false \\\n    --parameters ParameterKey=PrimaryKeyArn,ParameterValue=arn:aws:kms:%s:111111111111:key/mrk-EXAMPLE\n", p.Region, cfnStackSetReplica, p.Region)
	fmt.Fprintf(b, "aws cloudformation create-stack-instances --region %s --stack-set-name zoom-cmk-replica \\\n    --deployment-targets OrganizationalUnitIds=ou-EXAMPLE,Accounts=111111111111,AccountFilterType=INTERSECTION \\\n    --regions %s \\\n    --parameter-overrides ParameterKey=PrimaryKeyArn,ParameterValue=<ARN of step 2>\n```\n\n", p.Region, strings.Join(reps, " "))
	fmt.Fprintf(b, "%s\n\n", in.t("docs.export.cfn.ss.after"))
}
