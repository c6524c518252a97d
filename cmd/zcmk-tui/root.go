package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/practice"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// globalOpts are the flags every subcommand shares.
type globalOpts struct {
	profile     string
	region      string
	endpointURL string
	output      string
	yes         bool
	stateFile   string
	dryRun      bool
	accessible  bool
	callTimeout time.Duration
	lang        string        // --lang as given; "" = from the locale variables
	printer     *i18n.Printer // the chosen language (p())

	allowInsecure bool // --allow-insecure-endpoint: plain http to a host that is not this machine
	// wizardZoomAccount is the wizard's --zoom-account-id ("" = Zoom's
	// commercial account, or the one the session saved).
	wizardZoomAccount string
	endpointWarned    bool // the "not AWS" warning was printed
	practice          practiceOpts

	stdin          io.Reader
	stdout, stderr io.Writer
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root, _ := newRoot(stdin, stdout, stderr)
	return root
}

// newRoot builds the command tree and returns it with the global options it fills.
func newRoot(stdin io.Reader, stdout, stderr io.Writer) (*cobra.Command, *globalOpts) {
	g := &globalOpts{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "zcmk-tui",
		Short: "Set up a Zoom Customer Managed Key (Zoom CMK) in AWS KMS",
		Long: `zcmk-tui takes a Zoom account admin from "we want our Zoom data encrypted with our
own key" to a working Zoom Customer Managed Key on AWS KMS: a multi-Region KMS key
with Zoom's grant in every Region, its ARNs, and the remaining steps in the Zoom
web portal as a checklist.

Run without a command in a terminal to open the step-by-step wizard. The
commands below do the same work without the wizard, for scripts and for review.

The tool never schedules key deletion, never bypasses the KMS lockout safety
check, never removes a statement from an existing key policy, and never prints
or stores credentials. It disables a key only in 'zcmk-tui drill', which enables
it again on every way out.

Language: --lang en or ja, else the locale (LC_ALL, LC_MESSAGES, LANG in that
order; ja_JP.UTF-8 gives Japanese). JSON output and this help stay English.

Exit codes: 0 done, 1 AWS or runtime failure, 2 bad usage or invalid input
(nothing was called), including a session file that cannot be used, 3 verify
found a failing check, 130 interrupted.`,
		Example: `  zcmk-tui                                   # the wizard
  zcmk-tui plan  --region ap-northeast-1 --replica-region ap-northeast-3
  zcmk-tui setup --region ap-northeast-1 --replica-region ap-northeast-3 --yes
  zcmk-tui checklist --format markdown`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       "",
		Args:          cobra.NoArgs,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if err := g.validateLang(); err != nil {
				return err
			}
			if err := g.validate(); err != nil {
				return err
			}
			switch cmd.Name() {
			case "version", "man", "help", "policy":
			default:
				if err := g.startPractice(); err != nil {
					return err
				}
			}
			switch cmd.Name() {
			case "setup", "plan", "verify", "checklist":
				g.warnDrill()
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runWizard(cmd, g)
		},
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate("{{.Version}}\n")
	root.Version = versionString()

	root.Flags().StringVar(&g.wizardZoomAccount, "zoom-account-id", "", "the wizard: Zoom's AWS account ID, only for Zoom for Government or another Zoom cloud (default: the commercial Zoom cloud's, "+zoom.ZoomAccountID+")")
	pf := root.PersistentFlags()
	pf.StringVar(&g.profile, "profile", "", "AWS profile from your shared config (default: $AWS_PROFILE, else the default profile)")
	pf.StringVar(&g.region, "region", "", "primary Region: where your Zoom account's data resides (default: the profile's Region, else us-east-1)")
	pf.StringVar(&g.endpointURL, "endpoint-url", "", "send AWS calls to this endpoint, e.g. a local emulator (default: $AWS_ENDPOINT_URL, $AWS_ENDPOINT_URL_KMS/_STS, else AWS)")
	pf.BoolVar(&g.allowInsecure, "allow-insecure-endpoint", false, "allow a plain http:// endpoint on another host than this machine (signed requests and session tokens then cross the network unencrypted; never through a proxy)")
	pf.StringVarP(&g.output, "output", "o", "text", "output format: text or json (json: exactly one JSON object on stdout, an error object when the command fails)")
	pf.BoolVarP(&g.yes, "yes", "y", false, "do not ask for confirmation before changing anything (needed when not run in a terminal)")
	pf.StringVar(&g.stateFile, "state-file", "", "session file with Regions, ARNs and checklist ticks (default: $XDG_STATE_HOME/zcmk-tui/session.json)")
	pf.BoolVar(&g.dryRun, "dry-run", false, "make no change in AWS: read-only calls only, or none at all without credentials (then give --account-id)")
	pf.DurationVar(&g.callTimeout, "call-timeout", awsx.DefaultCallTimeout, "give up an AWS request that has not answered after this long (each attempt; idempotent calls are retried), e.g. 10s or 2m")
	pf.StringVar(&g.lang, "lang", "", "language of the output: en or ja (default: from LC_ALL, LC_MESSAGES or LANG; JSON output and --help stay English)")
	pf.BoolVar(&g.practice.on, "practice", false, "practise with no AWS account: everything runs against a practice AWS inside this program (account "+practice.Account+"); nothing is sent to AWS, and practice ARNs must never be pasted into the Zoom portal")
	pf.BoolVar(&g.practice.reset, "reset", false, "with --practice: start the practice account and its session afresh")
	pf.StringArrayVar(&g.practice.faults, "practice-fault", nil, "with --practice: make the practice AWS misbehave, to rehearse the bad day (repeatable): "+practiceFaultHelp())
	pf.BoolVar(&g.accessible, "accessible", os.Getenv("ACCESSIBLE") != "", "plain line-by-line prompts for screen readers (also ACCESSIBLE=1)")

	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: err}
	})

	root.AddCommand(
		newSetupCmd(g),
		newPlanCmd(g),
		newPolicyCmd(g),
		newChecklistCmd(g),
		newRunbookCmd(g),
		newExportCmd(g),
		newVerifyCmd(g),
		newDrillCmd(g),
		newVersionCmd(g),
		newManCmd(g),
	)
	for _, c := range root.Commands() {
		c.SilenceUsage = true
	}
	return root, g
}

