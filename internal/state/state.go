// Package state keeps the saved session: the Regions and ARNs of the key set,
// the wizard's progress and the checklist ticks. It never holds credentials.
// The file is written atomically (temp file + rename) with mode 0600.
package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// FormatVersion is the session file's schema version.
const FormatVersion = 1

// The roles of a key in the set.
const (
	RolePrimary = "primary"
	RoleReplica = "replica"
)

// Key is one key of the set: the primary or a replica.
type Key struct {
	Region string `json:"region"`
	Role   string `json:"role"` // RolePrimary or RoleReplica
	KeyID  string `json:"key_id"`
	ARN    string `json:"arn"`
}

// Action is one AWS call of a setup as the change record lists it.
type Action struct {
	At     time.Time `json:"at"`
	Region string    `json:"region"`
	Action string    `json:"action"` // the engine's action kind (create-key, put-policy, ...)
	Status string    `json:"status"` // done or failed
	Detail string    `json:"detail,omitempty"`
	// Details is Detail in the other languages, by language code ("ja"):
	// the change record in either language says it in its own.
	Details map[string]string `json:"details,omitempty"`
}

// PolicyRepair is a key policy that a setup replaced because it lacked what
// Zoom needs (PutKeyPolicy on a key that existed): the document before the
// write and after it, for the change record. A repair only adds to a
// policy; the change record shows which statements.
type PolicyRepair struct {
	At     time.Time `json:"at"`
	Region string    `json:"region"`
	Role   string    `json:"role"`   // RolePrimary or RoleReplica
	Before string    `json:"before"` // as read before the write
	After  string    `json:"after"`  // as read back after the write; as written when there was no read-back
	// ReadBack says After is the read-back (false: the document written).
	ReadBack bool `json:"after_read_back"`
}

// VerifyRecord is the outcome of the latest verify.
type VerifyRecord struct {
	At    time.Time `json:"at"`
	OK    bool      `json:"ok"`
	Lines []string  `json:"lines,omitempty"` // one per Region and check that is not OK, or the summary
}

// Session is what the tool remembers between runs.
type Session struct {
	Version       int       `json:"version"`
	AccountID     string    `json:"account_id,omitempty"`
	Partition     string    `json:"partition,omitempty"`
	Profile       string    `json:"profile,omitempty"` // a profile name, never a secret
	Alias         string    `json:"alias,omitempty"`
	ZoomAccountID string    `json:"zoom_account_id,omitempty"`
	PrimaryRegion string    `json:"primary_region,omitempty"`
	Replicas      []string  `json:"replica_regions,omitempty"`
	Keys          []Key     `json:"keys,omitempty"`
	Policy        string    `json:"policy,omitempty"`
	SetupAt       time.Time `json:"setup_at,omitempty"`
	UpdatedAt     time.Time `json:"updated_at,omitempty"`
	DryRun        bool      `json:"dry_run,omitempty"`
	// Practice: the session of a practice run (zcmk-tui --practice), whose
	// keys live in the practice AWS and must never reach the Zoom portal.
	Practice bool   `json:"practice,omitempty"`
	Lang     string `json:"lang,omitempty"` // the language of the run that saved it: "en", "ja"

	// Wizard progress.
	Step        string               `json:"wizard_step,omitempty"`
	Ticks       map[string]bool      `json:"checklist,omitempty"`
	TickedAt    map[string]time.Time `json:"checklist_times,omitempty"`
	AlertEmails []string             `json:"alert_emails,omitempty"`
	DataTypes   []string             `json:"data_types,omitempty"`

	// Wizard choices not kept above, so that a restart resumes with them.
	WizardExistingKey string   `json:"wizard_existing_key,omitempty"` // alias or ARN of a key to use
	WizardDescription string   `json:"wizard_description,omitempty"`
	WizardTags        []string `json:"wizard_tags,omitempty"` // KEY=VALUE
	WizardNoRotation  bool     `json:"wizard_no_rotation,omitempty"`
	RunbookPath       string   `json:"runbook_path,omitempty"` // last Markdown runbook exported
	// RunbookPaths are all the Markdown runbooks written for the session
	// (each language's, each place asked for), in the order written.
	RunbookPaths []string `json:"runbook_paths,omitempty"`

	// WizardFoundKey is the ARN of an existing primary key a plan of the
	// wizard found (by its alias, or given in step 2) before anything was
	// written: going back, or quitting and starting again, keeps it.
	WizardFoundKey string `json:"wizard_found_key,omitempty"`

	// The change record (the runbook): who ran the setup and where, what
	// was done and when, each Region's policy as read back, the latest
	// verify, and what the support ticket needs.
	CallerARN         string            `json:"caller_arn,omitempty"`
	ToolVersion       string            `json:"tool_version,omitempty"`
	Endpoint          string            `json:"endpoint,omitempty"` // set only when not AWS itself
	History           []Action          `json:"history,omitempty"`
	ReadBack          map[string]string `json:"policies_read_back,omitempty"` // Region -> policy document
	PolicyRepairs     []PolicyRepair    `json:"policy_repairs,omitempty"`     // every policy repaired, oldest first
	LastVerify        *VerifyRecord     `json:"last_verify,omitempty"`
	ZoomAccountNumber string            `json:"zoom_account_number,omitempty"`
	OpenItems         []string          `json:"open_items,omitempty"` // prerequisites answered "Not yet" that matter later (e.g. clients)
	TicketGroups      string            `json:"ticket_groups,omitempty"`

	// Tamper alerts (see alerts.go), nil when setup made none.
	Alerts *Alerts `json:"alerts,omitempty"`

	// Key-outage drills (see drill.go): the one in progress, and the last one ended.
	Drill     *Drill `json:"drill,omitempty"`
	LastDrill *Drill `json:"last_drill,omitempty"`
}

