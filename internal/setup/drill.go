package setup

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// A key-outage drill proves that Zoom really uses the key: it disables the
// key on purpose in some Regions, lets the operator watch Zoom lose access,
// and enables exactly those Regions again, on every way out. Its phases:
//
//	preflight  read-only: the same checks as Verify; every Region of the set
//	           must be Enabled and grant Zoom, and no drill may be in progress
//	record     the drill (Regions, key ARNs, who, start, deadline) is saved in
//	           the session before the first DisableKey
//	disable    DisableKey in each chosen Region, one at a time, read back Disabled
//	observe    the key states are read every few seconds until the deadline,
//	           the operator ends it (Drill.End), or the context is cancelled
//	restore    EnableKey on every Region the drill disabled, read back Enabled,
//	           retried and bounded; always runs, even after a panic
//	verify     Verify once more; the outcome is saved and the drill closed
//
// PrepareDrill runs the preflight and returns a *Drill; Drill.Run does the
// rest. RestoreDrill undoes a drill found in the session (after kill -9).

// Drill scopes.
const (
	DrillScopeReplicas = "replicas" // every replica: Zoom keeps working through the primary
	DrillScopePrimary  = "primary"  // the primary only
	DrillScopeAll      = "all"      // every Region: a full outage
	DrillScopeRegions  = "regions"  // an explicit list of Regions
)

// Drill durations.
const (
	DefaultDrillDuration = 10 * time.Minute
	MaxDrillDuration     = 60 * time.Minute
	DefaultDrillPoll     = 5 * time.Second
)

// DrillPhase is a phase of a drill.
type DrillPhase string

// The phases, in order.
const (
	PhasePreflight DrillPhase = "preflight"
	PhaseRecord    DrillPhase = "record"
	PhaseNet       DrillPhase = "net" // the safety net in AWS (drill_net.go)
	PhaseDisable   DrillPhase = "disable"
	PhaseObserve   DrillPhase = "observe"
	PhaseRestore   DrillPhase = "restore"
	PhaseVerify    DrillPhase = "verify"
)

// Why a drill ended (state.Drill.EndReason).
const (
	EndOperator    = "operator"    // Drill.End: the operator ended it
	EndDeadline    = "deadline"    // the duration ran out
	EndInterrupted = "interrupted" // the context was cancelled (ctrl+c, SIGTERM, SIGHUP)
	EndAWSError    = "aws-error"   // a DisableKey or the state reads failed
	EndPanic       = "panic"       // a bug; the keys were restored before the panic went on
	EndRestore     = "restore"     // RestoreDrill, after the process was killed
)

// Observations the operator can tick during a drill, in display order.
const (
	ObsAlertEmail     = "alert-email"     // Zoom's key-status alert e-mail arrived
	ObsDownloadFails  = "download-fails"  // downloading a protected recording fails
	ObsPortalUnusable = "portal-unusable" // the portal shows the key unusable (decryption query Failed)
	ObsNote           = "note"            // free text
)

// DrillObservations are the checklist items, without ObsNote.
var DrillObservations = []string{ObsAlertEmail, ObsDownloadFails, ObsPortalUnusable}

// StatusState is the Status of an observe event that reports a key state.
const StatusState Status = "state"

// DrillOptions are the inputs of PrepareDrill.
type DrillOptions struct {
	Verify   VerifyOptions // the key set, as for Verify (VerifyOptionsFor for the session's)
	Scope    string        // DrillScope*; "" = replicas, or regions when Regions is set
	Regions  []string      // an explicit set of Regions to disable
	Duration time.Duration // 0 = DefaultDrillDuration; at most MaxDrillDuration
	Poll     time.Duration // how often observe reads the key states; 0 = DefaultDrillPoll

	// AliasFromKey takes the set's alias from the key's own TagAlias tag
	// (a key named by ARN or ID that the session does not know): the
	// preflight then checks that this alias points at exactly that key.
	AliasFromKey bool

	// WithoutNet runs the drill without its safety net in AWS (the admin
	// typed that they accept it, or --without-net).
	WithoutNet bool

	// Active is the session's drill in progress, if any: a new drill is
	// refused until it is restored.
	Active *state.Drill
	// Save persists the drill record (SessionDrillSaver for a session
	// file). It is called before the first DisableKey (the drill does not
	// start if it fails), after each change, and once the drill is closed.
	Save func(*state.Drill) error
}

