package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The support ticket over the checklist wraps its list with a hanging
// indent: the bullet stays with its ARN, the lines after it are indented
// under the text, an ARN that fits beside its bullet is whole, and one
// that does not is broken after "key/" with its key ID whole (issue 11,
// item 9: at 80 columns a lone "-" and the ARN on the next line). The
// sessions: doneSession (ARNs of 75 columns) and tokyoSession (84).

// checkTicketList fails when a bullet of the ticket's key list in view
// stands alone, leaves its ARN, or a line of an item is not indented under
// its text.
func checkTicketList(t *testing.T, name, view string, arns []string, w int) {
	t.Helper()
	lines := strings.Split(ansi.Strip(view), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	for _, l := range lines {
		if strings.TrimSpace(l) == "-" {
			t.Errorf("%s: a bullet alone on its line:\n%s", name, ansi.Strip(view))
		}
		if ansi.StringWidth(l) > w {
			t.Errorf("%s: a line wider than %d: %q", name, w, l)
		}
	}
	for _, arn := range arns {
		at := -1
		for i, l := range lines {
			if strings.HasPrefix(l, "  - arn:") && strings.HasPrefix(arn, strings.TrimPrefix(l, "  - ")[:min(len(l)-4, len(arn))]) {
				at = i
				break
			}
		}
		if at < 0 {
			t.Errorf("%s: no bullet with the start of %s:\n%s", name, arn, ansi.Strip(view))
			continue
		}
		if 4+len(arn) <= w && !strings.HasPrefix(lines[at], "  - "+arn) {
			t.Errorf("%s: %s is not whole beside its bullet: %q", name, arn, lines[at])
		}
		keyID := arn[strings.Index(arn, "mrk-"):]
		if !strings.Contains(lines[at], keyID) && (at+1 >= len(lines) || !strings.HasPrefix(lines[at+1], "    "+keyID)) {
			t.Errorf("%s: the key ID of %s is not whole under its item:\n%s", name, arn, ansi.Strip(view))
		}
		// The item's other lines hang under its text.
		for j := at + 1; j < len(lines) && lines[j] != "" && !strings.HasPrefix(lines[j], "  - "); j++ {
			if !strings.HasPrefix(lines[j], "    ") {
				t.Errorf("%s: a line of the item of %s is not under its text: %q", name, arn, lines[j])
			}
		}
	}
}

func TestTicketListHangsUnderBullets(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		for _, sess := range []func() *state.Session{doneSession, tokyoSession} {
			for _, w := range []int{60, 80, 120} {
				s := sess()
				name := fmt.Sprintf("%s/%s/%d", lang, s.PrimaryRegion, w)
				h := newHarness(t, &stubEngine{}, s, func(c *Config) { c.Lang = lang })
				h.send(tea.WindowSizeMsg{Width: w, Height: 60})
				h.typ("s")
				v := h.view()
				checkTicketList(t, name, v, []string{s.Keys[0].ARN, s.Keys[1].ARN}, w)
				var texts []string
				for _, l := range strings.Split(h.prt().ticket, "\n") {
					if !strings.Contains(l, "arn:aws:kms:") {
						texts = append(texts, l)
					}
				}
				checkWordsUnsplit(t, name, v, append(texts, h.m.t("portal.ticket.title")))
			}
		}
	}
}

// TestTicketFollowsResize: the open ticket is fitted again when the
// window changes size.
func TestTicketFollowsResize(t *testing.T) {
	s := doneSession()
	h := newHarness(t, &stubEngine{}, s)
	h.send(tea.WindowSizeMsg{Width: 120, Height: 60})
	h.typ("s")
	for _, w := range []int{80, 60, 120} {
		h.send(tea.WindowSizeMsg{Width: w, Height: 60})
		checkTicketList(t, fmt.Sprintf("120→%d", w), h.view(), []string{s.Keys[0].ARN, s.Keys[1].ARN}, w)
	}
}

// TestChecklistWrapsAtSpaces: each item of the portal checklist, in
// English and Japanese, at 60, 80 and 120 columns, breaks its detail at
// spaces only.
func TestChecklistWrapsAtSpaces(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		for _, w := range []int{60, 80, 120} {
			h := newHarness(t, &stubEngine{}, doneSession(), func(c *Config) { c.Lang = lang })
			h.send(tea.WindowSizeMsg{Width: w, Height: 40})
			for i, it := range zoom.Steps() {
				name := fmt.Sprintf("%s/%d/%s", lang, w, it.ID)
				checkWordsUnsplit(t, name, h.view(), []string{h.m.p().M(it.Title), h.m.p().M(it.Detail)})
				if i < len(zoom.Steps())-1 {
					h.key(tea.KeyDown)
				}
			}
		}
	}
}
