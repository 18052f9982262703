import Foundation

/// A development plan: its period and every indicator it monitors.
public struct Plan: Sendable, Hashable, Codable {
    /// A short id, e.g. `yueyang-14th`.
    public var id: String
    /// The plan's title.
    public var name: LocalizedText
    /// First and last year of the plan period (e.g. 2021...2025); the baseline year is usually `startYear - 1`.
    public var startYear: Int
    /// The last year of the plan period, usually the target year.
    public var endYear: Int
    /// The region the plan is for.
    public var region: Region
    /// Where the plan's text was published.
    public var source: String
    /// Notes on the plan as a whole.
    public var notes: [LocalizedText]
    /// Every indicator, in the plan's order.
    public var indicators: [Indicator]

    /// A plan; the host reads one from YAML, a module's test builds one or loads an export.
    public init(
        id: String, name: LocalizedText, startYear: Int, endYear: Int, region: Region,
        source: String = "", notes: [LocalizedText] = [], indicators: [Indicator]
    ) {
        self.id = id
        self.name = name
        self.startYear = startYear
        self.endYear = endYear
        self.region = region
        self.source = source
        self.notes = notes
        self.indicators = indicators
    }

    /// The indicator with this id, or the indicator owning the series with this id.
    public func indicator(id: String) -> Indicator? {
        indicators.first { $0.id == id } ?? indicators.first { $0.series.contains { $0.id == id } }
    }

    /// Every id observations may name: indicator ids and series ids.
    public var ids: Set<String> {
        var ids: Set<String> = []
        for indicator in indicators {
            ids.insert(indicator.id)
            for series in indicator.series { ids.insert(series.id) }
        }
        return ids
    }

    /// The indicators whose `module` is `module` (e.g. `ecology`), in plan order.
    public func indicators(inModule module: String) -> [Indicator] {
        indicators.filter { $0.module == module }
    }
}

/// A region as the plan and the feeds name it: a code (GB/T 2260 six digits for China) and a name.
public struct Region: Sendable, Hashable, Codable {
    /// The administrative code (e.g. `430600`).
    public var code: String
    /// The region's name.
    public var name: LocalizedText
    /// A region.
    public init(code: String, name: LocalizedText) {
        self.code = code
        self.name = name
    }
}

/// Text in Chinese with an optional English rendering; reports show Chinese first and English beside it.
public struct LocalizedText: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The Chinese text; always present.
    public var zh: String
    /// The English text, if any.
    public var en: String?
    /// A text in Chinese and, optionally, English.
    public init(zh: String, en: String? = nil) {
        self.zh = zh
        self.en = en
    }
    /// "中文 / English", or the Chinese alone when there is no English.
    public var bilingual: String {
        guard let en, !en.isEmpty, en != zh else { return zh }
        return "\(zh) / \(en)"
    }
    public var description: String { bilingual }
}
