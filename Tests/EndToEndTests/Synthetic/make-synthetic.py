#!/usr/bin/env python3
"""Writes synthetic-observed.csv: SYNTHETIC figures for the bundled Yueyang plan, invented so that every
status, chart and table path of the modules and department reports runs (README.md here). Nothing in
it was published; every row says so in its source title. Run from this folder:
    python3 make-synthetic.py > synthetic-observed.csv
The numbers follow from the plan's baselines and targets (ASSESSMENT.md): a level series meant to show
progress value R gets x_t = x_0 (1 + R * CAGR_r)^(t - t_0)."""
import csv, sys

TITLE = "SYNTHETIC 合成测试数据（虚构，非公开数据）/ invented for tests, not published"
rows = []

def add(series, year, value, status="", unit="", region="430600", note=""):
    # Four significant digits, as a bulletin prints them (32.66, 0.01869), not a computed float.
    rows.append([series, region, str(year), "" if value is None else f"{value:.4g}", unit, status, TITLE,
                 "", "", note or "synthetic"])

def level(series, x0, target, r, years=(2021, 2023), base_year=None, unit="", status_last=""):
    """Figures whose progress value is about r: from x0 in base_year (the plan's, or the first year given)."""
    t0 = base_year if base_year is not None else years[0]
    n = 2025 - t0
    cagr_r = (target / x0) ** (1 / n) - 1
    for i, y in enumerate(years):
        value = x0 * (1 + r * cagr_r) ** (y - t0)
        add(series, y, value, status_last if i == len(years) - 1 else "", unit)

# --- industry chains -------------------------------------------------------------------------
for y, g in [(2021, 8.1), (2022, 7.9), (2023, 8.4)]: add("K01", y, g, unit="%")           # growth: on course
for y, g in [(2021, 3.0), (2022, 2.5)]: add("K02", y, g, unit="%")                         # growth: limited
level("K03", 31.8, 33, 1.2, base_year=2020, unit="%")                                      # substantial
level("K04", 65, 68, 0.8, base_year=2020, unit="%")                                        # moderate
level("K05", 61.1, 62, -0.6, base_year=2020, unit="%")                                     # deterioration
add("K06", 2021, 11.0, unit="%"); add("K06", 2023, 16.0, unit="%")                         # achieved
add("K07", 2021, 3.9, unit="%"); add("K07", 2023, 3.6, unit="%")                           # maintain not held
add("K09", 2021, 16.0, unit="%"); add("K09", 2022, 15.5, unit="%")                          # growth
add("K09", 2023, 15.2, "p", unit="%")                                                      # provisional last year
add("K10", 2023, 3.1, unit="件")                                                            # one year, no baseline
# K11: nothing published (数据不足)
clusters = {"petrochem": (820, 1010), "food": (700, 900), "electronics": (300, 420), "equipment": (500, 480),
            "power": (200, 260, "p"), "logistics": (640, None)}
for key, v in clusters.items():
    add(f"IC01.{key}", 2021, v[0], unit="亿元")
    if v[1] is not None: add(f"IC01.{key}", 2023, v[1], v[2] if len(v) > 2 else "", unit="亿元")
# IC01.tourism: none
add("IC02.count", 2021, 1500, unit="家"); add("IC02.count", 2023, 1800, unit="家")
add("IC03.b100", 2021, 3, unit="家"); add("IC03.b100", 2023, 5, unit="家")
add("IC03.b50", 2021, 6, unit="家"); add("IC03.b50", 2023, 7, unit="家")
add("IC05.hte", 2021, 600, unit="家"); add("IC05.hte", 2023, 850, "p", unit="家")
add("IC05.gazelle", 2023, 40, unit="家")                                                    # one year
add("IC04", 2023, None, "c", unit="%")                                                      # withheld (confidential)
add("IC10.trade", 2021, 500, unit="亿元"); add("IC10.trade", 2023, 700, unit="亿元")
# County figures (region code on the row): ranked, older-year, provisional and missing counties.
for series, region, figures in [
    ("IC13.gdp-miluo", "430681", [(2021, 480), (2023, 560)]),
    ("IC13.gdp-huarong", "430623", [(2021, 400), (2023, 450, "p")]),
    ("IC13.gdp-yueyangxian", "430621", [(2022, 420)]),
    ("IC13.gdp-xiangyin", "430624", [(2021, 410), (2023, 470)]),
    ("IC13.gdp-linxiang", "430682", [(2021, 330), (2023, 400)]),
    ("IC13.rev-miluo", "430681", [(2021, 20), (2023, 24)]),
    ("IC13.rev-pingjiang", "430626", [(2021, 18), (2023, 21)]),
    ("IC13.rev-linxiang", "430682", [(2021, 14), (2023, 19)]),
    ("IC13.park-miluo", "430681", [(2021, 700), (2023, 1020)]),
]:
    for f in figures: add(series, f[0], f[1], f[2] if len(f) > 2 else "", unit="亿元", region=region)
