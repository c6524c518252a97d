package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui"
)

type exportFlags struct {
	format  string
	dir     string
	offline bool
	force   bool
}

func newExportCmd(g *globalOpts) *cobra.Command {
	f := &exportFlags{}
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the key set as Terraform or CloudFormation that adopts it (imports, creates nothing)",
		Long: `export writes the session's key set as infrastructure as code, so that your
platform team can keep it in Terraform or CloudFormation from now on. The files
adopt the existing keys and aliases (Terraform import blocks; CloudFormation
import change sets): nothing is created again and nothing is replaced, so Zoom
keeps its access and the ARNs in the Zoom web portal stay valid.

--format terraform writes versions.tf (the AWS provider's major pinned),
providers.tf (one provider alias per Region), kms.tf (aws_kms_key,
aws_kms_replica_key and aws_kms_alias, prevent_destroy on the keys),
imports.tf, each Region's key policy exactly as applied in policies/, and a
README.md with the commands in order.

--format cloudformation writes one template per Region (a stack cannot span
Regions) with DeletionPolicy and UpdateReplacePolicy Retain on the keys, a
resources-to-import file per template, StackSet templates for other accounts,
and a README.md with the exact commands, the primary's stack first.

It reads the key set from the session file, then refreshes from AWS only what
the session cannot know for sure, with read-only calls: each Region's current
key policy, the tags, rotation, and where the alias points. --offline makes no
AWS call and uses the session alone (the README then says so).

Flags, the session and --dir are checked before any AWS call. An existing file
is never replaced without --force (exit 2, nothing written). The comments and
the README are in the language of --lang, else of the session.`,
		Example: `  zcmk-tui export --format terraform --dir infra/zoom-cmk
  zcmk-tui export --format cloudformation --dir cfn/zoom-cmk
  zcmk-tui export --format terraform --dir infra/zoom-cmk --offline   # no AWS call
  zcmk-tui export --format terraform --dir infra/zoom-cmk --force     # replace the files`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runExport(cmd, g, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "", "terraform or cloudformation (required)")
	fl.StringVar(&f.dir, "dir", "", "folder to write the files into; made when missing (required)")
	fl.BoolVar(&f.offline, "offline", false, "make no AWS call: export from the session file alone")
	fl.BoolVar(&f.force, "force", false, "replace files that already exist in --dir")
	return cmd
}

// exportJSON is export's --output json result.
type exportJSON struct {
	Format  string   `json:"format"`
	Dir     string   `json:"dir"`
	Offline bool     `json:"offline"`
	Files   []string `json:"files"`
}

func runExport(cmd *cobra.Command, g *globalOpts, f *exportFlags) error {
	if !slices.Contains(docs.ExportFormats, f.format) {
		return usageMsg("docs.export.err.format", shortened(f.format), strings.Join(docs.ExportFormats, ", "))
	}
	if strings.TrimSpace(f.dir) == "" {
		return usageMsg("docs.export.err.nodir")
	}
	s, err := g.readSession()
	if err != nil {
		return err
	}
	if s != nil && s.DryRun {
		return usageMsg("cli.export.err.dryrun")
	}
	if s == nil || len(s.Keys) == 0 {
		return usageMsg("docs.export.err.nokeys")
	}
	for _, r := range append([]string{s.PrimaryRegion}, s.Replicas...) {
		if r != "" && !slices.ContainsFunc(s.Keys, func(k state.Key) bool { return k.Region == r && k.ARN != "" }) {
			return usageMsg("docs.export.err.incomplete", r)
		}
	}
	lang := g.p().Lang()
	if g.lang == "" && s.Lang != "" {
		if l, err := i18n.Parse(s.Lang); err == nil {
			lang = l
		}
	}
	in := ui.ExportInput(s, setup.SessionFacts(s), setup.SessionAlerts(s), lang)
	names, err := docs.ExportNames(f.format, in)
	if err != nil {
		return exportUsage(err)
	}
	dir, err := docs.ExportDir(f.dir, names, f.force)
	if err != nil {
		return exportUsage(err)
	}
	if !f.offline {
		in, err = refreshExport(cmd, g, s, lang)
		if err != nil {
			return err
		}
	}
	in.Offline = f.offline
	files, err := docs.Export(f.format, in)
	if err != nil && !f.offline {
		// What AWS holds cannot be adopted (an alias naming another key):
		// not a usage error, AWS was read.
		return &exitError{code: exitFailure, kind: "invalid_state", err: err}
	}
	if err != nil {
		return exportUsage(err)
	}
	written, err := docs.WriteExport(dir, files, f.force)
	if err != nil {
		return exportUsage(err)
	}
	if g.output == "json" {
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(exportJSON{Format: f.format, Dir: dir, Offline: f.offline, Files: written})
	}
	w := g.humanOut()
	fmt.Fprintln(w, g.p().T("cli.export.wrote", len(written), dir))
	for _, p := range written {
		fmt.Fprintln(w, "  "+p)
	}
	fmt.Fprintln(w, g.p().T("cli.export.next", filepath.Join(dir, "README.md")))
	return nil
}

// refreshExport reads the key set's current facts through the engine
// (read-only calls), in the session's primary Region.
func refreshExport(cmd *cobra.Command, g *globalOpts, s *state.Session, lang i18n.Lang) (docs.ExportInput, error) {
	eng, err := g.newEngineIn(cmd.Context(), s.PrimaryRegion)
	if err != nil {
		return docs.ExportInput{}, err
	}
	fmt.Fprintln(g.stderr, g.p().T("cli.export.refresh"))
	facts, err := eng.ExportFacts(cmd.Context(), docs.ExportKeys(s), docs.ExportAlias(s))
	if err != nil {
		return docs.ExportInput{}, err
	}
	alerts, err := eng.ExportAlerts(cmd.Context(), s.Alerts, docs.ExportAlias(s))
	if err != nil {
		return docs.ExportInput{}, err
	}
	return ui.ExportInput(s, facts, alerts, lang), nil
}

// exportUsage makes an export's own refusal (bad input, a file in the
// way) a usage error, exit 2.
func exportUsage(err error) error {
	var ee *docs.ExportError
	if errors.As(err, &ee) {
		code := exitUsage
		if ee.Write {
			code = exitFailure
		}
		return &exitError{code: code, err: ee}
	}
	return err
}