// DrillEvent is a progress report of a drill. Events come from the
// goroutine that called Run, except during restore (one goroutine per
// Region; the callback must be safe for concurrent use).
type DrillEvent struct {
	Phase     DrillPhase
	Region    string
	Status    Status    // StatusStarted, StatusDone, StatusFailed, or StatusState (observe)
	KeyState  string    // observe and read-backs: the key's state in Region
	Text      i18n.Msg  // what was found (the verify's summary), in any language
	At        time.Time // the safety net: when AWS enables the keys (PhaseNet, done, no Region)
	Err       error
	Elapsed   time.Duration // observe: since the drill started
	Remaining time.Duration // observe: until the deadline
}

// DrillTarget is one Region of the key set.
type DrillTarget struct {
	Region string `json:"region"`
	Role   string `json:"role"`
	KeyID  string `json:"key_id"`
	ARN    string `json:"arn"`
}

// DrillInProgressError refuses a drill while the session records one.
type DrillInProgressError struct{ Drill *state.Drill }

func (e *DrillInProgressError) Error() string { return text(e.Localized()) }

// Localized says the refusal in any language.
func (e *DrillInProgressError) Localized() i18n.Msg {
	return msg("drill.err.in-progress", stamp(e.Drill.StartedAt), strings.Join(e.Drill.RegionNames(), ", "))
}

// DrillRefusedError is a preflight that found reasons not to start; nothing
// was changed.
type DrillRefusedError struct {
	Reasons     []string      // in English
	ReasonTexts []i18n.Msg    // Reasons as messages
	Report      *VerifyReport // the preflight's verify report, when there is one
}

func (e *DrillRefusedError) Error() string { return text(e.Localized()) }

// Localized says the refusal and its reasons in any language.
func (e *DrillRefusedError) Localized() i18n.Msg {
	reasons := make([]i18n.Msg, len(e.ReasonTexts))
	for i, r := range e.ReasonTexts {
		reasons[i] = msg("drill.refused.reason", r)
	}
	return msg("drill.refused", joinMsgs("setup.join.lines", reasons))
}

// refuse adds a reason not to start the drill.
func (e *DrillRefusedError) refuse(m i18n.Msg) {
	e.ReasonTexts = append(e.ReasonTexts, m)
	e.Reasons = append(e.Reasons, text(m))
}

// ValidateDrill checks the options before any AWS call and fills defaults.
func ValidateDrill(o *DrillOptions) error {
	if o.Active.InProgress() {
		return &DrillInProgressError{Drill: o.Active}
	}
	regions, err := replicaRegions("", o.Regions)
	if err != nil {
		return err
	}
	o.Regions = regions
	switch o.Scope {
	case "":
		o.Scope = DrillScopeReplicas
		if len(o.Regions) > 0 {
			o.Scope = DrillScopeRegions
		}
	case DrillScopeReplicas, DrillScopePrimary, DrillScopeAll:
		if len(o.Regions) > 0 {
			return errorf("drill.err.scope-and-region", o.Scope)
		}
	case DrillScopeRegions:
		if len(o.Regions) == 0 {
			return errorf("drill.err.regions-needed")
		}
	default:
		return errorf("drill.err.scope", o.Scope)
	}
	switch {
	case o.Duration == 0:
		o.Duration = DefaultDrillDuration
	case o.Duration < 0:
		return errorf("drill.err.duration-negative", o.Duration)
	case o.Duration > MaxDrillDuration:
		return errorf("drill.err.duration-long", o.Duration)
	}
	if o.Poll <= 0 {
		o.Poll = DefaultDrillPoll
	}
	if o.Save == nil {
		return errorf("drill.err.no-save")
	}
	o.Verify.Drill = nil
	return ValidateVerify(&o.Verify)
}

// Drill is a drill that passed its preflight. Run it once.
type Drill struct {
	e *Engine
	o DrillOptions

	Caller  string        // the caller's ARN
	Report  *VerifyReport // the preflight's verify report
	KeySet  []DrillTarget // every Region of the key set, primary first
	Targets []DrillTarget // the Regions the drill disables, in that order

	end     chan struct{}
	endOnce sync.Once
	ran     bool

	net *netPlan // the safety net's preflight (nil: WithoutNet)

	saveMu sync.Mutex // one Save at a time
	mu     sync.Mutex // guards rec and quiet
	rec    *state.Drill
	quiet  bool // the event callback panicked during restore: no more events
}

