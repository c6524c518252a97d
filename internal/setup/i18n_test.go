package setup

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// idUse finds message ids the engine passes to its message helpers.
var idUse = regexp.MustCompile(`\b(?:msg|errorf|say|sayFix|Msg\{ID:)\s*\(?"([a-z][a-z0-9.-]+\.[a-z0-9.-]+)"`)

// Every message id the engine (setup and aws) uses is in every catalogue: a
// missing one would show as "!id".
func TestEngineMessageIDsExist(t *testing.T) {
	n := 0
	for _, dir := range []string{".", "../aws"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range idUse.FindAllStringSubmatch(string(src), -1) {
				if strings.HasSuffix(m[1], ".") {
					continue // a prefix completed at run time
				}
				n++
				for _, l := range i18n.Langs() {
					if _, ok := i18n.CatalogueOf(l)[m[1]]; !ok {
						t.Errorf("%s: id %q is not in the %s catalogue", f, m[1], l)
					}
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("found only %d uses of message ids: is the pattern still right?", n)
	}
}
