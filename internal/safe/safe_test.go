package safe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile is text a key policy author or an endpoint could choose: OSC 52
// (write the clipboard), CSI (clear the screen), BEL, C1 CSI, DEL, RLO, LRI.
const hostile = "Sid\x1b]52;c;ZXZpbA==\x07\x1b[2J\u009b31m\x7f\u202eevil\u2066x\u2069"

func TestLineEscapesVisibly(t *testing.T) {
	got := Line(hostile)
	want := `Sid\x1b]52;c;ZXZpbA==\x07\x1b[2J\u009b31m\u007f\u202eevil\u2066x\u2069`
	if got != want {
		t.Fatalf("Line:\n got %q\nwant %q", got, want)
	}
	if got := Line("a\nb\tc\r"); got != `a\x0ab\x09c\x0d` {
		t.Fatalf("Line keeps a line break or tab: %q", got)
	}
	if got := Block("a\nb\r\n"); got != "a\nb\\x0d\n" {
		t.Fatalf("Block: %q", got)
	}
	if got := Line("bad\xff\x9bbyte"); got != `bad\xff\x9bbyte` {
		t.Fatalf("Line of invalid UTF-8: %q", got)
	}
}

func TestPrintableTextUnchanged(t *testing.T) {
	for _, s := range []string{
		"", "alias/zoom-cmk", "Zoom 用の鍵 (本番) — 東京・大阪", "C:\\path\\x1b literal", "emoji 🔑 and ｶﾅ", "tab-free | pipe",
		"arn:aws:kms:ap-northeast-1:123456789012:key/mrk-1234abcd",
	} {
		if Line(s) != s || Block(s) != s || Screen(s) != s || !Clean(s) {
			t.Errorf("%q changed", s)
		}
	}
	multi := "一行目\n二行目"
	if Block(multi) != multi || Screen(multi) != multi {
		t.Errorf("Block or Screen changed %q", multi)
	}
}

func TestScreenKeepsOnlyTheRenderersColours(t *testing.T) {
	frame := "\x1b[1;38;5;212mtitle\x1b[0m\n" + "Sid " + hostile + " \x1b[31mred\x1b[m"
	got := Screen(frame)
	if !strings.HasPrefix(got, "\x1b[1;38;5;212mtitle\x1b[0m\n") || !strings.HasSuffix(got, "\x1b[31mred\x1b[m") {
		t.Fatalf("styling lost: %q", got)
	}
	mid := strings.TrimSuffix(strings.TrimPrefix(got, "\x1b[1;38;5;212mtitle\x1b[0m\n"), "\x1b[31mred\x1b[m")
	if mid != "Sid "+Line(hostile)+" " {
		t.Fatalf("Screen: %q", mid)
	}
	for _, s := range []string{"\x1b]8;;http://x\x1b\\", "\x1b[2J", "\x1bc", "\x1b[?1049h", "\x1b[", "\x1b[12"} {
		if strings.Contains(Screen(s), "\x1b") {
			t.Errorf("Screen passed %q", s)
		}
	}
}

func TestMarkdownCannotBreakStructure(t *testing.T) {
	got := Markdown("denied | x\n## Latest verify\nAll checks passed\r\n" + hostile)
	if strings.ContainsAny(got, "\n\r\x1b") || strings.Contains(strings.ReplaceAll(got, `\|`, ""), "|") {
		t.Fatalf("Markdown: %q", got)
	}
	if !strings.Contains(got, `denied \| x ## Latest verify All checks passed `) {
		t.Fatalf("Markdown lost text: %q", got)
	}
}

