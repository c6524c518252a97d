package ui

import (
	"slices"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// flow is the wizard with no terminal in it: the choices made and the
// session, and every decision of the steps: where to resume, the defaults
// of each question and what is valid, when the prerequisites are met, what
// follows a plan (plan -> confirm -> apply -> retry), when a write may go
// ahead (consent), what is recorded and saved, and which step comes next.
//
// It does no I/O. Its two faces drive it: the full-screen model (model.go
// and a file per step), where each step is entered, updated and drawn, and
// the accessible line mode (accessible.go), which asks the same questions
// as plain prompts. Both call the engine themselves (the model through
// commands, the line mode directly) and hand the answers to the flow; the
// steps read what they share from here, never from each other.
type flow struct {
	cfg  Config
	cat  Catalogue
	sess *state.Session

	choices

	checks    checks
	confirmed bool   // every prerequisite confirmed
	dry       bool   // dry run: nothing is written to AWS
	offline   bool   // dry run without credentials: no AWS call at all
	accountID string // for the offline dry run

	consented bool          // mayWrite agreed to the next write (takeConsent uses it up)
	opts      setup.Options // the options of the last plan
	plan      *setup.Plan   // the last plan
	res       *setup.Result // the outcome of the last apply (or a plan's result)

	// pinned is the primary ARN of the key this session made or chose (or
	// that the saved session names). From then on the key step edits that
	// key: another alias is added to it, never a second key planned,
	// unless the user picks "start over with a new key" (modeStartOver).
	pinned      string
	pinnedAlias string // its alias when it was pinned

	looked *lookedUp // what the engine read of the existing key of step 2 (flow_existing.go)
	// aliasLooked is what the engine read of the alias of step 3 (flow_existing.go).
	aliasLooked *lookedUp

	wrote int // writes to AWS done in this run (interrupted.go)
}

// choices are the answers of steps 2 and 3; the forms edit them in place.
type choices struct {
	mode     string // modeNew or modeExisting
	existing string // alias, ARN or key ID of an existing key
	primary  string
	replicas []string
	// replicasFor is the primary the replicas were chosen for.
	replicasFor string

	alias       string
	description string
	tags        string // "K=V, K2=V2"
	rotation    bool
}

// checks are the live checks of step 1: the caller's identity and a
// read-only KMS call in the primary Region.
type checks struct {
	idDone bool
	id     setup.Identity
	idErr  error

	probeDone   bool
	probeRegion string
	probeErr    error
}

const (
	modeNew      = "new"
	modeExisting = "existing"
	// modeStartOver leaves the key this session made or chose as it is and
	// plans a new one: the only way to a second key (see flow.pinned).
	modeStartOver = "start-over"
)

func newFlow(cfg Config) *flow {
	f := &flow{cfg: cfg, cat: cfg.Catalogue, sess: cfg.Session, dry: cfg.DryRun}
	if f.sess == nil {
		f.sess = &state.Session{Practice: cfg.Practice}
	}
	f.sess.Lang = string(f.cat.Lang())
	return f
}

func (f *flow) t(id string, args ...any) string { return f.cat.T(id, args...) }

// setLang makes l the language of the wizard from now on, and of the
// session. The flow's catalogue is the one place the language is kept:
// the painter and the screens read it from here.
func (f *flow) setLang(l i18n.Lang) {
	f.cat = CatalogueFor(l)
	f.sess.Lang = string(f.cat.Lang())
}

// resume restores the choices made before and says at which step to go on.
func (f *flow) resume() step {
	s := f.sess
	f.primary = s.PrimaryRegion
	f.replicas = slices.Clone(s.Replicas)
	if s.PrimaryRegion != "" {
		f.replicasFor = s.PrimaryRegion
	}
	f.existing = s.WizardExistingKey
	if s.WizardExistingKey != "" {
		f.mode = modeExisting
	}
	f.alias = s.Alias
	f.description = s.WizardDescription
	f.tags = strings.Join(s.WizardTags, ", ")
	f.rotation = !s.WizardNoRotation
	if !s.DryRun && s.PrimaryARN() != "" {
		f.pinned, f.pinnedAlias = s.PrimaryARN(), s.Alias
	} else if !s.DryRun && s.WizardFoundKey != "" {
		f.pinned, f.pinnedAlias = s.WizardFoundKey, s.Alias
	}
	st, ok := stepFromID(s.Step)
	if !ok || s.DryRun {
		return stepPrereq
	}
	if st > stepKey && (len(s.Keys) == 0 || docs.IncompleteSet(s)) {
		// No key, or a set not finished (the exit summary says so): the
		// key step plans again and does only what is left.
		st = stepKey
	}
	return st
}

// advance records that step s is done and returns the next one. The
// session keeps the furthest step reached: walking forward again after
// going back does not make a finished key set look unfinished.
func (f *flow) advance(s step) step {
	next := s + 1
	if cur, ok := stepFromID(f.sess.Step); next < numSteps && (!ok || next > cur) {
		f.sess.Step = next.id()
	}
	return next
}

// dryRun reports whether nothing may be written to AWS.
func (f *flow) dryRun() bool { return f.dry }

// saves reports whether the session file is written (never in a dry run).
func (f *flow) saves() bool { return !f.dry && f.cfg.StatePath != "" }

// Step 1.

// prerequisites are the catalogue ids of what the admin confirms.
var prerequisites = []string{"plan", "role", "aws", "clients"}

// laterOK reports whether prerequisite id may be "Not yet" for now: the
// Zoom clients matter only when CMK is turned on in the portal, so the AWS
// side can go on and the item is carried into the portal checklist.
func laterOK(id string) bool { return id == "clients" }

// noteOpen records whether prerequisite id is still open.
func (f *flow) noteOpen(id string, open bool) {
	s := f.sess
	s.OpenItems = slices.DeleteFunc(s.OpenItems, func(x string) bool { return x == id })
	if open {
		s.OpenItems = append(s.OpenItems, id)
	}
}

// confirmPrereqs records that every prerequisite was confirmed.
func (f *flow) confirmPrereqs() { f.confirmed = true }

// checkAgain leaves an offline dry run chosen for want of credentials, to
// check the credentials again.
func (f *flow) checkAgain() { f.offline = false }

// startChecks forgets the last checks and returns the Region to probe.
func (f *flow) startChecks(defaultRegion string) string {
	f.checks = checks{probeRegion: f.primary}
	if f.checks.probeRegion == "" {
		f.checks.probeRegion = defaultRegion
	}
	return f.checks.probeRegion
}

func (f *flow) recordIdentity(id setup.Identity, err error) {
	f.checks.idDone, f.checks.id, f.checks.idErr = true, id, err
	if err == nil && f.sess.AccountID == "" {
		f.sess.AccountID, f.sess.Partition = id.AccountID, id.Partition
	}
}

// recordProbe records the probe of region; false when it is an answer to a
// probe of another Region, asked before.
func (f *flow) recordProbe(region string, err error) bool {
	if region != f.checks.probeRegion {
		return false
	}
	f.checks.probeDone, f.checks.probeErr = true, err
	return true
}

func (f *flow) checksOK() bool {
	c := f.checks
	return c.idDone && c.idErr == nil && c.probeDone && c.probeErr == nil
}

// checksFailed reports whether a check answered with an error.
func (f *flow) checksFailed() bool { return f.checks.idErr != nil || f.checks.probeErr != nil }

// noCredentials reports whether the credential check found no usable
// credentials: then a dry run is offered (the engine's rule, which the
// command line's --dry-run follows too).
func (f *flow) noCredentials() bool {
	return f.checks.idDone && f.checks.idErr != nil && setup.PlansOffline(f.checks.idErr)
}

// chooseOffline makes the run a dry run without credentials for account.
func (f *flow) chooseOffline(account string) {
	f.accountID = strings.TrimSpace(account)
	f.dry, f.offline = true, true
	f.sess.AccountID, f.sess.Partition = f.accountID, "aws"
}

// prereqDone reports whether step 1 is complete.
func (f *flow) prereqDone() bool {
	if !f.confirmed {
		return false
	}
	return (f.offline && f.accountID != "") || f.checksOK()
}

// Step 2.

// regionDefaults fills in the defaults of step 2's first questions.
func (f *flow) regionDefaults(defaultRegion string) {
	if f.mode == "" {
		f.mode = modeNew
	}
	if f.primary == "" {
		f.primary = defaultRegion
	}
	if f.primary == "" {
		f.primary = zoom.DefaultRegion
	}
}

// keyModes are the choices of key, as (catalogue text, mode). Once this
// session made or chose a key, the first one keeps it, and a new key needs
// the explicit last one.
func (f *flow) keyModes() [][2]string {
	if f.pinned == "" {
		return [][2]string{{f.t("regions.mode.new"), modeNew}, {f.t("regions.mode.existing"), modeExisting}}
	}
	id := keyIDOf(f.pinned)
	return [][2]string{{f.t("regions.mode.keep", id), modeNew}, {f.t("regions.mode.existing"), modeExisting},
		{f.t("regions.mode.startover", id), modeStartOver}}
}

// keyIDOf is the key ID of a key ARN (or the text itself).
func keyIDOf(arn string) string {
	if a, err := zoom.ParseKeyARN(arn); err == nil {
		return a.KeyID
	}
	return arn
}

// settleKeyChoice reads the key choice: the existing key's reference,
// trimmed, and its Region as the primary when it is an ARN. It reports
// whether the primary Region is still to be asked.
func (f *flow) settleKeyChoice() (askPrimary bool) {
	if f.keepsPrimary() {
		// The kept key's primary Region cannot change: it is not asked.
		f.existing = ""
		f.primary = existingARNRegion(f.pinned)
		return false
	}
	if f.mode != modeExisting {
		f.existing = ""
		return true
	}
	f.existing = strings.TrimSpace(f.existing)
	if r := existingARNRegion(f.existing); r != "" {
		f.primary = r
		return false
	}
	return true
}

// keepsPrimary reports whether the choice of key keeps the key this
// session made or found: then its primary Region is fixed (a key's
// primary Region cannot change), and step 2 does not ask for it.
func (f *flow) keepsPrimary() bool {
	return f.mode == modeNew && f.pinned != "" && existingARNRegion(f.pinned) != ""
}

// partner is the usual replica Region of the primary, or "".
func (f *flow) partner() string {
	if r, ok := zoom.LookupRegion(f.primary); ok {
		return r.Partner
	}
	return ""
}

// existingReplicas are the Regions where the key kept or chosen in this
// session already has a replica (none for a new key): the replica list
// marks them as such, not as a suggestion.
func (f *flow) existingReplicas() []string {
	if rs, ok := f.lookedReplicas(); ok {
		return rs // as AWS says, for an existing key given in step 2
	}
	if f.mode == modeStartOver || (f.mode == modeNew && f.pinned == "") || f.sess.PrimaryRegion != f.primary {
		return nil
	}
	if f.mode == modeExisting && f.existing != f.sess.WizardExistingKey {
		return nil
	}
	var rs []string
	for _, k := range f.sess.Keys {
		if k.Role == state.RoleReplica {
			rs = append(rs, k.Region)
		}
	}
	return rs
}

// replicaDefaults preselects the replicas: those chosen before for this
// primary, or for a new primary its usual partner.
func (f *flow) replicaDefaults() {
	sel := slices.DeleteFunc(slices.Clone(f.replicas), func(r string) bool { return r == f.primary })
	if f.replicasFor != f.primary {
		sel = nil
		if p := f.partner(); p != "" {
			sel = []string{p}
		}
	}
	f.replicas = sel
}

// keepReplicaTicks keeps the replicas ticked so far for the primary Region
// they were ticked for: going back to the primary and forward again (with
// the same primary) shows them still ticked.
func (f *flow) keepReplicaTicks() { f.replicasFor = f.primary }

// commitRegions records the Regions chosen in the session.
func (f *flow) commitRegions() {
	f.replicas = slices.DeleteFunc(f.replicas, func(r string) bool { return r == f.primary })
	f.replicasFor = f.primary
	s := f.sess
	if f.mode == modeStartOver {
		// The explicit choice of a second key: the first stays in AWS as it
		// is, and this session forgets it.
		f.mode, f.pinned, f.pinnedAlias = modeNew, "", ""
		f.plan, f.res = nil, nil
		s.Keys, s.Policy, s.WizardFoundKey = nil, "", ""
	}
	if !f.keepsPrimary() && (s.PrimaryRegion != f.primary || s.WizardExistingKey != f.existing) {
		// Another key set: what was done for the old one no longer applies.
		// The key this session made or found is kept in the session until
		// another key replaces it (the explicit start over, or an existing
		// key chosen), never by going back and forth.
		s.Keys, s.Policy, s.WizardFoundKey = nil, "", ""
	}
	s.PrimaryRegion, s.Replicas, s.WizardExistingKey = f.primary, slices.Clone(f.replicas), f.existing
	if ref, err := zoom.ParseKeyRef(f.existing); err == nil && ref.Alias != "" {
		f.alias = ref.Alias
	}
}

// existingARNRegion returns the Region of an existing key given by ARN, or "".
func existingARNRegion(s string) string {
	if ref, err := zoom.ParseKeyRef(s); err == nil && ref.ARN != nil {
		return ref.ARN.Region
	}
	return ""
}

// region is a Region's label in the catalogue's language.
func (f *flow) region(code string) string { return zoom.RegionLabelIn(f.cat.Printer(), code) }
