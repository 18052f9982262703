import Foundation
import ReportKit

/// Formatting shared by the renderers. Formatting only: rounding a number to the decimals the
/// document asks for is layout; nothing here derives a new figure.
public enum Format {
    static let noData = "数据不足 / no data"
    static let alertLabel = "约束性预警 / binding-target alert"
    static let sourceLabel = "来源 / Source"
    static let generatedLabel = "生成时间 / Generated"

    /// The renderers' own words in one language, so that a Chinese-only or English-only report carries
    /// no label of the other language.
    struct Labels: Sendable {
        var language: RenderOptions.Language
        var generated: String, notes: String, summary: String, source: String, sources: String
        var alert: String, alertShort: String, alerts: String, noAlerts: String, noData: String
        var status: String, count: String

        /// A status in this language ("提前实现", "target achieved", or both).
        func status(_ status: AssessmentStatus) -> String {
            switch language {
            case .both: status.bilingual
            case .zh: status.chinese
            case .en: status.english()
            }
        }

        /// A missing figure's words: its own label (保密, 获取失败 …) when it has one, else 数据不足 in
        /// this language. The one rule every renderer's missing cell goes through.
        func missing(_ label: String?) -> String {
            guard let label, !label.isEmpty else { return noData }
            return label
        }

        /// A chart's own word ("实际", "observed" or "实际 observed"): charts set the two side by side
        /// without a slash, in a legend or a fact line.
        func chartWord(_ zh: String, _ en: String) -> String {
            switch language {
            case .both: "\(zh) \(en)"
            case .zh: zh
            case .en: en
            }
        }

        /// Any bilingual text in this language (English falls back to the Chinese where it has none).
        func text(_ words: LocalizedText) -> String {
            switch language {
            case .both: words.bilingual
            case .zh: words.zh
            case .en: words.en ?? words.zh
            }
        }
    }

    static let bilingualLabels = Labels(
        language: .both, generated: generatedLabel, notes: "注 / Notes", summary: "概览 / Summary", source: sourceLabel,
        sources: "来源 / Sources", alert: alertLabel, alertShort: "约束性预警 binding alert", alerts: "约束性目标预警 / Binding-target alerts",
        noAlerts: "无约束性目标预警 / no binding-target alerts", noData: noData, status: "状态 / Status", count: "数量 / Count")
    static let chineseLabels = Labels(
        language: .zh, generated: "生成时间", notes: "注", summary: "概览", source: "来源", sources: "来源",
        alert: "约束性预警", alertShort: "约束性预警", alerts: "约束性目标预警", noAlerts: "无约束性目标预警", noData: "数据不足",
        status: "状态", count: "数量")
    static let englishLabels = Labels(
        language: .en, generated: "Generated", notes: "Notes", summary: "Summary", source: "Source", sources: "Sources",
        alert: "binding-target alert", alertShort: "binding alert", alerts: "Binding-target alerts", noAlerts: "no binding-target alerts",
        noData: "no data", status: "Status", count: "Count")

    static func labels(_ language: RenderOptions.Language) -> Labels {
        switch language {
        case .both: bilingualLabels
        case .zh: chineseLabels
        case .en: englishLabels
        }
    }

