package main

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Set at release time with -ldflags "-X main.version=... -X main.commit=... -X main.date=...".
var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
)

// versionFile is the version the source tree is on its way to (VERSION,
// next to this file): what a build without -ldflags and without a module
// version says, e.g. `go build -buildvcs=false` from a clone or a tarball.
//
//go:embed VERSION
var versionFile string

// buildInfo returns version, commit and date, falling back to what the Go
// toolchain recorded (go install ...@vX.Y.Z) when no -ldflags were given,
// and for the version then to the VERSION file.
func buildInfo() (v, c, d string) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return resolveBuildInfo(version, commit, date, bi, versionFile)
}

// resolveBuildInfo is buildInfo with its sources given: the -ldflags values,
// the toolchain's build info (nil when there is none) and the VERSION file.
func resolveBuildInfo(v, c, d string, bi *debug.BuildInfo, file string) (string, string, string) {
	if v == "dev" && bi != nil && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	if f := strings.TrimSpace(file); v == "dev" && f != "" {
		v = f
	}
	if bi == nil {
		return v, c, d
	}
	for _, s := range bi.Settings {
		switch {
		case s.Key == "vcs.revision" && c == "none":
			c = s.Value
		case s.Key == "vcs.time" && d == "unknown":
			d = s.Value
		}
	}
	return v, c, d
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
