package zoom

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// statementsOf decodes the statements of a policy with encoding/json alone,
// independently of this package's parser.
func statementsOf(t *testing.T, policy string) []map[string]any {
	t.Helper()
	var top struct{ Statement json.RawMessage }
	if err := json.Unmarshal([]byte(policy), &top); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, policy)
	}
	var list []map[string]any
	if err := json.Unmarshal(top.Statement, &list); err == nil {
		return list
	}
	var one map[string]any
	if err := json.Unmarshal(top.Statement, &one); err != nil {
		t.Fatalf("statements not decodable: %v\n%s", err, policy)
	}
	return []map[string]any{one}
}

func asList(v any) []any {
	switch x := v.(type) {
	case string:
		return []any{x}
	case []any:
		return x
	}
	return nil
}

var fuzzSeeds = []string{
	defaultKeyPolicy,
	BuildPolicy("aws", acct, ZoomAccountID),
	`{"Statement":[` + adminJSON + `,{"Sid":"AllowZoomCMK","Effect":"Allow","Principal":{"AWS":"409910850980"},"Action":"kms:Decrypt","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`,
	`{"Statement":` + adminJSON + `}`,
	`{"Version":"2012-10-17","Statement":[` + adminJSON + `,{"Sid":"AllowZoomCMK","Effect":"Deny","Principal":"*","NotAction":"kms:Describe*","Resource":"*"}]}`,
	`{"Statement":[{"Effect":"Allow","Principal":{"AWS":["123456789012","arn:aws:iam::409910850980:root"]},"Action":["kms:Put*","kms:Decrypt"],"Resource":["*"]},{"Sid":"x","Effect":"Allow","Principal":{"Service":"logs.amazonaws.com"},"Action":"kms:*","Resource":"*"}]}`,
	`{"Statement":[` + adminJSON + `,{"Sid":"Z","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::409910850980:root"},"Action":"kms:GenerateDataKey","Resource":"arn:aws:kms:us-east-1:123456789012:key/x"}],"Extra":[1,{"a":null}]}`,
	`{"Statement":[{"Sid":"ReadOnly","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:Describe*","Resource":"*"}]}`,
	`{"Statement":[` + adminJSON + `,{"Sid":"AllowZoomCMK","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::409910850980:root"},"NotAction":"kms:ScheduleKeyDeletion","Resource":"*","Condition":{}}]}`,
	`not json`,
}

// FuzzMergePolicy checks the merge's promises on arbitrary documents: it
// never drops or reorders a statement, it edits at most one (only its Action,
// Resource and Condition, keeping the old actions), the result grants Zoom,
// and merging again changes nothing.
func FuzzMergePolicy(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) { checkMerge(t, in) })
}

// checkMerge asserts the merge's promises for one input.
func checkMerge(t *testing.T, in string) {
	t.Helper()
	{
		// These never panic, whatever the input.
		fs := CheckPolicy(in, "aws", acct, ZoomAccountID)
		_, zerr := ZoomPart(in, "aws", ZoomAccountID)
		r, err := MergePolicy(in, "aws", acct, ZoomAccountID)
		if err != nil {
			return
		}
		if zerr != nil || len(fs) != 6 {
			t.Fatalf("merge accepted what CheckPolicy/ZoomPart rejected: %v", zerr)
		}
		before := statementsOf(t, in)
		after := statementsOf(t, r.Policy)
		if len(after) < len(before) {
			t.Fatalf("statements dropped: %d -> %d", len(before), len(after))
		}
		edited := 0
		for i, b := range before {
			a := after[i]
			if reflect.DeepEqual(a, b) {
				continue
			}
			edited++
			for k, v := range b {
				switch k {
				case "Action", "Resource", "Condition":
					continue
				}
				if !reflect.DeepEqual(a[k], v) {
					t.Fatalf("statement %d: field %s changed from %v to %v", i, k, v, a[k])
				}
			}
			old, now := asList(b["Action"]), asList(a["Action"])
			if len(now) < len(old) || !reflect.DeepEqual(now[:len(old)], old) {
				t.Fatalf("statement %d: actions %v not kept in %v", i, old, now)
			}
		}
		if edited > 1 {
			t.Fatalf("%d statements edited", edited)
		}
		if r.Changed != (edited > 0 || len(after) > len(before)) {
			t.Fatalf("Changed=%v but edited=%d, added=%d", r.Changed, edited, len(after)-len(before))
		}
		if len(after) > len(before)+1 {
			t.Fatalf("%d statements added", len(after)-len(before))
		}
		check := findingMap(CheckPolicy(r.Policy, "aws", acct, ZoomAccountID))
		if !check["zoom-grant"].OK || !check["zoom-encrypt"].OK || !check["zoom-condition"].OK {
			t.Fatalf("merged policy does not grant Zoom: %+v\n%s", check, r.Policy)
		}
		if r.Changed && !check["admin"].OK {
			t.Fatalf("changed policy without administration:\n%s", r.Policy)
		}
		r2, err := MergePolicy(r.Policy, "aws", acct, ZoomAccountID)
		if err != nil {
			t.Fatalf("second merge failed: %v\n%s", err, r.Policy)
		}
		if r2.Changed || r2.Policy != r.Policy {
			t.Fatalf("merge not idempotent: %v\n%s\n---\n%s", r2.NotesIn(english), r.Policy, r2.Policy)
		}
	}
}

