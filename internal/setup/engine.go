// Package setup is the engine: Plan (what would change, computed with
// read-only calls), Apply (do it, idempotently) and Verify (health checks).
// It emits progress events through a callback and knows nothing of terminals.
package setup

import (
	"context"
	"errors"
)

// Config says how to reach AWS.
type Config struct {
	Profile     string
	Region      string // primary Region from --region; "" = the profile's
	EndpointURL string
}

// Identity is the caller, from sts:GetCallerIdentity.
type Identity struct {
	AccountID string
	ARN       string
	Partition string
	Profile   string
}

// Engine does the AWS side of Zoom CMK.
type Engine struct{}

// New loads AWS configuration (no network call).
func New(ctx context.Context, cfg Config) (*Engine, error) { return nil, errors.New("todo") }

// DefaultRegion is --region, else the profile's Region, else us-east-1.
func (e *Engine) DefaultRegion() string { return "us-east-1" }

// Identity calls sts:GetCallerIdentity once and caches the answer.
func (e *Engine) Identity(ctx context.Context) (Identity, error) { return Identity{}, errors.New("todo") }

// Probe makes one read-only KMS call in region to show KMS is reachable and usable.
func (e *Engine) Probe(ctx context.Context, region string) error { return errors.New("todo") }

// Plan computes what Apply would do, with read-only calls only.
func (e *Engine) Plan(ctx context.Context, opts Options) (*Plan, error) { return nil, errors.New("todo") }

// Apply carries out a plan. It is idempotent: after a failure, Plan again and
// Apply the new plan to resume. onEvent may be nil.
func (e *Engine) Apply(ctx context.Context, p *Plan, onEvent func(Event)) (*Result, error) {
	return nil, errors.New("todo")
}

// Validate checks options before any AWS call and fills defaults.
func Validate(o *Options) error { return errors.New("todo") }

// OfflinePlan is a dry run without credentials: every Region planned from
// scratch for the given account (o.AccountID) and partition.
func OfflinePlan(o Options) *Plan { return nil }
