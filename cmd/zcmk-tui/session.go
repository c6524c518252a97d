package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// lockWait bounds how long setup waits for another setup that holds the
// session file. A wizard holds it for as long as it is open: setup refuses
// at once then.
var lockWait = 2 * time.Minute

// openSession takes the session file for a run that may write to AWS
// (setup, the wizard) before its first AWS call: it proves the file can be
// kept, takes its lock and reads it. Release the lock when the run ends.
func openSession(g *globalOpts, path, what string, wait time.Duration) (*state.Session, *state.Lock, error) {
	s, l, err := state.Open(path, state.Holder(what), wait, func(holder string) {
		if holder == "" {
			holder = g.p().T("cli.session.another")
		}
		fmt.Fprintln(g.stderr, g.p().T("cli.session.waiting", wait.String(), holder, path))
	})
	if s != nil && what != "wizard" {
		// A run that writes the session saves the language with it. The
		// wizard starts in the saved language unless --lang says otherwise
		// (ui.ChosenLang), and saves the one it ends in.
		s.Lang = string(g.p().Lang())
	}
	markPractice(s, path)
	return s, l, sessionErr(err)
}

// readSession reads the session file of this run (--state-file or the
// default path) for a command that only reads it: nil when there is none.
func (g *globalOpts) readSession() (*state.Session, error) {
	path, err := g.statePath()
	if err != nil {
		return nil, err
	}
	return loadSession(path)
}

// loadSession reads the session file for a run that only reads it.
func loadSession(path string) (*state.Session, error) {
	s, err := state.Load(path)
	markPractice(s, path)
	return s, sessionErr(err)
}

// markPractice marks the session of the practice file as practice, so that
// every document made from it says so. Only practice mode uses that file
// (it refuses --state-file).
func markPractice(s *state.Session, path string) {
	if s != nil && filepath.Base(path) == practiceSessionFile {
		s.Practice = true
	}
}

// sessionErr gives a session file that cannot be used the exit code of bad
// input (2) in every command, and the JSON code session_file: nothing was
// called. A session file another run holds is exit 1, code locked.
func sessionErr(err error) error {
	var (
		se *state.Error
		le *state.LockedError
	)
	switch {
	case errors.As(err, &se):
		return &exitError{code: exitUsage, kind: "session_file", fix: se.Fix, err: summaryErr{se.Summary(), err}}
	case errors.As(err, &le):
		return &exitError{code: exitFailure, kind: "locked", fix: le.Fix(), err: summaryErr{le.Summary(), err}}
	}
	return err
}

// summaryErr shows an error without its fix (printed on a line of its own),
// in the chosen language; Error() is English (JSON).
type summaryErr struct {
	m   i18n.Msg
	err error
}

func (e summaryErr) Error() string       { return english.M(e.m) }
func (e summaryErr) Localized() i18n.Msg { return e.m }
func (e summaryErr) Unwrap() error       { return e.err }

// engineConfig is how the engine reaches AWS, from the global flags.
func (g *globalOpts) engineConfig() setup.Config {
	return setup.Config{Profile: g.profile, Region: g.region, EndpointURL: g.endpointURL, CallTimeout: g.callTimeout,
		AllowInsecureEndpoint: g.allowInsecure, Isolated: g.practice.srv != nil}
}
