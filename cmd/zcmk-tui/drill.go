package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
)

type drillFlags struct {
	scope      string
	regions    []string
	duration   time.Duration
	restore    bool
	key        string
	withoutNet bool
}

func newDrillCmd(g *globalOpts) *cobra.Command {
	f := &drillFlags{}
	cmd := &cobra.Command{
		Use:   "drill",
		Short: "Key-outage drill: disable the key on purpose, watch Zoom lose access, enable it again",
		Long: `drill proves that Zoom really uses your key. It disables the key in some Regions
on purpose, lets you watch Zoom lose access, and enables exactly those Regions
again when it ends, whatever ends it.

  1. Preflight (read-only): the same checks as 'zcmk-tui verify'. The drill
     starts only when every Region of the key set is Enabled and grants Zoom,
     and no other drill is recorded as in progress.
  2. It shows the impact and asks you to type the key's alias (or --yes when
     there is no terminal). With --dry-run it stops here.
  3. It records the drill in the session file, lays the safety net in AWS
     (below), then disables the key in each chosen Region and reads the
     state back.
  4. During the drill: elapsed and remaining time, each Region's key state
     (read every few seconds) and, in a terminal, a checklist of what to
     watch for: 1 alert e-mail received, 2 recording download fails, 3 portal
     shows the key unusable; 'n TEXT' adds a note; Enter or q ends the drill.
  5. The end, always (Enter/q, the --duration deadline, ctrl+c, SIGTERM,
     SIGHUP, an AWS error): EnableKey on exactly the Regions the drill
     disabled, read back Enabled, retried; then verify. If a Region cannot
     be enabled, it says so and prints the 'aws kms enable-key' commands.

Scopes: --scope replicas (the default: Zoom keeps working through the primary;
watch for Zoom's alert e-mail), --scope primary, --scope all (a full outage:
downloads of protected recordings fail at once, viewing within minutes, new
cloud recordings fail; live meetings go on; after the drill everything comes
back and nothing is lost). --region R (repeatable) names the exact Regions.

Zoom's warnings: while the key is unreachable, Zoom support cannot help with
the content it protects; an account may have asked Zoom to make Zoom Phone
drop calls when keys are unavailable, and then a full outage drops live
phone calls. Run drills on a test Zoom account, or in a maintenance window.

Safety net: before the first DisableKey the drill creates, in each Region it
disables, an EventBridge Scheduler one-time schedule at the deadline plus 2
minutes that enables the key (target aws-sdk:kms:enableKey), and reads it
back: AWS enables the key even if this computer is switched off. The
schedules run as the IAM role zcmk-tui-drill-net-* (created once, trusted by
scheduler.amazonaws.com for this account, kms:EnableKey on the key set only).
Every normal end deletes them. If the net cannot be laid, the preflight says
why and the drill starts only when you type the alias followed by
'without net' (--without-net for scripts).

After kill -9 or a power loss the session file still records the drill:
every command warns first, verify fails its 'drill' check, and
'zcmk-tui drill --restore' enables the recorded Regions and closes the drill.

Needs kms:DisableKey, kms:EnableKey, kms:TagResource and kms:UntagResource
besides the read-only permissions of verify; the net needs iam:GetRole,
iam:CreateRole, iam:TagRole, iam:PutRolePolicy, iam:PassRole and
scheduler:CreateSchedule, GetSchedule, DeleteSchedule and ListSchedules.
Exit codes: 0 done and restored, 1 refused, failed or restore failed,
2 bad usage (nothing was called), 130 interrupted (and restored).`,
		Example: `  zcmk-tui drill                                   # replicas of the key set from the last setup, 10 minutes
  zcmk-tui drill --scope all --duration 15m        # full outage (test account or maintenance window)
  zcmk-tui drill --region ap-northeast-3           # exactly this Region
  zcmk-tui drill --scope all --duration 5m --yes --output json   # no terminal: waits for the deadline
  zcmk-tui drill --restore                         # after the drill's process was killed`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDrill(cmd, g, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.scope, "scope", setup.DrillScopeReplicas, "which Regions to disable: replicas, primary or all")
	fl.StringSliceVar(&f.regions, "region", nil, "disable exactly this Region (repeatable, or comma-separated) instead of --scope; with --key ALIAS the key is looked up in the first one")
	fl.DurationVar(&f.duration, "duration", setup.DefaultDrillDuration, "how long the key stays disabled at most (at most 60m)")
	fl.BoolVar(&f.restore, "restore", false, "enable the Regions of a drill recorded as in progress (after kill -9 or a failed restore) and close it")
	fl.BoolVar(&f.withoutNet, "without-net", false, "run without the safety net in AWS (the schedules that enable the key at the deadline even if this computer dies)")
	fl.StringVar(&f.key, "key", "", "the key set: alias (with --region), key ARN or key ID (default: the key from the session file)")
	return cmd
}

func runDrill(cmd *cobra.Command, g *globalOpts, f *drillFlags) error {
	ctx := cmd.Context()
	if f.restore {
		for _, n := range []string{"scope", "region", "duration", "key", "without-net"} {
			if cmd.Flags().Changed(n) {
				return usageMsg("cli.drill.err.restore-flag", n)
			}
		}
	}
	path, err := g.statePath()
	if err != nil {
		return err
	}
	if !f.restore {
		// A drill in progress is said as such, whether its process still
		// runs (and holds the lock) or was killed.
		if sess, err := loadSession(path); err != nil {
			return err
		} else if active := sess.ActiveDrill(); active != nil {
			return &exitError{code: exitFailure, err: &setup.DrillInProgressError{Drill: active}}
		}
	}
	// The drill holds the session file for its whole run, like setup and
	// the wizard: nothing else may write the key set while keys are disabled.
	sess, lock, err := openSession(g, path, "drill", lockWait)
	if err != nil {
		return err
	}
	defer lock.Release()
	interactive := isTerminal(g.stdin) && isTerminal(g.stderr)
	if f.restore {
		return runDrillRestore(ctx, g, sess, path, interactive)
	}
	if active := sess.ActiveDrill(); active != nil {
		return &exitError{code: exitFailure, err: &setup.DrillInProgressError{Drill: active}}
	}

	// The key set, as verify finds it; an alias is looked up in the first --region.
	vg := *g
	if f.key != "" && len(f.regions) > 0 && !strings.HasPrefix(strings.TrimSpace(f.key), "arn:") {
		vg.region = strings.TrimSpace(strings.Split(f.regions[0], ",")[0])
	}
	vo, err := verifyOptions(cmd, &vg, &verifyFlags{key: f.key})
	if err != nil {
		return err
	}
	o := setup.DrillOptions{Verify: vo, Regions: f.regions, Duration: f.duration, Save: setup.SessionDrillSaver(path), WithoutNet: f.withoutNet}
	// A key named by ARN or ID that the session does not know: its alias
	// is the one its own zcmk-tui tag names (checked to point at it).
	if k := strings.TrimSpace(f.key); k != "" && !strings.HasPrefix(k, "alias/") && (sess == nil || !sessionHasKey(sess, k)) {
		o.AliasFromKey = true
	}
	if cmd.Flags().Changed("scope") || len(f.regions) == 0 {
		o.Scope = f.scope
	}
	if err := setup.ValidateDrill(&o); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if !g.yes && !interactive && !g.dryRun {
		return usageMsg("cli.drill.err.no-terminal")
	}

	eng, err := g.newEngineIn(ctx, vo.Region)
	if err != nil {
		return err
	}
	w, p := g.humanOut(), g.p()
	printBlock(w, p, p.T("cli.drill.preflight"))
	d, err := eng.PrepareDrill(ctx, o)
	if err != nil {
		var refused *setup.DrillRefusedError
		if errors.As(err, &refused) && refused.Report != nil {
			setup.RenderVerifyIn(w, p, refused.Report, outputWidth())
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	printDrillImpact(w, p, d, path)
	printDrillNet(w, p, d, f.withoutNet)
	if sess.Alerts != nil {
		// DisableKey is one of the calls the tamper alerts watch.
		printBlock(w, p, p.T("cli.drill.impact.tamper-alert"))
	}
	if g.practice.srv != nil {
		printBlock(w, p, p.T("cli.drill.practice"))
	}
	if g.dryRun {
		printBlock(w, p, p.T("cli.drill.dry-run"))
		return nil
	}
	noNet := len(d.NetProblems()) > 0 && !f.withoutNet
	if noNet && g.yes {
		return &exitError{code: exitFailure, err: &setup.NetRefusedError{Problems: d.NetProblems()}}
	}
	if !g.yes {
		prompt, want := p.T("cli.drill.type-alias", d.Alias()), d.Alias()
		if noNet {
			want = d.Alias() + " " + setup.WithoutNetPhrase
			prompt = p.T("cli.drill.type-alias-without-net", want)
		}
		ok, err := confirmTyped(g.stdin, g.stderr, prompt, want)
		if err != nil {
			return err
		}
		if !ok {
			printBlock(w, p, p.T("cli.drill.not-the-alias"))
			return &exitError{code: exitFailure, err: errSilent}
		}
		if noNet {
			d.AcceptWithoutNet()
		}
	}

	// From here on a key may be disabled: a broken pipe (a tee that died with
	// the terminal) must not kill the process before the restore.
	signal.Ignore(syscall.SIGPIPE)
	res, runErr := runDrillBody(ctx, g, eng, d, interactive)
	return finishDrill(ctx, g, res, runErr)
}

// runDrillBody runs the drill. A panic anywhere in it (the engine restores on
// its own panics; this covers the face's) restores the recorded Regions
// first, then goes on.
func runDrillBody(ctx context.Context, g *globalOpts, eng *setup.Engine, d *setup.Drill, checklist bool) (res *setup.DrillResult, err error) {
	defer func() {
		if p := recover(); p != nil {
			if rec := d.Record(); rec.InProgress() {
				fmt.Fprintln(g.stderr, "zcmk-tui: "+g.p().T("cli.drill.internal-error"))
				rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), eng.RestoreTimeout)
				_, rerr := eng.RestoreDrill(rctx, rec, setup.VerifyOptions{}, d.Save, nil)
				cancel()
				if rerr != nil {
					fmt.Fprintln(g.stderr, errorText(g.p(), rerr))
				}
			}
			panic(p)
		}
	}()
	scr := &drillScreen{w: g.humanOut(), p: g.p(), d: d, states: map[string]string{}, checklist: checklist}
	panicked := make(chan any, 1)
	if checklist {
		go func() {
			defer func() {
				if p := recover(); p != nil {
					panicked <- p
					d.End()
				}
			}()
			scr.readChecklist(g.stdin)
		}()
	}
	res, err = d.Run(ctx, scr.event)
	select {
	case p := <-panicked:
		panic(p)
	default:
	}
	return res, err
}

func finishDrill(ctx context.Context, g *globalOpts, res *setup.DrillResult, runErr error) error {
	w, p := g.humanOut(), g.p()
	var restoreErr *setup.RestoreError
	if res != nil && res.Drill != nil {
		printDrillSummary(w, p, res)
	}
	if res != nil && len(res.NetLeft) > 0 {
		printBlock(w, p, p.T("cli.drill.net.left", "  "+strings.Join(res.NetLeft, "\n  ")))
	}
	if errors.As(runErr, &restoreErr) {
		fmt.Fprintf(g.stderr, "\n%s\n", strings.Repeat("!", 72))
		printWrapped(g.stderr, p, "", errorText(p, restoreErr))
		fmt.Fprintln(g.stderr, strings.Repeat("!", 72))
	}
	if g.output == "json" && res != nil {
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	switch {
	case restoreErr != nil:
		return &exitError{code: exitFailure, err: errSilent}
	case runErr != nil:
		return runErr
	case res != nil && res.Drill != nil && res.Drill.EndReason == setup.EndInterrupted || ctx.Err() != nil:
		fmt.Fprintln(g.stderr, "zcmk-tui: "+p.T("cli.drill.interrupted"))
		return &exitError{code: exitInterrupted, err: errSilent}
	}
	return nil
}

func runDrillRestore(ctx context.Context, g *globalOpts, sess *state.Session, path string, interactive bool) error {
	w, p := g.humanOut(), g.p()
	active := sess.ActiveDrill()
	if active == nil {
		printBlock(w, p, p.T("cli.drill.nothing-to-restore", path))
		if g.output == "json" {
			res := setup.DrillResult{Restored: true}
			if sess != nil {
				res.Drill = sess.LastDrill
			}
			enc := json.NewEncoder(g.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(res)
		}
		return nil
	}
	if g.dryRun {
		printWrapped(w, p, "", setup.DrillWarningIn(p, active))
		printBlock(w, p, p.T("cli.drill.restore-dry-run", strings.Join(active.RegionNames(), ", ")))
		return nil
	}
	if !g.yes && !interactive {
		return usageMsg("cli.drill.err.restore-no-terminal", strings.Join(active.RegionNames(), ", "))
	}
	printWrapped(w, p, "", setup.DrillWarningIn(p, active))
	fmt.Fprintln(w)
	printWrapped(w, p, "", p.T("cli.drill.restore-what"))
	for _, r := range active.Regions {
		if p.Lang() == i18n.English {
			fmt.Fprintf(w, "  %-8s %-28s %s\n", r.Role, regionName(r.Region), r.ARN)
		} else {
			fmt.Fprintf(w, "  %s %s\n    %s\n", i18n.Pad(roleName(p, r.Role), roleWidth(p)), regionNameIn(p, r.Region), r.ARN)
		}
	}
	if !g.yes {
		ok, err := confirm(g.stdin, g.stderr, p.T("cli.drill.confirm-restore"))
		if err != nil {
			return err
		}
		if !ok {
			printBlock(w, p, p.T("cli.drill.restore-declined"))
			return &exitError{code: exitFailure, err: errSilent}
		}
	}
	vo := setup.VerifyOptionsFor(sess)
	vo.Drill = nil
	if setup.ValidateVerify(&vo) != nil {
		vo = setup.VerifyOptions{} // no key set in the session: restore without verify
	}
	eng, err := g.newEngineIn(ctx, vo.Region)
	if err != nil {
		return err
	}
	scr := &drillScreen{w: w, p: p, states: map[string]string{}}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), eng.RestoreTimeout)
	defer cancel()
	res, err := eng.RestoreDrill(rctx, active, vo, setup.SessionDrillSaver(path), scr.event)
	return finishDrill(context.Background(), g, res, err)
}

// confirmTyped asks for want to be typed exactly; end of input is a no.
func confirmTyped(in io.Reader, out io.Writer, prompt, want string) (bool, error) {
	fmt.Fprint(out, prompt)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	return halfWidth(strings.TrimSpace(line)) == want && want != "", nil
}
