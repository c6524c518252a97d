package docs

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// The tamper-alert resources of one Region in Terraform: the SNS topic, its
// policy and subscriptions, the EventBridge rules and their targets, each
// with its import block (a subscription only once it is confirmed: before,
// it has no ARN to import).

func tfAlertPolicyFile(region string) string { return "policies/topic-" + region + ".json" }

func tfPatternFile(region string, i int) string {
	return fmt.Sprintf("patterns/rule-%s-%d.json", region, i+1)
}

func tfAlerts(in ExportInput, a AlertSet, b, imports *hclwrite.Body) []File {
	var files []File
	n := tfName(a.Region)
	topic := tfRef("aws_sns_topic", n)
	tfComment(b, in.t("docs.export.tf.topic", in.regionName(a.Region)), a.Topic.ARN)
	t := tfResource(b, "aws_sns_topic", n, a.Region)
	t.SetAttributeValue("name", cty.StringVal(a.Topic.Name))
	if len(a.Topic.Tags) > 0 {
		t.SetAttributeValue("tags", tfStrings(a.Topic.Tags))
	}
	b.AppendNewline()
	tfImport(imports, topic, a.Topic.ARN, a.Region)

	if a.Topic.Policy != "" {
		files = append(files, File{Name: tfAlertPolicyFile(a.Region), Content: []byte(a.Topic.Policy)})
		p := tfResource(b, "aws_sns_topic_policy", n, a.Region)
		p.SetAttributeTraversal("arn", append(topic, hcl.TraverseAttr{Name: "arn"}))
		p.SetAttributeRaw("policy", tfFile(tfAlertPolicyFile(a.Region)))
		b.AppendNewline()
		tfImport(imports, tfRef("aws_sns_topic_policy", n), a.Topic.ARN, a.Region)
	}
	for i, s := range a.Subscriptions {
		name := fmt.Sprintf("%s_%d", n, i+1)
		if pendingSub(s) {
			tfComment(b, in.t("docs.export.tf.sub.pending", s.Endpoint))
		}
		r := tfResource(b, "aws_sns_topic_subscription", name, a.Region)
		r.SetAttributeTraversal("topic_arn", append(topic, hcl.TraverseAttr{Name: "arn"}))
		r.SetAttributeValue("protocol", cty.StringVal(s.Protocol))
		r.SetAttributeValue("endpoint", cty.StringVal(s.Endpoint))
		b.AppendNewline()
		if !pendingSub(s) {
			tfImport(imports, tfRef("aws_sns_topic_subscription", name), s.ARN, a.Region)
		}
	}
	for i, rule := range a.Rules {
		name := fmt.Sprintf("%s_%d", n, i+1)
		ref := tfRef("aws_cloudwatch_event_rule", name)
		files = append(files, File{Name: tfPatternFile(a.Region, i), Content: []byte(rule.EventPattern)})
		tfComment(b, in.t("docs.export.tf.rule", in.regionName(a.Region)), rule.ARN)
		r := tfResource(b, "aws_cloudwatch_event_rule", name, a.Region)
		r.SetAttributeValue("name", cty.StringVal(rule.Name))
		if rule.Description != "" {
			r.SetAttributeValue("description", cty.StringVal(rule.Description))
		}
		r.SetAttributeRaw("event_pattern", tfFile(tfPatternFile(a.Region, i)))
		r.SetAttributeValue("state", cty.StringVal(orDefault(rule.State, "ENABLED")))
		if len(rule.Tags) > 0 {
			r.SetAttributeValue("tags", tfStrings(rule.Tags))
		}
		b.AppendNewline()
		tfImport(imports, ref, rule.Name, a.Region)
		for j, tg := range rule.Targets {
			tname := fmt.Sprintf("%s_%d", name, j+1)
			r := tfResource(b, "aws_cloudwatch_event_target", tname, a.Region)
			r.SetAttributeTraversal("rule", append(ref, hcl.TraverseAttr{Name: "name"}))
			r.SetAttributeValue("target_id", cty.StringVal(tg.ID))
			if tg.ARN == a.Topic.ARN {
				r.SetAttributeTraversal("arn", append(topic, hcl.TraverseAttr{Name: "arn"}))
			} else {
				r.SetAttributeValue("arn", cty.StringVal(tg.ARN))
			}
			if tg.InputTemplate != "" {
				r.AppendNewline()
				it := r.AppendNewBlock("input_transformer", nil).Body()
				if len(tg.InputPaths) > 0 {
					it.SetAttributeValue("input_paths", tfStrings(tg.InputPaths))
				}
				it.SetAttributeValue("input_template", cty.StringVal(tg.InputTemplate))
			}
			b.AppendNewline()
			tfImport(imports, tfRef("aws_cloudwatch_event_target", tname), rule.Name+"/"+tg.ID, a.Region)
		}
	}
	return files
}
