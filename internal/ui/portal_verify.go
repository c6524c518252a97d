// Step 6's "verify now" overlay: the read-only health check and its report fitted to the screen.

package ui

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
)

// verifyState is the "verify now" overlay.
type verifyState struct {
	running bool
	gen     int                // which check the overlay waits for
	cancel  context.CancelFunc // ends the check in flight
	rep     *setup.VerifyReport
	err     error // nothing could be checked
}

// startVerify runs the read-only health check of the session's key set. A
// dry run created no key, so there it only says why there is nothing to check.
func (s *portalStep) startVerify() tea.Cmd {
	m := s.m
	if !m.f.CanVerify() {
		m.flash = m.st.Warn.Render(m.t("portal.verify.dry"))
		return nil
	}
	s.stopVerify()
	ctx, cancel := context.WithCancel(m.ctx)
	v := &s.verify
	v.gen++
	v.running, v.cancel, v.rep, v.err = true, cancel, nil, nil
	s.overlay = overlayVerify
	m.flash = ""
	s.resize()
	return verifyCmd(ctx, m.eng, m.f.VerifyOptions(), v.gen)
}

// stopVerify ends the check in flight, if any; its answer is then ignored.
func (s *portalStep) stopVerify() {
	if v := &s.verify; v.cancel != nil {
		v.cancel()
		v.cancel = nil
	}
	s.verify.running = false
}

func (s *portalStep) onVerified(msg verifiedMsg) {
	v := &s.verify
	if msg.gen != v.gen || !v.running || s.overlay != overlayVerify {
		return // closed, or asked again, before this answer came
	}
	s.stopVerify()
	v.rep, v.err = msg.rep, msg.err
	s.m.f.NoteVerify(msg.rep, msg.err)
	s.resize()
	s.vp.GotoTop()
}

// fillVerify puts the report, fitted to the window, or the reason nothing
// could be checked and its fix, into the viewport.
func (s *portalStep) fillVerify() {
	m := s.m
	v := s.verify
	w := m.bodyWidth()
	var b strings.Builder
	switch {
	case v.running:
	case v.err != nil:
		b.WriteString(m.errorBlock(v.err, w) + "\n\n" + m.wrap(m.t("portal.verify.retry"), w))
	case v.rep != nil:
		setup.RenderVerifyIn(&b, m.p(), v.rep, w)
	}
	s.vp.SetContent(fitReport(strings.TrimRight(b.String(), "\n"), w))
}

// fitLines breaks every line wider than w (an ARN on a narrow screen) onto
// the next lines, so that the viewport, which cuts lines at its edge
// without a mark, never shows a part of an ARN as if it were the whole.
// The lines put back together are the line (a shell command to paste).
func fitLines(s string, w int) string {
	return fitEach(s, w, func(l string) string { return ansi.Hardwrap(l, w, true) })
}

// fitReport is fitLines for text to read (the verify report): at spaces,
// the next lines under the line's own indent, and an ARN after its "key/"
// (look.CutLong), its key ID whole.
func fitReport(s string, w int) string {
	return fitEach(s, w, func(l string) string { return strings.Join(look.HangLines(l, w, look.ListHang(l)), "\n") })
}

// fitEach breaks each line of s wider than w with brk.
func fitEach(s string, w int, brk func(string) string) string {
	if w <= 0 {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = brk(l)
		}
	}
	return strings.Join(lines, "\n")
}

// verifyHead is the overlay's title and status: the check running, the
// summary of its report, or that nothing could be checked.
func (s *portalStep) verifyHead() string {
	m := s.m
	v := s.verify
	line := ""
	switch {
	case v.running:
		line = m.spin.View() + " " + m.t("portal.verify.running")
	case v.err != nil:
		line = m.st.Bad.Render("✗ " + m.t("portal.verify.failed"))
	case v.rep != nil:
		mark, st := "✓ ", m.st.OK
		switch {
		case v.rep.Failed():
			mark, st = "✗ ", m.st.Bad
		case v.rep.Incomplete() || v.rep.Warnings() > 0:
			mark, st = "! ", m.st.Warn
		}
		line = st.Render(strings.TrimRight(m.wrap(mark+m.p().M(v.rep.SummaryText()), m.bodyWidth()), " "))
	}
	return m.st.Title.Render(strings.TrimRight(m.wrap(m.t("portal.verify.title"), m.bodyWidth()), " ")) + "\n" + line + "\n\n"
}
