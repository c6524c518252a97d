package ui

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/ui/look"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The texts of the forms (titles, descriptions, examples, option labels)
// break at spaces only, at every width and after a resize, and a new form
// is drawn whole at once (issue 11, item 9: "arn:aws:kms:us-east-" on one
// line and "1:…" on the next; the alias input missing for half a second
// at 60 columns; the key's description scrolled to its end).

// formShot is one form of the wizard: how to reach it from the start, the
// texts it shows (in the harness's language) and what shows of its
// focused field (English).
type formShot struct {
	name  string
	eng   func() *stubEngine
	walk  func(h *harness)
	texts func(m *Model) []string
	shows []string
}

func noCredsEngine() *stubEngine {
	return &stubEngine{idErr: &setup.Error{Kind: setup.KindNoCredentials, Text: i18n.Msg{ID: "aws.err.raw", Args: []any{"no AWS credentials were found"}}}, probeErr: errors.New("no credentials")}
}

// toPortal walks a first run with the defaults to the checklist.
func toPortal(h *harness) {
	h.enter(4)                    // the prerequisites
	h.enter(3)                    // key, primary, replicas
	h.enter(4)                    // alias, description, tags, rotation
	h.enter(2 + alertsEnters + 2) // apply, done, the alerts step, policy, ARNs
	h.wantStep("portal")
}

func formShots() []formShot {
	plain := func() *stubEngine { return &stubEngine{} }
	ids := func(ids ...string) func(m *Model) []string {
		return func(m *Model) []string {
			var out []string
			for _, id := range ids {
				out = append(out, m.t(id))
			}
			return out
		}
	}
	prereq := func(id string) func(m *Model) []string {
		return ids("prereq.item."+id, "prereq.item."+id+".desc", "prereq.yes", "prereq.no")
	}
	and := func(f func(m *Model) []string, more func(m *Model) []string) func(m *Model) []string {
		return func(m *Model) []string { return append(f(m), more(m)...) }
	}
	eg := func(ex string) func(m *Model) []string {
		return func(m *Model) []string { return []string{m.t("eg", ex)} }
	}
	return []formShot{
		{"prereq-plan", plain, func(h *harness) {}, prereq("plan"), []string{"Yes, we have it"}},
		{"prereq-clients", plain, func(h *harness) { h.enter(3) }, prereq("clients"), []string{"Yes, we have it"}},
		{"prereq-dry-account", noCredsEngine, func(h *harness) { h.enter(4); h.typ("d") },
			and(ids("prereq.dry.account", "prereq.dry.account.desc"), eg("123456789012")), []string{"e.g. 123456789012"}},
		{"regions-mode", plain, func(h *harness) { h.enter(4) },
			ids("regions.mode", "regions.mode.desc", "regions.mode.new", "regions.mode.existing"), []string{"Use an existing multi-Region key"}},
		{"regions-existing", plain, func(h *harness) { h.enter(4); h.key(tea.KeyDown); h.enter(1) },
			and(ids("regions.existing", "regions.existing.desc"), eg("alias/zoom-cmk")), []string{"> e.g. alias/zoom-cmk"}},
		{"regions-primary", plain, func(h *harness) { h.enter(5) },
			and(ids("regions.primary", "regions.primary.desc"), regionLabels), []string{"> ap-northeast-1"}},
		{"regions-replicas", plain, func(h *harness) { h.enter(6) },
			and(func(m *Model) []string { return []string{m.t("regions.replicas", m.region(m.f.Primary))} }, and(ids("regions.replicas.desc"), regionLabels)),
			[]string{"ap-northeast-3"}},
		{"key-alias", plain, func(h *harness) { h.enter(7) }, ids("key.alias", "key.alias.desc"), []string{"> alias/zoom-cmk"}},
		{"key-description", plain, func(h *harness) { h.enter(8) },
			func(m *Model) []string { return []string{m.t("key.description"), m.t("key.description.default")} }, []string{"Zoom Customer Managed Key"}},
		{"key-tags", plain, func(h *harness) { h.enter(9) },
			and(ids("key.tags", "key.tags.desc"), eg("CostCenter=IT, Owner=zoom-admins")), []string{"> e.g. CostCenter=IT"}},
		{"key-rotation", plain, func(h *harness) { h.enter(10) },
			ids("key.rotation", "key.rotation.desc", "key.rotation.on", "key.rotation.off"), []string{"On (recommended)"}},
		{"portal-emails", plain, func(h *harness) { toPortal(h); h.typ("e") },
			and(ids("portal.emails", "portal.emails.desc"), eg("admin@example.com, security@example.com")), []string{"> e.g. admin@example.com"}},
		{"portal-types", plain, func(h *harness) { toPortal(h); h.typ("t") },
			and(ids("portal.types", "portal.types.desc"), func(m *Model) []string {
				var out []string
				for _, d := range zoom.DataTypes() {
					out = append(out, m.p().M(d.Label()))
				}
				return out
			}), []string{"Zoom Phone voicemails"}},
		{"portal-ticketinfo", plain, func(h *harness) { toPortal(h); h.typ("s"); h.typ("e") },
			and(ids("portal.ticketinfo.account", "portal.ticketinfo.account.desc", "portal.ticketinfo.groups", "portal.ticketinfo.groups.desc"),
				and(eg("1234567890"), eg("Finance, Legal"))), []string{"> e.g. 1234567890", "> e.g. Finance, Legal"}},
	}
}

