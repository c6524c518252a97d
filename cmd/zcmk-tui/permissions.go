package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zcmk/zcmk-tui/internal/setup"
)

func newPermissionsCmd(g *globalOpts) *cobra.Command {
	var acct accountFlags
	var parts []string
	cmd := &cobra.Command{
		Use:   "permissions",
		Short: "Print the least-privilege IAM policy the operator needs",
		Long: `permissions prints one IAM policy document (JSON, ready for
'aws iam create-policy --policy-document file://policy.json') with exactly the actions
zcmk-tui calls: setup (with tamper alerts), verify, the outage drill and the
export's reads; nothing else.

- no wildcard action, and never kms:ScheduleKeyDeletion (the tool never
  schedules key deletion);
- key-level actions only on your account's KMS keys in the partition
  (arn:<partition>:kms:*:<account>:key/*), aliases likewise;
- kms:CreateKey only for a symmetric ENCRYPT_DECRYPT multi-Region key with KMS
  key material (conditions kms:MultiRegion, kms:KeySpec, kms:KeyUsage,
  kms:KeyOrigin);
- the alert actions only on the tool's own rules and topics (zcmk-tui-*).

--for setup|verify|drill|alerts|export (repeatable) narrows it to those
parts; a drill includes verify's reads (its pre-flight); export is the
read-only calls of 'zcmk-tui export' (keys and tamper alerts). With
--account-id it makes no AWS call; without it, it asks STS for the account
and partition of your credentials.`,
		Example: `  zcmk-tui permissions --account-id 123456789012 > zcmk-tui-operator.json
  aws iam create-policy --policy-name zcmk-tui-operator --policy-document file://zcmk-tui-operator.json
  zcmk-tui permissions --for verify --account-id 123456789012     # a read-only policy for a weekly verify`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := acct.check(); err != nil {
				return err
			}
			var list []string
			for _, p := range parts {
				for _, x := range strings.Split(p, ",") {
					list = append(list, strings.TrimSpace(x))
				}
			}
			if _, err := setup.OperatorPolicy("aws", "000000000000", list...); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if err := acct.resolve(cmd.Context(), g, "cli.permissions.identity"); err != nil {
				return err
			}
			doc, _ := setup.OperatorPolicy(acct.partition, acct.accountID, list...)
			fmt.Fprint(g.stdout, doc)
			return nil
		},
	}
	acct.register(cmd)
	cmd.Flags().StringArrayVar(&parts, "for", nil, "only what these parts need: setup, verify, drill, alerts or export (repeatable or comma-separated)")
	return cmd
}