    /// A number with `decimals` fixed decimals and a dot; "-0.0" is shown as "0.0".
    static func display(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        let text = fixed(value, decimals: min(max(decimals, 0), 12))
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
            return String(text.dropFirst())
        }
        return text
    }

    /// `value` rounded as ``display(_:decimals:)`` shows it, as a number (3.7333333333333325 at one
    /// decimal is 3.7): table CSVs carry what the table shows.
    static func rounded(_ value: Double, decimals: Int) -> Double {
        guard value.isFinite else { return value }
        return Double(display(value, decimals: decimals)) ?? value
    }

    /// `String(format: "%.<decimals>f", value)` through the C library directly: Foundation's
    /// formatting builds a CFString per call, 6 % of rendering 3,000 region reports. Same digits
    /// (Foundation formats %f with the C library too, in the C locale, which a Swift program keeps).
    static func fixed(_ value: Double, decimals: Int) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer -> String in
            let n = withVaList([Int32(decimals), value]) { vsnprintf(buffer.baseAddress!, buffer.count, "%.*f", $0) }
            guard n >= 0, n < buffer.count else { return String(format: "%.\(decimals)f", value) }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(n)).bindMemory(to: UInt8.self), as: UTF8.self)
        }
    }

    /// Full precision for data exports: the shortest text that reads back to the same Double, with a
    /// dot, no exponent for ordinary magnitudes, no trailing ".0". Empty for NaN and infinities.
    public static func exact(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == 0 { return "0" }
        var text = "\(value)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    /// A chart or summary label: at most four decimals, no trailing zeros (a projection of
    /// 64.10230283154242 reads 64.1023). Data exports keep `exact`.
    static func label(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        return IndicatorSections.format(value)
    }

    /// ISO 8601 in UTC, seconds precision: "2025-01-31T08:00:00Z".
    static func isoDate(_ date: Date) -> String {
        // The format style, not a new ISO8601DateFormatter per call: creating one (an ICU formatter)
        // was 6 % of rendering 3,000 region reports. Same text, UTC, seconds cut off.
        date.formatted(.iso8601)
    }

    /// The plain-text content of a cell (text, Markdown): numbers at their display decimals, statuses
    /// in the labels' language (Chinese and English by default), missing figures as 数据不足 / no data
    /// (never 0).
    static func plain(_ cell: ReportDocument.Cell, labels: Labels = bilingualLabels) -> String {
        switch cell {
        case .text(let text): text
        case .number(let value, let decimals): display(value, decimals: decimals)
        case .status(let status, let alert): alert ? "! \(labels.status(status))" : labels.status(status)
        case .wordedStatus(_, let alert, let label): alert ? "! \(labels.text(label))" : labels.text(label)
        case .missing(let label): labels.missing(label)
        case .progress(_, let label): label
        }
    }

    /// Progress clamped to 0...1 for bars (NaN counts as 0).
    static func clamped(_ value: Double) -> Double {
        value.isNaN ? 0 : min(max(value, 0), 1)
    }

    /// "2020 4.2 → 2021 4.5 → 2023 5.1" — the observed points as given.
    static func observedLine(_ chart: ReportDocument.Chart, labels: Labels = bilingualLabels) -> String {
        guard !chart.observed.isEmpty else { return labels.noData }
        return chart.observed.map { "\($0.year) \(label($0.value))" }.joined(separator: " → ")
    }

    /// "基期 baseline 2020 4 · 目标 target 2025 ≤ 5.5 (上限 ceiling) · 预测 projection 2025 6.3", in the
    /// labels' language ("基期 2020 4", "baseline 2020 4") in a one-language report.
    static func chartFacts(_ chart: ReportDocument.Chart, labels: Labels = bilingualLabels) -> [String] {
        var parts: [String] = []
        if let baseline = chart.baseline {
            parts.append("\(labels.chartWord("基期", "baseline")) \(baseline.year) \(label(baseline.value))")
        }
        if let target = chart.target {
            let relation: String
            switch chart.targetKind {
            case .ceiling: relation = "≤ "
            case .floor, .maintain: relation = "≥ "
            default: relation = ""
            }
            let kind = labels.chartWord(chart.targetKind.label.zh, chart.targetKind.label.en ?? chart.targetKind.label.zh)
            parts.append("\(labels.chartWord("目标", "target")) \(target.year) \(relation)\(label(target.value)) (\(kind))")
        }
        if let last = chart.projection.last {
            parts.append("\(labels.chartWord("预测", "projection")) \(last.year) \(label(last.value))")
        }
        return parts
    }

    /// Short glyph per status so that meaning survives without colour (print, NO_COLOR, screen readers).
    static func symbol(_ status: AssessmentStatus) -> String {
        switch status {
        case .targetAchieved: "✓"
        case .substantialProgress: "↑"
        case .moderateProgress: "→"
        case .limitedProgress: "↘"
        case .deterioration: "↓"
        case .notAchieved: "✗"
        case .notAvailable: "?"
        case .pending: "…"
        }
    }

    /// Statuses with a count, most urgent first.
    static func orderedCounts(_ summary: ReportDocument.StatusSummary) -> [(AssessmentStatus, Int)] {
        AssessmentStatus.allCases
            .sorted { $0.severity < $1.severity }
            .compactMap { status in summary.counts[status].flatMap { $0 > 0 ? (status, $0) : nil } }
    }
}
