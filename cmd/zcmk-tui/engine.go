package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// endpointEnv are the variables that send AWS calls elsewhere, as in the AWS
// CLI (the per-service ones win over AWS_ENDPOINT_URL).
var endpointEnv = []string{"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_CLOUDTRAIL", "AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API"}

// regionEnv are the variables the SDK takes the Region from, in its order.
var regionEnv = []string{"AWS_REGION", "AWS_DEFAULT_REGION"}

// usableRegion accepts a Region of the catalogue (every partition: aws,
// aws-us-gov, aws-cn); anything else is bad input.
func usableRegion(r string) error {
	return zoom.ValidateRegion(r)
}

// validateEndpoint checks an endpoint override by the rule every endpoint
// obeys (awsx.CheckEndpoint): an absolute http:// or https:// URL, and plain
// http only to this machine unless allowInsecure, never through a proxy:
// elsewhere signed requests, with the session token of temporary
// credentials, would cross the network in clear text.
// The refusal names the setting (from) and is bad input (exit 2).
func validateEndpoint(from, raw string, allowInsecure bool) error {
	if err := awsx.CheckSetting(from, raw, allowInsecure); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	return nil
}

// envEndpointsIgnored mirrors the SDK: AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true
// makes it ignore the endpoint variables.
func envEndpointsIgnored() bool {
	return strings.EqualFold(os.Getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true")
}

// endpointOverrides validates the endpoint variables (--endpoint-url is
// checked with the other flags) and returns every endpoint the calls may go
// to instead of AWS.
func (g *globalOpts) endpointOverrides() ([]string, error) {
	var out []string
	if g.endpointURL != "" {
		// The flag wins over every variable and the config file.
		return append(out, g.endpointURL), nil
	}
	if envEndpointsIgnored() {
		return out, nil
	}
	for _, name := range endpointEnv {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if err := validateEndpoint(name, v, g.allowInsecure); err != nil {
			return nil, err
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

// newEngine checks what the environment adds to the flags (endpoint
// variables, the Region from AWS_REGION, AWS_DEFAULT_REGION or the profile)
// before any AWS call, warns once on stderr when the calls do not go to AWS,
// and loads the engine.
func (g *globalOpts) newEngine(ctx context.Context) (*setup.Engine, error) {
	return g.newEngineIn(ctx, g.region)
}

// newEngineIn is newEngine with the primary Region given (e.g. the session's)
// instead of --region.
func (g *globalOpts) newEngineIn(ctx context.Context, region string) (*setup.Engine, error) {
	endpoints, err := g.endpointOverrides()
	if err != nil {
		return nil, err
	}
	if region != "" {
		if err := usableRegion(region); err != nil {
			return nil, usageMsg("cli.err.region", err)
		}
	}
	cfg := g.engineConfig()
	cfg.Region = region
	// The "not AWS" notice is said when the first request goes out: a run
	// that sends none (no credentials, an offline plan) does not say it.
	// The wizard says it at once, before its screen takes the terminal.
	var notice string
	if !g.noticeNow {
		cfg.OnSend = func() {
			if notice != "" && !g.endpointWarned {
				g.endpointWarned = true
				fmt.Fprintln(g.stderr, notice)
			}
		}
	}
	if !g.noticeNow {
		// A call that hangs is not silence: say what is awaited and for how
		// much longer (the wizard shows its own spinner instead).
		cfg.OnWait = func(op, region string, waited, left time.Duration) {
			fmt.Fprintln(g.stderr, g.p().T("cli.waiting", op, region, int(waited.Round(time.Second)/time.Second), int(left.Round(time.Second)/time.Second)))
		}
	}
	eng, err := setup.New(ctx, cfg)
	if awsx.KindOf(err) == awsx.KindEndpointRefused {
		// An endpoint setting breaks the clear-text rule: bad input,
		// refused before any call.
		return nil, &exitError{code: exitUsage, err: err}
	}
	if err != nil {
		return nil, err
	}
	if region == "" {
		r := eng.DefaultRegion()
		if err := usableRegion(r); err != nil {
			var from any = i18n.Msg{ID: "cli.region.fromprofile"}
			for _, name := range regionEnv {
				if os.Getenv(name) == r {
					from = name
					break
				}
			}
			return nil, usageMsg("cli.err.regionfrom", from, err)
		}
	}
	// Every other endpoint the calls may go to (the profile's endpoint_url
	// or services section, a variable of another service, those of the
	// credential providers) was checked when the engine loaded, and is
	// never silent.
	for _, e := range eng.Endpoints() {
		if !slices.Contains(endpoints, e.URL) {
			endpoints = append(endpoints, e.URL)
		}
	}
	if len(endpoints) > 0 && !g.endpointWarned {
		notice = fitTerminal(g.stderr, g.p().T("cli.endpoint.override", strings.Join(endpoints, ", ")))
		if g.noticeNow {
			g.endpointWarned = true
			fmt.Fprintln(g.stderr, notice)
		}
	}
	// What setup writes in words (the alert e-mail) is in the run's language.
	eng.Lang = g.p().Lang()
	return eng, nil
}
