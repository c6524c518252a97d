package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
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
}

// options validates the flags into engine options; it makes no AWS call.
func (k *keyFlags) options(g *globalOpts, cmd *cobra.Command) (setup.Options, error) {
	o := setup.Options{
		Region: g.region, Replicas: k.replicas, Alias: k.alias, Description: k.description,
		ZoomAccountID: k.zoomAccountID, Rotation: !k.noRotation, ExistingKey: k.key, AccountID: k.accountID,
	}
	if cmd.Flags().Changed("key") && !cmd.Flags().Changed("alias") {
		if ref, err := zoom.ParseKeyRef(k.key); err == nil && ref.Alias != "" {
			o.Alias = ref.Alias
		}
	}
	for _, t := range k.tags {
		tag, err := zoom.ParseTag(t)
		if err != nil {
			return o, usageErr("--tag %q: %v", zoom.Shorten(t, zoom.MaxShown), err)
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
		return usageErr("setup changes your AWS account and asks for confirmation first, but there is no terminal to ask in: pass --yes to go ahead, or run 'zcmk-tui plan' to see the changes")
	}
	statePath, err := g.statePath()
	if err != nil {
		return err
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
			return usageErr("the primary Region %s (from AWS_REGION, AWS_DEFAULT_REGION or the profile; --region to choose another): %v", opts.Region, err)
		}
	}
	// The session file is checked and locked before the first AWS call (and
	// after every check of the input), so that a damaged file or a second
	// setup at the same time is found before anything is written (plan
	// neither writes nor saves it).
	var sess *state.Session
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
			if kind := awsx.KindOf(err); kind != awsx.KindNoCredentials && kind != awsx.KindExpired {
				return err
			}
			if opts.AccountID == "" {
				return &exitError{code: exitUsage, err: fmt.Errorf("%v\n--dry-run without credentials needs your account ID: add --account-id 123456789012 (your 12-digit AWS account ID)", err)}
			}
			g.printf("No AWS credentials: planning offline for account %s. Nothing is read from or written to AWS.\n\n", opts.AccountID)
			if opts.Region == "" {
				opts.Region = eng.DefaultRegion()
			}
			plan = setup.OfflinePlan(opts)
		}
	}
	if plan == nil {
		if plan, err = eng.Plan(ctx, opts); err != nil {
			return err
		}
		plan.DryRun = g.dryRun
	}
	// The plan made read-only calls only: refuse Zoom's commercial account
	// outside partition aws before anything is printed or written.
	if err := zoom.CheckZoomAccountForPartition(plan.Partition, opts.ZoomAccountID, cmd.Flags().Changed("zoom-account-id")); err != nil {
		return usageErr("your credentials are in partition %s: %v", plan.Partition, err)
	}
	printPlan(g.humanOut(), plan)

	if readOnly || plan.Changes() == 0 {
		res := plan.Result()
		if plan.Changes() == 0 && !plan.DryRun {
			g.printf("\nNothing to change: the key, its aliases and Zoom's grant are already in place in every Region.\n")
			if !planOnly {
				if err := saveSession(statePath, sess, g, res); err != nil {
					return err
				}
			}
		} else if readOnly {
			g.printf("\n%d change(s) planned. Nothing was changed (%s).\n", plan.Changes(), map[bool]string{true: "plan", false: "--dry-run"}[planOnly])
		}
		return emitResult(g, res, readOnly)
	}

	if !g.yes {
		ok, err := confirm(g.stdin, g.stderr, fmt.Sprintf("\nApply these %d change(s) to account %s? [y/N] ", plan.Changes(), plan.AccountID))
		if err != nil {
			return err
		}
		if !ok {
			g.printf("Nothing was changed.\n")
			// Said already on the terminal; the message is for --output json.
			return &exitError{code: exitFailure, err: fmt.Errorf("the changes were not confirmed; nothing was changed%w", errSilent), kind: "declined", fix: "answer y to apply the changes, or pass --yes"}
		}
	}
	g.printf("\n")
	flight := &inFlight{}
	show := progressPrinter(g.humanOut())
	res, applyErr := eng.Apply(ctx, plan, func(ev setup.Event) { flight.track(ev); show(ev) })
	if res != nil && len(res.Keys) > 0 && res.Keys[0].ARN != "" {
		if err := saveSession(statePath, sess, g, res); err != nil && applyErr == nil {
			applyErr = err
		}
	}
	if applyErr != nil {
		if res != nil {
			printOrphans(g.stderr, res.Alias, res.Orphans)
		}
		var partial any
		if res != nil {
			partial = res
		}
		if ctx.Err() != nil {
			if cut := flight.cut(); len(cut) > 0 {
				return &exitError{code: exitInterrupted, kind: "interrupted", result: partial,
					err: fmt.Errorf("interrupted while %s was in flight: its outcome is unknown (the key may have been created)", strings.Join(cut, " and ")),
					fix: "run the same command again: it finds a key this tool created by its tag (and a replica by its Region) and adopts it, so no second key is made"}
			}
			return &exitError{code: exitInterrupted, err: ctx.Err(), result: partial}
		}
		return &exitError{code: exitFailure, result: partial,
			err: fmt.Errorf("setup stopped:\n%w\nNothing else was changed. Fix the cause and run the same command again: it continues where it stopped", applyErr)}
	}
	return emitResult(g, res, false)
}

// inFlight follows the engine's events to know which non-idempotent call
// (CreateKey, ReplicateKey) an interruption cut short: its outcome is
// unknown, which the exit message must say.
type inFlight struct {
	mu      sync.Mutex
	started map[string]bool // "region/action" started, not yet ended
	broken  []string        // calls that ended because they were interrupted
}

