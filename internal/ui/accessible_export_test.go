package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/iac"
)

// The plain prompts offer the export too, last (after verify and the
// drill, so that the answers before it keep their place), with the full
// screen's question: the format and the folder, in the session's language.
// The stub engine cannot refresh, so the export comes from the session and
// says so. End of input at the question is a no.
func TestPlainExportsTheKeySetAsCode(t *testing.T) {
	for _, tc := range []struct{ lang, ask, format, done string }{
		{"en", "Write the key set as code", "Export the key set as code: which format?", "Wrote 7 files into"},
		{"ja", "キー一式をコード (作成はせず", "キー一式をコードとして書き出します。形式を選んでください", "個のファイルを"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "session.json")
			sess := doneSession()
			sess.Lang = tc.lang
			if err := state.Save(path, sess); err != nil {
				t.Fatal(err)
			}
			checklist := []string{"", "", "", "", "", "", "", ""} // seven items, the e-mails after the fourth
			lines := append(append([]string(nil), checklist...), "n", "n", "y", "1", "tf")
			text, _, err := runPlain(t, lines, func(c *Config) { c.StatePath, c.Session, c.Interactive, c.RunbookDir = path, sess, true, dir })
			if err != nil {
				t.Fatalf("%v\n%s", err, text)
			}
			for _, want := range []string{tc.ask, tc.format, tc.done} {
				if !strings.Contains(text, want) {
					t.Errorf("the plain run lacks %q:\n%s", want, tail(text, 3000))
				}
			}
			out := filepath.Join(dir, "tf")
			want := iac.KeySet{Alias: sess.Alias}
			for _, k := range sess.Keys {
				want.Keys = append(want.Keys, iac.Key{Region: k.Region, Role: k.Role, KeyID: "mrk-1234abcd12ab34cd56ef1234567890ab", ARN: k.ARN, Policy: sess.Policy, Alias: true})
			}
			iac.CheckTerraform(t, out, want)
			readme, _ := os.ReadFile(filepath.Join(out, "README.md"))
			if !strings.Contains(string(readme), "--offline") {
				t.Errorf("an export without a refresh does not say so:\n%s", readme)
			}
		})
	}
}
