package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
)

// kmsEnabled is the key state as KMS names it (kept literal in every language).
const kmsEnabled = "Enabled"

// observationLabel is the checklist's words for an observation ID.
func observationLabel(p *i18n.Printer, id string) string {
	switch id {
	case setup.ObsAlertEmail, setup.ObsDownloadFails, setup.ObsPortalUnusable, setup.ObsNote:
		return p.T("cli.drill.obs." + id)
	}
	return id
}

// statusEvery is how often the observe phase prints the states when none changed.
const statusEvery = 30 * time.Second

// printDrillNet says what the safety net will be, or why there is none.
func printDrillNet(w io.Writer, p *i18n.Printer, d *setup.Drill, without bool) {
	switch {
	case without:
		printBlock(w, p, p.T("cli.drill.net.without"))
	case len(d.NetProblems()) > 0:
		var b strings.Builder
		for _, m := range d.NetProblems() {
			b.WriteString("  - " + p.M(m) + "\n")
		}
		printBlock(w, p, p.T("cli.drill.net.cannot", b.String(), d.Alias()+" "+setup.WithoutNetPhrase))
	default:
		at := time.Now().Add(d.Duration() + setup.NetGrace).Local().Format("15:04 MST")
		printBlock(w, p, p.T("cli.drill.net.plan", len(d.Targets), at, d.NetRole()))
	}
}

func printDrillImpact(w io.Writer, p *i18n.Printer, d *setup.Drill, statePath string) {
	fmt.Fprint(w, p.T("cli.drill.impact.head", d.Alias(), d.Scope(), d.Caller))
	disabled := map[string]bool{}
	for _, t := range d.Targets {
		disabled[t.Region] = true
	}
	var codes []string
	for _, t := range d.KeySet {
		codes = append(codes, t.Region)
	}
	regionW := regionWidth(p, codes...)
	for _, t := range d.KeySet {
		what := p.T("cli.drill.impact.stays")
		if disabled[t.Region] {
			what = p.T("cli.drill.impact.disabled")
		}
		fmt.Fprintf(w, "  %s %s %s -> %s\n", i18n.Pad(roleName(p, t.Role), roleWidth(p)), i18n.Pad(regionNameIn(p, t.Region), regionW), kmsEnabled, what)
		if disabled[t.Region] {
			fmt.Fprint(w, p.T("cli.drill.impact.arn", t.ARN))
		}
	}
	printBlock(w, p, p.T("cli.drill.impact.duration", d.Duration()))
	if d.FullOutage() {
		printBlock(w, p, p.T("cli.drill.impact.full-outage"))
	} else {
		printBlock(w, p, p.T("cli.drill.impact.partial"))
	}
	printBlock(w, p, p.T("cli.drill.impact.common", statePath))
}

// drillScreen prints a drill's events as lines, and in a terminal reads the
// observation checklist.
type drillScreen struct {
	w io.Writer
	p *i18n.Printer
	d *setup.Drill

	mu        sync.Mutex
	states    map[string]string
	lastPrint time.Time
	observing bool
	checklist bool // the operator's checklist is read from the terminal
}

func (s *drillScreen) event(ev setup.DrillEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch ev.Phase {
	case setup.PhaseRecord:
		if ev.Status == setup.StatusDone {
			printBlock(s.w, s.p, s.p.T("cli.drill.recorded"))
		}
	case setup.PhaseObserve:
		s.observe(ev)
	case setup.PhaseNet:
		switch {
		case ev.Status == setup.StatusDone && ev.Region == "":
			if rec := s.d.Record(); rec != nil && rec.Net.Laid() {
				printBlock(s.w, s.p, s.p.T("cli.drill.net.laid", rec.Net.At.Local().Format("15:04 MST"), len(rec.Net.Schedules)))
			}
		case ev.Status == setup.StatusFailed:
			fmt.Fprintf(s.w, "✗ %s\n", s.p.T("cli.drill.phase.net"))
			printWrapped(s.w, s.p, "    ", errorText(s.p, ev.Err))
		}
	case setup.PhaseVerify:
		switch ev.Status {
		case setup.StatusStarted:
			printBlock(s.w, s.p, s.p.T("cli.drill.verifying"))
		case setup.StatusFailed:
			fmt.Fprint(s.w, s.p.T("cli.drill.verify-failed", ev.Err))
		}
	default:
		if ev.Status == setup.StatusStarted {
			return
		}
		what := ""
		switch ev.Phase {
		case setup.PhaseDisable:
			what = s.p.T("cli.drill.disabled")
		case setup.PhaseRestore:
			what = s.p.T("cli.drill.enabled-again")
		}
		line := fmt.Sprintf("✓ %s %s", i18n.Pad(what, 13), i18n.Pad(regionNameIn(s.p, ev.Region), 28))
		switch {
		case ev.Status == setup.StatusFailed && s.p.Lang() == i18n.English:
			line = fmt.Sprintf("✗ %-13s %-28s %s", ev.Phase, regionName(ev.Region), strings.ReplaceAll(ev.Err.Error(), "\n", "\n    "))
		case ev.Status == setup.StatusFailed:
			fmt.Fprintf(s.w, "✗ %s %s\n", i18n.Pad(s.p.T("cli.drill.phase."+string(ev.Phase)), 13), regionNameIn(s.p, ev.Region))
			printWrapped(s.w, s.p, "    ", errorText(s.p, ev.Err))
			line = ""
		case ev.KeyState != "":
			line += s.p.T("cli.drill.reads-back", ev.KeyState)
		}
		if line != "" {
			fmt.Fprintln(s.w, line)
		}
		if ev.Phase == setup.PhaseRestore && s.observing {
			s.observing = false
		}
	}
}

