#!/usr/bin/env python3
"""Writes the JSON-stat 2.0 benchmark dataset: 100 indicators x 3000 regions x 30 years
(9,000,000 cells, about 80 MB). Deterministic (seeded).

The values are shaped like real feeds, not one printf format: each indicator has its own way of
writing numbers, as offices do (counts as integers, shares with 1-2 decimals, rates with up to 6,
growth rates negative, money in exponent notation, raw doubles printed with 15-17 significant
digits, integers above 2^53), about 7% null, a few -0 and 0, a sparse `status` object of several
codes (some on null cells: a status-only cell such as "c" confidential), and odd region codes
(letters, dashes, dots, spaces, CJK, an escaped quote).
Usage: python3 generate.py [out.json] [scale]   (default: bench.json next to this script; scale
multiplies the number of regions, e.g. 0.1 for a 900,000-cell file to profile with)"""
import json, os, random, sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench.json")
scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
rnd = random.Random(20261202)
N_IND, N_REG, N_YEAR = 100, max(1, int(3000 * scale)), 30
indicators = [f"K{i:03d}" for i in range(N_IND)]


def region_code(i):
    # Mostly GB/T 2260 codes, with the other shapes real feeds carry.
    k = i % 20
    if k == 17: return f"CN-{11 + i % 60}-{i:04d}"
    if k == 18: return f"EU27_2020.R{i}"
    if k == 19: return f"地区 {i}"
    if k == 16: return f"NUTS-2 \"{i}\""
    return f"{110000 + i * 100}"


regions = [region_code(i) for i in range(N_REG)]
years = [str(1995 + y) for y in range(N_YEAR)]
total = N_IND * N_REG * N_YEAR

# How each indicator writes its numbers: (weight, writer). Weights are the share of indicators.
def integer(r): return str(int(r.random() ** 3 * 10 ** r.randint(1, 9)))
def big_integer(r): return str(r.randint(2 ** 53, 2 ** 63))          # above 2^53: not exact as a double
def dec(places, top):
    return lambda r: "%.*f" % (places, r.random() * top)
def signed(inner):
    return lambda r: ("-" if r.random() < 0.4 else "") + inner(r)
def exponent(r):
    return r.choice(["%.3e", "%.2E", "%.6g", "%.4e"]) % ((r.random() + 0.01) * 10 ** r.randint(-9, 14))
def raw_double(r): return repr(r.random() * 10 ** r.randint(-3, 9))   # 15-17 significant digits
writers = [
    (20, integer),
    (3, big_integer),
    (20, dec(1, 100000)),
    (15, dec(2, 1000000)),
    (8, dec(3, 1000)),
    (6, dec(6, 10)),
    (12, signed(dec(1, 50))),
    (4, signed(dec(4, 1))),
    (6, exponent),
    (6, raw_double),
]
assert sum(w for w, _ in writers) == 100
style = []
for w, f in writers: style += [f] * w
rnd.shuffle(style)

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
    f.write(json.dumps(dims, separators=(",", ":"), ensure_ascii=False))
    f.write(',"value":[')
    status = {}
    chunk = []
    per_indicator = N_REG * N_YEAR
    for n in range(total):
        r = rnd.random()
        if r < 0.07:
            chunk.append("null")
            if r < 0.004:
                status[n] = "c"          # confidential: a status and no value
        elif r < 0.073:
            chunk.append(rnd.choice(["0", "-0", "0.0", "-0.0"]))
        else:
            chunk.append(style[n // per_indicator](rnd))
            if r > 0.98:
                status[n] = "e" if r > 0.99 else ("p" if r > 0.985 else rnd.choice(["b", "u", "d", "ep"]))
        if len(chunk) >= 100000:
            f.write(("," if n >= len(chunk) else "") + ",".join(chunk))
            chunk = []
    if chunk:
        f.write(("," if total > len(chunk) else "") + ",".join(chunk))
    f.write('],"status":{')
    f.write(",".join('"%d":"%s"' % kv for kv in status.items()))
    f.write('},"extension":{"status":{"label":{"c":"confidential","e":"estimated","p":"provisional",')
    f.write('"b":"break in time series","u":"low reliability","d":"definition differs","ep":"estimated, provisional"}}}}')
print(out, os.path.getsize(out), "bytes")
