package zoom

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// This file holds the lossless representation of a key-policy document.
//
// A policy is kept as an ordered list of raw JSON fields, both at the top
// level and inside each statement, so that everything this package does not
// deliberately change (Condition, NotAction, NotPrincipal, unknown fields,
// key order inside nested objects, number formats) survives a parse/render
// round trip unchanged in meaning.

// PolicyVersion is the IAM policy language version written into new policies.
const PolicyVersion = "2012-10-17"

// PolicyID is the top-level "Id" of the policies this package builds.
const PolicyID = "zcmk-tui-key-policy"

// MaxPolicyBytes is the KMS limit on the size of a key policy document.
const MaxPolicyBytes = 32768

// ErrInvalidPolicy is wrapped by every error about a policy document that is
// not valid JSON or not shaped like a key policy.
var ErrInvalidPolicy = errors.New("invalid key policy")

// ErrLockout is wrapped by the error MergePolicy returns when the merged
// policy would not let the account administer the key.
var ErrLockout = errors.New("key policy would lock the account out of its key")

type field struct {
	name  string
	value json.RawMessage
}

// fields is an ordered JSON object.
type fields []field

func (fs fields) get(name string) (json.RawMessage, bool) {
	for _, f := range fs {
		if f.name == name {
			return f.value, true
		}
	}
	return nil, false
}

func (fs fields) has(name string) bool {
	_, ok := fs.get(name)
	return ok
}

// set replaces the value of name, or appends the field when absent.
func (fs fields) set(name string, v json.RawMessage) fields {
	for i := range fs {
		if fs[i].name == name {
			out := append(fields(nil), fs...)
			out[i].value = v
			return out
		}
	}
	return append(append(fields(nil), fs...), field{name, v})
}

func (fs fields) del(name string) fields {
	out := make(fields, 0, len(fs))
	for _, f := range fs {
		if f.name != name {
			out = append(out, f)
		}
	}
	return out
}

// statement is one element of the "Statement" array.
type statement struct {
	fields fields
}

// document is a parsed key policy.
type document struct {
	top   fields // every top-level field except "Statement"
	stmts []statement
}

// invalid is an ErrInvalidPolicy with its message ("zoom.err.policydoc.…").
func invalid(id string, args ...any) error {
	return &Error{Msg: msg(id, args...), Err: ErrInvalidPolicy}
}

