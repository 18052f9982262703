import ReportKit

/// 五年累计: targets that are totals over the plan period, judged as the running total of the yearly
/// figures against the total, beside the share of the period gone (时间进度). Two kinds:
/// - targets marked `cumulative: true` in the plan (新增养老床位10000张, 保障性住房3.5万户 …): the total is the value;
/// - yearly amounts of LV01 (年均新增城镇就业5.2万人 …), which the plan note reads as five-year totals
///   (5.2万 a year = 26万 over five years): the total is the yearly value × the years of the plan.
/// A total with a missing year in between is shown as incomplete and not judged.
struct CumulativeTable {
    var context: ReportContext
    /// Indicators whose floors are yearly amounts (the plan's notes say 年均 and give the five-year sum).
    static let yearlyAmountIndicators = ["LV01"]

    struct Row {
        var series: IndicatorSeries
        var total: Double
        var figures: [(year: Int, value: Double)]
        var sources: [String]
        /// Some figure in the running total is provisional (初步): the total is too.
        var provisional = false
        /// The series' assessment: without figures, it says whether a failed source took them (获取失败).
        var assessment: Assessment? = nil
    }

    func rows(_ indicators: [Indicator]) -> [Row] {
        let plan = context.plan
        let years = plan.endYear - plan.startYear + 1
        var rows: [Row] = []
        for indicator in indicators {
            for series in indicator.series {
                let total: Double
                if series.target.cumulative, let value = series.target.value {
                    total = value
                } else if Self.yearlyAmountIndicators.contains(indicator.id), series.target.kind == .floor, let value = series.target.value {
                    total = value * Double(years)
                } else {
                    continue
                }
                let observations = context.observations.filter {
                    $0.indicator == series.id && $0.period.frequency == .annual && $0.value != nil
                        && (plan.startYear...plan.endYear).contains($0.period.year)
                }.sorted { $0.period.year < $1.period.year }
                var figures: [(year: Int, value: Double)] = []
                for o in observations where !figures.contains(where: { $0.year == o.period.year }) { figures.append((o.period.year, o.value!)) }
                rows.append(Row(series: series, total: total, figures: figures,
                                sources: Array(Set(observations.map { $0.provenance.sourceTitle ?? $0.provenance.sourceID })).sorted(),
                                provisional: observations.contains(where: AssessmentEngine.isProvisional),
                                assessment: context.assessments[indicator.id]?.seriesResult(series.id)))
            }
        }
        return rows
    }

    func table(_ indicators: [Indicator]) -> ReportDocument.Table? {
        let plan = context.plan
        let years = Double(plan.endYear - plan.startYear + 1)
        let rows = rows(indicators)
        guard !rows.isEmpty else { return nil }
        let cells: [[ReportDocument.Cell]] = rows.map { r in
            let decimals = IndicatorSections.decimals(for: r.series)
            let head: [ReportDocument.Cell] = [.text(r.series.id), .text("\(r.series.name.bilingual) (\(r.series.unit))"),
                                               .number(r.total, decimals: decimals)]
            guard let last = r.figures.last else {
                // 数据不足 only when nothing is published; a failed source's loss says so (获取失败).
                let missing = IndicatorSections.missingCell(r.assessment)
                return head + [missing, .missing("—"), .missing("—"), .missing("—"),
                               .text((r.assessment?.missingFigureLabel ?? LocalizedText(zh: "数据不足", en: "no data")).bilingual)]
            }
            let sum = r.figures.reduce(0) { $0 + $1.value }
            let covered = r.figures.map(\.year)
            let expectedYears = Array(plan.startYear...last.year)
            let span = "\(plan.startYear)–\(last.year)" + (r.provisional ? "（含初步数 / incl. provisional）" : "")
            let done = sum / r.total
            let elapsed = Double(last.year - plan.startYear + 1) / years
            let judgement: String
            if covered != expectedYears {
                let gaps = expectedYears.filter { !covered.contains($0) }.map(String.init).joined(separator: "、")
                judgement = "缺\(gaps)年数据，累计不完整 / missing \(gaps): total incomplete"
            } else if done >= 1 {
                judgement = "已完成总量 / total reached"
            } else if done >= elapsed {
                judgement = "快于时间进度 / ahead of the time share"
            } else {
                judgement = "慢于时间进度 / behind the time share"
            }
            return head + [.number(sum, decimals: decimals), .text(span), .number(done * 100, decimals: 1), .number(elapsed * 100, decimals: 0),
                           .text(judgement)]
        }
        let columns: [ReportDocument.Column] = [
            .init(id: "id", title: LocalizedText(zh: "编号", en: "ID")),
            .init(id: "name", title: LocalizedText(zh: "分项", en: "Item")),
            .init(id: "total", title: LocalizedText(zh: "五年目标总量", en: "Five-year total"), alignment: .trailing),
            .init(id: "sum", title: LocalizedText(zh: "已累计", en: "Done so far"), alignment: .trailing),
            .init(id: "years", title: LocalizedText(zh: "累计年份", en: "Years"), alignment: .trailing),
            .init(id: "done", title: LocalizedText(zh: "完成比例(%)", en: "Share done (%)"), alignment: .trailing),
            .init(id: "elapsed", title: LocalizedText(zh: "时间进度(%)", en: "Time share (%)"), alignment: .trailing),
            .init(id: "judgement", title: LocalizedText(zh: "判断", en: "Judgement")),
        ]
        return ReportDocument.Table(id: "cumulative", caption: LocalizedText(zh: "五年累计目标进度", en: "Five-year totals so far"),
                                    columns: columns, rows: cells, sources: Array(Set(rows.flatMap(\.sources))).sorted())
    }

    static let note = LocalizedText(
        zh: "累计目标按规划期内各年数值之和对照五年总量；LV01各项为“年均”量，总量为年均值×5（规划注：年均5.2万人相当于五年累计26万人）。时间进度 = 已过年数 ÷ 5。中间缺年的累计不作判断。",
        en: "Totals are the sum of the yearly figures within the plan period against the five-year total; LV01's items are yearly averages, so the total is the yearly value × 5 (the plan's note: 5.2万 a year is 26万 over five years). Time share = years gone ÷ 5. A total with a missing year in between is not judged.")
}
