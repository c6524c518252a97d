// Command bench measures zcmk-tui against the tools an administrator uses
// without it. scripts/bench.sh builds the binary, finds Python and the AWS CLI
// and runs this; see BENCHMARKS.md for what it reports and why.
//
// It starts the KMS emulator (moto_server) and the latency proxy
// (internal/testutil/latency) on loopback ports, then for each delay runs
// `zcmk-tui setup`, the boto3 peer and the AWS CLI peer alternately, N times
// each, resetting the emulator before every run. Every run must succeed and
// leave the same key policy in both Regions; any failure makes the command
// exit 1. Timing is reported, never asserted.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/creack/pty"

	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/testutil/latency"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
)

const (
	primary = "ap-northeast-1"
	replica = "ap-northeast-3"
	alias   = "alias/zoom-cmk"
	// aliasArg stands for the run's alias in a tool's arguments.
	aliasArg = "\x00alias"
)

type tool struct {
	name string
	argv []string
	env  []string
}

// run is one timed run of one tool.
type run struct {
	Tool     string          `json:"tool"`
	DelayMS  float64         `json:"delay_ms"`
	Wall     time.Duration   `json:"wall_ns"`
	Before   time.Duration   `json:"before_first_call_ns"` // process start to its first request
	After    time.Duration   `json:"after_last_call_ns"`   // its last response to its exit
	Own      time.Duration   `json:"own_ns"`               // wall time with no request of its own in flight
	MaxRSSKB int64           `json:"max_rss_kb"`
	Keys     int             `json:"other_keys"` // keys of other teams in the account
	Summary  latency.Summary `json:"proxy"`
	Calls    []latency.Call  `json:"calls"`
}

type report struct {
	Machine    map[string]string  `json:"machine"`
	Keys       int                `json:"other_keys"`
	Runs       []run              `json:"runs"`
	Medians    map[string]float64 `json:"medians_ms"` // "zcmk-tui@50ms" -> ms
	VersionMS  []float64          `json:"version_ms"`
	VersionCPU []float64          `json:"version_cpu_ms"` // user+sys of each `version` run
	FirstFrame *firstFrame        `json:"first_frame,omitempty"`
	// The same of -zcmk-before, its runs alternating with zcmk-tui's.
	BeforeVersionMS  []float64   `json:"before_version_ms,omitempty"`
	BeforeVersionCPU []float64   `json:"before_version_cpu_ms,omitempty"`
	BeforeFirstFrame *firstFrame `json:"before_first_frame,omitempty"`
	BinaryB          int64       `json:"binary_bytes"`
	Failures         []string    `json:"failures"`
}

func main() {
	bin := flag.String("zcmk", "", "zcmk-tui binary to measure")
	python := flag.String("python", "python3", "Python interpreter that has boto3")
	awsCLI := flag.String("aws", "aws", "AWS CLI command for the CLI peer")
	peers := flag.String("peers", "scripts/peers", "directory of the peer scripts")
	n := flag.Int("n", 5, "runs of each tool per delay")
	delays := flag.String("delays", "0ms,50ms", "comma-separated per-request delays")
	warmup := flag.Bool("warmup", true, "one unrecorded run of each tool first (loads the emulator's code paths and the file cache)")
	versionRuns := flag.Int("version-runs", 20, "runs of `zcmk-tui version` for the start-up time")
	frames := flag.Int("frame-runs", 10, "runs of the first-frame probe")
	jsonOut := flag.String("json", "", "also write the raw results here")
	only := flag.String("tools", "", "comma-separated subset of zcmk-tui,zcmk-before,boto3,aws-cli to run (default all)")
	before := flag.String("zcmk-before", "", "another zcmk-tui binary (e.g. built from an earlier commit), measured as tool zcmk-before")
	keys := flag.Int("keys", 0, "keys of other teams in the primary Region (half multi-Region), made once before the runs")
	flag.Parse()
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "bench: -zcmk BINARY is required")
		os.Exit(2)
	}
	var ds []time.Duration
	for _, s := range strings.Split(*delays, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: -delays: %v\n", err)
			os.Exit(2)
		}
		ds = append(ds, d)
	}

	rep, err := measure(*bin, *before, *python, *awsCLI, *peers, *only, *n, ds, *warmup, *versionRuns, *frames, *keys)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	printReport(os.Stdout, rep, ds)
	if *jsonOut != "" {
		data, _ := json.MarshalIndent(rep, "", " ")
		if err := os.WriteFile(*jsonOut, data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
	}
	if len(rep.Failures) > 0 {
		fmt.Fprintf(os.Stderr, "bench: %d failure(s):\n  %s\n", len(rep.Failures), strings.Join(rep.Failures, "\n  "))
		os.Exit(1)
	}
}

