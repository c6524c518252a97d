package docs

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
	"github.com/zcmk/zcmk-tui/internal/safe"
	"golang.org/x/text/unicode/norm"
)

// The HCL writer is checked against hclwrite (which the export used
// before): the same calls must give the same bytes as hclwrite gives after
// hclwrite.Format, and its output must parse back to what went in.

// hostileStrings are values that need escaping or that test the alignment.
var hostileStrings = []string{
	"", "plain", "Zoom CMK & \"test\" ${not.an.interpolation} %{if x}y%{endif}", "$${x} %%{y} $$${z} $ % a$ b% $$ %%",
	"back\\slash \\\" \\n \\${x} ends with \\", "line1\nline2\r\nline3\r", "tab\there\v\f", "\x00\x01\x1b[31mred\x7f\u0085\u009f",
	"bidi \u202e evil \u202c \u2066x\u2069", "🔑👨‍👩‍👧🇯🇵👍🏽❤️ \U0001F600", "日本語の説明　全角スペース", "\u00a0\u2028\u2029\ufeff\u200b\u200d\u00ad",
	"e\u0301 combining (NFD) \u1100\u1161\u11a8", "\U000E0001\U0010FFFF\uFFFF\ue000\U0001D7CE", "<event> by <who>", "#not a comment // /* */",
	"\u0301 leading combining", "한국어 العربية עברית ไทย देवनागरी 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ｆｕｌｌｗｉｄｔｈ ｷｰ", "'single' `back` a=b {}",
}

// hostileKeys are object keys: identifiers (written bare) and others.
var hostileKeys = []string{
	"Name", "zcmk-tui:alias", "cost center", "a/b", "部署", "_x", "-x", "1x", "a-b", "true", "null", "in", "if", "x.y", "",
	"${x}", "%{x}", "$", "%", "ключ", "tab\tkey", "🔑", "\u202eevil", "a\u0301$\u0301", "$\u0301", "\"\u0301", "\\\u0301", "$${\u0301",
	"ID・name", "tag･x", "a\u200db", "👨‍👩‍👧", "🇯🇵", "👍🏽", "Ünïcödé", "\u2118x", "x\u309b", "\U00010000", "a\u00b7b", "\u0e33", "x\u0e33",
	"a b c d e f g h long key", "日本語キー", "e\u0301x", "\U000113b7x", "x\U000113c0", "\U00033479",
}

// hclSpec is one item of a document for both writers.
type hclSpec struct {
	kind   string // comment, newline, string, bool, ref, strings, raw, block
	name   string
	s      string
	m      map[string]string
	labels []string
	body   []hclSpec
}

func (s hclSpec) mine(b *hclBody) {
	switch s.kind {
	case "comment":
		b.comment(s.s)
	case "newline":
		b.newline()
	case "string":
		b.setString(s.name, s.s)
	case "bool":
		b.setBool(s.name, s.s == "true")
	case "ref":
		parts := strings.Split(s.s, ".")
		ref := hclRef(parts[0])
		for _, p := range parts[1:] {
			ref = ref.attr(p)
		}
		b.setRef(s.name, ref)
	case "strings":
		b.setStrings(s.name, s.m)
	case "raw":
		b.setRaw(s.name, tfFile(s.s))
	case "block":
		inner := b.block(s.name, s.labels...)
		for _, c := range s.body {
			c.mine(inner)
		}
	}
}

