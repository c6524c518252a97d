package flow

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

// PolicySection is one Region's key policy on the policy step: the
// document it has (as read back, applied or planned), and the one it had.
type PolicySection struct {
	Region, Role string
	Doc, Current string
	Source       string // message id: how doc is known
}

// PolicySections are the Regions' policies, primary first: from the last
// apply (its read-back), else the plan, else the session file (the
// primary's, as saved). KMS keeps one policy per Region, and they can
// differ.
func (f *Flow) PolicySections() []PolicySection {
	var out []PolicySection
	p := f.Plan
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
	if res := f.Res; res != nil {
		for i, k := range res.Keys {
			sec := PolicySection{Region: k.Region, Role: k.Role}
			rp := planned(k.Region)
			if rp != nil {
				sec.Doc, sec.Current = rp.Policy, rp.CurrentPolicy
			}
			switch {
			case k.ReadPolicy != "":
				sec.Doc, sec.Source = k.ReadPolicy, "policy.source.readback"
			case f.Dry || k.Policy == "planned":
				sec.Source = "policy.source.planned"
			case rp != nil && rp.PolicyOK:
				sec.Source = "policy.source.unchanged"
			default:
				sec.Source = "policy.source.applied"
			}
			if sec.Doc == "" && i == 0 {
				sec.Doc = res.PolicyDoc
			}
			out = append(out, sec)
		}
		return out
	}
	if p != nil {
		for _, rp := range p.Regions {
			out = append(out, PolicySection{Region: rp.Region, Role: rp.Role, Doc: rp.Policy, Current: rp.CurrentPolicy, Source: "policy.source.planned"})
		}
		return out
	}
	if f.Sess.Policy != "" {
		// Resumed: the saved policy, which setup put on every key of the
		// set, under each of the session's Regions (not the primary alone).
		for _, k := range f.Sess.Keys {
			role := k.Role
			if role == "" {
				role = setup.RoleReplica
				if k.Region == f.Sess.PrimaryRegion {
					role = setup.RolePrimary
				}
			}
			out = append(out, PolicySection{Region: k.Region, Role: role, Doc: f.Sess.Policy, Source: "policy.source.saved"})
		}
		if len(out) == 0 {
			out = append(out, PolicySection{Region: f.Sess.PrimaryRegion, Role: setup.RolePrimary, Doc: f.Sess.Policy, Source: "policy.source.saved"})
		}
	}
	return out
}

// ZoomAccount is the Zoom account the key policy names.
func (f *Flow) ZoomAccount() string {
	if f.Plan != nil && f.Plan.ZoomAccountID != "" {
		return f.Plan.ZoomAccountID
	}
	if f.Sess.ZoomAccountID != "" {
		return f.Sess.ZoomAccountID
	}
	return zoom.ZoomAccountID
}

// Step 5.

// KeysForDisplay are the keys to show: the session's, or in a dry run the
// planned Regions with a placeholder.
func (f *Flow) KeysForDisplay() []state.Key {
	if len(f.Sess.Keys) > 0 {
		return f.Sess.Keys
	}
	var out []state.Key
	if f.Res != nil {
		for _, k := range f.Res.Keys {
			out = append(out, state.Key{Region: k.Region, Role: k.Role, KeyID: k.KeyID, ARN: k.ARN})
		}
	}
	return out
}

// ARNList is the ARNs of the key set, as they go into the Zoom portal.
func (f *Flow) ARNList() []string { return state.ARNs(f.KeysForDisplay()) }

// Step 6.

// StartChecklist makes sure the session can hold ticks.
func (f *Flow) StartChecklist() {
	if f.Sess.Ticks == nil {
		f.Sess.Ticks = map[string]bool{}
	}
	if f.Sess.TickedAt == nil {
		f.Sess.TickedAt = map[string]time.Time{}
	}
}

// SetTick ticks (or unticks) checklist item id, with the time.
func (f *Flow) SetTick(id string, on bool) {
	f.StartChecklist()
	if !on {
		delete(f.Sess.Ticks, id)
		delete(f.Sess.TickedAt, id)
		return
	}
	f.Sess.Ticks[id] = true
	f.Sess.TickedAt[id] = f.Cfg.Now().UTC().Truncate(time.Second)
}

