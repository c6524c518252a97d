package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui"
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
	var output string
	cmd := &cobra.Command{
		Use:   "runbook",
		Short: "Print the Markdown runbook of the saved session, for a change record",
		Long: `runbook prints the same Markdown document as the wizard's m: who ran the
setup and where (caller, profile, tool version, the endpoint when it was not
AWS), the Regions and key ARNs, what was done and when, each Region's key
policy as read back, the latest verify, the Zoom web-portal checklist with its
ticks, the alert e-mails and data types, the support-ticket text and how to
back out safely. It reads the session file only; it calls no AWS API.

It speaks the language of --lang, else of the locale.`,
		Example: `  zcmk-tui runbook > zoom-cmk-runbook.md
  zcmk-tui runbook --output zoom-cmk-runbook.md
  zcmk-tui runbook --lang ja --output zoom-cmk-runbook.ja.md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := g.statePath()
			if err != nil {
				return err
			}
			s, err := loadSession(path)
			if err != nil {
				return err
			}
			if s == nil {
				s = &state.Session{}
			}
			doc := ui.RunbookFor(ui.Config{Session: s, Lang: g.p().Lang(), LangGiven: g.lang != "", Now: time.Now})
			if output == "" || output == "-" {
				_, err := fmt.Fprint(g.stdout, doc)
				return err
			}
			if err := os.WriteFile(output, []byte(doc), 0o600); err != nil {
				return err
			}
			abs, err := filepath.Abs(output)
			if err != nil {
				abs = output
			}
			fmt.Fprintln(g.stderr, g.p().T("cli.runbook.written", abs))
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the runbook to FILE instead of standard output")
	return cmd
}

// history collects the AWS calls of an Apply as they end, for the runbook
// (Apply reports from several goroutines at once).
type history struct {
	mu  sync.Mutex
	all []state.Action
}

func (h *history) add(ev setup.Event) {
	if ev.Status != setup.StatusDone && ev.Status != setup.StatusFailed {
		return
	}
	a := state.Action{At: time.Now().UTC().Truncate(time.Second), Region: ev.Region, Action: ev.Action, Status: string(ev.Status), Detail: ev.Detail}
	if ev.Err != nil {
		a.Detail = ev.Err.Error()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.all = append(h.all, a)
}

// noteRun records, for the runbook, who ran the setup and where, the calls
// made (hist; nil when none) and each Region's policy as read back.
func noteRun(plan *setup.Plan, endpoint string, hist *history) func(*state.Session, *setup.Result) {
	return func(s *state.Session, res *setup.Result) {
		if plan.CallerARN != "" {
			s.CallerARN = plan.CallerARN
		}
		s.ToolVersion, s.Endpoint = toolVersion(), endpoint
		if hist != nil {
			hist.mu.Lock()
			s.History = append(s.History, hist.all...)
			hist.mu.Unlock()
		}
		for _, k := range res.Keys {
			if k.ReadPolicy == "" {
				continue
			}
			if s.ReadBack == nil {
				s.ReadBack = map[string]string{}
			}
			s.ReadBack[k.Region] = k.ReadPolicy
		}
	}
}