func (s hclSpec) hclwrite(b *hclwrite.Body) {
	switch s.kind {
	case "comment":
		b.AppendUnstructuredTokens(hclwrite.Tokens{{Type: hclsyntax.TokenComment, Bytes: []byte("# " + safe.Line(strings.Join(strings.Fields(s.s), " ")) + "\n")}})
	case "newline":
		b.AppendNewline()
	case "string":
		b.SetAttributeValue(s.name, cty.StringVal(s.s))
	case "bool":
		b.SetAttributeValue(s.name, cty.BoolVal(s.s == "true"))
	case "ref":
		parts := strings.Split(s.s, ".")
		tr := hcl.Traversal{hcl.TraverseRoot{Name: parts[0]}}
		for _, p := range parts[1:] {
			tr = append(tr, hcl.TraverseAttr{Name: p})
		}
		b.SetAttributeTraversal(s.name, tr)
	case "strings":
		if len(s.m) == 0 {
			b.SetAttributeValue(s.name, cty.MapValEmpty(cty.String))
			return
		}
		vals := map[string]cty.Value{}
		for k, v := range s.m {
			vals[k] = cty.StringVal(v)
		}
		b.SetAttributeValue(s.name, cty.MapVal(vals))
	case "raw":
		tok := func(t hclsyntax.TokenType, s string) *hclwrite.Token {
			return &hclwrite.Token{Type: t, Bytes: []byte(s)}
		}
		b.SetAttributeRaw(s.name, hclwrite.TokensForFunctionCall("file", hclwrite.Tokens{
			tok(hclsyntax.TokenOQuote, `"`), tok(hclsyntax.TokenTemplateInterp, "${"), tok(hclsyntax.TokenIdent, "path"),
			tok(hclsyntax.TokenDot, "."), tok(hclsyntax.TokenIdent, "module"), tok(hclsyntax.TokenTemplateSeqEnd, "}"),
			tok(hclsyntax.TokenQuotedLit, "/"+s.s), tok(hclsyntax.TokenCQuote, `"`),
		}))
	case "block":
		inner := b.AppendNewBlock(s.name, s.labels).Body()
		for _, c := range s.body {
			c.hclwrite(inner)
		}
	}
}

// hclRandString is a few pieces of the hostile strings and keys and some
// random runes.
func hclRandString(r *rand.Rand) string {
	var b strings.Builder
	for n := r.IntN(4); n >= 0; n-- {
		switch r.IntN(4) {
		case 0:
			b.WriteString(hostileStrings[r.IntN(len(hostileStrings))])
		case 1:
			b.WriteString(hostileKeys[r.IntN(len(hostileKeys))])
		case 2:
			b.WriteRune(rune(r.IntN(0x3100)))
		default:
			pieces := []string{"$", "%", "{", "}", "\\", "\"", "\u0301", "\u200d", "\n", "\r", "\t", " ", "a", "🔑", "\U0001F3FD", "\u202e", "-", "_"}
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
	}
	return b.String()
}

// hclRandMap is an object whose keys stay distinct once normalised (cty
// would keep one of two at random), with no key hclwrite writes wrongly
// (TestHCLWhereHCLWriteIsWrong).
func hclRandMap(r *rand.Rand, n int) map[string]string {
	m, seen := map[string]string{}, map[string]bool{}
	for range n {
		k := hostileKeys[r.IntN(len(hostileKeys))]
		if r.IntN(2) == 0 {
			k = hclRandString(r)
		}
		nk := norm.NFC.String(k)
		if seen[nk] || strings.HasPrefix(nk, "\ufeff") || nk == "for" {
			continue
		}
		seen[nk] = true
		m[k] = hclRandString(r)
	}
	return m
}

func hclRandBody(r *rand.Rand, depth int) []hclSpec {
	names := []string{"a", "id", "arn", "name", "provider", "description", "customer_master_key_spec", "tags", "x_y-z"}
	var out []hclSpec
	for range r.IntN(8) {
		name := names[r.IntN(len(names))]
		switch k := r.IntN(9); {
		case k == 0:
			out = append(out, hclSpec{kind: "comment", s: hclRandString(r)})
		case k == 1:
			out = append(out, hclSpec{kind: "newline"})
		case k == 2:
			out = append(out, hclSpec{kind: "bool", name: name, s: fmt.Sprint(r.IntN(2) == 0)})
		case k == 3:
			out = append(out, hclSpec{kind: "ref", name: name, s: "aws_kms_key.primary" + strings.Repeat(".arn", r.IntN(2))})
		case k == 4:
			out = append(out, hclSpec{kind: "strings", name: name, m: hclRandMap(r, r.IntN(6))})
		case k == 5:
			out = append(out, hclSpec{kind: "raw", name: name, s: "policies/key-us-east-1.json"})
		case k == 6 && depth < 3:
			var labels []string
			for range r.IntN(3) {
				labels = append(labels, hclRandString(r))
			}
			out = append(out, hclSpec{kind: "block", name: names[r.IntN(len(names))], labels: labels, body: hclRandBody(r, depth+1)})
		default:
			out = append(out, hclSpec{kind: "string", name: name, s: hclRandString(r)})
		}
	}
	return out
}

// both writes the document with the writer and with hclwrite (formatted,
// trailing newlines trimmed as the export trims them).
func both(doc []hclSpec) (mine, theirs string) {
	b, f := &hclBody{}, hclwrite.NewEmptyFile()
	for _, s := range doc {
		s.mine(b)
		s.hclwrite(f.Body())
	}
	return string(b.file()), strings.TrimRight(string(hclwrite.Format(f.Bytes())), "\n") + "\n"
}

func TestHCLMatchesHCLWrite(t *testing.T) {
	var docs [][]hclSpec
	// Each hostile string as a value, a label and a comment, and each key
	// alone and with others.
	for _, s := range hostileStrings {
		docs = append(docs, []hclSpec{{kind: "comment", s: s}, {kind: "block", name: "resource", labels: []string{"aws_kms_key", s}, body: []hclSpec{
			{kind: "string", name: "description", s: s}, {kind: "bool", name: "multi_region", s: "true"}, {kind: "strings", name: "tags", m: map[string]string{"k": s}},
			{kind: "newline"}, {kind: "block", name: "lifecycle", body: []hclSpec{{kind: "comment", s: s}, {kind: "string", name: "x", s: s}}},
		}}})
	}
	for _, k := range hostileKeys {
		docs = append(docs, []hclSpec{{kind: "strings", name: "tags", m: map[string]string{k: "v"}}},
			[]hclSpec{{kind: "strings", name: "tags", m: map[string]string{k: "v", "x": "w", "Name": k, "日本": k}}})
	}
	docs = append(docs, []hclSpec{{kind: "string", name: "a", s: "not UTF-8: \xff\xfe \xc3 \xe2\x82"}})
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		docs = append(docs, hclRandBody(r, 0))
	}
	for i, doc := range docs {
		mine, theirs := both(doc)
		if mine != theirs {
			t.Fatalf("document %d: the writer gives\n%s\nhclwrite gives\n%s", i, mine, theirs)
		}
	}
}

