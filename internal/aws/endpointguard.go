package aws

import (
	"context"
	"net/url"
	"strings"

	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// endpointProblem is why an endpoint URL breaks the clear-text rule.
type endpointProblem struct {
	id   string
	args []any
	host string // the host to add to NO_PROXY, for a proxy problem
}

func (p *endpointProblem) Localized() i18n.Msg { return i18n.Msg{ID: p.id, Args: p.args} }
func (p *endpointProblem) Error() string       { return en.M(p.Localized()) }

// refused is the error for an endpoint that breaks the rule: which
// service, where, who set it, why, and what to do. Nothing was sent.
func refused(e Endpoint, problem error) *Error {
	err := &Error{Kind: KindEndpointRefused, Err: problem}
	shown := e.URL
	if r := []rune(shown); len(r) > 200 {
		shown = string(r[:200]) + "…"
	}
	switch {
	case e.From == "":
		// Found by the guard with no setting known to have sent it there.
		err.say("aws.err.endpoint.refused-sdk", e.Service, shown, problem)
	case e.Service == "":
		err.say("aws.err.endpoint.refused-any", shown, e.From, problem)
	default:
		err.say("aws.err.endpoint.refused", e.Service, shown, e.From, problem)
	}
	p, _ := problem.(*endpointProblem)
	switch {
	case p != nil && p.id == "aws.err.endpoint.proxy":
		err.sayFix("aws.err.endpoint.proxy.fix", p.host)
	case e.From == "" && p != nil && p.id == "aws.err.endpoint.clear-text":
		err.sayFix("aws.err.endpoint.clear-text.fix-sdk")
	case p != nil && p.id == "aws.err.endpoint.clear-text":
		err.sayFix("aws.err.endpoint.clear-text.fix", e.From)
	case e.From == "":
		err.sayFix("aws.err.endpoint.url.fix-sdk")
	default:
		err.sayFix("aws.err.endpoint.url.fix", e.From)
	}
	return err
}

// CheckSetting applies the clear-text rule to one endpoint setting for
// every service (the --endpoint-url flag, AWS_ENDPOINT_URL...), named by
// from: nil, or the refusal as an *Error of KindEndpointRefused.
func CheckSetting(from, raw string, allowInsecure bool) error {
	if p := CheckEndpoint(raw, allowInsecure); p != nil {
		return refused(Endpoint{URL: raw, From: from}, p)
	}
	return nil
}

// checkEndpoints applies the clear-text rule to every endpoint the calls may
// go to, before the first call: the first one that breaks it is refused.
func checkEndpoints(eps []Endpoint, allowInsecure bool) error {
	for _, e := range eps {
		if p := CheckEndpoint(e.URL, allowInsecure); p != nil {
			return refused(e, p)
		}
	}
	return nil
}

// endpointGuard applies the clear-text rule to every request the SDK is
// about to send, whatever client sends it and wherever its endpoint came
// from: it is an API option of the configuration every client is made from
// (the product's clients and those the credential providers make inside the
// SDK), so a client added later obeys it without a line of its own. It is the
// last check before the network; Load has already refused the endpoint
// settings it knows of, with the setting's name.
type endpointGuard struct {
	allowInsecure bool
	known         []Endpoint // the resolved endpoints, to name the setting
}

// exempt reports whether a request is not a call of an AWS service: the
// SDK's own credential sources on the machine or its host (EC2 instance
// metadata at 169.254.169.254, the container credentials endpoint) answer
// with credentials over plain http by design and receive none. Their
// clients, unlike every AWS service client, register no service id.
func exempt(serviceID string) bool { return serviceID == "" }

func (g *endpointGuard) middleware(stack *middleware.Stack) error {
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("zcmkEndpointGuard",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			svc := awsmw.GetServiceID(ctx)
			if req, ok := in.Request.(*smithyhttp.Request); ok && !exempt(svc) {
				if p := CheckEndpoint(req.URL.String(), g.allowInsecure); p != nil {
					return middleware.FinalizeOutput{}, middleware.Metadata{}, refused(g.name(svc, req.URL), p)
				}
			}
			return next.HandleFinalize(ctx, in)
		}), middleware.After)
}

// name finds the setting that sent a service's call to u.
func (g *endpointGuard) name(svc string, u *url.URL) Endpoint {
	base := u.Scheme + "://" + u.Host
	for _, e := range g.known {
		if e.Service == svc && strings.HasPrefix(e.URL, base) {
			return e
		}
	}
	return Endpoint{Service: svc, URL: base}
}

// KindEndpointRefused is an endpoint that breaks the clear-text rule;
// nothing was sent there. (A value of its own, apart from the iota list of
// errors.go.)
const KindEndpointRefused Kind = 64

func init() { kindNames[KindEndpointRefused] = "endpoint-refused" }
