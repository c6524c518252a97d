package ui

import (
	"testing"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
)

// The help line's width is measured without drawing it; it must be the
// width help.ShortHelpView draws, in both languages, disabled keys left out.
func TestShortHelpWidthIsTheDrawnWidth(t *testing.T) {
	on := func(k, d string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, d)) }
	off := on("x", "toggle")
	off.SetEnabled(false)
	h := help.New()
	for _, bs := range [][]key.Binding{
		nil,
		{on("enter", "next")},
		{on("↑/k", "up"), off, on("esc", "back"), on("ctrl+c", "quit")},
		{off, on("enter", "次へ"), on("L", "English"), on("ctrl+c", "終了")},
	} {
		if got, want := shortHelpWidth(h.ShortSeparator, bs), ansi.StringWidth(h.ShortHelpView(bs)); got != want {
			t.Errorf("%d bindings: measured %d, drawn %d", len(bs), got, want)
		}
	}
}
