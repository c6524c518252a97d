package ui

import (
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/ui/look"
)

// hangLine fits a line to the body's width: what passes the edge goes on
// the next lines, indented by ind columns (under the text after a first
// column), broken at spaces (at the break opportunities of text with wide
// characters). When the first column takes more than half the width,
// the whole line breaks, its next lines indented by four. A line that
// fits stays as it is.
func (m *painter) hangLine(line string, ind int) string {
	w := m.wrapW
	if w <= 0 || ansi.StringWidth(line) <= w {
		return line
	}
	head, rest := "", line
	if ind <= w/2 {
		// By cells on both sides: a styled head is not a byte prefix
		// of the line (Truncate closes its styles).
		head = ansi.Truncate(line, ind, "")
		rest = ansi.TruncateLeft(line, ind, "")
		plain := ansi.Strip(rest)
		rest = ansi.TruncateLeft(rest, len(plain)-len(strings.TrimLeft(plain, " ")), "")
	} else {
		ind = 4
	}
	// look.Fit keeps the styles of rest on every line it breaks it into.
	var b strings.Builder
	for i, l := range strings.Split(look.Fit(rest, w-ind), "\n") {
		if i == 0 {
			b.WriteString(head + l)
			continue
		}
		b.WriteString("\n" + strings.Repeat(" ", ind) + l)
	}
	return b.String()
}

// hangFit is hangLine for a line that may hold an ARN: its next lines go
// on under its text, unless a word (an ARN) fits the width only from
// column 0: then the line breaks as look.Fit breaks it, that word whole on
// a line of its own.
func (m *painter) hangFit(line string, ind int) string {
	for _, word := range strings.Fields(ansi.Strip(line)) {
		if n := ansi.StringWidth(word); n > m.wrapW-ind && n <= m.wrapW {
			return look.Fit(line, m.wrapW)
		}
	}
	return m.hangLine(line, ind)
}

// fw fits a form's title or description with wide characters to lines
// of the accessible mode (which has no form width): broken at its break
// opportunities to a width that fits any window of 80 columns or more.
// Other text is printed as it comes.
func (m *painter) fw(s string) string {
	if !look.HasWide(s) {
		return s
	}
	w := m.wrapW
	if w <= 0 || w > 80 {
		w = 80
	}
	return strings.Join(look.WrapLines(s, w-4), "\n")
}

// Form texts. huh breaks a field's title and description by cells and
// after hyphens, at the field's width ("arn:aws:kms:us-east-" on one line,
// "1:…" on the next; "multi-" and "Region"). The wizard breaks them
// first, at spaces only (text with wide characters at its break
// opportunities), to the width huh gives the text, so that huh finds
// nothing left to break; and again when the window changes size (the root
// model calls the current form's fits before it gives the form its new
// width).

// titled is a huh field whose title and description can be set again.
type titled[F any] interface {
	Title(string) F
	Description(string) F
}

// fitted gives field f its title and description (desc "": none), fitted
// to the form's width, and keeps how to fit them again (painter.fits).
func fitted[F titled[F]](m *painter, f F, title, desc string) F {
	fit := func() {
		// The title leaves room for huh's error mark (" *") after it.
		f.Title(m.formText(title, 2))
		if desc != "" {
			f.Description(m.formText(desc, 0))
		}
	}
	fit()
	m.fits = append(m.fits, fit)
	return f
}

// newConfirm is a yes/no field whose buttons stand at its left edge, in
// the same place on every question (huh centres them under the question's
// text, whose width changes from one question to the next).
func newConfirm() *huh.Confirm { return huh.NewConfirm().WithButtonAlignment(lipgloss.Left) }

// formText fits a form field's text to the field, less spare columns:
// broken at word boundaries, never inside a word, a Region code, an alias,
// a path or an ARN that fits the width. Without a form width (the
// accessible mode, or before the window's size is known) as fw.
func (m *painter) formText(s string, spare int) string {
	if m.formW <= 0 {
		return m.fw(s)
	}
	return look.Fit(s, max(m.formW-look.FieldFrame()-spare, 10))
}

// optioned is a huh select or multi-select whose options can be set again.
type optioned[T comparable, F any] interface {
	Options(...huh.Option[T]) F
}

