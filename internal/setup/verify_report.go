package setup

import (
	"encoding/json"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"

	"github.com/zcmk/zcmk-tui/internal/state"
)

// Verify is a read-only health check of a Zoom CMK key set: "will Zoom still
// be able to use our key, in every Region, and is it using it?"
//
// Check IDs (per Region, in this order):
//
//	key-state   Enabled (fail: Disabled, PendingDeletion, PendingReplicaDeletion,
//	            Unavailable, missing; warn: Creating/Updating)
//	key-kind    SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, AWS_KMS origin, customer
//	            managed, multi-Region
//	zoom-grant  Zoom's account is allowed the four actions, with no narrowing
//	            condition and no Deny (warn when only kms:Encrypt is missing)
//	admin       some statement lets the account manage the key (lockout risk)
//	drift       replicas only: the Zoom part of the policy equals the primary's
//	alias       the alias exists in the Region and points at this key
//	rotation    primary only: automatic rotation on (warn when off)
//	last-use    GetKeyLastUsage
//	cloudtrail  with VerifyOptions.CloudTrail: Zoom's calls in the event history
//	drill       with VerifyOptions.Drill in progress, first in each Region it
//	            disabled: fail, "run zcmk-tui drill --restore"
//
// Status is ok, warn, fail or unknown:
//   - unknown: the endpoint does not implement the call behind the check
//     (GetKeyLastUsage or LookupEvents on an emulator or a partition without
//     the API). It is not a finding about the key: it neither fails the
//     report nor counts as a warning (not even with --strict), but it is not
//     counted as ok either. The detail starts with "unknown:", and the JSON
//     carries "status": "unknown" and "unknown": true.
//   - Error: the check could not be made (credentials, network, a missing
//     read permission). The status is "fail" and the JSON carries "error";
//     the command exits 1 ("could not check") when no real failure was found.
//
// A check whose call KMS refuses because of the key's state (for example the
// policy of a key pending deletion) is a warn "not checked"; key-state
// already fails for it.

// Check statuses.
const (
	CheckOK      = "ok"
	CheckWarn    = "warn"
	CheckFail    = "fail"
	CheckUnknown = "unknown" // the endpoint cannot answer the check
)

// Check IDs.
const (
	CheckKeyState   = "key-state"
	CheckKeyKind    = "key-kind"
	CheckZoomGrant  = "zoom-grant"
	CheckAdmin      = "admin"
	CheckDrift      = "drift"
	CheckAlias      = "alias"
	CheckRotation   = "rotation"
	CheckLastUse    = "last-use"
	CheckCloudTrail = "cloudtrail"
	CheckDrill      = "drill"
	CheckDrillNet   = "drill-net" // a drill's safety-net schedule left behind
)

// DefaultSince is the CloudTrail look-back when none is given; MaxSince is
// the event history's limit.
const (
	DefaultSince = 7 * 24 * time.Hour
	MaxSince     = 90 * 24 * time.Hour
)

// unusedGrace is how long after setup "never used" is still normal.
const unusedGrace = 24 * time.Hour

// DeniedCallsNote is said with every CloudTrail result.
const DeniedCallsNote = "Zoom's denied calls are logged only in Zoom's own AWS account, so they cannot appear here."

// VerifyOptions are the inputs of Verify.
type VerifyOptions struct {
	Key           string        // alias, key ARN or key ID of the primary (or of any key of the set)
	Region        string        // Region of Key when it is not an ARN ("" = the profile's, else us-east-1)
	Replicas      []string      // replica Regions to check besides those the key reports
	Alias         string        // alias expected in every Region (default: Key when it is an alias, else zoom.DefaultAlias)
	ZoomAccountID string        // default zoom.ZoomAccountID
	SetupAt       time.Time     // when setup ran (session file); zero = the primary key's creation date
	CloudTrail    bool          // also look up Zoom's calls in the CloudTrail event history
	Since         time.Duration // CloudTrail look-back (default DefaultSince, at most MaxSince)
	Drill         *state.Drill  // the session's drill in progress, if any: a failing drill check
	// Alerts are the tamper alerts setup made (session file): checked in
	// every Region they cover; nil checks none.
	Alerts *state.Alerts
}

