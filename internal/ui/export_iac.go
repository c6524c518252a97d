package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
)

// The checklist's x: the key set as Terraform or CloudFormation that
// adopts it (internal/docs/export*.go), as `zcmk-tui export` writes it.
// It asks the format and the folder (checked at once: a folder with any
// of the files in it is refused, never overwritten), then refreshes the
// facts through the engine (read-only calls) and writes the files in the
// wizard's language. The forms run as the checklist's form overlay.

// ExportEngine is the part of *setup.Engine the export needs; an engine
// without it (a test's stub) exports from the session alone.
type ExportEngine interface {
	ExportFacts(ctx context.Context, keys []state.Key, alias string) ([]setup.KeyFacts, error)
	ExportAlerts(ctx context.Context, a *state.Alerts, alias string) ([]setup.AlertFacts, error)
}

var _ ExportEngine = (*setup.Engine)(nil)

// codeExportedMsg reports the files an export wrote into dir, or why not.
type codeExportedMsg struct {
	dir   string
	files []string
	err   error
}

// codeInput is the export's input from the session alone (offline).
func (m *painter) codeInput() docs.ExportInput {
	return ExportInput(m.f.Sess, setup.SessionFacts(m.f.Sess), setup.SessionAlerts(m.f.Sess), m.f.Cat.Lang())
}

// ExportInput is the export's input from the session and the engine's
// facts (or the session's own: setup.SessionFacts, setup.SessionAlerts),
// for every face and the CLI.
func ExportInput(s *state.Session, facts []setup.KeyFacts, alerts []setup.AlertFacts, lang i18n.Lang) docs.ExportInput {
	df := make([]docs.KeyFacts, len(facts))
	for i, k := range facts {
		df[i] = docs.KeyFacts(k)
	}
	in := docs.SessionInput(s, df, lang)
	for _, a := range alerts {
		set := docs.AlertSet{Region: a.Region, Topic: docs.AlertTopic(a.Topic)}
		for _, sub := range a.Subscriptions {
			set.Subscriptions = append(set.Subscriptions, docs.AlertSubscription(sub))
		}
		for _, r := range a.Rules {
			rule := docs.AlertRule{Name: r.Name, ARN: r.ARN, Description: r.Description, EventPattern: r.EventPattern, State: r.State, Tags: r.Tags}
			for _, t := range r.Targets {
				rule.Targets = append(rule.Targets, docs.AlertTarget(t))
			}
			set.Rules = append(set.Rules, rule)
		}
		in.Alerts = append(in.Alerts, set)
	}
	return in
}

// ExportFiles makes the export's files of the session s: the facts
// refreshed through eng (read-only calls), or from the session alone when
// eng is nil (the input then says it is offline).
func ExportFiles(ctx context.Context, eng ExportEngine, format string, s *state.Session, lang i18n.Lang) ([]docs.File, error) {
	facts, alerts, offline := setup.SessionFacts(s), setup.SessionAlerts(s), true
	if eng != nil {
		f, err := eng.ExportFacts(ctx, docs.ExportKeys(s), docs.ExportAlias(s))
		if err != nil {
			return nil, err
		}
		a, err := eng.ExportAlerts(ctx, s.Alerts, docs.ExportAlias(s))
		if err != nil {
			return nil, err
		}
		facts, alerts, offline = f, a, false
	}
	in := ExportInput(s, facts, alerts, lang)
	in.Offline = offline
	return docs.Export(format, in)
}

// codeDirErr is why the export cannot go into the typed folder, in the
// wizard's language; nil when it can.
func (m *painter) codeDirErr(format, typed string) error {
	names, err := docs.ExportNames(format, m.codeInput())
	if err == nil {
		_, err = docs.ExportDir(m.f.CodeDir(typed), names, false)
	}
	var ee *docs.ExportError
	if errors.As(err, &ee) {
		return errors.New(m.p().M(ee.Localized()))
	}
	return err
}

// codeGroup asks the format and the folder.
func (m *painter) codeGroup(format, dir *string) *huh.Group {
	return huh.NewGroup(
		huh.NewSelect[string]().Key("format").Title(look.Fit(m.t("code.format"), m.pathW())).
			Options(huh.NewOption(m.t("code.terraform"), docs.FormatTerraform), huh.NewOption(m.t("code.cloudformation"), docs.FormatCloudFormation)).
			Value(format),
		huh.NewInput().Key("dir").Title(look.Fit(m.t("code.dir"), m.pathW())).
			DescriptionFunc(func() string {
				return look.Fit(m.t("code.dir.desc"), m.pathW()) + "\n" + wrapPath(m.f.RunbookBase(), m.pathW())
			}, format).
			PlaceholderFunc(func() string { return "zoom-cmk-" + *format }, format).
			Value(dir).Validate(fitErr(m, func(s string) error {
			if strings.TrimSpace(s) == "" {
				s = "zoom-cmk-" + *format
			}
			return m.codeDirErr(*format, s)
		})),
	)
}

// chooseCodeExport opens the export's form over the checklist.
func (s *portalStep) chooseCodeExport() tea.Cmd {
	m := s.m
	if !m.f.CanVerify() || len(m.f.Sess.Keys) == 0 || m.f.Incomplete() {
		m.flash = m.st.Warn.Render(m.t("code.none"))
		return nil
	}
	s.overlay, s.codeFormat, s.codeTyped = overlayRunbook, docs.FormatTerraform, ""
	return m.setForm(huh.NewForm(m.codeGroup(&s.codeFormat, &s.codeTyped)), func() tea.Cmd {
		s.overlay = overlayNone
		typed := strings.TrimSpace(s.codeTyped)
		if typed == "" {
			typed = "zoom-cmk-" + s.codeFormat
		}
		m.flash = m.t("code.running")
		eng, _ := m.eng.(ExportEngine)
		return codeExportCmd(m.ctx, eng, s.codeFormat, m.f.CodeDir(typed), cloneSession(m.f.Sess), m.f.Cat.Lang())
	})
}

// codeExportCmd refreshes the facts (read-only calls; from the session
// alone without an ExportEngine), makes the files and writes them, never
// over a file.
func codeExportCmd(ctx context.Context, eng ExportEngine, format, dir string, s *state.Session, lang i18n.Lang) tea.Cmd {
	return func() tea.Msg {
		files, err := ExportFiles(ctx, eng, format, s, lang)
		if err != nil {
			return codeExportedMsg{dir: dir, err: err}
		}
		written, err := docs.WriteExport(dir, files, false)
		return codeExportedMsg{dir: dir, files: written, err: err}
	}
}

func (s *portalStep) onCodeExported(msg codeExportedMsg) {
	m := s.m
	if msg.err != nil {
		m.flash = m.st.Bad.Render("✗ " + m.t("code.failed", m.p().Err(msg.err)))
		return
	}
	dir := msg.dir
	if home, err := os.UserHomeDir(); err == nil && strings.HasPrefix(dir, home+string(filepath.Separator)) {
		dir = "~" + strings.TrimPrefix(dir, home)
	}
	m.flash = m.st.OK.Render("✓") + " " + m.t("code.done", len(msg.files), dir)
}
