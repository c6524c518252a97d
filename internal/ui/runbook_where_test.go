package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// whole is view with its lines put back together, without the padding at
// their ends: a path wrapped over lines reads whole in it.
func whole(view string) string {
	var b strings.Builder
	for _, l := range strings.Split(ansi.Strip(view), "\n") {
		b.WriteString(strings.TrimSpace(strings.TrimLeft(l, " ┃│")))
	}
	return b.String()
}

// words is view as one line of words (for a sentence wrapped over lines).
func words(view string) string { return strings.Join(strings.Fields(ansi.Strip(view)), " ") }

// runbookHarness is the checklist of a finished setup, m writing into
// dir (the working directory), with HOME at home.
func runbookHarness(t *testing.T, w, h int, mod ...func(*Config)) (hn *harness, dir, home string) {
	t.Helper()
	dir, home = t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	hn = newHarness(t, &stubEngine{}, doneSession(), append([]func(*Config){func(c *Config) { c.RunbookDir = dir }}, mod...)...)
	hn.send(tea.WindowSizeMsg{Width: w, Height: h})
	hn.wantStep("portal")
	return hn, dir, home
}

// typePath opens m's "another path" and types p into the path field.
func (h *harness) typePath(p string) {
	h.t.Helper()
	h.typ("m")
	h.wantView("Where should the runbook go?")
	h.key(tea.KeyDown)
	h.enter(1)
	h.wantView("Path of the runbook file")
	h.key(tea.KeyCtrlU)
	h.typ(p)
}

// TestRunbookWrittenElsewhere: m offers the working directory (enter) or a
// typed path. A typed path is checked before anything is written (a
// folder that does not exist, a folder, a place that cannot be written),
// ~ is the home folder, a relative path starts from the working
// directory; the full path is shown and confirmed, said once written and
// repeated at exit. A file already there is never replaced silently: kept
// (the runbook gets the next free name) or replaced only when chosen.
func TestRunbookWrittenElsewhere(t *testing.T) {
	h, dir, home := runbookHarness(t, 100, 30)
	if err := os.Mkdir(filepath.Join(home, "records"), 0o700); err != nil {
		t.Fatal(err)
	}

	// The default is the working directory, its file shown in full.
	h.typ("m")
	def := filepath.Join(dir, "zoom-cmk-runbook-20261128-120000.md")
	h.wantView("Where should the runbook go?", "The working directory", "Another path")
	if !strings.Contains(whole(h.view()), def) {
		t.Fatalf("the default file is not shown whole:\n%s", h.view())
	}
	h.key(tea.KeyEsc) // back to the checklist, nothing written
	h.wantView("1. Paste the key ARNs")
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Fatalf("esc wrote %v", files)
	}

	// Bad paths: said in the form, nothing written, the form stays.
	h.typePath("")
	for _, tc := range []struct{ typed, want string }{
		{"", "type a path for the runbook"},
		{"no-such-folder/rb.md", "its folder does not exist"},
		{"~", "is a folder: add a file name"},
		{"~/records", "is a folder: add a file name"},
	} {
		h.key(tea.KeyCtrlU)
		h.typ(tc.typed)
		h.enter(1)
		h.wantView("Path of the runbook file", "esc close")
		if !strings.Contains(words(h.view()), tc.want) {
			t.Fatalf("%q: the form does not say %q:\n%s", tc.typed, tc.want, h.view())
		}
	}
	if runtime.GOOS == "linux" {
		h.key(tea.KeyCtrlU)
		h.typ("/proc/rb.md") // not writable, even for root
		h.enter(1)
		h.wantView("Path of the runbook file")
		if !strings.Contains(words(h.view()), "cannot be written") {
			t.Fatalf("/proc/rb.md: the form does not say it cannot be written:\n%s", h.view())
		}
	}
	h.key(tea.KeyEsc)

	// ~ expanded, confirmed with the full path, written, said, repeated at exit.
	want := filepath.Join(home, "records", "rb.md")
	h.typePath("~/records/rb.md")
	h.enter(1)
	h.wantView("Write the runbook to this file?", "Yes, write it", "No, type another path")
	if !strings.Contains(whole(h.view()), want) {
		t.Fatalf("the confirmation does not show %s whole:\n%s", want, h.view())
	}
	h.enter(1)
	h.wantView("Runbook written to")
	if got := h.m.Session().RunbookPath; got != want {
		t.Fatalf("runbook written to %q, want %q", got, want)
	}
	if b, err := os.ReadFile(want); err != nil || !strings.Contains(string(b), "# Zoom Customer Managed Key: runbook") {
		t.Fatalf("%s: %v", want, err)
	}
	if sum := docs.ExitSummary(English, h.m.Session(), h.m.cfg.StatePath, false); !strings.Contains(sum, "Runbook (Markdown) for the change record:\n"+want+"\n") {
		t.Errorf("the exit lines do not repeat %s:\n%s", want, sum)
	}

	// The same path again: the file is kept, the runbook gets the next name.
	if err := os.WriteFile(want, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.typePath("~/records/rb.md")
	h.enter(1)
	h.wantView("A file with this name is already there", "Keep it, and write the runbook as rb-2.md", "Replace it")
	h.enter(1)
	h.wantView("Runbook written to")
	if b, _ := os.ReadFile(want); string(b) != "mine" {
		t.Fatalf("the existing file was changed: %q", b)
	}
	if got := h.m.Session().RunbookPath; got != filepath.Join(home, "records", "rb-2.md") {
		t.Fatalf("runbook written to %q", got)
	}

	// "Type another path" goes back to the path; replacing needs the choice.
	h.typePath("~/records/rb.md")
	h.enter(1)
	h.key(tea.KeyDown)
	h.key(tea.KeyDown)
	h.enter(1)
	h.wantView("Path of the runbook file")
	h.enter(1)
	h.wantView("A file with this name is already there")
	h.key(tea.KeyDown)
	h.enter(1)
	h.wantView("Runbook written to")
	if b, _ := os.ReadFile(want); !strings.Contains(string(b), "# Zoom Customer Managed Key: runbook") {
		t.Fatalf("Replace it did not replace: %q", b)
	}

	// A relative path starts from the working directory.
	h.typePath("sub.md")
	h.enter(1)
	if !strings.Contains(whole(h.view()), filepath.Join(dir, "sub.md")) {
		t.Fatalf("a relative path is not made absolute from %s:\n%s", dir, h.view())
	}
	h.enter(1)
	if got := h.m.Session().RunbookPath; got != filepath.Join(dir, "sub.md") {
		t.Fatalf("runbook written to %q", got)
	}
}

