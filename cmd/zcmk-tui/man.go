package main

import "github.com/spf13/cobra"

// newManCmd generates the man page (filled in by the shipping work).
func newManCmd() *cobra.Command {
	return &cobra.Command{Use: "man", Short: "Print the man page", Hidden: true, RunE: func(*cobra.Command, []string) error { return nil }}
}
