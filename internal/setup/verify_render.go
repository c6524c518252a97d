package setup

import (
	"fmt"
	"io"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// DefaultWidth is the width RenderVerify fits when given 0.
const DefaultWidth = 80

// StatusLabel is how a check's status is shown in a table: "ok", "warn",
// "FAIL", "unknown" (the endpoint cannot answer) or "ERROR" (could not check).
func StatusLabel(c Check) string {
	switch {
	case c.Error != "":
		return "ERROR"
	case c.Unknown || c.Status == CheckUnknown:
		return "unknown"
	case c.Status == CheckFail:
		return "FAIL"
	}
	return c.Status
}

// RenderVerifyIn writes the report in p's language as one table per Region,
// fitted to width display columns (0 = DefaultWidth, at least 60): check
// id, status and detail, with the fix under every row that is not ok. The
// wizard's "verify now" action shows the same text.
func RenderVerifyIn(w io.Writer, p *i18n.Printer, r *VerifyReport, width int) {
	if width <= 0 {
		width = DefaultWidth
	}
	width = max(width, 60)
	const idW, stW = 10, 7
	indent := strings.Repeat(" ", 2+idW+2+stW+2)
	textW := width - len(indent)
	fixLead := p.T("verify.render.fix") + " "
	fixW := i18n.Width(fixLead)
	for i, k := range r.Keys {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s, %s\n", regionLabel(p, k.Region), roleLabel(p, k.Role))
		if k.ARN != "" {
			fmt.Fprintln(w, k.ARN)
		}
		for _, c := range k.Checks {
			lines := i18n.Wrap(checkText(p, c.Text), textW)
			fmt.Fprintf(w, "  %s  %s  %s\n", i18n.Pad(c.ID, idW), i18n.Pad(statusText(p, c), stW), lines[0])
			for _, l := range lines[1:] {
				fmt.Fprintf(w, "%s%s\n", indent, l)
			}
			if c.Fix() != "" && c.Status != CheckOK && StatusLabel(c) != "unknown" {
				for j, l := range i18n.Wrap(checkText(p, c.FixText), textW-fixW) {
					lead := fixLead
					if j > 0 {
						lead = strings.Repeat(" ", fixW)
					}
					fmt.Fprintf(w, "%s%s%s\n", indent, lead, l)
				}
			}
		}
	}
	fmt.Fprintln(w)
	for _, l := range i18n.Wrap(p.M(r.SummaryText()), width) {
		fmt.Fprintln(w, l)
	}
}

// checkText is a check's message in p's language ("" for none).
func checkText(p *i18n.Printer, m i18n.Msg) string {
	if m.ID == "" {
		return ""
	}
	return p.M(m)
}

// statusText is StatusLabel in p's language.
func statusText(p *i18n.Printer, c Check) string {
	return p.T("verify.status." + StatusLabel(c))
}

// roleLabel is "primary" or "replica" in p's language.
func roleLabel(p *i18n.Printer, role string) string {
	if role == RolePrimary || role == RoleReplica {
		return p.T("setup.role." + role)
	}
	return role
}

// regionLabel is a Region's code with its name, in p's language.
func regionLabel(p *i18n.Printer, code string) string {
	return zoom.RegionLabelIn(p, code)
}

// RegionLabel is a Region's code with its name in p's language.
func RegionLabel(p *i18n.Printer, code string) string { return regionLabel(p, code) }

// RoleLabel is a key's role ("primary", "replica") in p's language.
func RoleLabel(p *i18n.Printer, role string) string { return roleLabel(p, role) }

// Summary is one line in English: the verdict and the counts.
func (r *VerifyReport) Summary() string { return text(r.SummaryText()) }

// SummaryText is one line: the verdict and the counts.
func (r *VerifyReport) SummaryText() i18n.Msg {
	failed, notChecked := 0, 0
	for _, k := range r.Keys {
		for _, c := range k.Checks {
			switch {
			case c.Error != "":
				notChecked++
			case c.Status == CheckFail:
				failed++
			}
		}
	}
	form := "verify.summary.counts.other" // plural by the warnings, the only noun counted
	if r.Count(CheckWarn) == 1 {
		form = "verify.summary.counts.one"
	}
	counts := msg(form, failed, r.Count(CheckWarn), r.Count(CheckOK))
	if n := r.Count(CheckUnknown); n > 0 {
		counts = msg("verify.summary.unknown", counts, n)
	}
	if notChecked > 0 {
		counts = msg("verify.summary.not-checked", counts, notChecked)
	}
	if len(r.Keys) == 1 {
		counts = msg("verify.summary.in-region", counts, len(r.Keys))
	} else {
		counts = msg("verify.summary.in-regions", counts, len(r.Keys))
	}
	switch {
	case r.Failed():
		return msg("verify.summary.failed", counts)
	case r.Incomplete():
		return msg("verify.summary.incomplete", counts)
	case r.Warnings() > 0:
		return msg("verify.summary.warnings", counts)
	}
	return msg("verify.summary.ok", counts)
}
