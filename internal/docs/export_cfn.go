package docs

import (
	"bytes"
	"encoding/json"
	"strings"
)

// CloudFormation: one template per Region (a stack cannot span Regions),
// each with a resources-to-import file for
// `create-change-set --change-set-type IMPORT`, and two StackSet templates
// that roll the same key set out to other accounts (new keys there, with
// the account ID in the policy taken from the stack's own account).

const (
	cfnStackSetPrimary = "stackset-primary.json"
	cfnStackSetReplica = "stackset-replica.json"
	cfnKeyPrimary      = "PrimaryKey"
	cfnKeyReplica      = "ReplicaKey"
	cfnAlias           = "KeyAlias"
)

func cfnTemplateFile(region string) string { return "zoom-cmk-" + region + ".json" }
func cfnImportFile(region string) string   { return "zoom-cmk-" + region + ".import.json" }
func cfnStackName(region string) string    { return "zoom-cmk-" + region }

type cfnTemplate struct {
	Version     string                  `json:"AWSTemplateFormatVersion"`
	Description string                  `json:"Description"`
	Parameters  map[string]cfnParameter `json:"Parameters,omitempty"`
	Resources   map[string]cfnResource  `json:"Resources"`
	Outputs     map[string]cfnOutput    `json:"Outputs,omitempty"`
}

type cfnParameter struct {
	Type           string `json:"Type"`
	Description    string `json:"Description"`
	AllowedPattern string `json:"AllowedPattern,omitempty"`
}

type cfnResource struct {
	Type                string         `json:"Type"`
	DeletionPolicy      string         `json:"DeletionPolicy"`
	UpdateReplacePolicy string         `json:"UpdateReplacePolicy"`
	Properties          map[string]any `json:"Properties"`
}

type cfnOutput struct {
	Description string `json:"Description"`
	Value       any    `json:"Value"`
}

// cfnImport is one entry of a resources-to-import file.
type cfnImport struct {
	ResourceType       string            `json:"ResourceType"`
	LogicalResourceID  string            `json:"LogicalResourceId"`
	ResourceIdentifier map[string]string `json:"ResourceIdentifier"`
}

func retained(typ string, props map[string]any) cfnResource {
	return cfnResource{Type: typ, DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain", Properties: props}
}

func cfnTags(m map[string]string) []map[string]string {
	var out []map[string]string
	for _, k := range sortedKeys(m) {
		out = append(out, map[string]string{"Key": k, "Value": m[k]})
	}
	return out
}

// cfnJSON is v as indented JSON with a final newline. HTML characters stay
// as they are (a policy's "&" or "<" is not escaped).
func cfnJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// keyProps are the properties of a Region's key, with policy as its key policy.
func keyProps(k KeyFacts, policy any, primaryARN any) map[string]any {
	props := map[string]any{"Description": k.Description, "KeyPolicy": policy}
	if len(k.Tags) > 0 {
		props["Tags"] = cfnTags(k.Tags)
	}
	if k.Role == "primary" {
		props["MultiRegion"] = true
		props["KeySpec"] = orDefault(k.Spec, "SYMMETRIC_DEFAULT")
		props["KeyUsage"] = orDefault(k.Usage, "ENCRYPT_DECRYPT")
		props["EnableKeyRotation"] = k.Rotation
	} else {
		props["PrimaryKeyArn"] = primaryARN
	}
	return props
}

func cloudFormation(in ExportInput) ([]File, error) {
	var files []File
	primary := in.primary()
	for _, k := range in.Keys {
		logical, typ := cfnKeyPrimary, "AWS::KMS::Key"
		if k.Role != "primary" {
			logical, typ = cfnKeyReplica, "AWS::KMS::ReplicaKey"
		}
		t := cfnTemplate{
			Version:     "2010-09-09",
			Description: in.t("docs.export.cfn.desc."+k.Role, in.Alias, k.Region),
			Resources: map[string]cfnResource{
				logical: retained(typ, keyProps(k, json.RawMessage(k.Policy), primary.ARN)),
				cfnAlias: retained("AWS::KMS::Alias", map[string]any{
					"AliasName": in.Alias, "TargetKeyId": map[string]string{"Ref": logical},
				}),
			},
		}
		imports := []cfnImport{{ResourceType: typ, LogicalResourceID: logical, ResourceIdentifier: map[string]string{"KeyId": k.KeyID}}}
		if k.AliasTarget != "" {
			imports = append(imports, cfnImport{ResourceType: "AWS::KMS::Alias", LogicalResourceID: cfnAlias, ResourceIdentifier: map[string]string{"AliasName": in.Alias}})
		} else {
			// An alias that does not exist cannot be imported: the
			// template keeps only the key, the README says to add it.
			delete(t.Resources, cfnAlias)
		}
		tb, err := cfnJSON(t)
		if err != nil {
			return nil, err
		}
		ib, err := cfnJSON(imports)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: cfnTemplateFile(k.Region), Content: tb}, File{Name: cfnImportFile(k.Region), Content: ib})
	}
	ss, err := cfnStackSets(in)
	if err != nil {
		return nil, err
	}
	files = append(files, ss...)
	files = append(files, File{Name: "README.md", Content: []byte(cfnReadme(in))})
	return files, nil
}