// regionLabels are the names of the Regions as the lists label them, and
// their notes (opt-in), for the Regions that show.
func regionLabels(m *Model) []string {
	out := []string{m.t("regions.optin"), m.t("regions.suggested")}
	for _, r := range zoom.Regions() {
		out = append(out, r.Code+" "+zoom.RegionName(m.p(), r.Code))
	}
	return out
}

// splitToken matches a line that ends inside a word broken after its
// hyphen ("us-", "arn:aws:kms:us-east-", "single-").
var splitToken = regexp.MustCompile(`[^\s-]-$`)

// formLines are the lines of a view, without escape sequences, huh's
// focus bar and the spaces that pad them.
func formLines(view string) []string {
	var out []string
	for _, l := range strings.Split(ansi.Strip(view), "\n") {
		out = append(out, strings.TrimRight(strings.TrimLeft(l, "┃ "), " "))
	}
	return out
}

// checkWordsUnsplit fails when a line of view ends in a word broken after
// a hyphen, or when a Latin word of one of texts that shows at all is not
// whole on one line (a Region code, an alias, a path, an ARN, a word).
func checkWordsUnsplit(t *testing.T, name, view string, texts []string) {
	t.Helper()
	lines := formLines(view)
	for _, l := range lines {
		if splitToken.MatchString(l) {
			t.Errorf("%s: a line ends in a word broken after its hyphen: %q\n%s", name, l, ansi.Strip(view))
		}
	}
	bare := func(s string) string { return strings.Join(strings.Fields(s), "") }
	flat := bare(strings.Join(lines, " "))
	for _, text := range texts {
		words := strings.Fields(text)
		if len(words) == 0 || !strings.Contains(flat, bare(strings.Join(words[:min(2, len(words))], " "))) {
			continue // not on screen (a Region further down the list)
		}
		for _, w := range words {
			if look.HasWide(w) || len(w) < 2 {
				continue
			}
			whole := false
			for _, l := range lines {
				if strings.Contains(l, w) {
					whole = true
					break
				}
			}
			if !whole {
				t.Errorf("%s: %q is not whole on one line:\n%s", name, w, ansi.Strip(view))
			}
		}
	}
}

// TestFormTextsBreakAtSpaces: every form, in English and Japanese, at 60,
// 80 and 120 columns, breaks its texts at spaces only: no word, Region
// code, alias, path or ARN split, no line ending in "us-".
func TestFormTextsBreakAtSpaces(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		for _, w := range []int{60, 80, 120} {
			for _, s := range formShots() {
				name := fmt.Sprintf("%s/%d/%s", lang, w, s.name)
				h := newHarness(t, s.eng(), nil, func(c *Config) { c.Lang = lang })
				h.send(tea.WindowSizeMsg{Width: w, Height: 40})
				s.walk(h)
				checkWordsUnsplit(t, name, h.view(), s.texts(h.m))
			}
		}
	}
}

