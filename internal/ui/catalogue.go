package ui

import (
	"github.com/zcmk/zcmk-tui/internal/i18n"
)

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
