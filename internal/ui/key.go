package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Step 3: alias, description, tags and rotation; the plan Region by Region;
// one confirmation; then Apply with a live line per action and Region.

const (
	keyForm = iota
	keyPlanning
	keyPlanFailed
	keyConfirm
	keyApplying
	keyDone
	keyFailed
)

type keyState struct {
	phase       int
	alias       string
	description string
	tags        string
	rotation    bool

	opts    setup.Options
	plan    *setup.Plan
	planErr error
	gen     int // ignores answers to superseded requests
	events  chan setup.Event
	lines   []progressLine
	res     *setup.Result
	err     error
	started time.Time
	took    time.Duration

	// pinned is the primary ARN of the key this session made or chose (or
	// that the saved session names). From then on the key step edits that
	// key: another alias is added to it, never a second key planned,
	// unless the user picks "start over with a new key" (modeStartOver).
	pinned      string
	pinnedAlias string // its alias when it was pinned

	vp viewport.Model // the plan on the confirmation screen, scrollable
}

type progressLine struct {
	region, action, detail, status string
	elapsed                        time.Duration
	err                            error
}

// parseTags reads "K=V, K2=V2".
func parseTags(s string) ([]zoom.Tag, error) {
	var out []zoom.Tag
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		t, err := zoom.ParseTag(part)
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(t.Key, "zcmk-tui:") {
			return nil, fmt.Errorf("tag %q: keys starting with zcmk-tui: are reserved for this tool's own tags", t.Key)
		}
		out = append(out, t)
	}
	return out, nil
}

func (m *Model) keyGroups() []*huh.Group {
	if m.key.alias == "" {
		m.key.alias = zoom.DefaultAlias
	}
	if m.key.description == "" {
		m.key.description = setup.DefaultDescription
	}
	validTags := func(s string) error { _, err := parseTags(s); return err }
	return []*huh.Group{
		huh.NewGroup(huh.NewInput().Key("alias").Title(m.t("key.alias")).Description(m.t("key.alias.desc")).
			Value(&m.key.alias).Validate(func(s string) error {
			if strings.TrimSpace(s) == "" {
				return nil // the default, alias/zoom-cmk
			}
			return zoom.ValidateAlias(strings.TrimSpace(s))
		})),
		huh.NewGroup(
			huh.NewInput().Key("description").Title(m.t("key.description")).Value(&m.key.description).
				Validate(func(s string) error {
					if len(s) > 8192 {
						return errors.New(m.t("key.description.long"))
					}
					return nil
				}),
			huh.NewInput().Key("tags").Title(m.t("key.tags")).Description(m.t("key.tags.desc")).
				Placeholder("CostCenter=IT, Owner=zoom-admins").Value(&m.key.tags).Validate(validTags),
		).WithHideFunc(func() bool { return m.reg.existing != "" }),
		huh.NewGroup(huh.NewConfirm().Key("rotation").Title(m.t("key.rotation")).Description(m.t("key.rotation.desc")).
			Affirmative(m.t("key.rotation.on")).Negative(m.t("key.rotation.off")).Value(&m.key.rotation)),
	}
}

func (m *Model) keyForm() tea.Cmd {
	m.key.phase = keyForm
	return m.setForm(huh.NewForm(m.keyGroups()...), m.afterKeyForm)
}

func (m *Model) enterKey() tea.Cmd {
	switch m.key.phase {
	case keyDone, keyFailed, keyApplying:
		return nil // show the outcome again
	}
	return m.keyForm()
}

// options builds the engine options from the choices.
func (m *Model) options() (setup.Options, error) {
	if m.reg.mode == modeExisting && strings.TrimSpace(m.reg.existing) == "" {
		return setup.Options{}, errors.New(m.t("regions.existing.none"))
	}
	tags, err := parseTags(m.key.tags)
	if err != nil {
		return setup.Options{}, err
	}
	o := setup.Options{
		Region: m.reg.primary, Replicas: m.reg.replicas, Alias: strings.TrimSpace(m.key.alias),
		Description: m.key.description, Tags: tags, Rotation: m.key.rotation, ExistingKey: m.reg.existing,
	}
	if m.key.pinned != "" && m.reg.mode != modeExisting {
		if r := existingARNRegion(m.key.pinned); r != "" && r != m.reg.primary {
			return setup.Options{}, errors.New(m.t("key.pinned.region", keyIDOf(m.key.pinned), zoom.RegionLabel(r), zoom.RegionLabel(m.reg.primary)))
		}
		o.ExistingKey = m.key.pinned
	}
	if m.pre.offline {
		o.AccountID = m.pre.accountID
	}
	return o, setup.Validate(&o)
}

