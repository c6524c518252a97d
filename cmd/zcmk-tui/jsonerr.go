package main

import (
	"encoding/json"
	"errors"
	"io"
	"strings"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
)

// jsonError is the object --output json prints when a command fails before
// it wrote its result (documented in README.md):
//
//	{"error": {"code": "unreachable", "message": "...", "fix": "...", "exit_code": 1, "command": "verify"}}
//
// code is stable (see errorCode); message and fix are for people. result,
// when present, is what setup did before it stopped.
type jsonError struct {
	Error struct {
		Code     string `json:"code"`
		Message  string `json:"message"`
		Fix      string `json:"fix"`
		ExitCode int    `json:"exit_code"`
		Command  string `json:"command"`
	} `json:"error"`
	Result any `json:"result,omitempty"`
}

// awsErrorCodes maps the AWS error kinds to the stable codes of jsonError.
var awsErrorCodes = map[awsx.Kind]string{
	awsx.KindNoCredentials:  "no_credentials",
	awsx.KindExpired:        "expired_credentials",
	awsx.KindBadCredentials: "invalid_credentials",
	awsx.KindProfile:        "profile",
	awsx.KindAccessDenied:   "access_denied",
	awsx.KindLockout:        "lockout",
	awsx.KindNotFound:       "not_found",
	awsx.KindAlreadyExists:  "conflict",
	awsx.KindInvalidState:   "invalid_state",
	awsx.KindThrottled:      "throttled",
	awsx.KindUnreachable:    "unreachable",
	awsx.KindRegionDisabled: "region_disabled",
	awsx.KindAmbiguous:      "ambiguous",
	awsx.KindCanceled:       "interrupted",
}

// errorCode is the stable code of a failure: the exit code's class first
// (usage, interrupted, check_failed), then the AWS error kind, else "failed".
func errorCode(exit int, err error) string {
	var ee *exitError
	if errors.As(err, &ee) && ee.kind != "" {
		return ee.kind
	}
	switch exit {
	case exitUsage:
		return "usage"
	case exitInterrupted:
		return "interrupted"
	case exitCheckFailed:
		return "check_failed"
	}
	if c, ok := awsErrorCodes[awsx.KindOf(err)]; ok {
		return c
	}
	return "failed"
}

// errorFix is what to do about a failure, when there is something to say.
func errorFix(exit int, err error) string {
	var ee *exitError
	if errors.As(err, &ee) && ee.fix.ID != "" {
		return english.M(ee.fix)
	}
	var ae *awsx.Error
	if errors.As(err, &ae) && ae.FixText.ID != "" {
		return english.M(ae.FixText)
	}
	switch exit {
	case exitUsage:
		return "run 'zcmk-tui --help' (or 'zcmk-tui <command> --help') for usage"
	case exitInterrupted:
		return "run the same command again to continue where it stopped"
	}
	return ""
}

// errorMessage is the failure in words, without the fix (it has its own field).
func errorMessage(exit int, err error, fix string) string {
	msg := err.Error()
	if errors.Is(err, errSilent) && strings.TrimSpace(msg) == "" || exit == exitInterrupted && msg == "context canceled" {
		switch exit {
		case exitInterrupted:
			return interruptedMsg
		case exitCheckFailed:
			return "a check failed"
		}
		return "the command failed"
	}
	if fix != "" {
		msg = strings.ReplaceAll(msg, "\n  fix: "+fix, "")
	}
	return strings.TrimSpace(msg)
}

func writeJSONError(w io.Writer, command string, exit int, err error) {
	var j jsonError
	j.Error.Code = errorCode(exit, err)
	j.Error.Fix = errorFix(exit, err)
	j.Error.Message = errorMessage(exit, err, j.Error.Fix)
	j.Error.ExitCode = exit
	j.Error.Command = command
	var ee *exitError
	if errors.As(err, &ee) {
		j.Result = ee.result
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(j)
}

// jsonRequested reports whether the command line asks for --output json,
// for errors met before the flags were parsed (an unknown flag, say).
func jsonRequested(args []string) bool {
	for i, a := range args {
		switch {
		case a == "--":
			return false
		case a == "--output=json" || a == "-o=json" || a == "-ojson":
			return true
		case (a == "--output" || a == "-o") && i+1 < len(args) && args[i+1] == "json":
			return true
		}
	}
	return false
}