// cfnStackSets are the templates for other accounts: the primary's (with
// the account ID in its policy replaced by ${AWS::AccountId}) and a
// replica's (the primary's ARN a parameter, since it differs per account).
func cfnStackSets(in ExportInput) ([]File, error) {
	p := in.primary()
	var policy any
	if err := json.Unmarshal([]byte(p.Policy), &policy); err != nil {
		return nil, exportErr("docs.export.err.policy", p.Region)
	}
	policy = subAccount(policy, in.AccountID)
	tags := map[string]string{}
	for k, v := range p.Tags {
		tags[k] = v
	}
	generic := p
	generic.Tags = tags
	primary := cfnTemplate{
		Version:     "2010-09-09",
		Description: in.t("docs.export.cfn.desc.stackset.primary", in.Alias),
		Resources: map[string]cfnResource{
			cfnKeyPrimary: retained("AWS::KMS::Key", keyProps(generic, policy, nil)),
			cfnAlias:      retained("AWS::KMS::Alias", map[string]any{"AliasName": in.Alias, "TargetKeyId": map[string]string{"Ref": cfnKeyPrimary}}),
		},
		Outputs: map[string]cfnOutput{"KeyArn": {Description: in.t("docs.export.cfn.out.arn"), Value: map[string][]string{"Fn::GetAtt": {cfnKeyPrimary, "Arn"}}}},
	}
	replica := cfnTemplate{
		Version:     "2010-09-09",
		Description: in.t("docs.export.cfn.desc.stackset.replica", in.Alias),
		Parameters: map[string]cfnParameter{"PrimaryKeyArn": {
			Type: "String", Description: in.t("docs.export.cfn.param.primary"),
			AllowedPattern: `^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/mrk-[0-9a-f]{32}$`,
		}},
		Resources: map[string]cfnResource{
			cfnKeyReplica: retained("AWS::KMS::ReplicaKey", keyProps(KeyFacts{Role: "replica", Description: p.Description, Tags: tags}, policy, map[string]string{"Ref": "PrimaryKeyArn"})),
			cfnAlias:      retained("AWS::KMS::Alias", map[string]any{"AliasName": in.Alias, "TargetKeyId": map[string]string{"Ref": cfnKeyReplica}}),
		},
		Outputs: map[string]cfnOutput{"KeyArn": {Description: in.t("docs.export.cfn.out.arn"), Value: map[string][]string{"Fn::GetAtt": {cfnKeyReplica, "Arn"}}}},
	}
	pb, err := cfnJSON(primary)
	if err != nil {
		return nil, err
	}
	rb, err := cfnJSON(replica)
	if err != nil {
		return nil, err
	}
	return []File{{Name: cfnStackSetPrimary, Content: pb}, {Name: cfnStackSetReplica, Content: rb}}, nil
}

// subAccount replaces, in every string of v that holds account, the account
// with ${AWS::AccountId} (and the partition of an ARN with
// ${AWS::Partition}), as {"Fn::Sub": ...}. Other strings stay literal.
func subAccount(v any, account string) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = subAccount(e, account)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = subAccount(e, account)
		}
		return out
	case string:
		if account == "" || !strings.Contains(x, account) {
			return x
		}
		s := strings.ReplaceAll(x, "${", "${!")
		s = strings.ReplaceAll(s, account, "${AWS::AccountId}")
		for _, part := range []string{"arn:aws-us-gov:", "arn:aws-cn:", "arn:aws:"} {
			if strings.HasPrefix(s, part) {
				s = "arn:${AWS::Partition}:" + strings.TrimPrefix(s, part)
				break
			}
		}
		return map[string]string{"Fn::Sub": s}
	}
	return v
}
