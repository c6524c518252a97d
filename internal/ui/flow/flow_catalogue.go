package flow

import (
	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// Catalogue is the wizard's view of the message catalogue (internal/i18n):
// the wizard's ids, which the catalogue holds under "ui.", in one language.
// The documents (internal/docs) speak from the same catalogue.
type Catalogue = docs.Catalogue

// CatalogueFor returns the wizard's catalogue in language l (English for a
// language without a catalogue).
func CatalogueFor(l i18n.Lang) Catalogue { return docs.CatalogueFor(l) }

// English is the wizard's catalogue in English.
var English = docs.English

// MsgError is an error of the wizard made of a catalogue message: English
// in Error() (logs, JSON), the chosen language where a person reads it.
type MsgError struct {
	ID   string
	Args []any
}

func (e *MsgError) Error() string { return English.T(e.ID, e.Args...) }

// Localized is the error as a message ("ui." id).
func (e *MsgError) Localized() i18n.Msg { return i18n.Msg{ID: "ui." + e.ID, Args: e.Args} }
