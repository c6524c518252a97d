package main

import (
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Set at release time with -ldflags "-X main.version=... -X main.commit=... -X main.date=...".
var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
)

// buildInfo returns version, commit and date, falling back to what the Go
// toolchain recorded (go install ...@vX.Y.Z) when no -ldflags were given.
func buildInfo() (v, c, d string) {
	v, c, d = version, commit, date
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return
	}
	if v == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch {
		case s.Key == "vcs.revision" && c == "none":
			c = s.Value
		case s.Key == "vcs.time" && d == "unknown":
			d = s.Value
		}
	}
	return
}

func versionString() string {
	v, c, d := buildInfo()
	return fmt.Sprintf("zcmk-tui %s (commit %s, built %s)", v, c, d)
}

func newVersionCmd(g *globalOpts) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version, commit and build date",
		Example: "  zcmk-tui version\n  zcmk-tui version --output json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if g.output == "json" {
				v, c, d := buildInfo()
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(struct {
					Version string `json:"version"`
					Commit  string `json:"commit"`
					Built   string `json:"built"`
				}{v, c, d})
			}
			fmt.Fprintln(cmd.OutOrStdout(), versionString())
			return nil
		},
	}
}