add("IC13.leaders20", 2021, 4, unit="家"); add("IC13.leaders20", 2022, 5, unit="家"); add("IC13.leaders20", 2023, 6, unit="家")
# --- livelihood -------------------------------------------------------------------------------
level("K08", 60.8, 65, 1.0, base_year=2020, unit="%")
add("K08", 2025, 63.9, unit="%")                                                            # final year missed: not achieved
for y, g in [(2021, 8.0), (2022, 5.5), (2023, 6.0)]: add("K12", y, g, unit="%")
for y, v in [(2021, 5.2), (2022, 5.6), (2023, 5.4)]: add("K13", y, v, unit="%")             # ceiling, back within
level("K14", 11.41, 11.51, -0.5, base_year=2020, unit="年")                                  # binding, deterioration
level("K15", 2.35, 2.8, 0.3, base_year=2020, unit="人")                                      # limited
add("K16", 2021, 100, unit="%"); add("K16", 2023, 100, unit="%")
add("K18", 2023, 78.2, unit="岁")                                                            # achieved
for y, v in [(2021, 5.6), (2022, 5.4), (2023, 5.5)]: add("LV01.urban-jobs", y, v, unit="万人")
for y, v in [(2021, 3.2), (2023, 3.1)]: add("LV01.rural-transfer", y, v, unit="万人")        # 2022 missing: incomplete
for y, v in [(2021, 0.7), (2022, 0.6), (2023, 0.5)]: add("LV05.public-rental", y, v, unit="万户")
add("LV06.new-urban", 2021, 1600, unit="张"); add("LV06.new-urban", 2022, 1500, unit="张")
add("LV06.new-urban", 2023, 1400, "p", unit="张")                                            # provisional in a total
# --- ecology ----------------------------------------------------------------------------------
add("K19", 2023, 1, unit="", note="synthetic: 完成省下达任务 (provincial assessment)")
# K20: pending (no evidence)
add("K21", 2021, 91.2, unit="%"); add("K21", 2022, 85.1, unit="%")                          # floor: met, not met
add("K21", 2023, 88.0, "p", unit="%")                                                       # met again, provisional
add("K22", 2020, 85.0, unit="%"); add("K22", 2022, 86.0, unit="%"); add("K22", 2023, 87.5, unit="%")  # measure differs
for y, v in [(2021, 45.31), (2022, 45.35), (2023, 45.40)]: add("K23", y, v, unit="%")
level("EC01", 35, 50, 1.1, unit="%")
add("EC02", 2021, 90, unit="%"); add("EC02", 2023, 100, unit="%")
add("EC05.manure", 2021, 92, unit="%"); add("EC05.manure", 2023, 96, unit="%")
for y, v in [(2021, 10.2), (2022, 9.9), (2023, 9.5)]: add("EC06.fert", y, v, unit="万吨")
for y, v in [(2021, 0.80), (2022, 0.82), (2023, 0.83)]: add("EC06.pest", y, v, unit="万吨")
add("EC08.collect", 2022, 3, unit="个"); add("EC08.collect", 2023, 6, unit="个")
# --- safety -----------------------------------------------------------------------------------
level("K24", 283, 290, 0.3, base_year=2020, unit="万吨")                                     # binding, limited: alert
level("K25", 20, 50, 1.05, base_year=2020, unit="万吨标准煤")
level("K26", 0.026, 0.015, 1.0, base_year=2020, unit="人/亿元")
for y, v in [(2021, 705), (2022, 698), (2023, 710)]: add("SF01.area", y, v, unit="万亩")
for y, v in [(2021, 302), (2022, 296), (2023, 299)]: add("SF01.output", y, v, unit="万吨")
for y, v in [(2021, 40), (2022, 45), (2023, 50)]: add("SF02", y, v, unit="万亩")
for y, v in [(2021, 542.4), (2023, 542.4)]: add("SF03", y, v, unit="万亩")
add("SF04", 2023, 545, "p", unit="万头")

w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["indicator", "region", "period", "value", "unit", "status", "source_title", "source_url", "quote", "note"])
seen = set()
for r in rows:
    key = (r[0], r[1], r[2])
    if key in seen: continue
    seen.add(key)
    w.writerow(r)
