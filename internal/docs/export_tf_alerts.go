package docs

import "fmt"

// The tamper-alert resources of one Region in Terraform: the SNS topic, its
// policy and subscriptions, the EventBridge rules and their targets, each
// with its import block (a subscription only once it is confirmed: before,
// it has no ARN to import).

func tfAlertPolicyFile(region string) string { return "policies/topic-" + region + ".json" }

func tfPatternFile(region string, i int) string {
	return fmt.Sprintf("patterns/rule-%s-%d.json", region, i+1)
}

func tfAlerts(in ExportInput, a AlertSet, b, imports *hclBody) []File {
	var files []File
	n := tfName(a.Region)
	topic := tfRef("aws_sns_topic", n)
	b.comment(in.t("docs.export.tf.topic", in.regionName(a.Region)), a.Topic.ARN)
	t := tfResource(b, "aws_sns_topic", n, a.Region)
	t.setString("name", a.Topic.Name)
	if len(a.Topic.Tags) > 0 {
		t.setStrings("tags", a.Topic.Tags)
	}
	b.newline()
	tfImport(imports, topic, a.Topic.ARN, a.Region)

	if a.Topic.Policy != "" {
		files = append(files, File{Name: tfAlertPolicyFile(a.Region), Content: []byte(a.Topic.Policy)})
		p := tfResource(b, "aws_sns_topic_policy", n, a.Region)
		p.setRef("arn", topic.attr("arn"))
		p.setRaw("policy", tfFile(tfAlertPolicyFile(a.Region)))
		b.newline()
		tfImport(imports, tfRef("aws_sns_topic_policy", n), a.Topic.ARN, a.Region)
	}
	for i, s := range a.Subscriptions {
		name := fmt.Sprintf("%s_%d", n, i+1)
		if pendingSub(s) {
			b.comment(in.t("docs.export.tf.sub.pending", s.Endpoint))
		}
		r := tfResource(b, "aws_sns_topic_subscription", name, a.Region)
		r.setRef("topic_arn", topic.attr("arn"))
		r.setString("protocol", s.Protocol)
		r.setString("endpoint", s.Endpoint)
		b.newline()
		if !pendingSub(s) {
			tfImport(imports, tfRef("aws_sns_topic_subscription", name), s.ARN, a.Region)
		}
	}
	for i, rule := range a.Rules {
		name := fmt.Sprintf("%s_%d", n, i+1)
		ref := tfRef("aws_cloudwatch_event_rule", name)
		files = append(files, File{Name: tfPatternFile(a.Region, i), Content: []byte(rule.EventPattern)})
		b.comment(in.t("docs.export.tf.rule", in.regionName(a.Region)), rule.ARN)
		r := tfResource(b, "aws_cloudwatch_event_rule", name, a.Region)
		r.setString("name", rule.Name)
		if rule.Description != "" {
			r.setString("description", rule.Description)
		}
		r.setRaw("event_pattern", tfFile(tfPatternFile(a.Region, i)))
		r.setString("state", orDefault(rule.State, "ENABLED"))
		if len(rule.Tags) > 0 {
			r.setStrings("tags", rule.Tags)
		}
		b.newline()
		tfImport(imports, ref, rule.Name, a.Region)
		for j, tg := range rule.Targets {
			tname := fmt.Sprintf("%s_%d", name, j+1)
			r := tfResource(b, "aws_cloudwatch_event_target", tname, a.Region)
			r.setRef("rule", ref.attr("name"))
			r.setString("target_id", tg.ID)
			if tg.ARN == a.Topic.ARN {
				r.setRef("arn", topic.attr("arn"))
			} else {
				r.setString("arn", tg.ARN)
			}
			if tg.InputTemplate != "" {
				r.newline()
				it := r.block("input_transformer")
				if len(tg.InputPaths) > 0 {
					it.setStrings("input_paths", tg.InputPaths)
				}
				it.setString("input_template", tg.InputTemplate)
			}
			b.newline()
			tfImport(imports, tfRef("aws_cloudwatch_event_target", tname), rule.Name+"/"+tg.ID, a.Region)
		}
	}
	return files
}
