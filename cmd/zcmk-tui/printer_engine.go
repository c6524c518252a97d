package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// say prints message id with args to the human output, in the chosen language.
func (g *globalOpts) say(id string, args ...any) {
	p := g.p()
	printBlock(g.humanOut(), p, p.T(id, args...))
}

// fixText is an exit error's fix in p's language.
func fixText(p *i18n.Printer, ee *exitError) string { return p.M(ee.fix) }

// printFailure says a failed command's error on stderr, in the chosen
// language (the JSON error object stays English).
func printFailure(w io.Writer, p *i18n.Printer, code int, err error, ee *exitError) {
	switch {
	case errors.Is(err, errSilent):
	case code == exitInterrupted && (ee == nil || ee.kind == ""):
		fmt.Fprintln(w, "zcmk-tui: "+p.T("cli.interrupted"))
	default:
		msg := errorText(p, err)
		if ee != nil && ee.fix.ID != "" {
			msg += "\n" + p.T("cli.fix", fixText(p, ee))
		}
		printWrapped(w, p, "zcmk-tui: ", msg)
		if code == exitUsage && (ee == nil || (ee.kind != "session_file" && !ee.noHelp)) {
			// The pointer at --help only where the usage is the problem.
			printWrapped(w, p, "", p.T("cli.usage.help"))
		}
	}
}

// errorText is err as a person reads it, in p's language: the message of
// the outermost error that says itself, else its English text.
func errorText(p *i18n.Printer, err error) string {
	var l i18n.Localized
	if errors.As(err, &l) {
		if m := l.Localized(); m.ID != "" {
			return p.M(m)
		}
	}
	return err.Error()
}

// regionNameIn is a Region's code with its name in p's language (English:
// as regionName always said it).
func regionNameIn(p *i18n.Printer, code string) string {
	if p.Lang() == i18n.English {
		return regionName(code)
	}
	return zoom.RegionLabelIn(p, code)
}

// regionWidth is the column width of the Regions' labels in p's language:
// 28 in English, more where a label is longer.
func regionWidth(p *i18n.Printer, codes ...string) int {
	w := 28
	for _, c := range codes {
		w = max(w, i18n.Width(regionNameIn(p, c)))
	}
	return w
}

// roleName is a key's role in p's language.
func roleName(p *i18n.Printer, role string) string { return setup.RoleLabel(p, role) }

// roleWidth is the column width of roles in p's language (8 in English).
func roleWidth(p *i18n.Printer) int {
	return max(8, i18n.Width(roleName(p, setup.RolePrimary)), i18n.Width(roleName(p, setup.RoleReplica)))
}

// halfWidth turns full-width ASCII (what a Japanese input method types:
// "ｙｅｓ") into plain ASCII, so that answers read the same in any language.
func halfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		return r
	}, s)
}

// isYes reports whether an answer to a [y/N] prompt is a yes: y or yes, in
// any case, typed in half or full width. Anything else (and no answer) is no.
func isYes(line string) bool {
	switch strings.ToLower(halfWidth(strings.TrimSpace(line))) {
	case "y", "yes":
		return true
	}
	return false
}

// codeText is a state code (a drill's outcome, why it ended) in p's
// language: the message prefix+code when the catalogue has one, else the
// code as it is (English shows the codes).
func codeText(p *i18n.Printer, prefix, code string) string {
	if p.Lang() == i18n.English {
		return code
	}
	if s := p.T(prefix + code); !strings.HasPrefix(s, "!") {
		return s
	}
	return code
}
