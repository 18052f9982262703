import Foundation
import PlanWatchCore
import PlanWatchRender
import ReportKit

/// A data-entry template (填报表): one row per series, region and year still missing (or all), with
/// what the person filling it needs to know, and the input columns the import reads back
/// (docs/DATA-ENTRY.md). A derived series asks for its inputs, never for the ratio itself.
public struct EntryTemplate: Sendable {
    /// Column keys, in order; the header shows `key / 中文`.
    public static let columns: [(key: String, zh: String, input: Bool)] = [
        ("series", "指标编号", false), ("region", "地区代码", false), ("year", "年份", false),
        ("name_zh", "指标名称", false), ("name_en", "English name", false), ("unit", "单位", false),
        ("target", "规划目标", false),
        ("value", "数值", true), ("status", "状态 final/provisional/estimate", true),
        ("source_title", "来源名称", true), ("source_url", "来源网址", true), ("note", "原文摘录或说明", true),
        ("submitted_by", "填报人", true),
    ]
    public static let statuses = ["final", "provisional", "estimate"]
    public static let entrySheet = "Entry"
    public static let guideSheet = "Guide"

    public struct Row: Sendable, Hashable {
        public var series: String
        public var region: String
        public var year: Int
        public var nameZh: String
        public var nameEn: String
        public var unit: String
        public var target: String
    }

    /// One line of the guide sheet: what an id means and how it is measured.
    public struct Definition: Sendable, Hashable {
        public var series: String
        public var nameZh: String
        public var nameEn: String
        public var unit: String
        public var definition: String
    }

    public var rows: [Row]
    public var definitions: [Definition]

    /// `indicators`: indicator or series ids; nil with `module` nil means every indicator.
    public init(plan: Plan, observations: [Observation], region: String, module: String?, indicators: [String]?,
                years: ClosedRange<Int>, all: Bool) {
        var rows: [Row] = []
        var definitions: [Definition] = []
        var seen: Set<String> = []
        let present = Set(observations.filter { $0.value != nil && $0.region == region && $0.period.frequency == .annual }
            .map { "\($0.indicator)|\($0.period.year)" })
        // Naming an indicator asks for all its series; naming a series asks for that one.
        func wanted(_ indicator: Indicator, _ series: IndicatorSeries) -> Bool {
            guard let indicators else { return true }
            return indicators.contains(indicator.id) || indicators.contains(series.id)
        }
        for indicator in plan.indicators where module == nil || indicator.module == module {
            for series in indicator.series where wanted(indicator, series) {
                let target = "\(series.target.text) (\(series.target.kind.label.zh), \(series.target.year))"
                // A derived series is filled through its inputs: the ratio is the engine's to compute.
                let asked: [(id: String, zh: String, en: String, unit: String, definition: String)]
                if let derivation = series.derivation {
                    asked = derivation.inputs.filter { plan.indicator(id: $0) == nil }.map { id in
                        (id, "\(series.name.zh)的计算输入 \(id)", "input of \(series.id) (\(series.name.en ?? series.name.zh)): \(id)",
                         derivation.inputUnits[id] ?? "",
                         "\(series.id) = \(derivation.expression); enter \(id) in \(derivation.inputUnits[id] ?? "")")
                    }
                } else {
                    var text = "\(indicator.id) \(indicator.name.bilingual); \(indicator.attribute.label.bilingual); \(series.target.kind.label.bilingual): \(series.target.text)"
                    if let b = series.baseline { text += "; 基期 baseline \(b.year) \(b.value.map { Format.exact($0) } ?? "—")" }
                    if series.target.kind == .qualitative { text += "; value 1 = 已实现 achieved, 0 = 未实现 not achieved" }
                    if series.target.kind == .growth { text += "; 填年度增速(%) enter the yearly growth rate in percent" }
                    for note in indicator.notes { text += "; \(note.zh)" }
                    asked = [(series.id, series.name.zh, series.name.en ?? "", series.unit, text)]
                }
                for w in asked {
                    if seen.insert(w.id).inserted {
                        definitions.append(Definition(series: w.id, nameZh: w.zh, nameEn: w.en, unit: w.unit, definition: w.definition))
                    }
                    for year in years where all || !present.contains("\(w.id)|\(year)") {
                        if rows.contains(where: { $0.series == w.id && $0.year == year }) { continue }
                        rows.append(Row(series: w.id, region: region, year: year, nameZh: w.zh, nameEn: w.en, unit: w.unit, target: series.derivation == nil ? target : "→ \(series.id)"))
                    }
                }
            }
        }
        self.rows = rows
        self.definitions = definitions
    }

    func fixedCells(_ row: Row) -> [String] {
        [row.series, row.region, String(row.year), row.nameZh, row.nameEn, row.unit, row.target]
    }

    public static var headers: [String] { columns.map { "\($0.key) / \($0.zh)" } }

    /// The CSV variant: UTF-8 with BOM so that Excel opens the Chinese text correctly.
    public func csv() -> Data {
        var writer = CSVWriter()
        writer.row(Self.headers)
        for row in rows {
            writer.row(fixedCells(row).map { CSVWriter.Field.text($0) } + Array(repeating: .empty, count: 6))
        }
        return Data([0xEF, 0xBB, 0xBF]) + Data(writer.text.utf8)
    }
}
