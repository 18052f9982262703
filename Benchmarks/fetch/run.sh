#!/usr/bin/env bash
# Fetch benchmark (not a timed test): 200 URLs behind a loopback server adding 100 ms latency each,
# fetched by PlanWatchFetch (release build) and by the curl command one by one and in its parallel
# mode, in the same run. Prints each wall time and the ratios.
# Usage: Benchmarks/fetch/run.sh [N_URLS]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-200}"
SCRATCH="${SCRATCH_PATH:-.build-fetch}"
HERE=Benchmarks/fetch
WORK="$(mktemp -d)"
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

swift build -c release --scratch-path "$SCRATCH" --product fetch-bench >/dev/null
BIN="$SCRATCH/release/fetch-bench"

coproc SERVER { exec python3 "$HERE/server.py" --hosts 4 --latency 0.1 --lifetime 600 2>/dev/null; }
SERVER_PID=$SERVER_PID
read -r PORT <&"${SERVER[0]}"

# Same 200 paths: on one host, and spread over 4 loopback hosts (50 each).
for i in $(seq 1 "$N"); do echo "http://127.0.0.1:$PORT/item/$i"; done > "$WORK/one-host.txt"
for i in $(seq 1 "$N"); do echo "http://127.0.0.$(( (i % 4) + 1 )):$PORT/item/$i"; done > "$WORK/four-hosts.txt"

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.3f}')"; }
TIME=""
[ -x /usr/bin/time ] && TIME="/usr/bin/time -f %M"

run_bench() {  # label, args...
    local label="$1"; shift
    local t0 t1 out rss=""
    t0=$(now)
    if [ -n "$TIME" ]; then
        out=$($TIME "$BIN" "$@" 2>"$WORK/rss")
        rss=$(tail -1 "$WORK/rss")
    else
        out=$("$BIN" "$@")
    fi
    t1=$(now)
    local inner
    inner=$(echo "$out" | sed -n 's/.* \([0-9.]*\) s (.*/\1/p' | tail -1)
    printf '%-58s %7s s (process %s s%s)\n' "$label" "$inner" "$(elapsed "$t0" "$t1")" "${rss:+, peak RSS ${rss} KiB}"
    echo "$inner" > "$WORK/last"
}

echo "fetch benchmark: $N URLs, 100 ms latency each, loopback; $(nproc) cores; $(curl --version | head -1 | cut -d' ' -f1-2)"
"$BIN" "$WORK/one-host.txt" >/dev/null  # warm-up (page cache, server threads)

run_bench "PlanWatchFetch, 4 hosts, default caps (8/host, 32 total)" "$WORK/four-hosts.txt"; PW4=$(cat "$WORK/last")
run_bench "PlanWatchFetch, 4 hosts, via SourceFetcher + cache" "$WORK/four-hosts.txt" --cache "$WORK/cache"; PWC=$(cat "$WORK/last")
run_bench "PlanWatchFetch, 1 host, default caps (8/host)" "$WORK/one-host.txt"; PW1=$(cat "$WORK/last")
run_bench "PlanWatchFetch, 1 host, --max-host 32" "$WORK/one-host.txt" --max-host 32; PW32=$(cat "$WORK/last")

# The command users run: `planwatch fetch` on a config of N sources spread over the 4 hosts.
swift build -c release --scratch-path "$SCRATCH" --product planwatch >/dev/null
{
    echo "plan: $PWD/Config/plans/yueyang-14th.yaml"
    echo "sources:"
    for i in $(seq 1 "$N"); do
        echo "  - {id: s$i, format: observations-csv, url: \"http://127.0.0.$(( (i % 4) + 1 )):$PORT/item/$i.csv\"}"
    done
} > "$WORK/planwatch.yaml"
t0=$(now)
if [ -n "$TIME" ]; then
    $TIME "$SCRATCH/release/planwatch" fetch --config "$WORK/planwatch.yaml" --data-dir "$WORK/pw-data" >"$WORK/pw-fetch.txt" 2>"$WORK/pw-rss"
    PWRSS=$(tail -1 "$WORK/pw-rss")
else
    "$SCRATCH/release/planwatch" fetch --config "$WORK/planwatch.yaml" --data-dir "$WORK/pw-data" >"$WORK/pw-fetch.txt"
fi
t1=$(now)
PWF=$(elapsed "$t0" "$t1")
FRESH=$(grep -c ": fresh, HTTP 200" "$WORK/pw-fetch.txt" || true)
printf '%-58s %7s s (%s/%s fresh%s)\n' "planwatch fetch (4 hosts, whole command)" "$PWF" "$FRESH" "$N" "${PWRSS:+, peak RSS ${PWRSS} KiB}"

awk '{print "url = \"" $0 "\"\noutput = \"/dev/null\""}' "$WORK/one-host.txt" > "$WORK/curl.cfg"
t0=$(now); curl -s --no-progress-meter -Z --parallel-max 32 -K "$WORK/curl.cfg" 2>/dev/null; t1=$(now)
CZ=$(elapsed "$t0" "$t1")
printf '%-58s %7s s\n' "curl -Z --parallel-max 32 (1 host)" "$CZ"

t0=$(now)
while read -r url; do curl -s -o /dev/null "$url"; done < "$WORK/one-host.txt"
t1=$(now)
C1=$(elapsed "$t0" "$t1")
printf '%-58s %7s s\n' "curl one by one (1 host)" "$C1"

python3 - "$C1" "$CZ" "$PW4" "$PWC" "$PW1" "$PW32" "$PWF" <<'PY'
import sys
c1, cz, pw4, pwc, pw1, pw32, pwf = map(float, sys.argv[1:])
print(f"ratio curl one-by-one / planwatch fetch (whole command):        {c1 / pwf:.1f}x")
print(f"goal <= 1.0 s for planwatch fetch of 200 sources: {'met' if pwf <= 1.0 else 'NOT met'} ({pwf:.3f} s)")
print(f"ratio curl one-by-one / PlanWatchFetch (4 hosts, default caps): {c1 / pw4:.1f}x")
print(f"ratio curl one-by-one / PlanWatchFetch (4 hosts, with cache):   {c1 / pwc:.1f}x")
print(f"ratio curl -Z / PlanWatchFetch (1 host, max-host 32):           {cz / pw32:.2f}x")
print(f"ratio curl -Z / PlanWatchFetch (4 hosts, default caps):         {cz / pw4:.2f}x")
print(f"goal <= 1.0 s for 200 sources (4 hosts, with cache): {'met' if pwc <= 1.0 else 'NOT met'} ({pwc:.3f} s)")
PY
