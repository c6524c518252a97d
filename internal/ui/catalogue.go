package ui

import "github.com/zcmk/zcmk-tui/internal/i18n"

// Catalogue is the wizard's view of the message catalogue (internal/i18n):
// the wizard's ids, which the catalogue holds under "ui.", in one language.
type Catalogue struct{ p *i18n.Printer }

// CatalogueFor returns the wizard's catalogue in language l (English for a
// language without a catalogue).
func CatalogueFor(l i18n.Lang) Catalogue { return Catalogue{p: i18n.NewPrinter(l).ForWizard()} }

// English is the wizard's catalogue in English.
var English = CatalogueFor(i18n.English)

// T returns the wizard's message id, formatted with args. A missing id shows
// as "!ui.id" so that it is seen, never as an empty string.
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

// msgError is an error of the wizard made of a catalogue message: English
// in Error() (logs, JSON), the chosen language where a person reads it.
type msgError struct {
	id   string
	args []any
}

func (e *msgError) Error() string { return English.T(e.id, e.args...) }

// Localized is the error as a message ("ui." id).
func (e *msgError) Localized() i18n.Msg { return i18n.Msg{ID: "ui." + e.id, Args: e.args} }

// otherLang is the language after l among those with a catalogue (the
// other one, with two): what the L keys switch to.
func otherLang(l i18n.Lang) i18n.Lang {
	langs := i18n.Langs()
	for i, x := range langs {
		if x == l {
			return langs[(i+1)%len(langs)]
		}
	}
	return i18n.English
}

// Printer is the catalogue's printer, for the engine's own messages.
func (c Catalogue) Printer() *i18n.Printer {
	if c.p == nil {
		return English.p
	}
	return c.p
}
