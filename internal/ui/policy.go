package ui

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Step 4: the key policy as formatted JSON with the Zoom statement marked,
// the difference from an existing key's policy, and the result per Region.

type policyState struct {
	vp       viewport.Model
	policy   string // formatted
	diff     string // formatted difference from the current policy
	hasDiff  bool
	showDiff bool
	zoomAt   int    // first line of the Zoom statement, or -1
	header   string // per-Region results, rendered on enter
	// Where each Region's section starts in policy and in diff, so that
	// the heading names the Region on screen.
	secs, diffSecs []sectionStart
}

type sectionStart struct {
	line         int
	role, region string
}

func prettyJSON(s string) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(strings.TrimSpace(s)), "", "  "); err != nil {
		return s
	}
	return buf.String()
}

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

func (m *Model) zoomAccount() string {
	if m.key.plan != nil && m.key.plan.ZoomAccountID != "" {
		return m.key.plan.ZoomAccountID
	}
	if m.sess.ZoomAccountID != "" {
		return m.sess.ZoomAccountID
	}
	return zoom.ZoomAccountID
}

// policySection is one Region's key policy on the policy step: the
// document it has (as read back, applied or planned), and the one it had.
type policySection struct {
	region, role string
	doc, current string
	source       string // message id: how doc is known
}

// policySections are the Regions' policies, primary first: from the last
// apply (its read-back), else the plan, else the session file (the
// primary's, as saved).
func (m *Model) policySections() []policySection {
	var out []policySection
	p := m.key.plan
	planned := func(region string) *setup.RegionPlan {
		if p == nil {
			return nil
		}
		for i := range p.Regions {
			if p.Regions[i].Region == region {
				return &p.Regions[i]
			}
		}
		return nil
	}
	if res := m.key.res; res != nil {
		for i, k := range res.Keys {
			sec := policySection{region: k.Region, role: k.Role}
			rp := planned(k.Region)
			if rp != nil {
				sec.doc, sec.current = rp.Policy, rp.CurrentPolicy
			}
			switch {
			case k.ReadPolicy != "":
				sec.doc, sec.source = k.ReadPolicy, "policy.source.readback"
			case m.dryRun() || k.Policy == "planned":
				sec.source = "policy.source.planned"
			case rp != nil && rp.PolicyOK:
				sec.source = "policy.source.unchanged"
			default:
				sec.source = "policy.source.applied"
			}
			if sec.doc == "" && i == 0 {
				sec.doc = res.PolicyDoc
			}
			out = append(out, sec)
		}
		return out
	}
	if p != nil {
		for _, rp := range p.Regions {
			out = append(out, policySection{region: rp.Region, role: rp.Role, doc: rp.Policy, current: rp.CurrentPolicy, source: "policy.source.planned"})
		}
		return out
	}
	if m.sess.Policy != "" {
		out = append(out, policySection{region: m.sess.PrimaryRegion, role: setup.RolePrimary, doc: m.sess.Policy, source: "policy.source.saved"})
	}
	return out
}

func (m *Model) enterPolicy() tea.Cmd {
	var pol, diff strings.Builder
	m.pol.zoomAt = -1
	m.pol.hasDiff, m.pol.showDiff = false, false
	m.pol.secs, m.pol.diffSecs = nil, nil
	line, diffLine := 0, 0
	for i, sec := range m.policySections() {
		if i > 0 {
			pol.WriteString("\n")
			line++
		}
		m.pol.secs = append(m.pol.secs, sectionStart{line: line, role: sec.role, region: sec.region})
		title := m.t("policy.region", m.t("role."+sec.role), zoom.RegionLabel(sec.region), m.t(sec.source))
		pol.WriteString(m.st.title.Render(title) + "\n")
		line++
		lines := strings.Split(prettyJSON(sec.doc), "\n")
		marks := statementLines(lines, m.zoomAccount())
		if at := slices.Index(marks, true); at >= 0 && m.pol.zoomAt < 0 {
			m.pol.zoomAt = line + at
		}
		for j, l := range lines {
			if marks[j] {
				pol.WriteString(m.st.zoomLine.Render("» "+l) + "\n")
			} else {
				pol.WriteString("  " + l + "\n")
			}
		}
		line += len(lines)
		if d := m.policyDiff(sec.current, sec.doc); d != "" {
			if m.pol.hasDiff {
				diff.WriteString("\n")
				diffLine++
			}
			m.pol.hasDiff, m.pol.showDiff = true, true
			m.pol.diffSecs = append(m.pol.diffSecs, sectionStart{line: diffLine, role: sec.role, region: sec.region})
			diff.WriteString(m.st.title.Render(m.t("policy.diff.region", m.t("role."+sec.role), zoom.RegionLabel(sec.region))) + "\n")
			diff.WriteString(d + "\n")
			diffLine += 1 + strings.Count(d, "\n") + 1
		}
	}
	m.pol.policy = strings.TrimRight(pol.String(), "\n")
	m.pol.diff = strings.TrimRight(diff.String(), "\n")
	m.pol.header = m.policyResults()
	m.pol.vp = viewport.New(1, 1)
	m.resizePolicy()
	m.setPolicyContent()
	return nil
}

