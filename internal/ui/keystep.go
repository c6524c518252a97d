package ui

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Step 3: alias, description, tags and rotation; the plan Region by Region;
// one confirmation; then Apply with a live line per action and Region.

// keyPhase is what the key step shows.
type keyPhase int

const (
	keyForm       keyPhase = iota // the questions
	keyPlanning                   // the plan is being made
	keyPlanFailed                 // the plan could not be made
	keyConfirm                    // the plan, awaiting consent
	keyApplying                   // the writes, live
	keyDone                       // the outcome
	keyFailed                     // a write failed: retry resumes
	keyLookup                     // the alias is being read, before the questions a new key needs
)

// keyStep is step 3 on the screen: the phase, the live progress and the
// error shown; the choices, the plan and the outcome are in the flow.
type keyStep struct {
	m    *Model
	keys keyStepKeys

	phase    keyPhase
	vp       viewport.Model // the plan awaiting consent, scrollable
	planErr  error
	gen      int // ignores answers to superseded requests
	events   chan setup.Event
	lines    []progressLine
	err      error
	started  time.Time
	took     time.Duration
	arnSel   int  // the ARN chosen on the Done screen, for c
	detail   bool // the plan shows each action's full detail (d)
	detailAt int  // the line of the plan where the detail starts

	// The alias, read before the questions only a new key needs
	// (keystep_alias.go).
	second  bool   // the form shown is the second: details and rotation
	look    lookup // of the alias; its error is said above the alias, asked again
	lookFor bool   // the lookup follows the alias form: the second form comes next
}

type progressLine struct {
	region, action, detail string
	status                 setup.Status // the engine's, or linePending, lineSkipped
	elapsed                time.Duration
	err                    error
}

// A progress line's own states, besides the engine's event statuses.
const (
	linePending setup.Status = "pending" // planned, not started yet
	lineSkipped setup.Status = "skipped" // not run: Apply ended without it, and without an error
)

// keyQuestions are the questions of step 3, shared with the accessible
// mode. They edit the flow's choices (fill in the defaults first:
// flow.KeyDefaults); the alias is asked, and read, first; details only for
// a new key.
type keyQuestions struct{ alias, details, rotation *huh.Group }

func (m *painter) keyQuestions() keyQuestions {
	validTags := func(s string) error { _, err := flow.ParseTags(s); return err }
	return keyQuestions{
		alias: huh.NewGroup(fitted(m, huh.NewInput().Key("alias"), m.t("key.alias"), m.t("key.alias.desc")).
			Value(&m.f.Alias).Validate(fitErr(m, func(s string) error {
			if strings.TrimSpace(s) == "" {
				return nil // the default, alias/zoom-cmk
			}
			return zoom.ValidateAlias(strings.TrimSpace(s))
		}))),
		details: huh.NewGroup(
			// Two lines, so that the default description shows whole at 60
			// columns too: a one-line input scrolls its start away.
			fitted(m, huh.NewText().Key("description"), m.t("key.description"), "").Value(&m.f.Description).
				Lines(2).ExternalEditor(false).Validate(fitErr(m, func(s string) error {
				if len(s) > 8192 {
					return errors.New(m.t("key.description.long"))
				}
				return nil
			})),
			fitted(m, huh.NewInput().Key("tags"), m.t("key.tags"), m.t("key.tags.desc")).
				Placeholder(m.t("eg", "CostCenter=IT, Owner=zoom-admins")).Value(&m.f.Tags).Validate(fitErr(m, validTags)),
		).WithHideFunc(func() bool { return !m.f.AsksKeyDetails() }),
		rotation: huh.NewGroup(fitted(m, newConfirm().Key("rotation"), m.t("key.rotation"), m.rotationDesc()).
			Affirmative(m.t("key.rotation.on")).Negative(m.t("key.rotation.off")).Value(&m.f.Rotation)),
	}
}

// rotationDesc says what the rotation question does: for a key set that
// exists, that Off leaves its rotation as it is (nothing turns it off).
func (m *painter) rotationDesc() string {
	if m.f.AsksKeyDetails() {
		return m.t("key.rotation.desc")
	}
	return m.t("key.rotation.desc") + " " + m.t("key.rotation.desc.existing")
}

// keyForm starts the questions: the alias read first when it is still to be
// read (a new key), then asked.
func (s *keyStep) keyForm() tea.Cmd {
	m := s.m
	s.phase = keyForm
	m.f.KeyDefaults()
	if m.f.NeedsAliasLookup() && s.look.err == nil {
		return s.startAliasLookup(false)
	}
	return s.aliasForm()
}