// SetEmails records the alert e-mail recipients typed as a list.
func (f *Flow) SetEmails(list string) { f.Sess.AlertEmails = splitList(list) }

// SetTicketInfo records the Zoom account number and the user groups the
// support ticket names. Groups are separated by commas (a Japanese 、 too);
// a group's name may hold spaces ("Sales Japan").
func (f *Flow) SetTicketInfo(account, groups string) {
	f.Sess.ZoomAccountNumber = strings.TrimSpace(account)
	var gs []string
	for _, g := range strings.FieldsFunc(groups, func(r rune) bool { return r == ',' || r == '、' || r == '，' }) {
		if g = strings.Join(strings.Fields(g), " "); g != "" {
			gs = append(gs, g)
		}
	}
	f.Sess.TicketGroups = strings.Join(gs, ", ")
}

// TicketIn is the support ticket in p's language, with the Zoom account
// number and groups the admin gave (placeholders where not).
func (f *Flow) TicketIn(p *i18n.Printer) string { return docs.Ticket(p, f.Cat, f.Record()) }

// Record is what the documents are made from: the session and what the
// wizard knows beyond it (a dry run's planned keys, the policy applied).
func (f *Flow) Record() docs.Record {
	r := docs.Record{Session: f.Sess, Now: f.Cfg.Now(), DryRun: f.Dry, ZoomAccount: f.ZoomAccount(), Keys: f.KeysForDisplay()}
	if f.Res != nil {
		r.Policy = f.Res.PolicyDoc
	}
	return r
}

// Runbook is the session's runbook in the wizard's language.
func (f *Flow) Runbook() string { return docs.Runbook(f.Cat, f.Record()) }

// RunbookIn is the runbook in the language of c.
func (f *Flow) RunbookIn(c Catalogue) string { return docs.Runbook(c, f.Record()) }

// Incomplete reports whether the wizard's key set is incomplete (never in
// a dry run: it has no key).
func (f *Flow) Incomplete() bool { return !f.Dry && docs.IncompleteSet(f.Sess) }

// SetDataTypes records the data types chosen at the Zoom-portal step.
func (f *Flow) SetDataTypes(ids []string) { f.Sess.DataTypes = slices.Clone(ids) }

// ValidateEmails checks a comma-separated list of addresses.
func ValidateEmails(s string) error {
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

// RunbookPath is where the Markdown runbook goes: next to the session file,
// or in the working directory when there is none.
func (f *Flow) RunbookPath() string {
	dir := "."
	switch {
	case f.Cfg.RunbookDir != "":
		dir = f.Cfg.RunbookDir
	case f.Cfg.StatePath != "":
		dir = filepath.Dir(f.Cfg.StatePath)
	}
	name := "zoom-cmk-runbook-" + f.Cfg.Now().UTC().Format("20060102-150405") + ".md"
	p := filepath.Join(dir, name)
	if abs, err := filepath.Abs(p); err == nil {
		return abs // shown in full before it is written
	}
	return p
}

// RunbookPathIn is where the runbook in lang goes by default: RunbookPath,
// or beside it with the language before ".md" for the other language
// (zoom-cmk-runbook-<time>.<lang>.md).
func (f *Flow) RunbookPathIn(lang i18n.Lang) string {
	p := f.RunbookPath()
	if lang == f.Cat.Lang() {
		return p
	}
	return strings.TrimSuffix(p, ".md") + "." + string(lang) + ".md"
}

// RecordRunbook notes where the runbook was written.
func (f *Flow) RecordRunbook(path string) {
	f.Sess.RunbookPath = path
	if !slices.Contains(f.Sess.RunbookPaths, path) {
		f.Sess.RunbookPaths = append(f.Sess.RunbookPaths, path)
	}
}

// CanVerify reports whether "verify now" has a key set to check: a dry run
// created none.
func (f *Flow) CanVerify() bool { return !f.Dry }

// VerifyOptions are the options of a verify of the session's key set.
func (f *Flow) VerifyOptions() setup.VerifyOptions { return setup.VerifyOptionsFor(f.Sess) }
