package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
)

// printer is the language of the human output of setup, plan, verify and
// drill. (Until --lang lands it comes from LC_ALL, LC_MESSAGES and LANG.)
func (g *globalOpts) printer() *i18n.Printer {
	return i18n.NewPrinter(i18n.FromEnv(os.Getenv))
}

// say prints message id with args to the human output, in the chosen language.
func (g *globalOpts) say(id string, args ...any) {
	p := g.printer()
	printBlock(g.humanOut(), p, p.T(id, args...))
}

// locError is an error of the command line that says itself in any
// language; Error() is its English text (JSON, logs). It wraps the first
// error among its arguments.
type locError struct {
	msg i18n.Msg
	err error
}

var english = i18n.NewPrinter(i18n.English)

func (e *locError) Error() string       { return english.M(e.msg) }
func (e *locError) Unwrap() error       { return e.err }
func (e *locError) Localized() i18n.Msg { return e.msg }

// cliErr is a locError: message id and arguments.
func cliErr(id string, args ...any) error {
	e := &locError{msg: i18n.Msg{ID: id, Args: args}}
	for _, a := range args {
		if err, ok := a.(error); ok {
			e.err = err
			break
		}
	}
	return e
}

// usageMsg is bad input (exit 2) said by message id.
func usageMsg(id string, args ...any) error {
	return &exitError{code: exitUsage, err: cliErr(id, args...)}
}

// fixText is an exit error's fix in p's language.
func fixText(p *i18n.Printer, ee *exitError) string {
	if ee.fixMsg.ID != "" {
		return p.M(ee.fixMsg)
	}
	return ee.fix
}

// printFailure says a failed command's error on stderr, in the chosen
// language (the JSON error object stays English).
func printFailure(w io.Writer, code int, err error, ee *exitError) {
	p := i18n.NewPrinter(i18n.FromEnv(os.Getenv))
	switch {
	case errors.Is(err, errSilent):
	case code == exitInterrupted && (ee == nil || ee.kind == ""):
		fmt.Fprintln(w, "zcmk-tui: "+p.T("cli.interrupted"))
	default:
		msg := errorText(p, err)
		if ee != nil && ee.fix != "" {
			msg += "\n" + p.T("cli.fix-line", fixText(p, ee))
		}
		printWrapped(w, p, "zcmk-tui: ", msg)
		if code == exitUsage {
			fmt.Fprintln(w, p.T("cli.usage-hint"))
		}
	}
}

// errorText is err as a person reads it, in p's language: the message of
// the outermost error that says itself, else its English text.
func errorText(p *i18n.Printer, err error) string {
	var l i18n.Localizer
	if errors.As(err, &l) {
		return p.M(l.Localized())
	}
	return err.Error()
}

// regionName is a Region's code with its name in p's language.
func regionNameIn(p *i18n.Printer, code string) string {
	if p.Lang() == i18n.English {
		return regionName(code)
	}
	if name := p.T("region." + code); !strings.HasPrefix(name, "!") {
		return code + " (" + name + ")"
	}
	return regionName(code)
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
