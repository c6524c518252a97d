package i18n

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestEveryCatalogueHasTheSameIDs(t *testing.T) {
	for _, l := range Langs() {
		if l == English {
			continue
		}
		for id := range CatalogueOf(English) {
			if _, ok := CatalogueOf(l)[id]; !ok {
				t.Errorf("%s: id %q is missing", l, id)
			}
		}
		for id := range CatalogueOf(l) {
			if _, ok := CatalogueOf(English)[id]; !ok {
				t.Errorf("%s: id %q is not in the English catalogue", l, id)
			}
		}
	}
}

// verbRE finds fmt verbs, with an optional explicit argument index.
var verbRE = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// placeholders lists a format's verbs as "argument:verb", sorted, so that
// a translation may reorder arguments with %[n]s but not change them.
func placeholders(format string) []string {
	var out []string
	next := 1
	for _, m := range verbRE.FindAllStringSubmatch(format, -1) {
		if m[2] == "%" {
			continue
		}
		arg := next
		if m[1] != "" {
			arg, _ = strconv.Atoi(m[1])
		}
		next = arg + 1
		out = append(out, fmt.Sprintf("%d:%s", arg, m[2]))
	}
	slices.Sort(out)
	return out
}

func TestPlaceholdersMatch(t *testing.T) {
	if got := placeholders("%[2]s は %[1]d"); !slices.Equal(got, []string{"1:d", "2:s"}) {
		t.Fatalf("placeholders: %v", got)
	}
	for _, l := range Langs() {
		for id, s := range CatalogueOf(l) {
			en, ok := CatalogueOf(English)[id]
			if !ok {
				continue
			}
			if a, b := placeholders(en), placeholders(s); !slices.Equal(a, b) {
				t.Errorf("%s %q: placeholders %v, English has %v", l, id, b, a)
			}
		}
	}
}

func TestLanguageChoice(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for i, c := range []struct {
		env  func(string) string
		want Lang
	}{
		{env(), English},
		{env("LANG", "ja_JP.UTF-8"), Japanese},
		{env("LANG", "ja"), Japanese},
		{env("LANG", "en_US.UTF-8"), English},
		{env("LANG", "fr_FR.UTF-8"), English},
		{env("LC_MESSAGES", "ja_JP.UTF-8", "LANG", "en_US.UTF-8"), Japanese},
		{env("LC_ALL", "C", "LC_MESSAGES", "ja_JP.UTF-8"), English},
		{env("LC_ALL", "ja_JP.eucJP", "LANG", "C"), Japanese},
	} {
		if got := FromEnv(c.env); got != c.want {
			t.Errorf("case %d: got %s, want %s", i, got, c.want)
		}
	}
	for in, want := range map[string]Lang{"en": English, "ja": Japanese, "JA": Japanese, "ja_JP.UTF-8": Japanese} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %s, %v", in, got, err)
		}
	}
	if _, err := Parse("de"); err == nil {
		t.Error("Parse(de): no error")
	}
}

func TestPrinter(t *testing.T) {
	if got := NewPrinter(Japanese).T("lang.name"); got != "日本語" {
		t.Errorf("ja: %q", got)
	}
	if got := NewPrinter("xx").T("lang.name"); got != "English" {
		t.Errorf("unknown language falls back to English: %q", got)
	}
	if got := NewPrinter(English).T("no.such.id"); got != "!no.such.id" {
		t.Errorf("missing id: %q", got)
	}
}

type locErr struct{}

func (locErr) Error() string  { return "english" }
func (locErr) Localized() Msg { return Msg{ID: "lang.name"} }

func TestNestedMessages(t *testing.T) {
	CatalogueOf(English)["test.nested"] = "[%s|%s|%d]"
	CatalogueOf(Japanese)["test.nested"] = "[%s|%s|%d]"
	defer delete(CatalogueOf(English), "test.nested")
	defer delete(CatalogueOf(Japanese), "test.nested")
	p := NewPrinter(Japanese)
	if got := p.T("test.nested", Msg{ID: "lang.name"}, locErr{}, 3); got != "[日本語|日本語|3]" {
		t.Errorf("nested: %q", got)
	}
	if got := p.Err(locErr{}); got != "日本語" {
		t.Errorf("Err: %q", got)
	}
	if got := p.Err(fmt.Errorf("plain")); got != "plain" {
		t.Errorf("Err plain: %q", got)
	}
}

// A face's wording of an engine message has the engine message under it,
// with the same placeholders; the wizard's printer uses it, the others not.
func TestFaceWordings(t *testing.T) {
	n := 0
	for _, l := range Langs() {
		for id, s := range CatalogueOf(l) {
			base, ok := strings.CutPrefix(id, FacePrefix)
			if !ok {
				continue
			}
			n++
			b, ok := CatalogueOf(l)[base]
			if !ok {
				t.Errorf("%s %q: no message %q under it", l, id, base)
				continue
			}
			if a, c := placeholders(b), placeholders(s); !slices.Equal(a, c) {
				t.Errorf("%s %q: placeholders %v, %q has %v", l, id, c, base, a)
			}
		}
	}
	if n == 0 {
		t.Fatal("no face wording in any catalogue")
	}
	p := NewPrinter(English)
	args := []any{"alias/x", "us-east-1", "k1", "k2"}
	if got := p.T("setup.err.alias-conflict", args...); !strings.Contains(got, "--alias") {
		t.Errorf("the plain printer: %q", got)
	}
	if got := p.ForWizard().T("setup.err.alias-conflict", args...); strings.Contains(got, "--alias") || got != p.T(FacePrefix+"setup.err.alias-conflict", args...) {
		t.Errorf("the wizard's printer: %q", got)
	}
	if got := p.ForWizard().T("setup.err.origin", "k", "EXTERNAL"); !strings.Contains(got, "EXTERNAL") {
		t.Errorf("the wizard's printer lost an argument: %q", got)
	}
	if p.ForWizard().T("cli.fix", "x") != p.T("cli.fix", "x") {
		t.Error("a message without a face wording changed")
	}
}