// TestRunbookDefaultNeverOverwrites: m and enter twice in the same second
// (the same file name) keep the first file.
func TestRunbookDefaultNeverOverwrites(t *testing.T) {
	h, dir, _ := runbookHarness(t, 100, 30)
	def := filepath.Join(dir, "zoom-cmk-runbook-20261128-120000.md")
	if err := os.WriteFile(def, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.typ("m")
	h.enter(1)
	h.wantView("Runbook written to")
	if b, _ := os.ReadFile(def); string(b) != "mine" {
		t.Fatalf("m replaced %s", def)
	}
	if got := h.m.Session().RunbookPath; got != strings.TrimSuffix(def, ".md")+"-2.md" {
		t.Fatalf("runbook written to %q", got)
	}
}

// TestRunbookPathFitsTheScreen: a long path at 80x24 and 60x20, in English
// and Japanese, without colour: every screen of the choice fits, and the
// path reads whole (wrapped after a "/", never cut mid-name) on the
// choice, the confirmation and the status line after the write.
func TestRunbookPathFitsTheScreen(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			t.Run(fmt.Sprintf("%s-%dx%d", lang, size[0], size[1]), func(t *testing.T) {
				h, _, home := runbookHarness(t, size[0], size[1], func(c *Config) { c.Lang = lang })
				deep := filepath.Join(home, "change-records", "zoom-customer-managed-key", "2026-11-28-rollout")
				if err := os.MkdirAll(deep, 0o700); err != nil {
					t.Fatal(err)
				}
				target := filepath.Join(deep, "zoom-cmk-runbook-for-the-change-advisory-board.md")
				if len(target) <= size[0] {
					t.Fatalf("the test needs a path wider than the screen: %s", target)
				}
				h.typ("m")
				checkFits(t, h.view(), size[0], size[1])
				checkLayout(t, "runbook", h.m, h.view(), size[0])
				h.wantView(h.m.t("runbook.where.here"), h.m.t("runbook.where.other")) // both choices on screen
				h.key(tea.KeyDown)
				h.enter(1)
				checkFits(t, h.view(), size[0], size[1])
				checkLayout(t, "runbook", h.m, h.view(), size[0])
				h.wantView("~/change-records/zoom-cmk-runbook.md") // the input line, with its example
				h.typ(target)
				h.enter(1)
				view := h.view()
				checkFits(t, view, size[0], size[1])
				checkLayout(t, "runbook", h.m, view, size[0])
				if !strings.Contains(whole(view), target) {
					t.Errorf("the confirmation does not show the path whole:\n%s", view)
				}
				pathBreaks(t, view, target)
				h.enter(1)
				view = h.view()
				checkFits(t, view, size[0], size[1])
				checkLayout(t, "runbook", h.m, view, size[0])
				pathBreaks(t, view, target)
				if h.m.Session().RunbookPath != target || !strings.Contains(whole(view), target) {
					t.Errorf("written to %q; the status line does not show %s whole:\n%s", h.m.Session().RunbookPath, target, view)
				}
				if strings.Contains(view, "\x1b[") {
					t.Errorf("escape sequences without colour:\n%q", view)
				}
			})
		}
	}
}

