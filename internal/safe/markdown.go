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
	return Line(markdownRepl.Replace(s))
}

// Flat returns s for one line of plain text (a field of the support
// ticket): unsafe characters escaped as Line does, line breaks flattened to
// a space.
func Flat(s string) string {
	if !strings.ContainsAny(s, "\n\r") {
		return Line(s)
	}
	return Line(flatRepl.Replace(s))
}

var (
	flatRepl     = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")
	markdownRepl = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", `\|`)
)

// Fence returns content as a fenced code block of Markdown (info is the
// language, e.g. "json", or ""): the content escaped as Block does, inside a
// fence of more backticks than any run of them in the content, so that the
// content cannot end the block and go on as Markdown.
func Fence(info, content string) string {
	content = Block(content)
	longest, run := 0, 0
	for _, c := range content {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	return fence + info + "\n" + content + "\n" + fence
}
