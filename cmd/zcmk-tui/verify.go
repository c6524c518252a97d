package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

type verifyFlags struct {
	key           string
	replicas      []string
	alias         string
	zoomAccountID string
	cloudTrail    bool
	since         string
	strict        bool
}

func newVerifyCmd(g *globalOpts) *cobra.Command {
	f := &verifyFlags{}
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check that Zoom can use the key in every Region, and whether it does (read-only)",
		Long: `verify answers one question: will Zoom still be able to use our key, in every
Region, and is it using it? It makes read-only calls only, and checks the primary
and every replica (the replicas the key itself reports, so a replica nobody
listed is checked too, plus any --replica-region):

  key-state   the key is Enabled (fails when Disabled, PendingDeletion,
              PendingReplicaDeletion, Unavailable or missing)
  key-kind    symmetric, ENCRYPT_DECRYPT, AWS_KMS origin, multi-Region
  zoom-grant  Zoom's account may Decrypt, Encrypt, DescribeKey and
              GenerateDataKey*, with no narrowing condition and no Deny
              (warn when only kms:Encrypt is missing, as in older guides)
  admin       a statement still lets your account manage the key
  drift       replicas: the Zoom part of the policy equals the primary's
              (KMS does not sync key policies between Regions)
  alias       the alias exists in the Region and points at this key
  rotation    primary: automatic rotation is on (warn when off)
  last-use    kms:GetKeyLastUsage: when and how the key was last used; never
              used more than a day after setup is a warn; "unknown" when the
              endpoint does not support the call (not a failure)
  cloudtrail  with --cloudtrail: Zoom's KMS calls in the CloudTrail event
              history (--since, default 7d, at most 90d). Zoom's denied calls
              are logged only in Zoom's own account and cannot appear here.

The key comes from the session file that setup saved, or from --key (an alias
with --region, a key ARN, or a key ID). In JSON output every check has an id,
a status (ok, warn, fail or unknown), a one-line detail and, for warn and
fail, the fix. "unknown" means the endpoint cannot answer the check (an
emulator, or a partition without the API): it is counted as unknown, not as
ok, and it does not fail the run, not even with --strict (it says nothing
about the key).

Needs read-only permissions: sts:GetCallerIdentity, kms:DescribeKey,
kms:GetKeyPolicy, kms:GetKeyRotationStatus, kms:GetKeyLastUsage and, for
--cloudtrail, cloudtrail:LookupEvents.

Exit codes: 0 every check passed (warnings allowed unless --strict), 3 a check
failed (or, with --strict, warned), 1 could not check (credentials, network,
permissions), 2 bad usage or a session file that cannot be used (nothing was
called).`,
		Example: `  zcmk-tui verify                                    # the key set from the last setup
  zcmk-tui verify --cloudtrail --since 7d            # also count Zoom's calls in CloudTrail
  zcmk-tui verify --key alias/zoom-cmk --region ap-northeast-1 --output json
  zcmk-tui verify --key arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab --strict
  zcmk-tui verify --strict --output json > verify.json || alert-admins   # weekly, from a scheduler`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runVerify(cmd, g, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.key, "key", "", "the key to check: alias (with --region), key ARN or key ID (default: the key from the session file)")
	fl.StringSliceVar(&f.replicas, "replica-region", nil, "also check a replica in this Region (repeatable, or comma-separated); the key's own replicas are always checked")
	fl.StringVar(&f.alias, "alias", "", "alias expected in every Region (default: the session's alias, --key when it is an alias, else "+zoom.DefaultAlias+")")
	fl.StringVar(&f.zoomAccountID, "zoom-account-id", "", "Zoom's AWS account ID (default: the session's, else "+zoom.ZoomAccountID+")")
	fl.BoolVar(&f.cloudTrail, "cloudtrail", false, "also look up Zoom's KMS calls in the CloudTrail event history of each Region")
	fl.StringVar(&f.since, "since", "", "how far back --cloudtrail looks, e.g. 24h or 7d (default 7d, at most 90d)")
	fl.BoolVar(&f.strict, "strict", false, "exit 3 on warnings too (unknown results, which the endpoint cannot answer, do not count)")
	return cmd
}

