package zoom

import "testing"

func TestAllowsEnableKey(t *testing.T) {
	const role = "arn:aws:iam::111122223333:role/zcmk-tui-drill-net-1"
	for _, tc := range []struct {
		name, policy string
		want         bool
	}{
		{"default account statement", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`, true},
		{"the role itself", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"` + role + `"},"Action":["kms:EnableKey"],"Resource":"*"}]}`, true},
		{"admin actions only", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["kms:PutKeyPolicy","kms:GetKeyPolicy"],"Resource":"*"}]}`, false},
		{"another account", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"kms:*","Resource":"*"}]}`, false},
		{"a condition", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`, false},
		{"a deny", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"kms:Enable*","Resource":"*"}]}`, false},
		{"not json", `{`, false},
	} {
		if got := AllowsEnableKey(tc.policy, "aws", "111122223333", role); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
