package docs

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"

	"github.com/zcmk/zcmk-tui/internal/safe"
)

// A small HCL writer for the Terraform export, in place of hclwrite (whose
// packages, with go-cty and go-cmp, cost every start of the tool about a
// millisecond of package initialisation). It writes only what the export
// needs: comment lines, blank lines, blocks with labels, and attributes whose
// value is a string, a bool, a reference, an object of strings or a raw
// expression. What it writes is what hclwrite wrote for the same calls after
// hclwrite.Format: two spaces of indent a level, the "=" of consecutive
// one-line attributes (and of an object's lines) aligned, strings escaped as
// hclwrite.TokensForValue escapes them, strings normalised to NFC as go-cty
// normalised them. Where hclwrite's output would not parse, it differs: an
// object key that starts with U+FEFF, and "for" as an object's first key,
// are quoted (hclwrite writes them bare); a comment has what the one
// sanitiser escapes escaped. The tests parse its output with
// hclsyntax and compare it with hclwrite's.

// hclBody is a file or a block's body, its items in order.
type hclBody struct {
	items []hclItem
}

type hclKind int

const (
	hclNewline hclKind = iota
	hclComment
	hclAttr
	hclBlock
)

type hclItem struct {
	kind   hclKind
	name   string     // the comment's text, the attribute's name, the block's type
	labels []string   // a block's labels
	expr   string     // a one-line attribute's value, as source
	object []hclEntry // a multi-line attribute's value: an object, one entry a line
	body   *hclBody   // a block's body
}

// hclEntry is one line of an object: its key and value as source, and the
// key's width as hclwrite.Format counts it to align the "=".
type hclEntry struct {
	key, value string
	width      int
}

// hclRef is a reference such as aws_kms_key.primary.arn.
type hclRef string

func (r hclRef) attr(name string) hclRef { return r + "." + hclRef(name) }

// comment appends "# line" for each line; any run of white space in a line
// (a newline too) becomes one space, and what the one sanitiser escapes is
// escaped (a comment names an ARN from AWS: a person reads it in a terminal
// or an editor).
func (b *hclBody) comment(lines ...string) {
	for _, l := range lines {
		b.items = append(b.items, hclItem{kind: hclComment, name: safe.Line(strings.Join(strings.Fields(l), " "))})
	}
}

// newline appends a blank line.
func (b *hclBody) newline() { b.items = append(b.items, hclItem{kind: hclNewline}) }

// block appends a block and returns its body.
func (b *hclBody) block(typ string, labels ...string) *hclBody {
	body := &hclBody{}
	b.items = append(b.items, hclItem{kind: hclBlock, name: typ, labels: labels, body: body})
	return body
}

// set sets attribute name to an item (as hclwrite's SetAttribute* do, an
// attribute set again keeps its place).
func (b *hclBody) set(a hclItem) {
	a.kind = hclAttr
	for i, it := range b.items {
		if it.kind == hclAttr && it.name == a.name {
			b.items[i] = a
			return
		}
	}
	b.items = append(b.items, a)
}

// setRaw sets attribute name to an expression given as source.
func (b *hclBody) setRaw(name, expr string) { b.set(hclItem{name: name, expr: expr}) }

func (b *hclBody) setString(name, s string) { b.setRaw(name, hclString(s)) }

func (b *hclBody) setBool(name string, v bool) { b.setRaw(name, fmt.Sprint(v)) }

func (b *hclBody) setRef(name string, r hclRef) { b.setRaw(name, string(r)) }

// setStrings sets attribute name to an object of strings, its keys sorted;
// an empty one is {}.
func (b *hclBody) setStrings(name string, m map[string]string) {
	if len(m) == 0 {
		b.setRaw(name, "{}")
		return
	}
	// Keys are normalised as strings are (hclString); two keys the same
	// once normalised are one, with the value of the last in order (go-cty
	// kept one at random).
	vals := map[string]string{}
	for _, k := range sortedKeys(m) {
		vals[norm.NFC.String(k)] = m[k]
	}
	var object []hclEntry
	for i, k := range sortedKeys(vals) {
		e := hclEntry{key: k, value: hclString(vals[k]), width: uniseg.GraphemeClusterCount(k)}
		// A key that is not an identifier is quoted, and so is "for" first
		// ("{ for" begins a for expression; hclwrite writes it bare).
		if !hclIdentifier(k) || i == 0 && k == "for" {
			esc := hclEscape(k)
			e.key, e.width = `"`+esc+`"`, 2+hclLiteralWidth(esc)
		}
		object = append(object, e)
	}
	b.set(hclItem{name: name, object: object})
}

// file is the body as the content of a file.
func (b *hclBody) file() []byte {
	var w strings.Builder
	b.write(&w, "")
	return []byte(strings.TrimRight(w.String(), "\n") + "\n")
}

