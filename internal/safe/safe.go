// Package safe makes text that did not come from this program harmless to
// show: AWS answers (statement Sids, key descriptions, tags, alias names,
// error messages, CloudTrail fields), the session file and files read back.
//
// One rule, used by every face: C0 control characters (a newline is kept
// where a block of text allows one), DEL, C1 control characters, bytes that
// are not UTF-8, and the Unicode bidirectional embeddings, overrides,
// isolates and marks ("Trojan Source") are shown visibly escaped: "\x1b",
// "\u007f", "\u009b", "\u202e". Nothing is passed through and nothing is
// dropped; every other character (Japanese and other wide text, a
// backslash) stays as it is.
//
// Where it is applied (the boundary): at formatting, not at reading. The
// data the program works with stays exact (a key policy is written back to
// AWS byte for byte, a tag is compared as KMS stores it); what is displayed
// is escaped. The i18n Printer escapes every argument that is not a message
// of its own and every error it renders, so a face that prints through it
// cannot forget. Each face then passes its whole output through a net of its
// own: Screen for the full-screen wizard (only the renderer's own colour
// sequences survive), Writer for the command line's text, JSON for JSON, and
// the Markdown functions for the runbook and the support ticket.
//
// It imports nothing of ours.
package safe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Unsafe reports whether r is a character this package escapes: a C0 control
// (newline included), DEL, a C1 control, or a bidirectional control.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // embeddings, overrides (LRE RLE PDF LRO RLO), isolates (LRI RLI FSI PDI)
	case r == 0x200e, r == 0x200f, r == 0x061c:
		return true // LRM, RLM, ALM
	}
	return false
}

// Line returns s for one line of display: every unsafe character escaped,
// a newline too ("\x0a").
func Line(s string) string { return escape(s, false) }

// Block returns s for a block of display: like Line, but newlines are kept.
func Block(s string) string { return escape(s, true) }

// Clean reports whether Block(s) == s: s holds no unsafe character other
// than newlines, and is UTF-8.
func Clean(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r != '\n' && Unsafe(r) {
			return false
		}
		i += n
	}
	return true
}

func escape(s string, keepNewline bool) string {
	i := firstUnsafe(s, keepNewline)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' && keepNewline:
			b.WriteByte('\n')
		case Unsafe(r):
			b.WriteString(escaped(r))
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// escaped is the visible form of an unsafe character: "\x1b" for a C0
// control, "\u007f", "\u009b", "\u202e" for DEL, a C1 or a bidirectional
// control. The second form is also a JSON escape of the same character, so
// a net over JSON output (Writer) keeps the document valid and its strings
// exact: encoding/json escapes C0 itself but leaves DEL, C1 and the
// bidirectional controls raw.
func escaped(r rune) string {
	if r < 0x7f {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// firstUnsafe is the index of the first byte of s to escape, or -1.
func firstUnsafe(s string, keepNewline bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || Unsafe(r) && !(r == '\n' && keepNewline) {
			return i
		}
		i += n
	}
	return -1
}

// Screen is the full-screen wizard's net over a whole rendered frame: the
// renderer's own styling (SGR sequences, ESC [ digits ; : m) and newlines
// stay; every other control, sequence introducer or bidirectional control
// is escaped as Block escapes it, so that no text on the screen can move the
// cursor, clear the screen, set a title or write the clipboard.
func Screen(frame string) string {
	var b *strings.Builder
	last := 0
	for i := 0; i < len(frame); {
		c := frame[i]
		if c >= 0x20 && c < 0x7f || c == '\n' {
			i++
			continue
		}
		if c == 0x1b {
			if n := sgrLen(frame[i:]); n > 0 {
				i += n
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(frame[i:])
		bad := r == utf8.RuneError && n == 1 || Unsafe(r)
		if !bad {
			i += n
			continue
		}
		if b == nil {
			b = &strings.Builder{}
			b.Grow(len(frame) + 8)
		}
		b.WriteString(frame[last:i])
		if n == 1 && r == utf8.RuneError {
			fmt.Fprintf(b, `\x%02x`, c)
		} else {
			b.WriteString(escaped(r))
		}
		i += n
		last = i
	}
	if b == nil {
		return frame
	}
	b.WriteString(frame[last:])
	return b.String()
}

// sgrLen is the length of the SGR sequence s starts with (ESC [ params m),
// or 0 when s starts with anything else.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == ';', c == ':':
		case c == 'm':
			return i + 1
		default:
			return 0
		}
	}
	return 0
}

// JSON is a JSON text for a file a person may print: every unsafe character
// but JSON's own white space (tab, newline, carriage return) written as a
// JSON escape of itself ("\u202e", "\u001b"), and a byte that is not UTF-8
// as "\ufffd" (what a JSON reader makes of it). A valid document stays valid
// and means the same: outside its strings JSON allows no other control
// character, so each one escaped is inside a string. For what AWS hands over
// as JSON (a key policy, an event pattern), which encoding/json would not
// have escaped: DEL, C1 and the bidirectional controls.
func JSON(b []byte) []byte {
	i := 0
	for i < len(b) && (b[i] >= 0x20 && b[i] < 0x7f || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	if i == len(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	out = append(out, b[:i]...)
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			out = append(out, `\ufffd`...)
		case r == '\t' || r == '\n' || r == '\r' || !Unsafe(r):
			out = append(out, b[i:i+n]...)
		default:
			out = fmt.Appendf(out, `\u%04x`, r)
		}
		i += n
	}
	return out
}
