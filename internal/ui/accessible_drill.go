package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/huh"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// The key-outage drill in the accessible face: the same engine calls and
// the same consent rule as the full screen (the alias typed in a terminal,
// --yes without one), as plain lines.

// validateDrillDuration accepts a duration up to the engine's maximum.
func (m *painter) validateDrillDuration(s string) error {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || d < time.Second || d > setup.MaxDrillDuration {
		return errors.New(m.t("drill.duration.invalid"))
	}
	return nil
}

// drill offers a drill after the checklist. No answer (end of input) is no.
func (a *plain) drill() error {
	f := a.f
	if !f.CanDrill() {
		return nil
	}
	run, err := a.askYes(a.t("drill.ask"), a.t("drill.advice"), false)
	if errors.Is(err, ErrEndOfInput) {
		return nil // never a yes
	}
	if err != nil || !run {
		return err
	}
	scope, dur := setup.DrillScopeReplicas, "10m"
	var opts []huh.Option[string]
	for _, s := range flow.DrillScopes {
		opts = append(opts, huh.NewOption(a.t("drill.scope."+s), s))
	}
	if err := a.ask(huh.NewSelect[string]().Title(a.t("drill.scope.title")).Options(opts...).Value(&scope),
		huh.NewInput().Title(a.t("drill.duration.title")).Value(&dur).Validate(a.r.validateDrillDuration)); err != nil {
		return err
	}
	d0, _ := time.ParseDuration(strings.TrimSpace(dur))
	a.say("%s", a.t("drill.preflight"))
	d, err := f.DrillEngine().PrepareDrill(a.ctx, f.DrillOptions(scope, d0))
	if err != nil {
		if a.ctx.Err() != nil {
			return ErrAborted
		}
		a.say("%s", strings.TrimRight(a.r.viewDrillRefused(err, a.r.wrapW), "\n"))
		return nil
	}
	a.say("\n%s\n%s", a.t("drill.title"), strings.TrimRight(a.r.viewDrillImpact(d, a.r.wrapW), "\n"))
	ans := flow.AnswerNone
	if f.AsksConsent() {
		typed := ""
		want := d.Alias()
		if len(d.NetProblems()) > 0 {
			want += " " + setup.WithoutNetPhrase // the net cannot be laid: typed acceptance
		}
		if err := a.ask(huh.NewInput().Title(a.t("drill.typealias", want)).Value(&typed)); err != nil {
			return err
		}
		ans = flow.AnswerNo
		if flow.AliasTyped(typed, want) {
			ans = flow.AnswerYes
			if want != d.Alias() {
				d.AcceptWithoutNet()
			}
		}
	} else if f.Cfg.Yes {
		a.say("%s", a.t("drill.yesflag"))
	}
	if err := f.MayDrill(ans); err != nil {
		if errors.Is(err, ErrAborted) {
			a.say("%s", a.t("drill.wrong"))
			return nil
		}
		return err
	}
	res, err := d.Run(a.ctx, a.drillPrinter(d))
	return a.drillEnd(d.Record(), res, err)
}

// drillPrinter prints a drill's events as lines (events come from several
// goroutines during the restore) and, in a terminal, reads the checklist.
func (a *plain) drillPrinter(d *setup.Drill) func(setup.DrillEvent) {
	var mu sync.Mutex
	states := map[string]string{}
	return func(ev setup.DrillEvent) {
		mu.Lock()
		defer mu.Unlock()
		if ev.Phase != setup.PhaseObserve {
			if l := a.r.drillEventLine(ev, a.r.wrapW); l != "" {
				a.say("%s", l)
			}
			return
		}
		if ev.Region == "" {
			if ev.Status == setup.StatusStarted {
				if rec := d.Record(); rec != nil {
					a.say("%s", a.t("drill.plain.started", clock(rec.Deadline)))
				}
				if a.f.Cfg.Interactive {
					a.say("%s", a.t("drill.plain.help"))
					go a.readDrillChecklist(d, &mu)
				}
			}
			return
		}
		st := ev.KeyState
		if ev.Err != nil {
			st = "?"
		}
		if states[ev.Region] != st {
			states[ev.Region] = st
			a.say("%s", a.r.drillLine(ev.Region, st, st != "Enabled"))
		}
	}
}

// readDrillChecklist reads the operator's lines until the drill ends: 1-3
// tick an observation, "n TEXT" adds a note, an empty line ends the drill.
func (a *plain) readDrillChecklist(d *setup.Drill, mu *sync.Mutex) {
	for {
		line, err := a.in.src.r.ReadString('\n')
		text := strings.TrimSpace(line)
		if err != nil && text == "" {
			return // end of input: the deadline ends the drill
		}
		id, note := "", ""
		switch {
		case text == "":
			d.End()
			return
		case len(text) == 1 && text[0] >= '1' && int(text[0]-'1') < len(setup.DrillObservations):
			id = setup.DrillObservations[text[0]-'1']
		case strings.HasPrefix(text, "n "):
			id, note = setup.ObsNote, strings.TrimSpace(text[2:])
		default:
			mu.Lock()
			a.say("%s", a.t("drill.plain.help"))
			mu.Unlock()
			continue
		}
		now := time.Now()
		err = d.Observe(id, note, now)
		mu.Lock()
		if err != nil {
			a.say("%s", a.t("drill.obs.failed", err))
		} else {
			a.say("%s", a.t("drill.plain.observed", clock(now), a.t("drill.obs."+id), note))
		}
		mu.Unlock()
	}
}

// drillEnd records the outcome in the session and prints it. A restore
// that failed is the wizard's error (the commands were printed).
func (a *plain) drillEnd(last *state.Drill, res *setup.DrillResult, err error) error {
	if res != nil && res.Drill != nil {
		last = res.Drill
	}
	a.f.RecordDrill(last)
	a.say("%s", strings.TrimRight(a.r.viewDrillResult(res, err, a.r.wrapW, 0), "\n"))
	a.save()
	var rerr *setup.RestoreError
	if errors.As(err, &rerr) {
		return err
	}
	if a.ctx.Err() != nil {
		return ErrAborted
	}
	return nil
}

// restoreFirst restores a drill the session records as in progress, before
// anything else: asked in a terminal (default yes), with --yes elsewhere.
func (a *plain) restoreFirst() error {
	f := a.f
	rec := f.ActiveDrill()
	if rec == nil || f.Dry || f.DrillEngine() == nil {
		return nil
	}
	a.say("%s", strings.TrimRight(a.r.viewRestoreWhat(rec, a.r.wrapW), "\n"))
	ans := flow.AnswerNone
	if f.AsksConsent() {
		ok, err := a.askYes(a.t("drill.restore.confirm"), "", true)
		if err != nil {
			return err
		}
		ans = answerOf(ok)
	}
	if err := f.MayDrill(ans); err != nil {
		a.say("%s", a.t("drill.restore.declined"))
		return err
	}
	a.say("%s", a.t("drill.restore.running"))
	ctx, cancel := context.WithTimeout(context.WithoutCancel(a.ctx), flow.RestoreTimeout)
	defer cancel()
	var mu sync.Mutex
	res, err := f.DrillEngine().RestoreDrill(ctx, rec, f.RestoreVerify(), f.DrillSave(), func(ev setup.DrillEvent) {
		mu.Lock()
		defer mu.Unlock()
		if l := a.r.drillEventLine(ev, a.r.wrapW); l != "" {
			a.say("%s", l)
		}
	})
	if rerr := a.drillEnd(rec, res, err); rerr != nil {
		return rerr
	}
	return err
}
