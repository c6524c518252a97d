package aws

import (
	"context"
	"errors"
	"net/url"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	schtypes "github.com/aws/aws-sdk-go-v2/service/scheduler/types"
)

// The drill's safety net: an EventBridge Scheduler one-time schedule per
// Region whose universal target enables the key, and the IAM role Scheduler
// assumes to do it. Only the calls the net needs are wrapped here.

// NetPermissions are the IAM actions the drill's safety net uses.
var NetPermissions = []string{
	"iam:GetRole", "iam:CreateRole", "iam:TagRole", "iam:PutRolePolicy", "iam:PassRole",
	"scheduler:CreateSchedule", "scheduler:GetSchedule", "scheduler:DeleteSchedule", "scheduler:ListSchedules",
}

// Scheduler is the EventBridge Scheduler client of one Region.
type Scheduler struct {
	c      *scheduler.Client
	region string
	cl     *Clients
}

// Scheduler returns the EventBridge Scheduler client for region. It honours
// the endpoint settings like KMS (--endpoint-url, AWS_ENDPOINT_URL_SCHEDULER, ...).
func (c *Clients) Scheduler(region string) *Scheduler {
	cfg := c.cfg.Copy()
	cfg.Region = region
	return &Scheduler{c: scheduler.NewFromConfig(cfg, func(o *scheduler.Options) { o.BaseEndpoint = c.baseEndpoint("Scheduler") }), region: region, cl: c}
}

// Schedule is a one-time schedule as the drill writes and reads it.
type Schedule struct {
	Name       string
	ARN        string
	Expression string // at(yyyy-mm-ddThh:mm:ss), UTC
	Timezone   string
	FlexOff    bool   // FlexibleTimeWindow.Mode OFF
	DeleteDone bool   // ActionAfterCompletion DELETE
	TargetARN  string // the universal target
	RoleARN    string
	Input      string // the target's JSON input
	State      string
}

// AtExpression is the one-time schedule expression for t (UTC, seconds).
func AtExpression(t time.Time) string {
	return "at(" + t.UTC().Format("2006-01-02T15:04:05") + ")"
}

// CreateSchedule creates a one-time schedule in the default group. The
// SDK's idempotency token makes its own retries safe; an existing schedule
// of that name is an error of KindAlreadyExists (read it back and compare).
func (s *Scheduler) CreateSchedule(ctx context.Context, in Schedule) (string, error) {
	out, err := s.c.CreateSchedule(ctx, &scheduler.CreateScheduleInput{
		Name:                       sdkaws.String(in.Name),
		ScheduleExpression:         sdkaws.String(in.Expression),
		ScheduleExpressionTimezone: sdkaws.String("UTC"),
		FlexibleTimeWindow:         &schtypes.FlexibleTimeWindow{Mode: schtypes.FlexibleTimeWindowModeOff},
		ActionAfterCompletion:      schtypes.ActionAfterCompletionDelete,
		State:                      schtypes.ScheduleStateEnabled,
		Description:                sdkaws.String("zcmk-tui key-outage drill: enables the key again if the drill cannot"),
		Target: &schtypes.Target{
			Arn: sdkaws.String(in.TargetARN), RoleArn: sdkaws.String(in.RoleARN), Input: sdkaws.String(in.Input),
		},
	})
	if err != nil {
		return "", s.cl.classify(err, "scheduler:CreateSchedule", s.region)
	}
	return sdkaws.ToString(out.ScheduleArn), nil
}

// GetSchedule reads a schedule of the default group (KindNotFound when it
// is not there).
func (s *Scheduler) GetSchedule(ctx context.Context, name string) (*Schedule, error) {
	out, err := s.c.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: sdkaws.String(name)})
	if err != nil {
		return nil, s.cl.classify(err, "scheduler:GetSchedule", s.region)
	}
	sc := &Schedule{Name: sdkaws.ToString(out.Name), ARN: sdkaws.ToString(out.Arn), Expression: sdkaws.ToString(out.ScheduleExpression),
		Timezone: sdkaws.ToString(out.ScheduleExpressionTimezone), DeleteDone: out.ActionAfterCompletion == schtypes.ActionAfterCompletionDelete,
		State: string(out.State)}
	if out.FlexibleTimeWindow != nil {
		sc.FlexOff = out.FlexibleTimeWindow.Mode == schtypes.FlexibleTimeWindowModeOff
	}
	if t := out.Target; t != nil {
		sc.TargetARN, sc.RoleARN, sc.Input = sdkaws.ToString(t.Arn), sdkaws.ToString(t.RoleArn), sdkaws.ToString(t.Input)
	}
	return sc, nil
}

