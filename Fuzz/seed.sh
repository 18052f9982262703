#!/usr/bin/env bash
# Builds per-format seed corpora under Fuzz/corpus/<format>/ from the repository fixtures and,
# when present, ../shared/fixtures/feeds. The corpus folders are not committed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fx="$here/../Tests/PlanWatchFeedsTests/Fixtures"
shared="$here/../../shared/fixtures/feeds"
declare -A dirs=([jsonstat]=jsonstat [pxweb]=pxweb [eurostat]=eurostat [sdmx-json]=sdmx-json [sdmx-csv]=sdmx-csv [worldbank]=worldbank [nbs-easyquery]=nbs-china [csv]=csv-cn)
for f in "${!dirs[@]}"; do
  mkdir -p "$here/corpus/$f"
  [ -d "$shared/${dirs[$f]}" ] && cp "$shared/${dirs[$f]}"/* "$here/corpus/$f/" 2>/dev/null || true
done
cp "$fx"/jsonstat_*.json "$fx"/pxweb_*.json "$here/corpus/jsonstat/"; cp "$fx"/pxweb_*.json "$here/corpus/pxweb/"
cp "$fx"/eurostat_*.json "$here/corpus/eurostat/"; cp "$fx"/sdmxjson*.json "$here/corpus/sdmx-json/"
cp "$fx"/sdmx_*.csv "$here/corpus/sdmx-csv/"; cp "$fx"/worldbank_* "$here/corpus/worldbank/"
cp "$fx"/nbs_*.json "$here/corpus/nbs-easyquery/"; cp "$fx"/*.csv "$here/corpus/csv/"
mkdir -p "$here/corpus/observations-csv"; cp "$here/../Config/data/"*.csv "$here/corpus/observations-csv/"
echo "seeded $(ls "$here"/corpus | wc -l) corpora"
