package zoom

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

const (
	acct  = "123456789012"
	zroot = "arn:aws:iam::409910850980:root"
	aroot = "arn:aws:iam::123456789012:root"
)

// decoded is a policy decoded generically, for assertions.
type decoded struct {
	Version   string
	Id        string
	Statement []map[string]any
}

func decode(t *testing.T, s string) decoded {
	t.Helper()
	var d decoded
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		t.Fatalf("not valid JSON: %v\n%s", err, s)
	}
	return d
}

func stmtBySid(t *testing.T, d decoded, sid string) map[string]any {
	t.Helper()
	for _, s := range d.Statement {
		if s["Sid"] == sid {
			return s
		}
	}
	t.Fatalf("no statement %q in %v", sid, d.Statement)
	return nil
}

func findingMap(fs []Finding) map[string]Finding {
	m := map[string]Finding{}
	for _, f := range fs {
		m[f.ID] = f
	}
	return m
}

func TestBuildPolicy(t *testing.T) {
	p := BuildPolicy("aws", acct, ZoomAccountID)
	d := decode(t, p)
	if d.Version != "2012-10-17" || d.Id != PolicyID {
		t.Errorf("Version/Id = %q/%q", d.Version, d.Id)
	}
	if len(d.Statement) != 2 {
		t.Fatalf("want 2 statements, got %d", len(d.Statement))
	}
	admin := stmtBySid(t, d, AdminSid)
	if admin["Effect"] != "Allow" || admin["Action"] != "kms:*" || admin["Resource"] != "*" ||
		!reflect.DeepEqual(admin["Principal"], map[string]any{"AWS": aroot}) {
		t.Errorf("admin statement wrong: %v", admin)
	}
	z := stmtBySid(t, d, ZoomSid)
	want := []any{"kms:Decrypt", "kms:Encrypt", "kms:DescribeKey", "kms:GenerateDataKey*"}
	if z["Effect"] != "Allow" || z["Resource"] != "*" || !reflect.DeepEqual(z["Action"], want) ||
		!reflect.DeepEqual(z["Principal"], map[string]any{"AWS": zroot}) {
		t.Errorf("zoom statement wrong: %v", z)
	}
	if _, ok := z["Condition"]; ok {
		t.Errorf("zoom statement has a Condition")
	}
	if !strings.Contains(p, "\n  \"Statement\": [\n    {\n      \"Sid\"") {
		t.Errorf("not pretty-printed with a 2-space indent:\n%s", p)
	}
	for _, f := range CheckPolicy(p, "aws", acct, ZoomAccountID) {
		if !f.OK {
			t.Errorf("built policy fails check %s: %s", f.ID, english.M(f.Detail))
		}
	}
}

func TestBuildPolicyPartitionAndZoomOverride(t *testing.T) {
	p := BuildPolicy("aws-us-gov", acct, "111122223333")
	if !strings.Contains(p, `"arn:aws-us-gov:iam::111122223333:root"`) || !strings.Contains(p, `"arn:aws-us-gov:iam::123456789012:root"`) {
		t.Errorf("principals not in the key's partition:\n%s", p)
	}
	if strings.Contains(p, ZoomAccountID) {
		t.Errorf("default Zoom account still present:\n%s", p)
	}
	if got := BuildPolicy("", acct, ZoomAccountID); got != BuildPolicy("aws", acct, ZoomAccountID) {
		t.Errorf("empty partition should mean aws")
	}
}

