package main

import (
	"github.com/spf13/cobra"
)

func newSetupCmd(g *globalOpts) *cobra.Command     { return &cobra.Command{Use: "setup"} }
func newPlanCmd(g *globalOpts) *cobra.Command      { return &cobra.Command{Use: "plan"} }
func newPolicyCmd(g *globalOpts) *cobra.Command    { return &cobra.Command{Use: "policy"} }
func newChecklistCmd(g *globalOpts) *cobra.Command { return &cobra.Command{Use: "checklist"} }
func newVerifyCmd(g *globalOpts) *cobra.Command    { return &cobra.Command{Use: "verify"} }
