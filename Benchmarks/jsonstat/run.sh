#!/usr/bin/env bash
# Times the real command `planwatch inspect FILE --format jsonstat` (release build) on the JSON-stat
# benchmark (9,000,000 cells of mixed number shapes, see generate.py), which reads and counts the
# cells without keeping them (the summary shows no values), next to the feeds-bench executable
# (Inspection.inspect keeping the cells, as --rows, fetch and run do), Python json.load and pyjstat, all from the same run, with
# /usr/bin/time -v wall time, CPU time and peak RSS; prints the ratios, the machine load, and whether
# the goal is met: <= 0.25 s, <= 400 MB, and at least 10 times faster than json.load.
# Usage: Benchmarks/jsonstat/run.sh
#   ROUNDS=3         rounds of planwatch, feeds-bench and json.load, one after the other (default 3)
#   SKIP_PYJSTAT=1   leave out the 20 s pyjstat run (run once, after the rounds)
#   SCRATCH=DIR      build directory for the planwatch release build (default: .build-bench-planwatch)
#   PYTHON=python3   the interpreter for json.load and pyjstat (default: python3, the pyenv one here)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
file="$here/bench.json"
py="${PYTHON:-python3}"
scratch="${SCRATCH:-$root/.build-bench-planwatch}"
rounds="${ROUNDS:-3}"
# A file from an older generator would measure other number shapes: regenerate it.
[ -f "$file" ] && [ "$file" -nt "$here/generate.py" ] || "$py" "$here/generate.py" "$file"
swift build -c release --package-path "$root" --scratch-path "$scratch" --product planwatch >/dev/null
planwatch="$scratch/release/planwatch"
swift build -c release --package-path "$here" --scratch-path "$root/.build-feeds-bench" >/dev/null
bench="$root/.build-feeds-bench/release/feeds-bench"
cat "$file" > /dev/null   # warm page cache
"$planwatch" inspect "$file" --format jsonstat > /dev/null   # warm the binary and its libraries

measure() {  # name, command...: prints "name seconds peak_mb cpu_seconds"
  local name="$1"; shift
  local log; log="$(mktemp)"
  /usr/bin/time -v "$@" > /dev/null 2> "$log"
  local wall rss cpu
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$log")
  rm -f "$log"
  echo "$name $wall $((rss / 1024)) $cpu"
}

table() {  # results...: the figures, then each peer's ratio to planwatch (the first result)
  printf "%-18s %10s %10s %10s\n" tool seconds peak_MB cpu_s
  for r in "$@"; do printf "%-18s %10.2f %10s %10.2f\n" $r; done
  local first="$1"; shift
  for r in "$@"; do
    [ "${r%% *}" = feeds-bench ] && continue
    echo "$first $r" | awk '{ printf "%s / planwatch inspect: time x%.1f, memory x%.1f\n", $5, $6/$2, $7/$3 }'
  done
}

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
met=0
for k in $(seq 1 "$rounds"); do
  results=()
  results+=("$(measure planwatch-inspect "$planwatch" inspect "$file" --format jsonstat)")
  results+=("$(measure feeds-bench "$bench" "$file")")
  results+=("$(measure python-json.load "$py" -c "import json,sys; json.load(open(sys.argv[1]))" "$file")")
  echo "round $k (load average $(cut -d' ' -f1 /proc/loadavg)):"
  table "${results[@]}"
  if echo "${results[0]} ${results[2]}" | awk '{ ok = ($2 <= 0.25 && $3 <= 400 && $6 / $2 >= 10); printf "goal: planwatch inspect <= 0.25 s, <= 400 MB and >= 10x faster than json.load: %s (%.2f s, %d MB, x%.1f)\n", ok ? "met" : "NOT met", $2, $3, $6 / $2; exit !ok }'; then
    met=$((met + 1))
  fi
done
if [ -n "${SKIP_PYJSTAT:-}" ]; then
  echo "pyjstat: skipped (SKIP_PYJSTAT)"
elif "$py" -c "import pyjstat" 2>/dev/null; then
  table "$(measure planwatch-inspect "$planwatch" inspect "$file" --format jsonstat)" \
    "$(measure pyjstat "$py" -c "import sys; from pyjstat import pyjstat; df = pyjstat.Dataset.read(open(sys.argv[1]).read()).write('dataframe'); print(len(df))" "$file")"
else
  echo "pyjstat: not importable by $py; left out"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "goal met in $met of $rounds rounds"
