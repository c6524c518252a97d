// Command zcmk-tui sets up a Zoom Customer Managed Key (Zoom CMK) in AWS KMS:
// a multi-Region key with Zoom's grant in every Region, its ARNs, and the
// remaining Zoom web-portal steps as a checklist.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
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
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, a ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, a...)}
}

func main() {
	// SIGHUP too: a closed terminal or a dropped SSH session must end a
	// drill through its restore, not kill the process with keys disabled.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line and returns the process exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
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
	if code == exitInterrupted && !errors.Is(err, errSilent) {
		fmt.Fprintln(stderr, "zcmk-tui: interrupted; nothing more was changed. Run the same command again to continue where it stopped.")
	} else if !errors.Is(err, errSilent) {
		fmt.Fprintf(stderr, "zcmk-tui: %v\n", err)
		if code == exitUsage {
			fmt.Fprintln(stderr, "Run 'zcmk-tui --help' (or 'zcmk-tui <command> --help') for usage.")
		}
	}
	return code
}

// errSilent marks an error whose message was already printed.
var errSilent = errors.New("")
