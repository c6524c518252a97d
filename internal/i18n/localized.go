package i18n

import (
	"fmt"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/safe"
)

// List is a list of messages as one argument: the items rendered one after
// the other, with the message Sep (an id: ", " in English, "、" in Japanese)
// between them.
type List struct {
	Items []Msg
	Sep   string
}

// Localized is a value, typically an error, that carries its message for a
// face to render in the chosen language. An error keeps an English Error()
// for logs and JSON; Localized gives the same text as a message id with
// arguments. A zero Msg means "no message: use Error()".
type Localized interface {
	Localized() Msg
}

// resolve renders the arguments that are messages themselves: a Msg, or a
// Localized value (an error of a domain package), in the printer's language,
// so that a message can quote another one ("%q is not a KMS key ARN: %s").
// Every other argument that can hold text is outside text as far as the
// printer knows (a Sid, a description, an error message from AWS): fmt
// formats it as usual, then safe.Block escapes what it must (see outside).
func (p *Printer) resolve(args []any) []any {
	var out []any
	for i, a := range args {
		var s string
		switch v := a.(type) {
		case int, int64, int32, uint, uint64, uint32, float64, bool:
			continue
		case Own:
			s = string(v)
		case Msg:
			s = p.M(v)
		case List:
			parts := make([]string, len(v.Items))
			for j, m := range v.Items {
				parts[j] = p.M(m)
			}
			s = strings.Join(parts, p.T(v.Sep))
		case Localized:
			m := v.Localized()
			if m.ID == "" {
				if out == nil {
					out = append([]any(nil), args...)
				}
				out[i] = outside{a, p.markdown}
				continue
			}
			s = p.M(m)
		default:
			if out == nil {
				out = append([]any(nil), args...)
			}
			out[i] = outside{a, p.markdown}
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = s
	}
	if out == nil {
		return args
	}
	return out
}

// Own is text this program made, such as a word the wizard has styled: the
// printer passes it as it is. Never for text from outside.
type Own string

// Err renders an error for a person: its message in the printer's language
// when it is Localized, else its Error().
func (p *Printer) Err(err error) string {
	if err == nil {
		return ""
	}
	if l, ok := err.(Localized); ok {
		if m := l.Localized(); m.ID != "" {
			return p.M(m)
		}
	}
	if p.markdown {
		return safe.Markdown(safe.Redact(err.Error()))
	}
	return safe.Block(safe.Redact(err.Error()))
}

// outside is an argument of a message that is not a message itself: it is
// formatted with the verb, flags and width the message gives it, and the
// result is made safe to show (safe.Block: control characters and
// bidirectional controls escaped visibly, newlines kept; an error's text
// with credentials redacted). This is the boundary every face passes: the
// command line, the plain prompts, the wizard and the documents render
// their text through a Printer.
type outside struct {
	v        any
	markdown bool // safe.Markdown instead of safe.Block (ForMarkdown)
}

func (o outside) Format(f fmt.State, verb rune) {
	s := fmt.Sprintf(fmt.FormatString(f, verb), o.v)
	if _, isErr := o.v.(error); isErr {
		s = safe.Redact(s)
	}
	if o.markdown {
		s = safe.Markdown(s)
	} else {
		s = safe.Block(s)
	}
	_, _ = f.Write([]byte(s))
}
