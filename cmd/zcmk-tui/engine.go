package main

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// endpointEnv are the variables that send AWS calls elsewhere, as in the AWS
// CLI (the per-service ones win over AWS_ENDPOINT_URL).
var endpointEnv = []string{"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_CLOUDTRAIL"}

// regionEnv are the variables the SDK takes the Region from, in its order.
var regionEnv = []string{"AWS_REGION", "AWS_DEFAULT_REGION"}

// otherPartitionRegion matches the Region codes of the GovCloud and China
// partitions, which the catalogue (commercial Regions) does not list.
var otherPartitionRegion = regexp.MustCompile(`^(us-gov|cn)-[a-z]+-[0-9]$`)

// usableRegion accepts a Region of the catalogue, or a well-formed GovCloud or
// China Region code (so that such credentials reach the partition check,
// which says what to do there); anything else is bad input.
func usableRegion(r string) error {
	err := zoom.ValidateRegion(r)
	if err != nil && otherPartitionRegion.MatchString(r) {
		return nil
	}
	return err
}

// validateEndpoint checks an endpoint override: an absolute http:// or
// https:// URL, and plain http only to a loopback address (an emulator on
// this machine) unless allowInsecure: elsewhere signed requests, with the
// session token of temporary credentials, would cross the network in clear
// text.
func validateEndpoint(raw string, allowInsecure bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return newMsgErr("cli.err.endpoint.url")
	}
	if u.Scheme == "http" && !allowInsecure && !isLoopback(u.Hostname()) {
		return newMsgErr("cli.err.endpoint.http", u.Hostname())
	}
	return nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
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
		if err := validateEndpoint(v, g.allowInsecure); err != nil {
			return nil, usageMsg("cli.err.endpointenv", name, shortened(v), err)
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
	eng, err := setup.New(ctx, cfg)
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
	// The profile in the shared config file can send calls elsewhere too
	// (endpoint_url, or a services section): checked like the variables,
	// and never silent.
	for _, e := range eng.Endpoints() {
		if e.InConfigFile {
			if err := validateEndpoint(e.URL, g.allowInsecure); err != nil {
				return nil, usageMsg("cli.err.endpointprofile", e.From, shortened(e.URL), err)
			}
		}
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
	return eng, nil
}