// Where hclwrite writes what does not parse, the writer does not: a key
// that starts with U+FEFF (hclsyntax.ValidIdentifier skips it as a byte
// order mark, so hclwrite writes the key bare) and "for" as an object's
// first key (HCL reads "{ for" as a for expression).
func TestHCLWhereHCLWriteIsWrong(t *testing.T) {
	for _, m := range []map[string]string{{"\ufeffbom": "v"}, {"for": "v"}, {"for": "v", "x": "w"}, {"a": "v", "for": "w"}} {
		b := &hclBody{}
		b.setStrings("tags", m)
		src := b.file()
		f, diags := hclsyntax.ParseConfig(src, "t.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%q: %v\n%s", m, diags, src)
		}
		v, diags := f.Body.(*hclsyntax.Body).Attributes["tags"].Expr.Value(nil)
		if diags.HasErrors() {
			t.Fatalf("%q: %v\n%s", m, diags, src)
		}
		for k, want := range m {
			if got := v.GetAttr(k); got.AsString() != want {
				t.Errorf("%q: %s = %#v, want %q", m, k, got, want)
			}
		}
	}
}

// hclIdentifier is hclsyntax.ValidIdentifier, rune by rune, in the planes
// where Unicode assigns letters (0 to 3 and 14).
func TestHCLIdentifier(t *testing.T) {
	var start, cont []rune
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r == 0x40000 {
			r = 0xE0000
		} else if r == 0xF0000 {
			break
		}
		if r >= 0xD800 && r <= 0xDFFF {
			continue // not UTF-8
		}
		if want := hclsyntax.ValidIdentifier(string(r)); hclIdentifier(string(r)) != want {
			start = append(start, r)
			t.Errorf("U+%04X alone: hclIdentifier is %v, ValidIdentifier %v", r, !want, want)
		}
		if want := hclsyntax.ValidIdentifier("a" + string(r)); hclIdentifier("a"+string(r)) != want {
			cont = append(cont, r)
			t.Errorf("U+%04X after a: hclIdentifier is %v, ValidIdentifier %v", r, !want, want)
		}
		if len(start)+len(cont) > 20 {
			t.Fatalf("more: are idStartAdded and idContinueAdded those of the Unicode version of hclsyntax?")
		}
	}
	for _, s := range []string{"", "a", "_", "a-b", "-a", "1a", "a.b", "a b", "a\xffb", "\ufeff", "\ufeffa"} {
		if got, want := hclIdentifier(s), s != "\ufeffa" && hclsyntax.ValidIdentifier(s); got != want {
			t.Errorf("%q: hclIdentifier is %v, want %v", s, got, want)
		}
	}
}
