#!/usr/bin/env bash
# Fuzzes every decoder (and the config and plan loaders) in turn for SECONDS each (default 300), from the repository root:
#   bash Fuzz/run-all.sh [SECONDS [FORMAT...]]
# Builds the libFuzzer binary, seeds the corpora, and stops at the first crash (exit 1).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
formats=("$@")
[ ${#formats[@]} -gt 0 ] || formats=(jsonstat sdmx-json sdmx-csv pxweb worldbank eurostat nbs-easyquery csv observations-csv config plan json-pieces)
swift build --package-path Fuzz --scratch-path .build-feeds-fuzz -Xswiftc -sanitize=fuzzer,address
bash Fuzz/seed.sh
bin="$PWD/.build-feeds-fuzz/debug/FeedsFuzz"
cd Fuzz
mkdir -p crashes
for format in "${formats[@]}"; do
    echo "== $format: $seconds s"
    # The YAML loaders also fail on slow inputs (an alias bomb is a hang, not a crash).
    extra=()
    [[ $format == config || $format == plan ]] && extra=(-timeout=10)
    SWIFT_BACKTRACE=enable=no FEED_FORMAT=$format "$bin" "corpus/$format" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=3072 "${extra[@]}" \
        -artifact_prefix="crashes/$format-" -print_final_stats=1 2>&1 | grep -E "^stat::number_of_executed_units|ERROR|crash|Done" || true
    if ls crashes/"$format"-* >/dev/null 2>&1; then echo "crash in $format: $(ls crashes/"$format"-*)"; exit 1; fi
done
echo "no crash"