// verifyOptions builds the engine's options from the flags and the session
// file, and validates them; it makes no AWS call.
func verifyOptions(cmd *cobra.Command, g *globalOpts, f *verifyFlags) (setup.VerifyOptions, error) {
	o := setup.VerifyOptions{Key: f.key, Region: g.region, Replicas: f.replicas, Alias: f.alias,
		ZoomAccountID: f.zoomAccountID, CloudTrail: f.cloudTrail}
	if f.since != "" {
		if !f.cloudTrail {
			return o, usageMsg("cli.verify.err.since-without-cloudtrail")
		}
		d, err := setup.ParseSince(f.since)
		if err != nil {
			return o, usageMsg("cli.verify.err.since", err)
		}
		if d <= 0 {
			return o, usageMsg("cli.verify.err.since-positive", zoom.Shorten(f.since, zoom.MaxShown))
		}
		o.Since = d
	}
	path, err := g.statePath()
	if err != nil {
		return o, err
	}
	sess, err := loadSession(path)
	if err != nil && f.key == "" {
		return o, err
	}
	if f.key == "" {
		if sess == nil {
			return o, usageMsg("cli.verify.err.no-key", path)
		}
		if sess.PrimaryARN() == "" {
			// The file is there (the wizard's, say) but names no key set yet.
			return o, usageMsg("cli.verify.err.no-key-in-session", path)
		}
		if sess.DryRun {
			return o, usageMsg("cli.verify.err.dry-run-session", path)
		}
		so := setup.VerifyOptionsFor(sess)
		o.Key = so.Key
		o.Replicas = append(so.Replicas, o.Replicas...)
		if o.Region == "" {
			o.Region = so.Region
		}
	}
	if sess != nil && (f.key == "" || sessionHasKey(sess, f.key)) {
		o.SetupAt = sess.SetupAt
		o.Drill = sess.ActiveDrill()
		o.Alerts = sess.Alerts
		if !cmd.Flags().Changed("alias") {
			o.Alias = sess.Alias
		}
		if !cmd.Flags().Changed("zoom-account-id") {
			o.ZoomAccountID = sess.ZoomAccountID
		}
	}
	if err := setup.ValidateVerify(&o); err != nil {
		return o, &exitError{code: exitUsage, err: err}
	}
	return o, nil
}

// recordVerify writes the outcome of a verify of the session's key set
// (no --key, or --key naming it) into the session file (the runbook shows it). A session file another run
// holds (an open wizard) is left as it is, and the output says so.
func recordVerify(g *globalOpts, f *verifyFlags, rep *setup.VerifyReport) {
	path, err := g.statePath()
	if err != nil {
		return
	}
	if s, err := state.Load(path); err != nil || s == nil || s.DryRun || s.PrimaryARN() == "" ||
		(f.key != "" && !sessionHasKey(s, f.key)) {
		return // not the session's key set: nothing to record
	}
	sess, lock, err := state.Open(path, state.Holder("verify"), 0, nil)
	if err != nil || sess == nil {
		fmt.Fprintln(g.stderr, g.p().T("cli.verify.notrecorded", path))
		return
	}
	defer lock.Release()
	setup.RecordVerify(sess, g.p(), rep, nil, time.Now())
	if err := state.Save(path, sess); err != nil {
		fmt.Fprintln(g.stderr, g.p().T("cli.verify.notrecorded", path))
	}
}

// sessionHasKey reports whether --key names the session's key set.
func sessionHasKey(s *state.Session, key string) bool {
	key = strings.TrimSpace(key)
	if key == s.Alias && key != "" {
		return true
	}
	for _, k := range s.Keys {
		if key == k.ARN || key == k.KeyID {
			return true
		}
	}
	return false
}

func runVerify(cmd *cobra.Command, g *globalOpts, f *verifyFlags) error {
	ctx := cmd.Context()
	o, err := verifyOptions(cmd, g, f)
	if err != nil {
		return err
	}
	eng, err := g.newEngine(ctx)
	if err != nil {
		return err
	}
	rep, err := eng.Verify(ctx, o)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return newMsgErr("cli.verify.err.could-not", err)
	}
	recordVerify(g, f, rep) // for the runbook, as the wizard's v does
	// Checked against Zoom's commercial account, a key outside partition aws
	// would be judged against a principal that cannot exist there.
	explicitZoom := cmd.Flags().Changed("zoom-account-id") || (o.ZoomAccountID != "" && o.ZoomAccountID != zoom.ZoomAccountID)
	if err := zoom.CheckZoomAccountForPartition(rep.Partition, rep.ZoomAccountID, explicitZoom); err != nil {
		return usageMsg("cli.err.credentials-partition", rep.Partition, err)
	}
	p := g.p()
	if g.output == "json" {
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
		fmt.Fprintln(g.stderr, p.M(rep.SummaryText()))
	} else {
		setup.RenderVerifyIn(g.stdout, p, rep, outputWidth())
		for i, n := range rep.Notes {
			if i < len(rep.NoteTexts) {
				n = p.M(rep.NoteTexts[i])
			}
			printWrapped(g.stdout, p, p.T("cli.verify.note"), n)
		}
	}
	switch {
	case rep.Failed():
		return &exitError{code: exitCheckFailed, err: errSilent}
	case rep.Incomplete():
		return &exitError{code: exitFailure, err: errSilent}
	case f.strict && rep.Warnings() > 0:
		g.say("cli.verify.strict")
		return &exitError{code: exitCheckFailed, err: errSilent}
	}
	return nil
}

// outputWidth is the terminal's width when stdout is one, else 80.
func outputWidth() int {
	if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 0 {
		return min(w, 120)
	}
	return setup.DefaultWidth
}
