#!/usr/bin/env python3
"""Reference implementation of the per-region reports in Python (pandas + Jinja2), for the benchmark.

For every region of the generated project: the 26 key indicators with base, latest figure and year,
target, a status (target reached, or the share of the change done: (x - x0) / (T - x0)) and the
missing ones, written as text, CSV and HTML — the same files per region that `planwatch run --report
regions --format text,csv,html` writes (simpler statuses than the assessment engine; the point is the
cost of reading, grouping and rendering 3,000 reports).

Usage: reference.py PROJECT_DIR OUT_DIR
"""
import os
import sys

import jinja2
import pandas as pd
import yaml

project, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
plan = yaml.safe_load(open(os.path.join(project, "plan.yaml"), encoding="utf-8"))
regions = {r["code"]: r for r in plan["regions"]}
keys = {}
for ind in plan["indicators"]:
    if ind["id"].startswith("K"):
        target = ind.get("target", {})
        base = ind.get("baseline") or {}
        keys[ind["id"]] = {"name": ind["zh"], "en": ind.get("en", ""), "unit": ind.get("unit", ""),
                           "target": target.get("value"), "kind": target.get("kind"), "base": base.get("value")}

df = pd.read_csv(os.path.join(project, "observations.csv"), dtype={"region": str, "status": str})
df = df[df["indicator"].isin(list(keys)) & df["region"].isin(list(regions))]
df = df.dropna(subset=["value"]).sort_values(["region", "indicator", "period"])
latest = df.groupby(["region", "indicator"]).tail(1).set_index(["region", "indicator"])

env = jinja2.Environment(autoescape=jinja2.select_autoescape(["html"]))
text_t = env.from_string("""{{ title }}
{{ "=" * 60 }}
{% for r in rows %}{{ "%-4s"|format(r.id) }} {{ r.name }} ({{ r.unit }}): {{ r.latest }} ({{ r.year }}) target {{ r.target }} — {{ r.status }}
{% endfor %}
数据不足 / no data: {{ missing|join(", ") or "—" }}
""")
html_t = jinja2.Environment(autoescape=True).from_string("""<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1><table><tr><th>编号</th><th>指标</th><th>基期</th><th>最新</th><th>年份</th><th>目标</th><th>进展</th></tr>
{% for r in rows %}<tr><td>{{ r.id }}</td><td>{{ r.name }}</td><td>{{ r.base }}</td><td>{{ r.latest }}</td><td>{{ r.year }}</td><td>{{ r.target }}</td><td>{{ r.status }}</td></tr>
{% endfor %}</table><p>数据不足 / no data: {{ missing|join(", ") or "—" }}</p></body></html>
""")

files = 0
present = set(df["region"].unique())
for code, region in regions.items():
    if code not in present:   # as planwatch: a region with no target and no figure gets no page
        continue
    rows, missing = [], []
    for kid, k in keys.items():
        try:
            obs = latest.loc[(code, kid)]
        except KeyError:
            missing.append(kid)
            continue
        value, target, base = float(obs["value"]), k["target"], k["base"]
        if target is None:
            status = "—"
        elif (k["kind"] == "ceiling" and value <= target) or (k["kind"] != "ceiling" and value >= target):
            status = "target reached"
        elif base is not None and target != base:
            status = "R=%.2f" % ((value - base) / (target - base))
        else:
            status = "not reached"
        rows.append({"id": kid, "name": "%s / %s" % (k["name"], k["en"]), "unit": k["unit"], "base": base if base is not None else "—",
                     "latest": value, "year": int(obs["period"]), "target": target if target is not None else "—", "status": status})
    title = "各区县主要指标监测（%s）" % region["zh"]
    stem = os.path.join(out, "report-regions-%s" % code)
    open(stem + ".txt", "w", encoding="utf-8").write(text_t.render(title=title, rows=rows, missing=missing))
    open(stem + ".html", "w", encoding="utf-8").write(html_t.render(title=title, rows=rows, missing=missing))
    pd.DataFrame(rows).to_csv(stem + ".indicators.csv", index=False, encoding="utf-8-sig")
    files += 3
print("wrote %d files" % files)
