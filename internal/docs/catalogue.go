package docs

import (
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// Catalogue is the message catalogue of the wizard and its documents
// (internal/i18n): the ids the catalogue holds under "ui.", in one language.
type Catalogue struct{ p *i18n.Printer }

// CatalogueFor returns the catalogue in language l (English for a language
// without a catalogue).
func CatalogueFor(l i18n.Lang) Catalogue { return Catalogue{p: i18n.NewPrinter(l).ForWizard()} }

// English is the catalogue in English.
var English = CatalogueFor(i18n.English)

// T returns the message id (without "ui."), formatted with args. A missing
// id shows as "!ui.id" so that it is seen, never as an empty string.
func (c Catalogue) T(id string, args ...any) string {
	if c.p == nil {
		c = English
	}
	return c.p.T("ui."+id, args...)
}

// Lang is the catalogue's language.
func (c Catalogue) Lang() i18n.Lang {
	if c.p == nil {
		return i18n.English
	}
	return c.p.Lang()
}

// IsZero reports whether c is the zero Catalogue (English when used).
func (c Catalogue) IsZero() bool { return c.p == nil }

// Printer is the catalogue's printer, for the engine's own messages.
func (c Catalogue) Printer() *i18n.Printer {
	if c.p == nil {
		return English.p
	}
	return c.p
}

// LangFor is the language to speak for session s: the one saved in s,
// unless l was given explicitly (--lang); else l, English when l is "".
func LangFor(s *state.Session, l i18n.Lang, given bool) i18n.Lang {
	if !given && s != nil && s.Lang != "" {
		if sl, err := i18n.Parse(s.Lang); err == nil {
			return sl
		}
	}
	if l == "" {
		return i18n.English
	}
	return l
}
