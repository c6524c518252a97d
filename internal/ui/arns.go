package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
)

// Step 5: the ARNs to paste into the Zoom web portal, one per line so a
// mouse can select them, and a key that copies the chosen one.

// arnsStep is step 5 on the screen.
type arnsStep struct {
	m    *Model
	keys arnsKeys
	sel  int
}

func (s *arnsStep) enter() tea.Cmd {
	m := s.m
	s.sel = min(s.sel, max(len(m.f.KeysForDisplay())-1, 0))
	return nil
}

func (s *arnsStep) update(msg tea.Msg) tea.Cmd {
	m := s.m
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	keys := m.f.KeysForDisplay()
	switch {
	case key.Matches(k, s.keys.Up):
		s.sel = max(s.sel-1, 0)
	case key.Matches(k, s.keys.Down):
		s.sel = min(s.sel+1, max(len(keys)-1, 0))
	case key.Matches(k, s.keys.Copy):
		m.flash = m.t("copy.running")
		return copyARNCmd(keys[s.sel].ARN, m.cfg.ClipboardOut, m.cfg.Clipboard)
	case key.Matches(k, s.keys.Next):
		return m.advance()
	}
	return nil
}

// syncKeys: c copies the chosen key's ARN, when it has one (a dry run
// has none).
func (s *arnsStep) syncKeys() {
	m := s.m
	keys := m.f.KeysForDisplay()
	s.keys.Copy.SetEnabled(s.sel < len(keys) && keys[s.sel].ARN != "" && !m.f.Incomplete())
}

func (m *Model) onCopied(msg copiedMsg) {
	switch {
	case msg.native && msg.osc52:
		m.flash = m.st.OK.Render("✓ " + m.t("copy.native"))
	case msg.native:
		m.flash = m.st.OK.Render("✓ " + m.t("copy.nativeOnly"))
	case msg.osc52 && msg.mux == "tmux":
		// Said plainly: with default settings tmux and screen drop it.
		m.flash = m.st.Warn.Render(m.t("copy.osc52.tmux"))
	case msg.osc52 && msg.mux == "screen":
		m.flash = m.st.Warn.Render(m.t("copy.osc52.screen"))
	case msg.osc52:
		m.flash = m.st.Warn.Render(m.t("copy.osc52"))
	default:
		m.flash = m.st.Bad.Render(m.t("copy.none"))
	}
	if msg.err != nil {
		m.flash += " " + m.st.Bad.Render(m.t("copy.err", msg.err))
	}
}

// renderARN shows an ARN whole on its line, or, wider than the screen,
// broken after "key/" (after its last "/" or ":" that fits), the key ID
// whole on the next line.
func (m *Model) renderARN(arn string) string {
	if m.width > 0 && ansi.StringWidth(arn) > m.width {
		arn = look.WrapWords(arn, m.width)
	}
	return m.st.ARN.Render(arn)
}

// arnLabel is a key's role and Region above its ARN, marked when selected.
func (m *Model) arnLabel(k state.Key, selected bool) string {
	label := m.t("role."+k.Role) + " · " + m.region(k.Region)
	if selected {
		return m.hangLine(m.st.Sel.Render("▸ ")+m.st.Sel.Render(label), 4)
	}
	return m.hangLine("  "+label, 4)
}

// practiceNote is said next to every list of practice ARNs: they must never
// reach the Zoom portal ("" outside practice mode).
func (m *Model) practiceNote() string {
	if !m.f.Sess.Practice {
		return ""
	}
	return m.st.Warn.Render(m.wrap(m.t("practice.arns"), m.bodyWidth())) + "\n\n"
}

func (s *arnsStep) view() string {
	m := s.m
	var b strings.Builder
	keys := m.f.KeysForDisplay()
	if m.f.Incomplete() {
		// Never a partial set as the ARNs to paste (internal/docs/incomplete.go).
		return m.incompleteView(m.bodyWidth())
	}
	if m.dryRun() {
		b.WriteString(m.st.Dry.Render(m.wrap(m.t("arns.dry"), m.bodyWidth())) + "\n\n")
	} else {
		b.WriteString(m.wrap(m.t("arns.intro"), m.bodyWidth()) + "\n\n")
	}
	b.WriteString(m.practiceNote())
	for i, k := range keys {
		b.WriteString(m.arnLabel(k, i == s.sel) + "\n")
		arn := k.ARN
		if arn == "" {
			arn = m.t("arns.placeholder")
		}
		// The ARN starts at column 0 on its own line so that a mouse
		// selection (or tmux copy mode) takes it whole; on a screen
		// narrower than the ARN it wraps, never loses characters.
		b.WriteString(m.renderARN(arn) + "\n")
		if ansi.StringWidth(arn) > m.width && k.ARN != "" {
			b.WriteString(m.st.Muted.Render(m.wrap(m.t("arns.wrapped"), m.bodyWidth())) + "\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}
