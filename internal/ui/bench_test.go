package ui

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

const benchAccount = "123456789012"

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

// benchModel is the wizard at 100x30 showing step s.
func benchModel(tb testing.TB, s flow.Step) *Model {
	tb.Helper()
	// Draw in 256 colours, as in a terminal (tests draw plain text).
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.ANSI256)
	lipgloss.SetHasDarkBackground(true)
	tb.Cleanup(func() { lipgloss.SetColorProfile(prev) })
	m := New(Config{Engine: &stubEngine{}, Session: benchSession(),
		Now: func() time.Time { return time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC) }})
	r := cmdRunner{tb: tb, update: func(msg tea.Msg) tea.Cmd { _, cmd := m.Update(msg); return cmd }}
	r.run(r.update(tea.WindowSizeMsg{Width: 100, Height: 30}))
	r.run(m.Init())
	r.run(m.enter(s))
	if m.step != s {
		tb.Fatalf("wizard shows step %s, want %s", m.step.ID(), s.ID())
	}
	return m
}

// BenchmarkView renders each wizard step at 100x30 (the target is under 1 ms
// a frame; see BENCHMARKS.md). The key step is measured on its three screens:
// the options form, the plan awaiting confirmation and the live progress.
func BenchmarkView(b *testing.B) {
	type screen struct {
		name  string
		step  flow.Step
		setup func(tb testing.TB, m *Model)
	}
	var screens []screen
	for s := flow.StepPrereq; s < flow.NumSteps; s++ {
		screens = append(screens, screen{name: s.ID(), step: s})
		if s == flow.StepKey {
			screens = append(screens,
				screen{"key-plan", flow.StepKey, benchPlan},
				screen{"key-progress", flow.StepKey, func(tb testing.TB, m *Model) {
					benchPlan(tb, m)
					_ = m.f.MayWrite(flow.AnswerYes)
					screenOf[*keyStep](m).startApply()
				}})
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
	o, err := m.f.Options()
	if err != nil {
		tb.Fatal(err)
	}
	p, _ := (&stubEngine{}).Plan(context.Background(), o)
	screenOf[*keyStep](m).gen++
	screenOf[*keyStep](m).onPlan(planMsg{plan: p, gen: screenOf[*keyStep](m).gen})
	if screenOf[*keyStep](m).phase != keyConfirm {
		tb.Fatalf("key step in phase %d, want the plan (%d)", screenOf[*keyStep](m).phase, keyConfirm)
	}
}
