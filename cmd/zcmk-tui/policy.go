package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/zcmk/zcmk-tui/internal/zoom"
)

func newPolicyCmd(g *globalOpts) *cobra.Command {
	var acct accountFlags
	var zoomAccountID string
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
			if err := acct.check(); err != nil {
				return err
			}
			if err := zoom.ValidateAccountID(zoomAccountID); err != nil {
				return usageMsg("cli.err.zoomaccountid", err)
			}
			explicitZoom := cmd.Flags().Changed("zoom-account-id")
			if err := zoom.CheckZoomAccountForPartition(acct.partition, zoomAccountID, explicitZoom); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if err := acct.resolve(cmd.Context(), g, "cli.policy.identity"); err != nil {
				return err
			}
			if err := zoom.CheckZoomAccountForPartition(acct.partition, zoomAccountID, explicitZoom); err != nil {
				return usageMsg("cli.err.credpartition", acct.partition, err)
			}
			fmt.Fprintln(g.stdout, zoom.BuildPolicy(acct.partition, acct.accountID, zoomAccountID))
			return nil
		},
	}
	acct.register(cmd)
	cmd.Flags().StringVar(&zoomAccountID, "zoom-account-id", zoom.ZoomAccountID, "Zoom's AWS account ID (change only for Zoom for Government or another Zoom cloud)")
	return cmd
}

// accountFlags are --account-id and --partition of the commands that print
// a policy for an account (policy, permissions): given, no AWS call is
// needed; missing, they come from the caller's identity.
type accountFlags struct{ accountID, partition string }

func (a *accountFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&a.accountID, "account-id", "", "your 12-digit AWS account ID (no AWS call when given)")
	cmd.Flags().StringVar(&a.partition, "partition", "", "AWS partition: aws, aws-us-gov or aws-cn (default: from your credentials, else aws)")
}

// check says what is wrong with the flags given, before any AWS call.
func (a *accountFlags) check() error {
	if a.accountID != "" {
		if err := zoom.ValidateAccountID(a.accountID); err != nil {
			return usageMsg("cli.err.accountid", err)
		}
	}
	switch a.partition {
	case "", "aws", "aws-us-gov", "aws-cn":
		return nil
	}
	return usageMsg("cli.err.partition", shortened(a.partition))
}

// resolve fills in what the flags left out from the caller's identity
// (failing with the message failID), and the partition aws last.
func (a *accountFlags) resolve(ctx context.Context, g *globalOpts, failID string) error {
	if a.accountID == "" {
		eng, err := g.newEngine(ctx)
		if err != nil {
			return err
		}
		id, err := eng.Identity(ctx)
		if err != nil {
			return newMsgErr(failID, err)
		}
		a.accountID = id.AccountID
		if a.partition == "" {
			a.partition = id.Partition
		}
	}
	if a.partition == "" {
		a.partition = "aws"
	}
	return nil
}
