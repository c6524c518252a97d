package main

import (
	"os"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// english renders messages in English: the texts of --output json, which
// stay language-independent, and error values' Error().
var english = i18n.NewPrinter(i18n.English)

// langNames lists the languages --lang accepts: "en or ja".
func langNames() string {
	var names []string
	for _, l := range i18n.Langs() {
		names = append(names, string(l))
	}
	return strings.Join(names, " or ")
}

// chooseLang is the language of the human output: --lang when given (and
// valid), else LC_ALL, LC_MESSAGES, LANG in POSIX order.
func (g *globalOpts) chooseLang() i18n.Lang {
	if g.lang != "" {
		if l, err := i18n.Parse(g.lang); err == nil {
			return l
		}
	}
	return i18n.FromEnv(os.Getenv)
}

// p is the printer every command's human output uses, in the chosen language.
func (g *globalOpts) p() *i18n.Printer {
	if g.printer == nil {
		g.printer = i18n.NewPrinter(g.chooseLang())
	}
	return g.printer
}

// validateLang checks --lang before anything else runs.
func (g *globalOpts) validateLang() error {
	if g.lang == "" {
		return nil
	}
	if _, err := i18n.Parse(g.lang); err != nil {
		return usageMsg("cli.err.lang", shortened(g.lang), langNames())
	}
	return nil
}

// msgError is an error made of a catalogue message: English in Error() (for
// logs and JSON), the chosen language where a person reads it.
type msgError struct{ m i18n.Msg }

func (e msgError) Error() string             { return english.M(e.m) }
func (e msgError) Localized() i18n.Msg       { return e.m }
func (e msgError) Unwrap() error             { return firstErr(e.m.Args) }
func newMsgErr(id string, args ...any) error { return msgError{i18n.Msg{ID: id, Args: args}} }

// shortened is a user's value as messages quote it.
func shortened(s string) string { return zoom.Shorten(s, zoom.MaxShown) }

// firstErr is the first error among a message's arguments, so that
// errors.Is and errors.As see through a message that quotes an error.
func firstErr(args []any) error {
	for _, a := range args {
		if err, ok := a.(error); ok {
			return err
		}
	}
	return nil
}

// usageMsg is a usage error (exit 2) from the catalogue.
func usageMsg(id string, args ...any) error {
	return &exitError{code: exitUsage, err: newMsgErr(id, args...)}
}

// Localized is the message of the error, when it has one, for the chosen
// language: its own, or the one of the error it carries.
func (e *exitError) Localized() i18n.Msg {
	if l, ok := e.err.(i18n.Localized); ok {
		return l.Localized()
	}
	return i18n.Msg{}
}
