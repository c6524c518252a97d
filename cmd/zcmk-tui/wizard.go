package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// runWizard opens the step-by-step wizard (zcmk-tui with no command).
//
// The wizard draws on stderr (in the alternate screen), so that stdout stays
// for the result: when it ends, the key ARNs are printed to stdout and stay
// in the scrollback. With --accessible (or ACCESSIBLE=1) the same steps run
// as plain line-by-line prompts on stdout, without the alternate screen.
func runWizard(cmd *cobra.Command, g *globalOpts) error {
	err := runWizardOnce(cmd, g)
	if !errors.Is(err, ui.ErrPractice) || g.practice.srv != nil {
		return err
	}
	// No credentials, and the admin chose to practise (p, or yes in the
	// plain prompts): practice mode as --practice starts it, then the wizard
	// again in it. The flags that name a real endpoint, profile or session
	// have no meaning there; the real session was left as it was.
	g.practice.on = true
	g.endpointURL, g.profile, g.stateFile = "", "", ""
	fmt.Fprintln(g.stderr, fitTerminal(g.stderr, g.p().T("cli.practice.switch")))
	if err := g.startPractice(); err != nil {
		return err
	}
	return runWizardOnce(cmd, g)
}

// runWizardOnce runs the wizard once; ui.ErrPractice when the admin chose
// practice mode at the first screen.
func runWizardOnce(cmd *cobra.Command, g *globalOpts) error {
	ctx := cmd.Context()
	if os.Getenv("TERM") == "dumb" {
		// A dumb terminal cannot draw the full screen (no cursor moves, no
		// alternate screen): the same steps as plain lines, as promised.
		g.accessible = true
	}
	if !g.accessible && (!isTerminal(g.stdin) || !isTerminal(g.stdout)) {
		return usageMsg("cli.err.wizard.terminal")
	}
	if g.wizardZoomAccount != "" {
		if err := zoom.ValidateAccountID(g.wizardZoomAccount); err != nil {
			return usageMsg("cli.err.zoomaccountid", err)
		}
	}
	statePath, err := g.statePath()
	if err != nil {
		return err
	}
	// The wizard holds the session file for its whole run: a setup started
	// meanwhile refuses at once instead of racing it.
	sess, lock, err := openSession(g, statePath, "wizard", 0)
	if err != nil {
		return err
	}
	defer lock.Release()
	g.noticeNow = true // said before the screen takes the terminal
	eng, err := g.newEngine(ctx)
	if err != nil {
		return err
	}
	cfg := ui.Config{Engine: eng, StatePath: statePath, Session: sess, DryRun: g.dryRun, Profile: g.profile,
		Clipboard: ui.NativeClipboard, Context: ctx, Yes: g.yes, Interactive: isTerminal(g.stdin), Lang: g.p().Lang(),
		LangGiven: g.lang != "", Version: toolVersion(), Endpoint: eng.Endpoint(), ZoomAccountID: g.wizardZoomAccount,
		Practice: g.practice.srv != nil, ZoomUses: g.practiceZoomUses(sess)}
	if wd, err := os.Getwd(); err == nil {
		cfg.RunbookDir = wd // m writes the runbook where the admin is
	}

	if g.accessible {
		cfg.Width = terminalWidth(g.stdout) // lines broken at spaces, not by the terminal
		res, dry, err := ui.RunAccessible(ctx, cfg, g.stdin, g.stdout)
		if errors.Is(err, ui.ErrPractice) {
			return err
		}
		printARNs(g.stdout, ui.ChosenLang(cfg), res, statePath, dry)
		return wizardErr(err)
	}

	defer firstFrameGC()()

	// The full screen draws its own sequences: it writes under the net, and
	// its frames pass safe.Screen instead (ui.Model.View).
	uiOut := rawWriter(g.stderr)
	if !isTerminal(uiOut) {
		uiOut = rawWriter(g.stdout)
	}
	lipgloss.SetDefaultRenderer(ui.NewRenderer(uiOut))
	cfg.ClipboardOut = uiOut
	m := ui.New(cfg)
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithInput(g.stdin), tea.WithOutput(uiOut), tea.WithContext(ctx),
		tea.WithFPS(rendererFPS))
	final, runErr := p.Run()
	fm, _ := final.(*ui.Model)
	if fm == nil {
		fm = m
	}
	// A drill still running (SIGTERM, SIGHUP, an error ended the program)
	// ends through its restore before the process exits.
	fm.WaitDrill()
	if fm.WantsPractice() {
		return ui.ErrPractice
	}
	printARNs(g.stdout, fm.Lang(), fm.Session(), statePath, fm.DryRunMode())
	fmt.Fprint(g.stdout, fitTerminal(g.stdout, fm.ExitNote()))
	if err := fm.Interrupted(); err != nil {
		// ctrl+c: the one line that says what was and was not changed.
		return &exitError{code: exitInterrupted, kind: "interrupted", err: err}
	}
	if fm.Aborted() || errors.Is(runErr, tea.ErrProgramKilled) || errors.Is(runErr, tea.ErrInterrupted) {
		return &exitError{code: exitInterrupted, err: errors.New(english.T("cli.wizard.interrupted"))}
	}
	return runErr
}

