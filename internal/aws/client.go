// Package aws is the only package that imports the AWS SDK. It loads
// configuration the way the AWS CLI does (environment, --profile/AWS_PROFILE,
// shared config, SSO), wraps the handful of KMS and STS calls the product
// uses behind types of its own, records every call (for progress reports and
// for proving that a second run makes no write), and classifies SDK errors
// into kinds an admin can act on.
package aws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
)

// Config says how to reach AWS.
type Config struct {
	Profile     string // "" = $AWS_PROFILE, else the default profile
	EndpointURL string // "" = $AWS_ENDPOINT_URL_<SERVICE>, $AWS_ENDPOINT_URL, the profile's endpoint_url, else AWS
	MaxAttempts int    // SDK retry attempts for throttling and 5xx; 0 = 5
	// CallTimeout bounds each attempt of every call (the SDK's HTTP client
	// timeout): a call that never answers fails after it instead of hanging.
	// 0 = DefaultCallTimeout.
	CallTimeout time.Duration
	// Isolated cuts the configuration off from the machine: no shared
	// config or credentials file, no profile, no Region or credentials from
	// the environment, no instance metadata; the calls are signed with
	// static example credentials and every service goes to EndpointURL.
	// Practice mode uses it, so that nothing can reach AWS.
	Isolated bool
	// OptInRegion reports whether an account must enable a Region before
	// using it. With it, an unrecognised-credentials answer suggests enabling
	// the Region only where that can be the cause.
	OptInRegion func(region string) bool
	// AllowInsecureEndpoint lets plain http go to another host than this
	// machine (--allow-insecure-endpoint). Never through a proxy.
	AllowInsecureEndpoint bool
	// OnSend, when set, is called once, right before the first request of
	// any client goes out (after signing: a call that fails for want of
	// credentials sends nothing and does not call it).
	OnSend func()
	// OnWait, when set, is called while an attempt of a call has not
	// answered: first WaitNoticeAfter after it was sent, then every
	// WaitNoticeEvery, with the call, its Region, how long it has waited and
	// how long it has left before the call timeout ends the attempt.
	OnWait func(op, region string, waited, left time.Duration)
}

// WaitNoticeAfter and WaitNoticeEvery pace Config.OnWait.
const (
	WaitNoticeAfter = 2 * time.Second
	WaitNoticeEvery = 5 * time.Second
)

// DefaultCallTimeout is the per-attempt timeout when Config gives none. KMS
// answers in well under a second; 30 seconds leaves room for slow links.
const DefaultCallTimeout = 30 * time.Second

// Clients holds one STS client and one KMS client per Region.
type Clients struct {
	cfg       sdkaws.Config
	profile   string
	endpoint  string           // KMS's, "" for AWS
	endpoints []Endpoint       // every endpoint that is not AWS, KMS first
	settings  endpointSettings // the flag, environment and profile they come from
	rec       *Recorder
	timeout   time.Duration // per attempt
	optIn     func(string) bool

	mu  sync.Mutex
	kms map[string]*KMS
	sts *sts.Client
}

