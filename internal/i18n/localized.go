package i18n

import "strings"

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
// Other arguments are left to fmt.
func (p *Printer) resolve(args []any) []any {
	var out []any
	for i, a := range args {
		var s string
		switch v := a.(type) {
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
				continue
			}
			s = p.M(m)
		default:
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
	return err.Error()
}