// firstFrameGC raises the garbage collector's goal while the wizard draws
// its first screen, and returns what sets it back (done by a timer after
// firstFrameWithin at the latest). The package initialisers leave about
// 1.6 MB on the heap (2.3 MB when this was added), the first screen's forms
// allocate 1.1 MB more and the start the rest, so at the default goal (4 MB)
// the runtime's first collection comes before the first View (at 13 to 27
// ms in practice mode with GOGC=100 and GODEBUG=gctrace=1; at about 1 s, the
// goal set back, without): 4 to 5 ms of CPU on the way to the first frame
// (BENCHMARKS.md). A GOGC in the environment is left as it is.
func firstFrameGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(firstFrameGCPercent)
	back := sync.OnceFunc(func() { debug.SetGCPercent(old) })
	t := time.AfterFunc(firstFrameWithin, back)
	return func() { t.Stop(); back() }
}

// rendererFPS is how often the renderer may write a frame. It writes the
// first one at its first tick, not when the first View is ready: at the
// default 60 a start waits up to 16.7 ms for it, 8.3 ms at 120 (the most
// bubbletea allows); a frame is written only when the view has changed.
const rendererFPS = 120

const (
	// firstFrameGCPercent makes the first goal 16 MB instead of 4 MB.
	firstFrameGCPercent = 400
	// firstFrameWithin: the first frame is written at the renderer's
	// first tick (1/rendererFPS s after the program starts), some 30 ms after
	// exec on the benchmark machine; a second leaves room for a loaded one.
	firstFrameWithin = time.Second
)

func wizardErr(err error) error {
	switch {
	case errors.Is(err, ui.ErrEndOfInput):
		return &exitError{code: exitFailure, err: err}
	case errors.Is(err, ui.ErrNeedsYes):
		return &exitError{code: exitUsage, err: err, noHelp: true}
	}
	var ie *ui.InterruptedError
	if errors.As(err, &ie) {
		return &exitError{code: exitInterrupted, kind: "interrupted", err: err}
	}
	if errors.Is(err, ui.ErrAborted) {
		return &exitError{code: exitInterrupted, err: err}
	}
	return err
}

// printARNs leaves the ARNs and the session file's place in the scrollback.
func printARNs(w io.Writer, lang i18n.Lang, s *state.Session, statePath string, dry bool) {
	fmt.Fprint(w, fitTerminal(w, docs.ExitSummary(docs.CatalogueFor(lang), s, statePath, dry)))
}

// terminalWidth is the width of the terminal w writes to, or 0.
func terminalWidth(w io.Writer) int {
	if f, ok := rawWriter(w).(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil {
			return cols
		}
	}
	return 0
}

// fitTerminal breaks text's lines at spaces to the width of the terminal w
// writes to (ARNs, paths and commands kept whole), so that the terminal
// never breaks a word; text for a pipe or a file stays as it is.
func fitTerminal(w io.Writer, text string) string {
	if f, ok := rawWriter(w).(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil {
			return ui.FitExit(text, cols)
		}
	}
	return text
}
