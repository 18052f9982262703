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
# The JSON reader in pieces (json-pieces): the JSON-stat seeds.
mkdir -p "$here/corpus/json-pieces"; cp "$here/corpus/jsonstat/"* "$here/corpus/json-pieces/"
# The YAML loaders: the bundled configs and plans (config, plan).
mkdir -p "$here/corpus/config" "$here/corpus/plan"
cp "$here/../Config/"*.yaml "$here/corpus/config/"; cp "$here/../Config/plans/"*.yaml "$here/corpus/plan/"
# Small seeds with anchors and aliases, so the fuzzer starts near the alias count.
printf 'plan: p.yaml\nsources:\n  - &s {id: a, format: csv, url: "http://127.0.0.1/x", timeout: {total: 5}, max_stale: 7d}\n  - *s\nkeys: {? *s : 1}\n' > "$here/corpus/config/aliases.yaml"
printf 'id: p\nname: {zh: x}\nstart_year: 2021\nend_year: 2025\nregion: {code: "1", zh: x}\nindicators:\n  - {id: K01, zh: x, module: ecology, attribute: binding, seed: x, unit: "%%", target: &t {kind: floor, value: 1, text: "1"}}\n  - {id: K02, zh: y, module: ecology, attribute: binding, seed: x, unit: "%%", target: *t}\nreference_data:\n  parks:\n    - {name: &a [a, b, c], zones: [*a, *a, *a]}\n' > "$here/corpus/plan/aliases.yaml"
echo "seeded $(ls "$here"/corpus | wc -l) corpora"
