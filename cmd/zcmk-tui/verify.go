package main

import "github.com/spf13/cobra"

// newVerifyCmd is the health check (built by the verify work).
func newVerifyCmd(g *globalOpts) *cobra.Command {
	return &cobra.Command{Use: "verify", Short: "Check that Zoom can use the key in every Region", Hidden: true}
}
