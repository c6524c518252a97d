package setup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The drill's safety net lives in AWS itself: before the first DisableKey
// the drill lays, in each Region it disables, an EventBridge Scheduler
// one-time schedule at the deadline plus NetGrace whose universal target
// enables that Region's key, and reads each back. Scheduler runs it as an
// IAM role that this tool creates once per alias (NetRoleName), trusted by
// scheduler.amazonaws.com for this account only and allowed kms:EnableKey on
// the set's key ARNs and nothing else. If the process dies, AWS enables the
// key at the deadline; on every normal end the tool enables the key itself
// and then deletes the schedules. A schedule deletes itself after it ran.

// NetGrace is how long after the drill's deadline the net enables the key:
// the tool's own restore comes first.
const NetGrace = 2 * time.Minute

// NetSchedulePrefix starts the name of every schedule a drill lays.
const NetSchedulePrefix = "zcmk-tui-drill-"

// netPolicyName is the role's inline policy.
const netPolicyName = "zcmk-tui-enable-key"

// WithoutNetPhrase is typed after the alias to accept a drill without the net.
const WithoutNetPhrase = "without net"

// NetRoleName is the deterministic name of the role for alias's key set.
func NetRoleName(alias string) string {
	sum := sha256.Sum256([]byte(alias))
	return "zcmk-tui-drill-net-" + hex.EncodeToString(sum[:4])
}

// netTargetARN is Scheduler's universal target for kms:EnableKey.
func netTargetARN(partition string) string {
	return "arn:" + partition + ":scheduler:::aws-sdk:kms:enableKey"
}

// netInput is the target's input: the key to enable.
func netInput(keyARN string) string {
	b, _ := json.Marshal(map[string]string{"KeyId": keyARN})
	return string(b)
}

// DeleteScheduleCommand is the AWS CLI command that removes a schedule.
func DeleteScheduleCommand(region, name string) string {
	return fmt.Sprintf("aws scheduler delete-schedule --name %s --region %s", name, region)
}

func netTrust(account string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"scheduler.amazonaws.com"},` +
		`"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"` + account + `"}}}]}`
}

func netPolicy(arns []string) string {
	b, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []map[string]any{
		{"Effect": "Allow", "Action": "kms:EnableKey", "Resource": arns}}})
	return string(b)
}

// netStatement is the key-policy statement that lets the role enable the key.
func netStatement(roleARN string) string {
	return `{"Sid": "AllowZcmkTuiDrillNet", "Effect": "Allow", "Principal": {"AWS": "` + roleARN + `"}, "Action": "kms:EnableKey", "Resource": "*"}`
}

// netPlan is what the preflight found about the net.
type netPlan struct {
	roleName, roleARN string
	region            string // where IAM is called (the set's primary Region)
	partition         string
	account           string
	problems          []i18n.Msg
}

// checkNet is the net's preflight (read-only): the role (absent, or one this
// tool made for the alias), Scheduler in each target Region, and each target
// key's policy letting the role call EnableKey.
func (e *Engine) checkNet(ctx context.Context, d *Drill, id Identity) *netPlan {
	n := &netPlan{roleName: NetRoleName(d.o.Verify.Alias), partition: id.Partition, account: id.AccountID, region: d.KeySet[0].Region}
	n.roleARN = "arn:" + n.partition + ":iam::" + n.account + ":role/" + n.roleName
	var mu sync.Mutex
	problem := func(m i18n.Msg) {
		mu.Lock()
		n.problems = append(n.problems, m)
		mu.Unlock()
	}
	fns := []func() error{func() error {
		role, err := e.cl.IAM(n.region).GetRole(ctx, n.roleName)
		switch {
		case awsx.IsNotFound(err): // made by the drill
		case err != nil:
			problem(msg("drill.net.role-unreadable", n.roleName, oneLineMsg(errText(err))))
		case !slices.Contains(role.Tags, awsx.Tag{Key: TagAlias, Value: d.o.Verify.Alias}):
			problem(msg("drill.net.role-not-ours", n.roleName, TagAlias, d.o.Verify.Alias))
		}
		return nil
	}}
	for _, t := range d.Targets {
		fns = append(fns, func() error {
			if _, err := e.cl.Scheduler(t.Region).ListSchedules(ctx, NetSchedulePrefix); err != nil {
				problem(msg("drill.net.no-scheduler", t.Region, oneLineMsg(errText(err))))
			}
			return nil
		}, func() error {
			policy, err := e.cl.KMS(t.Region).GetKeyPolicy(ctx, t.KeyID)
			switch {
			case err != nil:
				problem(msg("drill.net.policy-unreadable", t.Region, oneLineMsg(errText(err))))
			case !zoom.AllowsEnableKey(policy, n.partition, n.account, n.roleARN):
				problem(msg("drill.net.policy", t.Region, netStatement(n.roleARN)))
			}
			return nil
		})
	}
	_ = parallel(fns...)
	slices.SortFunc(n.problems, func(a, b i18n.Msg) int { return strings.Compare(text(a), text(b)) })
	return n
}

