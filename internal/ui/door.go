package ui

import (
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// The wizard's door: what its caller hands it and gets back. They are the
// flow's (internal/ui/flow), named here so that the command line and the
// two faces speak of the wizard alone.
type (
	Config           = flow.Config
	Engine           = flow.Engine
	DrillEngine      = flow.DrillEngine
	Clipboard        = flow.Clipboard
	Catalogue        = flow.Catalogue
	InterruptedError = flow.InterruptedError
)

// The errors the wizard ends with (the flow's).
var (
	ErrAborted    = flow.ErrAborted
	ErrEndOfInput = flow.ErrEndOfInput
	ErrNeedsYes   = flow.ErrNeedsYes
)

// English is the wizard's catalogue in English.
var English = flow.English

// CatalogueFor returns the wizard's catalogue in language l (English for a
// language without a catalogue).
func CatalogueFor(l i18n.Lang) Catalogue { return flow.CatalogueFor(l) }
