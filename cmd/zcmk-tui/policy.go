package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/zcmk/zcmk-tui/internal/zoom"
)

func newPolicyCmd(g *globalOpts) *cobra.Command {
	var accountID, partition, zoomAccountID string
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Print the key policy that gives Zoom access to the key",
		Long: `policy prints the key policy document setup puts on a new key: a statement that
keeps your account in control of the key (kms:* for the account root), and the
statement Zoom needs (kms:Decrypt, kms:Encrypt, kms:DescribeKey and
kms:GenerateDataKey* for Zoom's account, 409910850980).

Outside the commercial partition (aws-us-gov, aws-cn) Zoom's account is
another one: Zoom for Government and other Zoom clouds use their own AWS
account. Ask Zoom for it and give it with --zoom-account-id; without it,
policy refuses rather than print a principal that cannot exist there.

With --account-id it makes no AWS call; without it, it asks STS for the account
and partition of your credentials.`,
		Example: `  zcmk-tui policy --account-id 123456789012
  zcmk-tui policy --account-id 123456789012 --partition aws-us-gov --zoom-account-id 111122223333
  zcmk-tui policy --profile zoom-admin > zoom-cmk-policy.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if accountID != "" {
				if err := zoom.ValidateAccountID(accountID); err != nil {
					return usageMsg("cli.err.accountid", err)
				}
			}
			if err := zoom.ValidateAccountID(zoomAccountID); err != nil {
				return usageMsg("cli.err.zoomaccountid", err)
			}
			switch partition {
			case "", "aws", "aws-us-gov", "aws-cn":
			default:
				return usageMsg("cli.err.partition", shortened(partition))
			}
			explicitZoom := cmd.Flags().Changed("zoom-account-id")
			if err := zoom.CheckZoomAccountForPartition(partition, zoomAccountID, explicitZoom); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if accountID == "" {
				eng, err := g.newEngine(cmd.Context())
				if err != nil {
					return err
				}
				id, err := eng.Identity(cmd.Context())
				if err != nil {
					return newMsgErr("cli.policy.identity", err)
				}
				accountID = id.AccountID
				if partition == "" {
					partition = id.Partition
				}
			}
			if partition == "" {
				partition = "aws"
			}
			if err := zoom.CheckZoomAccountForPartition(partition, zoomAccountID, explicitZoom); err != nil {
				return usageMsg("cli.err.credpartition", partition, err)
			}
			fmt.Fprintln(g.stdout, zoom.BuildPolicy(partition, accountID, zoomAccountID))
			return nil
		},
	}
	cmd.Flags().StringVar(&accountID, "account-id", "", "your 12-digit AWS account ID (no AWS call when given)")
	cmd.Flags().StringVar(&partition, "partition", "", "AWS partition: aws, aws-us-gov or aws-cn (default: from your credentials, else aws)")
	cmd.Flags().StringVar(&zoomAccountID, "zoom-account-id", zoom.ZoomAccountID, "Zoom's AWS account ID (change only for Zoom for Government or another Zoom cloud)")
	return cmd
}
