import Foundation
import ReportKit

/// One line of `planwatch indicators`: the indicator with its latest assessment record.
public struct IndicatorRecord: Sendable, Codable {
    public var id: String
    public var nameZh: String
    public var nameEn: String?
    public var module: String
    public var attribute: String
    public var unit: String
    public var targetKind: String
    public var targetText: String
    public var status: String
    public var statusZh: String
    /// The English words for the status (not in the JSON: `status` is the engine's id).
    public var statusEn: String = ""
    public var assessment: Assessment?

    enum CodingKeys: String, CodingKey {
        case id, module, attribute, unit, status, assessment
        case nameZh = "name_zh", nameEn = "name_en", targetKind = "target_kind", targetText = "target_text", statusZh = "status_zh"
    }

    public init(indicator: Indicator, assessment: Assessment?) {
        id = indicator.id
        nameZh = indicator.name.zh
        nameEn = indicator.name.en
        module = indicator.module
        attribute = indicator.attribute.rawValue
        unit = indicator.series.map(\.unit).joined(separator: "; ")
        targetKind = indicator.series.first?.target.kind.rawValue ?? ""
        // Series that share one sentence of the plan (EC06: fertiliser and pesticide) print it once.
        var texts: [String] = []
        for text in indicator.series.map(\.target.text) where !texts.contains(text) { texts.append(text) }
        targetText = texts.joined(separator: "; ")
        let status = assessment?.status ?? .notAvailable
        self.status = status.rawValue
        // The words a reader sees in the reports: 已实现 once the target year's figure is in, and
        // "仅有1年数据，无法计算进度" rather than 数据不足 when a figure is published.
        statusZh = assessment?.statusLabel.zh ?? status.chinese
        statusEn = assessment?.statusLabel.en ?? status.english()
        self.assessment = assessment
    }

    public static func encoder() -> JSONEncoder { PlanExport.encoder() }
}
