package aws

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
)

// Endpoint says where the calls to one service go when not to AWS itself,
// and who said so.
type Endpoint struct {
	Service string // the SDK's service id: "KMS", "STS", "CloudTrail", "Resource Groups Tagging API", "SSO", "SSO OIDC", "Signin"
	URL     string
	// From names the setting: "--endpoint-url", an environment variable
	// (AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL), or for the shared AWS config
	// file "profile NAME, endpoint_url" or "profile NAME, services: kms".
	From string
	// InConfigFile is true for a setting of the shared AWS config file.
	InConfigFile bool
	// Credentials is true when the SDK's credential providers (web identity,
	// AssumeRole, SSO, aws login) send their calls there.
	Credentials bool
}

// endpointServices are the SDK service ids of the clients the product makes
// itself. A client of another service is pinned the same way (baseEndpoint
// resolves any service id) and its calls obey the same clear-text rule (the
// guard sits in the configuration every client is made from); add its id
// here so that its endpoint is also checked before the first call and named
// in the "sending AWS calls to" line.
var endpointServices = []string{"KMS", "STS", "CloudTrail", taggingSDKID, "EventBridge", "SNS", "Scheduler", "IAM"} // Scheduler and IAM: the drill's safety net

// credentialServices are the services the SDK's credential providers call
// on their own: STS (web identity, AssumeRole), SSO (GetRoleCredentials),
// SSO OIDC (refreshing an sso_session token) and Signin (aws login).
var credentialServices = []string{"STS", "SSO", "SSO OIDC", "Signin"}

// envName is the AWS_ENDPOINT_URL_<SERVICE> variable of a service id.
func envName(sdkID string) string {
	return "AWS_ENDPOINT_URL_" + strings.ReplaceAll(strings.ToUpper(sdkID), " ", "_")
}

type ignoreEndpointsSource interface {
	GetIgnoreConfiguredEndpoints(ctx context.Context) (bool, bool, error)
}

// endpointSettings are the endpoint settings found by Load: the flag, the
// environment and the profile of the shared config file.
type endpointSettings struct {
	flag    string
	ignored bool // ignore_configured_endpoint_urls / AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
	profile string
	shared  *config.SharedConfig
}

func loadEndpointSettings(ctx context.Context, cfg sdkaws.Config, flag, profile string) endpointSettings {
	s := endpointSettings{flag: flag, profile: profile}
	if s.profile == "" {
		s.profile = "default"
	}
	for _, src := range cfg.ConfigSources {
		if is, ok := src.(ignoreEndpointsSource); ok {
			if v, found, err := is.GetIgnoreConfiguredEndpoints(ctx); err == nil && found {
				s.ignored = v
				break
			}
		}
	}
	for _, src := range cfg.ConfigSources {
		if shared, ok := src.(config.SharedConfig); ok {
			s.shared = &shared
			if shared.Profile != "" {
				s.profile = shared.Profile
			}
			break
		}
	}
	return s
}

// servicesEntry is the services-section entry of a service, else nothing.
func (s endpointSettings) servicesEntry(sdkID string) (Endpoint, bool) {
	if s.shared == nil {
		return Endpoint{}, false
	}
	v, found, err := s.shared.GetServiceBaseEndpoint(context.Background(), sdkID)
	if err != nil || !found || v == "" {
		return Endpoint{}, false
	}
	key := strings.ReplaceAll(strings.ToLower(sdkID), " ", "_")
	return Endpoint{Service: sdkID, URL: v, From: "profile " + s.profile + ", services: " + key, InConfigFile: true}, true
}