func TestMergeBuiltPolicyUnchanged(t *testing.T) {
	p := BuildPolicy("aws", acct, ZoomAccountID)
	r, err := MergePolicy(p, "aws", acct, ZoomAccountID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Changed || r.Policy != p || len(r.NotesIn(english)) != 0 {
		t.Errorf("merge of a built policy changed it: changed=%v notes=%v\n%s", r.Changed, r.NotesIn(english), r.Policy)
	}
}

const defaultKeyPolicy = `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::123456789012:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`

func TestMergeDefaultPolicyAddsZoom(t *testing.T) {
	r, err := MergePolicy(defaultKeyPolicy, "aws", acct, ZoomAccountID)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Changed || len(r.NotesIn(english)) != 1 || !strings.Contains(r.NotesIn(english)[0], ZoomSid) {
		t.Errorf("changed=%v notes=%v", r.Changed, r.NotesIn(english))
	}
	d := decode(t, r.Policy)
	if d.Id != "key-default-1" || len(d.Statement) != 2 {
		t.Fatalf("unexpected document:\n%s", r.Policy)
	}
	if d.Statement[0]["Sid"] != "Enable IAM User Permissions" || d.Statement[1]["Sid"] != ZoomSid {
		t.Errorf("order or Sids wrong:\n%s", r.Policy)
	}
	if !findingMap(CheckPolicy(r.Policy, "aws", acct, ZoomAccountID))["zoom-grant"].OK {
		t.Errorf("merged policy does not grant Zoom")
	}
}

func TestParseForms(t *testing.T) {
	// Single statement object, string action, array principal with a bare
	// account ID and the root ARN, extra top-level field.
	in := `{"Version":"2012-10-17","Custom":{"z":1,"a":2},"Statement":{"Sid":"Both","Effect":"Allow",
	"Principal":{"AWS":["123456789012","arn:aws:iam::409910850980:root"]},"Action":"kms:*","Resource":"*"}}`
	r, err := MergePolicy(in, "aws", acct, ZoomAccountID)
	if err != nil {
		t.Fatal(err)
	}
	// kms:* to a principal list that includes Zoom already grants everything.
	if r.Changed {
		t.Errorf("expected no change, notes %v", r.NotesIn(english))
	}
	if !strings.Contains(r.Policy, `"Statement": [`) {
		t.Errorf("Statement not rendered as an array:\n%s", r.Policy)
	}
	if !strings.Contains(r.Policy, "\"Custom\": {\n    \"z\": 1,\n    \"a\": 2\n  }") {
		t.Errorf("unknown top-level field not kept verbatim:\n%s", r.Policy)
	}
	// A string action covering only part of Zoom's needs, principal as a bare ID.
	in2 := `{"Statement":[` + adminJSON + `,{"Effect":"Allow","Principal":{"AWS":"409910850980"},"Action":"kms:Decrypt","Resource":"*"}]}`
	r, err = MergePolicy(in2, "aws", acct, ZoomAccountID)
	if err != nil {
		t.Fatal(err)
	}
	d := decode(t, r.Policy)
	if len(d.Statement) != 2 {
		t.Fatalf("expected the bare-ID statement to be repaired, not a new one:\n%s", r.Policy)
	}
	want := []any{"kms:Decrypt", "kms:Encrypt", "kms:DescribeKey", "kms:GenerateDataKey*"}
	if !reflect.DeepEqual(d.Statement[1]["Action"], want) {
		t.Errorf("actions = %v", d.Statement[1]["Action"])
	}
}

const adminJSON = `{"Sid":"Admin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}`

func TestMergeKeepsForeignStatementsVerbatim(t *testing.T) {
	foreign := `{"Sid":"AllowViaService","Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*",` +
		`"Condition":{"StringEquals":{"kms:CallerAccount":"123456789012","kms:ViaService":"s3.us-east-1.amazonaws.com"}}}`
	notAction := `{"Sid":"DenyAllButDescribe","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::123456789012:user/mallory"},"NotAction":["kms:Describe*"],"Resource":"*","X-Extra":[1,2.50,"x"]}`
	notPrincipal := `{"Sid":"Audit","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"kms:DescribeKey","Resource":"*"}`
	in := `{"Version":"2012-10-17","Statement":[` + adminJSON + `,` + foreign + `,` + notAction + `,` + notPrincipal + `]}`
	r, err := MergePolicy(in, "aws", acct, ZoomAccountID)
	if err != nil {
		t.Fatal(err)
	}
	out := decode(t, r.Policy)
	orig := decode(t, in)
	if len(out.Statement) != len(orig.Statement)+1 {
		t.Fatalf("want %d statements, got %d", len(orig.Statement)+1, len(out.Statement))
	}
	for i, s := range orig.Statement {
		if !reflect.DeepEqual(out.Statement[i], s) {
			t.Errorf("statement %d changed:\n got %v\nwant %v", i, out.Statement[i], s)
		}
	}
	// Number format and key order inside Condition survive.
	if !strings.Contains(r.Policy, "2.50") {
		t.Errorf("number format lost:\n%s", r.Policy)
	}
	ci := strings.Index(r.Policy, "kms:CallerAccount")
	vi := strings.Index(r.Policy, "kms:ViaService")
	if ci < 0 || vi < 0 || ci > vi {
		t.Errorf("Condition key order lost:\n%s", r.Policy)
	}
}

func TestMergeRepairsPartialZoomStatement(t *testing.T) {
	old := `{"Sid":"AllowZoomCMK","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::409910850980:root"},` +
		`"Action":["kms:Decrypt","kms:DescribeKey","kms:GenerateDataKey*","kms:ReEncrypt*"],"Resource":"*"}`
	in := `{"Version":"2012-10-17","Statement":[` + adminJSON + `,` + old + `]}`
	r, err := MergePolicy(in, "aws", acct, ZoomAccountID)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Changed || len(r.NotesIn(english)) != 1 || !strings.Contains(r.NotesIn(english)[0], "kms:Encrypt") {
		t.Errorf("changed=%v notes=%v", r.Changed, r.NotesIn(english))
	}
	d := decode(t, r.Policy)
	if len(d.Statement) != 2 {
		t.Fatalf("statement added instead of repaired:\n%s", r.Policy)
	}
	want := []any{"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:Encrypt"}
	if got := stmtBySid(t, d, ZoomSid)["Action"]; !reflect.DeepEqual(got, want) {
		t.Errorf("actions = %v, want %v (extra kept, missing appended)", got, want)
	}
	fm := findingMap(CheckPolicy(in, "aws", acct, ZoomAccountID))
	if !fm["zoom-grant"].OK || fm["zoom-encrypt"].OK || fm["zoom-encrypt"].Severe {
		t.Errorf("missing Encrypt should be a warning only: %+v %+v", fm["zoom-grant"], fm["zoom-encrypt"])
	}
}

func TestMergeRemovesCondition(t *testing.T) {
	old := `{"Sid":"AllowZoomCMK","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::409910850980:root"},` +
		`"Action":["kms:Decrypt","kms:Encrypt","kms:DescribeKey","kms:GenerateDataKey*"],"Resource":["arn:aws:kms:us-east-1:123456789012:key/x"],` +
		`"Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`
	in := `{"Statement":[` + adminJSON + `,` + old + `]}`
	fm := findingMap(CheckPolicy(in, "aws", acct, ZoomAccountID))
	if fm["zoom-condition"].OK {
		t.Errorf("condition not reported")
	}
	r, err := MergePolicy(in, "aws", acct, ZoomAccountID)
	if err != nil {
		t.Fatal(err)
	}
	z := stmtBySid(t, decode(t, r.Policy), ZoomSid)
	if _, ok := z["Condition"]; ok || z["Resource"] != "*" {
		t.Errorf("condition/resource not repaired: %v", z)
	}
	notes := strings.Join(r.NotesIn(english), "\n")
	if !strings.Contains(notes, "Condition") || !strings.Contains(notes, "Resource") {
		t.Errorf("notes do not explain: %v", r.NotesIn(english))
	}
	for _, f := range CheckPolicy(r.Policy, "aws", acct, ZoomAccountID) {
		if !f.OK {
			t.Errorf("after merge %s fails: %s", f.ID, english.M(f.Detail))
		}
	}
}

func TestMergeIdempotent(t *testing.T) {
	inputs := []string{
		defaultKeyPolicy,
		`{"Statement":[` + adminJSON + `,{"Sid":"Old","Effect":"Allow","Principal":{"AWS":"409910850980"},"Action":"kms:Decrypt","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`,
		`{"Statement":` + adminJSON + `}`,
	}
	for _, in := range inputs {
		r1, err := MergePolicy(in, "aws", acct, ZoomAccountID)
		if err != nil {
			t.Fatal(err)
		}
		r2, err := MergePolicy(r1.Policy, "aws", acct, ZoomAccountID)
		if err != nil {
			t.Fatal(err)
		}
		if r2.Changed || r2.Policy != r1.Policy {
			t.Errorf("second merge changed the policy: notes %v\n%s\n---\n%s", r2.NotesIn(english), r1.Policy, r2.Policy)
		}
	}
}

func TestMergeFindsZoomByPrincipal(t *testing.T) {
	in := `{"Statement":[` + adminJSON + `,{"Sid":"ZoomAccess","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::409910850980:root"]},"Action":["kms:Decrypt","kms:DescribeKey","kms:GenerateDataKey*"],"Resource":"*"}]}`
	r, err := MergePolicy(in, "aws", acct, ZoomAccountID)
	if err != nil {
		t.Fatal(err)
	}
	d := decode(t, r.Policy)
	if len(d.Statement) != 2 {
		t.Fatalf("a statement was added instead of repairing ZoomAccess:\n%s", r.Policy)
	}
	acts := stmtBySid(t, d, "ZoomAccess")["Action"].([]any)
	if len(acts) != 4 || acts[3] != "kms:Encrypt" {
		t.Errorf("actions = %v", acts)
	}
}

func TestMergeDoesNotTouchSharedPrincipal(t *testing.T) {
	shared := `{"Sid":"Shared","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::409910850980:root","arn:aws:iam::555555555555:root"]},"Action":"kms:Decrypt","Resource":"*"}`
	in := `{"Statement":[` + adminJSON + `,` + shared + `]}`
	r, err := MergePolicy(in, "aws", acct, ZoomAccountID)
	if err != nil {
		t.Fatal(err)
	}
	d := decode(t, r.Policy)
	if len(d.Statement) != 3 || d.Statement[2]["Sid"] != ZoomSid {
		t.Fatalf("want our own statement appended:\n%s", r.Policy)
	}
	if d.Statement[1]["Action"] != "kms:Decrypt" {
		t.Errorf("shared statement edited: %v", d.Statement[1])
	}
}

func TestMergeSidTakenByUnrepairable(t *testing.T) {
	deny := `{"Sid":"AllowZoomCMK","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::409910850980:root"},"Action":"kms:Encrypt","Resource":"*"}`
	in := `{"Statement":[` + adminJSON + `,` + deny + `]}`
	r, err := MergePolicy(in, "aws", acct, ZoomAccountID)
	if err != nil {
		t.Fatal(err)
	}
	d := decode(t, r.Policy)
	if len(d.Statement) != 3 || d.Statement[1]["Effect"] != "Deny" || d.Statement[2]["Sid"] != ZoomSid+"2" {
		t.Fatalf("want the Deny kept and %s2 added:\n%s", ZoomSid, r.Policy)
	}
	fm := findingMap(CheckPolicy(r.Policy, "aws", acct, ZoomAccountID))
	if fm["zoom-deny"].OK || !fm["zoom-deny"].Severe {
		t.Errorf("deny not reported: %+v", fm["zoom-deny"])
	}
	r2, _ := MergePolicy(r.Policy, "aws", acct, ZoomAccountID)
	if r2.Changed {
		t.Errorf("not idempotent: %v", r2.NotesIn(english))
	}
}

func TestMergeRefusesLockout(t *testing.T) {
	cases := map[string]string{
		"no admin":      `{"Statement":[{"Sid":"ReadOnly","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["kms:Describe*","kms:Get*"],"Resource":"*"}]}`,
		"other account": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"kms:*","Resource":"*"}]}`,
		"no statements": `{"Version":"2012-10-17","Statement":[]}`,
	}
	for name, in := range cases {
		_, err := MergePolicy(in, "aws", acct, ZoomAccountID)
		if err == nil {
			t.Errorf("%s: merge accepted a policy without administration", name)
			continue
		}
		if !errors.Is(err, ErrLockout) || !strings.Contains(err.Error(), aroot) || !strings.Contains(err.Error(), "kms:PutKeyPolicy") {
			t.Errorf("%s: error does not explain: %v", name, err)
		}
	}
	// Administration through a role of the account, or kms:Put*, is enough.
	ok := []string{
		`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/KeyAdmins"},"Action":["kms:Put*","kms:Describe*"],"Resource":"*"}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"*","Resource":"*"}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/admin"},"Action":"KMS:PUTKEYPOLICY","Resource":"*"}]}`,
	}
	for _, in := range ok {
		if _, err := MergePolicy(in, "aws", acct, ZoomAccountID); err != nil {
			t.Errorf("refused a policy with administration: %v\n%s", err, in)
		}
	}
}

func TestMergeRejectsInvalidJSON(t *testing.T) {
	for _, in := range []string{"", "{", `{"Statement":[}`, `[1,2]`, `"x"`, `{"Statement":"nope"}`, `{"Statement":[1]}`, `{} {}`, `{"Statement":[{"Effect":"Allow","Effect":"Deny"}]}`} {
		_, err := MergePolicy(in, "aws", acct, ZoomAccountID)
		if err == nil || !errors.Is(err, ErrInvalidPolicy) {
			t.Errorf("MergePolicy(%q) error = %v, want ErrInvalidPolicy", in, err)
		}
		fs := CheckPolicy(in, "aws", acct, ZoomAccountID)
		if len(fs) != 1 || fs[0].ID != "parse" || fs[0].OK || !fs[0].Severe {
			t.Errorf("CheckPolicy(%q) = %+v", in, fs)
		}
	}
	if _, err := MergePolicy("{", "aws", acct, ZoomAccountID); !strings.Contains(err.Error(), "not valid JSON") {
		t.Errorf("message should say the JSON is invalid: %v", err)
	}
}

func TestMergeRejectsBadArguments(t *testing.T) {
	if _, err := MergePolicy(defaultKeyPolicy, "aws", "12345", ZoomAccountID); err == nil {
		t.Error("bad account accepted")
	}
	if _, err := MergePolicy(defaultKeyPolicy, "aws", acct, "x"); err == nil {
		t.Error("bad Zoom account accepted")
	}
	if _, err := MergePolicy(defaultKeyPolicy, "AWS CN", acct, ZoomAccountID); err == nil {
		t.Error("bad partition accepted")
	}
}

func TestMergeWildcardGrantsCountAsGranted(t *testing.T) {
	in := `{"Statement":[` + adminJSON + `,{"Sid":"Z","Effect":"Allow","Principal":{"AWS":"409910850980"},"Action":["kms:Decrypt","kms:Encrypt","kms:Describe*","kms:Generate*"],"Resource":"*"}]}`
	r, err := MergePolicy(in, "aws", acct, ZoomAccountID)
	if err != nil || r.Changed {
		t.Errorf("wildcards not understood: err=%v notes=%v", err, r.NotesIn(english))
	}
	// kms:GenerateDataKey without the star does not cover the family.
	in = `{"Statement":[` + adminJSON + `,{"Sid":"Z","Effect":"Allow","Principal":{"AWS":"409910850980"},"Action":["kms:decrypt","kms:encrypt","kms:describekey","kms:GenerateDataKey"],"Resource":"*"}]}`
	r, err = MergePolicy(in, "aws", acct, ZoomAccountID)
	if err != nil || !r.Changed || !strings.Contains(strings.Join(r.NotesIn(english), ""), "kms:GenerateDataKey*") {
		t.Errorf("GenerateDataKey without star: err=%v notes=%v", err, r.NotesIn(english))
	}
}

func TestCheckPolicyFindings(t *testing.T) {
	type want map[string]bool // id -> OK
	cases := []struct {
		name   string
		policy string
		want   want
	}{
		{"built", BuildPolicy("aws", acct, ZoomAccountID),
			want{"parse": true, "zoom-grant": true, "zoom-encrypt": true, "zoom-condition": true, "zoom-deny": true, "admin": true}},
		{"default", defaultKeyPolicy,
			want{"parse": true, "zoom-grant": false, "zoom-encrypt": false, "zoom-condition": true, "zoom-deny": true, "admin": true}},
		{"old guide", `{"Statement":[` + adminJSON + `,{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::409910850980:root"},"Action":["kms:Decrypt","kms:DescribeKey","kms:GenerateDataKey*"],"Resource":"*"}]}`,
			want{"zoom-grant": true, "zoom-encrypt": false, "zoom-condition": true, "zoom-deny": true, "admin": true}},
		{"conditioned", `{"Statement":[` + adminJSON + `,{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::409910850980:root"},"Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}}]}`,
			want{"zoom-grant": true, "zoom-encrypt": true, "zoom-condition": false, "zoom-deny": true, "admin": true}},
		{"deny star", BuildPolicyWith(`{"Sid":"NoDecrypt","Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*"}`),
			want{"zoom-grant": true, "zoom-deny": false, "admin": true}},
		{"deny other account only", BuildPolicyWith(`{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::555555555555:root"},"Action":"kms:*","Resource":"*"}`),
			want{"zoom-deny": true}},
		{"deny notprincipal", BuildPolicyWith(`{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:GenerateDataKeyWithoutPlaintext","Resource":"*"}`),
			want{"zoom-deny": false}},
		{"deny notprincipal excluding zoom", BuildPolicyWith(`{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::123456789012:root","409910850980"]},"Action":"kms:*","Resource":"*"}`),
			want{"zoom-deny": true}},
		{"deny unrelated action", BuildPolicyWith(`{"Effect":"Deny","Principal":"*","Action":"kms:ScheduleKeyDeletion","Resource":"*"}`),
			want{"zoom-deny": true}},
		{"no admin", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"409910850980"},"Action":"kms:*","Resource":"*"}]}`,
			want{"zoom-grant": true, "admin": false}},
	}
	order := []string{"parse", "zoom-grant", "zoom-encrypt", "zoom-condition", "zoom-deny", "admin"}
	for _, c := range cases {
		fs := CheckPolicy(c.policy, "aws", acct, ZoomAccountID)
		if len(fs) != len(order) {
			t.Fatalf("%s: %d findings", c.name, len(fs))
		}
		for i, f := range fs {
			if f.ID != order[i] {
				t.Errorf("%s: finding %d is %s, want %s", c.name, i, f.ID, order[i])
			}
			detail, fix := english.M(f.Detail), ""
			if f.Fix.ID != "" {
				fix = english.M(f.Fix)
			}
			if f.Detail.ID == "" || (!f.OK && fix == "") {
				t.Errorf("%s: %s lacks Detail/Fix: %+v", c.name, f.ID, f)
			}
			if strings.Contains(detail, "\n") || strings.Contains(fix, "\n") {
				t.Errorf("%s: %s is not one line", c.name, f.ID)
			}
		}
		fm := findingMap(fs)
		for id, ok := range c.want {
			if fm[id].OK != ok {
				t.Errorf("%s: %s OK=%v, want %v (%s)", c.name, id, fm[id].OK, ok, fm[id].Detail)
			}
		}
		if fm["zoom-encrypt"].Severe {
			t.Errorf("%s: zoom-encrypt must be a warning", c.name)
		}
	}
}

// BuildPolicyWith is the built policy with one more statement appended.
func BuildPolicyWith(stmt string) string {
	p := BuildPolicy("aws", acct, ZoomAccountID)
	i := strings.LastIndex(p, "}\n  ]")
	return p[:i+1] + ",\n" + stmt + p[i+1:]
}

func TestZoomPart(t *testing.T) {
	a := BuildPolicy("aws", acct, ZoomAccountID)
	// Same meaning: statements reordered, different Sid, bare account ID,
	// actions reordered and in another case, Resource as an array, extra
	// unrelated statement.
	b := `{"Version":"2012-10-17","Statement":[
	  {"Sid":"Zoom","Effect":"Allow","Resource":["*"],"Principal":{"AWS":["409910850980"]},"Action":["kms:GenerateDataKey*","kms:describekey","kms:Encrypt","kms:Decrypt"]},
	  {"Sid":"Other","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/x"},"Action":"kms:Decrypt","Resource":"*"},
	  {"Sid":"Admin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`
	za, err := ZoomPart(a, "aws", ZoomAccountID)
	if err != nil {
		t.Fatal(err)
	}
	zb, err := ZoomPart(b, "aws", ZoomAccountID)
	if err != nil {
		t.Fatal(err)
	}
	if za != zb || za == "" {
		t.Errorf("equivalent policies differ:\n%s\n%s", za, zb)
	}
	drifts := []string{
		strings.Replace(a, `"kms:Encrypt",`, ``, 1),
		BuildPolicyWith(`{"Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*"}`),
		strings.Replace(a, `"Resource": "*"
    }
  ]`, `"Resource": "*",
      "Condition": {"Bool": {"aws:ViaAWSService": "false"}}
    }
  ]`, 1),
	}
	for i, p := range drifts {
		if p == a {
			t.Fatalf("drift %d: replacement did not apply", i)
		}
		z, err := ZoomPart(p, "aws", ZoomAccountID)
		if err != nil {
			t.Fatal(err)
		}
		if z == za {
			t.Errorf("drift %d not detected:\n%s", i, z)
		}
	}
	if _, err := ZoomPart("{", "aws", ZoomAccountID); err == nil {
		t.Error("invalid JSON accepted")
	}
}

func TestAdminThroughStar(t *testing.T) {
	callerAccount := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"123456789012"}}}]}`
	if _, err := MergePolicy(callerAccount, "aws", acct, ZoomAccountID); err != nil {
		t.Errorf("a condition naming the account should count as administration: %v", err)
	}
	otherAccount := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"999999999999"}}}]}`
	if _, err := MergePolicy(otherAccount, "aws", acct, ZoomAccountID); !errors.Is(err, ErrLockout) {
		t.Errorf("a condition for another account is not administration: %v", err)
	}
	// A conditional grant to "*" is not a grant to Zoom.
	fm := findingMap(CheckPolicy(otherAccount, "aws", acct, ZoomAccountID))
	if fm["zoom-grant"].OK || !fm["zoom-condition"].OK {
		t.Errorf("conditional * counted for Zoom: %+v %+v", fm["zoom-grant"], fm["zoom-condition"])
	}
}

func TestMergeCrossPartitionPrincipalNotReused(t *testing.T) {
	// A Zoom statement written with the commercial partition does not work
	// for a GovCloud key: a statement in the key's partition is added.
	in := `{"Statement":[{"Sid":"Admin","Effect":"Allow","Principal":{"AWS":"arn:aws-us-gov:iam::123456789012:root"},"Action":"kms:*","Resource":"*"},` +
		`{"Sid":"AllowZoomCMK","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::409910850980:root"},"Action":["kms:Decrypt","kms:Encrypt","kms:DescribeKey","kms:GenerateDataKey*"],"Resource":"*"}]}`
	r, err := MergePolicy(in, "aws-us-gov", acct, ZoomAccountID)
	if err != nil {
		t.Fatal(err)
	}
	d := decode(t, r.Policy)
	if len(d.Statement) != 3 || !strings.Contains(r.Policy, `"arn:aws-us-gov:iam::409910850980:root"`) || d.Statement[2]["Sid"] != ZoomSid+"2" {
		t.Errorf("want a GovCloud Zoom statement added:\n%s", r.Policy)
	}
}