// Check is one line of the report.
// In JSON its detail and fix are in English (Detail, Fix).
type Check struct {
	ID      string
	Status  string
	Unknown bool   // the endpoint cannot answer this check
	Error   string // the check could not be made
	// Text is what was found and FixText what to do about it, as messages
	// for any language ("" ID: nothing to say).
	Text    i18n.Msg
	FixText i18n.Msg
}

// Detail is the check's detail in English, on one line.
func (c Check) Detail() string { return oneLine(text(c.Text)) }

// Fix is the check's fix in English, on one line ("" for none).
func (c Check) Fix() string { return oneLine(text(c.FixText)) }

// MarshalJSON writes the check with its detail and fix in English.
func (c Check) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID      string `json:"id"`
		Status  string `json:"status"`
		Detail  string `json:"detail"`
		Fix     string `json:"fix"`
		Unknown bool   `json:"unknown,omitempty"`
		Error   string `json:"error,omitempty"`
	}{c.ID, c.Status, c.Detail(), c.Fix(), c.Unknown, c.Error})
}

// KeyReport is one Region's checks.
type KeyReport struct {
	Region   string  `json:"region"`
	Role     string  `json:"role"` // primary or replica
	ARN      string  `json:"arn"`
	KeyID    string  `json:"key_id,omitempty"`
	KeyState string  `json:"key_state,omitempty"`
	Checks   []Check `json:"checks"`
}

// VerifyReport is the outcome of Verify.
type VerifyReport struct {
	OK            bool        `json:"ok"` // nothing failed and every check could be made
	AccountID     string      `json:"account_id"`
	Partition     string      `json:"partition"`
	ZoomAccountID string      `json:"zoom_account_id"`
	Alias         string      `json:"alias"`
	KeyID         string      `json:"key_id,omitempty"`
	PrimaryRegion string      `json:"primary_region"`
	CheckedAt     time.Time   `json:"checked_at"`
	CloudTrail    bool        `json:"cloudtrail"`
	Since         string      `json:"since,omitempty"`
	Keys          []KeyReport `json:"keys"`
	Notes         []string    `json:"notes,omitempty"` // in English
	NoteTexts     []i18n.Msg  `json:"-"`               // Notes as messages
	// Orphans are keys tagged for Alias that the alias does not name (see
	// Result.Orphans); they are notes, not failures.
	Orphans []string `json:"orphans,omitempty"`
}

// addNote adds a note, as a message and in English.
func (r *VerifyReport) addNote(m i18n.Msg) {
	r.NoteTexts = append(r.NoteTexts, m)
	r.Notes = append(r.Notes, text(m))
}

// Count returns the number of checks with status s (errors count as fail).
// A check marked Unknown counts as unknown whatever its status says.
func (r *VerifyReport) Count(s string) int {
	n := 0
	for _, k := range r.Keys {
		for _, c := range k.Checks {
			st := c.Status
			if c.Unknown && c.Error == "" {
				st = CheckUnknown
			}
			if st == s {
				n++
			}
		}
	}
	return n
}

// Failed reports whether some check found a real problem (not counting
// checks that could not be made).
func (r *VerifyReport) Failed() bool {
	for _, k := range r.Keys {
		for _, c := range k.Checks {
			if c.Status == CheckFail && c.Error == "" {
				return true
			}
		}
	}
	return false
}

// Incomplete reports whether some check could not be made.
func (r *VerifyReport) Incomplete() bool {
	for _, k := range r.Keys {
		for _, c := range k.Checks {
			if c.Error != "" {
				return true
			}
		}
	}
	return false
}

// Warnings counts the warn checks.
func (r *VerifyReport) Warnings() int { return r.Count(CheckWarn) }

// Find returns the check id of region, or nil.
func (r *VerifyReport) Find(region, id string) *Check {
	for i := range r.Keys {
		if r.Keys[i].Region != region {
			continue
		}
		for j := range r.Keys[i].Checks {
			if r.Keys[i].Checks[j].ID == id {
				return &r.Keys[i].Checks[j]
			}
		}
	}
	return nil
}
