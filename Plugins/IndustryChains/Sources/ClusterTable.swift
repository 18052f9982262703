import Foundation
import ReportKit

/// 七大千亿产业: each cluster against its 1000亿元 threshold — latest figure, the observed average
/// growth and the growth still needed (both the engine's CAGRs), the year the threshold is reached at
/// the current pace, and the rank by size. Clusters without figures say so and are not ranked.
struct ClusterTable {
    var context: ReportContext
    var indicator: Indicator

    struct Row {
        var series: IndicatorSeries
        var assessment: Assessment?
        var latest: (year: Int, value: Double)?
    }

    var rows: [Row] {
        let whole = context.assessments[indicator.id]
        return indicator.series.map { series in
            let a = indicator.series.count == 1 ? whole : whole?.components.first { $0.seriesID == series.id }
            let last = a?.observations.last { $0.value != nil }
            return Row(series: series, assessment: a, latest: last.map { ($0.period.year, $0.value!) })
        }
    }

    /// The year the threshold is (or was) reached: the first year with a figure at or above it, else
    /// the latest year plus the years the observed growth rate needs, rounded up — ln(T/x)/ln(1+g).
    /// nil when it is not reached and the observed growth is nil or not positive.
    static func yearReached(threshold: Double, observations: [Observation], growth: Double?) -> (year: Int, projected: Bool)? {
        let points = observations.compactMap { o in o.value.map { (o.period.year, $0) } }.sorted { $0.0 < $1.0 }
        if let hit = points.first(where: { $0.1 >= threshold }) { return (hit.0, false) }
        guard let last = points.last, last.1 > 0, let g = growth, g > 0 else { return nil }
        let years = log(threshold / last.1) / log(1 + g)
        return (last.0 + Int(years.rounded(.up)), true)
    }

    /// The average yearly growth that takes the latest figure to the threshold by the target year:
    /// (T / x)^(1 / (year_T - year_x)) - 1. Not the engine's CAGR_r, which runs from the base year.
    static func growthNeeded(threshold: Double, latest: (year: Int, value: Double), targetYear: Int) -> Double? {
        guard targetYear > latest.year, latest.value > 0 else { return nil }
        return pow(threshold / latest.value, 1 / Double(targetYear - latest.year)) - 1
    }

    func table() -> ReportDocument.Table {
        let rows = self.rows
        let ranked = rows.compactMap { r in r.latest.map { (r.series.id, $0.value) } }.sorted { $0.1 > $1.1 }.map(\.0)
        var sources: Set<String> = []
        let cells: [[ReportDocument.Cell]] = rows.map { r in
            let a = r.assessment
            let threshold = r.series.target.value ?? 1000
            for o in a?.observations ?? [] where o.value != nil {
                sources.insert(o.provenance.retrievedAt.map { "\(o.provenance.sourceTitle ?? o.provenance.sourceID) (\(IndicatorSections.day($0)))" }
                               ?? (o.provenance.sourceTitle ?? o.provenance.sourceID))
            }
            guard let latest = r.latest else {
                return [.text(r.series.id), .text(r.series.name.bilingual), IndicatorSections.missingCell(a), .missing("—"), .missing("—"), .missing("—"),
                        .missing("—"), .missing("—"), IndicatorSections.statusCell(a)]
            }
            let observed: ReportDocument.Cell = a?.cagrObserved.map { .number($0 * 100, decimals: 1) } ?? .missing("—")
            let needed: ReportDocument.Cell
            if latest.value >= threshold {
                needed = .text("已达到 / reached")
            } else {
                needed = Self.growthNeeded(threshold: threshold, latest: latest, targetYear: r.series.target.year)
                    .map { .number($0 * 100, decimals: 1) } ?? .missing("—")
            }
            let reached: ReportDocument.Cell
            if let hit = Self.yearReached(threshold: threshold, observations: a?.observations ?? [], growth: a?.cagrObserved) {
                reached = .text(hit.projected ? "\(hit.year)（按当前增速 / at current pace）" : "\(hit.year)（已达到 / reached）")
            } else {
                reached = .text("按当前增速达不到 / not at current pace")
            }
            return [
                .text(r.series.id), .text(r.series.name.bilingual), .number(latest.value, decimals: 1),
                IndicatorSections.yearCell(latest.year, provisional: a?.latestIsProvisional ?? false),
                observed, needed, reached,
                ranked.firstIndex(of: r.series.id).map { .number(Double($0 + 1), decimals: 0) } ?? .missing("—"),
                IndicatorSections.statusCell(a),
            ]
        }
        let columns: [ReportDocument.Column] = [
            .init(id: "id", title: LocalizedText(zh: "编号", en: "ID")),
            .init(id: "cluster", title: LocalizedText(zh: "产业", en: "Industry")),
            .init(id: "latest", title: LocalizedText(zh: "最新规模(亿元)", en: "Latest (100m yuan)"), alignment: .trailing),
            .init(id: "year", title: LocalizedText(zh: "年份", en: "Year"), alignment: .trailing),
            .init(id: "growth", title: LocalizedText(zh: "年均增长(%)", en: "Average growth (%)"), alignment: .trailing),
            .init(id: "needed", title: LocalizedText(zh: "尚需年均增长(%)", en: "Growth still needed (%)"), alignment: .trailing),
            .init(id: "reached", title: LocalizedText(zh: "达到千亿年份", en: "Year 1000亿 is reached")),
            .init(id: "rank", title: LocalizedText(zh: "规模排名", en: "Rank by size"), alignment: .trailing),
            .init(id: "status", title: LocalizedText(zh: "进展", en: "Status")),
        ]
        return ReportDocument.Table(id: "clusters", caption: LocalizedText(zh: "七大千亿产业对照1000亿元", en: "The seven industries against 1000亿元"),
                                    columns: columns, rows: cells, sources: sources.sorted())
    }

    /// What the table rests on, for the notes under it.
    static let note = LocalizedText(
        zh: "年均增长为已有数据的年均复合增速；尚需年均增长为从最新年份的规模到目标年份达到1000亿元所需的年均增速；达到千亿年份按当前年均增速外推（向上取整），已达到的列出首次达到的年份。无数据的产业标为“数据不足”，不参与排名。",
        en: "Average growth is the compound annual rate over the published figures; growth still needed is the rate that reaches 1000亿元 by the target year from the latest figure; the year reached extrapolates the current rate (rounded up), or gives the first year at or above it. Industries without figures show no data and are not ranked.")
}