func (m *Model) afterKeyForm() tea.Cmd {
	m.commitKeyChoices()
	return tea.Batch(m.save(), m.startPlan(false))
}

// commitKeyChoices records the key choices in the session.
func (m *Model) commitKeyChoices() {
	s := m.sess
	s.Alias = strings.TrimSpace(m.key.alias)
	s.WizardDescription, s.WizardNoRotation = m.key.description, !m.key.rotation
	s.WizardTags = nil
	if tags, err := parseTags(m.key.tags); err == nil {
		for _, t := range tags {
			s.WizardTags = append(s.WizardTags, t.Key+"="+t.Value)
		}
	}
}

// startPlan asks for a plan; retry resumes after a failed apply.
func (m *Model) startPlan(retry bool) tea.Cmd {
	o, err := m.options()
	m.key.gen++
	if err != nil {
		m.key.phase, m.key.planErr = keyPlanFailed, err
		return nil
	}
	m.key.opts = o
	if m.pre.offline {
		return m.onPlan(planMsg{plan: setup.OfflinePlan(o), gen: m.key.gen})
	}
	m.key.phase, m.key.planErr = keyPlanning, nil
	if !retry {
		m.key.lines, m.key.res, m.key.err = nil, nil, nil
	}
	return planCmd(m.ctx, m.eng, o, m.pre.dry, retry, m.key.gen)
}

func (m *Model) onPlan(msg planMsg) tea.Cmd {
	if msg.gen != m.key.gen {
		return nil
	}
	if msg.err != nil {
		m.key.phase, m.key.planErr = keyPlanFailed, msg.err
		if msg.retry {
			m.key.phase, m.key.err = keyFailed, msg.err
		}
		return nil
	}
	m.key.plan = msg.plan
	if msg.retry {
		if msg.plan.Changes() == 0 || msg.plan.DryRun {
			m.key.lines = slices.DeleteFunc(m.key.lines, func(l progressLine) bool { return l.status != setup.StatusDone })
			return m.finishApply(msg.plan.Result(), nil)
		}
		return m.startApply()
	}
	m.key.phase = keyConfirm
	m.key.vp = viewport.New(1, 1)
	m.resizeKey()
	m.key.vp.GotoTop()
	return nil
}

// resizeKey fits the scrollable plan of the confirmation screen to the
// window (below its two lines of title and keys).
func (m *Model) resizeKey() {
	if m.key.phase != keyConfirm || m.key.plan == nil {
		return
	}
	w := max(m.bodyWidth(), 1)
	m.key.vp.Width, m.key.vp.Height = w, max(m.bodyHeight()-2, 1)
	m.key.vp.SetContent(strings.TrimRight(m.viewPlan(m.key.plan, w), "\n"))
}

func (m *Model) startApply() tea.Cmd {
	p := m.key.plan
	m.key.phase, m.key.err = keyApplying, nil
	m.key.gen++
	m.key.events = make(chan setup.Event, 256)
	m.key.started = m.cfg.Now()
	var lines []progressLine
	for _, r := range p.Regions {
		for _, a := range r.Actions {
			if a.Kind == setup.ActAdoptKey {
				continue
			}
			lines = append(lines, progressLine{region: r.Region, action: a.Kind, status: "pending"})
		}
	}
	// After a retry, keep what already succeeded above the new work.
	var kept []progressLine
	for _, l := range m.key.lines {
		if l.status == setup.StatusDone {
			kept = append(kept, l)
		}
	}
	m.key.lines = append(kept, lines...)
	return tea.Batch(applyCmd(m.ctx, m.eng, p, m.key.events, m.key.gen), waitEvent(m.key.events, m.key.gen))
}

func (m *Model) onApplyEvent(msg applyEventMsg) tea.Cmd {
	if msg.gen != m.key.gen {
		return nil
	}
	ev := msg.ev
	i := -1
	for j := len(m.key.lines) - 1; j >= 0; j-- {
		l := m.key.lines[j]
		if l.region == ev.Region && l.action == ev.Action && l.status != setup.StatusDone {
			i = j
			break
		}
	}
	if i < 0 {
		m.key.lines = append(m.key.lines, progressLine{region: ev.Region, action: ev.Action})
		i = len(m.key.lines) - 1
	}
	l := &m.key.lines[i]
	l.status, l.elapsed, l.err = ev.Status, ev.Elapsed, ev.Err
	if ev.Detail != "" {
		l.detail = ev.Detail
	}
	return waitEvent(m.key.events, m.key.gen)
}

