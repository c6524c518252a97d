package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// keyFlags are the inputs shared by setup and plan.
type keyFlags struct {
	replicas      []string
	alias         string
	description   string
	tags          []string
	zoomAccountID string
	noRotation    bool
	key           string
	accountID     string
	alertEmails   []string
}

func (k *keyFlags) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringSliceVar(&k.replicas, "replica-region", nil, "replica Region for redundancy (repeatable, or comma-separated), e.g. ap-northeast-3")
	f.StringVar(&k.alias, "alias", zoom.DefaultAlias, "alias of the key, created in every Region (aliases are not replicated)")
	f.StringVar(&k.description, "description", setup.DefaultDescription, "description of a new key")
	f.StringArrayVar(&k.tags, "tag", nil, "tag for a new key and its replicas, as KEY=VALUE (repeatable)")
	f.StringVar(&k.zoomAccountID, "zoom-account-id", zoom.ZoomAccountID, "Zoom's AWS account ID (change only for Zoom for Government or another Zoom cloud)")
	f.BoolVar(&k.noRotation, "no-rotation", false, "do not turn on automatic key rotation (rotation keeps the ARN, so Zoom needs no change)")
	f.StringVar(&k.key, "key", "", "use this existing multi-Region key (alias, key ID or ARN) instead of finding or creating one by --alias")
	f.StringVar(&k.accountID, "account-id", "", "your 12-digit AWS account ID (only needed for --dry-run without credentials)")
	f.StringArrayVar(&k.alertEmails, "alert-email", nil, "e-mail address for tamper alerts (repeatable): an EventBridge rule, an SNS topic and a subscription in every Region; the whole list (an address left out is unsubscribed; without the flag the alerts stay as they are)")
}

// options validates the flags into engine options; it makes no AWS call.
func (k *keyFlags) options(g *globalOpts, cmd *cobra.Command) (setup.Options, error) {
	o := setup.Options{
		Region: g.region, Replicas: k.replicas, Alias: k.alias, Description: k.description,
		ZoomAccountID: k.zoomAccountID, ZoomAccountGiven: cmd.Flags().Changed("zoom-account-id"),
		Rotation: !k.noRotation, ExistingKey: k.key, AccountID: k.accountID, AlertEmails: k.alertEmails,
	}
	if cmd.Flags().Changed("key") && !cmd.Flags().Changed("alias") {
		if ref, err := zoom.ParseKeyRef(k.key); err == nil && ref.Alias != "" {
			o.Alias = ref.Alias
		}
	}
	for _, t := range k.tags {
		tag, err := zoom.ParseTag(t)
		if err != nil {
			return o, usageMsg("cli.err.tag", zoom.Shorten(t, zoom.MaxShown), err)
		}
		o.Tags = append(o.Tags, tag)
	}
	if err := setup.Validate(&o); err != nil {
		return o, &exitError{code: exitUsage, err: err}
	}
	return o, nil
}

func newSetupCmd(g *globalOpts) *cobra.Command {
	k := &keyFlags{}
	cmd := &cobra.Command{
		Use:   "setup",
		Short: "Create or repair the Zoom CMK key in every Region (idempotent)",
		Long: `setup makes the AWS side of Zoom CMK true, and changes only what is missing:

  1. finds the key by --alias in the primary Region (or adopts a key an earlier
     run created whose alias step never finished), or creates a symmetric
     multi-Region KMS key with the Zoom key policy;
  2. creates the alias in every Region (aliases are not replicated);
  3. keeps every statement of an existing key policy and adds or repairs the
     statement that lets Zoom (account 409910850980) use the key, in every Region;
  4. replicates the key into each --replica-region with that policy;
  5. turns on automatic rotation (unless --no-rotation);
  6. reads the policy and state back in every Region, and saves the Regions and
     ARNs in the session file for 'zcmk-tui checklist' and the wizard.

It shows the plan and asks before the first change when run in a terminal; with
no terminal it needs --yes. A second run with the same flags changes nothing.

Before its first AWS call it reads and locks the session file (--state-file):
a damaged file stops it with exit code 2 and is left as it is; a second setup
on the same file waits for the first (up to 2 minutes), and while the wizard
has the file open setup refuses.
Interrupted (ctrl-c), it stops between calls; run it again to continue.`,
		Example: `  zcmk-tui setup --region ap-northeast-1 --replica-region ap-northeast-3
  zcmk-tui setup --region us-east-1 --replica-region us-west-2 --yes --output json
  zcmk-tui setup --profile zoom-admin --dry-run
  AWS_ENDPOINT_URL=http://127.0.0.1:5000 zcmk-tui setup --yes   # against a local emulator`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSetup(cmd, g, k, false) },
	}
	k.register(cmd)
	return cmd
}