// validate checks the global flags before any AWS call.
func (g *globalOpts) validate() error {
	switch g.output {
	case "text", "json":
	default:
		return usageMsg("cli.err.output", shortened(g.output))
	}
	if g.callTimeout <= 0 {
		return usageMsg("cli.err.calltimeout", g.callTimeout.String())
	}
	if g.endpointURL != "" {
		if err := validateEndpoint("--endpoint-url", g.endpointURL, g.allowInsecure); err != nil {
			return err
		}
	}
	return nil
}

// isCobraUsageError recognises cobra's own argument errors, which it does not type.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "requires at most", "invalid argument", "flag needs an argument", "required flag"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	var nf *pflag.NotExistError
	return errors.As(err, &nf)
}

// humanOut is where human-readable text goes: stderr when stdout carries JSON.
func (g *globalOpts) humanOut() io.Writer {
	if g.output == "json" {
		return g.stderr
	}
	return g.stdout
}

// warnDrill prints a warning first, on stderr, while the session file
// records a drill in progress (its process was killed, or its restore failed).
func (g *globalOpts) warnDrill() {
	path, err := g.statePath()
	if err != nil {
		return
	}
	s, err := state.Load(path)
	if err != nil {
		return
	}
	if d := s.ActiveDrill(); d != nil {
		printWrapped(g.stderr, g.p(), "", setup.DrillWarningIn(g.p(), d))
		fmt.Fprintln(g.stderr)
	}
}

func (g *globalOpts) printf(format string, a ...any) {
	fmt.Fprintf(g.humanOut(), format, a...)
}
