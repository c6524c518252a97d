package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

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

	opts setup.Options // the options of the last plan
	plan *setup.Plan   // the last plan
	res  *setup.Result // the outcome of the last apply (or a plan's result)

	// pinned is the primary ARN of the key this session made or chose (or
	// that the saved session names). From then on the key step edits that
	// key: another alias is added to it, never a second key planned,
	// unless the user picks "start over with a new key" (modeStartOver).
	pinned      string
	pinnedAlias string // its alias when it was pinned
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
		f.sess = &state.Session{}
	}
	return f
}

func (f *flow) t(id string, args ...any) string { return f.cat.T(id, args...) }

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
	}
	st, ok := stepFromID(s.Step)
	if !ok || s.DryRun {
		return stepPrereq
	}
	if st >= stepPolicy && len(s.Keys) == 0 {
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
		f.sess.Step = stepIDs[next]
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

// noCredentials reports whether the credential check found none at all:
// then a dry run is offered.
func (f *flow) noCredentials() bool {
	k := setup.KindOf(f.checks.idErr)
	return f.checks.idDone && (k == setup.KindNoCredentials || k == setup.KindExpired || k == setup.KindProfile)
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

// partner is the usual replica Region of the primary, or "".
func (f *flow) partner() string {
	if r, ok := zoom.LookupRegion(f.primary); ok {
		return r.Partner
	}
	return ""
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
		s.Keys, s.Policy = nil, ""
	}
	if s.PrimaryRegion != f.primary || s.WizardExistingKey != f.existing {
		// Another key set: what was done for the old one no longer applies.
		s.Keys, s.Policy = nil, ""
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

// Step 3.

// keyDefaults fills in the defaults of step 3's questions.
func (f *flow) keyDefaults() {
	if f.alias == "" {
		f.alias = zoom.DefaultAlias
	}
	if f.description == "" {
		f.description = setup.DefaultDescription
	}
}

// asksKeyDetails reports whether the description and tags are asked: not
// for an existing key, which has its own.
func (f *flow) asksKeyDetails() bool { return f.existing == "" }

// commitKey records the key choices in the session.
func (f *flow) commitKey() {
	s := f.sess
	s.Alias = strings.TrimSpace(f.alias)
	s.WizardDescription, s.WizardNoRotation = f.description, !f.rotation
	s.WizardTags = nil
	if tags, err := parseTags(f.tags); err == nil {
		for _, t := range tags {
			s.WizardTags = append(s.WizardTags, t.Key+"="+t.Value)
		}
	}
}

// options builds the engine options from the choices, and notes them as
// the options of the plan to come. "Use an existing key" never turns into
// a new key; a key this session has is edited, never a second one planned.
func (f *flow) options() (setup.Options, error) {
	if f.mode == modeExisting && strings.TrimSpace(f.existing) == "" {
		return setup.Options{}, errors.New(f.t("regions.existing.none"))
	}
	tags, err := parseTags(f.tags)
	if err != nil {
		return setup.Options{}, err
	}
	o := setup.Options{
		Region: f.primary, Replicas: f.replicas, Alias: strings.TrimSpace(f.alias),
		Description: f.description, Tags: tags, Rotation: f.rotation, ExistingKey: f.existing,
	}
	if f.pinned != "" && f.mode != modeExisting {
		if r := existingARNRegion(f.pinned); r != "" && r != f.primary {
			return setup.Options{}, errors.New(f.t("key.pinned.region", keyIDOf(f.pinned), zoom.RegionLabel(r), zoom.RegionLabel(f.primary)))
		}
		o.ExistingKey = f.pinned
	}
	if f.offline {
		o.AccountID = f.accountID
	}
	if err := setup.Validate(&o); err != nil {
		return o, err
	}
	f.opts = o
	return o, nil
}

// keepsPinned reports whether the last plan edits the key this session
// has (and the alias it adds, if it is another).
func (f *flow) keepsPinned() bool { return f.pinned != "" && f.opts.ExistingKey == f.pinned }

// makePlan computes the plan of o: offline for a dry run without
// credentials, else with the engine's read-only calls (a dry run with
// credentials is a real plan marked DryRun, which Apply refuses). It is the
// one I/O of planning; both faces call it (the model from a command).
func makePlan(ctx context.Context, eng Engine, o setup.Options, dry, offline bool) (*setup.Plan, error) {
	if offline {
		return setup.OfflinePlan(o), nil
	}
	p, err := eng.Plan(ctx, o)
	if p != nil && dry {
		p.DryRun = true
	}
	return p, err
}

// planNext is what follows a plan.
type planNext int

const (
	planConfirm planNext = iota // writes to make: ask for consent, then apply
	planFinish                  // nothing to write (a dry run, or no change): record the plan's result
	planApply                   // a retry after a failed apply: consent was given for it
)

// afterPlan records plan p and says what follows it; retry marks a plan
// made to resume after a failed apply.
func (f *flow) afterPlan(p *setup.Plan, retry bool) planNext {
	f.plan = p
	switch {
	case nothingToWrite(p):
		return planFinish
	case retry:
		return planApply
	}
	return planConfirm
}

// nothingToWrite reports whether plan p (if any) writes nothing: a dry run,
// or a key set that is already as it should be.
func nothingToWrite(p *setup.Plan) bool { return p != nil && (p.DryRun || p.Changes() == 0) }

// answer is what the user said to "apply these changes?".
type answer int

const (
	answerNone answer = iota // no answer: the input ended, or nobody to ask
	answerYes                // a typed yes (y or enter on the full-screen plan)
	answerNo
)

// asksConsent reports whether a write is asked for: not with --yes (the
// consent is given), and not where standard input is not a terminal (there
// is nobody to type yes: no write without --yes). The full-screen wizard
// always asks: its confirmation is a key pressed on the plan.
func (f *flow) asksConsent() bool { return !f.cfg.Yes && f.cfg.Interactive }

// mayWrite is the one rule for every write to AWS, a first apply or a
// retry: a typed yes, or --yes. End of input is never a yes, and without a
// terminal a write needs --yes. A dry run never writes. It returns nil when
// the plan may be applied, else why not.
func (f *flow) mayWrite(a answer) error {
	switch {
	case f.dry:
		return fmt.Errorf("dry run: %w", ErrAborted)
	case f.cfg.Yes, a == answerYes:
		return nil
	case a == answerNo:
		return ErrAborted
	case !f.cfg.Interactive:
		return ErrNeedsYes
	}
	return ErrEndOfInput
}

// checkKeyChoice refuses "use an existing key" without a key: it never
// turns into a new key.
func (f *flow) checkKeyChoice() error {
	if f.mode == modeExisting && f.existing == "" {
		return errors.New(f.t("regions.existing.none"))
	}
	return nil
}

// recordApply records the outcome of an apply (or the result of a plan
// with nothing to write) and reports whether the session should be saved.
func (f *flow) recordApply(res *setup.Result, err error) bool {
	f.res = res
	if f.dry {
		return false
	}
	if res != nil && len(res.Keys) > 0 && res.Keys[0].ARN != "" {
		if f.pinned == "" {
			f.pinned, f.pinnedAlias = res.Keys[0].ARN, res.Alias
		}
		res.Record(f.sess, f.cfg.Profile, f.cfg.Now())
		// The session says whether the set is finished: the key step until
		// an apply succeeds (ExitSummary labels such a set incomplete).
		if err == nil {
			f.sess.Step = stepIDs[stepPolicy]
		} else {
			f.sess.Step = stepIDs[stepKey]
		}
		return true
	}
	return false
}

// Step 4.

// policySection is one Region's key policy on the policy step: the
// document it has (as read back, applied or planned), and the one it had.
type policySection struct {
	region, role string
	doc, current string
	source       string // message id: how doc is known
}

// policySections are the Regions' policies, primary first: from the last
// apply (its read-back), else the plan, else the session file (the
// primary's, as saved). KMS keeps one policy per Region, and they can
// differ.
func (f *flow) policySections() []policySection {
	var out []policySection
	p := f.plan
	planned := func(region string) *setup.RegionPlan {
		if p == nil {
			return nil
		}
		for i := range p.Regions {
			if p.Regions[i].Region == region {
				return &p.Regions[i]
			}
		}
		return nil
	}
	if res := f.res; res != nil {
		for i, k := range res.Keys {
			sec := policySection{region: k.Region, role: k.Role}
			rp := planned(k.Region)
			if rp != nil {
				sec.doc, sec.current = rp.Policy, rp.CurrentPolicy
			}
			switch {
			case k.ReadPolicy != "":
				sec.doc, sec.source = k.ReadPolicy, "policy.source.readback"
			case f.dry || k.Policy == "planned":
				sec.source = "policy.source.planned"
			case rp != nil && rp.PolicyOK:
				sec.source = "policy.source.unchanged"
			default:
				sec.source = "policy.source.applied"
			}
			if sec.doc == "" && i == 0 {
				sec.doc = res.PolicyDoc
			}
			out = append(out, sec)
		}
		return out
	}
	if p != nil {
		for _, rp := range p.Regions {
			out = append(out, policySection{region: rp.Region, role: rp.Role, doc: rp.Policy, current: rp.CurrentPolicy, source: "policy.source.planned"})
		}
		return out
	}
	if f.sess.Policy != "" {
		out = append(out, policySection{region: f.sess.PrimaryRegion, role: setup.RolePrimary, doc: f.sess.Policy, source: "policy.source.saved"})
	}
	return out
}

// zoomAccount is the Zoom account the key policy names.
func (f *flow) zoomAccount() string {
	if f.plan != nil && f.plan.ZoomAccountID != "" {
		return f.plan.ZoomAccountID
	}
	if f.sess.ZoomAccountID != "" {
		return f.sess.ZoomAccountID
	}
	return zoom.ZoomAccountID
}

// Step 5.

// keysForDisplay are the keys to show: the session's, or in a dry run the
// planned Regions with a placeholder.
func (f *flow) keysForDisplay() []state.Key {
	if len(f.sess.Keys) > 0 {
		return f.sess.Keys
	}
	var out []state.Key
	if f.res != nil {
		for _, k := range f.res.Keys {
			out = append(out, state.Key{Region: k.Region, Role: k.Role, KeyID: k.KeyID, ARN: k.ARN})
		}
	}
	return out
}

func (f *flow) arnList() []string {
	var out []string
	for _, k := range f.keysForDisplay() {
		if k.ARN != "" {
			out = append(out, k.ARN)
		}
	}
	return out
}

// Step 6.

// startChecklist makes sure the session can hold ticks.
func (f *flow) startChecklist() {
	if f.sess.Ticks == nil {
		f.sess.Ticks = map[string]bool{}
	}
	if f.sess.TickedAt == nil {
		f.sess.TickedAt = map[string]time.Time{}
	}
}

// setTick ticks (or unticks) checklist item id, with the time.
func (f *flow) setTick(id string, on bool) {
	f.startChecklist()
	if !on {
		delete(f.sess.Ticks, id)
		delete(f.sess.TickedAt, id)
		return
	}
	f.sess.Ticks[id] = true
	f.sess.TickedAt[id] = f.cfg.Now().UTC().Truncate(time.Second)
}

func (f *flow) setEmails(list string) { f.sess.AlertEmails = splitList(list) }

func (f *flow) setDataTypes(ids []string) { f.sess.DataTypes = slices.Clone(ids) }

// validateEmails checks a comma-separated list of addresses.
func validateEmails(s string) error {
	for _, a := range splitList(s) {
		if err := zoom.ValidateEmail(a); err != nil {
			return err
		}
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// runbookPath is where the Markdown runbook goes: next to the session file,
// or in the working directory when there is none.
func (f *flow) runbookPath() string {
	dir := "."
	if f.cfg.StatePath != "" {
		dir = filepath.Dir(f.cfg.StatePath)
	}
	name := "zoom-cmk-runbook-" + f.cfg.Now().UTC().Format("20060102-150405") + ".md"
	return filepath.Join(dir, name)
}

// writeRunbook writes the runbook to path and returns where it went.
func writeRunbook(path, content string) (string, error) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs // say exactly where it went
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		return path, fmt.Errorf("write %s: %w", path, err)
	}
	return path, nil
}

// recordRunbook notes where the runbook was written.
func (f *flow) recordRunbook(path string) { f.sess.RunbookPath = path }

// canVerify reports whether "verify now" has a key set to check: a dry run
// created none.
func (f *flow) canVerify() bool { return !f.dry }

func (f *flow) verifyOptions() setup.VerifyOptions { return setup.VerifyOptionsFor(f.sess) }
