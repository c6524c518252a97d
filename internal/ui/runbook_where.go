package ui

import (
	"errors"
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/docs"
)

// Where m writes the runbook: the working directory (the default, one
// Enter), or a path the admin types. A typed path is checked before
// anything is written (docs.CheckRunbookPath), shown in full and confirmed; a
// file already there is replaced only when the admin chooses so, else the
// runbook gets the next free name. The path written is said at once and
// repeated at exit (ExitSummary). The forms are the painter's, for both
// faces; the full screen runs them as overlays of the checklist, the
// accessible face as plain prompts (accessible_portal.go).

// The answers of the runbook's forms.
const (
	rbHere    = "here"    // the working directory
	rbOther   = "other"   // type a(nother) path
	rbWrite   = "write"   // the path is free: write it
	rbNewName = "newname" // a file is there: keep it, write the next free name
	rbReplace = "replace" // a file is there: replace it
)

// runbookBase is the folder a relative path starts from: the admin's
// working directory (where m writes by default).
func (f *flow) runbookBase() string { return filepath.Dir(f.runbookPath()) }

// runbookTarget resolves and checks a typed path: the absolute path, and
// whether a file is there already.
func (f *flow) runbookTarget(typed string) (abs string, exists bool, err error) {
	abs, err = docs.ResolveRunbookPath(typed, f.runbookBase())
	if err != nil {
		return "", false, err
	}
	exists, err = docs.CheckRunbookPath(abs)
	return abs, exists, err
}

// wrapPath breaks a path wider than w columns after its separators, so that
// every line but the last ends in "/" and the path reads whole when the
// lines are put together; a name wider than w is cut at the edge.
func wrapPath(p string, w int) string {
	if w <= 0 || ansi.StringWidth(p) <= w {
		return p
	}
	var lines []string
	for ansi.StringWidth(p) > w {
		head := ansi.Truncate(p, w, "")
		if i := strings.LastIndex(head, "/"); i > 0 {
			head = head[:i+1]
		}
		lines = append(lines, head)
		p = p[len(head):]
	}
	return strings.Join(append(lines, p), "\n")
}

// pathW is the width a path is wrapped to in a form.
func (m *painter) pathW() int { return m.errWidth() }

// runbookWhereGroup asks where the runbook goes; def is the file the
// working directory would get, shown in full.
func (m *painter) runbookWhereGroup(def string, choice *string) *huh.Group {
	return huh.NewGroup(huh.NewSelect[string]().Key("where").Title(m.fitText(m.t("runbook.where.title"), m.pathW())).
		Description(m.fitText(m.t("runbook.where.desc"), m.pathW())+"\n"+wrapPath(def, m.pathW())).
		Options(huh.NewOption(m.t("runbook.where.here"), rbHere), huh.NewOption(m.t("runbook.where.other"), rbOther)).
		Value(choice))
}

// runbookPathGroup asks for the path; what is typed is checked on enter.
func (m *painter) runbookPathGroup(path *string) *huh.Group {
	return huh.NewGroup(huh.NewInput().Key("path").Title(m.fitText(m.t("runbook.path.title"), m.pathW())).
		Description(m.fitText(m.t("runbook.path.desc"), m.pathW()) + "\n" + wrapPath(m.f.runbookBase(), m.pathW())).
		Placeholder(m.t("eg", "~/change-records/zoom-cmk-runbook.md")).
		Value(path).Validate(fitErr(m, m.validateRunbookPath)))
}

// validateRunbookPath says, in the wizard's language, why the runbook
// cannot be written at the typed path.
func (m *painter) validateRunbookPath(typed string) error {
	_, _, err := m.f.runbookTarget(typed)
	return m.runbookPathErr(err)
}

func (m *painter) runbookPathErr(err error) error {
	var pe *docs.RunbookPathError
	if errors.As(err, &pe) {
		return errors.New(m.p().M(pe.Localized()))
	}
	return err
}

