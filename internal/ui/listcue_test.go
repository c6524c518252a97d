package ui

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

// listWindow reads huh's list: a newer huh that keeps its window
// elsewhere fails here rather than dropping the cue unseen.
func TestListCueReadsHuhsWindow(t *testing.T) {
	var picked []string
	var opts []huh.Option[string]
	for i := range 20 {
		opts = append(opts, huh.NewOption(fmt.Sprint("option ", i), fmt.Sprint(i)))
	}
	f := huh.NewMultiSelect[string]().Title("t").Options(opts...).Value(&picked).Height(8)
	form := huh.NewForm(huh.NewGroup(f))
	form.Init()
	form.View()
	sh, ok := listWindow(f)
	if !ok || sh.above != 0 || sh.below == 0 {
		t.Fatalf("listWindow = %+v, %v; want nothing above, some below", sh, ok)
	}
	for range 19 {
		form.Update(tea.KeyMsg{Type: tea.KeyDown})
	}
	form.View()
	if sh, ok = listWindow(f); !ok || sh.above == 0 || sh.below != 0 {
		t.Fatalf("at the end, listWindow = %+v, %v; want some above, nothing below", sh, ok)
	}
	if _, ok := listWindow(huh.NewInput()); ok {
		t.Errorf("an input reads as a list")
	}
}
