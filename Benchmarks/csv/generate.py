#!/usr/bin/env python3
"""Writes the CSV benchmark files, 1,000,000 data rows each, deterministic (seeded):
  observations.csv  observations-csv (~136 MB): UTF-8 BOM, CRLF, quoted Chinese text with commas,
                    doubled quotes and a quoted newline now and then, missing values with a status,
                    mixed number shapes (1,234.5 / -0.8 / 1.2e3 / +12 / .5), odd codes (x.gdp_share,
                    K01-2), periods 2021, 2021Q3, 2022M07, 2023-11.
  office.csv        csv (NBS-style long layout): 数据库/指标 preamble, 地区,指标,时间,数值,单位 header,
                    missing markers (.., —), thousands separators, a 注： footer.
  sdmx.csv          sdmx-csv 2.0: STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,TIME_PERIOD,
                    OBS_VALUE,OBS_STATUS,UNIT_MULT, labels=both cells, NaN and empty values.
Usage: python3 generate.py [directory] [rows]   (default: this script's directory, 1000000)"""
import os, random, sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
ROWS = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
rnd = random.Random(20261202)

indicators = [f"K{i:02d}" for i in range(1, 41)] + ["K01-2", "x.gdp_share", "x.人均GDP", "A.3.b", "ind 7"]
regions = ["430600", "430602", "430603", "430611", "430621", "430623", "430624", "430626", "430681", "430682",
           "CN-43", "430000", "", "岳阳市"]
units = ["亿元", "%", "万人", "元", "万吨标准煤", "公里", "个", "", "‰"]
statuses = ["", "", "", "", "p", "e", "r", "估计"]
titles = ["岳阳市2023年国民经济和社会发展统计公报", "湖南统计年鉴2024", "岳阳市人民政府工作报告（2024年）",
          "Yueyang Statistical Bulletin, 2022", "岳阳市生态环境状况公报"]
phrases = ["全年地区生产总值", "比上年增长", "其中，第一产业增加值", "城镇居民人均可支配收入", "按可比价格计算",
           "规模以上工业增加值", "森林覆盖率达到", "全市常住人口", "“十四五”规划目标", "社会消费品零售总额"]

def period():
    y = rnd.randint(2015, 2025)
    r = rnd.random()
    if r < 0.55: return str(y)
    if r < 0.7: return f"{y}Q{rnd.randint(1, 4)}"
    if r < 0.85: return f"{y}M{rnd.randint(1, 12):02d}"
    if r < 0.95: return f"{y}-{rnd.randint(1, 12):02d}"
    return f"{y}年"

def number():
    r = rnd.random()
    v = rnd.random() * 10 ** rnd.randint(0, 6)
    if r < 0.35: return "%.2f" % v
    if r < 0.5: return "%d" % int(v)
    if r < 0.65: return "{:,.1f}".format(v)            # thousands separators (quoted in CSV)
    if r < 0.75: return "-%.1f" % (v / 1000)
    if r < 0.82: return "%.3e" % v
    if r < 0.88: return "+%.1f" % v
    if r < 0.93: return ".%d" % rnd.randint(1, 99)
    return "%.4f" % (v / 1e4)

def quote_text():
    t = rnd.choice(phrases) + "%.1f" % (rnd.random() * 1000) + rnd.choice(["亿元，", "%，", "万人，"]) + rnd.choice(phrases)
    r = rnd.random()
    if r < 0.2: t += "，比上年增长%.1f%%" % (rnd.random() * 10)
    elif r < 0.3: t = f'公报称“{t}”，即"{rnd.choice(phrases)}"'
    elif r < 0.32: t += "\n（续）" + rnd.choice(phrases)
    return t

def csv_cell(s):
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s

def observations(path):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write("indicator,region,period,value,unit,status,source_title,source_url,quote,note\r\n")
        for n in range(ROWS):
            r = rnd.random()
            value, status = number(), rnd.choice(statuses)
            if r < 0.06:
                value, status = "", rnd.choice(["missing", "not published", "..", "待公布"])
            title = rnd.choice(titles)
            url = f"http://www.yueyang.gov.cn/tjj/{rnd.randint(1000, 9999)}/content_{rnd.randint(100000, 999999)}.html" if rnd.random() < 0.3 else ""
            quote = quote_text() if rnd.random() < 0.7 else ""
            note = rnd.choice(["", "", "", "初步核算数", "按新口径, 与上年不可比", 'see "revisions"'])
            row = [rnd.choice(indicators), rnd.choice(regions), period(), value, rnd.choice(units), status, title, url, quote, note]
            f.write(",".join(csv_cell(c) for c in row) + "\r\n")

def office(path):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write("数据库：分省年度数据\r\n指标：地区生产总值(亿元)\r\n时间：2000-2025\r\n")
        f.write("地区,指标,时间,数值,单位\r\n")
        names = ["北京市", "天津市", "河北省", "湖南省", "岳阳市", "岳阳楼区", "内蒙古自治区", "新疆维吾尔自治区"]
        for n in range(ROWS):
            r = rnd.random()
            v = ".." if r < 0.04 else ("—" if r < 0.06 else number())
            row = [rnd.choice(names), rnd.choice(indicators[:20]), f"{rnd.randint(2000, 2025)}年", v, rnd.choice(units)]
            f.write(",".join(csv_cell(c) for c in row) + "\r\n")
        f.write("注：2023年数据为初步核算数。\r\n数据来源：国家统计局\r\n")

def sdmx(path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MULT\n")
        areas = ["CN: China", "CN-43: Hunan", "430600: 岳阳市", "DE: Germany", "FR: France, Metropolitan"]
        for n in range(ROWS):
            r = rnd.random()
            v = "" if r < 0.03 else ("NaN" if r < 0.05 else "%.3f" % (rnd.random() * 10 ** rnd.randint(0, 5)))
            row = ["dataflow", "PW:DF_PLAN(1.0)", "I", rnd.choice(areas), rnd.choice(indicators[:30]),
                   rnd.choice([str(rnd.randint(2000, 2025)), f"{rnd.randint(2000, 2025)}-Q{rnd.randint(1, 4)}"]),
                   v, rnd.choice(["A", "A", "E", "P", ""]), rnd.choice(["0", "0", "3", "6", ""])]
            f.write(",".join(csv_cell(c) for c in row) + "\n")

os.makedirs(out, exist_ok=True)
for name, fn in [("observations.csv", observations), ("office.csv", office), ("sdmx.csv", sdmx)]:
    path = os.path.join(out, name)
    fn(path)
    print(path, os.path.getsize(path), "bytes")
