package ui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The lists of the wizard say what they hide (issue 11: no screen at 80x24
// hides content without a way to reach it): under a list longer than its
// window, a line with how many options are above and below it, in both
// languages, as the cursor moves and as the filter narrows the list; the
// replica list takes the height the screen has.

var (
	cueAbove = map[i18n.Lang]*regexp.Regexp{
		i18n.English:  regexp.MustCompile(`↑ (\d+) more above`),
		i18n.Japanese: regexp.MustCompile(`↑ 上にあと (\d+) 件`),
	}
	cueBelow = map[i18n.Lang]*regexp.Regexp{
		i18n.English:  regexp.MustCompile(`↓ (\d+) more below`),
		i18n.Japanese: regexp.MustCompile(`↓ 下にあと (\d+) 件`),
	}
	// The first line of an option of a select (a Region code after the
	// cursor's column) or of a multi-select (its tick).
	selectFirst = regexp.MustCompile(`^┃ [> ] [a-z]{2}-[a-z]+-\d`)
	multiFirst  = regexp.MustCompile(`^┃ [> ] [•✓] \S`)
)

// wantCue checks the list on screen: the options it shows and the numbers
// its cue gives above and below add up to total, and there is a cue
// whenever options are hidden. It returns the cue's line index and the
// numbers.
func wantCue(t *testing.T, name string, h *harness, lang i18n.Lang, first *regexp.Regexp, total int) (line, above, below int) {
	t.Helper()
	v := ansi.Strip(h.view())
	shown := 0
	line = -1
	for i, l := range strings.Split(v, "\n") {
		if first.MatchString(l) {
			shown++
		}
		if m := cueAbove[lang].FindStringSubmatch(l); m != nil {
			above, _ = strconv.Atoi(m[1])
			line = i
		}
		if m := cueBelow[lang].FindStringSubmatch(l); m != nil {
			below, _ = strconv.Atoi(m[1])
			line = i
		}
	}
	if shown == 0 {
		t.Fatalf("%s: no option on screen:\n%s", name, v)
	}
	if shown < total && line < 0 {
		t.Fatalf("%s: %d of %d options shown, and nothing says that more are above or below:\n%s", name, shown, total, v)
	}
	if shown+above+below != total {
		t.Errorf("%s: %d shown + %d above + %d below, want %d options in all:\n%s", name, shown, above, below, total, v)
	}
	checkLayout(t, name, h.m, h.view(), h.m.width)
	return line, above, below
}

// countWith is how many options' labels hold s, as huh's filter finds
// them (case apart).
func countWith(opts []huh.Option[string], s string) int {
	n := 0
	for _, o := range opts {
		if strings.Contains(strings.ToLower(o.Key), strings.ToLower(s)) {
			n++
		}
	}
	return n
}

func TestListsSayWhatTheyHide(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			name := fmt.Sprintf("%s %dx%d", lang, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				h := newHarness(t, &stubEngine{}, nil, func(c *Config) { c.Lang = lang })
				h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				regions := len(zoom.RegionsIn("aws")) // the stub's caller is in partition aws

				// Step 2's primary Region: more below, then above too.
				h.enter(4 + 1)
				wantCue(t, "primary", h, lang, selectFirst, regions)
				for range 3 {
					h.key(tea.KeyDown)
				}
				if _, above, _ := wantCue(t, "primary, 3 down", h, lang, selectFirst, regions); above == 0 {
					t.Errorf("primary: 3 down, nothing said above:\n%s", h.view())
				}
				h.typ("/")
				h.typ("eu")
				wantCue(t, "primary, filtered", h, lang, selectFirst, countWith(h.m.regionOptions("", ""), "eu"))
				h.key(tea.KeyBackspace)
				h.key(tea.KeyBackspace)
				h.key(tea.KeyEsc) // the filter, empty, set
				for range 3 {
					h.key(tea.KeyUp)
				}

				// The replicas: the list down to the footer, its cue under it.
				h.enter(1)
				h.wantStep("regions")
				replicas := regions - 1
				line, _, _ := wantCue(t, "replicas", h, lang, multiFirst, replicas)
				if after := len(strings.Split(h.view(), "\n")) - 1 - line; after > lipgloss.Height(h.m.viewFooter()) {
					t.Errorf("replicas: %d lines under the list's cue, more than the footer's: the list does not take the height:\n%s", after, h.view())
				}
				for range 12 {
					h.key(tea.KeyDown)
				}
				if _, above, below := wantCue(t, "replicas, 12 down", h, lang, multiFirst, replicas); above == 0 || below == 0 {
					t.Errorf("replicas, 12 down: %d above, %d below:\n%s", above, below, h.view())
				}
				h.typ("/")
				h.typ("eu")
				wantCue(t, "replicas, filtered", h, lang, multiFirst, countWith(h.m.regionOptions(h.m.f.Primary, h.m.f.Partner()), "eu"))
				h.key(tea.KeyBackspace)
				h.key(tea.KeyBackspace)
				h.key(tea.KeyEsc)

				// The portal's data types.
				h.enter(1)
				h.wantStep("key")
				h.enter(3 + 1 + 1 + alertsEnters + 1 + 1 + 1)
				h.wantStep("portal")
				h.typ("t")
				wantCue(t, "data types", h, lang, multiFirst, len(zoom.DataTypes()))
				for range len(zoom.DataTypes()) - 1 {
					h.key(tea.KeyDown)
				}
				wantCue(t, "data types, last", h, lang, multiFirst, len(zoom.DataTypes()))
			})
		}
	}
}

// At 60x20 the data types do not all fit: the cue says so, at 80x24 in
// English they do, and there is none.
func TestDataTypesCueOnlyWhenHidden(t *testing.T) {
	for _, size := range [][2]int{{60, 20}, {80, 24}} {
		h := newHarness(t, &stubEngine{}, nil)
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		h.enter(4 + 3 + 4 + 1 + 1 + alertsEnters + 1 + 1)
		h.wantStep("portal")
		h.typ("t")
		_, above, below := wantCue(t, fmt.Sprint(size), h, i18n.English, multiFirst, len(zoom.DataTypes()))
		if size[0] == 60 && below == 0 {
			t.Errorf("60x20: nothing below the data types:\n%s", h.view())
		}
		if size[0] == 80 && above+below != 0 {
			t.Errorf("80x24: %d above, %d below, want all shown:\n%s", above, below, h.view())
		}
	}
}

// The replica list takes the height the screen leaves it: no blank rows
// between it (its cue) and the footer, at 80x24 and 60x20, in both
// languages, and none after the window grew under it.
func TestReplicaListTakesTheHeight(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		for _, size := range [][2]int{{80, 24}, {60, 20}, {80, 30}} {
			h := newHarness(t, &stubEngine{}, nil, func(c *Config) { c.Lang = lang })
			h.send(tea.WindowSizeMsg{Width: size[0], Height: 24})
			h.enter(4 + 1 + 1)
			if h.m.step != flow.StepRegions || h.reg().phase != regPhaseReplicas {
				t.Fatalf("not at the replica list:\n%s", h.view())
			}
			h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			lines := strings.Split(h.view(), "\n")
			body := lines[:len(lines)-lipgloss.Height(h.m.viewFooter())]
			blank := 0
			for i := len(body) - 1; i >= 0 && strings.TrimSpace(body[i]) == ""; i-- {
				blank++
			}
			if blank > 0 {
				t.Errorf("%s %v: %d blank rows under the replica list:\n%s", lang, size, blank, h.view())
			}
			checkLayout(t, fmt.Sprint(lang, size), h.m, h.view(), size[0])
		}
	}
}
