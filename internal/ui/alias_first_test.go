package ui

import (
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Issue 26, defect 1: without a session, the alias of step 3 already names
// a key set (made by an earlier setup). Step 3 reads the alias first, says
// that this key set is used, and asks only what applies to it (the alias,
// rotation): never "New multi-Region key", a description or tags.
func TestAliasNamingAKeySetIsReadBeforeTheQuestions(t *testing.T) {
	srv := moto.StartT(t)
	srv.SetEnv(t)
	made := keySetUnderAlias(t, engineOn(t, srv, ""))
	id := flow.KeyIDOf(made)

	h := newHarness(t, engineOn(t, srv, ""), nil)
	h.enter(4)     // prerequisites
	h.enter(1 + 1) // a new key, us-east-1 (the default)
	h.enter(1)     // replicas: us-west-2 suggested
	h.wantStep("key")
	h.wantView("Existing key set "+id+" under alias/zoom-cmk", "no new key is created")
	h.wantNoView("New multi-Region key")
	h.enter(1) // the alias as it is
	// Rotation is asked, saying that Off leaves the set's rotation as it is.
	h.wantView("Automatic key rotation", "Off leaves it as it is")
	h.wantNoView("Description of the key", "Tags (optional)", "New multi-Region key")
	h.enter(1)
	h.wantView("Nothing to change")

	// Back from the plan: the alias again; from rotation: the alias too.
	h.key(tea.KeyEsc)
	h.wantStep("key")
	h.wantView("Alias (created in every Region")
	h.enter(1)
	h.wantView("Automatic key rotation")
	h.key(tea.KeyEsc)
	h.wantView("Alias (created in every Region")
	h.wantNoView("Automatic key rotation")

	// Another alias, which names nothing: read too, then a new key with
	// its questions.
	h2 := newHarness(t, engineOn(t, srv, ""), nil)
	h2.enter(4 + 2 + 1)
	h2.wantView("Existing key set " + id)
	h2.typ("-new")
	h2.enter(1)
	h2.wantView("New multi-Region key", "Description of the key")
	h2.wantNoView("Existing key set")
}

// The accessible mode reads the alias first too, in both languages.
func TestAccessibleAliasNamingAKeySetIsReadFirst(t *testing.T) {
	srv := moto.StartT(t)
	srv.SetEnv(t)
	id := flow.KeyIDOf(keySetUnderAlias(t, engineOn(t, srv, "")))
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		t.Run(string(lang), func(t *testing.T) {
			input := strings.Join([]string{
				"", "", "", "", // prerequisites: yes
				"1", "", // a new key, us-east-1
				"0", // the replicas as ticked
				"",  // the alias as it is
			}, "\n") + "\n"
			out, err := runAccessibleOnEmulator(t, srv, input, func(c *Config) { c.Lang = lang })
			if !errors.Is(err, ErrEndOfInput) {
				t.Errorf("error %v; want the end of input at rotation", err)
			}
			key := strings.SplitN(out, stepTitleIn(lang), 2)
			if len(key) < 2 {
				t.Fatalf("no step 3 in\n%s", out)
			}
			want, no := []string{"Existing key set " + id + " under alias/zoom-cmk"}, []string{"New multi-Region key", "Description of the key"}
			if lang == i18n.Japanese {
				want, no = []string{"エイリアス alias/zoom-cmk の既存のキーセット " + id}, []string{"新しいマルチリージョンキー", i18n.NewPrinter(i18n.Japanese).T("ui.key.description")}
			}
			for _, w := range want {
				if !strings.Contains(key[1], w) {
					t.Errorf("step 3 lacks %q\n%s", w, key[1])
				}
			}
			for _, w := range no {
				if strings.Contains(key[1], w) {
					t.Errorf("step 3 says %q for the existing key set\n%s", w, key[1])
				}
			}
		})
	}
}

// keySetUnderAlias makes, as a first setup would, a key set under the default
// alias in us-east-1 with a replica in us-west-2; it returns the primary's
// ARN.
func keySetUnderAlias(t *testing.T, eng *setup.Engine) string {
	t.Helper()
	o := setup.Options{Region: "us-east-1", Replicas: []string{"us-west-2"}, Alias: zoom.DefaultAlias, Rotation: true}
	return applyKeySet(t, eng, o).Keys[0].ARN
}

// stepTitleIn is the title of step 3 in lang.
func stepTitleIn(lang i18n.Lang) string {
	pr := i18n.NewPrinter(lang)
	return pr.T("ui.header.step", 3, int(flow.NumSteps), pr.T("ui.step.key"))
}
