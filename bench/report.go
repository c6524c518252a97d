package main

// The report: the figures as a table, with ratios against the peers measured in the same run.

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/zcmk/zcmk-tui/internal/testutil/latency"
)

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
