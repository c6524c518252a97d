package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

func newPermissionsCmd(g *globalOpts) *cobra.Command {
	var accountID, partition string
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
			if accountID != "" {
				if err := zoom.ValidateAccountID(accountID); err != nil {
					return usageMsg("cli.err.accountid", err)
				}
			}
			switch partition {
			case "", "aws", "aws-us-gov", "aws-cn":
			default:
				return usageMsg("cli.err.partition", shortened(partition))
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
			if accountID == "" {
				eng, err := g.newEngine(cmd.Context())
				if err != nil {
					return err
				}
				id, err := eng.Identity(cmd.Context())
				if err != nil {
					return newMsgErr("cli.permissions.identity", err)
				}
				accountID = id.AccountID
				if partition == "" {
					partition = id.Partition
				}
			}
			if partition == "" {
				partition = "aws"
			}
			doc, _ := setup.OperatorPolicy(partition, accountID, list...)
			fmt.Fprint(g.stdout, doc)
			return nil
		},
	}
	cmd.Flags().StringVar(&accountID, "account-id", "", "your 12-digit AWS account ID (no AWS call when given)")
	cmd.Flags().StringVar(&partition, "partition", "", "AWS partition: aws, aws-us-gov or aws-cn (default: from your credentials, else aws)")
	cmd.Flags().StringArrayVar(&parts, "for", nil, "only what these parts need: setup, verify, drill, alerts or export (repeatable or comma-separated)")
	return cmd
}
