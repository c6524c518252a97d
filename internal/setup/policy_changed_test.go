package setup

import (
	"errors"
	"strings"
	"testing"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// A key policy edited between the plan and the write is never overwritten:
// the repair reads the policy again first and stops, nothing written, when
// it changed; the next plan keeps what was added. Before, the write put the
// plan's merged document and dropped the statement added in between.
func TestPolicyEditedAfterThePlanIsNotOverwritten(t *testing.T) {
	e := fresh(t)
	c := checker(t)
	foreign := `{"Version":"2012-10-17","Statement":[
 {"Sid":"Admins","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`
	edited := `{"Version":"2012-10-17","Statement":[
 {"Sid":"Admins","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"},
 {"Sid":"Auditors","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/audit"},"Action":"kms:DescribeKey","Resource":"*"}]}`
	key, err := c.KMS("us-east-1").CreateKey(ctx, awsx.CreateKeyInput{Policy: foreign})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.KMS("us-east-1").CreateAlias(ctx, zoom.DefaultAlias, key.KeyID); err != nil {
		t.Fatal(err)
	}
	p := mustPlan(t, e, opts("us-east-1"))
	// Someone edits the policy while the plan waits for its yes.
	if err := c.KMS("us-east-1").PutKeyPolicy(ctx, key.KeyID, edited); err != nil {
		t.Fatal(err)
	}
	_, err = e.Apply(ctx, p, func(Event) {})
	var me *MsgError
	if err == nil || !errors.As(err, &me) || me.Msg.ID != "setup.err.policy-changed" {
		t.Fatalf("apply over an edited policy: err = %v, want setup.err.policy-changed", err)
	}
	pol, _ := c.KMS("us-east-1").GetKeyPolicy(ctx, key.KeyID)
	if !strings.Contains(pol, "Auditors") || strings.Contains(pol, "AllowZoomCMK") {
		t.Fatalf("the edited policy was written over:\n%s", pol)
	}
	// A new plan reads the policy as it is now and keeps the new statement.
	mustApply(t, e, mustPlan(t, e, opts("us-east-1")))
	pol, _ = c.KMS("us-east-1").GetKeyPolicy(ctx, key.KeyID)
	for _, want := range []string{"Auditors", "role/audit", "AllowZoomCMK"} {
		if !strings.Contains(pol, want) {
			t.Errorf("the repair after a new plan lacks %s:\n%s", want, pol)
		}
	}
}

func TestSamePolicy(t *testing.T) {
	a := `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow"}]}`
	b := "{\n  \"Statement\": [ {\"Effect\": \"Allow\", \"Sid\": \"A\"} ],\n  \"Version\": \"2012-10-17\"\n}"
	if !samePolicy(a, b) {
		t.Error("the same document with other spacing and key order differs")
	}
	if samePolicy(a, `{"Version":"2012-10-17","Statement":[{"Sid":"B","Effect":"Allow"}]}`) || samePolicy(a, "not json") {
		t.Error("different documents are the same")
	}
}
