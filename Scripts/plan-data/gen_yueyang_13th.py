# Generates Config/plans/yueyang-13th.yaml and Config/data/yueyang-13th-actuals.csv from one table
# transcribed from 专栏1 of the seed (rows checked by hand against seed lines 35-399).
import csv, io
SRC_TITLE = "岳阳市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
URL = "seed:000_82195a920968054a.txt#专栏1"
# id, zh, en, unit, kind, value, text, cumulative, direction, actual, actual_is_avg_growth, quote
R = []
def s(*a): R.append(a)
# (indicator id, indicator zh, indicator en, module, indicator notes, [series...])
IND = []
def ind(i, zh, en, module, notes, series): IND.append((i, zh, en, module, notes, series))
# series tuple: (sid, zh, en, unit, kind, value, text, cumulative, direction, actual, quote, extra_note)
Q = lambda *cells: " | ".join(cells)
ind("T01","地区生产总值","GDP","industry-chains",
    [("专栏1注：地区生产总值2020年绝对值目标按2015年现价计算；实际完成4001.55亿元为2020年现价。","Table note: the 2020 GDP level target is at 2015 current prices; the actual 4001.55亿元 is at 2020 prices."),
     ("2015年基数2886.3亿元取自第一章第一节。","2015 base 2886.3亿元 from 第一章第一节.")],
    [("T01.level","地区生产总值","GDP level","亿元","level",4820,"4820",False,1,4001.55,Q("1","地区生产总值","亿元","4820","9以上","4001.55","7.1"),""),
     ("T01.growth","地区生产总值增长","GDP growth","%","growth",9,"9以上",False,1,7.1,Q("1","地区生产总值","亿元","4820","9以上","4001.55","7.1"),"")])
ind("T02","规模工业增加值","Above-scale industrial value added","industry-chains",[],
    [("T02","规模工业增加值增长","Above-scale industrial value added growth","%","growth",10,"10左右",False,1,6.7,Q("2","规模工业增加值","亿元","—","10左右","—","6.7"),"")])
ind("T03","固定资产投资","Fixed-asset investment","industry-chains",
    [("[18000]为五年累计数；实际完成累计额专栏1印为“—”。","[18000] is the five-year total; 专栏1 prints no actual total (—).")],
    [("T03.total","固定资产投资五年累计","Fixed-asset investment, five-year total","亿元","level",18000,"[18000]",True,1,None,Q("3","固定资产投资","亿元","[18000]","18","—","11.8"),""),
     ("T03.growth","固定资产投资增长","Fixed-asset investment growth","%","growth",18,"18",False,1,11.8,Q("3","固定资产投资","亿元","[18000]","18","—","11.8"),"")])
ind("T04","公共财政预算收入","Public budget revenue","industry-chains",[],
    [("T04.level","公共财政预算收入","Public budget revenue","亿元","level",510,"510",False,1,333.5,Q("4","公共财政预算收入","亿元","510","11左右","333.5","2"),""),
     ("T04.growth","公共财政预算收入增长","Public budget revenue growth","%","growth",11,"11左右",False,1,2,Q("4","公共财政预算收入","亿元","510","11左右","333.5","2"),"")])
ind("T05","社会消费品零售总额","Retail sales of consumer goods","industry-chains",[],
    [("T05.level","社会消费品零售总额","Retail sales of consumer goods","亿元","level",1880,"1880",False,1,1574,Q("5","社会消费品零售总额","亿元","1880","13","1574","9"),""),
     ("T05.growth","社会消费品零售总额增长","Retail sales growth","%","growth",13,"13",False,1,9,Q("5","社会消费品零售总额","亿元","1880","13","1574","9"),"")])
ind("T06","进出口总额","Total imports and exports","industry-chains",[],
    [("T06.level","进出口总额","Total imports and exports","亿美元","level",50,"50",False,1,60.5,Q("6","进出口总额","亿美元","50","35","60.5","39.5"),""),
     ("T06.growth","进出口总额增长","Trade growth","%","growth",35,"35",False,1,39.5,Q("6","进出口总额","亿美元","50","35","60.5","39.5"),"")])