func measure(bin, before, python, awsCLI, peers, only string, n int, delays []time.Duration, warmup bool, versionRuns, frameRuns, keys int) (*report, error) {
	rep := &report{Medians: map[string]float64{}, Machine: map[string]string{}, Keys: keys}
	if st, err := os.Stat(bin); err == nil {
		rep.BinaryB = st.Size()
	} else {
		return nil, err
	}
	emu, err := moto.Start()
	if err != nil {
		return nil, err
	}
	defer emu.Stop()
	px, err := latency.Start("127.0.0.1:0", emu.URL, 0)
	if err != nil {
		return nil, err
	}
	defer px.Close()

	dir, err := os.MkdirTemp("", "zcmk-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	env := cleanEnv()
	for _, kv := range emu.Env(dir) {
		if strings.HasPrefix(kv, "AWS_ENDPOINT_URL=") {
			kv = "AWS_ENDPOINT_URL=" + px.URL
		}
		env = append(env, kv)
	}
	env = append(env, "XDG_STATE_HOME="+filepath.Join(dir, "state"), "AWS_PAGER=", "NO_COLOR=1")

	want, err := exec.Command(bin, "policy", "--account-id", moto.AccountID).Output()
	if err != nil {
		return nil, fmt.Errorf("zcmk-tui policy: %w", err)
	}
	wantStmts, err := statements(string(want))
	if err != nil {
		return nil, fmt.Errorf("zcmk-tui policy output: %w", err)
	}

	regions := []string{"--region", primary, "--replica-region", replica}
	all := []tool{
		{"zcmk-tui", append([]string{bin, "setup", "--yes", "--output", "json", "--alias", aliasArg}, regions...), nil},
		{"boto3", append([]string{python, filepath.Join(peers, "boto3_setup.py"), "--alias", aliasArg}, regions...), nil},
		{"aws-cli", append([]string{"bash", filepath.Join(peers, "aws-cli.sh"), "--alias", aliasArg}, regions...), []string{"AWS_CLI=" + awsCLI}},
	}
	if before != "" {
		all = slices.Insert(all, 1, tool{"zcmk-before", append([]string{before, "setup", "--yes", "--output", "json", "--alias", aliasArg}, regions...), nil})
	}

	// An account of other teams' keys is made once (making thousands takes
	// minutes); each run then sets up its own alias in it instead of
	// starting from an empty account.
	if keys > 0 {
		if err := emu.Reset(); err != nil {
			return nil, err
		}
		start := time.Now()
		if err := awstest.OtherTeamsKeys(context.Background(), emu.URL, primary, keys); err != nil {
			return nil, fmt.Errorf("making %d keys: %w", keys, err)
		}
		fmt.Fprintf(os.Stderr, "bench: %d keys of other teams made in %s in %.0f s\n", keys, primary, time.Since(start).Seconds())
	}
	runNo := 0

	var tools []tool
	for _, t := range all {
		if only == "" || slices.Contains(strings.Split(only, ","), t.name) {
			tools = append(tools, t)
		}
	}
	if len(tools) == 0 {
		return nil, fmt.Errorf("-tools %q names none of zcmk-tui, boto3, aws-cli", only)
	}

	once := func(t tool) (run, error) {
		runAlias := alias
		if keys == 0 {
			if err := emu.Reset(); err != nil {
				return run{}, err
			}
			// After a reset the emulator builds its tagging back end (every
			// service it can tag) on the first GetResources, ~0.5 s that AWS
			// does not spend: done here, outside every tool's run.
			if err := emu.WarmTagging(primary); err != nil {
				return run{}, err
			}
		} else {
			runNo++
			runAlias = fmt.Sprintf("%s-%d", alias, runNo)
		}
		if err := os.RemoveAll(filepath.Join(dir, "state")); err != nil {
			return run{}, err
		}
		px.Reset()
		argv := slices.Clone(t.argv)
		for i, a := range argv {
			if a == aliasArg {
				argv[i] = runAlias
			}
		}
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = append(append([]string{}, env...), t.env...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		r := run{Tool: t.name, Wall: wall, DelayMS: ms(px.Delay()), Calls: px.Calls(), Keys: keys}
		if len(r.Calls) > 0 {
			first, last := r.Calls[0].Start, r.Calls[0].End
			for _, c := range r.Calls {
				if c.Start.Before(first) {
					first = c.Start
				}
				if c.End.After(last) {
					last = c.End
				}
			}
			r.Before, r.After = first.Sub(start), start.Add(wall).Sub(last)
			r.Own = wall - inFlight(r.Calls)
		}
		r.Summary = latency.Summarize(r.Calls)
		if cmd.ProcessState != nil {
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				r.MaxRSSKB = ru.Maxrss // kilobytes on Linux
			}
		}
		if err != nil {
			return r, fmt.Errorf("%s: %v\n%s", t.name, err, tail(stderr.String(), 2000))
		}
		if err := checkResult(emu.URL, t.name, runAlias, stdout.Bytes(), wantStmts); err != nil {
			return r, fmt.Errorf("%s: %v", t.name, err)
		}
		return r, nil
	}

	if warmup {
		fmt.Fprintln(os.Stderr, "bench: warm-up run of each tool (not recorded)")
		for _, t := range tools {
			if _, err := once(t); err != nil {
				rep.Failures = append(rep.Failures, "warm-up "+err.Error())
			}
		}
	}
	for _, d := range delays {
		px.SetDelay(d)
		for i := 0; i < n; i++ {
			// Alternate the order so no tool always runs first or last.
			for j := range tools {
				t := tools[(i+j)%len(tools)]
				r, err := once(t)
				if err != nil {
					rep.Failures = append(rep.Failures, fmt.Sprintf("%v run %d: %v", d, i+1, err))
					continue
				}
				fmt.Fprintf(os.Stderr, "bench: %-8s @%-5v run %d: %7.0f ms, %2d calls, critical path %2d\n",
					t.name, d, i+1, ms(r.Wall), r.Summary.Calls, r.Summary.CriticalPath)
				rep.Runs = append(rep.Runs, r)
			}
		}
		for _, t := range tools {
			var walls []float64
			for _, r := range rep.Runs {
				if r.Tool == t.name && r.DelayMS == ms(d) {
					walls = append(walls, ms(r.Wall))
				}
			}
			if len(walls) > 0 {
				rep.Medians[key(t.name, d)] = median(walls)
			}
		}
	}
	px.SetDelay(0)

	// Start-up: `zcmk-tui version`, no AWS call; with -zcmk-before its runs
	// alternate with the other binary's, which goes first every second run.
	type startup struct {
		name, bin  string
		wall, cpu  *[]float64
		frame      **firstFrame
		frameFails bool
	}
	starts := []*startup{{name: "zcmk-tui", bin: bin, wall: &rep.VersionMS, cpu: &rep.VersionCPU, frame: &rep.FirstFrame}}
	if before != "" {
		starts = append(starts, &startup{name: "zcmk-before", bin: before, wall: &rep.BeforeVersionMS, cpu: &rep.BeforeVersionCPU, frame: &rep.BeforeFirstFrame})
	}
	inTurn := func(i int) []*startup {
		if i%2 == 1 {
			return append(slices.Clone(starts[1:]), starts[0])
		}
		return starts
	}
	for i := 0; i < versionRuns; i++ {
		for _, s := range inTurn(i) {
			cmd := exec.Command(s.bin, "version")
			start := time.Now()
			if out, err := cmd.CombinedOutput(); err != nil {
				rep.Failures = append(rep.Failures, fmt.Sprintf("%s version: %v: %s", s.name, err, out))
				continue
			}
			*s.wall = append(*s.wall, ms(time.Since(start)))
			*s.cpu = append(*s.cpu, ms(cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime()))
		}
	}

	// Time to the first frame of the wizard (no arguments, on a terminal).
	for i := 0; i < frameRuns; i++ {
		for _, s := range inTurn(i) {
			if s.frameFails {
				continue
			}
			ff, err := probeFirstFrame(s.bin, env, 1)
			if err != nil {
				rep.Failures = append(rep.Failures, s.name+" first-frame probe: "+err.Error())
				s.frameFails = true
				continue
			}
			if *s.frame == nil {
				*s.frame = ff
				continue
			}
			f := *s.frame
			f.FirstBytesMS = append(f.FirstBytesMS, ff.FirstBytesMS...)
			f.FirstTextMS = append(f.FirstTextMS, ff.FirstTextMS...)
			f.FrameMS = append(f.FrameMS, ff.FrameMS...)
			f.FrameCPU = append(f.FrameCPU, ff.FrameCPU...)
			if !ff.Interactive {
				f.Interactive, f.Exited = false, ff.Exited
			}
		}
	}
	return rep, nil
}

// cleanEnv is the environment without AWS settings of the person running
// the benchmark: runs must never reach anything but the loopback emulator.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AWS_") || strings.HasPrefix(kv, "XDG_STATE_HOME=") ||
			strings.HasPrefix(strings.ToUpper(kv), "HTTP_PROXY=") || strings.HasPrefix(strings.ToUpper(kv), "HTTPS_PROXY=") {
			continue
		}
		out = append(out, kv)
	}
	return append(out, "NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost")
}

