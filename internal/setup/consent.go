package setup

import (
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// Answer is what the admin said to "apply these changes?".
type Answer int

const (
	AnswerNone Answer = iota // no answer: the input ended, or nobody was asked
	AnswerYes                // a typed yes
	AnswerNo                 // anything else typed
)

// ParseAnswer is a line typed at a [y/N] question: y or yes, in any case,
// in half or full width, is a yes; anything else is a no. eof is the input
// ending before a line: no answer at all (never a yes).
func ParseAnswer(line string, eof bool) Answer {
	if eof && strings.TrimSpace(line) == "" {
		return AnswerNone
	}
	half := strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		return r
	}, strings.TrimSpace(line))
	switch strings.ToLower(half) {
	case "y", "yes":
		return AnswerYes
	}
	return AnswerNo
}

// ConsentOutcome is whether a write to AWS may go ahead, and if not, why.
type ConsentOutcome int

const (
	ConsentGiven      ConsentOutcome = iota // a typed yes, or --yes
	ConsentDeclined                         // anything but yes was typed
	ConsentEndOfInput                       // the input ended before an answer
	ConsentNeedsYes                         // no terminal to ask in, and no --yes
	ConsentDryRun                           // a dry run never writes
)

// Consent is the decision on one write, and what either face says about it
// (no ID: nothing to say).
type Consent struct {
	Outcome ConsentOutcome
	Say     i18n.Msg
}

// Given reports whether the write may go ahead.
func (c Consent) Given() bool { return c.Outcome == ConsentGiven }

// MayWrite is the one rule for every write to AWS (a first apply or a
// retry), in both faces: a typed yes in a terminal, or --yes elsewhere.
// End of input is never a yes; without a terminal a write needs --yes; a
// dry run never writes.
func MayWrite(a Answer, yes, interactive, dryRun bool) Consent {
	switch {
	case dryRun:
		return Consent{ConsentDryRun, msg("setup.consent.dry-run")}
	case yes:
		return Consent{ConsentGiven, msg("setup.consent.yes-flag")}
	case a == AnswerYes:
		return Consent{Outcome: ConsentGiven}
	case a == AnswerNo:
		return Consent{ConsentDeclined, msg("setup.consent.declined")}
	case !interactive:
		return Consent{ConsentNeedsYes, msg("setup.consent.needs-yes")}
	}
	return Consent{ConsentEndOfInput, msg("setup.consent.end-of-input")}
}
