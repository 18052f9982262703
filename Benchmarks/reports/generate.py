#!/usr/bin/env python3
"""Generates the department-report benchmark project (not committed: written to the folder given).

The bundled Yueyang plan with 3,000 generated regions added to its `regions:` list, observations for
the 26 key indicators (K01-K26) in every region for 2016-2025 (780,000 rows), and one report
definition with `for_each: region`. The data looks like real data: numbers in mixed shapes (integers,
one to four decimals, thousands-scale levels), missing cells with status codes, provisional and
estimated flags, and odd codes (leading zeros in region codes). Deterministic (fixed seed).

Usage: generate.py OUTDIR PLAN_FILE
"""
import os
import random
import re
import sys

out, plan_file = sys.argv[1], sys.argv[2]
os.makedirs(os.path.join(out, "reports"), exist_ok=True)
rng = random.Random(20260101)
REGIONS = 3000
YEARS = range(2016, 2026)
KEYS = ["K%02d" % i for i in range(1, 27)]

plan = open(plan_file, encoding="utf-8").read()
# Append the generated regions to the plan's regions: list (codes with leading zeros, odd names);
# the plan's own counties stay, since its county series (IC13) name them.
codes = ["%06d" % (10000 + i * 7) for i in range(REGIONS)]
lines = ['  - {code: "%s", zh: "测试区%04d", en: "Region %04d"}' % (c, i, i) for i, c in enumerate(codes)]
plan = re.sub(r"^(regions:\n(?:  - .*\n)+)", lambda m: m.group(1) + "\n".join(lines) + "\n", plan, count=1, flags=re.M)
open(os.path.join(out, "plan.yaml"), "w", encoding="utf-8").write(plan)

# Typical magnitude per indicator, from the bundled baselines where the plan gives one.
scale = {k: rng.choice([4.5, 7.5, 31.8, 65, 61.1, 10.5, 3.8, 60.8, 12.0, 2.5, 11.0, 5.6, 5.5, 11.41, 2.35, 100, 0.62,
                        77, 15.0, 17.0, 90.7, 93.8, 45.31, 283, 20, 0.026]) for k in KEYS}
with open(os.path.join(out, "observations.csv"), "w", encoding="utf-8") as f:
    f.write("indicator,region,period,value,unit,status,source_title\n")
    for code in codes:
        for k in KEYS:
            level = scale[k] * rng.uniform(0.7, 1.3)
            for year in YEARS:
                level *= rng.uniform(0.97, 1.06)
                r = rng.random()
                if r < 0.04:
                    f.write("%s,%s,%d,,,..,县统计公报 %s\n" % (k, code, year, code))   # missing cell
                    continue
                shape = rng.choice(["%.0f", "%.1f", "%.2f", "%.4f"])
                status = "p" if r > 0.97 else ("e" if r > 0.95 else "")
                f.write("%s,%s,%d,%s,,%s,县统计公报 %s\n" % (k, code, year, shape % level, status, code))

open(os.path.join(out, "reports", "regions.yaml"), "w", encoding="utf-8").write("""id: regions
title: {zh: 各区县主要指标监测, en: Key indicators by region}
indicators: [K01-K26]
for_each: region
language: both
sections: [summary, indicators, missing]
""")
open(os.path.join(out, "planwatch.yaml"), "w", encoding="utf-8").write("""plan: plan.yaml
reports_dir: reports
sources:
  - {id: regions, format: observations-csv, path: observations.csv}
outputs: {dir: out, formats: [text, csv, html]}
""")
print("wrote %s: %d regions x %d indicators x %d years" % (out, REGIONS, len(KEYS), len(YEARS)))
