package practice

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// State is the practice account: what it holds in each Region.
type State struct {
	Version int                `json:"version"`
	Regions map[string]*Region `json:"regions"`
	// Roles are the account's IAM roles (IAM is global), by name.
	Roles map[string]*Role `json:"roles,omitempty"`
	// Events are the CloudTrail management events of the account, newest
	// last.
	Events []Event `json:"events,omitempty"`

	dirty bool
}

// Region is one Region of the practice account.
type Region struct {
	Keys    map[string]*Key   `json:"keys"`    // by key ID
	Aliases map[string]string `json:"aliases"` // alias name -> key ID
	// EventBridge rules on the default bus, SNS topics and EventBridge
	// Scheduler schedules (default group), by name.
	Rules     map[string]*Rule     `json:"rules,omitempty"`
	Topics    map[string]*Topic    `json:"topics,omitempty"`
	Schedules map[string]*Schedule `json:"schedules,omitempty"`
}

// Rule is an EventBridge rule with its targets.
type Rule struct {
	Name        string            `json:"name"`
	Pattern     string            `json:"pattern"`
	State       string            `json:"state"`
	Description string            `json:"description,omitempty"`
	Tags        []Tag             `json:"tags,omitempty"`
	Targets     []json.RawMessage `json:"targets,omitempty"` // as PutTargets gave them
}

// Topic is an SNS topic.
type Topic struct {
	Name          string            `json:"name"`
	Attributes    map[string]string `json:"attributes,omitempty"`
	Tags          []Tag             `json:"tags,omitempty"`
	Subscriptions []Subscription    `json:"subscriptions,omitempty"`
}

// Subscription is an SNS subscription. An e-mail subscription stays
// pending until its recipient confirms it, which in practice never happens.
type Subscription struct {
	Protocol string `json:"protocol"`
	Endpoint string `json:"endpoint"`
	ARN      string `json:"arn,omitempty"` // "" while pending confirmation
}

// Schedule is an EventBridge Scheduler schedule, as CreateSchedule gave it.
type Schedule struct {
	Name string          `json:"name"`
	Body json.RawMessage `json:"body"`
}

// Role is an IAM role with its inline policies.
type Role struct {
	Name     string            `json:"name"`
	ID       string            `json:"id"`
	Trust    string            `json:"trust"`
	Created  time.Time         `json:"created"`
	Tags     []Tag             `json:"tags,omitempty"`
	Policies map[string]string `json:"policies,omitempty"`
}

// Key is one KMS key in one Region. The replicas of a multi-Region key are
// keys of their own, with the same ID, in other Regions.
type Key struct {
	ID            string     `json:"id"`
	Description   string     `json:"description"`
	Policy        string     `json:"policy"`
	State         string     `json:"state"` // Enabled, Disabled, Creating, PendingDeletion
	Created       time.Time  `json:"created"`
	MultiRegion   bool       `json:"multiRegion"`
	PrimaryRegion string     `json:"primaryRegion,omitempty"`
	Tags          []Tag      `json:"tags,omitempty"`
	Rotation      bool       `json:"rotation"`
	DeletionDate  *time.Time `json:"deletionDate,omitempty"`
	// CreatingUntil is when a new replica leaves the Creating state.
	CreatingUntil *time.Time `json:"creatingUntil,omitempty"`
	LastUsage     *Usage     `json:"lastUsage,omitempty"`
}

// Tag is a resource tag.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Usage is the last cryptographic use of a key.
type Usage struct {
	When      time.Time `json:"when"`
	Operation string    `json:"operation"`
	EventID   string    `json:"eventId"`
	RequestID string    `json:"requestId"`
}

// Event is a CloudTrail management event.
type Event struct {
	ID        string    `json:"id"`
	Region    string    `json:"region"`
	Time      time.Time `json:"time"`
	Name      string    `json:"name"`
	Source    string    `json:"source"`
	Username  string    `json:"username"`
	AccountID string    `json:"accountId"` // userIdentity.accountId
	Resource  string    `json:"resource"`  // key ARN
}

const stateVersion = 1

func newState() *State {
	return &State{Version: stateVersion, Regions: map[string]*Region{}, Roles: map[string]*Role{}}
}

// loadState reads the practice state; a missing file is a new account.
func loadState(path string) (*State, error) {
	if path == "" {
		return newState(), nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return newState(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("practice AWS: read %s: %w", path, err)
	}
	st := newState()
	if err := json.Unmarshal(b, st); err != nil || st.Version != stateVersion {
		return nil, fmt.Errorf("practice AWS: %s is damaged; start afresh with --practice --reset", path)
	}
	if st.Regions == nil {
		st.Regions = map[string]*Region{}
	}
	for _, r := range st.Regions {
		if r.Rules == nil {
			r.Rules = map[string]*Rule{}
		}
		if r.Topics == nil {
			r.Topics = map[string]*Topic{}
		}
		if r.Schedules == nil {
			r.Schedules = map[string]*Schedule{}
		}
	}
	if st.Roles == nil {
		st.Roles = map[string]*Role{}
	}
	return st, nil
}

// save writes the state atomically with mode 0600.
func (st *State) save(path string) error {
	st.dirty = false
	if path == "" {
		return nil
	}
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".practice-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Reset removes the practice state file, so the next start is a new account.
func Reset(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

func (st *State) region(name string) *Region {
	r := st.Regions[name]
	if r == nil {
		r = &Region{Keys: map[string]*Key{}, Aliases: map[string]string{}, Rules: map[string]*Rule{},
			Topics: map[string]*Topic{}, Schedules: map[string]*Schedule{}}
		st.Regions[name] = r
	}
	return r
}

// regionNames are the Regions that hold anything, sorted.
func (st *State) regionNames() []string {
	out := make([]string, 0, len(st.Regions))
	for n := range st.Regions {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
