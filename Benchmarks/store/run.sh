#!/usr/bin/env bash
# Store benchmark (release build): ingest of 1,000,000 observations with vintages, then again with 1%
# revised, the store size, and history over 10,000 runs; next to Python's sqlite3 inserting the same
# rows without any vintage check (the peer), from the same run. Goals: ingest <= 5 s, history < 100 ms.
# Usage: Benchmarks/store/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
swift build -c release --package-path "$here" --scratch-path "$root/.build-store-bench" >/dev/null
bench="$root/.build-store-bench/release/store-bench"
echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
log="$(mktemp)"
/usr/bin/time -v "$bench" "$work/store" > "$work/bench.txt" 2> "$log"
rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
cat "$work/bench.txt"
echo "store_bench_peak_rss_mb $((rss / 1024))"
python3 "$here/peer.py" "$work/peer" | tee "$work/peer.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
ours=$(awk '/^ingest_first_s/ {print $2}' "$work/bench.txt")
again=$(awk '/^ingest_revised_s/ {print $2}' "$work/bench.txt")
peer=$(awk '/^peer_insert_s/ {print $2}' "$work/peer.txt")
hist=$(awk '/^history_20_of_10000_ms/ {print $2}' "$work/bench.txt")
ocpu=$(awk '/^ingest_first_cpu_s/ {print $2}' "$work/bench.txt")
pcpu=$(awk '/^peer_insert_cpu_s/ {print $2}' "$work/peer.txt")
size=$(awk '/^store_mb/ {print $2}' "$work/bench.txt")
awk -v o="$ours" -v a="$again" -v p="$peer" -v h="$hist" -v oc="$ocpu" -v pc="$pcpu" -v mb="$size" 'BEGIN {
  printf "ingest (planwatch, vintages checked) %.2f s; again with 1%% revised %.2f s; python sqlite3 plain insert %.2f s; ratio %.2f\n", o, a, p, o / p
  printf "CPU time: planwatch first ingest %.2f s, python plain insert %.2f s (ratio %.2f); store size %.1f MB\n", oc, pc, oc / pc, mb
  printf "goal ingest <= 5 s: %s; goal history < 100 ms (%.2f ms): %s\n", (o <= 5 && a <= 5) ? "met" : "NOT met", h, (h < 100) ? "met" : "NOT met"
}'
