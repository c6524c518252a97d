package ui

import (
	"errors"
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
)

// Where m writes the runbook: the working directory (the default, one
// Enter), or a path the admin types. A typed path is checked before
// anything is written, shown in full and confirmed: its form checks what
// was typed (flow.RunbookAbs, no disk touched), and the full screen checks the
// place on disk (docs.CheckRunbookPath) in a command, never in Update,
// where a slow or network disk would freeze the screen. A
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

// runbookWhereGroup asks where the runbook in lang goes; def is the file
// the working directory would get, shown in full.
func (m *painter) runbookWhereGroup(def string, lang i18n.Lang, choice *string) *huh.Group {
	title := m.t("runbook.where.title")
	if lang != m.f.Cat.Lang() {
		title = m.t("runbook.where.title.lang", m.t("lang."+string(lang)))
	}
	return huh.NewGroup(huh.NewSelect[string]().Key("where").Title(look.Fit(title, m.pathW())).
		Description(look.Fit(m.t("runbook.where.desc"), m.pathW())+"\n"+wrapPath(def, m.pathW())).
		Options(huh.NewOption(m.t("runbook.where.here"), rbHere), huh.NewOption(m.t("runbook.where.other"), rbOther)).
		Value(choice))
}

// runbookPathGroup asks for the path; what is typed is checked on enter
// (as a path: whether the place can be written is checked after).
func (m *painter) runbookPathGroup(path *string) *huh.Group {
	return huh.NewGroup(huh.NewInput().Key("path").Title(look.Fit(m.t("runbook.path.title"), m.pathW())).
		Description(look.Fit(m.t("runbook.path.desc"), m.pathW()) + "\n" + wrapPath(m.f.RunbookBase(), m.pathW())).
		Placeholder(m.t("eg", "~/change-records/zoom-cmk-runbook.md")).
		Value(path).Validate(fitErr(m, m.validateRunbookPath)))
}

// validateRunbookPath says, in the wizard's language, why the typed text
// names no path for the runbook. It reads no disk: it runs in Update.
func (m *painter) validateRunbookPath(typed string) error {
	_, err := m.f.RunbookAbs(typed)
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
// name, free, shown) or replace it. Each time the admin may type another path.
func (m *painter) runbookConfirmGroup(abs string, exists bool, free string, choice *string) *huh.Group {
	title, opts := m.t("runbook.confirm.title"), []huh.Option[string]{huh.NewOption(m.t("runbook.confirm.write"), rbWrite)}
	if exists {
		title = m.t("runbook.exists.title")
		opts = []huh.Option[string]{
			huh.NewOption(m.t("runbook.exists.newname", filepath.Base(free)), rbNewName),
			huh.NewOption(m.t("runbook.exists.replace"), rbReplace),
		}
	}
	opts = append(opts, huh.NewOption(m.t("runbook.confirm.other"), rbOther))
	*choice = opts[0].Value
	return huh.NewGroup(huh.NewSelect[string]().Key("confirm").Title(look.Fit(title, m.pathW())).
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

// chooseRunbookPlace asks where the runbook in lang goes (m: the wizard's
// language, M: the other one).
func (s *portalStep) chooseRunbookPlace(lang i18n.Lang) tea.Cmd {
	m := s.m
	s.rbGen++ // an answer to an earlier check is too late
	s.overlay, s.rbChoice, s.rbAbs, s.rbLang = overlayRunbook, rbHere, m.f.RunbookPathIn(lang), lang
	return m.setForm(huh.NewForm(m.runbookWhereGroup(s.rbAbs, lang, &s.rbChoice)), func() tea.Cmd {
		if s.rbChoice == rbOther {
			return s.askRunbookPath()
		}
		s.overlay = overlayNone
		m.flash = m.t("portal.export.running")
		return exportCmd(s.rbAbs, m.f.RunbookIn(CatalogueFor(s.rbLang)), docs.WriteNewName)
	})
}

// askRunbookPath asks for the path (keeping what was typed before), then
// checks the place in a command (onRunbookChecked has its answer).
func (s *portalStep) askRunbookPath() tea.Cmd {
	m := s.m
	s.overlay = overlayRunbook
	s.rbGen++
	return m.setForm(huh.NewForm(m.runbookPathGroup(&s.rbPath)), func() tea.Cmd {
		abs, err := m.f.RunbookAbs(s.rbPath)
		if err != nil { // the form checked it; should it fail now, ask again
			m.flash = m.st.Bad.Render("✗ " + m.runbookPathErr(err).Error())
			return s.askRunbookPath()
		}
		m.flash = m.t("runbook.path.checking", abs)
		s.rbGen++
		return checkRunbookCmd(abs, s.rbGen)
	})
}

// onRunbookChecked takes the check of the typed path: where the runbook
// cannot be written the path is asked again, saying why; else the full
// path is shown to confirm. An answer for a form closed or asked again
// since is dropped.
func (s *portalStep) onRunbookChecked(msg runbookCheckedMsg) tea.Cmd {
	m := s.m
	if msg.gen != s.rbGen || s.overlay != overlayRunbook || m.form != nil {
		return nil
	}
	if msg.err != nil {
		m.flash = m.st.Bad.Render("✗ " + m.runbookPathErr(msg.err).Error())
		return s.askRunbookPath()
	}
	m.flash = ""
	s.rbAbs, s.rbExists, s.rbFree = msg.abs, msg.exists, msg.free
	return s.confirmRunbookPath()
}

// confirmRunbookPath shows the full path and writes the runbook there as
// the admin answers.
func (s *portalStep) confirmRunbookPath() tea.Cmd {
	m := s.m
	return m.setForm(huh.NewForm(m.runbookConfirmGroup(s.rbAbs, s.rbExists, s.rbFree, &s.rbChoice)), func() tea.Cmd {
		if s.rbChoice == rbOther {
			return s.askRunbookPath()
		}
		s.overlay = overlayNone
		m.flash = m.t("portal.export.running")
		return exportCmd(s.rbAbs, m.f.RunbookIn(CatalogueFor(s.rbLang)), writeModeFor(s.rbChoice))
	})
}

// The accessible face: the same questions as plain prompts.

// runbookPlace asks where the runbook goes and returns the file and how to
// write it: the working directory (enter), or a typed path, checked,
// shown in full and confirmed.
func (a *plain) runbookPlace() (string, docs.WriteMode, error) {
	f, r := a.f, a.r
	def, choice := f.RunbookPath(), rbHere
	a.say("%s\n%s", r.t("runbook.where.desc"), def) // the line mode leaves out a field's description
	if err := a.askGroup(r.runbookWhereGroup(def, f.Cat.Lang(), &choice)); err != nil || choice == rbHere {
		return def, docs.WriteNewName, err
	}
	typed := ""
	for {
		a.say("%s\n%s", r.t("runbook.path.desc"), f.RunbookBase())
		if err := a.askGroup(r.runbookPathGroup(&typed)); err != nil {
			return "", docs.WriteNew, err
		}
		abs, exists, err := f.RunbookTarget(typed)
		if err != nil { // changed since it was checked
			a.say("✗ %s", r.runbookPathErr(err))
			continue
		}
		a.say("%s", abs)
		free := ""
		if exists {
			free = docs.FreeRunbookPath(abs)
		}
		if err := a.askGroup(r.runbookConfirmGroup(abs, exists, free, &choice)); err != nil {
			return "", docs.WriteNew, err
		}
		if choice != rbOther {
			return abs, writeModeFor(choice), nil
		}
	}
}