// pathBreaks fails when a line of view holds a piece of path that ends
// mid-name: a path wrapped over lines breaks after a "/" only.
func pathBreaks(t *testing.T, view, path string) {
	t.Helper()
	for _, l := range strings.Split(ansi.Strip(view), "\n") {
		s := strings.TrimSpace(strings.TrimLeft(l, " ┃│"))
		if s != "" && strings.Contains(path, s) && !strings.HasSuffix(s, "/") && !strings.HasSuffix(path, s) {
			t.Errorf("the path is broken mid-name at %q:\n%s", s, view)
		}
	}
}

// TestAccessibleRunbookElsewhere: the line mode asks the same: enter keeps
// the working directory; "2" asks for a path, which is checked (asked
// again when it cannot be written), shown in full and confirmed; a file
// already there is kept unless replacing is chosen.
func TestAccessibleRunbookElsewhere(t *testing.T) {
	dir, home := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	if err := os.Mkdir(filepath.Join(home, "records"), 0o700); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(home, "records", "rb.md")
	run := func(answers ...string) string {
		t.Helper()
		lines := append([]string{"n", "n", "n", "n", "", "n", "n", "n", "y"}, answers...) // the checklist, then "runbook? y"
		lines = append(lines, "n")                                                        // verify now
		var out strings.Builder
		cfg := Config{Engine: &stubEngine{}, StatePath: filepath.Join(dir, "session.json"), Session: doneSession(),
			RunbookDir: dir, Now: func() time.Time { return fixedNow }, Interactive: true}
		if _, _, err := RunAccessible(context.Background(), cfg, strings.NewReader(strings.Join(lines, "\n")+"\n"), &out); err != nil {
			t.Fatalf("%v\n%s", err, out.String())
		}
		return out.String()
	}
	out := run("") // enter: the working directory
	def := filepath.Join(dir, "zoom-cmk-runbook-20261128-120000.md")
	for _, s := range []string{"Where should the runbook go?", def, "Runbook written to " + def} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}

	out = run("2", "no-such-folder/rb.md", "~/records/rb.md", "")
	for _, s := range []string{"Path of the runbook file", "its folder does not exist", "Write the runbook to this file?", want,
		"Runbook written to " + want} {
		if !strings.Contains(words(out), s) { // the error line is wrapped
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
	if err := os.WriteFile(want, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	out = run("2", "~/records/rb.md", "") // a file is there: enter keeps it
	if b, _ := os.ReadFile(want); string(b) != "mine" || !strings.Contains(out, "Runbook written to "+filepath.Join(home, "records", "rb-2.md")) {
		t.Errorf("kept %q; output:\n%s", b, out)
	}
	out = run("2", "~/records/rb.md", "2") // replace it
	if b, _ := os.ReadFile(want); !strings.Contains(string(b), "# Zoom Customer Managed Key: runbook") {
		t.Errorf("not replaced: %q\n%s", b, out)
	}
}

// TestRunbookPathCheckedOutsideUpdate: the place a typed path names is
// checked on disk in a command, never in Update (a slow or network disk
// would freeze the screen). The form takes a path whose folder is missing
// (it checks the text only); the check waits in a command, the screen
// says so, and its answer decides: a folder gone meanwhile sends the admin
// back to the path, saying why; a place that can be written is confirmed.
// An answer that comes after esc is dropped.
func TestRunbookPathCheckedOutsideUpdate(t *testing.T) {
	h, dir, _ := runbookHarness(t, 100, 30)
	held := func() []tea.Cmd {
		t.Helper()
		cmds := h.held
		h.held = nil
		return cmds
	}
	h.hold = func(c tea.Cmd) bool { return isCmdOf(c, "checkRunbookCmd") }
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}

	h.typePath(filepath.Join(sub, "rb.md"))
	h.enter(1)
	cmds := held()
	if len(cmds) != 1 {
		t.Fatalf("the path was not checked in a command (%d held); view:\n%s", len(cmds), h.view())
	}
	if v := whole(h.view()); strings.Contains(v, "Write the runbook to this file?") || !strings.Contains(v, "Checking "+filepath.Join(sub, "rb.md")) {
		t.Fatalf("while the check runs, the screen does not say so:\n%s", h.view())
	}
	// The folder goes before the check answers: the check, not Update, says so.
	if err := os.Remove(sub); err != nil {
		t.Fatal(err)
	}
	h.hold = nil
	for _, c := range cmds {
		h.run(c)
	}
	h.wantView("Path of the runbook file")
	if !strings.Contains(words(h.view()), "its folder does not exist") {
		t.Fatalf("the check's answer is not said:\n%s", h.view())
	}

	// The same path once the folder is there: confirmed, then written.
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	h.enter(1)
	h.wantView("Write the runbook to this file?")
	h.enter(1)
	h.wantView("Runbook written to")
	if got := h.m.Session().RunbookPath; got != filepath.Join(sub, "rb.md") {
		t.Fatalf("runbook written to %q", got)
	}

	// esc while the check runs: its answer opens nothing.
	h.hold = func(c tea.Cmd) bool { return isCmdOf(c, "checkRunbookCmd") }
	h.typePath(filepath.Join(sub, "other.md"))
	h.enter(1)
	cmds = held()
	h.key(tea.KeyEsc)
	h.hold = nil
	for _, c := range cmds {
		h.run(c)
	}
	h.wantView("1. Paste the key ARNs")
	if v := h.view(); strings.Contains(v, "Write the runbook to this file?") {
		t.Fatalf("a check answered after esc opened its form:\n%s", v)
	}
}

// Issue 26: M asks where the runbook in the other language goes, like m
// (nothing written before the answer), and the exit lines name every
// runbook written, m's and M's.
func TestOtherLanguageRunbookAsksWhere(t *testing.T) {
	h, dir, home := runbookHarness(t, 80, 24)
	if err := os.Mkdir(filepath.Join(home, "records"), 0o700); err != nil {
		t.Fatal(err)
	}
	h.typ("m")
	h.enter(1) // the working directory
	h.wantView("Runbook written to")
	mine := h.m.Session().RunbookPath

	h.typ("M")
	h.wantView("Where should the runbook in 日本語 go?", "The working directory", "Another path")
	if !strings.Contains(whole(h.view()), filepath.Join(dir, "zoom-cmk-runbook-20261128-120000.ja.md")) {
		t.Fatalf("the default file of the Japanese runbook is not shown whole:\n%s", h.view())
	}
	if files, _ := os.ReadDir(dir); len(files) != 1 {
		t.Fatalf("M wrote before it was answered: %v", files)
	}
	h.key(tea.KeyDown)
	h.enter(1)
	h.key(tea.KeyCtrlU)
	h.typ("~/records/rb.ja.md")
	h.enter(1)
	h.wantView("Write the runbook to this file?")
	h.enter(1)
	h.wantView("Runbook written to")
	ja := filepath.Join(home, "records", "rb.ja.md")
	if b, err := os.ReadFile(ja); err != nil || !strings.Contains(string(b), "作業手順書") {
		t.Fatalf("%s: %v, not the Japanese runbook:\n%s", ja, err, b)
	}
	sum := docs.ExitSummary(English, h.m.Session(), h.m.cfg.StatePath, false)
	for _, p := range []string{mine, ja} {
		if !strings.Contains(sum, p+"\n") {
			t.Errorf("the exit lines do not name %s:\n%s", p, sum)
		}
	}
}