func (b *hclBody) write(w *strings.Builder, indent string) {
	for i := 0; i < len(b.items); i++ {
		it := b.items[i]
		switch {
		case it.kind == hclNewline:
			w.WriteString("\n")
		case it.kind == hclComment:
			w.WriteString(indent + "# " + it.name + "\n")
		case it.kind == hclBlock:
			w.WriteString(indent + it.name)
			for _, l := range it.labels {
				w.WriteString(" " + hclString(l))
			}
			w.WriteString(" {\n")
			it.body.write(w, indent+"  ")
			w.WriteString(indent + "}\n")
		case it.object != nil:
			w.WriteString(indent + it.name + " = {\n")
			width := 0
			for _, e := range it.object {
				width = max(width, e.width)
			}
			for _, e := range it.object {
				w.WriteString(indent + "  " + e.key + strings.Repeat(" ", width-e.width+1) + "= " + e.value + "\n")
			}
			w.WriteString(indent + "}\n")
		default:
			// A run of one-line attributes: their "=" aligned.
			run := i + 1
			for run < len(b.items) && b.items[run].kind == hclAttr && b.items[run].object == nil {
				run++
			}
			width := 0
			for _, a := range b.items[i:run] {
				width = max(width, uniseg.GraphemeClusterCount(a.name))
			}
			for _, a := range b.items[i:run] {
				pad := strings.Repeat(" ", width-uniseg.GraphemeClusterCount(a.name)+1)
				w.WriteString(indent + a.name + pad + "= " + a.expr + "\n")
			}
			i = run - 1
		}
	}
}

// hclString is s as a quoted HCL string. Like a string HCL evaluates (and
// go-cty, which hclwrite wrote from), s is first normalised to NFC.
func hclString(s string) string { return `"` + hclEscape(norm.NFC.String(s)) + `"` }

// hclEscape escapes s for a quoted string as hclwrite does: \n \r \t \" \\,
// ${ and %{ doubled to $${ and %%{ so they are not templates, and every rune
// unicode.IsPrint rejects as \uXXXX or \UXXXXXXXX (bytes that are not UTF-8
// become U+FFFD).
func hclEscape(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '$', '%':
			b.WriteRune(r)
			if strings.HasPrefix(s[i+1:], "{") {
				b.WriteRune(r)
			}
		default:
			switch {
			case unicode.IsPrint(r):
				b.WriteRune(r)
			case r < 0x10000:
				fmt.Fprintf(&b, `\u%04x`, r)
			default:
				fmt.Fprintf(&b, `\U%08x`, r)
			}
		}
	}
	return b.String()
}

// hclLiteralWidth is the width hclwrite.Format gives the escaped text of a
// quoted string when it aligns lines: the grapheme clusters of each token
// its lexer makes of the text, a "$" or "%" being a token alone (or with
// "${"/"%{" after it: "$${", "%%{") and each run of other text one token.
func hclLiteralWidth(esc string) int {
	n := 0
	for esc != "" {
		tok := esc
		switch {
		case strings.HasPrefix(esc, "$${") || strings.HasPrefix(esc, "%%{"):
			tok = esc[:3]
		case esc[0] == '$' || esc[0] == '%':
			tok = esc[:1]
		default:
			if i := strings.IndexAny(esc, "$%"); i >= 0 {
				tok = esc[:i]
			}
		}
		n += uniseg.GraphemeClusterCount(tok)
		esc = esc[len(tok):]
	}
	return n
}

// hclIdentifier reports whether s is an HCL identifier, an object key that
// can be written bare (hclsyntax.ValidIdentifier): an ID_Start letter or
// "_", then ID_Continue letters or "-".
func hclIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s { // bytes that are not UTF-8 are U+FFFD, not a letter
		if !(i == 0 && (r == '_' || idStart(r)) || i > 0 && (r == '-' || idContinue(r))) {
			return false
		}
	}
	return true
}

// idStart and idContinue are Unicode's ID_Start and ID_Continue properties
// as HCL has them: Go's tables (Unicode 15.0) and what Unicode 15.1 to 17.0
// (HCL's tables) added, idStartAdded and idContinueAdded.
func idStart(r rune) bool {
	return unicode.In(r, unicode.L, unicode.Nl, unicode.Other_ID_Start, idStartAdded) && !idExcluded(r)
}

func idContinue(r rune) bool {
	return unicode.In(r, unicode.L, unicode.Nl, unicode.Other_ID_Start, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc,
		unicode.Other_ID_Continue, idContinueAdded) && !idExcluded(r)
}

func idExcluded(r rune) bool {
	return unicode.In(r, unicode.Pattern_Syntax, unicode.Pattern_White_Space)
}