// ARNs is the ARNs of keys that have one, in their order.
func ARNs(keys []Key) []string {
	var out []string
	for _, k := range keys {
		if k.ARN != "" {
			out = append(out, k.ARN)
		}
	}
	return out
}

// PrimaryARN returns the primary key's ARN, or "".
func (s *Session) PrimaryARN() string {
	for _, k := range s.Keys {
		if k.Role == RolePrimary {
			return k.ARN
		}
	}
	return ""
}

// DefaultPath is $XDG_STATE_HOME/zcmk-tui/session.json, or the OS equivalent:
// ~/.local/state on Linux, ~/Library/Application Support on macOS,
// %LocalAppData% on Windows.
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "zcmk-tui", "session.json"), nil
	}
	switch runtime.GOOS {
	case "darwin", "windows":
		d, err := os.UserConfigDir()
		if err != nil {
			return "", err
		}
		if runtime.GOOS == "windows" {
			if l := os.Getenv("LocalAppData"); l != "" {
				d = l
			}
		}
		return filepath.Join(d, "zcmk-tui", "session.json"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find a state directory: %w (set XDG_STATE_HOME or use --state-file)", err)
	}
	return filepath.Join(home, ".local", "state", "zcmk-tui", "session.json"), nil
}

// Load reads a session file. A missing file is not an error: it returns
// (nil, nil) so that callers can start a new session. A file that cannot be
// used (a directory, unreadable, not a session) is an *Error; it is left as
// it is.
func Load(path string) (*Session, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, damaged(path, msg("state.err.directory"), nil)
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &Error{Path: path, Problem: msg("state.err.unreadable", rootErr(err)), Err: err, Fix: msg("state.fix.unreadable")}
	}
	var s Session
	if err := json.Unmarshal(b, &s); err != nil {
		problem := msg("state.err.not-session", err)
		if len(strings.TrimSpace(string(b))) == 0 || strings.Contains(err.Error(), "unexpected end of JSON input") {
			problem = msg("state.err.cut-short")
		}
		return nil, damaged(path, problem, err)
	}
	if s.Version > FormatVersion {
		return nil, &Error{Path: path, Problem: msg("state.err.newer", s.Version), Fix: msg("state.fix.newer")}
	}
	return &s, nil
}

// Save writes the session atomically with mode 0600, creating the directory (0700).
func Save(path string, s *Session) error {
	s.Version = FormatVersion
	s.UpdatedAt = time.Now().UTC().Truncate(time.Second)
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create state directory: %w", err)
	}
	f, err := os.CreateTemp(dir, ".session-*.tmp")
	if err != nil {
		return fmt.Errorf("write session file: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after a successful rename
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("write session file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	backup(path)
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write session file: %w", err)
	}
	return nil
}

// BackupPath is where Save keeps the session as it was one save earlier
// (the last copy that could be read), for a file that is found damaged.
func BackupPath(path string) string { return path + ".bak" }

// backup copies the session file at path, when it can be read as a session,
// to BackupPath (atomically, mode 0600); a damaged file never replaces the
// last good copy. It is best effort: a failed backup does not stop a save.
func backup(path string) {
	b, err := os.ReadFile(path)
	if err != nil || !json.Valid(b) {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".session-*.bak.tmp")
	if err != nil {
		return
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, werr := f.Write(b)
	if cerr := f.Close(); werr != nil || cerr != nil || os.Chmod(tmp, 0o600) != nil {
		return
	}
	_ = os.Rename(tmp, BackupPath(path))
}