// checkResult reads the key ID a tool reports and confirms, with calls of
// its own straight to the emulator, that both Regions hold an Enabled key
// under the alias with exactly the statements `zcmk-tui policy` prints.
func checkResult(emuURL, name, alias string, stdout []byte, want []any) error {
	var keyID string
	if strings.HasPrefix(name, "zcmk-") {
		var out struct {
			Keys []struct {
				KeyID string `json:"key_id"`
			} `json:"keys"`
		}
		if err := json.Unmarshal(stdout, &out); err != nil || len(out.Keys) != 2 {
			return fmt.Errorf("unexpected output (%v): %s", err, tail(string(stdout), 500))
		}
		keyID = out.Keys[0].KeyID
	} else {
		var out struct {
			KeyID string   `json:"key_id"`
			ARNs  []string `json:"arns"`
		}
		if err := json.Unmarshal(stdout, &out); err != nil || len(out.ARNs) != 2 {
			return fmt.Errorf("unexpected output (%v): %s", err, tail(string(stdout), 500))
		}
		keyID = out.KeyID
	}
	for _, region := range []string{primary, replica} {
		var pol struct{ Policy string }
		if err := kmsCall(emuURL, region, "GetKeyPolicy", map[string]string{"KeyId": keyID, "PolicyName": "default"}, &pol); err != nil {
			return err
		}
		got, err := statements(pol.Policy)
		if err != nil {
			return fmt.Errorf("%s key policy: %v", region, err)
		}
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("%s key policy differs from `zcmk-tui policy`:\n%s", region, pol.Policy)
		}
		var desc struct {
			KeyMetadata struct{ KeyId, KeyState string }
		}
		if err := kmsCall(emuURL, region, "DescribeKey", map[string]string{"KeyId": alias}, &desc); err != nil {
			return err
		}
		if desc.KeyMetadata.KeyId != keyID || desc.KeyMetadata.KeyState != "Enabled" {
			return fmt.Errorf("%s %s is %s (%s), want %s (Enabled)", region, alias, desc.KeyMetadata.KeyId, desc.KeyMetadata.KeyState, keyID)
		}
	}
	var rot struct{ KeyRotationEnabled bool }
	if err := kmsCall(emuURL, primary, "GetKeyRotationStatus", map[string]string{"KeyId": keyID}, &rot); err != nil {
		return err
	}
	if !rot.KeyRotationEnabled {
		return fmt.Errorf("rotation is off on %s", keyID)
	}
	return nil
}

