#!/usr/bin/env bash
# Times the CSV decoders through the real command, `planwatch inspect FILE --format F` (release build),
# on 1,000,000-row files from generate.py (observations-csv, csv, sdmx-csv), next to Python's
# csv.reader reading the same file in the same run; then the whole `planwatch run` and
# `planwatch indicators` on the observations file. /usr/bin/time gives wall time, CPU time and peak
# RSS (for inspect and csv.reader the medians of ROUNDS runs taken in turn). Prints the ratios and whether the goal is met: inspect at least 3x faster than csv.reader, at
# most 400 MB.
# Usage: Benchmarks/csv/run.sh
#   SCRATCH=DIR      build directory for the planwatch release build (default: .build-bench-planwatch)
#   PYTHON=python3   the interpreter for csv.reader
#   ROWS=1000000     data rows per file (the files are regenerated when ROWS changes)
#   ROUNDS=5         runs of each inspect and of csv.reader, taken in turn; the median wall and CPU
#                    times are compared (a shared machine's speed drifts within a minute, so one run
#                    each, or all of one tool's runs before the other's, can compare unlike moments)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
py="${PYTHON:-python3}"
rows="${ROWS:-1000000}"
rounds="${ROUNDS:-5}"
scratch="${SCRATCH:-$root/.build-bench-planwatch}"
if [ ! -f "$here/observations.csv" ] || [ "$(cat "$here/.rows" 2>/dev/null)" != "$rows" ]; then
  "$py" "$here/generate.py" "$here" "$rows" && echo "$rows" > "$here/.rows"
fi
swift build -c release --package-path "$root" --scratch-path "$scratch" --product planwatch >/dev/null
planwatch="$scratch/release/planwatch"
cat "$here"/*.csv > /dev/null   # warm page cache
"$planwatch" inspect "$here/sdmx.csv" --format sdmx-csv > /dev/null   # warm the binary and its libraries

once() {  # command...: prints "wall_s cpu_s peak_kb" of one run
  local log; log="$(mktemp)"
  /usr/bin/time -f "%e %U %S %M" -o "$log" "$@" > /dev/null 2>&1 || true
  tail -n 1 "$log" | awk '{ print $1, $2 + $3, $4 }'  # the last line: after "Command exited with non-zero status N"
  rm -f "$log"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# Runs two commands (separated by ---) in turn, $rounds times each, one of each after the other, so
# that both meet the same machine (a shared machine's speed drifts by half within a minute); prints
# "wall_s cpu_s peak_mb" for each on a line of its own: the median times, the largest peak.
pair() {
  local a=() b=() seen=0
  for arg in "$@"; do if [ "$arg" = --- ]; then seen=1; elif [ $seen = 0 ]; then a+=("$arg"); else b+=("$arg"); fi; done
  local aw=() ac=() am=0 bw=() bc=() bm=0 w c m
  for _ in $(seq "$rounds"); do
    read -r w c m < <(once "${a[@]}"); aw+=("$w"); ac+=("$c"); [ "$m" -gt "$am" ] && am=$m
    read -r w c m < <(once "${b[@]}"); bw+=("$w"); bc+=("$c"); [ "$m" -gt "$bm" ] && bm=$m
  done
  echo "$(median "${aw[@]}") $(median "${ac[@]}") $((am / 1024))"
  echo "$(median "${bw[@]}") $(median "${bc[@]}") $((bm / 1024))"
}
measure() {  # name, command...: prints "name wall_s cpu_s peak_mb" of one run
  local name="$1"; shift
  read -r w c m < <(once "$@")
  echo "$name $w $c $((m / 1024))"
}
reader='import csv, sys
n = 0
for row in csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")): n += 1'

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "files: $(for f in observations office sdmx; do printf '%s.csv %s MB  ' $f $(( $(stat -c %s "$here/$f.csv") / 1000000 )); done)"
results=()
goal=met
for pair in observations:observations-csv office:csv sdmx:sdmx-csv; do
  file="$here/${pair%%:*}.csv"; format="${pair##*:}"
  { read -r pw; read -r peer; } < <(pair "$planwatch" inspect "$file" --format "$format" --- "$py" -c "$reader" "$file")
  pw="inspect-$format $pw"; peer="csv.reader-$format $peer"
  results+=("$pw" "$peer")
  read -r _ pws pwc pwm <<< "$pw"; read -r _ ps pc _ <<< "$peer"
  ok=$(awk -v a="$pws" -v b="$ps" -v m="$pwm" 'BEGIN { print (b / a >= 3 && m <= 400) ? "met" : "NOT met" }')
  [ "$ok" = met ] || goal="NOT met"
  awk -v f="$format" -v a="$pws" -v b="$ps" -v ac="$pwc" -v bc="$pc" -v m="$pwm" -v ok="$ok" \
    'BEGIN { printf "%-16s csv.reader / planwatch inspect: wall x%.1f, CPU x%.1f; peak %d MB; goal (x3, <= 400 MB): %s\n", f, b/a, bc/ac, m, ok }'
done

# The whole path on the observations file: decoding, mapping, assessment, reports (text).
work="$(mktemp -d)"
cat > "$work/planwatch.yaml" <<YAML
plan: $root/Config/plans/yueyang-14th.yaml
sources:
  - {id: bulk, format: observations-csv, path: $here/observations.csv, max_bytes: 1073741824}
outputs: {dir: $work/out, formats: [text]}
YAML
results+=("$(measure planwatch-run "$planwatch" run --config "$work/planwatch.yaml" --quiet)")
results+=("$(measure planwatch-indicators "$planwatch" indicators --config "$work/planwatch.yaml")")
echo "manifest.json: $(stat -c %s "$work/out/manifest.json") bytes"
rm -rf "$work"

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-26s %9s %9s %9s\n" tool wall_s cpu_s peak_MB
for r in "${results[@]}"; do printf "%-26s %9.2f %9.2f %9s\n" $r; done
echo "goal: every CSV format at least 3x faster than csv.reader and at most 400 MB: $goal"
