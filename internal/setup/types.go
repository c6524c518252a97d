package setup

import (
	"encoding/json"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Options are the inputs of Plan and Apply, already validated by Validate.
type Options struct {
	Region        string     // primary Region ("" = the profile's, else us-east-1)
	Replicas      []string   // replica Regions, without the primary
	Alias         string     // default zoom.DefaultAlias
	Description   string     // key description
	Tags          []zoom.Tag // user tags, added to the tool's own
	ZoomAccountID string     // default zoom.ZoomAccountID
	// ZoomAccountGiven says that ZoomAccountID was given by the user (a flag,
	// a saved session) rather than defaulted: only then is Zoom's commercial
	// account accepted outside partition aws.
	ZoomAccountGiven bool
	Rotation         bool // enable automatic rotation on the primary
	// ExistingKey, when set, is the alias or ARN of a key to use instead of
	// finding or creating one by Alias.
	ExistingKey string
	// AlertEmails, when set, are the addresses of the tamper alerts (setup
	// --alert-email): a rule, a topic and subscriptions in every Region.
	AlertEmails []string
	// Lang is the language of the text setup writes to AWS: the alert
	// e-mail (the input transformer's template). "" = the engine's Lang.
	Lang i18n.Lang
	// AccountID and Partition are used by a dry run without credentials.
	AccountID string
	Partition string
}

// Roles of a key in the set.
const (
	RolePrimary = state.RolePrimary
	RoleReplica = state.RoleReplica
)

// Action kinds, in the order they run within a Region.
const (
	ActCreateKey      = "create-key"      // CreateKey (primary)
	ActAdoptKey       = "adopt-key"       // a key this tool created earlier whose alias never got made
	ActReplicate      = "replicate-key"   // ReplicateKey (replica)
	ActWaitEnabled    = "wait-enabled"    // poll DescribeKey until Enabled
	ActCreateAlias    = "create-alias"    // CreateAlias
	ActPutPolicy      = "put-policy"      // PutKeyPolicy with the merged policy
	ActEnableRotation = "enable-rotation" // EnableKeyRotation (primary)
	ActReadBack       = "read-back"       // GetKeyPolicy + DescribeKey, confirm
)

// Action is one step of a plan in one Region.
type Action struct {
	Kind  string   `json:"kind"`
	Write bool     `json:"write"` // false for read-only steps (read-back, wait)
	Text  i18n.Msg `json:"-"`     // what it does, for any language (in JSON: "detail", in English)
}

// MarshalJSON writes the action with its detail in English.
func (a Action) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Kind   string `json:"kind"`
		Detail string `json:"detail"`
		Write  bool   `json:"write"`
	}{a.Kind, text(a.Text), a.Write})
}

// RegionPlan is what setup would do in one Region.
type RegionPlan struct {
	Region  string   `json:"region"`
	Role    string   `json:"role"`
	KeyID   string   `json:"key_id,omitempty"` // "" when the key does not exist yet
	ARN     string   `json:"arn,omitempty"`
	Actions []Action `json:"actions"`

	// Policy is the document this Region's key will have; CurrentPolicy is the
	// one it has now ("" for a new key). PolicyNotes explain a merge (in
	// JSON: "policy_notes", in English).
	Policy        string     `json:"-"`
	CurrentPolicy string     `json:"-"`
	PolicyNotes   []i18n.Msg `json:"-"`

	// State of alias and policy before apply: "missing", "ok", "planned".
	AliasOK  bool `json:"-"`
	PolicyOK bool `json:"-"`
	Exists   bool `json:"-"`
}

// Key names the Region's key in a plan: its key ID, or that it is a new key
// or a new replica (the same words in every face).
func (r RegionPlan) Key() i18n.Msg {
	switch {
	case r.Exists:
		return msg("setup.plan.key-id", r.KeyID)
	case r.Role == RoleReplica:
		return msg("setup.plan.new-replica")
	}
	return msg("setup.plan.new-key")
}

// MarshalJSON writes the Region's plan with its policy notes in English.
func (r RegionPlan) MarshalJSON() ([]byte, error) {
	type plain RegionPlan
	notes := make([]string, len(r.PolicyNotes))
	for i, m := range r.PolicyNotes {
		notes[i] = text(m)
	}
	return json.Marshal(struct {
		plain
		PolicyNotes []string `json:"policy_notes,omitempty"`
	}{plain(r), notes})
}

