// Command zcmk-tui sets up a Zoom Customer Managed Key (Zoom CMK) in AWS KMS:
// a multi-Region key with Zoom's grant in every Region, its ARNs, and the
// remaining Zoom web-portal steps as a checklist.
package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/safe"
)

// Exit codes (documented in README.md and in --help).
const (
	exitOK          = 0
	exitFailure     = 1   // AWS or runtime failure
	exitUsage       = 2   // bad usage or invalid input; nothing was called
	exitCheckFailed = 3   // verify: a check failed
	exitInterrupted = 130 // ctrl-c, SIGTERM, SIGHUP
)

// exitError carries an exit code with the message shown to the user.
type exitError struct {
	code int
	err  error
	// kind is the stable error code of --output json ("" = derived from the
	// exit code and the AWS error kind); fix says what to do about it (""
	// ID: nothing; in English in the JSON error object).
	kind string
	fix  i18n.Msg
	// result is what was done before the failure, for --output json.
	result any
	// noHelp: exit 2 for a reason --help does not explain (no pointer at it).
	noHelp bool
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func main() {
	// SIGHUP too: a closed terminal or a dropped SSH session must end a
	// drill through its restore, not kill the process with keys disabled.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// interruptedMsg is said when ctrl-c stopped a command between calls (in
// English, for --output json; the chosen language on stderr).
var interruptedMsg = english.T("cli.interrupted")

// run executes the command line and returns the process exit code. With
// --output json, stdout always carries exactly one JSON object: the
// command's result, or an error object when the command failed before it
// wrote one (see jsonError).
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// The net under all the command line's text: whatever slipped past the
	// Printer, no control character or bidirectional control from outside
	// reaches the terminal (JSON stays valid and exact, see safe.Writer).
	// The full-screen wizard draws on the writers under it (rawWriter).
	// Shell completion is the exception: its protocol is the tool's own
	// text (command names and help, separated by tabs), never outside text.
	if !completing(args) {
		sout, serr := safe.NewWriter(stdout), safe.NewWriter(stderr)
		defer func() { _ = sout.Flush(); _ = serr.Flush() }()
		stdout, stderr = sout, serr
	}
	out := &countingWriter{w: stdout}
	root, g := newRoot(stdin, out, stderr)
	defer g.stopPractice()
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	code := exitFailure
	switch {
	case errors.As(err, &ee):
		code = ee.code
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		code = exitInterrupted
	case isCobraUsageError(err):
		code = exitUsage
	}
	printFailure(stderr, g.p(), code, err, ee)
	if out.n == 0 && (g.output == "json" || jsonRequested(args)) {
		name := ""
		if cmd != nil && cmd != root {
			name = cmd.Name()
		}
		var w io.Writer = stdout
		if g.practice.on {
			w = practiceJSON{w}
		}
		writeJSONError(w, name, code, err)
	}
	return code
}

// completing reports whether args run cobra's shell completion: the
// completion scripts or the hidden __complete commands they call.
func completing(args []string) bool {
	return len(args) > 0 && (args[0] == "completion" || args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
}

// errSilent marks an error whose message was already printed.
var errSilent = errors.New("")

// countingWriter counts what was written, so that run knows whether the
// command already wrote its JSON object.
type countingWriter struct {
	w io.Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}

// rawWriter is the writer under a countingWriter and the safe.Writer net (a
// terminal needs the file; the full-screen wizard draws its own sequences).
func rawWriter(w io.Writer) io.Writer {
	for {
		switch c := w.(type) {
		case *countingWriter:
			w = c.w
		case *safe.Writer:
			w = c.Unwrap()
		default:
			return w
		}
	}
}