ind("T07","服务业增加值占GDP比重","Services value added share of GDP","industry-chains",[],
    [("T07","服务业增加值占GDP比重","Services value added share of GDP","%","level",47,"47",False,1,48,Q("7","服务业增加值占GDP比重","%","47","—","48","—"),"")])
ind("T08","城镇化率","Urbanisation rate","livelihood",[],
    [("T08.resident","常住人口城镇化率","Urbanisation rate, resident population","%","level",60,"＞60",False,1,60.8,Q("8","城镇化率","常住人口城镇化率","%","＞60","—","60.8","—"),""),
     ("T08.hukou","户籍人口城镇化率","Urbanisation rate, registered population","%","level",40,"＞40",False,1,36.54,Q("8","城镇化率","户籍人口城镇化率","%","＞40","—","36.54","—"),"")])
ind("T09","研发经费投入占GDP比重","R&D expenditure share of GDP","industry-chains",[],
    [("T09","研发经费投入占GDP比重","R&D expenditure share of GDP","%","level",2.5,"2.5",False,1,2.2,Q("9","研发经费投入占GDP比重（%）","%","2.5","—","2.2","—"),"")])
ind("T10","每万人发明专利拥有量","Invention patents per 10,000 people","industry-chains",
    [("专栏1实际完成3.14件，而第一章第一节正文为“每万人有效发明专利拥有量达到3.31件”，种子内部不一致；观测值取专栏1。","专栏1 gives 3.14 but the text of 第一章第一节 says 3.31; the seed is inconsistent; the actual uses 专栏1.")],
    [("T10","每万人发明专利拥有量","Invention patents per 10,000 people","件","level",3,"3",False,1,3.14,Q("10","每万人发明专利拥有量","件","3","—","3.14","—"),"第一章第一节正文为3.31件 / the chapter text says 3.31")])
ind("T11","互联网普及率","Internet penetration","industry-chains",[],
    [("T11.fixed","固定宽带家庭普及率","Fixed broadband household penetration","%","level",85,"＞85",False,1,90,Q("11","互联网普及率","固定宽带家庭普及率","%","＞85","—","90","—"),""),
     ("T11.mobile","移动宽带用户普及率","Mobile broadband user penetration","%","level",90,"＞90",False,1,87,Q("11","互联网普及率","移动宽带用户普及率","%","＞90","—","87","—"),"")])
ind("T12","耕地保有量","Cultivated land retained","safety",
    [("保有量按每年下限479万亩处理。","Retained cultivated land treated as a yearly floor of 479万亩.")],
    [("T12","耕地保有量","Cultivated land retained","万亩","floor",479,"479",False,1,500,Q("12","耕地保有量","万亩","479","—","500","—"),"")])
ind("T13","新增建设用地规模","New construction land","ecology",
    [("[15]为五年累计上限，越少越好。","[15] is a five-year cumulative cap; lower is better.")],
    [("T13","新增建设用地规模","New construction land (five-year total)","万亩","ceiling",15,"[15]",True,-1,10.5,Q("13","新增建设用地规模","万亩","[15]","—","[10.5]","—"),"")])
ind("T14","万元GDP用水量下降","Reduction in water use per 10,000 yuan of GDP","ecology",
    [("[18]为五年累计降幅（%）；年度降幅为连乘关系，求和只是近似。","[18] is the five-year cumulative reduction in percent; yearly reductions compound, so summing is approximate.")],
    [("T14","万元GDP用水量下降","Reduction in water use per 10,000 yuan of GDP (five-year)","%","level",18,"[18]",True,1,30.5,Q("14","万元GDP用水量下降","%","[18]","—","[30.5]","—"),"")])
