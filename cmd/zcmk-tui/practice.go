package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/practice"
)

// practiceOpts are the flags of practice mode: the whole tool against a
// practice AWS inside this process, with no AWS account.
type practiceOpts struct {
	on     bool
	reset  bool
	faults []string
	srv    *practice.Server
}

// Practice files live beside the real session, under names of their own: a
// practice run never reads or writes a real session, and a real run never a
// practice one.
const (
	practiceAWSFile     = "practice-aws.json"
	practiceSessionFile = "practice-session.json"
)

// startPractice starts the practice AWS when --practice is given, and points
// every call and the session at it. It checks its flags first: practice mode
// has its own endpoint, credentials and session, so the flags that choose
// those have no meaning with it.
func (g *globalOpts) startPractice() error {
	p := &g.practice
	if !p.on {
		if p.reset || len(p.faults) > 0 {
			return usageMsg("cli.err.practice.needs")
		}
		return nil
	}
	for flag, set := range map[string]bool{"--endpoint-url": g.endpointURL != "", "--profile": g.profile != "", "--state-file": g.stateFile != ""} {
		if set {
			return usageMsg("cli.err.practice.conflict", flag)
		}
	}
	var faults []practice.Fault
	for _, f := range p.faults {
		fl, err := practice.ParseFault(f)
		if err != nil {
			kind, _, _ := strings.Cut(f, ":")
			if _, known := practice.FaultKinds[kind]; known {
				return usageMsg("cli.err.practice.fault.arg", shortened(f), practice.FaultKinds[kind])
			}
			return usageMsg("cli.err.practice.fault", shortened(f), strings.Join(practice.FaultNames(), ", "))
		}
		faults = append(faults, fl)
	}
	real, err := g.statePath()
	if err != nil {
		return err
	}
	dir := filepath.Dir(real)
	awsFile, session := filepath.Join(dir, practiceAWSFile), filepath.Join(dir, practiceSessionFile)
	if p.reset {
		for _, f := range []string{awsFile, session} {
			if err := practice.Reset(f); err != nil {
				return err
			}
		}
	}
	srv, err := practice.Start(practice.Options{StatePath: awsFile, Faults: faults})
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	p.srv = srv
	g.endpointURL, g.stateFile = srv.URL, session
	// The practice line replaces the "not AWS" warning of an endpoint override.
	g.endpointWarned = true
	fmt.Fprintln(g.stderr, fitTerminal(g.stderr, g.p().T("cli.practice.banner", practice.Account)))
	return nil
}

// stopPractice stops the practice AWS, if one runs.
func (g *globalOpts) stopPractice() {
	if g.practice.srv != nil {
		_ = g.practice.srv.Close()
	}
}

// practiceFaultHelp lists the practice faults for --help.
func practiceFaultHelp() string {
	var parts []string
	for _, n := range practice.FaultNames() {
		parts = append(parts, practice.FaultKinds[n])
	}
	return strings.Join(parts, "; ")
}