// policyDiff renders the difference from current to doc, or "" when there
// is none (or no current policy: a new key).
func (m *Model) policyDiff(current, doc string) string {
	if current == "" || prettyJSON(current) == prettyJSON(doc) {
		return ""
	}
	var d strings.Builder
	for _, l := range lineDiff(strings.Split(prettyJSON(current), "\n"), strings.Split(prettyJSON(doc), "\n")) {
		switch l[0] {
		case '+':
			d.WriteString(m.st.diffAdd.Render(l) + "\n")
		case '-':
			d.WriteString(m.st.diffDel.Render(l) + "\n")
		default:
			d.WriteString(l + "\n")
		}
	}
	return strings.TrimRight(d.String(), "\n")
}

func (m *Model) setPolicyContent() {
	if m.pol.showDiff {
		m.pol.vp.SetContent(m.pol.diff)
		m.pol.vp.GotoTop()
	} else {
		m.pol.vp.SetContent(m.pol.policy)
		// Open on the Zoom statement, with a little context above it.
		m.pol.vp.SetYOffset(max(m.pol.zoomAt-3, 0))
	}
}

// policyResults renders what happened to the policy in each Region.
func (m *Model) policyResults() string {
	var b strings.Builder
	if m.key.res != nil {
		for _, k := range m.key.res.Keys {
			mark, text := m.st.ok.Render("✓"), m.t("policy.result."+k.Policy)
			if m.dryRun() {
				mark = m.st.dry.Render("·")
			}
			line := mark + " " + padRight(zoom.RegionLabel(k.Region), 26) + " " + text
			if k.ZoomGrant && k.ReadPolicy == "" && k.Policy == "unchanged" {
				line += " · " + m.t("policy.readback.planned") // no write here, so no read-back
			} else if k.ZoomGrant {
				line += " · " + m.t("policy.readback.ok")
			} else if !m.dryRun() && k.Policy != "planned" {
				line = m.st.bad.Render("✗") + " " + padRight(zoom.RegionLabel(k.Region), 26) + " " + text + " · " + m.t("policy.readback.bad")
			}
			if k.KeyState != "" {
				line += " · " + k.KeyState
			}
			b.WriteString(line + "\n")
		}
		return b.String()
	}
	for _, k := range m.sess.Keys {
		b.WriteString(m.st.ok.Render("✓") + " " + padRight(zoom.RegionLabel(k.Region), 26) + " " + m.t("policy.result.saved") + "\n")
	}
	return b.String()
}

func padRight(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return s + strings.Repeat(" ", n-len(s))
}

func (m *Model) resizePolicy() {
	used := strings.Count(m.pol.header, "\n") + 3
	m.pol.vp.Width = max(m.bodyWidth(), 1)
	m.pol.vp.Height = max(m.bodyHeight()-used, 1)
}

func (m *Model) updatePolicy(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, m.keys.Next):
			return m.advance()
		case key.Matches(k, m.keys.Diff) && m.pol.hasDiff:
			m.pol.showDiff = !m.pol.showDiff
			m.setPolicyContent()
			return nil
		}
	}
	var cmd tea.Cmd
	m.pol.vp, cmd = m.pol.vp.Update(msg)
	return cmd
}

// policyHeading names the Region whose policy (or diff) is at the top of
// the viewport: KMS keeps one policy per Region, and they can differ.
func (m *Model) policyHeading() string {
	secs, id := m.pol.secs, "policy.heading"
	if m.pol.showDiff {
		secs, id = m.pol.diffSecs, "policy.diff.heading"
	}
	if len(secs) == 0 {
		return m.t("policy.title")
	}
	cur := 0
	for i, s := range secs {
		if s.line <= m.pol.vp.YOffset {
			cur = i
		}
	}
	s := secs[cur]
	return m.t(id, strings.ToLower(m.t("role."+s.role)), zoom.RegionLabel(s.region), cur+1, len(secs))
}

func (m *Model) viewPolicy() string {
	var b strings.Builder
	b.WriteString(m.pol.header)
	b.WriteString("\n" + m.st.title.Render(m.policyHeading()) + "\n")
	legend := m.t("policy.legend")
	if m.pol.showDiff {
		legend = m.t("policy.diff.legend")
	}
	b.WriteString(m.st.muted.Render(legend) + "\n")
	b.WriteString(m.pol.vp.View())
	return b.String()
}