// TestFormTextsFollowResize: a form's texts are broken again when the
// window changes size mid-form, narrower and wider.
func TestFormTextsFollowResize(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		for _, s := range formShots() {
			h := newHarness(t, s.eng(), nil, func(c *Config) { c.Lang = lang })
			h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
			s.walk(h)
			for _, w := range []int{60, 80, 120} {
				h.send(tea.WindowSizeMsg{Width: w, Height: 40})
				name := fmt.Sprintf("%s/%s/120→%d", lang, s.name, w)
				checkWordsUnsplit(t, name, h.view(), s.texts(h.m))
				if w == 120 {
					// Wide again: each text that fits is on one line again.
					lines := formLines(h.view())
					for _, text := range s.texts(h.m)[:2] {
						if strings.Contains(text, "\n") || i18n.Width(text) > 90 {
							continue
						}
						if !containsLine(lines, text) {
							t.Errorf("%s: %q is still broken as at a narrower width:\n%s", name, text, ansi.Strip(h.view()))
						}
					}
				}
			}
		}
	}
}

func containsLine(lines []string, s string) bool {
	for _, l := range lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// TestNewFormDrawnAtOnce: a form shows its focused field as soon as it is
// set, before the terminal answers a request for its size (the harness
// never answers it): at 60x20 the alias input, the existing-key input,
// the rotation buttons, ...; and the key's default description shows from
// its start.
func TestNewFormDrawnAtOnce(t *testing.T) {
	for _, size := range [][2]int{{60, 20}, {80, 24}} {
		for _, s := range formShots() {
			name := fmt.Sprintf("%dx%d/%s", size[0], size[1], s.name)
			h := newHarness(t, s.eng(), nil)
			h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			s.walk(h)
			for _, when := range []string{"at once", "once the terminal has said its size"} {
				v := h.view()
				for _, want := range s.shows {
					if !strings.Contains(ansi.Strip(v), want) {
						t.Errorf("%s, %s: %q is not on screen:\n%s", name, when, want, ansi.Strip(v))
					}
				}
				if s.name == "key-description" {
					checkWordsUnsplit(t, name, v, []string{setup.DefaultDescription})
					if strings.Contains(v, "ctrl+e") || strings.Contains(v, "ctrl+j") {
						t.Errorf("%s: the description offers an editor or a new line:\n%s", name, ansi.Strip(v))
					}
				}
				h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			}
		}
	}
}

// TestResizeKeepsListState: fitting a list's labels again on a resize
// keeps its ticks, its cursor and its filter.
func TestResizeKeepsListState(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil, func(c *Config) { c.Lang = i18n.Japanese })
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.enter(6) // the replicas, ap-northeast-3 suggested and ticked
	h.key(tea.KeyDown)
	h.key(tea.KeyDown)
	h.typ("x") // ap-east-1 (opt-in: its label wraps at 60 columns)
	cursor := func() string {
		for _, l := range formLines(h.view()) {
			if strings.HasPrefix(l, ">") {
				return strings.Fields(l)[2]
			}
		}
		return ""
	}
	if got := cursor(); got != "ap-east-1" {
		t.Fatalf("cursor on %q before the resize:\n%s", got, ansi.Strip(h.view()))
	}
	h.send(tea.WindowSizeMsg{Width: 60, Height: 40})
	if got := cursor(); got != "ap-east-1" {
		t.Errorf("cursor on %q after the resize:\n%s", got, ansi.Strip(h.view()))
	}
	if !strings.Contains(ansi.Strip(h.view()), "(オプトインリージョン)") || !containsLine(formLines(h.view()), "✓ ap-east-1") {
		t.Errorf("the tick or the label lost:\n%s", ansi.Strip(h.view()))
	}
	h.typ("/")
	h.typ("eu-")
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	if v := ansi.Strip(h.view()); strings.Contains(v, "ap-south-1") || !strings.Contains(v, "eu-west-1") {
		t.Errorf("the filter lost on a resize:\n%s", v)
	}
	h.key(tea.KeyEnter) // the filter
	h.key(tea.KeyEsc)   // clears it
	h.enter(1)
	if got := strings.Join(h.m.f.Replicas, ","); !strings.Contains(got, "ap-northeast-3") || !strings.Contains(got, "ap-east-1") {
		t.Errorf("replicas = %s, want ap-northeast-3 and ap-east-1", got)
	}
}
