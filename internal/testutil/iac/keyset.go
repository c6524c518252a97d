package iac

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Key is what an exported key set must say of one Region's key.
type Key struct {
	Region, Role string // role: primary or replica
	KeyID, ARN   string
	Policy       string // the key policy exactly as applied
	Alias        bool   // the alias exists in the Region (it is imported)
}

// KeySet is the key set an export must describe, the primary first.
type KeySet struct {
	Alias string
	Keys  []Key
}

func tfName(region string) string { return strings.ReplaceAll(region, "-", "_") }

// CheckTerraform checks a Terraform export in dir against want: the files
// parse, are formatted and use documented arguments (Terraform above); one
// provider alias per Region; the primary an aws_kms_key (multi-Region,
// prevent_destroy), each replica an aws_kms_replica_key whose
// primary_key_arn refers to the primary resource, an alias per Region;
// each with an import block of the right ID and provider; each Region's
// policy file byte for byte the policy applied; no variables. It returns
// the blocks for further checks.
func CheckTerraform(t testing.TB, dir string, want KeySet) []Block {
	t.Helper()
	blocks := Terraform(t, dir)
	res := map[string]Block{}     // "type.name" -> resource
	imports := map[string]Block{} // "type.name" -> import
	providers := map[string]string{}
	for _, b := range blocks {
		switch b.Type {
		case "resource":
			res[b.Labels[0]+"."+b.Labels[1]] = b
		case "import":
			to := b.Attrs["to"]
			if _, dup := imports[to]; dup {
				t.Errorf("two import blocks for %s", to)
			}
			imports[to] = b
		case "provider":
			providers[b.Str(t, "alias")] = b.Str(t, "region")
		case "variable":
			t.Errorf("%s: a variable %v: the export has none", b.File, b.Labels)
		}
	}
	for to := range imports {
		if _, ok := res[to]; !ok {
			t.Errorf("import of %s, which no resource declares", to)
		}
	}
	if len(providers) != len(want.Keys) {
		t.Errorf("providers %v, want one per Region of %d", providers, len(want.Keys))
	}
	keys := 0
	for _, k := range want.Keys {
		n := tfName(k.Region)
		if providers[n] != k.Region {
			t.Errorf("provider aws.%s has region %q, want %s", n, providers[n], k.Region)
		}
		var addr string
		if k.Role == "primary" {
			addr = "aws_kms_key.primary"
		} else {
			addr = "aws_kms_replica_key." + n
		}
		r, ok := res[addr]
		if !ok {
			t.Errorf("no %s for %s", addr, k.Region)
			continue
		}
		keys++
		if r.Attrs["provider"] != "aws."+n {
			t.Errorf("%s: provider %s, want aws.%s", addr, r.Attrs["provider"], n)
		}
		if r.Blocks["lifecycle"]["prevent_destroy"] != "true" {
			t.Errorf("%s: no lifecycle { prevent_destroy = true }", addr)
		}
		if k.Role == "primary" {
			if r.Attrs["multi_region"] != "true" || r.Str(t, "customer_master_key_spec") != "SYMMETRIC_DEFAULT" || r.Str(t, "key_usage") != "ENCRYPT_DECRYPT" {
				t.Errorf("%s: multi_region %s, spec and usage %v", addr, r.Attrs["multi_region"], r.Attrs)
			}
		} else if r.Attrs["primary_key_arn"] != "aws_kms_key.primary.arn" {
			t.Errorf("%s: primary_key_arn = %s, want aws_kms_key.primary.arn", addr, r.Attrs["primary_key_arn"])
		}
		pf := "policies/key-" + k.Region + ".json"
		if !strings.Contains(r.Attrs["policy"], pf) {
			t.Errorf("%s: policy = %s, want the file %s", addr, r.Attrs["policy"], pf)
		}
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(pf)))
		if err != nil || string(got) != k.Policy {
			t.Errorf("%s: policy file differs from the policy applied (%v):\n%s\nwant:\n%s", pf, err, got, k.Policy)
		}
		checkImport(t, imports, addr, k.KeyID, n)

		alias := "aws_kms_alias." + n
		a, ok := res[alias]
		if !ok {
			t.Errorf("no %s", alias)
			continue
		}
		if a.Str(t, "name") != want.Alias || a.Attrs["target_key_id"] != addr+".key_id" || a.Attrs["provider"] != "aws."+n {
			t.Errorf("%s: %v", alias, a.Attrs)
		}
		if k.Alias {
			checkImport(t, imports, alias, want.Alias, n)
		} else if _, ok := imports[alias]; ok {
			t.Errorf("%s is imported, but the alias does not exist in %s", alias, k.Region)
		}
	}
	if keys != len(want.Keys) {
		t.Errorf("%d keys in the code, want %d", keys, len(want.Keys))
	}
	return blocks
}

