package zoom

import (
	"encoding/json"
	"reflect"
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
	f.Fuzz(func(t *testing.T, in string) {
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
			t.Fatalf("merge not idempotent: %v\n%s\n---\n%s", r2.Notes, r.Policy, r2.Policy)
		}
	})
}