// PrepareDrill runs the preflight (read-only): the options, the drill in
// progress, then Verify; every Region of the set must be Enabled and grant
// Zoom. A refusal is a *DrillInProgressError or a *DrillRefusedError.
func (e *Engine) PrepareDrill(ctx context.Context, o DrillOptions) (*Drill, error) {
	if err := ValidateDrill(&o); err != nil {
		return nil, err
	}
	id, err := e.Identity(ctx)
	if err != nil {
		return nil, err
	}
	if o.AliasFromKey {
		if err := e.aliasFromKey(ctx, &o.Verify); err != nil {
			return nil, err
		}
	}
	rep, err := e.Verify(ctx, o.Verify)
	if err != nil {
		return nil, err
	}
	d := &Drill{e: e, o: o, Caller: id.ARN, Report: rep, end: make(chan struct{})}
	refused := &DrillRefusedError{Report: rep}
	for _, k := range rep.Keys {
		if k.ARN != "" {
			d.KeySet = append(d.KeySet, DrillTarget{Region: k.Region, Role: k.Role, KeyID: k.KeyID, ARN: k.ARN})
		}
		for _, c := range k.Checks {
			// Any failing check stops the drill (an alias that points
			// elsewhere says the set is not the one named), and so does a
			// key that is not plainly Enabled.
			if c.Status == CheckFail || c.Status == CheckWarn && c.ID == CheckKeyState {
				refused.refuse(msg("drill.refused.check", k.Region, c.ID, msg("verify.status."+StatusLabel(c)), checkMsg(c)))
			}
		}
	}
	if len(refused.Reasons) > 0 {
		refused.refuse(msg("drill.refused.not-healthy"))
		return nil, refused
	}
	for _, t := range d.KeySet {
		switch o.Scope {
		case DrillScopeAll:
		case DrillScopePrimary:
			if t.Role != RolePrimary {
				continue
			}
		case DrillScopeReplicas:
			if t.Role != RoleReplica {
				continue
			}
		case DrillScopeRegions:
			if !slices.Contains(o.Regions, t.Region) {
				continue
			}
		}
		d.Targets = append(d.Targets, t)
	}
	var regions []string
	for _, t := range d.KeySet {
		regions = append(regions, t.Region)
	}
	for _, r := range o.Regions {
		if !slices.Contains(regions, r) {
			refused.refuse(msg("drill.refused.not-in-set", r, strings.Join(regions, ", ")))
		}
	}
	if o.Scope == DrillScopeReplicas && len(d.Targets) == 0 {
		refused.refuse(msg("drill.refused.no-replica", strings.Join(regions, ", ")))
	}
	if len(refused.Reasons) > 0 {
		return nil, refused
	}
	// Every key the drill disables must be the set's own.
	errs := make([]error, len(d.Targets))
	fns := make([]func() error, 0, len(d.Targets))
	for i, t := range d.Targets {
		fns = append(fns, func() error {
			errs[i] = e.owned(ctx, t, ownership{alias: o.Verify.Alias, account: id.AccountID, aliasTo: true})
			return nil
		})
	}
	_ = parallel(fns...)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		var no *NotOwnedError
		switch {
		case errors.As(err, &no):
			refused.refuse(no.Localized())
		case err != nil:
			refused.refuse(msg("drill.owned.unchecked", oneLineMsg(errText(err))))
		}
	}
	if len(refused.Reasons) > 0 {
		refused.refuse(msg("drill.refused.not-owned", TagAlias, o.Verify.Alias))
		return nil, refused
	}
	if !o.WithoutNet {
		d.net = e.checkNet(ctx, d, id)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Scope is the drill's scope.
func (d *Drill) Scope() string { return d.o.Scope }

// Duration is how long the observe phase lasts at most.
func (d *Drill) Duration() time.Duration { return d.o.Duration }

// Alias is the key set's alias.
func (d *Drill) Alias() string { return d.o.Verify.Alias }

// FullOutage reports whether the drill disables every Region of the set:
// Zoom then cannot use the key anywhere.
func (d *Drill) FullOutage() bool { return len(d.Targets) == len(d.KeySet) }

// End asks a running drill to end (the operator ended it); restore follows.
// It is safe to call more than once and from any goroutine.
func (d *Drill) End() { d.endOnce.Do(func() { close(d.end) }) }

// Record returns a copy of the drill record (nil before Run).
func (d *Drill) Record() *state.Drill {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.rec.Clone()
}

// Observe ticks an observation (one of DrillObservations, or ObsNote with
// a note) at now, and saves the record. Safe from any goroutine while the
// drill runs.
func (d *Drill) Observe(id, note string, now time.Time) error {
	if id != ObsNote && !slices.Contains(DrillObservations, id) {
		return errorf("drill.err.unknown-observation", id)
	}
	d.mu.Lock()
	if d.rec == nil {
		d.mu.Unlock()
		return errorf("drill.err.not-started")
	}
	d.rec.Observations = append(d.rec.Observations, state.DrillObservation{ID: id, At: now.UTC().Truncate(time.Second), Note: strings.TrimSpace(note)})
	d.mu.Unlock()
	return d.save()
}

// Save writes rec with DrillOptions.Save (for a restore run by the face).
func (d *Drill) Save(rec *state.Drill) error {
	d.saveMu.Lock()
	defer d.saveMu.Unlock()
	return d.o.Save(rec)
}

// save hands a copy of the record to DrillOptions.Save.
func (d *Drill) save() error {
	d.saveMu.Lock()
	defer d.saveMu.Unlock()
	return d.o.Save(d.Record())
}

// SessionDrillSaver saves a drill record into the session file at path:
// as the drill in progress, or, once it is closed, as the last drill.
func SessionDrillSaver(path string) func(*state.Drill) error {
	return func(d *state.Drill) error {
		s, err := state.Load(path)
		if err != nil {
			return err
		}
		if s == nil {
			s = &state.Session{}
		}
		s.SetDrill(d)
		return state.Save(path, s)
	}
}

// RestoreError is a restore that could not enable every Region again. The
// drill stays recorded as in progress.
type RestoreError struct {
	Failed []RestoreFailure
}

// RestoreFailure is one Region still not Enabled.
type RestoreFailure struct {
	Target DrillTarget
	Err    error
}

func (e *RestoreError) Error() string { return text(e.Localized()) }

// Localized says the failure, the Regions still disabled and the commands
// that finish the restore by hand, in any language.
func (e *RestoreError) Localized() i18n.Msg {
	var rs []string
	var why []i18n.Msg
	for _, f := range e.Failed {
		rs = append(rs, f.Target.Region)
		why = append(why, msg("drill.restore-failed.region", f.Target.Region, oneLineMsg(errText(f.Err))))
	}
	var cmds []i18n.Msg
	for _, c := range e.Commands() {
		cmds = append(cmds, msg("drill.restore-failed.command", c))
	}
	return msg("drill.restore-failed", strings.Join(rs, ", "), joinMsgs("setup.join.lines", why), joinMsgs("setup.join.lines", cmds))
}

// Commands are the AWS CLI commands that finish the restore by hand.
func (e *RestoreError) Commands() []string {
	var out []string
	for _, f := range e.Failed {
		out = append(out, EnableKeyCommand(f.Target))
	}
	return out
}

// EnableKeyCommand is the AWS CLI command that enables t's key.
func EnableKeyCommand(t DrillTarget) string {
	return fmt.Sprintf("aws kms enable-key --key-id %s --region %s", t.ARN, t.Region)
}

// DrillResult is the outcome of Drill.Run or RestoreDrill.
type DrillResult struct {
	Drill          *state.Drill  `json:"drill"`
	Restored       bool          `json:"restored"` // every Region the drill disabled is Enabled again
	ManualCommands []string      `json:"manual_commands,omitempty"`
	NetLeft        []string      `json:"net_left,omitempty"` // commands that remove the schedules still there
	Verify         *VerifyReport `json:"verify,omitempty"`
}

func targetsOf(rec *state.Drill) []DrillTarget {
	out := make([]DrillTarget, 0, len(rec.Regions))
	for _, r := range rec.Regions {
		out = append(out, DrillTarget{Region: r.Region, Role: r.Role, KeyID: r.KeyID, ARN: r.ARN})
	}
	return out
}

// DrillWarning is the line every command shows first while the session
// records a drill in progress.
func DrillWarning(d *state.Drill) string {
	return DrillWarningIn(en, d)
}

// DrillWarningIn is DrillWarning in p's language.
func DrillWarningIn(p *i18n.Printer, d *state.Drill) string {
	var rs []string
	for _, r := range d.Regions {
		rs = append(rs, regionLabel(p, r.Region))
	}
	return p.T("drill.warning", stamp(d.StartedAt), strings.Join(rs, p.T("drill.warning.sep")))
}
