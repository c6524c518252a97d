package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func runWizard(cmd *cobra.Command, g *globalOpts) error { return errors.New("the wizard is not built yet") }

func newSetupCmd(g *globalOpts) *cobra.Command     { return &cobra.Command{Use: "setup"} }
func newPlanCmd(g *globalOpts) *cobra.Command      { return &cobra.Command{Use: "plan"} }
func newPolicyCmd(g *globalOpts) *cobra.Command    { return &cobra.Command{Use: "policy"} }
func newChecklistCmd(g *globalOpts) *cobra.Command { return &cobra.Command{Use: "checklist"} }
func newVerifyCmd(g *globalOpts) *cobra.Command    { return &cobra.Command{Use: "verify"} }
