package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/zcmk/zcmk-tui/internal/setup"
)

// observationLabels are the checklist's words for the engine's observation IDs.
var observationLabels = map[string]string{
	setup.ObsAlertEmail:     "alert e-mail received",
	setup.ObsDownloadFails:  "recording download fails",
	setup.ObsPortalUnusable: "portal shows the key unusable",
	setup.ObsNote:           "note",
}

// statusEvery is how often the observe phase prints the states when none changed.
const statusEvery = 30 * time.Second

func printDrillImpact(w io.Writer, d *setup.Drill, statePath string) {
	fmt.Fprintf(w, "\nKey-outage drill on %s (scope %s), as %s\n", d.Alias(), d.Scope(), d.Caller)
	disabled := map[string]bool{}
	for _, t := range d.Targets {
		disabled[t.Region] = true
	}
	for _, t := range d.KeySet {
		what := "stays Enabled"
		if disabled[t.Region] {
			what = "will be DISABLED"
		}
		fmt.Fprintf(w, "  %-8s %-28s Enabled -> %s\n", t.Role, regionName(t.Region), what)
	}
	fmt.Fprintf(w, "For at most %s; then every Region this drill disabled is enabled again and verified.\n\n", d.Duration())
	fmt.Fprintln(w, "What to expect:")
	if d.FullOutage() {
		fmt.Fprintln(w, "  - FULL OUTAGE: Zoom cannot use the key anywhere. Downloads of protected recordings fail at once,")
		fmt.Fprintln(w, "    viewing them fails within minutes, and new cloud recordings fail. Live meetings go on.")
		fmt.Fprintln(w, "  - ZOOM PHONE: if your account asked Zoom support to make Zoom Phone drop calls when keys are")
		fmt.Fprintln(w, "    unavailable, this drill DROPS LIVE PHONE CALLS. Check with your Zoom admin before going on.")
	} else {
		fmt.Fprintln(w, "  - Zoom keeps working through the Regions that stay Enabled. The signal to watch for is Zoom's")
		fmt.Fprintln(w, "    alert e-mail to the recipients set in the portal, and the key's decryption query status")
		fmt.Fprintln(w, "    turning Failed in the portal.")
	}
	fmt.Fprintln(w, "  - Zoom e-mails the alert recipients when it finds a key unusable.")
	fmt.Fprintln(w, "  - While the key is unreachable, Zoom support cannot help with the content it protects.")
	fmt.Fprintln(w, "  - Afterwards everything comes back; nothing is lost.")
	fmt.Fprintln(w, "  - Run it on a test Zoom account, or in a maintenance window announced to your users: the outage")
	fmt.Fprintln(w, "    is real for everyone whose content this key protects, for as long as the drill lasts.")
	fmt.Fprintf(w, "The drill is recorded in %s before anything is disabled; if this process dies, run\n", statePath)
	fmt.Fprintln(w, "'zcmk-tui drill --restore'. Needs kms:DisableKey and kms:EnableKey.")
}

// drillScreen prints a drill's events as lines, and in a terminal reads the
// observation checklist.
type drillScreen struct {
	w io.Writer
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
			fmt.Fprintln(s.w, "\nDrill recorded in the session file.")
		}
	case setup.PhaseObserve:
		s.observe(ev)
	case setup.PhaseVerify:
		switch ev.Status {
		case setup.StatusStarted:
			fmt.Fprintln(s.w, "Verifying the key set...")
		case setup.StatusFailed:
			fmt.Fprintf(s.w, "✗ verify could not run: %v\n", ev.Err)
		}
	default:
		if ev.Status == setup.StatusStarted {
			return
		}
		mark, what := "✓", map[setup.DrillPhase]string{setup.PhaseDisable: "disabled", setup.PhaseRestore: "enabled again"}[ev.Phase]
		line := fmt.Sprintf("%s %-13s %-28s", mark, what, regionName(ev.Region))
		if ev.Status == setup.StatusFailed {
			line = fmt.Sprintf("✗ %-13s %-28s %s", ev.Phase, regionName(ev.Region), strings.ReplaceAll(ev.Err.Error(), "\n", "\n    "))
		} else if ev.KeyState != "" {
			line += " (reads back " + ev.KeyState + ")"
		}
		fmt.Fprintln(s.w, line)
		if ev.Phase == setup.PhaseRestore && s.observing {
			s.observing = false
		}
	}
}

// observe prints the states when one changed, and every statusEvery.
func (s *drillScreen) observe(ev setup.DrillEvent) {
	if ev.Status == setup.StatusStarted {
		s.observing = true
		fmt.Fprintf(s.w, "\nDrill running: %s left. The end restores every Region it disabled.\n", ev.Remaining.Round(time.Second))
		if s.checklist {
			fmt.Fprintln(s.w, "Tick what you see: 1 alert e-mail received · 2 recording download fails · 3 portal shows the key unusable")
			fmt.Fprintln(s.w, "'n TEXT' adds a note · Enter or q ends the drill now")
		}
		return
	}
	state := ev.KeyState
	if ev.Err != nil {
		state = "? (" + oneLineErr(ev.Err) + ")"
	}
	changed := s.states[ev.Region] != state
	s.states[ev.Region] = state
	if !changed && time.Since(s.lastPrint) < statusEvery {
		return
	}
	s.lastPrint = time.Now()
	fmt.Fprintf(s.w, "[%s elapsed, %s left] %s: %s\n", ev.Elapsed.Round(time.Second), max(ev.Remaining, 0).Round(time.Second), regionName(ev.Region), state)
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
			fmt.Fprintln(s.w, "1, 2 or 3 ticks an observation, 'n TEXT' adds a note, Enter or q ends the drill")
			s.mu.Unlock()
			continue
		}
		err := s.d.Observe(id, note, now)
		s.mu.Lock()
		if err != nil {
			fmt.Fprintf(s.w, "✗ not recorded: %v\n", err)
		} else {
			fmt.Fprintf(s.w, "✓ %s %s %s\n", now.UTC().Format("15:04:05"), observationLabels[id], note)
		}
		s.mu.Unlock()
	}
}

func printDrillSummary(w io.Writer, res *setup.DrillResult) {
	rec := res.Drill
	fmt.Fprintf(w, "\nDrill %s: started %s, ended %s (%s).\n", rec.Outcome, rec.StartedAt.Format("15:04:05 MST"), rec.EndedAt.Format("15:04:05 MST"), rec.EndReason)
	for _, r := range rec.Regions {
		line := fmt.Sprintf("  %-28s", regionName(r.Region))
		if !r.DisabledAt.IsZero() {
			line += " disabled " + r.DisabledAt.Format("15:04:05")
		}
		if !r.EnabledAt.IsZero() {
			line += " · enabled again " + r.EnabledAt.Format("15:04:05")
		}
		fmt.Fprintln(w, line)
	}
	for _, o := range rec.Observations {
		fmt.Fprintf(w, "  observed %s: %s %s\n", o.At.Format("15:04:05"), observationLabels[o.ID], o.Note)
	}
	if rec.Verify != "" {
		fmt.Fprintf(w, "Verify after the drill: %s\n", rec.Verify)
	}
}

func oneLineErr(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
