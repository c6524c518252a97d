package flow

import (
	"slices"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Flow is the wizard with no terminal in it: the choices made and the
// session, and every decision of the steps: where to resume, the defaults
// of each question and what is valid, when the prerequisites are met, what
// follows a plan (plan -> confirm -> apply -> retry), when a write may go
// ahead (consent), what is recorded and saved, and which step comes next.
//
// It does no I/O. Its two faces in internal/ui drive it: the full-screen
// model (model.go and a file per step), where each step is entered, updated
// and drawn, and the accessible line mode (accessible.go), which asks the
// same questions as plain prompts. Both call the engine themselves (the model through
// commands, the line mode directly) and hand the answers to the flow; the
// steps read what they share from here, never from each other.
type Flow struct {
	Cfg  Config
	Cat  Catalogue
	Sess *state.Session

	choices

	Checks    Checks
	Confirmed bool   // every prerequisite confirmed
	Dry       bool   // dry run: nothing is written to AWS
	Offline   bool   // dry run without credentials: no AWS call at all
	AccountID string // for the offline dry run

	consented bool          // MayWrite agreed to the next write (TakeConsent uses it up)
	Opts      setup.Options // the options of the last plan
	Plan      *setup.Plan   // the last plan
	Res       *setup.Result // the outcome of the last apply (or a plan's result)

	// Pinned is the primary ARN of the key this session made or chose (or
	// that the saved session names). From then on the key step edits that
	// key: another alias is added to it, never a second key planned,
	// unless the user picks "start over with a new key" (modeStartOver).
	Pinned      string
	PinnedAlias string // its alias when it was pinned

	looked *LookedUp // what the engine read of the existing key of step 2 (flow_existing.go)
	// aliasLooked is what the engine read of the alias of step 3 (flow_existing.go).
	aliasLooked *LookedUp

	Wrote int // writes to AWS done in this run (interrupted.go)
}

// choices are the answers of steps 2 and 3; the forms edit them in place.
type choices struct {
	Mode     string // ModeNew or ModeExisting
	Existing string // alias, ARN or key ID of an existing key
	Primary  string
	Replicas []string
	// replicasFor is the primary the replicas were chosen for.
	replicasFor string

	Alias       string
	Description string
	Tags        string // "K=V, K2=V2"
	Rotation    bool
}

// Checks are the live checks of step 1: the caller's identity and a
// read-only KMS call in the primary Region.
type Checks struct {
	IDDone bool
	ID     setup.Identity
	IDErr  error

	ProbeDone   bool
	ProbeRegion string
	ProbeErr    error
}

const (
	ModeNew      = "new"
	ModeExisting = "existing"
	// modeStartOver leaves the key this session made or chose as it is and
	// plans a new one: the only way to a second key (see flow.pinned).
	modeStartOver = "start-over"
)

// New is the flow of a wizard started from cfg, over the saved session if
// there is one.
func New(cfg Config) *Flow {
	f := &Flow{Cfg: cfg, Cat: cfg.Catalogue, Sess: cfg.Session, Dry: cfg.DryRun}
	if f.Sess == nil {
		f.Sess = &state.Session{Practice: cfg.Practice}
	}
	f.Sess.Lang = string(f.Cat.Lang())
	return f
}

// T is the message id in the flow's language.
func (f *Flow) T(id string, args ...any) string { return f.Cat.T(id, args...) }

// SetLang makes l the language of the wizard from now on, and of the
// session. The flow's catalogue is the one place the language is kept:
// the painter and the screens read it from here.
func (f *Flow) SetLang(l i18n.Lang) {
	f.Cat = CatalogueFor(l)
	f.Sess.Lang = string(f.Cat.Lang())
}

// Resume restores the choices made before and says at which step to go on.
func (f *Flow) Resume() Step {
	s := f.Sess
	f.Primary = s.PrimaryRegion
	f.Replicas = slices.Clone(s.Replicas)
	if s.PrimaryRegion != "" {
		f.replicasFor = s.PrimaryRegion
	}
	f.Existing = s.WizardExistingKey
	if s.WizardExistingKey != "" {
		f.Mode = ModeExisting
	}
	f.Alias = s.Alias
	f.Description = s.WizardDescription
	f.Tags = strings.Join(s.WizardTags, ", ")
	f.Rotation = !s.WizardNoRotation
	if !s.DryRun && s.PrimaryARN() != "" {
		f.Pinned, f.PinnedAlias = s.PrimaryARN(), s.Alias
	} else if !s.DryRun && s.WizardFoundKey != "" {
		f.Pinned, f.PinnedAlias = s.WizardFoundKey, s.Alias
	}
	st, ok := StepFromID(s.Step)
	if !ok || s.DryRun {
		return StepPrereq
	}
	if st > StepKey && (len(s.Keys) == 0 || docs.IncompleteSet(s)) {
		// No key, or a set not finished (the exit summary says so): the
		// key step plans again and does only what is left.
		st = StepKey
	}
	return st
}

// Advance records that step s is done and returns the next one. The
// session keeps the furthest step reached: walking forward again after
// going back does not make a finished key set look unfinished.
func (f *Flow) Advance(s Step) Step {
	next := s + 1
	if cur, ok := StepFromID(f.Sess.Step); next < NumSteps && (!ok || next > cur) {
		f.Sess.Step = next.ID()
	}
	return next
}

// DryRun reports whether nothing may be written to AWS.
func (f *Flow) DryRun() bool { return f.Dry }

// Saves reports whether the session file is written (never in a dry run).
func (f *Flow) Saves() bool { return !f.Dry && f.Cfg.StatePath != "" }

// Step 1.

// prerequisites are the catalogue ids of what the admin confirms.
var Prerequisites = []string{"plan", "role", "aws", "clients"}

// LaterOK reports whether prerequisite id may be "Not yet" for now: the
// Zoom clients matter only when CMK is turned on in the portal, so the AWS
// side can go on and the item is carried into the portal checklist.
func LaterOK(id string) bool { return id == "clients" }

// NoteOpen records whether prerequisite id is still open.
func (f *Flow) NoteOpen(id string, open bool) {
	s := f.Sess
	s.OpenItems = slices.DeleteFunc(s.OpenItems, func(x string) bool { return x == id })
	if open {
		s.OpenItems = append(s.OpenItems, id)
	}
}

// ConfirmPrereqs records that every prerequisite was confirmed.
func (f *Flow) ConfirmPrereqs() { f.Confirmed = true }

// CheckAgain leaves an offline dry run chosen for want of credentials, to
// check the credentials again.
func (f *Flow) CheckAgain() { f.Offline = false }

// StartChecks forgets the last checks and returns the Region to probe.
func (f *Flow) StartChecks(defaultRegion string) string {
	f.Checks = Checks{ProbeRegion: f.Primary}
	if f.Checks.ProbeRegion == "" {
		f.Checks.ProbeRegion = defaultRegion
	}
	return f.Checks.ProbeRegion
}

// RecordIdentity records the live check of the credentials, and the
// account they belong to.
func (f *Flow) RecordIdentity(id setup.Identity, err error) {
	f.Checks.IDDone, f.Checks.ID, f.Checks.IDErr = true, id, err
	if err == nil && f.Sess.AccountID == "" {
		f.Sess.AccountID, f.Sess.Partition = id.AccountID, id.Partition
	}
}

// RecordProbe records the probe of region; false when it is an answer to a
// probe of another Region, asked before.
func (f *Flow) RecordProbe(region string, err error) bool {
	if region != f.Checks.ProbeRegion {
		return false
	}
	f.Checks.ProbeDone, f.Checks.ProbeErr = true, err
	return true
}

// ChecksOK reports whether both live checks passed.
func (f *Flow) ChecksOK() bool {
	c := f.Checks
	return c.IDDone && c.IDErr == nil && c.ProbeDone && c.ProbeErr == nil
}

// ChecksFailed reports whether a check answered with an error.
func (f *Flow) ChecksFailed() bool { return f.Checks.IDErr != nil || f.Checks.ProbeErr != nil }

// NoCredentials reports whether the credential check found no usable
// credentials: then a dry run is offered (the engine's rule, which the
// command line's --dry-run follows too).
func (f *Flow) NoCredentials() bool {
	return f.Checks.IDDone && f.Checks.IDErr != nil && setup.PlansOffline(f.Checks.IDErr)
}

// ChooseOffline makes the run a dry run without credentials for account.
func (f *Flow) ChooseOffline(account string) {
	f.AccountID = strings.TrimSpace(account)
	f.Dry, f.Offline = true, true
	f.Sess.AccountID, f.Sess.Partition = f.AccountID, "aws"
}

// PrereqDone reports whether step 1 is complete.
func (f *Flow) PrereqDone() bool {
	if !f.Confirmed {
		return false
	}
	return (f.Offline && f.AccountID != "") || f.ChecksOK()
}

// Step 2.

// RegionDefaults fills in the defaults of step 2's first questions.
func (f *Flow) RegionDefaults(defaultRegion string) {
	if f.Mode == "" {
		f.Mode = ModeNew
	}
	if f.Primary == "" {
		f.Primary = defaultRegion
	}
	if f.Primary == "" {
		f.Primary = zoom.DefaultRegion
	}
}

// KeyModes are the choices of key, as (catalogue text, mode). Once this
// session made or chose a key, the first one keeps it, and a new key needs
// the explicit last one.
func (f *Flow) KeyModes() [][2]string {
	if f.Pinned == "" {
		return [][2]string{{f.T("regions.mode.new"), ModeNew}, {f.T("regions.mode.existing"), ModeExisting}}
	}
	id := KeyIDOf(f.Pinned)
	return [][2]string{{f.T("regions.mode.keep", id), ModeNew}, {f.T("regions.mode.existing"), ModeExisting},
		{f.T("regions.mode.startover", id), modeStartOver}}
}

// KeyIDOf is the key ID of a key ARN (or the text itself).
func KeyIDOf(arn string) string {
	if a, err := zoom.ParseKeyARN(arn); err == nil {
		return a.KeyID
	}
	return arn
}

// SettleKeyChoice reads the key choice: the existing key's reference,
// trimmed, and its Region as the primary when it is an ARN. It reports
// whether the primary Region is still to be asked.
func (f *Flow) SettleKeyChoice() (askPrimary bool) {
	if f.KeepsPrimary() {
		// The kept key's primary Region cannot change: it is not asked.
		f.Existing = ""
		f.Primary = ExistingARNRegion(f.Pinned)
		return false
	}
	if f.Mode != ModeExisting {
		f.Existing = ""
		return true
	}
	f.Existing = strings.TrimSpace(f.Existing)
	if r := ExistingARNRegion(f.Existing); r != "" {
		f.Primary = r
		return false
	}
	return true
}

// KeepsPrimary reports whether the choice of key keeps the key this
// session made or found: then its primary Region is fixed (a key's
// primary Region cannot change), and step 2 does not ask for it.
func (f *Flow) KeepsPrimary() bool {
	return f.Mode == ModeNew && f.Pinned != "" && ExistingARNRegion(f.Pinned) != ""
}

// Partner is the usual replica Region of the primary, or "".
func (f *Flow) Partner() string {
	if r, ok := zoom.LookupRegion(f.Primary); ok {
		return r.Partner
	}
	return ""
}

// ExistingReplicas are the Regions where the key kept or chosen in this
// session already has a replica (none for a new key): the replica list
// marks them as such, not as a suggestion.
func (f *Flow) ExistingReplicas() []string {
	if rs, ok := f.LookedReplicas(); ok {
		return rs // as AWS says, for an existing key given in step 2
	}
	if f.Mode == modeStartOver || (f.Mode == ModeNew && f.Pinned == "") || f.Sess.PrimaryRegion != f.Primary {
		return nil
	}
	if f.Mode == ModeExisting && f.Existing != f.Sess.WizardExistingKey {
		return nil
	}
	var rs []string
	for _, k := range f.Sess.Keys {
		if k.Role == state.RoleReplica {
			rs = append(rs, k.Region)
		}
	}
	return rs
}

// ReplicaDefaults preselects the replicas: those chosen before for this
// primary, or for a new primary its usual partner.
func (f *Flow) ReplicaDefaults() {
	sel := slices.DeleteFunc(slices.Clone(f.Replicas), func(r string) bool { return r == f.Primary })
	if f.replicasFor != f.Primary {
		sel = nil
		if p := f.Partner(); p != "" {
			sel = []string{p}
		}
	}
	f.Replicas = sel
}

// KeepReplicaTicks keeps the replicas ticked so far for the primary Region
// they were ticked for: going back to the primary and forward again (with
// the same primary) shows them still ticked.
func (f *Flow) KeepReplicaTicks() { f.replicasFor = f.Primary }

// CommitRegions records the Regions chosen in the session.
func (f *Flow) CommitRegions() {
	f.Replicas = slices.DeleteFunc(f.Replicas, func(r string) bool { return r == f.Primary })
	f.replicasFor = f.Primary
	s := f.Sess
	if f.Mode == modeStartOver {
		// The explicit choice of a second key: the first stays in AWS as it
		// is, and this session forgets it.
		f.Mode, f.Pinned, f.PinnedAlias = ModeNew, "", ""
		f.Plan, f.Res = nil, nil
		s.Keys, s.Policy, s.WizardFoundKey = nil, "", ""
	}
	if !f.KeepsPrimary() && (s.PrimaryRegion != f.Primary || s.WizardExistingKey != f.Existing) {
		// Another key set: what was done for the old one no longer applies.
		// The key this session made or found is kept in the session until
		// another key replaces it (the explicit start over, or an existing
		// key chosen), never by going back and forth.
		s.Keys, s.Policy, s.WizardFoundKey = nil, "", ""
	}
	s.PrimaryRegion, s.Replicas, s.WizardExistingKey = f.Primary, slices.Clone(f.Replicas), f.Existing
	if ref, err := zoom.ParseKeyRef(f.Existing); err == nil && ref.Alias != "" {
		f.Alias = ref.Alias
	}
}

// ExistingARNRegion returns the Region of an existing key given by ARN, or "".
func ExistingARNRegion(s string) string {
	if ref, err := zoom.ParseKeyRef(s); err == nil && ref.ARN != nil {
		return ref.ARN.Region
	}
	return ""
}

// Region is a Region's label in the catalogue's language.
func (f *Flow) Region(code string) string { return zoom.RegionLabelIn(f.Cat.Printer(), code) }