// parseObject reads one JSON object into ordered fields. Duplicate keys are
// rejected: which one a reader honours is ambiguous.
func parseObject(raw []byte, what i18n.Msg) (fields, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, invalid("zoom.err.policydoc.json", what, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, invalid("zoom.err.policydoc.object", what)
	}
	var out fields
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, invalid("zoom.err.policydoc.json", what, err)
		}
		name, ok := tok.(string)
		if !ok {
			return nil, invalid("zoom.err.policydoc.jsonbare", what)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, invalid("zoom.err.policydoc.json", what, err)
		}
		if seen[name] {
			return nil, invalid("zoom.err.policydoc.twice", what, name)
		}
		seen[name] = true
		out = append(out, field{name, v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, invalid("zoom.err.policydoc.json", what, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, invalid("zoom.err.policydoc.extra", what)
	}
	return out, nil
}

// parseDocument parses a key policy. "Statement" may be one object or an
// array of objects; it is always rendered as an array.
func parseDocument(text string) (*document, error) {
	if strings.TrimSpace(text) == "" {
		return nil, invalid("zoom.err.policydoc.empty")
	}
	if !json.Valid([]byte(text)) {
		// Let the decoder produce a message that says where it breaks.
		var v any
		err := json.Unmarshal([]byte(text), &v)
		if err == nil {
			err = errors.New("syntax error")
		}
		return nil, invalid("zoom.err.policydoc.json", msg("zoom.policydoc.policy"), err)
	}
	top, err := parseObject([]byte(text), msg("zoom.policydoc.policy"))
	if err != nil {
		return nil, err
	}
	d := &document{}
	for _, f := range top {
		if f.name != "Statement" {
			d.top = append(d.top, f)
			continue
		}
		raw := bytes.TrimSpace(f.value)
		switch {
		case len(raw) > 0 && raw[0] == '{':
			sf, err := parseObject(raw, msg("zoom.policydoc.thestatement"))
			if err != nil {
				return nil, err
			}
			d.stmts = append(d.stmts, statement{sf})
		case len(raw) > 0 && raw[0] == '[':
			var elems []json.RawMessage
			if err := json.Unmarshal(raw, &elems); err != nil {
				return nil, invalid("zoom.err.policydoc.json", msg("zoom.policydoc.statementfield"), err)
			}
			for i, e := range elems {
				sf, err := parseObject(e, msg("zoom.policydoc.statement", i+1))
				if err != nil {
					return nil, err
				}
				d.stmts = append(d.stmts, statement{sf})
			}
		default:
			return nil, invalid("zoom.err.policydoc.statements")
		}
	}
	return d, nil
}

// Field order used when rendering: the well-known elements first, then every
// other field in its original order.
var (
	topOrder  = []string{"Version", "Id"}
	stmtOrder = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
)

func ordered(fs fields, first []string) fields {
	out := make(fields, 0, len(fs))
	for _, name := range first {
		if v, ok := fs.get(name); ok {
			out = append(out, field{name, v})
		}
	}
	for _, f := range fs {
		known := false
		for _, name := range first {
			if f.name == name {
				known = true
				break
			}
		}
		if !known {
			out = append(out, f)
		}
	}
	return out
}

// jsonString encodes s without HTML escaping.
func jsonString(s string) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return json.RawMessage(bytes.TrimRight(b.Bytes(), "\n"))
}

func jsonStrings(list []string) json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, s := range list {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(jsonString(s))
	}
	b.WriteByte(']')
	return json.RawMessage(b.Bytes())
}

func writeObject(b *bytes.Buffer, fs fields, indent string) {
	b.WriteString("{")
	for i, f := range fs {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n" + indent + "  ")
		b.Write(jsonString(f.name))
		b.WriteString(": ")
		writeValue(b, f.value, indent+"  ")
	}
	if len(fs) > 0 {
		b.WriteString("\n" + indent)
	}
	b.WriteString("}")
}

func writeValue(b *bytes.Buffer, v json.RawMessage, indent string) {
	var out bytes.Buffer
	if err := json.Indent(&out, bytes.TrimSpace(v), indent, "  "); err != nil {
		b.Write(v) // cannot happen: values come from a validated document
		return
	}
	b.Write(out.Bytes())
}

// render pretty-prints the document with a two-space indent and a stable
// field order: Version, Id, Statement (always an array), then the other
// top-level fields in their original order; inside a statement Sid, Effect,
// Principal, NotPrincipal, Action, NotAction, Resource, NotResource,
// Condition, then the rest in their original order.
func (d *document) render() string {
	var b bytes.Buffer
	top := ordered(d.top, topOrder)
	var head, tail fields
	for _, f := range top {
		if indexOf(topOrder, f.name) >= 0 {
			head = append(head, f)
		} else {
			tail = append(tail, f)
		}
	}
	b.WriteString("{")
	for _, f := range head {
		b.WriteString("\n  ")
		b.Write(jsonString(f.name))
		b.WriteString(": ")
		writeValue(&b, f.value, "  ")
		b.WriteString(",")
	}
	b.WriteString("\n  \"Statement\": [")
	for i, s := range d.stmts {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n    ")
		writeObject(&b, ordered(s.fields, stmtOrder), "    ")
	}
	if len(d.stmts) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]")
	for _, f := range tail {
		b.WriteString(",\n  ")
		b.Write(jsonString(f.name))
		b.WriteString(": ")
		writeValue(&b, f.value, "  ")
	}
	b.WriteString("\n}")
	return b.String()
}