func (m *Model) onApplyDone(msg applyDoneMsg) tea.Cmd {
	if msg.gen != m.key.gen {
		return nil
	}
	m.key.took = m.cfg.Now().Sub(m.key.started)
	if m.stopping && msg.err != nil {
		m.cutOff = m.keyCallsCutOff()
	}
	cmd := m.finishApply(msg.res, msg.err)
	if m.stopping {
		// Stopped, unless the write finished before the stop reached it.
		m.aborted = msg.err != nil
		return tea.Sequence(cmd, m.quit())
	}
	return cmd
}

// keyCallsCutOff lists the key-creating calls (CreateKey, ReplicateKey)
// that were in flight when the stop cancelled them: AWS may have made the
// key all the same, so their outcome is unknown.
func (m *Model) keyCallsCutOff() []string {
	var out []string
	for _, l := range m.key.lines {
		if l.action != setup.ActCreateKey && l.action != setup.ActReplicate {
			continue
		}
		if l.status == setup.StatusStarted || (l.status == setup.StatusFailed && errors.Is(l.err, context.Canceled)) {
			out = append(out, m.t("exit.cutoff.call", m.actionLabel(l.action), zoom.RegionLabel(l.region)))
		}
	}
	return out
}

// ExitNote is said after the exit summary when a stop cut a key-creating
// call off mid-way: the key may exist although the session does not name
// it, and a rerun finds it by its tag instead of making another.
func (m *Model) ExitNote() string {
	if len(m.cutOff) == 0 {
		return ""
	}
	return m.t("exit.cutoff", strings.Join(m.cutOff, ", ")) + "\n"
}

// finishApply records the outcome in the session and shows it.
func (m *Model) finishApply(res *setup.Result, err error) tea.Cmd {
	m.key.res, m.key.err = res, err
	for i := range m.key.lines {
		l := &m.key.lines[i]
		switch {
		case l.status == setup.StatusStarted && err != nil:
			l.status = setup.StatusFailed
		case l.status == "pending" && err == nil:
			l.status = "skipped"
		}
	}
	if err != nil {
		m.key.phase = keyFailed
	} else {
		m.key.phase = keyDone
	}
	if m.dryRun() {
		return nil
	}
	if res != nil && len(res.Keys) > 0 && res.Keys[0].ARN != "" {
		if m.key.pinned == "" {
			m.key.pinned, m.key.pinnedAlias = res.Keys[0].ARN, res.Alias
		}
		res.Record(m.sess, m.cfg.Profile, m.cfg.Now())
		// The session says whether the set is finished: the key step until
		// an apply succeeds (ExitSummary labels such a set incomplete).
		if err == nil {
			m.sess.Step = stepIDs[stepPolicy]
		} else {
			m.sess.Step = stepIDs[stepKey]
		}
		return m.save()
	}
	return nil
}

func (m *Model) updateKey(msg tea.Msg) tea.Cmd {
	if m.form != nil {
		return m.updateForm(msg)
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	switch m.key.phase {
	case keyConfirm:
		switch {
		case key.Matches(k, m.keys.Up), key.Matches(k, m.keys.Down), k.Type == tea.KeyPgUp, k.Type == tea.KeyPgDown:
			var cmd tea.Cmd
			m.key.vp, cmd = m.key.vp.Update(msg)
			return cmd
		case key.Matches(k, m.keys.Apply):
			p := m.key.plan
			if p.DryRun || p.Changes() == 0 {
				return m.finishApply(p.Result(), nil)
			}
			return m.startApply()
		case key.Matches(k, m.keys.Cancel):
			return m.back()
		}
	case keyPlanFailed:
		if key.Matches(k, m.keys.Retry) {
			return m.startPlan(false)
		}
	case keyFailed:
		if key.Matches(k, m.keys.Retry) {
			return m.startPlan(true)
		}
	case keyDone:
		if key.Matches(k, m.keys.Next) {
			return m.advance()
		}
	}
	return nil
}

func (m *Model) keyKeys() []key.Binding {
	switch m.key.phase {
	case keyConfirm:
		if m.key.plan != nil && (m.key.plan.DryRun || m.key.plan.Changes() == 0) {
			return []key.Binding{m.keys.Next, m.keys.Cancel, m.keys.Up, m.keys.Down}
		}
		return []key.Binding{m.keys.Apply, m.keys.Cancel, m.keys.Up, m.keys.Down}
	case keyPlanFailed, keyFailed:
		return []key.Binding{m.keys.Retry}
	case keyDone:
		return []key.Binding{m.keys.Next}
	}
	return nil
}
