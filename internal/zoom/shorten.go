package zoom

import "unicode/utf8"

// MaxShown is how many characters of a user's value an error message shows.
const MaxShown = 40

// Shorten returns s cut to at most n characters (runes), with an ellipsis in
// place of the rest, so that a very long value is never echoed whole.
func Shorten(s string, n int) string {
	if n <= 0 {
		n = MaxShown
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// shown is a user's value as error messages quote it: shortened to MaxShown.
func shown(s string) string { return Shorten(s, MaxShown) }