func checkImport(t testing.TB, imports map[string]Block, addr, id, provider string) {
	t.Helper()
	ib, ok := imports[addr]
	if !ok {
		t.Errorf("no import block for %s", addr)
		return
	}
	if got := ib.Str(t, "id"); got != id {
		t.Errorf("import %s: id %q, want %q", addr, got, id)
	}
	if ib.Attrs["provider"] != "aws."+provider {
		t.Errorf("import %s: provider %s, want aws.%s", addr, ib.Attrs["provider"], provider)
	}
}

// Template is a CloudFormation template, decoded.
type Template struct {
	Resources map[string]struct {
		Type                string         `json:"Type"`
		DeletionPolicy      string         `json:"DeletionPolicy"`
		UpdateReplacePolicy string         `json:"UpdateReplacePolicy"`
		Properties          map[string]any `json:"Properties"`
	} `json:"Resources"`
}

// CheckCloudFormation checks a CloudFormation export in dir against want:
// a template per Region that cfn-lint passes; the primary's AWS::KMS::Key
// multi-Region with its policy, each replica's AWS::KMS::ReplicaKey with
// PrimaryKeyArn the real primary's ARN and its own policy; keys retained
// (DeletionPolicy and UpdateReplacePolicy Retain); the alias per Region;
// a resources-to-import file per template with the right identifiers. It
// lints the StackSet templates too.
func CheckCloudFormation(t testing.TB, dir string, want KeySet) {
	t.Helper()
	var lint []string
	primaryARN := want.Keys[0].ARN
	for _, k := range want.Keys {
		p := filepath.Join(dir, "zoom-cmk-"+k.Region+".json")
		lint = append(lint, p)
		var tpl Template
		readJSON(t, p, &tpl)
		logical, typ := "PrimaryKey", "AWS::KMS::Key"
		if k.Role != "primary" {
			logical, typ = "ReplicaKey", "AWS::KMS::ReplicaKey"
		}
		r, ok := tpl.Resources[logical]
		if !ok || r.Type != typ {
			t.Errorf("%s: no %s of type %s: %+v", p, logical, typ, tpl.Resources)
			continue
		}
		if r.DeletionPolicy != "Retain" || r.UpdateReplacePolicy != "Retain" {
			t.Errorf("%s: %s DeletionPolicy %q UpdateReplacePolicy %q, want Retain", p, logical, r.DeletionPolicy, r.UpdateReplacePolicy)
		}
		var applied any
		if err := json.Unmarshal([]byte(k.Policy), &applied); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(r.Properties["KeyPolicy"], applied) {
			t.Errorf("%s: KeyPolicy differs from the policy applied:\n%v\nwant:\n%v", p, r.Properties["KeyPolicy"], applied)
		}
		if k.Role == "primary" {
			if r.Properties["MultiRegion"] != true {
				t.Errorf("%s: MultiRegion = %v", p, r.Properties["MultiRegion"])
			}
		} else if r.Properties["PrimaryKeyArn"] != primaryARN {
			t.Errorf("%s: PrimaryKeyArn = %v, want %s", p, r.Properties["PrimaryKeyArn"], primaryARN)
		}
		wantImports := []map[string]any{{"ResourceType": typ, "LogicalResourceId": logical, "ResourceIdentifier": map[string]any{"KeyId": k.KeyID}}}
		a, hasAlias := tpl.Resources["KeyAlias"]
		if k.Alias {
			if !hasAlias || a.Properties["AliasName"] != want.Alias || !reflect.DeepEqual(a.Properties["TargetKeyId"], map[string]any{"Ref": logical}) || a.DeletionPolicy != "Retain" {
				t.Errorf("%s: alias %+v", p, a)
			}
			wantImports = append(wantImports, map[string]any{"ResourceType": "AWS::KMS::Alias", "LogicalResourceId": "KeyAlias", "ResourceIdentifier": map[string]any{"AliasName": want.Alias}})
		}
		var imports []map[string]any
		readJSON(t, filepath.Join(dir, "zoom-cmk-"+k.Region+".import.json"), &imports)
		if !reflect.DeepEqual(imports, wantImports) {
			t.Errorf("%s: resources to import\n%v\nwant\n%v", k.Region, imports, wantImports)
		}
		if len(tpl.Resources) != len(wantImports) {
			t.Errorf("%s: %d resources, %d to import: an import change set cannot create one", p, len(tpl.Resources), len(wantImports))
		}
	}
	lint = append(lint, filepath.Join(dir, "stackset-primary.json"), filepath.Join(dir, "stackset-replica.json"))
	CfnLint(t, lint...)
}

func readJSON(t testing.TB, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
