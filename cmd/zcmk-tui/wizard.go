package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// runWizard opens the step-by-step wizard (zcmk-tui with no command).
func runWizard(cmd *cobra.Command, g *globalOpts) error { return errors.New("the wizard is not built yet") }
