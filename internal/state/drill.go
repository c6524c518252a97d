package state

import "time"

// Drill is a key-outage drill: the Regions whose key it disables on purpose,
// who started it and when, what the operator saw, and how it ended. It is
// written to the session before the first DisableKey, so that a drill killed
// half-way (kill -9, power loss) can still be undone: every Region listed
// here was Enabled before the drill, so enabling all of them again is always
// right.
type Drill struct {
	// ID marks the keys the drill disabled (their zcmk-tui:drill tag): a
	// restore enables only a key that carries it.
	ID           string             `json:"id,omitempty"`
	StartedAt    time.Time          `json:"started_at"`
	Deadline     time.Time          `json:"deadline"`
	Who          string             `json:"who,omitempty"` // the caller's ARN
	Scope        string             `json:"scope"`         // replicas, primary, all or regions
	Alias        string             `json:"alias,omitempty"`
	Regions      []DrillRegion      `json:"regions"`
	Observations []DrillObservation `json:"observations,omitempty"`
	// Net is the safety net in AWS itself: schedules that enable the key at
	// the deadline even if this process dies. Nil for a drill without it.
	Net *DrillNet `json:"net,omitempty"`
	// WithoutNet: the admin accepted a drill without the net (typed, or
	// --without-net); NetProblem says why it could not be laid, if it could not.
	WithoutNet bool   `json:"without_net,omitempty"`
	NetProblem string `json:"net_problem,omitempty"`

	EndedAt   time.Time `json:"ended_at,omitempty"`
	EndReason string    `json:"end_reason,omitempty"` // operator, deadline, interrupted, aws-error, panic, restore
	Outcome   string    `json:"outcome,omitempty"`    // "" while in progress; see the Drill* outcomes
	VerifyOK  *bool     `json:"verify_ok,omitempty"`  // verify after the restore
	Verify    string    `json:"verify,omitempty"`     // verify's one-line summary
	Error     string    `json:"error,omitempty"`
}

// DrillNet is a drill's safety net: one EventBridge Scheduler one-time
// schedule per disabled Region that enables the key at At, run by RoleARN.
type DrillNet struct {
	RoleARN string `json:"role_arn"`
	// RolePolicy is the role's inline policy (kms:EnableKey on the set).
	RolePolicy string          `json:"role_policy,omitempty"`
	At         time.Time       `json:"at"` // UTC: the deadline plus a short grace
	Schedules  []DrillSchedule `json:"schedules"`
	// Removed: every schedule was deleted after the restore.
	Removed bool `json:"removed,omitempty"`
}

// DrillSchedule is one Region's schedule.
type DrillSchedule struct {
	Region string `json:"region"`
	Name   string `json:"name"`
	ARN    string `json:"arn,omitempty"` // set once it was read back
}

// Laid reports whether every schedule was read back (the net is in place
// unless Removed).
func (n *DrillNet) Laid() bool {
	if n == nil || len(n.Schedules) == 0 {
		return false
	}
	for _, s := range n.Schedules {
		if s.ARN == "" {
			return false
		}
	}
	return true
}

// Drill outcomes.
const (
	DrillRestored      = "restored"       // every Region disabled by the drill is Enabled again
	DrillNothingDone   = "nothing-done"   // the drill stopped before any key was disabled
	DrillRestoreFailed = "restore-failed" // some Region could not be enabled again: the drill stays in progress
	// DrillRestoreRefused: a restore found keys the record does not own (no
	// mark of this drill, another alias or account) and left them as they
	// are; the record is closed.
	DrillRestoreRefused = "restore-refused"
)

// DrillRegion is one Region the drill disables.
type DrillRegion struct {
	Region     string    `json:"region"`
	Role       string    `json:"role"` // primary or replica
	KeyID      string    `json:"key_id"`
	ARN        string    `json:"arn"`
	DisabledAt time.Time `json:"disabled_at,omitempty"` // read back Disabled
	EnabledAt  time.Time `json:"enabled_at,omitempty"`  // read back Enabled after the drill
	Refused    string    `json:"refused,omitempty"`     // why a restore left this key as it is
}

// DrillObservation is one thing the operator saw, with the time it was ticked.
type DrillObservation struct {
	ID   string    `json:"id"` // alert-email, download-fails, portal-unusable or note
	At   time.Time `json:"at"`
	Note string    `json:"note,omitempty"`
}

// InProgress reports whether the drill has disabled, or may have disabled,
// keys that are not known to be Enabled again.
func (d *Drill) InProgress() bool {
	return d != nil && (d.Outcome == "" || d.Outcome == DrillRestoreFailed)
}

// Clone returns a deep copy.
func (d *Drill) Clone() *Drill {
	if d == nil {
		return nil
	}
	c := *d
	c.Regions = append([]DrillRegion(nil), d.Regions...)
	c.Observations = append([]DrillObservation(nil), d.Observations...)
	if d.Net != nil {
		n := *d.Net
		n.Schedules = append([]DrillSchedule(nil), d.Net.Schedules...)
		c.Net = &n
	}
	if d.VerifyOK != nil {
		v := *d.VerifyOK
		c.VerifyOK = &v
	}
	return &c
}

// RegionNames lists the drill's Regions.
func (d *Drill) RegionNames() []string {
	out := make([]string, 0, len(d.Regions))
	for _, r := range d.Regions {
		out = append(out, r.Region)
	}
	return out
}

// ActiveDrill returns the drill in progress, or nil.
func (s *Session) ActiveDrill() *Drill {
	if s == nil || !s.Drill.InProgress() {
		return nil
	}
	return s.Drill
}

// SetDrill records d in the session: as the drill in progress while it is
// one, else as the last drill (and no drill is in progress any more).
func (s *Session) SetDrill(d *Drill) {
	d = d.Clone()
	if d.InProgress() {
		s.Drill = d
		return
	}
	s.Drill, s.LastDrill = nil, d
}