// NetProblems are the reasons the net cannot be laid (nil when it can).
func (d *Drill) NetProblems() []i18n.Msg {
	if d.net == nil {
		return nil
	}
	return d.net.problems
}

// WithNet reports whether Run lays the net: it can be laid, and the admin
// did not choose a drill without it.
func (d *Drill) WithNet() bool { return !d.o.WithoutNet && len(d.NetProblems()) == 0 }

// AcceptWithoutNet records that the admin accepts a drill without the net
// (typed, or --without-net).
func (d *Drill) AcceptWithoutNet() { d.o.WithoutNet = true }

// NetRole is the ARN of the role the net's schedules assume.
func (d *Drill) NetRole() string {
	if d.net == nil {
		return ""
	}
	return d.net.roleARN
}

// NetRefusedError is a drill whose net cannot be laid and that the admin did
// not accept without it.
type NetRefusedError struct{ Problems []i18n.Msg }

func (e *NetRefusedError) Error() string { return text(e.Localized()) }

// Localized says why and what to do.
func (e *NetRefusedError) Localized() i18n.Msg {
	var ps []i18n.Msg
	for _, p := range e.Problems {
		ps = append(ps, msg("drill.refused.reason", p))
	}
	return msg("drill.net.refused", joinMsgs("setup.join.lines", ps))
}

// layNet creates (or reuses) the role, sets its policy to the set's ARNs,
// creates each target Region's schedule and reads it back. The record lists
// the schedules (saved) before the first CreateSchedule.
func (d *Drill) layNet(ctx context.Context, rec *state.Drill, emit func(DrillEvent)) error {
	n := d.net
	emit(DrillEvent{Phase: PhaseNet, Status: StatusStarted})
	im := d.e.cl.IAM(n.region)
	role, err := im.GetRole(ctx, n.roleName)
	if awsx.IsNotFound(err) {
		_, err = im.CreateRole(ctx, n.roleName, netTrust(n.account),
			"zcmk-tui key-outage drill: lets EventBridge Scheduler enable the key set "+d.o.Verify.Alias+" again",
			[]awsx.Tag{{Key: TagAlias, Value: d.o.Verify.Alias}, {Key: TagCreatedBy, Value: "zcmk-tui"}})
		if awsx.IsAlreadyExists(err) { // a lost response, retried
			err = nil
		}
		if err == nil {
			role, err = im.GetRole(ctx, n.roleName)
		}
	}
	if err != nil {
		return err
	}
	if !slices.Contains(role.Tags, awsx.Tag{Key: TagAlias, Value: d.o.Verify.Alias}) {
		return errorf("drill.net.role-not-ours", n.roleName, TagAlias, d.o.Verify.Alias)
	}
	var arns []string
	for _, t := range d.KeySet {
		arns = append(arns, t.ARN)
	}
	if err := im.PutRolePolicy(ctx, n.roleName, netPolicyName, netPolicy(arns)); err != nil {
		return err
	}
	d.mu.Lock()
	rec.Net = &state.DrillNet{RoleARN: role.ARN, RolePolicy: netPolicyName, At: rec.Deadline.Add(NetGrace)}
	for _, t := range d.Targets {
		rec.Net.Schedules = append(rec.Net.Schedules, state.DrillSchedule{Region: t.Region, Name: NetSchedulePrefix + rec.ID})
	}
	at := rec.Net.At
	d.mu.Unlock()
	if err := d.save(); err != nil {
		return errorf("drill.err.not-recorded", err)
	}
	errs := make([]error, len(d.Targets))
	fns := make([]func() error, 0, len(d.Targets))
	for i, t := range d.Targets {
		fns = append(fns, func() error {
			want := awsx.Schedule{Name: NetSchedulePrefix + rec.ID, Expression: awsx.AtExpression(at), TargetARN: netTargetARN(n.partition),
				RoleARN: role.ARN, Input: netInput(t.ARN)}
			sc := d.e.cl.Scheduler(t.Region)
			if _, err := sc.CreateSchedule(ctx, want); err != nil && !awsx.IsAlreadyExists(err) {
				errs[i] = err
				return nil
			}
			got, err := sc.GetSchedule(ctx, want.Name)
			if err == nil {
				err = scheduleMatches(got, want)
			}
			if err != nil {
				errs[i] = err
				return nil
			}
			d.mu.Lock()
			rec.Net.Schedules[i].ARN = got.ARN
			d.mu.Unlock()
			emit(DrillEvent{Phase: PhaseNet, Region: t.Region, Status: StatusDone, Text: literal(got.ARN)})
			return nil
		})
	}
	_ = parallel(fns...)
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := d.save(); err != nil {
		return errorf("drill.err.not-recorded", err)
	}
	emit(DrillEvent{Phase: PhaseNet, Status: StatusDone, At: at})
	return nil
}

