package safe

import "strings"

// Markdown returns s for one place in a Markdown document (a table cell, a
// list item, a line of text): unsafe characters escaped as Line does, except
// that line breaks (newline, carriage return) are flattened to a space, and a
// "|" is escaped as "\|". Text from outside then cannot end a table cell or
// start a line of its own, so it cannot forge a heading, a list item or a
// table row.
func Markdown(s string) string {
	if !strings.ContainsAny(s, "\n\r|") {
		return Line(s)
	}
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", `\|`).Replace(s)
	return Line(s)
}
