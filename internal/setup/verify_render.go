package setup

import (
	"fmt"
	"io"
	"strings"

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

// RenderVerify writes the report as one table per Region, fitted to width
// columns (0 = DefaultWidth, at least 60): check id, status and detail, with
// the fix under every row that is not ok. The wizard's "verify now" action
// shows the same text.
func RenderVerify(w io.Writer, r *VerifyReport, width int) {
	if width <= 0 {
		width = DefaultWidth
	}
	width = max(width, 60)
	const idW, stW = 10, 7
	indent := strings.Repeat(" ", 2+idW+2+stW+2)
	textW := width - len(indent)
	for i, k := range r.Keys {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s, %s\n", zoom.RegionLabel(k.Region), k.Role)
		if k.ARN != "" {
			fmt.Fprintln(w, k.ARN)
		}
		for _, c := range k.Checks {
			lines := wrapText(c.Detail, textW)
			fmt.Fprintf(w, "  %-*s  %-*s  %s\n", idW, c.ID, stW, StatusLabel(c), lines[0])
			for _, l := range lines[1:] {
				fmt.Fprintf(w, "%s%s\n", indent, l)
			}
			if c.Fix != "" && c.Status != CheckOK && StatusLabel(c) != "unknown" {
				for j, l := range wrapText(c.Fix, textW-5) {
					lead := "fix: "
					if j > 0 {
						lead = "     "
					}
					fmt.Fprintf(w, "%s%s%s\n", indent, lead, l)
				}
			}
		}
	}
	fmt.Fprintln(w)
	for _, l := range wrapText(r.Summary(), width) {
		fmt.Fprintln(w, l)
	}
}

// Summary is one line: the verdict and the counts.
func (r *VerifyReport) Summary() string {
	plural := "s"
	if len(r.Keys) == 1 {
		plural = ""
	}
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
	counts := fmt.Sprintf("%d failed, %d warning(s), %d ok", failed, r.Count(CheckWarn), r.Count(CheckOK))
	if n := r.Count(CheckUnknown); n > 0 {
		counts += fmt.Sprintf(", %d unknown", n)
	}
	if notChecked > 0 {
		counts += fmt.Sprintf(", %d not checked", notChecked)
	}
	counts += fmt.Sprintf(" in %d Region%s", len(r.Keys), plural)
	switch {
	case r.Failed():
		return "FAILED: " + counts + ". Zoom may not be able to use the key everywhere."
	case r.Incomplete():
		return "INCOMPLETE: " + counts + "; some checks could not be made."
	case r.Warnings() > 0:
		return "OK with warnings: " + counts + "."
	}
	return "OK: " + counts + ". Zoom can use the key in every Region."
}

// wrapText breaks s into lines of at most width runes at spaces (a longer
// word, such as an ARN, gets a line of its own).
func wrapText(s string, width int) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{""}
	}
	var lines []string
	cur := ""
	for _, wd := range words {
		switch {
		case cur == "":
			cur = wd
		case len([]rune(cur))+1+len([]rune(wd)) <= width:
			cur += " " + wd
		default:
			lines = append(lines, cur)
			cur = wd
		}
	}
	return append(lines, cur)
}
