package aws

import (
	"context"
	"os"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
)

// Endpoint says where the calls to one service go when not to AWS itself,
// and who said so.
type Endpoint struct {
	Service string // "KMS", "STS", "CloudTrail"
	URL     string
	// From names the setting: "--endpoint-url", an environment variable
	// (AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL), or "profile NAME" when it is
	// endpoint_url (or a services section) in the shared AWS config file.
	From string
	// InConfigFile is true for a setting of the shared AWS config file.
	InConfigFile bool
}

// The services the product calls: the SDK's service id and the suffix of
// its AWS_ENDPOINT_URL_<SUFFIX> variable.
var endpointServices = []struct{ sdkID, env string }{
	{"KMS", "KMS"},
	{"STS", "STS"},
	{"CloudTrail", "CLOUDTRAIL"},
	{"Scheduler", "SCHEDULER"}, // the drill's safety net
	{"IAM", "IAM"},
}

type ignoreEndpointsSource interface {
	GetIgnoreConfiguredEndpoints(ctx context.Context) (bool, bool, error)
}

// resolveEndpoints works out, once, where each service's calls go: the
// --endpoint-url flag first, then what the SDK would take on its own (the
// service's AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then the shared
// config file's services section and endpoint_url of the profile), none of
// it when ignore_configured_endpoint_urls says so. The clients are then
// pinned to the result, so that what the product announces, checks and
// records as the endpoint is the one the calls really use. A profile that
// sends calls elsewhere is never silent.
func resolveEndpoints(ctx context.Context, cfg sdkaws.Config, flag, profile string) map[string]Endpoint {
	out := map[string]Endpoint{}
	ignored := false
	for _, src := range cfg.ConfigSources {
		if s, ok := src.(ignoreEndpointsSource); ok {
			if v, found, err := s.GetIgnoreConfiguredEndpoints(ctx); err == nil && found {
				ignored = v
				break
			}
		}
	}
	profileName := profile
	if profileName == "" {
		profileName = "default"
	}
	for _, svc := range endpointServices {
		e := Endpoint{Service: svc.sdkID}
		switch {
		case flag != "":
			e.URL, e.From = flag, "--endpoint-url"
		case ignored:
		case os.Getenv("AWS_ENDPOINT_URL_"+svc.env) != "":
			e.From = "AWS_ENDPOINT_URL_" + svc.env
			e.URL = os.Getenv(e.From)
		case os.Getenv("AWS_ENDPOINT_URL") != "":
			e.URL, e.From = os.Getenv("AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL"
		default:
			for _, src := range cfg.ConfigSources {
				shared, ok := src.(config.SharedConfig)
				if !ok {
					continue
				}
				if shared.Profile != "" {
					profileName = shared.Profile
				}
				if v, found, err := shared.GetServiceBaseEndpoint(ctx, svc.sdkID); err == nil && found && v != "" {
					e.URL = v
				} else if shared.BaseEndpoint != "" {
					e.URL = shared.BaseEndpoint
				}
				if e.URL != "" {
					e.From, e.InConfigFile = "profile "+profileName, true
					break
				}
			}
		}
		if e.URL != "" {
			out[svc.sdkID] = e
		}
	}
	return out
}

// baseEndpoint is the endpoint a client of the service is pinned to (nil:
// AWS itself).
func (c *Clients) baseEndpoint(sdkID string) *string {
	if e, ok := c.endpoints[sdkID]; ok {
		return sdkaws.String(e.URL)
	}
	return nil
}

// Endpoints lists where calls go when not to AWS itself, KMS first; empty
// when every call goes to AWS.
func (c *Clients) Endpoints() []Endpoint {
	var out []Endpoint
	for _, svc := range endpointServices {
		if e, ok := c.endpoints[svc.sdkID]; ok {
			out = append(out, e)
		}
	}
	return out
}