func (s *keyStep) enter() tea.Cmd {
	switch s.phase {
	case keyDone, keyFailed, keyApplying:
		if s.m.f.Plan != nil {
			return nil // show the outcome again
		}
		s.lines = nil // started over with a new key
	}
	s.look.stop()
	s.look.err = nil
	return s.keyForm()
}

// resize fits the scrollable plan of the confirmation screen to the
// window (below its two lines of title and keys).
func (s *keyStep) resize() {
	m := s.m
	if s.phase != keyConfirm || m.f.Plan == nil {
		return
	}
	w := max(m.bodyWidth(), 1)
	// The question and its keys above, one line for "more below" under it.
	above := strings.Count(s.confirmHeader(), "\n")
	s.vp.Width, s.vp.Height = w, max(m.bodyHeight()-above-1, 1)
	content := m.viewPlan(m.f.Plan, w)
	s.detailAt = strings.Count(content, "\n")
	if s.detail {
		content += m.viewPlanDetail(m.f.Plan, w)
	}
	s.vp.SetContent(strings.TrimRight(content, "\n"))
}

func (s *keyStep) afterKeyForm() tea.Cmd {
	m := s.m
	m.f.CommitKey()
	return tea.Batch(m.save(), s.startPlan(false))
}

// startPlan asks for a plan; retry resumes after a failed apply.
func (s *keyStep) startPlan(retry bool) tea.Cmd {
	m := s.m
	o, err := m.f.Options()
	s.gen++
	if err != nil {
		s.phase, s.planErr = keyPlanFailed, err
		return nil
	}
	if m.f.Offline {
		p, err := flow.MakePlan(m.ctx, m.eng, o, true, true)
		return s.onPlan(planMsg{plan: p, err: err, gen: s.gen})
	}
	s.phase, s.planErr = keyPlanning, nil
	if !retry {
		s.lines, s.err = nil, nil
		m.f.ForgetOutcome()
	}
	return planCmd(m.ctx, m.eng, o, m.f.Dry, retry, s.gen)
}

func (s *keyStep) onPlan(msg planMsg) tea.Cmd {
	m := s.m
	if msg.gen != s.gen {
		return nil
	}
	if msg.err != nil {
		s.phase, s.planErr = keyPlanFailed, msg.err
		if msg.retry {
			s.phase, s.err = keyFailed, msg.err
		}
		return nil
	}
	switch m.f.AfterPlan(msg.plan, msg.retry) {
	case flow.PlanFinish:
		if msg.retry {
			s.lines = slices.DeleteFunc(s.lines, func(l progressLine) bool { return l.status != setup.StatusDone })
			return s.finishApply(msg.plan.Result(), nil)
		}
	case flow.PlanApply:
		return s.startApply()
	}
	s.phase = keyConfirm
	s.detail = false
	s.vp = viewport.New(1, 1)
	s.resize()
	s.vp.GotoTop()
	return nil
}

func (s *keyStep) startApply() tea.Cmd {
	m := s.m
	if err := m.f.TakeConsent(); err != nil {
		s.phase, s.err = keyFailed, err
		return nil
	}
	p := m.f.Plan
	s.phase, s.err = keyApplying, nil
	s.gen++
	s.events = make(chan setup.Event, 256)
	s.started = m.cfg.Now()
	var lines []progressLine
	for _, r := range p.Regions {
		for _, a := range r.Actions {
			if a.Kind == setup.ActAdoptKey {
				continue
			}
			lines = append(lines, progressLine{region: r.Region, action: a.Kind, status: linePending})
		}
	}
	// After a retry, keep what already succeeded above the new work.
	var kept []progressLine
	for _, l := range s.lines {
		if l.status == setup.StatusDone {
			kept = append(kept, l)
		}
	}
	s.lines = append(kept, lines...)
	return tea.Batch(applyCmd(m.ctx, m.eng, p, s.events, s.gen), waitEvent(s.events, s.gen))
}

func (s *keyStep) onApplyEvent(msg applyEventMsg) tea.Cmd {
	if msg.gen != s.gen {
		return nil
	}
	ev := msg.ev
	i := -1
	for j := len(s.lines) - 1; j >= 0; j-- {
		l := s.lines[j]
		if l.region == ev.Region && l.action == ev.Action && l.status != setup.StatusDone {
			i = j
			break
		}
	}
	if i < 0 {
		s.lines = append(s.lines, progressLine{region: ev.Region, action: ev.Action})
		i = len(s.lines) - 1
	}
	s.m.f.NoteAction(ev)
	l := &s.lines[i]
	l.status, l.elapsed, l.err = ev.Status, ev.Elapsed, ev.Err
	if ev.Text.ID != "" {
		l.detail = s.m.p().M(ev.Text)
	}
	return waitEvent(s.events, s.gen)
}

