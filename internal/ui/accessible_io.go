package ui

import (
	"bufio"
	"context"
	"io"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/ui/look"
)

// The plain-prompt face's terminal: what huh's accessible prompts read and
// write goes through here, so that every line is in the session's language
// (huh prints a few lines of its own in English: "Enter a number between 1
// and 2", "Invalid: …"), every line is broken at spaces to the terminal's
// width (the terminal would break it mid-word), enter takes the default a
// list announced, and ctrl+c ends a question at once instead of at the next
// enter.

// plainOut is the writer of the plain face: complete lines are put in the
// catalogue's language and wrapped; a prompt (a line without its end yet)
// is written when the face reads the answer (flush).
type plainOut struct {
	mu    sync.Mutex
	w     io.Writer
	cat   Catalogue
	width int
	part  strings.Builder // the line written so far
}

func (o *plainOut) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	s := string(p)
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			o.part.WriteString(s)
			return len(p), nil
		}
		o.part.WriteString(s[:i])
		line := o.part.String()
		o.part.Reset()
		if _, err := io.WriteString(o.w, o.fit(line)+"\n"); err != nil {
			return 0, err
		}
		s = s[i+1:]
	}
}

// flush writes the line begun (a prompt), without its end.
func (o *plainOut) flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.part.Len() == 0 {
		return
	}
	_, _ = io.WriteString(o.w, o.fit(o.part.String()))
	o.part.Reset()
}

// fit puts one of huh's own lines in the catalogue's language and breaks
// a line wider than the terminal at spaces, its continuation lines under
// its text (an option's text after its number).
func (o *plainOut) fit(line string) string {
	line = huhLine(o.cat, line)
	if o.width <= 0 || ansi.StringWidth(line) <= o.width {
		return line
	}
	return strings.Join(look.HangWith(line, o.width, plainHang(line), look.Lines), "\n")
}

// optionRE is an option of huh's numbered lists: "12. ", "3. ✓ ", "0.   ".
var optionRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*\d+\.\s+(✓\s+)?`) })

// plainHang is the indent of a line's continuation: under the text after
// an option's number, or under an indented line's text.
func plainHang(line string) int {
	if m := optionRE().FindString(line); m != "" {
		return ansi.StringWidth(m)
	}
	return look.ListHang(line)
}

// huhLines are the lines huh's accessible prompts print in English, with
// the catalogue id each is said with (compiled at their first use, not at
// every start).
var huhLines = sync.OnceValue(func() []huhPattern {
	return []huhPattern{
		{regexp.MustCompile(`^Enter a number between (\d+) and (\d+): ?$`), "plain.huh.number"},
		{regexp.MustCompile(`^There is only one option available; enter the number 1: ?$`), "plain.huh.one"},
		{regexp.MustCompile(`^Invalid: must be a number between (\d+) and (\d+)$`), "plain.huh.range"},
		{regexp.MustCompile(`^Invalid: must be (\d+)$`), "plain.huh.must"},
		{regexp.MustCompile(`^invalid input\. please try again$`), "plain.huh.yesno"},
		{regexp.MustCompile(`^Select up to \d+ options\.$`), "plain.huh.upto"},
		{regexp.MustCompile(`^0\.\s+Confirm selection$`), "plain.huh.confirm"},
		{regexp.MustCompile(`^You can't select more than (\d+) options\.$`), "plain.huh.toomany"},
		{regexp.MustCompile(`^Input cannot exceed (\d+) characters$`), "plain.huh.toolong"},
	}
})

type huhPattern struct {
	re *regexp.Regexp
	id string
}

// huhLine is line in the catalogue's language when it is one of huh's own.
func huhLine(cat Catalogue, line string) string {
	for _, h := range huhLines() {
		m := h.re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		args := make([]any, 0, len(m)-1)
		for _, a := range m[1:] {
			args = append(args, a)
		}
		return cat.T(h.id, args...)
	}
	return line
}

// lineReader hands out one line per Read, so that each prompt (which wraps
// the reader in its own scanner) gets the next line and no more. It notes
// when the input has ended: huh's prompts take their default value then,
// and the wizard must stop instead. Lines are read by a goroutine of their
// own, so that a read ends at once when ctx is cancelled (ctrl+c). Before
// each read the prompt begun is written (out.flush); an empty line at a
// list of ticks is the list as ticked (emptyAs).
type lineReader struct {
	ctx     context.Context
	src     *lineSource
	out     *plainOut
	ended   bool   // a question found the input ended
	eof     bool   // the input has no line left
	emptyAs string // what an empty line means at the question asked now ("" = itself)
}

type readLine struct {
	s   string
	err error
}

// lineSource reads the lines of one input, once: a second wizard on the
// same input (practice mode chosen at the first screen, ErrPractice) reads
// on where the first stopped, the line its goroutine had read included.
type lineSource struct {
	start sync.Once
	r     *bufio.Reader
	lines chan readLine
}

var lineSources sync.Map // io.Reader -> *lineSource

func sourceOf(r io.Reader) *lineSource {
	fresh := &lineSource{r: bufio.NewReader(r), lines: make(chan readLine)}
	if r == nil || !reflect.TypeOf(r).Comparable() {
		return fresh
	}
	src, _ := lineSources.LoadOrStore(r, fresh)
	return src.(*lineSource)
}

func newLineReader(ctx context.Context, r io.Reader, out *plainOut) *lineReader {
	if ctx == nil {
		ctx = context.Background()
	}
	return &lineReader{ctx: ctx, src: sourceOf(r), out: out}
}

func (l *lineReader) Read(p []byte) (int, error) {
	if l.out != nil {
		l.out.flush()
	}
	src := l.src
	src.start.Do(func() {
		go func() {
			for {
				s, err := src.r.ReadString('\n')
				src.lines <- readLine{s, err}
				if err != nil {
					close(src.lines) // a later reader finds the end too
					return
				}
			}
		}()
	})
	if l.eof {
		l.ended = true
		return 0, io.EOF
	}
	var rl readLine
	select {
	case <-l.ctx.Done():
		return 0, l.ctx.Err() // ctrl+c: the question ends at once
	case r, ok := <-src.lines:
		rl = r
		if !ok {
			rl.err = io.EOF
		}
	}
	line := rl.s
	if l.emptyAs != "" && line != "" && strings.TrimSpace(line) == "" {
		line = l.emptyAs + "\n"
	}
	if len(line) > len(p) {
		line = line[:len(p)]
	}
	n := copy(p, line)
	l.eof = rl.err != nil // the next read ends
	if n > 0 {
		return n, nil
	}
	l.ended = true
	return 0, rl.err
}
