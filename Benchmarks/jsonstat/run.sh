#!/usr/bin/env bash
# Times the release build reading the 86 MB JSON-stat benchmark next to Python json.load and pyjstat,
# from the same run, with /usr/bin/time -v peak RSS, and prints the ratios.
# Usage: Benchmarks/jsonstat/run.sh   (SKIP_PYJSTAT=1 to leave out the 20 s pyjstat run)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
file="$here/bench.json"
py="${PYTHON:-python3}"
[ -f "$file" ] || "$py" "$here/generate.py" "$file"
swift build -c release --package-path "$here" --scratch-path "$root/.build-feeds-bench" >/dev/null
bin="$root/.build-feeds-bench/release/feeds-bench"
cat "$file" > /dev/null   # warm page cache

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

results=()
results+=("$(measure planwatch "$bin" "$file")")
results+=("$(measure python-json.load "$py" -c "import json,sys; json.load(open(sys.argv[1]))" "$file")")
if [ -z "${SKIP_PYJSTAT:-}" ] && "$py" -c "import pyjstat" 2>/dev/null; then
  results+=("$(measure pyjstat "$py" -c "import sys; from pyjstat import pyjstat; df = pyjstat.Dataset.read(open(sys.argv[1]).read()).write('dataframe'); print(len(df))" "$file")")
fi
printf "%-18s %10s %10s\n" tool seconds peak_MB
for r in "${results[@]}"; do printf "%-18s %10s %10s\n" $r; done
pw_s=$(echo "${results[0]}" | awk '{print $2}'); pw_m=$(echo "${results[0]}" | awk '{print $3}')
for r in "${results[@]:1}"; do
  set -- $r
  awk -v n="$1" -v s="$2" -v m="$3" -v ps="$pw_s" -v pm="$pw_m" 'BEGIN { printf "%s / planwatch: time x%.1f, memory x%.1f\n", n, s/ps, m/pm }'
done
echo "goal: planwatch <= 0.25 s and <= 400 MB"