// scheduleMatches compares a schedule read back with the one the drill
// wrote: the time, the target, the key, the role and the one-time options.
func scheduleMatches(got *awsx.Schedule, want awsx.Schedule) error {
	var gi, wi map[string]string
	_ = json.Unmarshal([]byte(got.Input), &gi)
	_ = json.Unmarshal([]byte(want.Input), &wi)
	if got.Expression != want.Expression || got.TargetARN != want.TargetARN || got.RoleARN != want.RoleARN ||
		gi["KeyId"] != wi["KeyId"] || !got.FlexOff || !got.DeleteDone || (got.Timezone != "" && got.Timezone != "UTC") {
		return errorf("drill.net.reads-back-other", got.Name, got.Expression, got.TargetARN, got.Input)
	}
	return nil
}

// removeNet deletes the record's schedules, except in the Regions still
// disabled (there the net still has work to do). It returns the commands
// that remove the ones it could not delete.
func (e *Engine) removeNet(ctx context.Context, rec *state.Drill, keep []string, mu sync.Locker) []string {
	mu.Lock()
	if rec.Net == nil {
		mu.Unlock()
		return nil
	}
	schedules := slices.Clone(rec.Net.Schedules)
	mu.Unlock()
	left := make([]string, len(schedules))
	fns := make([]func() error, 0, len(schedules))
	for i, s := range schedules {
		if slices.Contains(keep, s.Region) {
			left[i] = DeleteScheduleCommand(s.Region, s.Name)
			continue
		}
		fns = append(fns, func() error {
			if err := e.cl.Scheduler(s.Region).DeleteSchedule(ctx, s.Name); err != nil {
				left[i] = DeleteScheduleCommand(s.Region, s.Name)
			}
			return nil
		})
	}
	_ = parallel(fns...)
	left = slices.DeleteFunc(left, func(s string) bool { return s == "" })
	mu.Lock()
	rec.Net.Removed = len(left) == 0
	mu.Unlock()
	return left
}

// LeftoverSchedules lists, in region, the drill schedules other than those
// of the drill in progress (active may be nil). Errors say nothing was found:
// verify only warns about what it could see.
func (e *Engine) leftoverSchedules(ctx context.Context, region string, active *state.Drill) []string {
	names, err := e.cl.Scheduler(region).ListSchedules(ctx, NetSchedulePrefix)
	if err != nil {
		return nil
	}
	if active.InProgress() && active.ID != "" {
		names = slices.DeleteFunc(names, func(n string) bool { return n == NetSchedulePrefix+active.ID })
	}
	return names
}