// fittedOptions gives field f its options, each label broken like the
// form's texts to the width left after huh's marks before it (marks
// columns: the cursor, and a multi-select's tick), its lines after the
// first hung by hang columns (under a Region's name after its code); and
// keeps how to fit them again (painter.fits). Setting them again keeps the
// choice: huh selects the options of the field's value.
func fittedOptions[T comparable, F optioned[T, F]](m *painter, f F, marks, hang int, opts []huh.Option[T]) F {
	var shown []huh.Option[T]
	fit := func() {
		fitted := slices.Clone(opts)
		for i := range fitted {
			if m.formW > 0 {
				w := max(m.formW-look.FieldFrame()-marks, 10)
				fitted[i].Key = strings.Join(look.HangLabel(fitted[i].Key, w, hang), "\n")
			}
		}
		// Set again only when a label changed, and not while the list is
		// filtered: huh then shows every option again and moves the
		// cursor to the first one chosen.
		filtering := false
		if ff, ok := any(f).(interface{ GetFiltering() bool }); ok {
			filtering = ff.GetFiltering()
		}
		same := shown != nil && slices.EqualFunc(shown, fitted, func(a, b huh.Option[T]) bool { return a.Key == b.Key })
		if same || shown != nil && filtering {
			return
		}
		shown = fitted
		hovered, hovering := hoveredOption[T](f)
		f.Options(fitted...)
		keepCursor(f, fitted, hovered, hovering)
	}
	fit()
	m.fits = append(m.fits, fit)
	return f
}

// hoveredOption is the value of the option under the cursor of field f.
func hoveredOption[T comparable](f any) (T, bool) {
	if h, ok := f.(interface{ Hovered() (T, bool) }); ok {
		return h.Hovered()
	}
	var zero T
	return zero, false
}

// keepCursor moves the cursor of field f back to the option of value v
// (the options were set again: a multi-select then puts it on the first
// option chosen), as the arrow keys move it.
func keepCursor[T comparable](f any, opts []huh.Option[T], v T, ok bool) {
	u, isModel := f.(tea.Model)
	if !ok || !isModel {
		return
	}
	want := slices.IndexFunc(opts, func(o huh.Option[T]) bool { return o.Value == v })
	now, _ := hoveredOption[T](f)
	at := slices.IndexFunc(opts, func(o huh.Option[T]) bool { return o.Value == now })
	if want < 0 || at < 0 {
		return
	}
	step := tea.KeyMsg{Type: tea.KeyDown}
	if want < at {
		step = tea.KeyMsg{Type: tea.KeyUp}
	}
	for range max(want-at, at-want) {
		u.Update(step)
	}
}

// wrap fits s to width columns (at least 10), each line padded to the
// width as lipgloss pads it. Text with wide characters wraps at its break
// opportunities (look.WrapLines); other text at spaces (look.WrapWords). A styled
// lead (a title before the text) is given apart, so that the text wraps as
// plain text and the lead is styled afterwards.
func (m *painter) wrap(s string, width int) string {
	return m.wrapLead(nil, "", s, width)
}

// wrapLead is wrap of lead + " " + s, with lead drawn in style st.
func (m *painter) wrapLead(st *lipgloss.Style, lead, s string, width int) string {
	width = max(width, 10)
	plain := s
	if lead != "" {
		plain = lead + " " + s
	}
	// Broken by look.Fit (lipgloss would break after a hyphen: "self-" and
	// "service", "us-" and "east-1"), then padded.
	lines := strings.Split(look.Fit(plain, width), "\n")
	for i, l := range lines {
		if i == 0 && lead != "" && st != nil && strings.HasPrefix(l, lead) {
			l = st.Render(lead) + l[len(lead):]
		}
		lines[i] = l + strings.Repeat(" ", max(width-ansi.StringWidth(l), 0))
	}
	return strings.Join(lines, "\n")
}

// fitErr pre-wraps the errors of a form field's validation at word
// boundaries to the form's width: huh wraps them by cells and after
// hyphens ("us-\neast-1"), splitting a word or a Region code.
func fitErr[T any](m *painter, fn func(T) error) func(T) error {
	return func(v T) error {
		err := fn(v)
		if err == nil {
			return nil
		}
		// In the session's language: a domain error (an e-mail address, a
		// Region) is a message, not English text.
		return fittedErr{err: err, text: look.Fit(m.p().Err(err), m.errWidth())}
	}
}

// errWidth is the width of a form's error line: the form's, less huh's
// " * " before it and a margin.
func (m *painter) errWidth() int {
	w := m.wrapW
	if w <= 0 || w > 80 {
		w = 80
	}
	return max(w-4, 10)
}

// fittedErr is an error whose text is wrapped for the screen; errors.Is
// and As still see the error it wraps.
type fittedErr struct {
	err  error
	text string
}

func (e fittedErr) Error() string { return e.text }
func (e fittedErr) Unwrap() error { return e.err }
