package ui

import (
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The flow's steps 4 to 6: what the key set looks like after the writes
// (each Region's policy, the ARNs) and the checklist kept in the session.

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
		// Resumed: the saved policy, which setup put on every key of the
		// set, under each of the session's Regions (not the primary alone).
		for _, k := range f.sess.Keys {
			role := k.Role
			if role == "" {
				role = setup.RoleReplica
				if k.Region == f.sess.PrimaryRegion {
					role = setup.RolePrimary
				}
			}
			out = append(out, policySection{region: k.Region, role: role, doc: f.sess.Policy, source: "policy.source.saved"})
		}
		if len(out) == 0 {
			out = append(out, policySection{region: f.sess.PrimaryRegion, role: setup.RolePrimary, doc: f.sess.Policy, source: "policy.source.saved"})
		}
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

// setTicketInfo records the Zoom account number and the user groups the
// support ticket names. Groups are separated by commas (a Japanese 、 too);
// a group's name may hold spaces ("Sales Japan").
func (f *flow) setTicketInfo(account, groups string) {
	f.sess.ZoomAccountNumber = strings.TrimSpace(account)
	var gs []string
	for _, g := range strings.FieldsFunc(groups, func(r rune) bool { return r == ',' || r == '、' || r == '，' }) {
		if g = strings.Join(strings.Fields(g), " "); g != "" {
			gs = append(gs, g)
		}
	}
	f.sess.TicketGroups = strings.Join(gs, ", ")
}

// ticketIn is the support ticket in p's language, with the Zoom account
// number and groups the admin gave (placeholders where not).
func (f *flow) ticketIn(p *i18n.Printer) string { return docs.Ticket(p, f.cat, f.record()) }

// record is what the documents are made from: the session and what the
// wizard knows beyond it (a dry run's planned keys, the policy applied).
func (f *flow) record() docs.Record {
	r := docs.Record{Session: f.sess, Now: f.cfg.Now(), DryRun: f.dry, ZoomAccount: f.zoomAccount(), Keys: f.keysForDisplay()}
	if f.res != nil {
		r.Policy = f.res.PolicyDoc
	}
	return r
}

// runbook is the session's runbook in the wizard's language.
func (f *flow) runbook() string { return docs.Runbook(f.cat, f.record()) }

// runbookIn is the runbook in the language of c.
func (f *flow) runbookIn(c Catalogue) string { return docs.Runbook(c, f.record()) }

// incomplete reports whether the wizard's key set is incomplete (never in
// a dry run: it has no key).
func (f *flow) incomplete() bool { return !f.dry && docs.IncompleteSet(f.sess) }

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
	switch {
	case f.cfg.RunbookDir != "":
		dir = f.cfg.RunbookDir
	case f.cfg.StatePath != "":
		dir = filepath.Dir(f.cfg.StatePath)
	}
	name := "zoom-cmk-runbook-" + f.cfg.Now().UTC().Format("20060102-150405") + ".md"
	p := filepath.Join(dir, name)
	if abs, err := filepath.Abs(p); err == nil {
		return abs // shown in full before it is written
	}
	return p
}

// runbookPathIn is where the runbook in lang goes by default: runbookPath,
// or beside it with the language before ".md" for the other language
// (zoom-cmk-runbook-<time>.<lang>.md).
func (f *flow) runbookPathIn(lang i18n.Lang) string {
	p := f.runbookPath()
	if lang == f.cat.Lang() {
		return p
	}
	return strings.TrimSuffix(p, ".md") + "." + string(lang) + ".md"
}

// recordRunbook notes where the runbook was written.
func (f *flow) recordRunbook(path string) {
	f.sess.RunbookPath = path
	if !slices.Contains(f.sess.RunbookPaths, path) {
		f.sess.RunbookPaths = append(f.sess.RunbookPaths, path)
	}
}

// canVerify reports whether "verify now" has a key set to check: a dry run
// created none.
func (f *flow) canVerify() bool { return !f.dry }

func (f *flow) verifyOptions() setup.VerifyOptions { return setup.VerifyOptionsFor(f.sess) }
