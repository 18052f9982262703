#!/usr/bin/env bash
# Department reports at scale: a generated plan of 3,000 regions x the 26 key indicators x 10 years
# (780,000 observations) and one definition with `for_each: region`; times `planwatch run --report
# regions --format text,csv,html` (release build) next to a Python reference of the same per-region
# reports (pandas + Jinja2, reference.py), both from the same run with /usr/bin/time -v (wall time,
# peak RSS, user + system CPU time); prints files per second, the ratios and whether the goal (all region reports in <= 10 s
# and <= 1 GB) is met.
# Usage: Benchmarks/reports/run.sh
#   SCRATCH=DIR   build directory for the planwatch release build (default: .build-bench-planwatch)
#   PYTHON=...    an interpreter with pandas, Jinja2 and PyYAML (default: /usr/bin/python3)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
py="${PYTHON:-/usr/bin/python3}"
scratch="${SCRATCH:-$root/.build-bench-planwatch}"
work="$root/.build-bench-reports"
rm -rf "$work/out" "$work/pyout"
[ -f "$work/observations.csv" ] || "$py" "$here/generate.py" "$work" "$root/Config/plans/yueyang-14th.yaml"
swift build -c release --package-path "$root" --scratch-path "$scratch" --product planwatch >/dev/null
planwatch="$scratch/release/planwatch"
cat "$work/observations.csv" > /dev/null   # warm page cache
# ext4 without a journal (this machine's disk) does not reuse an inode freed in the last 5 s, or 5 min
# while its inode-table block is unwritten, and scans past every such inode for each new file: the
# 21,000 files just removed above cost the next run some 12 s of kernel time. Written out and aged,
# the removal costs neither tool anything.
sync; sleep 6

measure() {  # name, outdir, command...: prints "name seconds peak_mb files cpu_seconds"
  local name="$1" outdir="$2"; shift 2
  local log; log="$(mktemp)"
  /usr/bin/time -v "$@" > /dev/null 2> "$log" || { cat "$log" >&2; exit 1; }
  local wall rss cpu
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  # User plus system time: the figure that stays put when other work shares the cores.
  cpu=$(awk -F': ' '/User time|System time/ { t += $2 } END { print t }' "$log")
  rm -f "$log"
  echo "$name $wall $((rss / 1024)) $(find "$outdir" -name 'report-regions-*' | wc -l) $cpu"
}

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
pw=$(cd "$work" && measure planwatch "$work/out" "$planwatch" run --config planwatch.yaml --report regions --format text,csv,html --out out --quiet)
ref=$(measure python-pandas-jinja2 "$work/pyout" "$py" "$here/reference.py" "$work" "$work/pyout")
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-22s %10s %10s %8s %10s %12s\n" tool seconds peak_MB files files/s cpu_seconds
for r in "$pw" "$ref"; do
  set -- $r
  awk -v n="$1" -v s="$2" -v m="$3" -v f="$4" -v c="$5" 'BEGIN { printf "%-22s %10.2f %10d %8d %10.0f %12.2f\n", n, s, m, f, f/s, c }'
done
set -- $pw; pw_s=$2; pw_m=$3; pw_c=$5
set -- $ref
awk -v s="$2" -v m="$3" -v c="$5" -v ps="$pw_s" -v pm="$pw_m" -v pc="$pw_c" 'BEGIN { printf "planwatch / python: time x%.2f, memory x%.2f, cpu time x%.2f\n", ps/s, pm/m, pc/c }'
awk -v s="$pw_s" -v m="$pw_m" 'BEGIN { ok = (s <= 10 && m <= 1024); printf "goal: 3,000 region reports in <= 10 s and <= 1 GB: %s (%.2f s, %d MB)\n", ok ? "met" : "NOT met", s, m }'
