package ui

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The option labels of the wizard's lists keep key IDs, ARNs, aliases and
// Region codes whole on one line, in both languages, at 60, 80 and 120
// columns (issue 11): the "Which key?" options with the session's key ID
// (as AWS and as the emulator make them), the Region lists and the data
// types, scrolled from the first option to the last, and after the window
// changed size under the form.

// wordRE is a word of a view: what stands between spaces, brackets,
// commas and the focus bar.
var wordRE = regexp.MustCompile(`[^\s()（）,、┃>•✓]+`)

// checkWhole fails t when a word of view looks like the start or the end
// of a Region code, a key ID or an alias that is not whole.
func checkWhole(t *testing.T, name, view string, ids []string) {
	t.Helper()
	codes := map[string]bool{}
	for _, r := range zoom.Regions() {
		codes[r.Code] = true
	}
	regionish := regexp.MustCompile(`^[a-z]{2}-[a-z]*-?[0-9]*$`)
	for i, l := range strings.Split(ansi.Strip(view), "\n") {
		for _, w := range wordRE.FindAllString(l, -1) {
			w = strings.TrimRight(w, ".:;")
			switch {
			case regionish.MatchString(w) && !codes[w]:
				t.Errorf("%s: line %d has a Region code cut short, %q: %q\n%s", name, i+1, w, l, view)
			case strings.HasPrefix(w, "mrk-") && !slices.Contains(ids, w):
				t.Errorf("%s: line %d has a key ID cut short, %q: %q\n%s", name, i+1, w, l, view)
			case strings.HasPrefix(w, "alias/") && !slices.Contains(ids, w):
				t.Errorf("%s: line %d has an alias cut short, %q: %q\n%s", name, i+1, w, l, view)
			}
		}
		for _, id := range ids {
			// The end of an ID at the start of a line: its head is on
			// the line before.
			if n := len(id) / 2; strings.Contains(l, id[n:]) && !strings.Contains(l, id) {
				t.Errorf("%s: line %d has the end of %q without its start: %q\n%s", name, i+1, id, l, view)
			}
		}
	}
}

func TestOptionLabelsKeepIDsWhole(t *testing.T) {
	// The key IDs as KMS and as the emulator make them, and the
	// session's alias.
	ids := []string{"mrk-1234abcd12ab34cd56ef1234567890ab", "mrk-8e4f2c1a-9b3d-4e5f-a6b7-c8d9e0f1a2b3", "alias/zoom-cmk"}
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		for _, id := range ids[:2] {
			for _, w := range []int{60, 80, 120} {
				name := fmt.Sprintf("%s %d %s", lang, w, id[:12])
				h := newHarness(t, &stubEngine{}, nil, func(c *Config) { c.Lang = lang })
				h.enter(4 + 3 + 4 + 1)
				h.key(tea.KeyEsc)
				h.key(tea.KeyEsc)
				h.wantStep("regions")
				h.m.f.Pinned = "arn:aws:kms:ap-northeast-1:111122223333:key/" + id
				h.send(tea.WindowSizeMsg{Width: w, Height: 24})
				h.do(h.reg().regionsForm())
				if !strings.Contains(h.m.t("regions.mode.keep", id), id) {
					t.Fatalf("the keep option does not name the key")
				}
				checkWhole(t, name+" which key", h.view(), ids)
				// Shrunk and grown under the form: fitted again.
				for _, w2 := range []int{w - 7, w + 13, w} {
					h.send(tea.WindowSizeMsg{Width: w2, Height: 24})
					checkWhole(t, fmt.Sprintf("%s which key at %d", name, w2), h.view(), ids)
				}
				if id != ids[0] {
					continue
				}
				// The primary's list and the replicas', every option (the
				// kept key's primary is not asked: start over asks it).
				h.key(tea.KeyDown)
				h.key(tea.KeyDown)
				h.enter(1)
				for range len(zoom.Regions()) {
					checkWhole(t, name+" primary", h.view(), ids)
					h.key(tea.KeyDown)
				}
				h.enter(1)
				for range len(zoom.Regions()) {
					checkWhole(t, name+" replicas", h.view(), ids)
					h.key(tea.KeyDown)
				}
			}
		}
	}
}

// An existing key (an alias, a key ARN) with replicas: its summary and the
// replica list, "existing replica" on its Regions, in both languages.
func TestExistingKeyLabelsKeepIDsWhole(t *testing.T) {
	const arn = "arn:aws:kms:ap-southeast-6:111122223333:key/mrk-8e4f2c1a-9b3d-4e5f-a6b7-c8d9e0f1a2b3"
	ids := []string{"mrk-8e4f2c1a-9b3d-4e5f-a6b7-c8d9e0f1a2b3", "alias/zoom-cmk-customer-managed-key-production"}
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		for _, ref := range []string{ids[1], arn} {
			for _, w := range []int{60, 80, 120} {
				name := fmt.Sprintf("%s %d %s", lang, w, ref[:12])
				eng := &stubEngine{keyReplicas: []string{"ap-southeast-2", "ap-northeast-1"}}
				h := newHarness(t, eng, nil, func(c *Config) { c.Lang = lang })
				h.send(tea.WindowSizeMsg{Width: w, Height: 24})
				h.toExistingKey(ref)
				for range len(zoom.Regions()) {
					checkWhole(t, name+" replicas", h.view(), ids)
					h.key(tea.KeyDown)
				}
			}
		}
	}
}
