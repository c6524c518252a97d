package i18n

import (
	"errors"
	"strings"
	"testing"
)

type stringer string

func (s stringer) String() string { return string(s) }

// Every argument that is not a message of the printer's own is escaped when
// it is formatted, whatever its type and verb; an error's credentials are
// redacted; Japanese stays.
func TestPrinterEscapesOutsideArguments(t *testing.T) {
	const evil = "Sid\x1b]52;c;ZXZpbA==\x07\x1b[2J\u009b\u202e東京"
	for _, lang := range Langs() {
		p := NewPrinter(lang)
		for name, arg := range map[string]any{
			"string": evil, "error": errors.New(evil), "stringer": stringer(evil), "bytes": []byte(evil),
			"strings": []string{evil}, "msg": Msg{ID: "aws.err.raw", Args: []any{evil}},
			"list": List{Items: []Msg{{ID: "aws.err.raw", Args: []any{evil}}}, Sep: "zoom.list.comma"},
		} {
			for _, got := range []string{p.T("aws.err.raw", arg), p.T("aws.err.unknown.summary", arg)} {
				if strings.ContainsAny(got, "\x1b\x07\u009b\u202e") || !strings.Contains(got, "東京") {
					t.Errorf("%s %s: %q", lang, name, got)
				}
			}
		}
		if got := p.Err(errors.New(evil + " AKIAIOSFODNN7EXAMPLE")); strings.ContainsAny(got, "\x1b\u202e") || strings.Contains(got, "AKIAIOSFODNN7EXAMPLE") {
			t.Errorf("Err: %q", got)
		}
		if got := p.T("aws.err.raw", errors.New("token AKIAIOSFODNN7EXAMPLE")); strings.Contains(got, "AKIAIOSFODNN7EXAMPLE") {
			t.Errorf("error argument not redacted: %q", got)
		}
		// %q still quotes as Go does (already escaped), numbers stay numbers.
		if got := NewPrinter(English).T("zoom.stmt.index", 3); got != "statement 3 (no Sid)" {
			t.Errorf("number: %q", got)
		}
	}
}
