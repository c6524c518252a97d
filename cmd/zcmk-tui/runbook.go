package main

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// toolVersion is the version the runbook records.
func toolVersion() string {
	v, c, _ := buildInfo()
	if c != "none" && len(c) > 12 {
		c = c[:12]
	}
	return v + " (" + c + ")"
}

func newRunbookCmd(g *globalOpts) *cobra.Command {
	var (
		output string
		force  bool
	)
	cmd := &cobra.Command{
		Use:   "runbook",
		Short: "Print the Markdown runbook of the saved session, for a change record",
		Long: `runbook prints the same Markdown document as the wizard's m: who ran the
setup and where (caller, profile, tool version, the endpoint when it was not
AWS), the Regions and key ARNs, what was done and when, each Region's key
policy as read back, the latest verify, the Zoom web-portal checklist with its
ticks, the alert e-mails and data types, the support-ticket text and how to
back out safely. It reads the session file only; it calls no AWS API.

--output FILE is checked before anything is written: a folder that does not
exist, a folder in FILE's place or a place that cannot be written is refused
(exit 2). An existing FILE is never replaced silently: without --force it is
left as it is and the command exits 2. ~ in FILE is the home folder.

It speaks the language of --lang, else of the locale.`,
		Example: `  zcmk-tui runbook > zoom-cmk-runbook.md
  zcmk-tui runbook --output zoom-cmk-runbook.md
  zcmk-tui runbook --lang ja --output zoom-cmk-runbook.ja.md
  zcmk-tui runbook --output zoom-cmk-runbook.md --force   # replace the file`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			target, err := runbookTarget(output, force)
			if err != nil {
				return err
			}
			s, err := g.readSession()
			if err != nil {
				return err
			}
			if s == nil {
				s = &state.Session{}
			}
			doc := docs.Runbook(docs.CatalogueFor(docs.LangFor(s, g.p().Lang(), g.lang != "")), docs.Record{Session: s, Now: time.Now()})
			if target == "" {
				_, err := fmt.Fprint(g.stdout, doc)
				return err
			}
			if err := docs.WriteRunbook(target, doc, force); err != nil {
				return runbookPathErr(target, err) // a file came in the meantime
			}
			fmt.Fprintln(g.stderr, g.p().T("cli.runbook.written", target))
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the runbook to FILE instead of standard output (an existing FILE is left as it is: see --force)")
	cmd.Flags().BoolVar(&force, "force", false, "with --output: replace FILE when it exists")
	return cmd
}

// runbookTarget is the absolute file --output names ("" for standard
// output), checked before anything is read or written: a bad place, or an
// existing file without --force, is a usage error (exit 2).
func runbookTarget(output string, force bool) (string, error) {
	if output == "" || output == "-" {
		return "", nil
	}
	if output == "json" || output == "text" {
		// The global --output json|text, given to runbook, whose --output
		// names a file: the runbook is Markdown only.
		return "", usageMsg("cli.runbook.err.format", output)
	}
	abs, err := docs.ResolveRunbookPath(output, "")
	if err != nil {
		return "", runbookPathErr(output, err)
	}
	exists, err := docs.CheckRunbookPath(abs)
	if err != nil {
		return "", runbookPathErr(abs, err)
	}
	if exists && !force {
		return "", usageMsg("cli.runbook.err.exists", abs)
	}
	return abs, nil
}

// runbookPathErr is why the runbook cannot be written at path, as a usage
// error (exit 2) when it is about the path given.
func runbookPathErr(path string, err error) error {
	var pe *docs.RunbookPathError
	switch {
	case errors.As(err, &pe) && pe.Exists():
		return usageMsg("cli.runbook.err.exists", path)
	case errors.As(err, &pe):
		return &exitError{code: exitUsage, err: pe}
	}
	return err
}

// history collects the AWS calls of an Apply as they end, for the runbook
// (Apply reports from several goroutines at once).
type history struct {
	mu  sync.Mutex
	all []state.Action
}

func (h *history) add(ev setup.Event) {
	a, ok := setup.CallRecord(ev, time.Now())
	if !ok {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.all = append(h.all, a)
}

// calls are the calls collected so far.
func (h *history) calls() []state.Action {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.all)
}

// runOf is who ran the setup of plan and where, for the runbook.
func runOf(plan *setup.Plan, endpoint string) setup.Run {
	desc, tags := plan.NewKeyDetails()
	return setup.Run{CallerARN: plan.CallerARN, ToolVersion: toolVersion(), Endpoint: endpoint, NewKeyDescription: desc, NewKeyTags: tags}
}
