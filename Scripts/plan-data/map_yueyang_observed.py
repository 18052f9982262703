# Maps shared/fixtures/yueyang/observed.csv (59 rows) to plan series ids of yueyang-14th and writes
# Config/data/yueyang-observed.csv (observations-csv). Every input row is kept, in order; rows whose
# measure is not the plan's own indicator get an `x.` id and the reason in `note`.
# Run from the repo root: python3 Scripts/plan-data/map_yueyang_observed.py [path/to/observed.csv]
import csv, sys
SRC = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/fixtures/yueyang/observed.csv"
OUT = "Config/data/yueyang-observed.csv"
LOW = "低可信度, provisional: third-party aggregator page; verify against the official bulletin"
NOM = "nominal GDP level in 亿元; K01 is real growth and nominal levels must never feed it"
PC = "per-capita GDP is not a plan indicator"
POP = "population is not a plan indicator (context for per-capita figures and LV07 only)"
# row number (1-based, data rows) -> (indicator, status, note)
M = {
 1: ("x.gdp-level", "", NOM + "; 2020 plan-baseline figure (first estimate)"),
 2: ("x.gdp-level-revised", "", NOM + "; revised 2020 figure as cited in 2025, differs from the plan's 4001.55"),
 3: ("x.gdp-level", "", NOM + "; from the work report of 2021-12-30, before final year-end accounting"),
 4: ("x.gdp-level", "", NOM),
 5: ("x.gdp-level", "p", NOM + "; " + LOW),
 6: ("x.gdp-level", "", NOM),
 7: ("K01", "", "real y/y growth, official 2022 bulletin"),
 8: ("K01", "", "real y/y growth; official 2024 work report via third-party mirror (ken7.cn), glosses stripped"),
 9: ("x.gdp-growth-avg-2021-2024", "", "average annual growth over 2021-2024 (from the revised 2020 base), not a yearly rate; feeding it to K01 as the 2024 rate would be wrong. The 2021 and 2024 yearly rates are still missing"),
 10: ("x.gdp-per-capita", "", PC + "; 2020 plan figure"),
 11: ("x.gdp-per-capita-revised", "", PC + "; revised 2020 figure (probably census population denominator)"),
 12: ("x.gdp-per-capita", "", PC),
 13: ("x.gdp-per-capita", "p", PC + "; " + LOW),
 14: ("x.gdp-per-capita", "", PC),
 15: ("x.industrial-va-growth", "", "above-scale industrial value added growth is not a 14th-plan indicator (it was 13th-plan T02)"),
 16: ("x.industrial-va-growth", "", "above-scale industrial value added growth is not a 14th-plan indicator (it was 13th-plan T02)"),
 17: ("x.fai-growth", "", "fixed-asset investment growth is not K04 (K04 is the share of industrial investment in fixed-asset investment)"),
 18: ("x.retail-growth", "", "retail sales growth is not K05 (K05 is the contribution of final consumption to GDP)"),
 19: ("x.retail-growth", "", "retail sales growth is not K05 (K05 is the contribution of final consumption to GDP)"),
 20: ("x.budget-revenue", "", "K07 is revenue as a share of GDP; the level in 亿元 is not the measure and no share is derived here (185/4710.67 would be a derived figure)"),
 21: ("x.budget-revenue-growth", "", "revenue growth is not K07 (share of GDP)"),
 22: ("x.population-census", "", POP + "; 7th census, reference date 2020-11-01"),
 23: ("x.population", "p", POP + "; " + LOW),
 24: ("x.population", "p", POP + "; " + LOW),
 25: ("K08", "p", LOW + " (cites the 2022 city bulletin); measure matches K08"),
 26: ("x.income-urban", "e", "urban-only income level; K12 is the growth of all-resident income. 预计 (estimate) from the Jan-2021 work report"),
 27: ("x.income-rural", "e", "rural-only income level; K12 is the growth of all-resident income. 预计 (estimate) from the Jan-2021 work report"),
 28: ("x.income-level", "", "income level in nominal yuan; K12 is a growth rate"),
 29: ("x.income-growth-nominal", "", "nominal growth; K12 is assessed on real growth (the plan pairs income growth with GDP growth), see the 2022 real rate 5.2"),
 30: ("K12", "", "real growth (扣除价格因素), all residents"),
 31: ("x.income-urban", "", "urban-only income level; not K12"),
 32: ("x.income-urban-growth", "", "urban-only growth; K12 covers all residents"),
 33: ("x.income-rural", "", "rural-only income level; not K12"),
 34: ("x.income-rural-growth", "", "rural-only growth; K12 covers all residents"),
 35: ("x.income-level", "p", "income level in nominal yuan; K12 is a growth rate; " + LOW),
 36: ("x.income-growth-nominal", "p", "nominal growth (35202/33285 = +5.8%), not the real rate K12 uses; " + LOW),
 37: ("x.income-urban", "p", "urban-only income level; not K12; " + LOW),
 38: ("x.income-urban-growth", "p", "urban-only growth; K12 covers all residents; " + LOW),
 39: ("x.income-rural", "p", "rural-only income level; not K12; " + LOW),
 40: ("x.income-rural-growth", "p", "rural-only growth; K12 covers all residents; " + LOW),
 41: ("K21", "", "area: 市城区 (city proper); equals the plan's 2020 baseline 90.7; area counted differs between years"),
 42: ("K21", "", "area: 中心城区 (central city); area counted differs between years"),
 43: ("K21", "", "area: 城区 (urban area), final bulletin value (preliminary 87.7 of 2022-12-28 not used); area counted differs between years"),
 44: ("K21", "", "area: 全市城市 (all urban areas of the municipality, probably including county towns); area counted differs between years; official bulletin via 华声在线"),
 45: ("x.pm25", "", "PM2.5 concentration is not a 14th-plan indicator (the 13th plan had a cumulative reduction, T18.pm25-cut)"),
 46: ("x.pm25", "", "PM2.5 concentration is not a 14th-plan indicator; value from the bulletin table row"),
 47: ("x.surface-water-count-share", "", "counted differently: share of monitoring counts (298 Class I-III results of about 367 tests at 31 sections), yearbook text missing characters; not comparable with K22 (plan 2020 baseline 93.8)"),
 48: ("K22", "", "bulletin Class I-III share; note the level gap to the plan baseline 93.8 (2020), possibly a different set of sections"),
 49: ("K22", "", "bulletin Class I-III share; note the level gap to the plan baseline 93.8 (2020), possibly a different set of sections"),
 50: ("K22", "", "bulletin Class I-III share; note the level gap to the plan baseline 93.8 (2020), possibly a different set of sections"),
 51: ("x.river-sections-class3", "", "only the 38 assessed river sections, a subset; not the K22 measure"),
 52: ("x.river-sections-class3", "", "only the 38 assessed river sections, a subset; not the K22 measure"),
 53: ("K23", "", "reported to one decimal (稳定在45.3%); the maintain tolerance of K23 is 0.005, so 45.3 may read as below 45.31"),
 54: ("K23", "", "from a press conference of the city ecology-environment bureau"),
 55: ("IC05.hte", "", "stock reported 2025-10-21, reference date not stated; period set to the year reported"),
 56: ("x.patents-valid-per-10k", "", "all valid invention patents per 10k residents (end-Nov 2020), NOT the high-value measure of K10; proxy only"),
 57: ("x.patents-valid-per-10k", "", "all valid invention patents per 10k residents (end-Jul 2025), NOT the high-value measure of K10; proxy only"),
 58: ("x.kiloyi-industries-count", "", "count of 1000亿 industries, not a plan series: IC01 tracks each cluster's output against 1000亿元"),
 59: ("x.kiloyi-industries-count", "", "count of 1000亿 industries; the five named (现代化工, 港口物流, 现代农业及绿色食品加工, 文体旅游, 先进装备制造) do not match the plan's seven clusters one to one"),
}
rows = list(csv.DictReader(open(SRC, encoding="utf-8-sig")))
assert len(rows) == 59 and set(M) == set(range(1, 60)), (len(rows), len(M))
H = ["indicator","region","period","value","unit","status","source_title","source_url","quote","note"]
with open(OUT, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n"); w.writerow(H)
    for i, r in enumerate(rows, 1):
        ind, status, note = M[i]
        note = f"{r['indicator_zh']} / {r['indicator_en']}: {note}"
        w.writerow([ind, "430600", r["year"], r["value"], r["unit"], status, r["source_title"],
                    r["source_url_or_locator"], r["quote"], note])
print("wrote", OUT, len(rows))
