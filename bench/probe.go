package main

// The first frame: the wizard started in a pty, the time and CPU until its first text in the alternate screen.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/creack/pty"
)

// firstFrame is the probe's result: the binary run with no arguments on a
// 100x30 terminal.
type firstFrame struct {
	FirstBytesMS []float64 `json:"first_bytes_ms"` // start to the first byte of output
	FirstTextMS  []float64 `json:"first_text_ms"`  // start to the first visible character (escape sequences skipped)
	// FrameMS: start to the first visible character in the alternate
	// screen, the wizard's first frame (with an endpoint override the
	// first text is the notice printed before the screen); FrameCPU: the
	// process's CPU time (all threads) by then, where /proc has it.
	FrameMS     []float64 `json:"frame_ms"`
	FrameCPU    []float64 `json:"frame_cpu_ms,omitempty"`
	Interactive bool      `json:"interactive"` // still running 500 ms after its first output: a wizard waiting for keys
	Exited      string    `json:"exited,omitempty"`
	Queries     int       `json:"terminal_queries"` // terminal queries answered before the first frame (first run)
	Sample      string    `json:"sample"`           // visible text of the first run, shortened
}

func probeFirstFrame(bin string, env []string, runs int) (*firstFrame, error) {
	ff := &firstFrame{Interactive: true}
	for i := 0; i < runs; i++ {
		cmd := exec.Command(bin)
		cmd.Env = append(append([]string{}, env...), "TERM=xterm-256color", "COLUMNS=100", "LINES=30")
		start := time.Now()
		f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 100, Rows: 30})
		if err != nil {
			return nil, err
		}
		type chunk struct {
			at   time.Time
			data []byte
		}
		chunks := make(chan chunk, 64)
		go func() {
			defer close(chunks)
			buf := make([]byte, 32*1024)
			for {
				n, err := f.Read(buf)
				if n > 0 {
					chunks <- chunk{time.Now(), append([]byte(nil), buf[:n]...)}
				}
				if err != nil {
					return
				}
			}
		}()
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()

		var all []byte
		answered := 0
		var firstByte, firstText, frame time.Time
		frameCPU := -1.0
		deadline := time.After(5 * time.Second)
		var settle <-chan time.Time
		done := false
		exitedEarly := false
		var exitErr error
		for !done {
			select {
			case c, ok := <-chunks:
				if !ok {
					chunks = nil
					continue
				}
				if firstByte.IsZero() {
					firstByte = c.at
					settle = time.After(500 * time.Millisecond)
				}
				all = append(all, c.data...)
				// Answer the terminal queries a real terminal answers (a
				// TUI library asks for the background colour and the cursor
				// position before its first frame, and waits for the reply).
				var reply []byte
				var queries int
				reply, answered, queries = answerQueries(all, answered)
				if len(reply) > 0 {
					_, _ = f.Write(reply)
					if i == 0 && frame.IsZero() {
						ff.Queries += queries
					}
				}
				if firstText.IsZero() && strings.TrimSpace(visible(all)) != "" {
					firstText = c.at
				}
				if i := bytes.Index(all, []byte(altScreen)); frame.IsZero() && i >= 0 && strings.TrimSpace(visible(all[i:])) != "" {
					frame = c.at
					frameCPU = processCPU(cmd.Process.Pid)
				}
			case exitErr = <-exited:
				exitedEarly = true
				exited = nil
				// Drain what is left of the output.
				time.Sleep(50 * time.Millisecond)
				if settle == nil {
					settle = time.After(0)
				}
			case <-settle:
				done = true
			case <-deadline:
				done = true
			}
		}
		if !exitedEarly {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(2 * time.Second):
				_ = cmd.Process.Kill()
				<-exited
			}
		}
		f.Close()
		if firstByte.IsZero() {
			return nil, fmt.Errorf("no output within 5s")
		}
		ff.FirstBytesMS = append(ff.FirstBytesMS, ms(firstByte.Sub(start)))
		if !firstText.IsZero() {
			ff.FirstTextMS = append(ff.FirstTextMS, ms(firstText.Sub(start)))
		}
		if !frame.IsZero() {
			ff.FrameMS = append(ff.FrameMS, ms(frame.Sub(start)))
			if frameCPU >= 0 {
				ff.FrameCPU = append(ff.FrameCPU, frameCPU)
			}
		}
		if exitedEarly {
			ff.Interactive = false
			ff.Exited = fmt.Sprint(exitErr)
		}
		if i == 0 {
			ff.Sample = strings.Join(strings.Fields(visible(all)), " ")
			if r := []rune(ff.Sample); len(r) > 200 {
				ff.Sample = string(r[:200]) + "..."
			}
		}
	}
	return ff, nil
}

// altScreen switches to the alternate screen, where the wizard draws.
const altScreen = "\x1b[?1049h"

// processCPU is the CPU time in ms that process pid's threads have used,
// from /proc (Linux), or -1. Read when the first frame arrives, it counts
// the work done before it, and not the 500 ms the probe then waits.
func processCPU(pid int) float64 {
	dir := fmt.Sprintf("/proc/%d/task", pid)
	tasks, err := os.ReadDir(dir)
	if err != nil {
		return -1
	}
	var ns int64
	for _, t := range tasks {
		b, err := os.ReadFile(filepath.Join(dir, t.Name(), "schedstat"))
		if err != nil {
			return -1
		}
		f := strings.Fields(string(b))
		if len(f) == 0 {
			return -1
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return -1
		}
		ns += n
	}
	return float64(ns) / 1e6
}

// terminalReplies are the answers of a dark-background xterm to the queries
// terminal libraries send at start-up.
var terminalReplies = []struct{ query, reply string }{
	{"\x1b]11;?", "\x1b]11;rgb:0000/0000/0000\x1b\\"}, // background colour
	{"\x1b]10;?", "\x1b]10;rgb:ffff/ffff/ffff\x1b\\"}, // foreground colour
	{"\x1b[6n", "\x1b[1;1R"},                          // cursor position
	{"\x1b[c", "\x1b[?62;22c"},                        // primary device attributes
	{"\x1b[0c", "\x1b[?62;22c"},
}

// answerQueries returns the replies to the queries that end after offset
// done in out, and the new offset.
func answerQueries(out []byte, done int) ([]byte, int, int) {
	type hit struct {
		at    int
		reply string
	}
	var hits []hit
	end := done
	for _, q := range terminalReplies {
		for from := done; ; {
			i := bytes.Index(out[from:], []byte(q.query))
			if i < 0 {
				break
			}
			at := from + i
			hits = append(hits, hit{at, q.reply})
			from = at + len(q.query)
			end = max(end, from)
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	var reply []byte
	for _, h := range hits {
		reply = append(reply, h.reply...)
	}
	return reply, end, len(hits)
}

// visible drops ANSI escape sequences (CSI, OSC and two-byte escapes).
func visible(b []byte) string {
	var out []byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != 0x1b {
			if c >= 0x20 || c == '\n' {
				out = append(out, c)
			}
			continue
		}
		if i+1 >= len(b) {
			break
		}
		switch b[i+1] {
		case '[': // CSI: parameters, then a final byte 0x40-0x7e
			i += 2
			for i < len(b) && (b[i] < 0x40 || b[i] > 0x7e) {
				i++
			}
		case ']': // OSC: until BEL or ESC \
			i += 2
			for i < len(b) && b[i] != 0x07 && !(b[i] == 0x1b && i+1 < len(b) && b[i+1] == '\\') {
				i++
			}
			if i < len(b) && b[i] == 0x1b {
				i++
			}
		default:
			i++
		}
	}
	return string(out)
}
