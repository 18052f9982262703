#!/usr/bin/env python3
"""Writes the JSON-stat 2.0 benchmark dataset: 100 indicators x 3000 regions x 30 years
(9,000,000 cells, about 86 MB), ~7% null, sparse `status` object. Deterministic (seeded).
Usage: python3 generate.py [out.json]   (default: bench.json next to this script)"""
import json, os, random, sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench.json")
rnd = random.Random(20261129)
N_IND, N_REG, N_YEAR = 100, 3000, 30
indicators = [f"K{i:03d}" for i in range(N_IND)]
regions = [f"{110000 + i * 100}" for i in range(N_REG)]
years = [str(1995 + y) for y in range(N_YEAR)]
total = N_IND * N_REG * N_YEAR
with open(out, "w") as f:
    f.write('{"version":"2.0","class":"dataset","label":"benchmark","source":"generated",')
    f.write('"id":["indicator","region","year"],"size":[%d,%d,%d],' % (N_IND, N_REG, N_YEAR))
    f.write('"role":{"metric":["indicator"],"geo":["region"],"time":["year"]},"dimension":')
    dims = {
        "indicator": {"label": "indicator", "category": {"index": indicators,
                      "label": {c: f"Indicator {c}" for c in indicators},
                      "unit": {c: {"label": "units", "decimals": 1} for c in indicators}}},
        "region": {"label": "region", "category": {"index": {c: i for i, c in enumerate(regions)},
                   "label": {c: f"Region {c}" for c in regions}}},
        "year": {"label": "year", "category": {"index": years}},
    }
    f.write(json.dumps(dims, separators=(",", ":")))
    f.write(',"value":[')
    status = {}
    chunk = []
    for n in range(total):
        r = rnd.random()
        if r < 0.07:
            chunk.append("null")
        else:
            chunk.append("%.2f" % (rnd.random() * 1000000))
            if r > 0.98:
                status[n] = "e" if r > 0.99 else "p"
        if len(chunk) >= 100000:
            f.write(("," if n >= len(chunk) else "") + ",".join(chunk))
            chunk = []
    if chunk:
        f.write(("," if total > len(chunk) else "") + ",".join(chunk))
    f.write('],"status":{')
    f.write(",".join('"%d":"%s"' % kv for kv in status.items()))
    f.write("}}")
print(out, os.path.getsize(out), "bytes")