// DeleteSchedule deletes a schedule of the default group; one that is not
// there (it ran, or a lost response's retry) is no error.
func (s *Scheduler) DeleteSchedule(ctx context.Context, name string) error {
	_, err := s.c.DeleteSchedule(ctx, &scheduler.DeleteScheduleInput{Name: sdkaws.String(name)})
	if err != nil {
		if err = s.cl.classify(err, "scheduler:DeleteSchedule", s.region); IsNotFound(err) {
			return nil
		}
		return err
	}
	return nil
}

// ListSchedules lists the names of the default group's schedules whose
// name starts with prefix.
func (s *Scheduler) ListSchedules(ctx context.Context, prefix string) ([]string, error) {
	var names []string
	p := scheduler.NewListSchedulesPaginator(s.c, &scheduler.ListSchedulesInput{NamePrefix: sdkaws.String(prefix)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, s.cl.classify(err, "scheduler:ListSchedules", s.region)
		}
		for _, sc := range out.Schedules {
			names = append(names, sdkaws.ToString(sc.Name))
		}
	}
	return names, nil
}

// IAM is the IAM client (a global service, signed for region).
type IAM struct {
	c      *iam.Client
	region string
	cl     *Clients
}

// IAM returns the IAM client, signed for region (any Region of the partition).
func (c *Clients) IAM(region string) *IAM {
	cfg := c.cfg.Copy()
	cfg.Region = region
	return &IAM{c: iam.NewFromConfig(cfg, func(o *iam.Options) { o.BaseEndpoint = c.baseEndpoint("IAM") }), region: region, cl: c}
}

// Role is an IAM role as the drill reads it.
type Role struct {
	ARN   string
	Trust string // the trust policy document (URL-decoded)
	Tags  []Tag
}

// GetRole reads a role (KindNotFound when there is none).
func (i *IAM) GetRole(ctx context.Context, name string) (*Role, error) {
	out, err := i.c.GetRole(ctx, &iam.GetRoleInput{RoleName: sdkaws.String(name)})
	if err != nil {
		return nil, i.cl.classify(err, "iam:GetRole", i.region)
	}
	r := &Role{ARN: sdkaws.ToString(out.Role.Arn), Trust: sdkaws.ToString(out.Role.AssumeRolePolicyDocument)}
	if d, err := url.QueryUnescape(r.Trust); err == nil {
		r.Trust = d
	}
	for _, t := range out.Role.Tags {
		r.Tags = append(r.Tags, Tag{Key: sdkaws.ToString(t.Key), Value: sdkaws.ToString(t.Value)})
	}
	return r, nil
}

// CreateRole creates a role with its tags; an existing role of that name is
// an error of KindAlreadyExists.
func (i *IAM) CreateRole(ctx context.Context, name, trust, description string, tags []Tag) (string, error) {
	var tt []iamtypes.Tag
	for _, t := range tags {
		tt = append(tt, iamtypes.Tag{Key: sdkaws.String(t.Key), Value: sdkaws.String(t.Value)})
	}
	out, err := i.c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: sdkaws.String(name), AssumeRolePolicyDocument: sdkaws.String(trust),
		Description: sdkaws.String(description), Tags: tt})
	if err != nil {
		return "", i.cl.classify(err, "iam:CreateRole", i.region)
	}
	return sdkaws.ToString(out.Role.Arn), nil
}

// PutRolePolicy sets (creates or replaces) a role's inline policy.
func (i *IAM) PutRolePolicy(ctx context.Context, role, name, doc string) error {
	_, err := i.c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: sdkaws.String(role), PolicyName: sdkaws.String(name), PolicyDocument: sdkaws.String(doc)})
	if err != nil {
		return i.cl.classify(err, "iam:PutRolePolicy", i.region)
	}
	return nil
}

// GetRolePolicy reads a role's inline policy (URL-decoded).
func (i *IAM) GetRolePolicy(ctx context.Context, role, name string) (string, error) {
	out, err := i.c.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: sdkaws.String(role), PolicyName: sdkaws.String(name)})
	if err != nil {
		return "", i.cl.classify(err, "iam:GetRolePolicy", i.region)
	}
	doc := sdkaws.ToString(out.PolicyDocument)
	if d, err := url.QueryUnescape(doc); err == nil {
		doc = d
	}
	return doc, nil
}

// IsAlreadyExists reports whether err is an "already exists" answer.
func IsAlreadyExists(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == KindAlreadyExists
}
