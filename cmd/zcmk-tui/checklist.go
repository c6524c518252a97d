package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

func newChecklistCmd(g *globalOpts) *cobra.Command {
	var format, account, groups string
	var ticket bool
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
--lang ja and --lang en.

With --ticket it prints instead the Zoom support ticket that limits CMK to
user groups (step 5), with the key ARNs, in the same language.`,
		Example: `  zcmk-tui checklist
  zcmk-tui checklist --format markdown > zoom-cmk-runbook.md
  zcmk-tui checklist --lang ja --format markdown > zoom-cmk-runbook.ja.md
  zcmk-tui checklist --ticket --lang en --zoom-account 12345678 --groups "Legal, HR"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch format {
			case "text", "markdown":
			default:
				return usageMsg("cli.err.format", shortened(format))
			}
			if err := checkTicketFlags(cmd, ticket, account, groups); err != nil {
				return err
			}
			if g.output == "json" && cmd.Flags().Changed("format") {
				return usageMsg("cli.err.checklist.jsonformat")
			}
			s, err := g.readSession()
			if err != nil {
				return err
			}
			var ticks map[string]bool
			zoomAccountID := ""
			if s != nil {
				zoomAccountID = s.ZoomAccountID
				ticks = s.Ticks
				// The ticket's answers saved by the wizard, unless given here.
				if !cmd.Flags().Changed("zoom-account") {
					account = s.ZoomAccountNumber
				}
				if !cmd.Flags().Changed("groups") {
					groups = s.TicketGroups
				}
			}
			// The key set, or for an incomplete one the exit summary's
			// note in place of the ARNs to paste (docs.IncompleteSet).
			keys := docs.KeyListFor(docs.CatalogueFor(g.p().Lang()), s)
			if g.output == "json" {
				return writeChecklistJSON(g, s, keys, ticks, ticket, zoom.RenderSupportTicketKeys(g.p(), account, zoomAccountID, keys, groups))
			}
			if ticket {
				if len(keys.Incomplete) > 0 {
					// The ticket goes to Zoom support as it is: the note
					// goes to the admin, on standard error.
					fmt.Fprintln(g.stderr, strings.Join(keys.Incomplete, "\n"))
				}
				fmt.Fprint(g.stdout, zoom.RenderSupportTicketKeys(g.p(), account, zoomAccountID, keys, groups))
				return nil
			}
			out, err := zoom.RenderChecklistKeys(g.p(), format, keys, ticks)
			if err != nil {
				return err
			}
			fmt.Fprint(g.stdout, out)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or markdown")
	cmd.Flags().BoolVar(&ticket, "ticket", false, "print the Zoom support ticket that limits CMK to user groups instead")
	cmd.Flags().StringVar(&account, "zoom-account", "", "with --ticket: your Zoom account number or owner e-mail (default: the one saved by the wizard, else a placeholder to fill in)")
	cmd.Flags().StringVar(&groups, "groups", "", "with --ticket: the Zoom user groups, as you name them (default: those saved by the wizard, else a placeholder to fill in)")
	return cmd
}

// checklistJSON is what checklist prints with --output json: the key ARNs
// (primary first), the steps with their stable ids and ticks, the texts in
// the chosen language, and with --ticket the support ticket's text.
type checklistJSON struct {
	Lang string   `json:"lang"`
	ARNs []string `json:"arns"` // the ARNs to paste: none for an incomplete set
	// Incomplete: the session's key set is not finished (the exit
	// summary's INCOMPLETE); FinishCommand finishes it and Keys says what
	// exists (an ARN "" where there is no key yet).
	Incomplete    bool                `json:"incomplete"`
	FinishCommand string              `json:"finish_command,omitempty"`
	Keys          []checklistKeyJSON  `json:"keys,omitempty"`
	Steps         []checklistStepJSON `json:"steps"`
	// Ticket is the support ticket's text, with --ticket only.
	Ticket *string `json:"ticket,omitempty"`
}

type checklistKeyJSON struct {
	Role   string `json:"role"`
	Region string `json:"region"`
	ARN    string `json:"arn"`
}

type checklistStepJSON struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Done   bool   `json:"done"`
	// Items: for the tamper-alert subscriptions (AWS side), one line per
	// address per Region to confirm.
	Items []string `json:"items,omitempty"`
}

func writeChecklistJSON(g *globalOpts, s *state.Session, keys zoom.KeyList, ticks map[string]bool, withTicket bool, ticket string) error {
	p := g.p()
	doc := checklistJSON{Lang: string(p.Lang()), ARNs: keys.ARNs, Steps: []checklistStepJSON{}}
	if len(keys.Incomplete) > 0 {
		doc.ARNs, doc.Incomplete, doc.FinishCommand = nil, true, docs.FinishCommand(s)
		for _, k := range s.Keys {
			doc.Keys = append(doc.Keys, checklistKeyJSON{Role: k.Role, Region: k.Region, ARN: k.ARN})
		}
	}
	if doc.ARNs == nil {
		doc.ARNs = []string{}
	}
	for _, st := range zoom.Checklist(keys.Alerts) {
		item := checklistStepJSON{ID: st.ID, Title: p.M(st.Title), Detail: p.M(st.Detail), Done: ticks[st.ID]}
		for _, line := range st.Items {
			item.Items = append(item.Items, p.M(line))
		}
		doc.Steps = append(doc.Steps, item)
	}
	if withTicket {
		doc.Ticket = &ticket
	}
	enc := json.NewEncoder(g.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// checkTicketFlags checks what the ticket is given, before anything is
// read: the Zoom account as digits or an e-mail address, group names
// without control characters, and neither without --ticket (they would be
// ignored).
func checkTicketFlags(cmd *cobra.Command, ticket bool, account, groups string) error {
	if !ticket {
		for _, name := range []string{"zoom-account", "groups"} {
			if cmd.Flags().Changed(name) {
				return usageMsg("cli.err.ticket.only", "--"+name)
			}
		}
		return nil
	}
	if a := strings.TrimSpace(account); a != "" {
		if strings.Contains(a, "@") {
			if err := zoom.ValidateEmail(a); err != nil {
				return usageMsg("cli.err.ticket.account", shortened(account))
			}
		} else if strings.ContainsFunc(a, func(r rune) bool { return r < '0' || r > '9' }) {
			return usageMsg("cli.err.ticket.account", shortened(account))
		}
	}
	if strings.ContainsFunc(groups, unicode.IsControl) {
		return usageMsg("cli.err.ticket.groups", shortened(groups))
	}
	return nil
}