// Plan is computed with read-only calls.
type Plan struct {
	AccountID     string       `json:"account_id"`
	Partition     string       `json:"partition"`
	CallerARN     string       `json:"caller_arn,omitempty"`
	ZoomAccountID string       `json:"zoom_account_id"`
	Alias         string       `json:"alias"`
	Primary       string       `json:"primary_region"`
	Regions       []RegionPlan `json:"regions"` // primary first, then replicas in the order given
	Rotation      bool         `json:"rotation"`
	RotationOn    bool         `json:"-"` // rotation already enabled
	DryRun        bool         `json:"dry_run"`
	// Orphans are the ARNs of keys tagged for Alias that the alias does not
	// name (see Result.Orphans).
	Orphans []string `json:"orphans,omitempty"`
	// Alerts are the tamper alerts of each Region (with --alert-email).
	Alerts []AlertPlan `json:"alerts,omitempty"`
	// Notes are about the run as a whole (the slower lookup of the tool's
	// keys without tag:GetResources); also among the primary's PolicyNotes.
	Notes       []i18n.Msg `json:"-"`
	opts        Options
	description string          // of the key, for replicas
	planned     map[string]bool // key IDs the plan's lookup of tagged keys saw in the primary Region
	look        tagLook         // that lookup
}

// NewKeyDetails are the description and the user tags a key created by
// this plan is given (for the session and its runbook).
func (p *Plan) NewKeyDetails() (description string, tags []zoom.Tag) {
	return p.opts.Description, p.opts.Tags
}

// Changes reports the number of write actions in the plan.
func (p *Plan) Changes() int {
	n := 0
	for _, r := range p.Regions {
		for _, a := range r.Actions {
			if a.Write {
				n++
			}
		}
	}
	return n
}

// Status is where an action of Apply stands in an Event.
type Status string

// Event status values.
const (
	StatusStarted Status = "started"
	StatusDone    Status = "done"
	StatusFailed  Status = "failed"
)

// Event is a progress report from Apply: one per action and Region as it
// starts and as it ends. Events are delivered from several goroutines; the
// callback must be safe for concurrent use (a bubbletea Program.Send is).
type Event struct {
	Region  string
	Action  string // one of the Act* kinds
	Status  Status
	Text    i18n.Msg // what was done, beyond the action ("" ID: nothing to add)
	Err     error
	Elapsed time.Duration
}

// KeyResult is one Region's outcome, as in the --output json contract.
type KeyResult struct {
	Region     string `json:"region"`
	Role       string `json:"role"`
	KeyID      string `json:"key_id"`
	ARN        string `json:"arn"`
	Created    bool   `json:"created"`
	Policy     string `json:"policy"`      // "applied" | "unchanged" | "planned"
	AliasState string `json:"alias_state"` // "created" | "unchanged" | "planned"
	KeyState   string `json:"key_state"`   // KMS key state as read back (e.g. "Enabled"); "" when not read in this run
	ZoomGrant  bool   `json:"zoom_grant"`
	// ReadPolicy is this Region's key policy as the read-back found it
	// ("" when there was no read-back), for the wizard's policy step.
	ReadPolicy string `json:"-"`
	// PolicyBefore and PolicyWritten are set when Apply replaced the policy
	// of a key that existed (PutKeyPolicy, a repair): the document the plan
	// read before the write, and the one written. For the change record.
	PolicyBefore  string `json:"-"`
	PolicyWritten string `json:"-"`
}

// Result is the outcome of Apply (or a plan rendered as a result).
type Result struct {
	AccountID     string      `json:"account_id"`
	Partition     string      `json:"partition"`
	ZoomAccountID string      `json:"zoom_account_id"`
	Alias         string      `json:"alias"`
	Keys          []KeyResult `json:"keys"`
	Rotation      bool        `json:"rotation"`
	Changed       bool        `json:"changed"`
	WriteCalls    int         `json:"write_calls"`
	// Changes are the write calls that succeeded: what changed ("5 changes
	// made" counts these, not a write refused because it was done already).
	Changes   int    `json:"changes"`
	DryRun    bool   `json:"dry_run"`
	PolicyDoc string `json:"-"` // the primary's policy as applied
	// Orphans are the ARNs of keys tagged for Alias that the alias does not
	// name: a key this run created and then lost to a concurrent run, or one
	// left earlier. Nothing uses them; they are reported, never saved.
	// Always present in JSON ([] when there are none).
	Orphans []string `json:"orphans"`
	// Alerts are the tamper alerts of each Region; [] without --alert-email.
	Alerts []AlertResult `json:"alerts"`
	// alertLang is the language of the alerts' e-mail (the session keeps it).
	alertLang i18n.Lang
}
