package zoom

import (
	"fmt"
	"strings"
	"testing"
)

// kmsDefaultPolicy is the policy KMS gives a key created without one.
const kmsDefaultPolicy = `{
  "Version": "2012-10-17",
  "Id": "key-default-1",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
      "Action": "kms:*",
      "Resource": "*"
    }
  ]
}`

// largePolicy is a key policy with n foreign statements (roles, conditions)
// before the account-root statement, as a long-lived shared key may have.
func largePolicy(n int) string {
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Id":"key-consolepolicy-3","Statement":[`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `{"Sid":"AllowRole%d","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/app-%d"},`+
			`"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*",`+
			`"Condition":{"StringEquals":{"kms:ViaService":"s3.ap-northeast-1.amazonaws.com","kms:CallerAccount":"123456789012"}}},`, i, i)
	}
	b.WriteString(`{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`)
	return b.String()
}

// BenchmarkMergePolicy measures MergePolicy on the policies setup meets: the
// KMS default policy (the Zoom statement is added), a policy that already
// grants Zoom (nothing changes, the common second run), a partial Zoom
// statement (repaired), and a large policy with 40 foreign statements.
func BenchmarkMergePolicy(b *testing.B) {
	const account = "123456789012"
	ours := BuildPolicy("aws", account, ZoomAccountID)
	partial := strings.Replace(ours, `"kms:Encrypt",`, "", 1)
	cases := []struct{ name, policy string }{
		{"default", kmsDefaultPolicy},
		{"unchanged", ours},
		{"repair", partial},
		{"large40", largePolicy(40)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			if _, err := MergePolicy(c.policy, "aws", account, ZoomAccountID); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(c.policy)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := MergePolicy(c.policy, "aws", account, ZoomAccountID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBuildPolicy measures building the policy for a new key.
func BenchmarkBuildPolicy(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = BuildPolicy("aws", "123456789012", ZoomAccountID)
	}
}