// runbookConfirmGroup shows the full path and asks to write it; when a
// file is there, whether to keep it (the runbook then gets the next free
// name, shown) or replace it. Each time the admin may type another path.
func (m *painter) runbookConfirmGroup(abs string, exists bool, choice *string) *huh.Group {
	title, opts := m.t("runbook.confirm.title"), []huh.Option[string]{huh.NewOption(m.t("runbook.confirm.write"), rbWrite)}
	if exists {
		title = m.t("runbook.exists.title")
		opts = []huh.Option[string]{
			huh.NewOption(m.t("runbook.exists.newname", filepath.Base(docs.FreeRunbookPath(abs))), rbNewName),
			huh.NewOption(m.t("runbook.exists.replace"), rbReplace),
		}
	}
	opts = append(opts, huh.NewOption(m.t("runbook.confirm.other"), rbOther))
	*choice = opts[0].Value
	return huh.NewGroup(huh.NewSelect[string]().Key("confirm").Title(m.fitText(title, m.pathW())).
		Description(wrapPath(abs, m.pathW())).Options(opts...).Value(choice))
}

// writeModeFor is how the confirmed answer writes the file.
func writeModeFor(choice string) docs.WriteMode {
	switch choice {
	case rbReplace:
		return docs.WriteReplace
	case rbNewName:
		return docs.WriteNewName
	}
	return docs.WriteNew
}

// The full screen: m opens the question over the checklist.

// chooseRunbookPlace asks where the runbook goes.
func (s *portalStep) chooseRunbookPlace() tea.Cmd {
	m := s.m
	s.overlay, s.rbChoice, s.rbAbs = overlayRunbook, rbHere, m.f.runbookPath()
	return m.setForm(huh.NewForm(m.runbookWhereGroup(s.rbAbs, &s.rbChoice)), func() tea.Cmd {
		if s.rbChoice == rbOther {
			return s.askRunbookPath()
		}
		s.overlay = overlayNone
		m.flash = m.t("portal.export.running")
		return exportCmd(s.rbAbs, m.f.runbook(), docs.WriteNewName)
	})
}

// askRunbookPath asks for the path (keeping what was typed before).
func (s *portalStep) askRunbookPath() tea.Cmd {
	m := s.m
	s.overlay = overlayRunbook
	return m.setForm(huh.NewForm(m.runbookPathGroup(&s.rbPath)), func() tea.Cmd {
		abs, exists, err := m.f.runbookTarget(s.rbPath)
		if err != nil { // changed since it was checked: ask again
			m.flash = m.st.bad.Render("✗ " + m.runbookPathErr(err).Error())
			return s.askRunbookPath()
		}
		s.rbAbs, s.rbExists = abs, exists
		return s.confirmRunbookPath()
	})
}

// confirmRunbookPath shows the full path and writes the runbook there as
// the admin answers.
func (s *portalStep) confirmRunbookPath() tea.Cmd {
	m := s.m
	return m.setForm(huh.NewForm(m.runbookConfirmGroup(s.rbAbs, s.rbExists, &s.rbChoice)), func() tea.Cmd {
		if s.rbChoice == rbOther {
			return s.askRunbookPath()
		}
		s.overlay = overlayNone
		m.flash = m.t("portal.export.running")
		return exportCmd(s.rbAbs, m.f.runbook(), writeModeFor(s.rbChoice))
	})
}

// The accessible face: the same questions as plain prompts.

// runbookPlace asks where the runbook goes and returns the file and how to
// write it: the working directory (enter), or a typed path, checked,
// shown in full and confirmed.
func (a *plain) runbookPlace() (string, docs.WriteMode, error) {
	f, r := a.f, a.r
	def, choice := f.runbookPath(), rbHere
	a.say("%s\n%s", r.t("runbook.where.desc"), def) // the line mode leaves out a field's description
	if err := a.askGroup(r.runbookWhereGroup(def, &choice)); err != nil || choice == rbHere {
		return def, docs.WriteNewName, err
	}
	typed := ""
	for {
		a.say("%s\n%s", r.t("runbook.path.desc"), f.runbookBase())
		if err := a.askGroup(r.runbookPathGroup(&typed)); err != nil {
			return "", docs.WriteNew, err
		}
		abs, exists, err := f.runbookTarget(typed)
		if err != nil { // changed since it was checked
			a.say("✗ %s", r.runbookPathErr(err))
			continue
		}
		a.say("%s", abs)
		if err := a.askGroup(r.runbookConfirmGroup(abs, exists, &choice)); err != nil {
			return "", docs.WriteNew, err
		}
		if choice != rbOther {
			return abs, writeModeFor(choice), nil
		}
	}
}
