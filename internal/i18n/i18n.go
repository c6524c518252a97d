// Package i18n holds every user-visible string of the product, one
// catalogue per language (en.go, ja.go), and chooses the language.
//
// The domain packages return typed values or message ids with arguments;
// the faces (the command line and the wizard) turn them into text with a
// Printer. Adding a language is one new catalogue file that registers itself
// (register), plus its entry in the tests; every catalogue has the same
// ids with the same placeholders (i18n_test.go).
//
// Text from outside never reaches a face raw through a Printer: every
// argument that is not one of its messages is escaped with internal/safe
// when it is formatted (localized.go).
//
// It imports nothing of ours but internal/safe.
package i18n

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Lang is a language the product speaks: "en" or "ja".
type Lang string

// The languages with a catalogue.
const (
	English  Lang = "en"
	Japanese Lang = "ja"
)

// Catalogue maps message ids to text with fmt verbs for the arguments.
type Catalogue map[string]string

// catalogues are the catalogues by language; each catalogue file adds its
// own. A catalogue is built at its first use (CatalogueOf): building both
// maps cost every start of the tool, `version` included, 0.3 ms, and a run
// in English never reads the Japanese one.
var catalogues = map[Lang]func() Catalogue{}

// register adds the catalogue build makes, built once at its first use.
func register(l Lang, build func() Catalogue) { catalogues[l] = sync.OnceValue(build) }

// CatalogueOf is l's catalogue (nil for a language without one). It is the
// same map at every call.
func CatalogueOf(l Lang) Catalogue {
	if f, ok := catalogues[l]; ok {
		return f()
	}
	return nil
}

// Langs lists the languages with a catalogue, sorted.
func Langs() []Lang {
	out := make([]Lang, 0, len(catalogues))
	for l := range catalogues {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Parse reads a --lang value: a language code such as "en" or "ja", or a
// locale name such as "ja_JP.UTF-8".
func Parse(s string) (Lang, error) {
	if l, ok := fromLocale(s); ok {
		return l, nil
	}
	names := make([]string, 0, len(catalogues))
	for _, l := range Langs() {
		names = append(names, string(l))
	}
	return "", fmt.Errorf("unknown language %q: use one of %s", s, strings.Join(names, ", "))
}

// FromEnv chooses the language from the locale variables in POSIX order: the
// first of LC_ALL, LC_MESSAGES and LANG that is set decides; a Japanese
// locale (ja, ja_JP, ja_JP.UTF-8, ...) gives Japanese, anything else English.
func FromEnv(getenv func(string) string) Lang {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if l, ok := fromLocale(v); ok {
				return l
			}
			return English
		}
	}
	return English
}

// fromLocale maps "ja", "ja_JP.UTF-8", "ja-JP", "en_US" ... to a language
// with a catalogue.
func fromLocale(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "_-.@"); i >= 0 {
		s = s[:i]
	}
	l := Lang(s)
	_, ok := catalogues[l]
	return l, ok
}

// Printer turns message ids into text in one language.
type Printer struct {
	lang Lang
	cat  Catalogue
	face string // FacePrefix or "": ids looked up under it first
	// markdown: outside arguments are made safe for one place in a
	// Markdown document (safe.Markdown), not for a terminal (safe.Block).
	markdown bool
}

// ForMarkdown is p for a Markdown document (the runbook): an argument from
// outside is flattened to one line with "|" escaped (safe.Markdown), so that
// it cannot end a table cell or start a heading of its own.
func (p *Printer) ForMarkdown() *Printer {
	q := *p
	q.markdown = true
	return &q
}

// FacePrefix marks a face's own wording of a message of the engine: the
// wizard shows "wizard."+id where the catalogue has it (an engine message
// that names a flag says instead what to do on the wizard's screen), else
// id itself. Same placeholders as id (checked by the tests).
const FacePrefix = "wizard."

// ForWizard is p with the wizard's wording of the engine's messages.
func (p *Printer) ForWizard() *Printer {
	q := *p
	q.face = FacePrefix
	return &q
}

// NewPrinter returns a printer for l (English for a language without a
// catalogue).
func NewPrinter(l Lang) *Printer {
	cat := CatalogueOf(l)
	if cat == nil {
		l, cat = English, CatalogueOf(English)
	}
	return &Printer{lang: l, cat: cat}
}

// Lang is the printer's language.
func (p *Printer) Lang() Lang { return p.lang }

// T returns message id formatted with args. A missing id shows as "!id", so
// that it is seen in a test or on screen, never as an empty string.
func (p *Printer) T(id string, args ...any) string {
	s, ok := p.cat[p.face+id]
	if !ok || p.face == "" {
		s, ok = p.cat[id]
	}
	if !ok {
		return "!" + id
	}
	if len(args) > 0 {
		s = fmt.Sprintf(s, p.resolve(args)...)
		if p.lang == Japanese {
			// A sentence (ending in 。) put where a template ends it itself.
			s = strings.ReplaceAll(s, "。。", "。")
		}
	}
	return s
}

// Msg is a message id with its arguments, as domain packages hand them up.
type Msg struct {
	ID   string
	Args []any
}

// M renders m.
func (p *Printer) M(m Msg) string { return p.T(m.ID, m.Args...) }