// Load reads configuration; it makes no network call.
func Load(ctx context.Context, c Config) (*Clients, error) {
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.CallTimeout <= 0 {
		c.CallTimeout = DefaultCallTimeout
	}
	profile := c.Profile
	if profile == "" {
		profile = os.Getenv("AWS_PROFILE")
	}
	opts := []func(*config.LoadOptions) error{
		config.WithRetryMaxAttempts(c.MaxAttempts),
		config.WithRetryMode(sdkaws.RetryModeStandard),
		// One attempt is one HTTP request: the client's timeout is the
		// per-attempt timeout. Idempotent calls are retried after it by the
		// SDK; CreateKey and ReplicateKey return it to the engine, which looks
		// for the key before it tries again.
		// No proxy for this machine (see proxyFor).
		config.WithHTTPClient(awshttp.NewBuildableClient().WithTimeout(c.CallTimeout).
			WithTransportOptions(func(tr *http.Transport) { tr.Proxy = proxyFor })),
		// The SDK's own log lines ("SDK ... WARN failed to discard remaining
		// HTTP response body" when a call is cut off) went to stderr in the
		// middle of the tool's output, in English, with nothing to act on:
		// every failure is classified and said by the tool itself.
		config.WithLogger(logging.Nop{}),
	}
	if c.Profile != "" && !c.Isolated {
		opts = append(opts, config.WithSharedConfigProfile(c.Profile))
	}
	// The clear-text rule for every request of every client made from this
	// configuration, the credential providers' included (see endpointGuard).
	guard := &endpointGuard{allowInsecure: c.AllowInsecureEndpoint}
	if c.EndpointURL != "" {
		// As a load option, --endpoint-url also wins over every other
		// endpoint setting inside the SDK's credential providers (their STS,
		// SSO and SSO OIDC clients), not only in the clients made here.
		opts = append(opts, config.WithBaseEndpoint(c.EndpointURL))
	}
	var cfg sdkaws.Config
	var err error
	if c.Isolated {
		// Practice: nothing of the machine's AWS setup is read (isolated.go).
		if c.EndpointURL == "" {
			return nil, errors.New("an isolated configuration needs an endpoint")
		}
		profile = ""
		cfg = isolatedConfig(c)
		cfg.APIOptions = append(cfg.APIOptions, guard.middleware)
	} else if cfg, err = config.LoadDefaultConfig(ctx, append(opts, config.WithAPIOptions([]func(*middleware.Stack) error{guard.middleware}))...); err != nil {
		return nil, classifyConfigError(err, profile)
	}
	settings := loadEndpointSettings(ctx, cfg, c.EndpointURL, profile)
	endpoints := settings.resolve()
	guard.known = endpoints
	// Every endpoint obeys the clear-text rule before the first call.
	if err := checkEndpoints(endpoints, c.AllowInsecureEndpoint); err != nil {
		return nil, err
	}
	// Every client made here is pinned to its resolved endpoint (see
	// baseEndpoint); cfg.BaseEndpoint stays what the SDK resolved, so that
	// a client made from it without pinning goes where the SDK sends it,
	// which the guard checks all the same.
	kmsEndpoint, _ := settings.own("KMS")
	cl := &Clients{cfg: cfg, profile: profile, endpoint: kmsEndpoint.URL, endpoints: endpoints, settings: settings, rec: &Recorder{}, kms: map[string]*KMS{}, timeout: c.CallTimeout, optIn: c.OptInRegion}
	cl.cfg.APIOptions = append(cl.cfg.APIOptions, cl.rec.middleware)
	if c.OnSend != nil {
		cl.cfg.APIOptions = append(cl.cfg.APIOptions, onSend(c.OnSend))
	}
	if c.OnWait != nil {
		cl.cfg.APIOptions = append(cl.cfg.APIOptions, onWait(c.OnWait, cl.timeout))
	}
	return cl, nil
}

// ProfileRegion is the Region from the environment or the profile, or "".
func (c *Clients) ProfileRegion() string { return c.cfg.Region }

// Profile is the profile name in use ("" for the default).
func (c *Clients) Profile() string { return c.profile }

// CredentialsFromEnv reports whether the credentials in use come from the
// environment variables (AWS_ACCESS_KEY_ID …), not from a profile. It reads
// the SDK's cached credentials: call it after a call has been signed.
func (c *Clients) CredentialsFromEnv(ctx context.Context) bool {
	if c.cfg.Credentials == nil {
		return false
	}
	cr, err := c.cfg.Credentials.Retrieve(ctx)
	return err == nil && cr.Source == config.CredentialsSourceName
}

// Endpoint is the endpoint override in use, or "".
func (c *Clients) Endpoint() string { return c.endpoint }

// CallTimeout is the per-attempt timeout of every call.
func (c *Clients) CallTimeout() time.Duration { return c.timeout }

// RetryDelay is the SDK retryer's backoff before attempt+1 of a call that
// failed with err (attempt counts from 1): the same exponential backoff with
// jitter the SDK waits between its own retries.
func (c *Clients) RetryDelay(attempt int, err error) time.Duration {
	var r sdkaws.Retryer = retry.NewStandard()
	if c.cfg.Retryer != nil {
		r = c.cfg.Retryer()
	}
	d, derr := r.RetryDelay(attempt, err)
	if derr != nil || d <= 0 {
		// The backoff has no delay for this error: use the SDK's backoff
		// directly (its default maximum is 20s).
		d, _ = retry.NewExponentialJitterBackoff(retry.DefaultMaxBackoff).BackoffDelay(attempt, err)
	}
	return d
}

// Recorder returns the call recorder shared by every client.
func (c *Clients) Recorder() *Recorder { return c.rec }

