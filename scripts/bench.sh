#!/usr/bin/env bash
# Benchmarks: zcmk-tui setup against the AWS CLI and boto3 peers (scripts/peers)
# through the loopback latency proxy at 0 ms and 50 ms per request, plus
# start-up, first frame, peak RSS, binary size and the Go benchmarks.
# See BENCHMARKS.md.
#
# Usage: scripts/bench.sh [--smoke] [-n RUNS] [--delays 0ms,50ms] [--tools LIST] [--json FILE]
#                         [--keys 0,300,3000] [--before REV]
#   --smoke   one run of each tool at 0 ms, Go benchmarks once each: checks that
#             everything still works (exit 1 if any run fails); asserts no timing.
#   --tools   a subset of zcmk-tui,zcmk-before,boto3,aws-cli (default all)
#   --keys    account sizes: keys of other teams in the primary Region (half
#             multi-Region), one pass of the setup comparison each (default 0)
#   --before  also measure zcmk-tui built from git revision REV (zcmk-before)
# Environment: BENCH_PYTHON (Python with boto3), BENCH_AWS (AWS CLI command;
# default Debian's /usr/bin/aws, else aws on PATH).
# Needs: Go, moto_server and boto3 (the image's pyenv Python), an AWS CLI
# (Debian package awscli); hyperfine and valgrind are used when installed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:${HOME}/go/bin:${PATH}:${HOME}/.pyenv/shims:${HOME}/.pyenv/bin"

smoke=0
runs=5
delays=0ms,50ms
json=""
tools=""
keys=0
before=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1; shift ;;
    -n) runs=$2; shift 2 ;;
    --delays) delays=$2; shift 2 ;;
    --json) json=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    --keys) keys=$2; shift 2 ;;
    --before) before=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "bench: $*" >&2; exit 1; }

# Python with boto3. A pyenv shim costs a second per start on a small machine,
# so run the interpreter it resolves to, as an installed script would.
if [ -n "${BENCH_PYTHON:-}" ]; then
  python=$BENCH_PYTHON
else
  python=""
  for p in python3 python "${HOME}/.pyenv/shims/python3"; do
    if command -v "$p" >/dev/null && "$p" -c 'import boto3' 2>/dev/null; then
      python=$("$p" -c 'import sys; print(sys.executable)')
      break
    fi
  done
  [ -n "$python" ] || die "no Python with boto3 on PATH (the image's pyenv Python has it; or set BENCH_PYTHON)"
fi
command -v moto_server >/dev/null || [ -n "${MOTO_SERVER:-}" ] ||
  die "moto_server (Python moto) is not on PATH; it lives in the image's pyenv Python (~/.pyenv/shims)"

# The AWS CLI: Debian's awscli when installed, else the one on PATH (past any
# pyenv shim, for the same reason as above).
if [ -n "${BENCH_AWS:-}" ]; then
  aws=$BENCH_AWS
elif [ -x /usr/bin/aws ]; then
  aws=/usr/bin/aws
