import Foundation
import ReportKit

/// 县域经济 (IC13): one table per measure (GDP, general budget revenue, park revenue) with every
/// county that has its own target — latest figure and year, the county's own target, 目标完成率
/// (latest ÷ target, DEPARTMENT-REPORTS.md), the engine's average growth and status, and two
/// rankings: by size and by completion rate. Both rank only the counties with a figure for the
/// ranking year (the newest year any county has), which the caption states; a county without a
/// figure says 数据不足 and is never ranked last. The county of a series comes from the plan's
/// `region:` on the series, which the host passes as the `series-regions` reference table.
struct CountyTable {
    var context: ReportContext
    var indicator: Indicator

    /// The reference table the host fills from the plan's series regions.
    static let regionsTable = "series-regions"

    struct County {
        var series: IndicatorSeries
        var code: String
        var name: LocalizedText
        var assessment: Assessment?
        var latest: (year: Int, value: Double)?
    }

    /// Counties grouped by measure: the id stem before the last `-` (`IC13.gdp-miluo` → `IC13.gdp`), in plan order.
    func measures() -> [(stem: String, counties: [County])] {
        var regionOf: [String: (code: String, name: LocalizedText)] = [:]
        for row in context.referenceData[Self.regionsTable] ?? [] {
            guard let series = row["series"], let code = row["region"] else { continue }
            regionOf[series] = (code, LocalizedText(zh: row["zh"] ?? code, en: row["en"]))
        }
        let whole = context.assessments[indicator.id]
        var measures: [(stem: String, counties: [County])] = []
        for series in indicator.series {
            guard let region = regionOf[series.id] else { continue }
            let stem = IndicatorSections.measureStem(series.id)
            let a = whole?.seriesResult(series.id)
            let latest = IndicatorSections.latestFigure(a, series).flatMap { value in IndicatorSections.latestYear(a).map { ($0, value) } }
            let county = County(series: series, code: region.code, name: region.name, assessment: a, latest: latest)
            if let i = measures.firstIndex(where: { $0.stem == stem }) { measures[i].counties.append(county) } else {
                measures.append((stem, [county]))
            }
        }
        return measures
    }

    /// 目标完成率: the latest figure as a share of the county's own level target, in percent.
    static func completion(_ county: County) -> Double? {
        guard let latest = county.latest, county.series.target.kind == .level, let target = county.series.target.value, target != 0 else { return nil }
        return latest.value / target * 100
    }

    /// Ranks (1 = largest) among the counties with a figure for `year`; ties share a rank.
    static func ranks(_ values: [(code: String, value: Double)]) -> [String: Int] {
        var ranks: [String: Int] = [:]
        for (code, value) in values { ranks[code] = values.filter { $0.value > value }.count + 1 }
        return ranks
    }

    func tables() -> [ReportDocument.Table] {
        measures().map { measure in
            let counties = measure.counties
            let rankYear = counties.compactMap(\.latest?.year).max()
            let current = counties.filter { $0.latest != nil && $0.latest?.year == rankYear }
            let bySize = Self.ranks(current.map { ($0.code, $0.latest!.value) })
            let byCompletion = Self.ranks(current.compactMap { c in Self.completion(c).map { (c.code, $0) } })
            let rows: [[ReportDocument.Cell]] = counties.map { c in
                let head: [ReportDocument.Cell] = [.text(c.name.bilingual), .text(c.code)]
                guard let latest = c.latest else {
                    // The growth cells lack the same figures as the latest one: 获取失败 when a source took them.
                    let missing = IndicatorSections.missingCell(c.assessment)
                    return head + [missing, .missing("—"), .text(IndicatorSections.targetText(c.series)), .missing("—"),
                                   .missing("—"), missing, missing, IndicatorSections.statusCell(c.assessment)]
                }
                // A county whose newest figure is older than the ranking year is shown but not ranked.
                let older: ReportDocument.Cell = .missing("仅有\(latest.year)年 / \(latest.year) only")
                return head + [
                    .number(latest.value, decimals: IndicatorSections.latestDecimals(c.assessment, c.series)),
                    IndicatorSections.yearCell(latest.year, provisional: c.assessment?.latestIsProvisional ?? false),
                    .text(IndicatorSections.targetText(c.series)),
                    Self.completion(c).map { .number($0, decimals: 1) } ?? .missing("—"),
                    c.assessment?.cagrObserved.map { .number($0 * 100, decimals: 1) } ?? .missing("—"),
                    bySize[c.code].map { .number($0) } ?? older,
                    byCompletion[c.code].map { .number($0) } ?? (bySize[c.code] == nil ? older : .missing("—")),
                    IndicatorSections.statusCell(c.assessment),
                ]
            }
            let unit = counties.first?.series.unit ?? ""
            let name = IndicatorSections.measureName(counties.map(\.series))
            let year = rankYear.map { (zh: "，排名按\($0)年", en: "; ranked on \($0)") } ?? (zh: "", en: "")
            // The source lines of exactly these counties' figures.
            var scoped = context
            if var whole = scoped.assessments[indicator.id] {
                let ids = Set(counties.map(\.series.id))
                whole.observations = whole.observations.filter { ids.contains($0.indicator) }
                whole.components = whole.components.filter { ids.contains($0.seriesID) }
                scoped.assessments[indicator.id] = whole
            }
            return ReportDocument.Table(
                id: "counties-\(measure.stem)",
                caption: LocalizedText(zh: "\(measure.stem) \(name.zh)（\(unit)）\(year.zh)", en: "\(measure.stem) \(name.en ?? name.zh) (\(unit))\(year.en)"),
                columns: Self.columns, rows: rows,
                sources: IndicatorSections(context: scoped, indicators: [indicator]).table().sources)
        }
    }

    static let columns: [ReportDocument.Column] = [
        .init(id: "county", title: LocalizedText(zh: "县（市）", en: "County")),
        .init(id: "code", title: LocalizedText(zh: "区划代码", en: "Code")),
        .init(id: "latest", title: LocalizedText(zh: "最新", en: "Latest"), alignment: .trailing),
        .init(id: "year", title: LocalizedText(zh: "年份", en: "Year"), alignment: .trailing),
        .init(id: "target", title: LocalizedText(zh: "本县（市）目标", en: "Own target"), alignment: .trailing),
        .init(id: "completion", title: LocalizedText(zh: "目标完成率(%)", en: "Completion (%)"), alignment: .trailing),
        .init(id: "growth", title: LocalizedText(zh: "年均增长(%)", en: "Average growth (%)"), alignment: .trailing),
        .init(id: "rank_size", title: LocalizedText(zh: "规模排名", en: "Rank by size"), alignment: .trailing),
        .init(id: "rank_completion", title: LocalizedText(zh: "完成率排名", en: "Rank by completion"), alignment: .trailing),
        .init(id: "status", title: LocalizedText(zh: "进展", en: "Status")),
    ]

    static let note = LocalizedText(
        zh: "各县（市）目标见规划纲要第七章第三节（专栏22）。目标完成率 = 最新值 ÷ 本县（市）目标 × 100%；年均增长为已有数据的年均复合增速。排名只比较同一年份（表题所列）有数据的县（市），从高到低；数据较旧或没有数据的县（市）不参与排名，无数据的标为“数据不足”，不排在末位。",
        en: "Each county's targets are those of chapter 7 section 3 (Box 22) of the plan. Completion = latest ÷ the county's own target × 100%; average growth is the compound annual rate over the published figures. Ranks compare only the counties with a figure for the year named in the caption, highest first; counties with an older figure or none are not ranked, and those without one show no data, never a last place.")
}