// observe prints the states when one changed, and every statusEvery.
func (s *drillScreen) observe(ev setup.DrillEvent) {
	if ev.Status == setup.StatusStarted {
		s.observing = true
		printBlock(s.w, s.p, s.p.T("cli.drill.running", ev.Remaining.Round(time.Second)))
		if s.checklist {
			printBlock(s.w, s.p, s.p.T("cli.drill.checklist-help"))
		}
		return
	}
	state := ev.KeyState
	if ev.Err != nil {
		state = "? (" + strings.Join(strings.Fields(errorText(s.p, ev.Err)), " ") + ")"
	}
	changed := s.states[ev.Region] != state
	s.states[ev.Region] = state
	if !changed && time.Since(s.lastPrint) < statusEvery {
		return
	}
	s.lastPrint = time.Now()
	fmt.Fprint(s.w, s.p.T("cli.drill.status", ev.Elapsed.Round(time.Second), max(ev.Remaining, 0).Round(time.Second), regionNameIn(s.p, ev.Region), state))
}

// readChecklist reads the operator's lines until the drill ends.
func (s *drillScreen) readChecklist(in io.Reader) {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		now := time.Now()
		id, note := "", ""
		switch {
		case line == "" || strings.EqualFold(line, "q"):
			s.d.End()
			return
		case line == "1" || line == "2" || line == "3":
			id = setup.DrillObservations[line[0]-'1']
		case strings.HasPrefix(line, "n ") || strings.HasPrefix(line, "note "):
			id, note = setup.ObsNote, strings.TrimSpace(line[strings.Index(line, " "):])
		default:
			s.mu.Lock()
			printBlock(s.w, s.p, s.p.T("cli.drill.checklist-usage"))
			s.mu.Unlock()
			continue
		}
		err := s.d.Observe(id, note, now)
		s.mu.Lock()
		if err != nil {
			fmt.Fprint(s.w, s.p.T("cli.drill.not-recorded", err))
		} else {
			fmt.Fprintf(s.w, "✓ %s %s %s\n", now.UTC().Format("15:04:05"), observationLabel(s.p, id), note)
		}
		s.mu.Unlock()
	}
}

func printDrillSummary(w io.Writer, p *i18n.Printer, res *setup.DrillResult) {
	rec := res.Drill
	fmt.Fprint(w, p.T("cli.drill.summary", codeText(p, "cli.drill.outcome.", rec.Outcome), rec.StartedAt.Format("15:04:05 MST"), rec.EndedAt.Format("15:04:05 MST"), codeText(p, "cli.drill.end.", rec.EndReason)))
	regionW := regionWidth(p, rec.RegionNames()...)
	for _, r := range rec.Regions {
		line := "  " + i18n.Pad(regionNameIn(p, r.Region), regionW)
		if !r.DisabledAt.IsZero() {
			line += p.T("cli.drill.summary.disabled", r.DisabledAt.Format("15:04:05"))
		}
		if !r.EnabledAt.IsZero() {
			line += p.T("cli.drill.summary.enabled", r.EnabledAt.Format("15:04:05"))
		}
		fmt.Fprintln(w, line)
	}
	switch {
	case rec.Net != nil:
		state := p.T("cli.drill.summary.net.in-place")
		if rec.Net.Removed {
			state = p.T("cli.drill.summary.net.removed")
		}
		fmt.Fprint(w, p.T("cli.drill.summary.net", rec.Net.At.Format("15:04:05 MST"), state))
		for _, s := range rec.Net.Schedules {
			fmt.Fprintf(w, "    %s\n", s.ARN)
		}
	case rec.WithoutNet:
		fmt.Fprint(w, p.T("cli.drill.summary.without-net"))
	}
	for _, o := range rec.Observations {
		fmt.Fprint(w, p.T("cli.drill.summary.observed", o.At.Format("15:04:05"), observationLabel(p, o.ID), o.Note))
	}
	switch {
	case res.Verify != nil && p.Lang() != i18n.English:
		printWrapped(w, p, p.T("cli.drill.summary.verify"), p.M(res.Verify.SummaryText()))
	case rec.Verify != "":
		printWrapped(w, p, p.T("cli.drill.summary.verify"), rec.Verify)
	}
}