func (c *Clients) stsClient() *sts.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sts == nil {
		cfg := c.cfg.Copy()
		if cfg.Region == "" {
			cfg.Region = "us-east-1"
		}
		c.sts = sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = c.baseEndpoint("STS") })
	}
	return c.sts
}

// KMS returns the client for a Region.
func (c *Clients) KMS(region string) *KMS {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.kms[region]
	if !ok {
		cfg := c.cfg.Copy()
		cfg.Region = region
		k = &KMS{c: kms.NewFromConfig(cfg, func(o *kms.Options) { o.BaseEndpoint = c.baseEndpoint("KMS") }), region: region, cl: c}
		c.kms[region] = k
	}
	return k
}

// Identity is the answer of sts:GetCallerIdentity.
type Identity struct {
	Account   string
	ARN       string
	UserID    string
	Partition string
}

// Identity calls sts:GetCallerIdentity in region (or the profile's Region).
func (c *Clients) Identity(ctx context.Context, region string) (Identity, error) {
	var opt []func(*sts.Options)
	if region != "" {
		opt = append(opt, func(o *sts.Options) { o.Region = region })
	}
	out, err := c.stsClient().GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}, opt...)
	if err != nil {
		return Identity{}, c.classify(err, "GetCallerIdentity", region)
	}
	id := Identity{Account: sdkaws.ToString(out.Account), ARN: sdkaws.ToString(out.Arn), UserID: sdkaws.ToString(out.UserId)}
	id.Partition = "aws"
	if parts := strings.SplitN(id.ARN, ":", 3); len(parts) >= 2 && parts[0] == "arn" && parts[1] != "" {
		id.Partition = parts[1]
	}
	return id, nil
}

// Credentials resolves the credentials (environment, profile, SSO cache)
// without calling KMS or STS, so that missing or expired credentials are
// reported before anything else is sent. The SDK caches the answer.
func (c *Clients) Credentials(ctx context.Context) error {
	if c.cfg.Credentials == nil {
		return c.classify(errors.New("get credentials: no valid credential sources"), "", "")
	}
	creds, err := c.cfg.Credentials.Retrieve(ctx)
	if err == nil && !creds.HasKeys() {
		err = errors.New("get credentials: static credentials are empty")
	}
	if err != nil {
		return c.classify(fmt.Errorf("get credentials: %w", err), "", "")
	}
	return nil
}

// Call is one recorded API call.
type Call struct {
	Service   string
	Operation string
	Region    string
	Start     time.Time
	Duration  time.Duration
	Write     bool
	Err       bool
}

// Recorder records every API call made through the clients.
type Recorder struct {
	mu    sync.Mutex
	calls []Call
}

// answered reports whether some call in region got an answer from AWS that
// was not an error (so the Region is enabled and the credentials worked).
func (r *Recorder) answered(region string) bool {
	if region == "" {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.calls {
		if c.Region == region && !c.Err {
			return true
		}
	}
	return false
}

// writeOps are the operations that change something in AWS.
var writeOps = map[string]bool{
	"CreateKey": true, "ReplicateKey": true, "CreateAlias": true, "UpdateAlias": true,
	"PutKeyPolicy": true, "EnableKeyRotation": true, "TagResource": true, "UntagResource": true,
	"UpdateKeyDescription": true, "EnableKey": true, "DisableKey": true,
	// tamper alerts (EventBridge, SNS)
	"PutRule": true, "PutTargets": true, "CreateTopic": true, "SetTopicAttributes": true, "Subscribe": true, "Unsubscribe": true,
	"CreateSchedule": true, "DeleteSchedule": true, "CreateRole": true, "PutRolePolicy": true, // the drill's safety net
}

// IsWrite reports whether an operation changes something.
func IsWrite(op string) bool { return writeOps[op] }

func (r *Recorder) middleware(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("zcmkRecorder",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			start := time.Now()
			out, md, err := next.HandleInitialize(ctx, in)
			op := middleware.GetOperationName(ctx)
			r.mu.Lock()
			r.calls = append(r.calls, Call{
				Service: middleware.GetServiceID(ctx), Operation: op, Region: awsmw.GetRegion(ctx),
				Start: start, Duration: time.Since(start), Write: writeOps[op], Err: err != nil,
			})
			r.mu.Unlock()
			return out, md, err
		}), middleware.Before)
}

