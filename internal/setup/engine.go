// Package setup is the engine: Plan (what would change, computed with
// read-only calls), Apply (do it, idempotently) and Verify (health checks).
// It emits progress events through a callback and knows nothing of terminals.
// The decisions both faces make about a setup (when a dry run plans offline,
// which calls a stop cut short, how a run is recorded) are made here once
// (faces.go, record.go).
package setup

import (
	"context"
	"sync"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Config says how to reach AWS.
type Config struct {
	Profile     string
	Region      string // primary Region from --region; "" = the profile's
	EndpointURL string
	MaxAttempts int // SDK retry attempts; 0 = default
	// CallTimeout bounds each attempt of every AWS call; 0 = awsx.DefaultCallTimeout.
	CallTimeout time.Duration
	// AllowInsecureEndpoint lets plain http go to another host than this
	// machine (--allow-insecure-endpoint).
	AllowInsecureEndpoint bool
	// Isolated: nothing of the machine's AWS configuration is read and every
	// call goes to EndpointURL (practice mode; see awsx.Config.Isolated).
	Isolated bool
	// OnSend, when set, is called once right before the first request goes
	// out (never when no request is sent).
	OnSend func()
	// OnWait, when set, is called while a call has not answered, with what
	// it waits for and the time left (see awsx.Config.OnWait).
	OnWait func(op, region string, waited, left time.Duration)
}

// Identity is the caller, from sts:GetCallerIdentity.
type Identity struct {
	AccountID string
	ARN       string
	Partition string
	Profile   string
	FromEnv   bool // the credentials come from the environment variables, not a profile
}

// Engine does the AWS side of Zoom CMK. It is safe for concurrent use.
type Engine struct {
	cl  *awsx.Clients
	cfg Config

	// WaitTimeout bounds the wait for a new replica to become Enabled;
	// PollInterval is the first delay between DescribeKey polls (it doubles,
	// up to 5s).
	WaitTimeout  time.Duration
	PollInterval time.Duration
	// RestoreTimeout bounds the restore at the end of a drill (every
	// Region's EnableKey and read-back, retries included).
	RestoreTimeout time.Duration

	// Backoff is the wait before attempt+1 of a CreateKey or ReplicateKey
	// that failed ambiguously, after the lookup for what it may have made;
	// nil = the SDK retryer's backoff.
	Backoff func(attempt int, err error) time.Duration

	// FreshLook is how long a plan's lookup of tagged keys stands as the
	// last look before CreateKey, so that a setup applied right after its
	// plan sends no second lookup; 0 = DefaultFreshLook, negative = always
	// look again.
	FreshLook time.Duration

	// Lang is the language of the run (the faces' own), for what setup
	// writes to AWS in words: the alert e-mail. Options.Lang overrides it;
	// "" = English. Set it before the engine is used.
	Lang i18n.Lang

	mu sync.Mutex
	id *Identity
	// scanRegions are the Regions where the Tagging API was denied or not
	// served: their keys are found by the scan; scanSaid: the note saying so
	// was given. Guarded by scanMu (mu is held during the identity call,
	// which the lookup runs beside).
	scanMu      sync.Mutex
	scanRegions map[string]bool
	scanSaid    bool
}

// New loads AWS configuration (no network call).
func New(ctx context.Context, cfg Config) (*Engine, error) {
	cl, err := awsx.Load(ctx, awsx.Config{Profile: cfg.Profile, EndpointURL: cfg.EndpointURL, MaxAttempts: cfg.MaxAttempts, CallTimeout: cfg.CallTimeout,
		Isolated: cfg.Isolated, OptInRegion: zoom.RegionOptIn, AllowInsecureEndpoint: cfg.AllowInsecureEndpoint, OnSend: cfg.OnSend, OnWait: cfg.OnWait})
	if err != nil {
		return nil, err
	}
	return &Engine{cl: cl, cfg: cfg, WaitTimeout: 5 * time.Minute, PollInterval: 500 * time.Millisecond, RestoreTimeout: 2 * time.Minute}, nil
}

// DefaultRegion is --region, else the profile's Region, else us-east-1.
func (e *Engine) DefaultRegion() string {
	if e.cfg.Region != "" {
		return e.cfg.Region
	}
	if r := e.cl.ProfileRegion(); r != "" {
		return r
	}
	return zoom.DefaultRegion
}

// Profile is the AWS profile in use ("" for the default one).
func (e *Engine) Profile() string { return e.cl.Profile() }

// Endpoint is KMS's endpoint when it is not AWS itself, or "".
func (e *Engine) Endpoint() string { return e.cl.Endpoint() }

// Endpoints lists where calls go when not to AWS itself (every service
// the product calls, and which setting said so); empty for AWS.
func (e *Engine) Endpoints() []awsx.Endpoint { return e.cl.Endpoints() }

// Calls returns every AWS call made so far.
func (e *Engine) Calls() []Call { return e.cl.Recorder().Calls() }

// WriteCalls counts the write calls made so far.
func (e *Engine) WriteCalls() int { return e.cl.Recorder().Writes() }

// changesSince counts the write calls after the first writes that
// succeeded (see Result.Changes).
func (e *Engine) changesSince(writes int) int { return e.cl.Recorder().ChangesSince(writes) }

// Identity calls sts:GetCallerIdentity once and caches the answer.
func (e *Engine) Identity(ctx context.Context) (Identity, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.id != nil {
		return *e.id, nil
	}
	id, err := e.cl.Identity(ctx, e.DefaultRegion())
	if err != nil {
		return Identity{}, err
	}
	e.id = &Identity{AccountID: id.Account, ARN: id.ARN, Partition: id.Partition, Profile: e.cl.Profile(),
		FromEnv: e.cl.CredentialsFromEnv(ctx)}
	return *e.id, nil
}

// Probe makes one read-only KMS call in region to show KMS is reachable and usable.
func (e *Engine) Probe(ctx context.Context, region string) error {
	return e.cl.KMS(region).Probe(ctx)
}

// parallel runs fns concurrently and returns the first error (all run to the end).
func parallel(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