func (s *keyStep) onApplyDone(msg applyDoneMsg) outcome {
	m := s.m
	if msg.gen != s.gen {
		return outcome{}
	}
	s.took = m.cfg.Now().Sub(s.started)
	return outcome{cmd: s.finishApply(msg.res, msg.err), wrote: true, err: msg.err, cut: msg.cut}
}

// finishApply records the outcome in the session and shows it.
func (s *keyStep) finishApply(res *setup.Result, err error) tea.Cmd {
	m := s.m
	s.err = err
	for i := range s.lines {
		l := &s.lines[i]
		switch {
		case l.status == setup.StatusStarted && err != nil:
			l.status = setup.StatusFailed
		case l.status == linePending && err == nil:
			l.status = lineSkipped
		}
	}
	if err != nil {
		s.phase = keyFailed
	} else {
		s.phase = keyDone
	}
	if m.f.RecordApply(res, err) {
		return m.save()
	}
	return nil
}

func (s *keyStep) update(msg tea.Msg) tea.Cmd {
	m := s.m
	if m.form != nil {
		return m.updateForm(msg)
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	keys := s.keys
	switch {
	case key.Matches(k, keys.Apply):
		if err := m.f.MayWrite(flow.AnswerYes); err != nil {
			return nil
		}
		return s.startApply()
	case key.Matches(k, keys.Continue):
		return s.finishApply(m.f.Plan.Result(), nil)
	case key.Matches(k, keys.Cancel):
		return m.back()
	case key.Matches(k, keys.Retry) && s.phase == keyFailed:
		// A retry writes too: r on the failure is its consent.
		if err := m.f.MayWrite(flow.AnswerYes); err != nil {
			return nil
		}
		return s.startPlan(true)
	case key.Matches(k, keys.Retry):
		return s.startPlan(false)
	case key.Matches(k, keys.Next):
		return m.advance()
	case key.Matches(k, keys.Detail):
		s.detail = !s.detail
		s.resize()
		s.vp.GotoTop()
		if s.detail {
			s.vp.SetYOffset(s.detailAt) // the detail, where it starts
		}
	case key.Matches(k, keys.Copy):
		ks := m.f.KeysForDisplay()
		if s.arnSel >= len(ks) || ks[s.arnSel].ARN == "" {
			return nil
		}
		m.flash = m.t("copy.running")
		return copyARNCmd(ks[s.arnSel].ARN, m.cfg.ClipboardOut, m.cfg.Clipboard)
	case s.phase == keyDone && key.Matches(k, keys.Up):
		s.arnSel = max(s.arnSel-1, 0)
	case s.phase == keyDone && key.Matches(k, keys.Down):
		s.arnSel = min(s.arnSel+1, max(len(m.f.KeysForDisplay())-1, 0))
	case key.Matches(k, keys.Up, keys.Down, keys.PageUp, keys.PageDown):
		var cmd tea.Cmd
		s.vp.KeyMap = keys.scroll()
		s.vp, cmd = s.vp.Update(msg)
		return cmd
	}
	return nil
}

// syncKeys turns on the keys of the phase: apply (or continue, when
// the plan writes nothing) and back on the plan, retry after a failure,
// continue when done.
func (s *keyStep) syncKeys() {
	m := s.m
	k := &s.keys
	idle := m.form == nil
	confirm := idle && s.phase == keyConfirm && m.f.Plan != nil
	k.Apply.SetEnabled(confirm && !flow.NothingToWrite(m.f.Plan))
	k.Continue.SetEnabled(confirm && flow.NothingToWrite(m.f.Plan))
	k.Cancel.SetEnabled(confirm)
	for _, b := range []*key.Binding{&k.PageUp, &k.PageDown, &k.Detail} {
		b.SetEnabled(confirm)
	}
	// On the Done screen the arrows choose the ARN that c copies.
	ks := m.f.KeysForDisplay()
	arns := idle && s.phase == keyDone && !m.dryRun() && len(ks) > 0 && ks[0].ARN != "" && !m.f.Incomplete()
	k.Up.SetEnabled(confirm || (arns && len(ks) > 1))
	k.Down.SetEnabled(confirm || (arns && len(ks) > 1))
	k.Copy.SetEnabled(arns)
	k.Retry.SetEnabled(idle && (s.phase == keyPlanFailed || s.phase == keyFailed))
	k.Next.SetEnabled(idle && s.phase == keyDone)
}