ind("T15","非化石能源占一次能源消费比重","Non-fossil share of primary energy consumption","ecology",
    [("专栏1目标印为1.96，实际完成16，两者相差约8倍，目标疑为排印错误（如19.6）；按原文编码，待核实。","专栏1 prints a target of 1.96 against an actual of 16; the target looks like a misprint (e.g. 19.6); encoded as printed, to be checked.")],
    [("T15","非化石能源占一次能源消费比重","Non-fossil share of primary energy consumption","%","level",1.96,"1.96",False,1,16,Q("15","非化石能源占一次能源消费比重","%","1.96","—","16","—"),"目标1.96疑为排印错误 / target 1.96 looks like a misprint")])
ind("T16","森林增长","Forest growth","ecology",[],
    [("T16.coverage","森林覆盖率","Forest coverage rate","%","level",45.3,"45.3",False,1,45.31,Q("16","森林增长","森林覆盖率","%","45.3","—","45.31","—"),""),
     ("T16.stock","森林蓄积量","Forest stock volume","万立方米","level",2300,"2300",False,1,2546,Q("16","森林增长","森林蓄积量","万立方米","2300","—","2546","—"),"")])
ind("T17","地表水质量","Surface water quality","ecology",
    [("专栏1指标为“好于Ⅲ类水体比例”，与“十四五”K22“达到或优于Ⅲ类”措辞不同。劣Ⅴ类年均增长栏印“0”。","The 13th-plan measure reads 好于Ⅲ类 (better than Class III), worded differently from K22. The growth column of the worse-than-V row prints 0.")],
    [("T17.class3","好于Ⅲ类水体比例","Share of surface water better than Class III","%","level",98.3,"98.3",False,1,96.8,Q("17","地表水质量","好于Ⅲ类水体比例","%","98.3","—","96.8","—"),""),
     ("T17.worse5","劣Ⅴ类水体比例","Share of surface water worse than Class V","%","ceiling",0,"0",False,-1,0,Q("17","地表水质量","劣Ⅴ类水体比例","%","0","0","0","—"),"")])
ind("T18","空气质量","Air quality","ecology",[],
    [("T18.good-days","中心城区空气质量优良天数比率","Share of good-air days, central city","%","level",80,"＞80",False,1,90.7,Q("18","空气质量","中心城区空气质量优良天数比率","%","＞80","—","90.7","—"),""),
     ("T18.pm25-cut","中心城区细颗粒物（PM2.5）浓度下降","Reduction in PM2.5 concentration, central city (five-year)","%","level",17,"[17]",True,1,36,Q("18","空气质量","中心城区细颗粒物（PM2.5）浓度下降","%","[17]","—","[36]","—"),"")])
ind("T19","主要污染物排放总量","Total emissions of major pollutants","ecology",
    [("目标为“完成省下达任务”（定性）；专栏1只给出五年累计削减率，未说明是否完成省下达任务，故实际完成状态待证据，不推测；削减率作为x.背景数据记录。","Target: complete the provincial task (qualitative). 专栏1 gives only the five-year reductions and does not say whether the quotas were met, so the status awaits evidence; the reductions are recorded as x. context rows.")],
    [("T19.cod","化学需氧量排放总量减少","COD emissions reduction","%","qualitative",None,"完成省下达任务",False,1,("x.t19-cod-cut",13.98),Q("19","主要污染物排放总量","化学需氧量","%","完成省下达任务","[13.98]"),""),
     ("T19.nh3","氨氮排放总量减少","Ammonia nitrogen emissions reduction","%","qualitative",None,"完成省下达任务",False,1,("x.t19-nh3-cut",19.46),Q("19","主要污染物排放总量","氨氮","[19.46]"),""),
     ("T19.so2","二氧化硫排放总量减少","SO2 emissions reduction","%","qualitative",None,"完成省下达任务",False,1,("x.t19-so2-cut",36.65),Q("19","主要污染物排放总量","二氧化硫","[36.65]"),""),
     ("T19.nox","氮氧化物排放总量减少","NOx emissions reduction","%","qualitative",None,"完成省下达任务",False,1,("x.t19-nox-cut",13.30),Q("19","主要污染物排放总量","氮氧化物","[13.30]"),"")])
