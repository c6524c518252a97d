package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/practice"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
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
	if g.output == "json" {
		g.stdout = practiceJSON{g.stdout}
	}
	// The practice line replaces the "not AWS" warning of an endpoint override.
	g.endpointWarned = true
	fmt.Fprintln(g.stderr, fitTerminal(g.stderr, g.p().T("cli.practice.banner", practice.Account)))
	// Once the ARNs are in the (imagined) Zoom portal, Zoom uses the key set
	// whenever it records, as it would for real: verify and the drill see it.
	if s, err := state.Load(session); err == nil && s != nil && s.Ticks[zoom.StepPasteARNs] {
		g.practiceZoomUses(s)()
	}
	return nil
}

// practiceZoomUses is what makes the practice AWS record Zoom's use of the
// session's key set (nil outside practice mode).
func (g *globalOpts) practiceZoomUses(s *state.Session) func() {
	srv := g.practice.srv
	if srv == nil {
		return nil
	}
	return func() {
		alias := zoom.DefaultAlias
		if s != nil && s.Alias != "" {
			alias = s.Alias
		}
		srv.ZoomUses(setup.TagAlias, alias)
	}
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

// practiceJSON marks every JSON object written to stdout in practice mode
// with "practice": true, so that no script can take a practice ARN for a
// real one. Each JSON object is written with one Write (json.Encoder
// writes a whole value at once), so the mark goes after its opening brace.
type practiceJSON struct{ w io.Writer }

func (p practiceJSON) Write(b []byte) (int, error) {
	i := bytes.IndexByte(b, '{')
	if i < 0 || len(bytes.TrimSpace(b[:i])) > 0 {
		return p.w.Write(b)
	}
	rest := b[i+1:]
	mark := `"practice": true`
	if len(bytes.TrimSpace(rest)) > 0 && bytes.TrimSpace(rest)[0] != '}' {
		mark += ","
	}
	if nl := bytes.IndexByte(rest, '\n'); nl >= 0 && len(bytes.TrimSpace(rest[:nl])) == 0 {
		// Indented: the mark on a line of its own, indented like the next.
		indent := rest[nl+1:]
		indent = indent[:len(indent)-len(bytes.TrimLeft(indent, " "))]
		mark = "\n" + string(indent) + mark
	}
	out := make([]byte, 0, len(b)+len(mark))
	out = append(append(append(out, b[:i+1]...), mark...), rest...)
	if _, err := p.w.Write(out); err != nil {
		return 0, err
	}
	return len(b), nil
}