// idStartAdded and idContinueAdded are the runes hclsyntax.ValidIdentifier
// takes as ID_Start and ID_Continue and Go's tables do not
// (TestHCLIdentifier checks them against hclsyntax rune by rune).
var idStartAdded = &unicode.RangeTable{
	R16: []unicode.Range16{
		{0x88f, 0x88f, 1}, {0xc5c, 0xc5c, 1}, {0xcdc, 0xcdc, 1}, {0x1c89, 0x1c8a, 1}, {0xa7cb, 0xa7cf, 1},
		{0xa7d2, 0xa7d2, 1}, {0xa7d4, 0xa7d4, 1}, {0xa7da, 0xa7dc, 1}, {0xa7f1, 0xa7f1, 1},
	},
	R32: []unicode.Range32{
		{0x105c0, 0x105f3, 1}, {0x10940, 0x10959, 1}, {0x10d4a, 0x10d65, 1}, {0x10d6f, 0x10d85, 1}, {0x10ec2, 0x10ec7, 1},
		{0x11380, 0x11389, 1}, {0x1138b, 0x1138b, 1}, {0x1138e, 0x1138e, 1}, {0x11390, 0x113b5, 1}, {0x113b7, 0x113b7, 1},
		{0x113d1, 0x113d1, 1}, {0x113d3, 0x113d3, 1}, {0x11bc0, 0x11be0, 1}, {0x11db0, 0x11ddb, 1}, {0x13460, 0x143fa, 1},
		{0x16100, 0x1611d, 1}, {0x16d40, 0x16d6c, 1}, {0x16ea0, 0x16eb8, 1}, {0x16ebb, 0x16ed3, 1}, {0x16ff2, 0x16ff6, 1},
		{0x187f8, 0x187ff, 1}, {0x18cff, 0x18cff, 1}, {0x18d09, 0x18d1e, 1}, {0x18d80, 0x18df2, 1}, {0x1e5d0, 0x1e5ed, 1},
		{0x1e5f0, 0x1e5f0, 1}, {0x1e6c0, 0x1e6de, 1}, {0x1e6e0, 0x1e6e2, 1}, {0x1e6e4, 0x1e6e5, 1}, {0x1e6e7, 0x1e6ed, 1},
		{0x1e6f0, 0x1e6f4, 1}, {0x1e6fe, 0x1e6ff, 1}, {0x2b73a, 0x2b73f, 1}, {0x2cea2, 0x2cead, 1}, {0x2ebf0, 0x2ee5d, 1},
		{0x323b0, 0x33479, 1},
	},
}

var idContinueAdded = &unicode.RangeTable{
	R16: []unicode.Range16{
		{0x88f, 0x88f, 1}, {0x897, 0x897, 1}, {0xc5c, 0xc5c, 1}, {0xcdc, 0xcdc, 1}, {0x1acf, 0x1add, 1},
		{0x1ae0, 0x1aeb, 1}, {0x1c89, 0x1c8a, 1}, {0x200c, 0x200d, 1}, {0x30fb, 0x30fb, 1}, {0xa7cb, 0xa7cf, 1},
		{0xa7d2, 0xa7d2, 1}, {0xa7d4, 0xa7d4, 1}, {0xa7da, 0xa7dc, 1}, {0xa7f1, 0xa7f1, 1}, {0xff65, 0xff65, 1},
	},
	R32: []unicode.Range32{
		{0x105c0, 0x105f3, 1}, {0x10940, 0x10959, 1}, {0x10d40, 0x10d65, 1}, {0x10d69, 0x10d6d, 1}, {0x10d6f, 0x10d85, 1},
		{0x10ec2, 0x10ec7, 1}, {0x10efa, 0x10efc, 1}, {0x11380, 0x11389, 1}, {0x1138b, 0x1138b, 1}, {0x1138e, 0x1138e, 1},
		{0x11390, 0x113b5, 1}, {0x113b7, 0x113c0, 1}, {0x113c2, 0x113c2, 1}, {0x113c5, 0x113c5, 1}, {0x113c7, 0x113ca, 1},
		{0x113cc, 0x113d3, 1}, {0x113e1, 0x113e2, 1}, {0x116d0, 0x116e3, 1}, {0x11b60, 0x11b67, 1}, {0x11bc0, 0x11be0, 1},
		{0x11bf0, 0x11bf9, 1}, {0x11db0, 0x11ddb, 1}, {0x11de0, 0x11de9, 1}, {0x11f5a, 0x11f5a, 1}, {0x13460, 0x143fa, 1},
		{0x16100, 0x16139, 1}, {0x16d40, 0x16d6c, 1}, {0x16d70, 0x16d79, 1}, {0x16ea0, 0x16eb8, 1}, {0x16ebb, 0x16ed3, 1},
		{0x16ff2, 0x16ff6, 1}, {0x187f8, 0x187ff, 1}, {0x18cff, 0x18cff, 1}, {0x18d09, 0x18d1e, 1}, {0x18d80, 0x18df2, 1},
		{0x1ccf0, 0x1ccf9, 1}, {0x1e5d0, 0x1e5fa, 1}, {0x1e6c0, 0x1e6de, 1}, {0x1e6e0, 0x1e6f5, 1}, {0x1e6fe, 0x1e6ff, 1},
		{0x2b73a, 0x2b73f, 1}, {0x2cea2, 0x2cead, 1}, {0x2ebf0, 0x2ee5d, 1}, {0x323b0, 0x33479, 1},
	},
}
