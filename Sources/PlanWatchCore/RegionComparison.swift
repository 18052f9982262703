import Foundation
import ReportKit

/// 县域经济对比: one table per measure with every listed county — latest figure, year, the county's own
/// target, 目标完成率 (latest ÷ target, the guide's definition), average growth, rank and the
/// assessment. Series of one measure share the id stem before the last `-` (`IC13.gdp-miluo`,
/// `IC13.gdp-huarong` → `IC13.gdp`). Ranks compare the counties with a figure for the ranking year
/// (the newest any county has, named in the caption); a county with an older figure is shown but not
/// ranked, and counties without a figure are listed as no data and never ranked.
struct RegionComparison {
    var report: DepartmentReport

    func section(_ indicators: [Indicator], _ assessments: [String: Assessment], context: ReportContext) -> ReportDocument.Section {
        let wanted = report.definition.regions
        let names = Dictionary(report.regions.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        var measures: [(stem: String, indicator: Indicator, series: [IndicatorSeries])] = []
        for indicator in indicators {
            for series in indicator.series {
                guard let code = report.seriesRegions[series.id], wanted.contains(code) else { continue }
                let stem = IndicatorSections.measureStem(series.id)
                if let i = measures.firstIndex(where: { $0.stem == stem }) { measures[i].series.append(series) } else {
                    measures.append((stem, indicator, [series]))
                }
            }
        }
        var blocks: [ReportDocument.Block] = []
        if measures.isEmpty {
            blocks.append(.paragraph(report.text("所选指标没有分县（市、区）目标。", "The selected indicators have no county targets.")))
        }
        for measure in measures {
            let whole = assessments[measure.indicator.id]
            var rows: [(code: String, cells: [ReportDocument.Cell], latest: (value: Double, year: Int)?, hasTarget: Bool)] = []
            for code in wanted {
                let name = names[code].map(report.pick) ?? code
                guard let series = measure.series.first(where: { report.seriesRegions[$0.id] == code }) else {
                    rows.append((code, [.text(name), .text(code), .missing(report.pick(report.text("无分县目标", "no county target")))]
                                 + Array(repeating: .missing("—"), count: 6), nil, false))
                    continue
                }
                let a = measure.indicator.series.count == 1 ? whole : whole?.components.first { $0.seriesID == series.id }
                let figure = DepartmentReport.latest(a, series)
                let latest = figure?.value
                var rate: ReportDocument.Cell = .missing("—")
                if let latest, let target = series.target.value, target != 0, series.target.kind == .level {
                    rate = .number(latest / target * 100, decimals: 1)
                }
                rows.append((code, [
                    .text(name), .text(code), latest.map { .number($0, decimals: IndicatorSections.latestDecimals(a, series)) } ?? report.noFigure(series, a),
                    IndicatorSections.yearCell(figure?.year, provisional: a?.latestIsProvisional ?? false, pick: report.pick),
                    .text(report.pickOne(IndicatorSections.targetWords(series))), rate,
                    a?.cagrObserved.map { .number($0 * 100, decimals: 1) } ?? .missing("—"), .missing("—"),
                    .text(report.pick(report.wording.label(a))),
                ], figure, true))
            }
            // Rank by the latest figure among the counties with one for the ranking year; an older
            // figure is not ranked against newer ones; counties without one say 数据不足.
            let rankYear = rows.compactMap(\.latest?.year).max()
            let ranked = rows.compactMap { r in r.latest.flatMap { $0.year == rankYear ? (r.code, $0.value) : nil } }.sorted { $0.1 > $1.1 }
            let tableRows = rows.map { r -> [ReportDocument.Cell] in
                var cells = r.cells
                if let position = ranked.firstIndex(where: { $0.0 == r.code }) {
                    cells[7] = .number(Double(position + 1), decimals: 0)
                } else if let older = r.latest {
                    cells[7] = .missing(report.pick(report.text("仅有\(older.year)年", "\(older.year) only")))
                } else if r.hasTarget {
                    // No figure: the latest cell's words (数据不足, or 获取失败 when its source failed).
                    cells[7] = cells[2]
                }
                return cells
            }
            var caption = Self.caption(measure.stem, measure.series)
            if let rankYear {
                caption = LocalizedText(zh: "\(caption.zh)，排名按\(rankYear)年", en: caption.en.map { "\($0); ranked on \(rankYear)" })
            }
            blocks.append(.table(ReportDocument.Table(
                id: "regions-\(measure.stem)", caption: caption, columns: Self.columns, rows: tableRows,
                sources: IndicatorSections(context: context, indicators: [measure.indicator]).table().sources)))
        }
        blocks.append(.notes([report.text("目标完成率 = 最新值 ÷ 本县（市）目标 × 100%；年均增长为已有数据的年均复合增速；排名按最新值从高到低，只比较表题所列年份有数据的县（市），数据较旧的不参与排名，无数据的标为“数据不足”，不排在末位。",
                                          "Completion rate = latest ÷ the county's own target × 100%; average growth is the compound annual rate over the published figures; ranks run from the highest latest figure and compare only counties with a figure for the year in the caption; an older figure is not ranked, and counties without one say \"no data\" and are never ranked last.")]))
        return .init(id: "regions", title: report.text("县域对比", "County comparison"), blocks: blocks)
    }

    /// "IC13.gdp 地区生产总值（亿元）": the stem and the name the series share (ReportKit's `measureName`).
    static func caption(_ stem: String, _ series: [IndicatorSeries]) -> LocalizedText {
        let name = IndicatorSections.measureName(series), unit = series[0].unit
        return LocalizedText(zh: "\(stem) \(name.zh)（\(unit)）", en: name.en.map { "\(stem) \($0) (\(unit))" })
    }

    static let columns: [ReportDocument.Column] = [
        .init(id: "region", title: LocalizedText(zh: "县（市、区）", en: "County")),
        .init(id: "code", title: LocalizedText(zh: "区划代码", en: "Code")),
        .init(id: "latest", title: LocalizedText(zh: "最新", en: "Latest"), alignment: .trailing),
        .init(id: "year", title: LocalizedText(zh: "年份", en: "Year"), alignment: .trailing),
        .init(id: "target", title: LocalizedText(zh: "目标", en: "Target"), alignment: .trailing),
        .init(id: "completion", title: LocalizedText(zh: "目标完成率(%)", en: "Completion (%)"), alignment: .trailing),
        .init(id: "growth", title: LocalizedText(zh: "年均增长(%)", en: "Average growth (%)"), alignment: .trailing),
        .init(id: "rank", title: LocalizedText(zh: "排名", en: "Rank"), alignment: .trailing),
        .init(id: "assessment", title: LocalizedText(zh: "评价", en: "Assessment")),
    ]
}