// Pieces FuzzMergeComposed builds statements from: the shapes real key
// policies use, so the fuzzer explores meaning rather than JSON syntax.
var (
	pieceSid = []string{``, `"Sid":"AllowZoomCMK"`, `"Sid":"AllowZoomCMK2"`, `"Sid":"Admin"`, `"Sid":"x"`}
	pieceEff = []string{`"Effect":"Allow"`, `"Effect":"Deny"`, `"Effect":"allow"`, ``}
	piecePr  = []string{
		`"Principal":{"AWS":"arn:aws:iam::409910850980:root"}`, `"Principal":{"AWS":"409910850980"}`,
		`"Principal":{"AWS":["409910850980","arn:aws:iam::409910850980:root"]}`,
		`"Principal":{"AWS":"arn:aws:iam::123456789012:root"}`, `"Principal":{"AWS":"123456789012"}`,
		`"Principal":{"AWS":"arn:aws:iam::123456789012:role/Admin"}`, `"Principal":"*"`, `"Principal":{"AWS":"*"}`,
		`"Principal":{"AWS":["409910850980","123456789012"]}`, `"Principal":{"Service":"s3.amazonaws.com"}`,
		`"NotPrincipal":{"AWS":"123456789012"}`, `"Principal":{"AWS":"arn:aws-cn:iam::409910850980:root"}`, ``,
	}
	pieceAct = []string{
		`"Action":"kms:*"`, `"Action":"*"`, `"Action":"kms:Decrypt"`, `"Action":["kms:Decrypt","kms:DescribeKey","kms:GenerateDataKey*"]`,
		`"Action":["kms:encrypt","KMS:DECRYPT","kms:Describe*","kms:GenerateDataKey"]`, `"Action":"kms:Put*"`,
		`"Action":["kms:PutKeyPolicy"]`, `"NotAction":"kms:Decrypt"`, `"NotAction":["kms:ScheduleKeyDeletion"]`,
		`"Action":[]`, `"Action":null`, ``,
	}
	pieceRes = []string{`"Resource":"*"`, `"Resource":["*"]`, `"Resource":"arn:aws:kms:us-east-1:123456789012:key/k"`, `"NotResource":"*"`, ``}
	pieceCon = []string{``, `"Condition":{}`, `"Condition":{"Bool":{"aws:SecureTransport":"true"}}`,
		`"Condition":{"StringEquals":{"kms:CallerAccount":"123456789012"}}`, `"Condition":null`}
)

func pick(list []string, b byte) string { return list[int(b)%len(list)] }

// FuzzMergeComposed runs the merge checks on policies assembled from
// realistic statement pieces (six bytes choose one statement).
func FuzzMergeComposed(f *testing.F) {
	f.Add([]byte{3, 0, 3, 0, 0, 0}, false)
	f.Add([]byte{3, 0, 3, 0, 0, 0, 1, 0, 0, 2, 0, 2}, true)
	f.Add([]byte{0, 0, 5, 6, 0, 0, 2, 1, 6, 2, 0, 0, 1, 0, 1, 4, 1, 2}, false)
	f.Add([]byte{0, 0, 8, 0, 0, 0}, true)
	f.Fuzz(func(t *testing.T, picks []byte, single bool) {
		var stmts []string
		admin := false // a plain account-root kms:* statement is present
		for i := 0; i+6 <= len(picks) && len(stmts) < 8; i += 6 {
			p := picks[i : i+6]
			if p[1]%4 == 0 && (p[2]%13 == 3 || p[2]%13 == 4) && p[3]%12 == 0 && p[4]%5 == 0 {
				admin = true
			}
			var parts []string
			for j, list := range [][]string{pieceSid, pieceEff, piecePr, pieceAct, pieceRes, pieceCon} {
				if p := pick(list, picks[i+j]); p != "" {
					parts = append(parts, p)
				}
			}
			stmts = append(stmts, "{"+strings.Join(parts, ",")+"}")
		}
		body := "[" + strings.Join(stmts, ",") + "]"
		if single && len(stmts) == 1 {
			body = stmts[0]
		}
		in := `{"Version":"2012-10-17","Statement":` + body + `}`
		checkMerge(t, in)
		if _, err := MergePolicy(in, "aws", acct, ZoomAccountID); admin && err != nil {
			t.Fatalf("merge refused a policy with an administration statement: %v\n%s", err, in)
		}
	})
}
