package ui

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

const benchAccount = "123456789012"

// benchEngine answers at once and touches no AWS endpoint.
type benchEngine struct{}

func (benchEngine) DefaultRegion() string { return "ap-northeast-1" }

func (benchEngine) Identity(context.Context) (setup.Identity, error) {
	return setup.Identity{AccountID: benchAccount, Partition: "aws", ARN: "arn:aws:iam::" + benchAccount + ":user/admin"}, nil
}

func (benchEngine) Probe(context.Context, string) error { return nil }

func (benchEngine) Plan(_ context.Context, o setup.Options) (*setup.Plan, error) {
	o.AccountID = benchAccount
	if o.ZoomAccountID == "" {
		o.ZoomAccountID = zoom.ZoomAccountID
	}
	p := setup.OfflinePlan(o)
	p.DryRun = false
	return p, nil
}

func (benchEngine) Apply(_ context.Context, p *setup.Plan, _ func(setup.Event)) (*setup.Result, error) {
	return p.Result(), nil
}

func (benchEngine) Verify(_ context.Context, o setup.VerifyOptions) (*setup.VerifyReport, error) {
	return healthyReport(o), nil
}

// benchSession is a finished setup in Tokyo and Osaka, so that every step has
// its full content (ARNs, policy, checklist) to draw.
func benchSession() *state.Session {
	const id = "mrk-1234abcd12ab34cd56ef1234567890ab"
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	return &state.Session{
		Version: state.FormatVersion, AccountID: benchAccount, Partition: "aws", Alias: "alias/zoom-cmk",
		ZoomAccountID: zoom.ZoomAccountID, PrimaryRegion: "ap-northeast-1", Replicas: []string{"ap-northeast-3"},
		Keys: []state.Key{
			{Region: "ap-northeast-1", Role: "primary", KeyID: id, ARN: "arn:aws:kms:ap-northeast-1:" + benchAccount + ":key/" + id},
			{Region: "ap-northeast-3", Role: "replica", KeyID: id, ARN: "arn:aws:kms:ap-northeast-3:" + benchAccount + ":key/" + id},
		},
		Policy:  zoom.BuildPolicy("aws", benchAccount, zoom.ZoomAccountID),
		SetupAt: at, UpdatedAt: at,
	}
}

// settle runs cmd and feeds the messages it produces back into m, the way
// the program would, dropping commands that do not answer within a moment
// (timers such as the spinner's tick).
func settle(m *Model, cmd tea.Cmd, budget *int) {
	if cmd == nil || *budget <= 0 {
		return
	}
	*budget--
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(20 * time.Millisecond):
		return
	}
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			settle(m, c, budget)
		}
	default:
		_, next := m.Update(msg)
		settle(m, next, budget)
	}
}

// benchModel is the wizard at 100x30 showing step s.
func benchModel(tb testing.TB, s step) *Model {
	tb.Helper()
	// Draw in 256 colours, as in a terminal (tests draw plain text).
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.ANSI256)
	lipgloss.SetHasDarkBackground(true)
	tb.Cleanup(func() { lipgloss.SetColorProfile(prev) })
	m := New(Config{Engine: benchEngine{}, Session: benchSession(),
		Now: func() time.Time { return time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC) }})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	budget := 200
	settle(m, m.Init(), &budget)
	settle(m, m.enter(s), &budget)
	if m.step != s {
		tb.Fatalf("wizard shows step %s, want %s", stepIDs[m.step], stepIDs[s])
	}
	return m
}

// BenchmarkView renders each wizard step at 100x30 (the target is under 1 ms
// a frame; see BENCHMARKS.md). The key step is measured on its three screens:
// the options form, the plan awaiting confirmation and the live progress.
func BenchmarkView(b *testing.B) {
	type screen struct {
		name  string
		step  step
		setup func(tb testing.TB, m *Model)
	}
	var screens []screen
	for s := stepPrereq; s < numSteps; s++ {
		screens = append(screens, screen{name: stepIDs[s], step: s})
		if s == stepKey {
			screens = append(screens,
				screen{"key-plan", stepKey, benchPlan},
				screen{"key-progress", stepKey, func(tb testing.TB, m *Model) { benchPlan(tb, m); m.startApply() }})
		}
	}
	for _, sc := range screens {
		b.Run(sc.name, func(b *testing.B) {
			m := benchModel(b, sc.step)
			if sc.setup != nil {
				sc.setup(b, m)
			}
			if m.View() == "" {
				b.Fatal("empty view")
			}
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// benchPlan shows the plan of a fresh two-Region setup, awaiting confirmation.
func benchPlan(tb testing.TB, m *Model) {
	o, err := m.options()
	if err != nil {
		tb.Fatal(err)
	}
	p, _ := benchEngine{}.Plan(context.Background(), o)
	m.key.opts = o
	m.key.gen++
	m.onPlan(planMsg{plan: p, gen: m.key.gen})
	if m.key.phase != keyConfirm {
		tb.Fatalf("key step in phase %d, want the plan (%d)", m.key.phase, keyConfirm)
	}
}
