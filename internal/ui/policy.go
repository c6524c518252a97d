package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// Step 4: the key policy as formatted JSON with the Zoom statement marked,
// the difference from an existing key's policy, and the result per Region.

// policyStep is step 4 on the screen.
type policyStep struct {
	m    *Model
	keys policyKeys

	vp viewport.Model
	policyPages
	hasDiff  bool
	showDiff bool
}

func prettyJSON(s string) string { return docs.PrettyJSON(s) }

// statementLines marks the lines of every statement that names account:
// the Zoom statement. lines is an indented policy document.
func statementLines(lines []string, account string) []bool {
	marks := make([]bool, len(lines))
	depth, start := 0, -1
	for i, l := range lines {
		lineStart := depth
		inStr, esc := false, false
		for _, r := range l {
			switch {
			case esc:
				esc = false
			case r == '\\' && inStr:
				esc = true
			case r == '"':
				inStr = !inStr
			case inStr:
			case r == '{' || r == '[':
				depth++
			case r == '}' || r == ']':
				depth--
			}
		}
		if lineStart == 2 && strings.HasPrefix(strings.TrimSpace(l), "{") {
			start = i
		}
		if start >= 0 && depth == 2 {
			block := strings.Join(lines[start:i+1], "\n")
			if strings.Contains(block, ":"+account+":") {
				for j := start; j <= i; j++ {
					marks[j] = true
				}
			}
			start = -1
		}
	}
	return marks
}

// lineDiff is a longest-common-subsequence diff of two line lists.
func lineDiff(a, b []string) []string {
	n, k := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, k+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := k - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < n || j < k {
		switch {
		case i < n && j < k && a[i] == b[j]:
			out = append(out, "  "+a[i])
			i++
			j++
		case j < k && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			out = append(out, "+ "+b[j])
			j++
		default:
			out = append(out, "- "+a[i])
			i++
		}
	}
	return out
}

// policyPages is the step's text for either face: the results per Region,
// every Region's policy with the Zoom statement marked, and the difference
// in each Region whose policy changes, with where each Region's section
// starts (so that the heading can name the Region on screen).
type policyPages struct {
	header, policy, diff string
	secs, diffSecs       []sectionStart
	zoomAt               int // first line of a Zoom statement in policy, or -1
}

type sectionStart struct {
	line         int
	role, region string
}

func (m *painter) policyPages() policyPages {
	pg := policyPages{zoomAt: -1, header: m.policyResults()}
	var pol, diff strings.Builder
	line, diffLine := 0, 0
	for i, sec := range m.f.PolicySections() {
		if i > 0 {
			pol.WriteString("\n")
			line++
		}
		pg.secs = append(pg.secs, sectionStart{line: line, role: sec.Role, region: sec.Region})
		title := m.hangLine(m.st.Title.Render(m.t("policy.region", m.t("role."+sec.Role), m.region(sec.Region), m.t(sec.Source))), 2)
		pol.WriteString(title + "\n")
		line += 1 + strings.Count(title, "\n")
		lines := strings.Split(prettyJSON(sec.Doc), "\n")
		marks := statementLines(lines, m.f.ZoomAccount())
		if at := slices.Index(marks, true); at >= 0 && pg.zoomAt < 0 {
			pg.zoomAt = line + at
		}
		for j, l := range lines {
			if marks[j] {
				pol.WriteString(m.st.ZoomLine.Render("» "+l) + "\n")
			} else {
				pol.WriteString("  " + l + "\n")
			}
		}
		line += len(lines)
		if d := m.policyDiff(sec.Current, sec.Doc); d != "" {
			if len(pg.diffSecs) > 0 {
				diff.WriteString("\n")
				diffLine++
			}
			pg.diffSecs = append(pg.diffSecs, sectionStart{line: diffLine, role: sec.Role, region: sec.Region})
			title := m.hangLine(m.st.Title.Render(m.t("policy.diff.region", m.t("role."+sec.Role), m.region(sec.Region))), 2)
			diff.WriteString(title + "\n")
			diff.WriteString(d + "\n")
			diffLine += 1 + strings.Count(title, "\n") + strings.Count(d, "\n") + 1
		}
	}
	pg.policy = strings.TrimRight(pol.String(), "\n")
	pg.diff = strings.TrimRight(diff.String(), "\n")
	return pg
}

// policyDiff renders the difference from current to doc, or "" when there
// is none (or no current policy: a new key).
func (m *painter) policyDiff(current, doc string) string {
	if current == "" || prettyJSON(current) == prettyJSON(doc) {
		return ""
	}
	var d strings.Builder
	for _, l := range lineDiff(strings.Split(prettyJSON(current), "\n"), strings.Split(prettyJSON(doc), "\n")) {
		switch l[0] {
		case '+':
			d.WriteString(m.st.DiffAdd.Render(l) + "\n")
		case '-':
			d.WriteString(m.st.DiffDel.Render(l) + "\n")
		default:
			d.WriteString(l + "\n")
		}
	}
	return strings.TrimRight(d.String(), "\n")
}

