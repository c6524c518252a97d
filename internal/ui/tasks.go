package ui

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/atotto/clipboard"
	osc52x "github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// This file holds every command with a side effect: the engine's AWS calls,
// the clipboard, and writes of the session file and the runbook. Commands
// take copies of what they need and answer with a message (messages.go);
// they never read or change the model.

func identityCmd(ctx context.Context, eng Engine) tea.Cmd {
	return func() tea.Msg {
		id, err := eng.Identity(ctx)
		return identityMsg{id: id, err: err}
	}
}

func probeCmd(ctx context.Context, eng Engine, region string) tea.Cmd {
	return func() tea.Msg {
		return probeMsg{region: region, err: eng.Probe(ctx, region)}
	}
}

// existingKeyCmd reads the existing key ref given in step 2 (one read-only
// call), for its replica Regions.
func existingKeyCmd(ctx context.Context, eng Engine, region, ref string, gen int) tea.Cmd {
	return func() tea.Msg {
		k, err := eng.DescribeExistingKey(ctx, region, ref)
		return existingKeyMsg{ref: ref, region: region, key: k, err: err, gen: gen}
	}
}

// aliasKeyCmd reads what the alias of step 3 names in region (one
// read-only call), before the questions that only a new key needs.
func aliasKeyCmd(ctx context.Context, eng Engine, region, alias string, gen int) tea.Cmd {
	return func() tea.Msg {
		k, err := eng.DescribeAlias(ctx, region, alias)
		return aliasKeyMsg{alias: alias, region: region, key: k, err: err, gen: gen}
	}
}

// planCmd asks the engine for a plan (read-only calls). A dry run with
// credentials is a real plan marked DryRun, which Apply refuses.
func planCmd(ctx context.Context, eng Engine, o setup.Options, dry, retry bool, gen int) tea.Cmd {
	return func() tea.Msg {
		p, err := flow.MakePlan(ctx, eng, o, dry, false)
		return planMsg{plan: p, err: err, retry: retry, gen: gen}
	}
}

// applyCmd runs Apply and forwards its progress events on ch, which it
// closes when Apply returns. Read the events with waitEvent. The answer
// names the key-creating calls a stop cut short (setup.InFlight, as the
// command line counts them), from every event, also those a stop keeps
// from ch.
func applyCmd(ctx context.Context, eng Engine, p *setup.Plan, ch chan setup.Event, gen int) tea.Cmd {
	return func() tea.Msg {
		var flight setup.InFlight
		res, err := eng.Apply(ctx, p, func(ev setup.Event) {
			flight.Track(ev)
			select {
			case ch <- ev:
			case <-ctx.Done():
			}
		})
		close(ch)
		return applyDoneMsg{res: res, err: err, cut: flight.CutShort(), gen: gen}
	}
}

// waitEvent reads the next progress event; Update re-arms it after each one.
func waitEvent(ch <-chan setup.Event, gen int) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return nil
		}
		return applyEventMsg{ev: ev, gen: gen}
	}
}

// verifyCmd runs the engine's read-only health check of the key set (the
// same as 'zcmk-tui verify').
func verifyCmd(ctx context.Context, eng Engine, o setup.VerifyOptions, gen int) tea.Cmd {
	return func() tea.Msg {
		rep, err := eng.Verify(ctx, o)
		return verifiedMsg{rep: rep, err: err, gen: gen}
	}
}

// saveCmd writes a copy of the session. An empty path saves nothing (a dry run).
func saveCmd(path string, s *state.Session) tea.Cmd {
	if path == "" || s == nil {
		return nil
	}
	c := cloneSession(s)
	return func() tea.Msg { return savedMsg{err: state.Save(path, c)} }
}

var errNoClipboard error = &flow.MsgError{ID: "err.noclipboard"}

// NativeClipboard uses the system clipboard (pbcopy, wl-copy, xclip, xsel, ...).
func NativeClipboard(text string) error {
	if clipboard.Unsupported {
		return errNoClipboard
	}
	return clipboard.WriteAll(text)
}

// osc52 is what asks the terminal to set its clipboard. Inside tmux it is
// sent twice: plain, which tmux takes when its set-clipboard option is on (and
// forwards to the outer terminal), and wrapped for passthrough, which reaches
// the outer terminal when allow-passthrough is on; one of the two is enough
// and both set the same text. Inside GNU screen it is wrapped for screen.
func osc52(text string) string {
	seq := osc52x.New(text)
	switch {
	case os.Getenv("TMUX") != "":
		return seq.String() + seq.Tmux().String()
	case os.Getenv("STY") != "":
		return seq.Screen().String()
	}
	return seq.String()
}

// copyARNCmd copies a key's ARN: only an ARN that parses as a KMS key ARN,
// and as the tool writes it again from its parts, so that the clipboard
// never takes text an AWS answer or a session file chose.
func copyARNCmd(arn string, out io.Writer, native Clipboard) tea.Cmd {
	k, err := zoom.ParseKeyARN(arn)
	if err != nil {
		return func() tea.Msg { return copiedMsg{err: err} }
	}
	return copyCmd(k.String(), out, native)
}

// copyCmd sends text to the terminal's clipboard with OSC 52 (on out) and to
// the native clipboard where one exists, and reports honestly what happened.
func copyCmd(text string, out io.Writer, native Clipboard) tea.Cmd {
	return func() tea.Msg {
		var msg copiedMsg
		switch {
		case os.Getenv("TMUX") != "":
			msg.mux = "tmux"
		case os.Getenv("STY") != "":
			msg.mux = "screen"
		}
		if out != nil {
			if _, err := io.WriteString(out, osc52(text)); err == nil {
				msg.osc52 = true
			}
		}
		if native != nil {
			err := native(text)
			msg.native = err == nil
			if err != nil && !errors.Is(err, errNoClipboard) {
				msg.err = err
			}
		}
		return msg
	}
}

// exportCmd writes the Markdown runbook (internal/docs: never over a
// file unless mode is docs.WriteReplace).
func exportCmd(path, content string, mode docs.WriteMode) tea.Cmd {
	return func() tea.Msg {
		path, err := docs.WriteRunbookAs(path, content, mode)
		return exportedMsg{path: path, err: err}
	}
}

// checkRunbookCmd checks that the runbook can be written at abs and finds
// the free name beside a file already there: file-system calls, which a
// slow or network disk can hold up, so never in Update.
func checkRunbookCmd(abs string, gen int) tea.Cmd {
	return func() tea.Msg {
		exists, err := docs.CheckRunbookPath(abs)
		msg := runbookCheckedMsg{abs: abs, exists: exists, err: err, gen: gen}
		if err == nil && exists {
			msg.free = docs.FreeRunbookPath(abs)
		}
		return msg
	}
}

func cloneSession(s *state.Session) *state.Session {
	c := *s
	c.Replicas = append([]string(nil), s.Replicas...)
	c.Keys = append([]state.Key(nil), s.Keys...)
	c.AlertEmails = append([]string(nil), s.AlertEmails...)
	c.DataTypes = append([]string(nil), s.DataTypes...)
	c.WizardTags = append([]string(nil), s.WizardTags...)
	if s.Ticks != nil {
		c.Ticks = make(map[string]bool, len(s.Ticks))
		for k, v := range s.Ticks {
			c.Ticks[k] = v
		}
	}
	if s.TickedAt != nil {
		c.TickedAt = make(map[string]time.Time, len(s.TickedAt))
		for k, v := range s.TickedAt {
			c.TickedAt[k] = v
		}
	}
	return &c
}
