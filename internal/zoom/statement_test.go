package zoom

import (
	"strings"
	"testing"
)

func TestActionPatterns(t *testing.T) {
	cases := []struct {
		pattern, required string
		covers            bool
	}{
		{"kms:*", "kms:Decrypt", true},
		{"*", "kms:GenerateDataKey*", true},
		{"kms:decrypt", "kms:Decrypt", true},
		{"KMS:DECRYPT", "kms:Decrypt", true},
		{"kms:Decrypt", "kms:Encrypt", false},
		{"kms:*crypt", "kms:Decrypt", true},
		{"kms:?ecrypt", "kms:Decrypt", true},
		{"kms:GenerateDataKey*", "kms:GenerateDataKey*", true},
		{"kms:Generate*", "kms:GenerateDataKey*", true},
		{"kms:GenerateDataKey", "kms:GenerateDataKey*", false},
		{"kms:GenerateDataKeyPair*", "kms:GenerateDataKey*", false},
		{"kms:GenerateDataKey?", "kms:GenerateDataKey*", false},
		{"kms:Put*", "kms:PutKeyPolicy", true},
		{"kms:Get*", "kms:PutKeyPolicy", false},
		{"s3:*", "kms:Decrypt", false},
		{"", "kms:Decrypt", false},
	}
	for _, c := range cases {
		if got := patternCovers(c.pattern, c.required); got != c.covers {
			t.Errorf("patternCovers(%q, %q) = %v", c.pattern, c.required, got)
		}
	}
	// NotAction: everything but the listed actions.
	s := statement{fields{{"NotAction", jsonStrings([]string{"kms:Schedule*", "kms:Decrypt"})}}}
	if s.coversAction("kms:Decrypt") || s.coversAction("kms:ScheduleKeyDeletion") || !s.coversAction("kms:PutKeyPolicy") || !s.coversAction("kms:GenerateDataKey*") {
		t.Error("NotAction not understood")
	}
	both := statement{fields{{"Action", jsonString("kms:*")}, {"NotAction", jsonString("kms:Decrypt")}}}
	if both.coversAction("kms:Encrypt") {
		t.Error("a statement with both Action and NotAction is invalid and covers nothing")
	}
}

func TestRenderRoundTrip(t *testing.T) {
	in := "{\"Statement\":{\"Condition\":{\"StringLike\":{\"kms:EncryptionContext:a\":\"<b>&\"}},\"Resource\":\"*\",\"Action\":\"kms:Decrypt\"," +
		"\"Principal\":{\"AWS\":\"x\"},\"Effect\":\"Deny\",\"Sid\":\"S\",\"Zed\":true,\"Alpha\":[]},\"Id\":\"i\",\"Version\":\"2012-10-17\",\"X\":{}}"
	d, err := parseDocument(in)
	if err != nil {
		t.Fatal(err)
	}
	out := d.render()
	want := `{
  "Version": "2012-10-17",
  "Id": "i",
  "Statement": [
    {
      "Sid": "S",
      "Effect": "Deny",
      "Principal": {
        "AWS": "x"
      },
      "Action": "kms:Decrypt",
      "Resource": "*",
      "Condition": {
        "StringLike": {
          "kms:EncryptionContext:a": "<b>&"
        }
      },
      "Zed": true,
      "Alpha": []
    }
  ],
  "X": {}
}`
	if out != want {
		t.Errorf("render:\n%s\nwant:\n%s", out, want)
	}
	d2, err := parseDocument(out)
	if err != nil || d2.render() != out {
		t.Errorf("render is not stable: %v", err)
	}
	empty, _ := parseDocument(`{"Version":"2012-10-17"}`)
	if got := empty.render(); !strings.Contains(got, `"Statement": []`) {
		t.Errorf("missing Statement not rendered as []: %s", got)
	}
}

func TestHasSevere(t *testing.T) {
	if HasSevere(CheckPolicy(BuildPolicy("aws", acct, ZoomAccountID), "aws", acct, ZoomAccountID)) {
		t.Error("built policy has severe findings")
	}
	oldGuide := `{"Statement":[` + adminJSON + `,{"Effect":"Allow","Principal":{"AWS":"409910850980"},"Action":["kms:Decrypt","kms:DescribeKey","kms:GenerateDataKey*"],"Resource":"*"}]}`
	if HasSevere(CheckPolicy(oldGuide, "aws", acct, ZoomAccountID)) {
		t.Error("missing kms:Encrypt alone must not be severe")
	}
	if !HasSevere(CheckPolicy(defaultKeyPolicy, "aws", acct, ZoomAccountID)) {
		t.Error("default policy lacks Zoom's grant: severe")
	}
}