func TestWriterJSONStaysExact(t *testing.T) {
	values := map[string]string{"sid": hostile, "ja": "説明 \u202e", "nl": "a\nb", "bs": `back\slash`}
	raw, err := json.MarshalIndent(values, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := NewWriter(&out)
	// Write one byte at a time: characters are split across writes.
	for i := range raw {
		if _, err := w.Write(raw[i : i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	assertNoUnsafe(t, out.String(), true)
	var back map[string]string
	if err := json.Unmarshal(out.Bytes(), &back); err != nil {
		t.Fatalf("not JSON any more: %v\n%s", err, out.String())
	}
	for k, v := range values {
		if back[k] != v {
			t.Errorf("%s: got %q, want %q", k, back[k], v)
		}
	}
}

func TestWriterFlushEscapesACutCharacter(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	_, _ = w.Write([]byte("鍵"[:2]))
	if out.Len() != 0 {
		t.Fatalf("wrote half a character: %q", out.String())
	}
	_ = w.Flush()
	if out.String() != `\xe9\x8d` {
		t.Fatalf("Flush: %q", out.String())
	}
}

// assertNoUnsafe fails when s holds an unsafe character or is not UTF-8.
func assertNoUnsafe(t *testing.T, s string, newlines bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("not UTF-8: %q", s)
	}
	for _, r := range s {
		if Unsafe(r) && !(newlines && r == '\n') {
			t.Fatalf("unsafe %U in %q", r, s)
		}
	}
}

// reference escapes s one character at a time, the plain way.
func reference(s string, keepNewline bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' && keepNewline:
			b.WriteRune(r)
		case r < 0x20:
			fmt.Fprintf(&b, `\x%02x`, r)
		case Unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// FuzzSanitise: whatever the input, the output holds no control character,
// no bidirectional control and no byte that is not UTF-8; every other
// character (Japanese included) is kept, in order; clean text is unchanged.
// The seeds run in every go test; go test -fuzz=FuzzSanitise ./internal/safe
// searches further.
func FuzzSanitise(f *testing.F) {
	for _, s := range []string{
		"", hostile, "Zoom 用の鍵\n説明", "\x1b[31mred\x1b[0m", "\u009b2J", "a|b\nc", "\xff\xfe", "鍵"[:2],
		"\u202eevil\u202c", "\u2066\u2067\u2068\u2069", "\u200f\u061c", "\x1bP+q\x1b\\", "\x1b]0;title\x07", "\r\t\x00\x7f",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line, block := Line(s), Block(s)
		assertNoUnsafe(t, line, false)
		assertNoUnsafe(t, block, true)
		if line != reference(s, false) || block != reference(s, true) {
			t.Fatalf("Line/Block of %q: %q / %q", s, line, block)
		}
		if Clean(s) != (block == s) {
			t.Fatalf("Clean(%q) = %v, Block = %q", s, Clean(s), block)
		}
		md := Markdown(s)
		assertNoUnsafe(t, md, false)
		if strings.Contains(strings.ReplaceAll(md, `\|`, ""), "|") {
			t.Fatalf("Markdown left a bare |: %q", md)
		}
		scr := Screen(s)
		if !utf8.ValidString(scr) {
			t.Fatalf("Screen not UTF-8: %q", scr)
		}
		// Only SGR sequences may hold ESC after Screen.
		rest := scr
		for {
			i := strings.IndexByte(rest, 0x1b)
			if i < 0 {
				break
			}
			n := sgrLen(rest[i:])
			if n == 0 {
				t.Fatalf("Screen left ESC outside SGR: %q -> %q", s, scr)
			}
			rest = rest[i+n:]
		}
		for _, r := range strings.ReplaceAll(scr, "\x1b", "") {
			if Unsafe(r) && r != '\n' {
				t.Fatalf("Screen left %U: %q", r, scr)
			}
		}
		if Clean(s) && !strings.Contains(s, "\x1b") && scr != s {
			t.Fatalf("Screen changed clean %q to %q", s, scr)
		}
		var out bytes.Buffer
		w := NewWriter(&out)
		half := len(s) / 2
		_, _ = w.Write([]byte(s[:half]))
		_, _ = w.Write([]byte(s[half:]))
		_ = w.Flush()
		assertNoUnsafe(t, out.String(), true)
		if Clean(s) && out.String() != s {
			t.Fatalf("Writer changed clean %q to %q", s, out.String())
		}
	})
}

// A JSON document from outside keeps its meaning and loses every character
// a terminal acts on; JSON's own white space stays.
func TestJSONEscapesWhatATerminalActsOn(t *testing.T) {
	doc := "{\n\t\"Sid\": \"a\u202eb\u009bc\x7fd\",\r\n  \"Action\": \"kms:*\"}"
	got := JSON([]byte(doc))
	if !json.Valid(got) {
		t.Fatalf("not JSON any more: %q", got)
	}
	var a, b map[string]string
	if err := json.Unmarshal([]byte(doc), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &b); err != nil || !reflect.DeepEqual(a, b) {
		t.Fatalf("the values changed: %q -> %q (%v)", a, b, err)
	}
	for _, r := range string(got) {
		if Unsafe(r) && r != '\t' && r != '\n' && r != '\r' {
			t.Fatalf("%q is still raw in %q", r, got)
		}
	}
	if !strings.Contains(string(got), "{\n\t\"Sid\"") || !strings.Contains(string(got), ",\r\n  ") {
		t.Fatalf("JSON's white space was changed: %q", got)
	}
	clean := []byte(`{"Version": "2012-10-17"}`)
	if got := JSON(clean); string(got) != string(clean) {
		t.Fatalf("a clean document changed: %q", got)
	}
}