// onSend calls f once, as the last step before the first request is sent.
func onSend(f func()) func(*middleware.Stack) error {
	var once sync.Once
	return func(stack *middleware.Stack) error {
		return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("zcmkOnSend",
			func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
				once.Do(f)
				return next.HandleDeserialize(ctx, in)
			}), middleware.After)
	}
}

// onWait calls f while an attempt is unanswered (see Config.OnWait);
// timeout is the per-attempt bound.
func onWait(f func(op, region string, waited, left time.Duration), timeout time.Duration) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("zcmkOnWait",
			func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
				op, region := middleware.GetOperationName(ctx), awsmw.GetRegion(ctx)
				start, done := time.Now(), make(chan struct{})
				go func() {
					t := time.NewTimer(WaitNoticeAfter)
					defer t.Stop()
					for {
						select {
						case <-done:
							return
						case <-t.C:
							waited := time.Since(start)
							f(op, region, waited, max(timeout-waited, 0))
							t.Reset(WaitNoticeEvery)
						}
					}
				}()
				defer close(done)
				return next.HandleDeserialize(ctx, in)
			}), middleware.After)
	}
}

// Calls returns a copy of the calls recorded so far.
func (r *Recorder) Calls() []Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Call(nil), r.calls...)
}

// ChangesSince counts the write calls that succeeded after the first
// writes recorded ones: what changed (a write refused because it was done
// already changed nothing).
func (r *Recorder) ChangesSince(writes int) int {
	n, seen := 0, 0
	for _, c := range r.Calls() {
		if !c.Write {
			continue
		}
		if seen++; seen > writes && !c.Err {
			n++
		}
	}
	return n
}

// Writes counts the recorded write calls.
func (r *Recorder) Writes() int {
	n := 0
	for _, c := range r.Calls() {
		if c.Write {
			n++
		}
	}
	return n
}

// nonIdempotentRetryer retries only what certainly did not reach KMS: a
// refused or failed dial, and throttling answers. A timeout or a connection
// lost after the request was sent is returned to the caller, who must look
// for the key before trying again (CreateKey and ReplicateKey are not
// idempotent).
func nonIdempotentRetryer(max int) func() sdkaws.Retryer {
	return func() sdkaws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = max
			o.Retryables = []retry.IsErrorRetryable{
				retry.NoRetryCanceledError{},
				retry.IsErrorRetryableFunc(func(err error) sdkaws.Ternary {
					var op *net.OpError
					if errors.As(err, &op) && op.Op == "dial" {
						return sdkaws.TrueTernary
					}
					return sdkaws.UnknownTernary
				}),
				retry.RetryableErrorCode{Codes: retry.DefaultThrottleErrorCodes},
			}
		})
	}
}

func (c *Clients) String() string {
	return fmt.Sprintf("aws clients (profile %q, endpoint %q)", c.profile, c.endpoint)
}

// timeoutError classifies a call whose attempts hit the per-attempt timeout:
// a write may or may not have been carried out (KindAmbiguous); a read
// changed nothing either way (KindUnreachable). The message names the call
// and the bound. It returns nil for other errors.
func (c *Clients) timeoutError(err error, op, region string) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return nil
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return nil // unreachable, not unanswered
	}
	// The HTTP client's timeout shows as a timeout error ("Client.Timeout
	// exceeded", or the deadline of the attempt's context). The product sets
	// no deadline of its own on a call, so a deadline here is the timeout.
	var to interface{ Timeout() bool }
	if !errors.Is(err, context.DeadlineExceeded) && (!errors.As(err, &to) || !to.Timeout()) {
		return nil
	}
	e := &Error{Kind: KindAmbiguous, Op: op, Region: region, Err: err}
	ids := [3]string{"aws.err.timeout.summary", "aws.err.timeout.summary-tries", "aws.err.timeout.fix"}
	if !writeOps[op] {
		// A read changes nothing whether or not it was carried out: the
		// endpoint did not answer, nothing is ambiguous.
		e.Kind = KindUnreachable
		ids = [3]string{"aws.err.timeout.read.summary", "aws.err.timeout.read.summary-tries", "aws.err.timeout.read.fix"}
	}
	var tries *retry.MaxAttemptsError
	if errors.As(err, &tries) && tries.Attempt > 1 {
		e.say(ids[1], c.timeout.String(), tries.Attempt)
	} else {
		e.say(ids[0], c.timeout.String())
	}
	e.sayFix(ids[2])
	return e
}
