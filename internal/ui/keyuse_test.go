package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// Which key the wizard uses is said truthfully on every summary and plan
// line (keyuse.go): "Keep the key set up in this session" is the first
// choice at "Which key?" once the session has a key, and the lines after
// it used to say "New multi-Region key" (新しいマルチリージョンキー).

// cliSession sets up, as `zcmk-tui setup --region primary --replica-region
// replica --yes --state-file S` does, a key set in the emulator and the
// session the command saves.
func cliSession(t *testing.T, eng *setup.Engine, primary, replica string) *state.Session {
	t.Helper()
	ctx := context.Background()
	o := setup.Options{Region: primary, Replicas: []string{replica}, Rotation: true}
	if err := setup.Validate(&o); err != nil {
		t.Fatal(err)
	}
	p, err := eng.Plan(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Apply(ctx, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &state.Session{}
	res.Record(s, "", fixedNow)
	return s
}

// keyWords are the words of the summary lines in lang: the kept key's,
// and a new key's (which must not be said of a kept key).
func keyWords(lang i18n.Lang) (kept, newKey string) {
	if lang == i18n.Japanese {
		return "このセッションで設定したキーを使い続けます: ", "新しいマルチリージョンキー、"
	}
	return "Key kept from this session: ", "New multi-Region key, primary"
}

// wantKept fails unless the view says the kept key id (with its alias)
// is used, and never that a new key is.
func (h *harness) wantKept(lang i18n.Lang, id, alias string) {
	h.t.Helper()
	kept, newKey := keyWords(lang)
	v := h.view()
	// The line wraps at spaces: read the words in order.
	if !strings.Contains(strings.Join(strings.Fields(v), " "), kept+id+" ("+alias+")") {
		h.t.Errorf("step %s does not say that key %s (%s) is kept:\n%s", h.m.Step(), id, alias, v)
	}
	if strings.Contains(v, newKey) {
		h.t.Errorf("step %s says a new key is used although %s is kept:\n%s", h.m.Step(), id, v)
	}
}

// A session made by the CLI, resumed in the wizard: keeping its key, the
// summary over the replica list and over the key questions name the kept
// key, in English and Japanese; the plan keeps it too. Back to the Regions
// and forward again says the same; starting over says a new key.
func TestResumedCLISessionKeptKeyIsNamed(t *testing.T) {
	eng, _ := motoEngine(t, "")
	sess := cliSession(t, eng, "ap-northeast-1", "ap-northeast-3")
	id := sess.Keys[0].KeyID
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		t.Run(string(lang), func(t *testing.T) {
			h := newHarness(t, eng, cloneSession(sess), func(c *Config) { c.Lang, c.LangGiven = lang, true })
			h.enter(4)
			h.wantStep("regions")
			h.wantView(id)               // "Keep the key set up in this session (mrk-…)"
			h.enter(1)                   // keep it
			h.enter(1)                   // primary ap-northeast-1
			h.wantView("ap-northeast-3") // the replica list
			h.wantKept(lang, id, "alias/zoom-cmk")
			h.enter(1)
			h.wantStep("key")
			h.wantKept(lang, id, "alias/zoom-cmk")
			h.enter(2) // alias, rotation: the kept key has its own description and tags
			h.wantView(id, "409910850980")
			if o := h.m.f.Opts; o.ExistingKey != sess.PrimaryARN() {
				t.Errorf("planned with ExistingKey %q, want the kept key %s", o.ExistingKey, sess.PrimaryARN())
			}
			_, newKey := keyWords(lang)
			if v := h.view(); strings.Contains(v, newKey) {
				t.Errorf("the plan says a new key:\n%s", v)
			}

			// Back to "Which key?" and forward again: still the kept key.
			h.key(tea.KeyEsc)
			h.wantStep("key")
			h.key(tea.KeyEsc)
			h.wantStep("regions")
			h.enter(2)
			h.wantKept(lang, id, "alias/zoom-cmk")
			h.key(tea.KeyEsc)
			h.wantStep("regions")

			// Start over: a new key, said so.
			h.key(tea.KeyDown)
			h.key(tea.KeyDown)
			h.enter(2)
			if v := h.view(); !strings.Contains(v, newKey) || strings.Contains(v, "("+"alias/zoom-cmk)") {
				t.Errorf("start over does not say a new key:\n%s", v)
			}
		})
	}
}

// A session made by the wizard itself, resumed: step 3 (where it resumes
// when the key step is left without applying) names the kept key, and so
// does step 2 after going back.
func TestResumedWizardSessionKeptKeyIsNamed(t *testing.T) {
	eng, _ := motoEngine(t, "")
	h := newHarness(t, eng, nil)
	h.enter(4 + 3 + 4 + 1)
	h.wantView("Done: ")
	h.enter(1)
	h.wantStep("alerts") // the step after the key's
	s, err := state.Load(h.m.cfg.StatePath)
	if err != nil || s == nil || s.PrimaryARN() == "" {
		t.Fatalf("session: %+v, %v", s, err)
	}
	id := s.Keys[0].KeyID
	h2 := newHarness(t, eng, s)
	h2.wantStep("alerts") // where the session left off
	h2.key(tea.KeyEsc)
	h2.wantStep("key")
	h2.wantKept(i18n.English, id, "alias/zoom-cmk")
	h2.key(tea.KeyEsc)
	h2.wantStep("regions")
	h2.enter(2)
	h2.wantKept(i18n.English, id, "alias/zoom-cmk")
	h2.enter(1)
	h2.wantKept(i18n.English, id, "alias/zoom-cmk")
}

// The accessible mode says which key too, after step 2 and on step 3, for
// a session made by the CLI whose key is kept.
func TestAccessibleResumedCLISessionKeptKeyIsNamed(t *testing.T) {
	eng, srv := motoEngine(t, "")
	sess := cliSession(t, eng, "ap-northeast-1", "ap-northeast-3")
	id := sess.Keys[0].KeyID
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		t.Run(string(lang), func(t *testing.T) {
			input := strings.Join([]string{
				"", "", "", "", // prerequisites: yes
				"", "", "0", // keep the key, primary as it is, replicas as ticked
			}, "\n") + "\n"
			out, err := runAccessibleOnEmulator(t, srv, input, func(c *Config) {
				c.Session, c.Lang, c.LangGiven = cloneSession(sess), lang, true
			})
			if !errors.Is(err, ErrEndOfInput) {
				t.Errorf("error %v; want the end of input at step 3", err)
			}
			kept, newKey := keyWords(lang)
			if n := strings.Count(out, "✓ "+kept+id+" (alias/zoom-cmk)"); n != 2 {
				t.Errorf("the kept key is named %d times, want after step 2 and on step 3:\n%s", n, tail(out, 3000))
			}
			if strings.Contains(out, newKey) {
				t.Errorf("the accessible mode says a new key although %s is kept:\n%s", id, tail(out, 3000))
			}
		})
	}
}

// An existing key typed in at "Which key?": step 3 and the plan name it,
// and no line says a new key.
func TestExistingKeyIsNamedOnStep3AndThePlan(t *testing.T) {
	eng, _ := motoEngine(t, "")
	primary, _ := existingKeySet(t, eng)
	id := flow.KeyIDOf(primary)
	h := newHarness(t, eng, nil)
	h.toExistingKey("alias/kept")
	h.wantView("Existing key alias/kept, primary us-east-1")
	h.enter(1)
	h.wantStep("key")
	h.wantView("Existing key alias/kept, primary us-east-1", "Regions: primary us-east-1; replicas")
	h.enter(2) // alias, rotation: an existing key has its own description and tags
	h.wantView("Existing key alias/kept (" + id + ") is used: no new key is created.")
	if v := h.view(); strings.Contains(v, "New multi-Region key") || strings.Contains(v, "· new key") {
		t.Errorf("the plan of an existing key says a new key:\n%s", v)
	}
}