func newPlanCmd(g *globalOpts) *cobra.Command {
	k := &keyFlags{}
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Show what setup would create or change, Region by Region (read-only)",
		Long: `plan takes the same flags as setup and makes read-only calls only: it prints what
setup would create or change in each Region, and changes nothing.`,
		Example: `  zcmk-tui plan --region ap-northeast-1 --replica-region ap-northeast-3
  zcmk-tui plan --output json
  zcmk-tui plan --dry-run --account-id 123456789012 --region us-east-1 --replica-region us-west-2   # no credentials needed`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSetup(cmd, g, k, true) },
	}
	k.register(cmd)
	return cmd
}

// isTerminal reports whether a reader or writer is a terminal.
func isTerminal(v any) bool {
	if w, ok := v.(io.Writer); ok {
		v = rawWriter(w)
	}
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func runSetup(cmd *cobra.Command, g *globalOpts, k *keyFlags, planOnly bool) error {
	ctx := cmd.Context()
	opts, err := k.options(g, cmd)
	if err != nil {
		return err
	}
	readOnly := planOnly || g.dryRun
	interactive := isTerminal(g.stdin) && isTerminal(g.stderr)
	if !readOnly && !g.yes && !interactive {
		// The specific fix, in the JSON error object too (not the pointer
		// at --help, which does not say what to do here).
		return &exitError{code: exitUsage, err: newMsgErr("cli.setup.err.no-terminal.why"), noHelp: true,
			fix: i18n.Msg{ID: "cli.setup.err.no-terminal.fix"}}
	}
	statePath, err := g.statePath()
	if err != nil {
		return err
	}
	var sess *state.Session
	if planOnly {
		// plan neither writes nor locks the session file, but a damaged one
		// is refused as setup refuses it, before any call.
		if sess, err = loadSession(statePath); err != nil {
			return err
		}
	}
	eng, err := g.newEngine(ctx)
	if err != nil {
		return err
	}
	if opts.Region == "" {
		// The primary Region from the environment or the profile is input
		// too: check it (and the replicas against it) before any call.
		opts.Region = eng.DefaultRegion()
		if err := setup.Validate(&opts); err != nil {
			return usageMsg("cli.setup.err.default-region", opts.Region, err)
		}
	}
	// The session file is checked and locked before the first AWS call (and
	// after every check of the input), so that a damaged file or a second
	// setup at the same time is found before anything is written (plan
	// neither writes nor saves it).
	if !planOnly {
		var lock *state.Lock
		if sess, lock, err = openSession(g, statePath, "setup", lockWait); err != nil {
			return err
		}
		defer lock.Release()
	}

	var plan *setup.Plan
	if g.dryRun {
		if _, err := eng.Identity(ctx); err != nil {
			if !setup.PlansOffline(err) {
				return err
			}
			if opts.AccountID == "" {
				return usageMsg("cli.setup.err.offline-needs-account", err)
			}
			g.say("cli.setup.offline", opts.AccountID)
			if opts.Region == "" {
				opts.Region = eng.DefaultRegion()
			}
			if err := setup.CheckOffline(opts); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			plan = setup.OfflinePlan(opts)
		}
	}
	if plan == nil {
		if plan, err = eng.Plan(ctx, opts); err != nil {
			var pe *setup.PartitionError
			if errors.As(err, &pe) {
				return &exitError{code: exitUsage, err: err}
			}
			return err
		}
		plan.DryRun = g.dryRun
	}
	p := g.p()
	printPlan(g.humanOut(), p, plan)
	if len(opts.AlertEmails) == 0 && sess != nil && sess.Alerts != nil {
		g.say("cli.setup.alerts-untouched")
	}

	if planOnly || plan.NothingToWrite() {
		res := plan.Result()
		if plan.Changes() == 0 && !plan.DryRun {
			g.say("cli.setup.nothing-to-change")
			if !planOnly {
				if err := saveSession(statePath, sess, g, res, runOf(plan, eng.Endpoint()), nil); err != nil {
					return err
				}
			}
		} else if readOnly {
			g.say("cli.setup.planned", plan.Changes(), map[bool]string{true: "plan", false: "--dry-run"}[planOnly])
		}
		return emitResult(g, res, readOnly)
	}

	c, err := g.consent(p.T("cli.setup.confirm", plan.Changes(), plan.AccountID), interactive)
	if err != nil {
		return err
	}
	if !c.Given() {
		// Said already on the terminal; the message is for --output json.
		return &exitError{code: exitFailure, err: fmt.Errorf("%s%w", english.M(c.Say), errSilent), kind: "declined",
			fix: i18n.Msg{ID: "cli.setup.fix.declined"}}
	}
	g.printf("\n")
	flight := &setup.InFlight{}
	show := progressPrinter(g.humanOut(), p)
	hist := &history{}
	res, applyErr := eng.Apply(ctx, plan, func(ev setup.Event) { flight.Track(ev); show(ev); hist.add(ev) })
	if res.NamesKey() {
		if err := saveSession(statePath, sess, g, res, runOf(plan, eng.Endpoint()), hist.calls()); err != nil && applyErr == nil {
			applyErr = err
		}
	}
	if applyErr != nil {
		if res != nil {
			printOrphans(g.stderr, p, res.Alias, res.Orphans)
		}
		var partial any
		if res != nil {
			partial = res
		}
		if ctx.Err() != nil {
			if cut := flight.CutShort(); len(cut) > 0 {
				return &exitError{code: exitInterrupted, kind: "interrupted", result: partial,
					err: newMsgErr("cli.setup.err.interrupted-in-flight", joinCalls(p, cut)),
					fix: i18n.Msg{ID: "cli.setup.fix.interrupted"}}
			}
			return &exitError{code: exitInterrupted, err: ctx.Err(), result: partial}
		}
		if awsx.KindOf(applyErr) == awsx.KindAccessDenied {
			// What was already done before the refusal.
			fmt.Fprintln(g.stderr, doneBefore(p, eng.Calls()))
		}
		return &exitError{code: exitFailure, result: partial,
			err: newMsgErr("cli.setup.err.stopped", applyErr)}
	}
	return emitResult(g, res, false)
}

// joinCalls names the calls an interruption cut short ("CreateKey in
// us-east-1 and ReplicateKey in ...") in p's language.
func joinCalls(p *i18n.Printer, cut []setup.CutCall) string {
	names := make([]string, len(cut))
	for i, c := range cut {
		names[i] = p.T("cli.setup.call-in", c.Call, c.Region)
	}
	return strings.Join(names, p.T("cli.setup.and"))
}

func (g *globalOpts) statePath() (string, error) {
	if g.stateFile != "" {
		return g.stateFile, nil
	}
	p, err := state.DefaultPath()
	if err != nil {
		return "", err
	}
	return p, nil
}

// consent asks before a write, where there is a terminal to ask in and no
// --yes, and says setup.MayWrite's decision on the answer (the wizard's
// plain prompts decide and say the same).
func (g *globalOpts) consent(prompt string, interactive bool) (setup.Consent, error) {
	a := setup.AnswerNone
	if !g.yes && interactive {
		fmt.Fprint(g.stderr, prompt)
		line, err := bufio.NewReader(g.stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return setup.Consent{}, err
		}
		a = setup.ParseAnswer(line, err != nil)
	}
	c := setup.MayWrite(a, g.yes, interactive, g.dryRun)
	if c.Say.ID != "" {
		p := g.p()
		printBlock(g.humanOut(), p, p.M(c.Say)+"\n")
	}
	return c, nil
}

func confirm(in io.Reader, out io.Writer, prompt string) (bool, error) {
	fmt.Fprint(out, prompt)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	return isYes(line), nil
}

func emitResult(g *globalOpts, res *setup.Result, planned bool) error {
	p := g.p()
	if !planned {
		printOrphans(g.stderr, p, res.Alias, res.Orphans)
	}
	if g.output == "json" {
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	w := g.stdout
	if !planned {
		if res.Changed {
			fmt.Fprint(w, p.T("cli.setup.done", res.WriteCalls))
		}
		fmt.Fprint(w, p.T("cli.setup.arns"))
		if g.practice.srv != nil {
			fmt.Fprintln(w, "  "+p.T("zoom.practice.arns"))
		}
		for _, k := range res.Keys {
			if p.Lang() == i18n.English {
				fmt.Fprintf(w, "  %-8s %-15s %s\n", k.Role, k.Region, k.ARN)
				continue
			}
			// The ARN on a line of its own: role, Region and ARN on one
			// line do not fit 100 columns.
			fmt.Fprintf(w, "  %s %s\n    %s\n", i18n.Pad(roleName(p, k.Role), roleWidth(p)), regionNameIn(p, k.Region), k.ARN)
		}
		fmt.Fprint(w, p.T("cli.setup.next"))
	}
	return nil
}

// saveSession records res, run and the calls made in the session s read
// (and locked) at the start.
func saveSession(path string, s *state.Session, g *globalOpts, res *setup.Result, run setup.Run, calls []state.Action) error {
	if s == nil {
		s = &state.Session{}
	}
	markPractice(s, path)
	s.Lang = string(g.p().Lang())
	run.Profile, run.At = g.profile, time.Now()
	res.RecordRun(s, run)
	s.History = append(s.History, calls...)
	if err := state.Save(path, s); err != nil {
		return err
	}
	g.say("cli.setup.session-saved", path)
	return nil
}