func (s *policyStep) enter() tea.Cmd {
	pg := s.m.policyPages()
	s.policyPages = pg
	s.hasDiff = pg.diff != ""
	s.showDiff = s.hasDiff
	s.vp = viewport.New(1, 1)
	s.vp.KeyMap = scrollKeys(s.keys.Diff.Keys()...) // d is the diff here, not half a page down
	s.resize()
	s.setPolicyContent()
	return nil
}

func (s *policyStep) setPolicyContent() {
	if s.showDiff {
		s.vp.SetContent(s.diff)
		s.vp.GotoTop()
	} else {
		s.vp.SetContent(s.policy)
		// Open on the Zoom statement, with a little context above it.
		s.vp.SetYOffset(max(s.zoomAt-3, 0))
	}
}

// policyResults renders what happened to the policy in each Region.
func (m *painter) policyResults() string {
	var b strings.Builder
	col := 26
	for _, k := range m.f.Sess.Keys {
		col = max(col, i18n.Width(m.region(k.Region)))
	}
	if m.f.Res != nil {
		for _, k := range m.f.Res.Keys {
			col = max(col, i18n.Width(m.region(k.Region)))
		}
	}
	padRight := func(s string, _ int) string { return i18n.Pad(s, col) }
	if m.f.Res != nil {
		for _, k := range m.f.Res.Keys {
			mark, text := m.st.OK.Render("✓"), m.t("policy.result."+k.Policy)
			if m.f.DryRun() {
				mark = m.st.Dry.Render("·")
			}
			line := mark + " " + padRight(m.region(k.Region), 26) + " " + text
			if k.ZoomGrant && k.ReadPolicy == "" && k.Policy == "unchanged" {
				line += " · " + m.t("policy.readback.planned") // no write here, so no read-back
			} else if k.ZoomGrant {
				line += " · " + m.t("policy.readback.ok")
			} else if !m.f.DryRun() && k.Policy != "planned" {
				line = m.st.Bad.Render("✗") + " " + padRight(m.region(k.Region), 26) + " " + text + " · " + m.t("policy.readback.bad")
			}
			if k.KeyState != "" {
				line += " · " + k.KeyState
			}
			b.WriteString(m.hangLine(line, 4+col) + "\n")
		}
		return b.String()
	}
	for _, k := range m.f.Sess.Keys {
		b.WriteString(m.st.OK.Render("✓") + " " + padRight(m.region(k.Region), 26) + " " + m.t("policy.result.saved") + "\n")
	}
	return b.String()
}

func (s *policyStep) resize() {
	m := s.m
	used := strings.Count(s.header, "\n") + 3
	s.vp.Width = max(m.bodyWidth(), 1)
	s.vp.Height = max(m.bodyHeight()-used, 1)
}

func (s *policyStep) update(msg tea.Msg) tea.Cmd {
	m := s.m
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, s.keys.Next):
			return m.advance()
		case key.Matches(k, s.keys.Diff):
			s.showDiff = !s.showDiff
			s.setPolicyContent()
			return nil
		}
	}
	var cmd tea.Cmd
	s.vp, cmd = s.vp.Update(msg)
	return cmd
}

// syncKeys: d switches between the policy and the difference, when
// there is one.
func (s *policyStep) syncKeys() { s.keys.Diff.SetEnabled(s.hasDiff) }

// heading names the Region whose policy (or diff) is at the top of the
// viewport: KMS keeps one policy per Region, and they can differ.
func (s *policyStep) heading() string {
	m := s.m
	secs, id := s.secs, "policy.heading"
	if s.showDiff {
		secs, id = s.diffSecs, "policy.diff.heading"
	}
	if len(secs) == 0 {
		return m.t("policy.title")
	}
	cur := 0
	for i, sec := range secs {
		if sec.line <= s.vp.YOffset {
			cur = i
		}
	}
	sec := secs[cur]
	h := m.t(id, strings.ToLower(m.t("role."+sec.role)), m.region(sec.region), cur+1, len(secs))
	if i18n.Width(h) > m.bodyWidth() {
		// One line, as the viewport's height counts it: the Region's code
		// alone (the policy's own title names it in full).
		h = m.t(id, strings.ToLower(m.t("role."+sec.role)), sec.region, cur+1, len(secs))
	}
	return h
}

func (s *policyStep) view() string {
	m := s.m
	var b strings.Builder
	b.WriteString(s.header)
	b.WriteString("\n" + m.st.Title.Render(s.heading()) + "\n")
	legend := m.t("policy.legend")
	if s.showDiff {
		legend = m.t("policy.diff.legend")
	}
	b.WriteString(m.st.Muted.Render(legend) + "\n")
	b.WriteString(s.vp.View())
	b.WriteString("\n" + m.moreBelow(s.vp)) // the frame's spare line (bodyHeight)
	return b.String()
}