// nonIdempotent names the API call behind each non-idempotent action.
var nonIdempotent = map[string]string{setup.ActCreateKey: "CreateKey", setup.ActReplicate: "ReplicateKey"}

func (f *inFlight) track(ev setup.Event) {
	call, ok := nonIdempotent[ev.Action]
	if !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.started == nil {
		f.started = map[string]bool{}
	}
	id := ev.Region + "/" + ev.Action
	switch ev.Status {
	case setup.StatusStarted:
		f.started[id] = true
	case setup.StatusDone:
		delete(f.started, id)
	case setup.StatusFailed:
		delete(f.started, id)
		// Cut short by the interruption, or ambiguous (the lookup after a
		// lost answer was interrupted): nobody knows whether KMS did it.
		switch {
		case errors.Is(ev.Err, context.Canceled), errors.Is(ev.Err, context.DeadlineExceeded),
			awsx.KindOf(ev.Err) == awsx.KindCanceled, awsx.KindOf(ev.Err) == awsx.KindAmbiguous:
			f.broken = append(f.broken, call+" in "+ev.Region)
		}
	}
}

// cut lists the non-idempotent calls an interruption cut short, including
// any still running when Apply returned.
func (f *inFlight) cut() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := append([]string(nil), f.broken...)
	for id := range f.started {
		region, action, _ := strings.Cut(id, "/")
		out = append(out, nonIdempotent[action]+" in "+region)
	}
	slices.Sort(out)
	return out
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

func confirm(in io.Reader, out io.Writer, prompt string) (bool, error) {
	fmt.Fprint(out, prompt)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

func regionName(code string) string {
	if r, ok := zoom.LookupRegion(code); ok && r.City != "" {
		return code + " (" + r.City + ")"
	}
	return code
}

func printPlan(w io.Writer, p *setup.Plan) {
	fmt.Fprintf(w, "Account %s (partition %s)", p.AccountID, p.Partition)
	if p.CallerARN != "" {
		fmt.Fprintf(w, ", as %s", p.CallerARN)
	}
	fmt.Fprintf(w, "\nZoom account %s, alias %s\n", p.ZoomAccountID, p.Alias)
	printOrphans(w, p.Alias, p.Orphans)
	for _, r := range p.Regions {
		what := "new key"
		if r.Role == setup.RoleReplica {
			what = "new replica"
		}
		if r.Exists {
			what = r.KeyID
		}
		fmt.Fprintf(w, "\n%s: %s, %s\n", regionName(r.Region), r.Role, what)
		if len(r.Actions) == 0 {
			fmt.Fprintf(w, "  = nothing to change (alias, Zoom grant and state are in place)\n")
		}
		for _, a := range r.Actions {
			mark := "·"
			if a.Write {
				mark = "+"
			}
			fmt.Fprintf(w, "  %s %-15s %s\n", mark, a.Kind, a.Detail)
		}
	}
}

// progressPrinter prints one line per finished action.
func progressPrinter(w io.Writer) func(setup.Event) {
	var mu sync.Mutex
	return func(ev setup.Event) {
		if ev.Status == setup.StatusStarted {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		mark := "✓"
		if ev.Status == setup.StatusFailed {
			mark = "✗"
		}
		line := fmt.Sprintf("%s %-15s %-15s %6s", mark, ev.Region, ev.Action, ev.Elapsed.Round(time.Millisecond))
		if ev.Err != nil {
			line += "  " + strings.ReplaceAll(ev.Err.Error(), "\n", "\n    ")
		} else if ev.Detail != "" {
			line += "  " + ev.Detail
		}
		fmt.Fprintln(w, line)
	}
}

// printOrphans names the keys tagged for alias that the alias does not name.
func printOrphans(w io.Writer, alias string, orphans []string) {
	if len(orphans) == 0 {
		return
	}
	fmt.Fprintf(w, "\nNot in use: %d key(s) tagged for %s that the alias does not name (left by a run that lost a race\nwith another, or stopped before making its alias). Nothing uses them and this tool never deletes keys:\n", len(orphans), alias)
	for _, o := range orphans {
		fmt.Fprintf(w, "  %s\n", o)
	}
}

func emitResult(g *globalOpts, res *setup.Result, planned bool) error {
	if !planned {
		printOrphans(g.stderr, res.Alias, res.Orphans)
	}
	if g.output == "json" {
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	w := g.stdout
	if !planned {
		if res.Changed {
			fmt.Fprintf(w, "\nDone: %d change(s) made.\n", res.WriteCalls)
		}
		fmt.Fprintf(w, "\nKey ARNs to paste into the Zoom web portal (Configure Customer Managed Key):\n")
		for _, k := range res.Keys {
			fmt.Fprintf(w, "  %-8s %-15s %s\n", k.Role, k.Region, k.ARN)
		}
		fmt.Fprintf(w, "\nNext: follow the Zoom web-portal steps with 'zcmk-tui checklist'.\n")
	}
	return nil
}

// saveSession records res in the session s read (and locked) at the start.
func saveSession(path string, s *state.Session, g *globalOpts, res *setup.Result) error {
	if s == nil {
		s = &state.Session{}
	}
	s.Lang = string(g.p().Lang())
	res.Record(s, g.profile, time.Now())
	if err := state.Save(path, s); err != nil {
		return err
	}
	g.printf("Session saved to %s\n", path)
	return nil
}