ind("T20","居民人均可支配收入","Per-capita disposable income","livelihood",[],
    [("T20.level","居民人均可支配收入","Per-capita disposable income","元","level",30532,"30532",False,1,28577,Q("20","居民人均可支配收入","元","30532","10","28577","8.6"),""),
     ("T20.growth","居民人均可支配收入增长","Per-capita disposable income growth","%","growth",10,"10",False,1,8.6,Q("20","居民人均可支配收入","元","30532","10","28577","8.6"),"")])
ind("T21","城镇新增就业人数","New urban jobs","livelihood",[],
    [("T21","城镇新增就业人数","New urban jobs (five-year total)","万人","level",26,"[26]",True,1,29.61,Q("21","城镇新增就业人数","万人","[26]","—","[29.61]","—"),"")])
ind("T22","农村贫困人口脱贫","Rural poor lifted out of poverty","livelihood",[],
    [("T22","农村贫困人口脱贫","Rural poor lifted out of poverty (five-year total)","万人","level",35.2,"[35.2]",True,1,40.1,Q("22","农村贫困人口脱贫","万人","[35.2]","—","[40.1]","—"),"")])
ind("T23","城镇棚户区改造","Urban shanty-town renovation","livelihood",[],
    [("T23","城镇棚户区改造","Urban shanty-town homes renovated (five-year total)","万户","level",15.4,"[15.4]",True,1,13.5,Q("23","城镇棚户区改造","万户","[15.4]","—","[13.5]","—"),"")])
ind("T24","劳动年龄人口平均受教育年限","Average years of schooling of the working-age population","livelihood",[],
    [("T24","劳动年龄人口平均受教育年限","Average years of schooling of the working-age population","年","level",11,"11",False,1,11.41,Q("24","劳动年龄人口平均受教育年限","年","11","—","11.41","—"),"")])
ind("T25","基本养老保险参保率","Basic pension insurance coverage rate","livelihood",[],
    [("T25","基本养老保险参保率","Basic pension insurance coverage rate","%","level",95,"＞95",False,1,100,Q("25","基本养老保险参保率","%","＞95","—","100","—"),"")])

def q(x): return '"' + str(x).replace('\\','\\\\').replace('"','\\"') + '"'
def num(v):
    if v is None: return "null"
    return repr(v) if not float(v).is_integer() else str(int(v))