// own works out where a client the product makes sends a service's calls:
// the --endpoint-url flag first, then what the SDK would take on its own (the
// service's AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then the shared
// config file's services section and endpoint_url of the profile), none of
// it when ignore_configured_endpoint_urls says so. The clients are pinned to
// the result, so that what the product announces, checks and records as the
// endpoint is the one the calls really use.
func (s endpointSettings) own(sdkID string) (Endpoint, bool) {
	e := Endpoint{Service: sdkID}
	switch {
	case s.flag != "":
		e.URL, e.From = s.flag, "--endpoint-url"
	case s.ignored:
	case os.Getenv(envName(sdkID)) != "":
		e.From = envName(sdkID)
		e.URL = os.Getenv(e.From)
	case os.Getenv("AWS_ENDPOINT_URL") != "":
		e.URL, e.From = os.Getenv("AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL"
	default:
		if se, ok := s.servicesEntry(sdkID); ok {
			return se, true
		}
		if s.shared != nil && s.shared.BaseEndpoint != "" {
			e.URL, e.From, e.InConfigFile = s.shared.BaseEndpoint, "profile "+s.profile+", endpoint_url", true
		}
	}
	return e, e.URL != ""
}

// credentials works out where the SDK's credential providers send a
// service's calls. They are made inside config.LoadDefaultConfig before it
// has resolved the global endpoint, so they differ from the product's own
// clients: --endpoint-url (given to the SDK as its BaseEndpoint load option)
// wins over the service's variable and services section; AWS_ENDPOINT_URL
// and the profile's endpoint_url are never used; a set AWS_ENDPOINT_URL
// without the service's own variable sends them to AWS.
func (s endpointSettings) credentials(sdkID string) (Endpoint, bool) {
	e := Endpoint{Service: sdkID, Credentials: true}
	_, global := os.LookupEnv("AWS_ENDPOINT_URL")
	_, own := os.LookupEnv(envName(sdkID))
	switch {
	case s.ignored:
	case global && !own:
	case s.flag != "":
		e.URL, e.From = s.flag, "--endpoint-url"
	case os.Getenv(envName(sdkID)) != "":
		e.From = envName(sdkID)
		e.URL = os.Getenv(e.From)
	default:
		if se, ok := s.servicesEntry(sdkID); ok {
			se.Credentials = true
			return se, true
		}
	}
	return e, e.URL != ""
}

// resolve lists every endpoint, not AWS itself, that a call of the product
// or of the SDK's credential providers may go to: the product's own services
// first (KMS first), then those of the credential providers.
func (s endpointSettings) resolve() []Endpoint {
	var out []Endpoint
	for _, svc := range endpointServices {
		if e, ok := s.own(svc); ok {
			out = append(out, e)
		}
	}
	for _, svc := range credentialServices {
		e, ok := s.credentials(svc)
		if !ok {
			continue
		}
		dup := false
		for i, o := range out {
			if o.Service == e.Service && o.URL == e.URL {
				out[i].Credentials, dup = true, true
			}
		}
		if !dup {
			out = append(out, e)
		}
	}
	return out
}

// baseEndpoint is the endpoint a client of the service is pinned to (nil:
// AWS itself). It works for any service id.
func (c *Clients) baseEndpoint(sdkID string) *string {
	if e, ok := c.settings.own(sdkID); ok {
		return sdkaws.String(e.URL)
	}
	return nil
}

// Endpoints lists where calls go when not to AWS itself, KMS first; empty
// when every call goes to AWS. It includes the endpoints the SDK's
// credential providers use (Credentials set).
func (c *Clients) Endpoints() []Endpoint {
	return append([]Endpoint(nil), c.endpoints...)
}

// IsLocalHost reports whether host names this machine: "localhost" in any
// case, or a loopback address (127.0.0.0/8, ::1). Plain http may go only
// there unless the admin allows otherwise.
func IsLocalHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// proxyFor is the proxy of every request the SDK sends: none for this
// machine (Go's own rule skips only a lowercase "localhost", so
// http://LOCALHOST went to HTTP_PROXY in clear text), else the one of
// HTTP_PROXY, HTTPS_PROXY and NO_PROXY as net/http reads them.
func proxyFor(req *http.Request) (*url.URL, error) {
	if IsLocalHost(req.URL.Hostname()) {
		return nil, nil
	}
	return http.ProxyFromEnvironment(req)
}

// CheckEndpoint applies the clear-text rule to an endpoint URL: an
// absolute http:// or https:// URL; plain http only to this machine unless
// allowInsecure, and never through a proxy (the proxy would read signed
// requests and tokens). It returns nil, or why not as a message.
func CheckEndpoint(raw string, allowInsecure bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return &endpointProblem{id: "aws.err.endpoint.url"}
	}
	if u.Scheme != "http" {
		return nil
	}
	if !IsLocalHost(u.Hostname()) && !allowInsecure {
		return &endpointProblem{id: "aws.err.endpoint.clear-text", args: []any{u.Hostname()}}
	}
	if p, err := proxyFor(&http.Request{URL: u}); err == nil && p != nil {
		return &endpointProblem{id: "aws.err.endpoint.proxy", args: []any{u.Hostname(), p.Redacted()}, host: u.Hostname()}
	}
	return nil
}