// statements parses a key policy's statements, compared as JSON values
// (the document's Id and formatting may differ between tools).
func statements(policy string) ([]any, error) {
	var doc struct {
		Statement []any
	}
	if err := json.Unmarshal([]byte(policy), &doc); err != nil {
		return nil, err
	}
	return doc.Statement, nil
}

// kmsCall calls the emulator's KMS JSON API directly (the emulator does not
// check signatures; the credential scope names the Region).
func kmsCall(emuURL, region, op string, in, out any) error {
	body, _ := json.Marshal(in)
	req, _ := http.NewRequest("POST", emuURL+"/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "TrentService."+op)
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/"+region+"/kms/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return fmt.Errorf("check %s in %s: HTTP %d %s", op, region, resp.StatusCode, data)
	}
	return json.Unmarshal(data, out)
}

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

func printReport(w io.Writer, rep *report, delays []time.Duration) {
	names := []string{"zcmk-tui", "zcmk-before", "boto3", "aws-cli"}
	fmt.Fprintf(w, "\n== setup: primary %s + replica %s, alias in both, rotation, read-back (median wall time), %d keys of other teams ==\n", primary, replica, rep.Keys)
	fmt.Fprintf(w, "%-7s %12s %12s %12s %14s %14s\n", "delay", "zcmk-tui", "boto3", "aws-cli", "boto3/zcmk", "cli/zcmk")
	for _, d := range delays {
		z, b, c := rep.Medians[key("zcmk-tui", d)], rep.Medians[key("boto3", d)], rep.Medians[key("aws-cli", d)]
		fmt.Fprintf(w, "%-7v %9.0f ms %9.0f ms %9.0f ms %13.1fx %13.1fx\n", d, z, b, c, ratio(b, z), ratio(c, z))
		if zb, ok := rep.Medians[key("zcmk-before", d)]; ok {
			fmt.Fprintf(w, "%-7v zcmk-before %.0f ms: boto3/zcmk-before %.1fx, zcmk-before/zcmk-tui %.1fx\n", d, zb, ratio(b, zb), ratio(zb, z))
		}
	}
	fmt.Fprintln(w, "\n== API calls and sequential round trips (critical path), per run, from the proxy ==")
	for _, d := range delays {
		for _, name := range names {
			var calls, paths []string
			var last *run
			for i := range rep.Runs {
				r := &rep.Runs[i]
				if r.Tool == name && r.DelayMS == ms(d) {
					calls = append(calls, fmt.Sprint(r.Summary.Calls))
					paths = append(paths, fmt.Sprint(r.Summary.CriticalPath))
					last = r
				}
			}
			if last == nil {
				continue
			}
			fmt.Fprintf(w, "%-7v %-8s calls %-16s critical path %s\n", d, name, strings.Join(calls, ","), strings.Join(paths, ","))
			var before, after []float64
			for _, r := range rep.Runs {
				if r.Tool == name && r.DelayMS == ms(d) && len(r.Calls) > 0 {
					before, after = append(before, ms(r.Before)), append(after, ms(r.After))
				}
			}
			var own []float64
			for _, r := range rep.Runs {
				if r.Tool == name && r.DelayMS == ms(d) && len(r.Calls) > 0 {
					own = append(own, ms(r.Own))
				}
			}
			fmt.Fprintf(w, "        median %.0f ms from process start to its first request, %.0f ms from its last response to exit, %.0f ms in all with no request in flight (own time)\n", median(before), median(after), median(own))
			if strings.HasPrefix(name, "zcmk-") {
				fmt.Fprintf(w, "        chain: %s\n", strings.Join(last.Summary.Chain, " -> "))
				fmt.Fprintf(w, "        operations: %s\n", ops(last.Summary.Operations))
			}
		}
	}
	for _, d := range delays {
		for i := len(rep.Runs) - 1; i >= 0; i-- {
			if r := rep.Runs[i]; r.Tool == "zcmk-tui" && r.DelayMS == ms(d) {
				fmt.Fprintf(w, "\n== zcmk-tui calls in its last run at %v (ms from its first request) ==\n", d)
				printCalls(w, r.Calls)
				break
			}
		}
	}

	fmt.Fprintln(w, "\n== zcmk-tui process ==")
	var rss []float64
	for _, r := range rep.Runs {
		if r.Tool == "zcmk-tui" && r.MaxRSSKB > 0 {
			rss = append(rss, float64(r.MaxRSSKB)/1024)
		}
	}
	if len(rss) > 0 {
		sort.Float64s(rss)
		fmt.Fprintf(w, "setup peak RSS: median %.1f MB, max %.1f MB (%d runs, getrusage)\n", median(rss), rss[len(rss)-1], len(rss))
	}
	fmt.Fprintf(w, "binary size: %.1f MB (%d bytes)\n", float64(rep.BinaryB)/(1<<20), rep.BinaryB)
	if len(rep.VersionMS) > 0 {
		fmt.Fprintf(w, "`zcmk-tui version` start-up: median %.1f ms (%d runs, fork+exec to exit), CPU (user+sys) median %.1f ms\n", median(rep.VersionMS), len(rep.VersionMS), median(rep.VersionCPU))
	}
	if len(rep.BeforeVersionMS) > 0 {
		fmt.Fprintf(w, "`zcmk-before version` start-up (runs alternating): median %.1f ms, CPU median %.1f ms; zcmk-tui / zcmk-before: %.2fx wall, %.2fx CPU\n",
			median(rep.BeforeVersionMS), median(rep.BeforeVersionCPU), ratio(median(rep.VersionMS), median(rep.BeforeVersionMS)), ratio(median(rep.VersionCPU), median(rep.BeforeVersionCPU)))
	}
	if ff := rep.FirstFrame; ff != nil {
		label := "wizard"
		if !ff.Interactive {
			label = "NOT YET THE WIZARD (the program exited: " + ff.Exited + ")"
		}
		fmt.Fprintf(w, "no-argument run on a 100x30 pty (%s): first bytes median %.1f ms, first visible text median %.1f ms (%d runs)\n",
			label, median(ff.FirstBytesMS), median(ff.FirstTextMS), len(ff.FirstBytesMS))
		fmt.Fprintf(w, "  first frame (first text in the alternate screen): median %.1f ms%s (%d runs)\n", median(ff.FrameMS), cpuNote(ff.FrameCPU), len(ff.FrameMS))
		fmt.Fprintf(w, "  terminal queries answered before the first frame: %d\n", ff.Queries)
		fmt.Fprintf(w, "  first screen: %q\n", ff.Sample)
	}
	if ff := rep.BeforeFirstFrame; ff != nil && rep.FirstFrame != nil {
		fmt.Fprintf(w, "zcmk-before on a 100x30 pty (runs alternating): first visible text median %.1f ms; zcmk-tui / zcmk-before: %.2fx\n",
			median(ff.FirstTextMS), ratio(median(rep.FirstFrame.FirstTextMS), median(ff.FirstTextMS)))
		fmt.Fprintf(w, "  first frame: median %.1f ms%s; zcmk-tui / zcmk-before: %.2fx wall",
			median(ff.FrameMS), cpuNote(ff.FrameCPU), ratio(median(rep.FirstFrame.FrameMS), median(ff.FrameMS)))
		if len(ff.FrameCPU) > 0 && len(rep.FirstFrame.FrameCPU) > 0 {
			fmt.Fprintf(w, ", %.2fx CPU", ratio(median(rep.FirstFrame.FrameCPU), median(ff.FrameCPU)))
		}
		fmt.Fprintln(w)
	}
}