out = io.StringIO(); w = out.write
w("""# Yueyang (岳阳市) 13th Five-Year Plan, 2016-2020: the main targets and their outcome as printed in
# 专栏1 (“十三五”规划主要目标完成情况) of the 14th-plan seed. Generated by hand-checked transcription
# (docs/PLAN-DATA.md). Ids T01..T25 follow the table order; sub-rows are series <Txx>.<suffix>.
# Baselines: year 2015; the seed gives a 2015 value only for GDP (2886.3亿元, 第一章第一节).
# Actuals: Config/data/yueyang-13th-actuals.csv.
id: yueyang-13th
name: {zh: "岳阳市国民经济和社会发展第十三个五年规划纲要（主要目标，据“十四五”规划纲要专栏1）", en: "Yueyang 13th Five-Year Plan (main targets, from 专栏1 of the 14th plan)"}
start_year: 2016
end_year: 2020
region: {code: "430600", zh: "岳阳市", en: "Yueyang"}
source: "shared/seed/000_82195a920968054a.txt"
notes:
  - {zh: "目标与实际完成值均取自“十四五”规划纲要专栏1；[ ]表示五年累计数。", en: "Targets and actuals from 专栏1 of the 14th plan; [ ] marks five-year cumulative totals."}
  - {zh: "专栏1未列指标属性（预期性/约束性），统一按预期性编码。", en: "专栏1 prints no attribute (expected/binding); all rows are encoded as expected."}
  - {zh: "2020年实际值受新冠肺炎疫情影响。", en: "The 2020 actuals were affected by the COVID-19 epidemic."}
indicators:
""")
for (i, zh, en, module, notes, series) in IND:
    w(f"  - id: {i}\n    zh: {q(zh)}\n    en: {q(en)}\n    module: {module}\n    attribute: expected\n")
    rows = sorted({r[10].split(' | ')[0] for r in series})
    w(f"    seed: {q('专栏1 #' + rows[0])}\n")
    if notes:
        w("    notes:\n")
        for nz, ne in notes: w(f"      - {{zh: {q(nz)}, en: {q(ne)}}}\n")
    def tgt(sr):
        sid, szh, sen, unit, kind, val, text, cum, d, act, quote, xn = sr
        t = f"{{kind: {kind}"
        if val is not None or kind not in ("qualitative","direction"): t += f", value: {num(val)}"
        t += f", year: 2020, text: {q(text)}"
        if unit == "%" and kind in ("level","floor","ceiling") and not cum: t += ", limit: 100"
        if cum: t += ", cumulative: true"
        return t + "}"
    def bl(sr):
        v = 2886.3 if sr[0] == "T01.level" else None
        return f"{{year: 2015, value: {num(v)}}}"
    if len(series) == 1 and series[0][0] == i:
        sr = series[0]
        w(f"    unit: {q(sr[3])}\n    direction: {sr[8]}\n    baseline: {bl(sr)}\n    target: {tgt(sr)}\n\n")
    else:
        w("    series:\n")
        for sr in series:
            w(f"      - {{id: {sr[0]}, zh: {q(sr[1])}, en: {q(sr[2])}, unit: {q(sr[3])}, direction: {sr[8]},\n")
            w(f"         baseline: {bl(sr)},\n         target: {tgt(sr)}}}\n")
        w("\n")
open("Config/plans/yueyang-13th.yaml","w").write(out.getvalue())

# actuals CSV
rows = []
H = ["indicator","region","period","value","unit","status","source_title","source_url","quote","note"]
rows.append(["T01.level","430600","2015","2886.3","亿元","",SRC_TITLE,"seed:000_82195a920968054a.txt#第一章第一节",
             "地区生产总值从2015年的2886.3亿元增加到2020年的4001.55亿元，连续跨越3000亿元和4000亿元2个台阶，年均增长7.1%",
             "2015 base value of the 13th plan, from the text of 第一章第一节 (专栏1 has no 2015 column)"])
for (i, zh, en, module, notes, series) in IND:
    for sr in series:
        sid, szh, sen, unit, kind, val, text, cum, d, act, quote, xn = sr
        note = []
        status = ""
        if isinstance(act, tuple):
            xid, v = act
            rows.append([xid,"430600","2020",num(v),"%","",SRC_TITLE,URL,quote,
                f"five-year cumulative reduction 2016-2020 ([ ] figure); context for qualitative target {sid} (完成省下达任务): the seed does not say whether the provincial quota was met, so no 1/0 is recorded"])
            continue
        if kind == "growth":
            note.append("five-year average growth 2016-2020 (年均增长), not a yearly rate; the only growth figure the seed gives")
        if cum:
            note.append("five-year cumulative total 2016-2020 ([ ] figure), recorded as period 2020")
        if act is None:
            status = ".."
            note.append("专栏1 prints — (no actual reported)")
        if xn: note.append(xn)
        rows.append([sid,"430600","2020","" if act is None else num(act),unit,status,SRC_TITLE,URL,quote,"; ".join(note)])
buf = io.StringIO(); cw = csv.writer(buf, lineterminator="\n"); cw.writerow(H); cw.writerows(rows)
open("Config/data/yueyang-13th-actuals.csv","w").write(buf.getvalue())