elif command -v aws >/dev/null; then
  aws=$(command -v aws)
  case "$aws" in
    */.pyenv/shims/*) [ -x "$(dirname "$python")/aws" ] && aws="$(dirname "$python")/aws" ;;
  esac
else
  die "no AWS CLI: install Debian's awscli (apt-get install awscli) or set BENCH_AWS"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/zcmk-tui" ./cmd/zcmk-tui
go build -o "$work/bench" ./bench
if [ -n "$before" ]; then
  mkdir -p "$work/before-src"
  git archive "$before" | tar -x -C "$work/before-src"
  (cd "$work/before-src" && go build -o "$work/zcmk-before" ./cmd/zcmk-tui)
fi

echo "== machine =="
echo "date:    $(date -u +%Y-%m-%dT%H:%MZ)"
echo "tree:    $(git describe --always --dirty 2>/dev/null || echo "${BENCH_TREE:-unknown}") (the binary is built from this tree)"
echo "cpu:     $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sed -n 1p)"
echo "memory:  $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
echo "go:      $(go version | cut -d' ' -f3-)"
echo "python:  $python ($("$python" -c 'import sys, boto3, botocore; print(sys.version.split()[0], "boto3", boto3.__version__, "botocore", botocore.__version__)'))"
echo "moto:    $("$python" -c 'import moto; print(moto.__version__)' 2>/dev/null || echo unknown)"
echo "aws:     $aws ($("$aws" --version 2>&1 | sed -n 1p))"

args=(-zcmk "$work/zcmk-tui" -python "$python" -aws "$aws" -peers scripts/peers)
[ -n "$json" ] && args+=(-json "$json")
[ -n "$tools" ] && args+=(-tools "$tools")
[ -n "$before" ] && args+=(-zcmk-before "$work/zcmk-before")
if [ "$smoke" = 1 ]; then
  args+=(-n 1 -delays 0ms -warmup=false -version-runs 3 -frame-runs 1)
  benchtime=1x
else
  args+=(-n "$runs" -delays "$delays")
  benchtime=1s
fi
first=1
for k in ${keys//,/ }; do
  [ -n "$json" ] && [ "$keys" != "$k" ] && args+=(-json "${json%.json}.keys$k.json") # the last -json wins
  if [ "$first" = 1 ]; then
    "$work/bench" "${args[@]}" -keys "$k"
  else # start-up and first frame once, with the first account size
    "$work/bench" "${args[@]}" -keys "$k" -version-runs 0 -frame-runs 0
  fi
  first=0
done

if [ "$smoke" = 0 ] && command -v hyperfine >/dev/null; then
  echo
  echo "== zcmk-tui version (hyperfine) =="
  hyperfine -N --warmup 3 --runs 30 --style basic "$work/zcmk-tui version" 2>&1 | grep -E 'Time|Range'
fi

echo
echo "== zcmk-tui version: package initialisation (GODEBUG=inittrace=1, one run) =="
inits=$(GODEBUG=inittrace=1 "$work/zcmk-tui" version 2>&1 >/dev/null | awk '/^init / {print $5, $2, $8}')
awk '{sum += $1; b += $3} END {printf "%.1f ms and %.2f MB allocated in %d package initialisers; the largest (ms):\n", sum, b / 1e6, NR}' <<<"$inits"
sort -rn <<<"$inits" | sed -n 1,8p  # sed reads to the end: no SIGPIPE under pipefail
# The runtime's first collection comes as the heap nears 4 MB: initialisers
# that allocate 3 MB or more make every command, version included, pay a GC
# cycle (about 4 ms of CPU on the 2-core machine of BENCHMARKS.md).
gcs=0
for _ in 1 2 3 4 5 6 7 8 9 10; do
  if GODEBUG=gctrace=1 "$work/zcmk-tui" version 2>&1 >/dev/null | grep -q '^gc '; then gcs=$((gcs + 1)); fi
done
echo "garbage collections during zcmk-tui version: in $gcs of 10 runs (GODEBUG=gctrace=1)"

# Instructions of a `version` run (valgrind's callgrind): within 0.5% for the
# same binary whatever else the machine is doing, so a ratio to the --before
# binary that load cannot blur. Median of 3 runs each; GODEBUG=asyncpreemptoff=1
# because callgrind stops on the runtime's preemption signals. Skipped in the
# smoke run (slow).
if [ "$smoke" = 0 ] && command -v valgrind >/dev/null; then
  echo
  echo "== zcmk-tui version: instructions (valgrind --tool=callgrind, median of 3) =="
  instr() {
    for _ in 1 2 3; do
      GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" "$1" version 2>&1 >/dev/null |
        awk '/Collected :/ {print $NF}'
    done | sort -n | sed -n 2p
  }
  now=$(instr "$work/zcmk-tui")
  echo "zcmk-tui:     $now"
  if [ -n "$before" ]; then
    was=$(instr "$work/zcmk-before")
    echo "zcmk-before:  $was ($before)"
    awk -v a="$now" -v b="$was" 'BEGIN {printf "ratio zcmk-tui / zcmk-before: %.2fx\n", a / b}'
  fi
fi

echo
echo "== Go benchmarks (-benchtime $benchtime) =="
pkgs=(./internal/zoom/)
[ -f internal/ui/bench_test.go ] && pkgs+=(./internal/ui/)
go test -run '^$' -bench . -benchmem -benchtime "$benchtime" "${pkgs[@]}" | grep -E '^(Benchmark|ok|FAIL|---)'
