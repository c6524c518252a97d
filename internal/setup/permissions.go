package setup

import (
	awsx "github.com/zcmk/zcmk-tui/internal/aws"
)

// PermissionParts are the values of `zcmk-tui permissions --for`.
var PermissionParts = []string{string(awsx.UseSetup), string(awsx.UseVerify), string(awsx.UseDrill), string(awsx.UseAlerts)}

// OperatorPolicy is the least-privilege IAM policy document (JSON) for the
// operator of the given parts ("setup", "verify", "drill", "alerts"; every
// call of the product, the export's reads included, when none is given), in
// the account and partition. It is read from the one list of the calls the
// product makes (internal/aws/permissions.go). A drill's pre-flight is
// verify, so "drill" includes verify's reads.
func OperatorPolicy(partition, account string, parts ...string) (string, error) {
	var uses []awsx.Use
	for _, p := range parts {
		u, ok := awsx.ParseUse(p)
		if !ok {
			return "", errorf("setup.permissions.err.for", p)
		}
		uses = append(uses, u)
		if u == awsx.UseDrill {
			uses = append(uses, awsx.UseVerify)
		}
	}
	return awsx.OperatorPolicy(partition, account, uses...).JSON(), nil
}
