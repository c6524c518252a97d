package safe

import (
	"fmt"
	"io"
	"unicode/utf8"
)

// Writer is the command line's net: everything written through it reaches W
// with every unsafe character except a newline escaped (see Block). The
// command line writes no control sequence of its own, so nothing is lost.
// JSON written through it stays valid and decodes to the same values: the
// characters encoding/json leaves raw (DEL, C1, bidirectional controls) come
// out as JSON escapes of themselves ("\u202e").
//
// A character split across two writes is held back until it is whole;
// Flush writes what is held back (escaped: it is not UTF-8).
type Writer struct {
	W       io.Writer
	pending []byte
}

// NewWriter returns a Writer over w.
func NewWriter(w io.Writer) *Writer { return &Writer{W: w} }

// Unwrap is the writer under the net (a terminal needs the file itself).
func (s *Writer) Unwrap() io.Writer { return s.W }

// Write escapes p and writes it to W. It reports len(p) when W took it all.
func (s *Writer) Write(p []byte) (int, error) {
	buf := p
	if len(s.pending) > 0 {
		buf = append(s.pending, p...)
		s.pending = nil
	}
	// Hold back an incomplete character at the end.
	cut := len(buf)
	for k := 1; k <= utf8.UTFMax-1 && k <= len(buf); k++ {
		c := buf[len(buf)-k]
		if c < 0x80 {
			break
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(buf[len(buf)-k:]) {
				cut = len(buf) - k
			}
			break
		}
	}
	if cut < len(buf) {
		s.pending = append([]byte(nil), buf[cut:]...)
		buf = buf[:cut]
	}
	if _, err := io.WriteString(s.W, Block(string(buf))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes what is held back of an unfinished character, escaped.
func (s *Writer) Flush() error {
	if len(s.pending) == 0 {
		return nil
	}
	var out []byte
	for _, c := range s.pending {
		out = fmt.Appendf(out, `\x%02x`, c)
	}
	s.pending = nil
	_, err := s.W.Write(out)
	return err
}