// cpuNote is ", CPU median N ms" for the CPU times cpu, or "".
func cpuNote(cpu []float64) string {
	if len(cpu) == 0 {
		return ""
	}
	return fmt.Sprintf(", CPU by then median %.1f ms", median(cpu))
}

func printCalls(w io.Writer, calls []latency.Call) {
	if len(calls) == 0 {
		return
	}
	t0 := calls[0].Start
	for _, c := range calls {
		if c.Start.Before(t0) {
			t0 = c.Start
		}
	}
	for _, c := range calls {
		code := ""
		if c.Status >= 400 {
			code = fmt.Sprintf(" (%d %s)", c.Status, c.ErrorCode)
		}
		fmt.Fprintf(w, "  %2d %-15s %-24s %7.1f -> %7.1f%s\n", c.Seq, c.Region, c.Name(), ms(c.Start.Sub(t0)), ms(c.End.Sub(t0)), code)
	}
}

func ops(m map[string]int) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s x%d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

func key(name string, d time.Duration) string { return fmt.Sprintf("%s@%v", name, d) }

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// inFlight is how long at least one of calls was in flight (the union of
// their intervals): the rest of a run's wall time is the tool's own.
func inFlight(calls []latency.Call) time.Duration {
	cs := slices.Clone(calls)
	slices.SortFunc(cs, func(a, b latency.Call) int { return a.Start.Compare(b.Start) })
	var total time.Duration
	var end time.Time
	for _, c := range cs {
		switch {
		case c.Start.After(end):
			total += c.End.Sub(c.Start)
			end = c.End
		case c.End.After(end):
			total += c.End.Sub(end)
			end = c.End
		}
	}
	return total
}
