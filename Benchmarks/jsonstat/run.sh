#!/usr/bin/env bash
# Times the real command `planwatch inspect FILE --format jsonstat` (release build) on the 86 MB
# JSON-stat benchmark, next to the feeds-bench executable (Inspection.inspect alone), Python json.load
# and pyjstat, all from the same run, with /usr/bin/time -v wall time and peak RSS; prints the
# ratios, the machine load, and whether the goal (<= 0.25 s, <= 400 MB) is met.
# Usage: Benchmarks/jsonstat/run.sh
#   SKIP_PYJSTAT=1   leave out the 20 s pyjstat run
#   SCRATCH=DIR      build directory for the planwatch release build (default: .build-bench-planwatch)
#   PYTHON=python3   the interpreter for json.load and pyjstat (default: python3, the pyenv one here)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
file="$here/bench.json"
py="${PYTHON:-python3}"
scratch="${SCRATCH:-$root/.build-bench-planwatch}"
[ -f "$file" ] || "$py" "$here/generate.py" "$file"
swift build -c release --package-path "$root" --scratch-path "$scratch" --product planwatch >/dev/null
planwatch="$scratch/release/planwatch"
swift build -c release --package-path "$here" --scratch-path "$root/.build-feeds-bench" >/dev/null
bench="$root/.build-feeds-bench/release/feeds-bench"
cat "$file" > /dev/null   # warm page cache
"$planwatch" inspect "$file" --format jsonstat > /dev/null   # warm the binary and its libraries

measure() {  # name, command...: prints "name seconds peak_mb"
  local name="$1"; shift
  local log; log="$(mktemp)"
  /usr/bin/time -v "$@" > /dev/null 2> "$log"
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  rm -f "$log"
  echo "$name $wall $((rss / 1024))"
}

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
results=()
results+=("$(measure planwatch-inspect "$planwatch" inspect "$file" --format jsonstat)")
results+=("$(measure feeds-bench "$bench" "$file")")
results+=("$(measure python-json.load "$py" -c "import json,sys; json.load(open(sys.argv[1]))" "$file")")
if [ -n "${SKIP_PYJSTAT:-}" ]; then
  echo "pyjstat: skipped (SKIP_PYJSTAT)"
elif "$py" -c "import pyjstat" 2>/dev/null; then
  results+=("$(measure pyjstat "$py" -c "import sys; from pyjstat import pyjstat; df = pyjstat.Dataset.read(open(sys.argv[1]).read()).write('dataframe'); print(len(df))" "$file")")
else
  echo "pyjstat: not importable by $py; left out"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-18s %10s %10s\n" tool seconds peak_MB
for r in "${results[@]}"; do printf "%-18s %10.2f %10s\n" $r; done
pw_s=$(echo "${results[0]}" | awk '{print $2}'); pw_m=$(echo "${results[0]}" | awk '{print $3}')
for r in "${results[@]:2}"; do
  set -- $r
  awk -v n="$1" -v s="$2" -v m="$3" -v ps="$pw_s" -v pm="$pw_m" 'BEGIN { printf "%s / planwatch inspect: time x%.1f, memory x%.1f\n", n, s/ps, m/pm }'
done
awk -v s="$pw_s" -v m="$pw_m" 'BEGIN { ok = (s <= 0.25 && m <= 400); printf "goal: planwatch inspect <= 0.25 s and <= 400 MB: %s (%.2f s, %d MB)\n", ok ? "met" : "NOT met", s, m }'
