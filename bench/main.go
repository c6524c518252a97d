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
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

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
