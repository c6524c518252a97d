package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/zcmk/zcmk-tui/internal/zoom"
)

func newChecklistCmd(g *globalOpts) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "checklist",
		Short: "Print the remaining steps in the Zoom web portal, with your key ARNs",
		Long: `checklist prints the manual steps in the Zoom web portal that follow setup
(there is no API for them): paste the ARNs in Configure Customer Managed Key,
wait for Standby, choose the data types, alert recipients, group scoping, the
test recording and the CloudTrail check. The ARNs come from the session file
that setup saved; without one, run setup first (or read the steps anyway).

It speaks the language of --lang, else of LC_ALL, LC_MESSAGES or LANG: a
runbook for a Japanese change record and an English copy for Zoom support are
--lang ja and --lang en.`,
		Example: `  zcmk-tui checklist
  zcmk-tui checklist --format markdown > zoom-cmk-runbook.md
  zcmk-tui checklist --lang ja --format markdown > zoom-cmk-runbook.ja.md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch format {
			case "text", "markdown":
			default:
				return usageMsg("cli.err.format", shortened(format))
			}
			path, err := g.statePath()
			if err != nil {
				return err
			}
			s, err := loadSession(path)
			if err != nil {
				return err
			}
			var arns []string
			var ticks map[string]bool
			if s != nil {
				for _, k := range s.Keys {
					if k.Role == "primary" {
						arns = append([]string{k.ARN}, arns...)
					} else {
						arns = append(arns, k.ARN)
					}
				}
				ticks = s.Ticks
			}
			out, err := zoom.RenderChecklist(g.p(), format, arns, ticks)
			if err != nil {
				return err
			}
			fmt.Fprint(g.stdout, out)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or markdown")
	return cmd
}
