import Foundation

/// One plan indicator. Most have a single series; an indicator with several sub-targets (for example
/// "5 firms above 10 bn, 10 above 5 bn, 50 above 1 bn") has one series per sub-target, and its
/// assessment is the mean of the series scores (ASSESSMENT.md 2.5).
public struct Indicator: Sendable, Hashable, Codable, Identifiable {
    /// Fixed id from PLAN-TARGETS.md (K01..K26, IC01.., EC01.., LV01.., SF01..).
    public var id: String
    /// The plan's name for the indicator, in Chinese and, where known, English.
    public var name: LocalizedText
    /// Report module id: `industry-chains`, `ecology`, `livelihood`, `safety`.
    public var module: String
    /// Binding (约束性) or expected (预期性), as the plan marks it.
    public var attribute: Attribute
    /// Where the seed states it: "专栏2 #1", "第八章第一节".
    public var seedReference: String
    /// Notes from the plan that qualify the figures (e.g. five-year totals).
    public var notes: [LocalizedText]
    /// The measured series: one for most indicators, several for composite ones (LV05 has two).
    public var series: [IndicatorSeries]

    /// An indicator as the plan defines it.
    public init(
        id: String, name: LocalizedText, module: String, attribute: Attribute,
        seedReference: String, notes: [LocalizedText] = [], series: [IndicatorSeries]
    ) {
        self.id = id
        self.name = name
        self.module = module
        self.attribute = attribute
        self.seedReference = seedReference
        self.notes = notes
        self.series = series
    }

    /// True for a binding (约束性) indicator, whose miss raises an alert.
    public var isBinding: Bool { attribute == .binding }
}

/// 约束性 (binding) or 预期性 (expected). Same arithmetic; a binding target that is off course is an alert.
public enum Attribute: String, Sendable, Hashable, Codable, CaseIterable {
    /// 约束性: a binding target; off course raises an alert.
    case binding
    /// 预期性: an expected, indicative target.
    case expected

    /// "约束性 / binding" or "预期性 / expected".
    public var label: LocalizedText {
        switch self {
        case .binding: LocalizedText(zh: "约束性", en: "binding")
        case .expected: LocalizedText(zh: "预期性", en: "expected")
        }
    }
}

/// +1 when higher is better, -1 when lower is better.
public enum Direction: Int, Sendable, Hashable, Codable {
    /// A higher figure is progress.
    case higherIsBetter = 1
    /// A lower figure is progress (e.g. energy use per unit of GDP).
    case lowerIsBetter = -1

    /// +1 or -1, to turn a change into progress.
    public var sign: Double { Double(rawValue) }
}

/// One measured quantity with its baseline and target.
public struct IndicatorSeries: Sendable, Hashable, Codable, Identifiable {
    /// Equal to the indicator id for a single-series indicator, else `<indicator>.<suffix>`.
    public var id: String
    /// The series name, in Chinese and, where known, English.
    public var name: LocalizedText
    /// The unit figures are in (`%`, `亿元`, `万户`); observations in another unit are flagged.
    public var unit: String
    /// Whether a higher or a lower figure is better.
    public var direction: Direction
    /// The plan's base-year figure, if it gives one.
    public var baseline: Baseline?
    /// What the plan asks for.
    public var target: Target
    /// Set when the plan defines the series as arithmetic on other figures (`derive:`); the engine then
    /// computes it wherever every input has a figure (``AssessmentEngine/derive(plan:observations:)``).
    public var derivation: Derivation?

    /// A series as the plan defines it.
    public init(
        id: String, name: LocalizedText, unit: String, direction: Direction,
        baseline: Baseline?, target: Target, derivation: Derivation? = nil
    ) {
        self.id = id
        self.name = name
        self.unit = unit
        self.direction = direction
        self.baseline = baseline
        self.target = target
        self.derivation = derivation
    }
}

/// The plan's stated starting point. `value` is nil where the plan prints "—".
public struct Baseline: Sendable, Hashable, Codable {
    /// The base year (usually the year before the plan starts).
    public var year: Int
    /// The base figure; nil when the plan names a base year without a figure.
    public var value: Double?
    /// True where the plan marks the figure as an estimate (e.g. 2020 urbanisation).
    public var estimated: Bool

    /// A baseline; `estimated` marks a figure the plan derives rather than states.
    public init(year: Int, value: Double?, estimated: Bool = false) {
        self.year = year
        self.value = value
        self.estimated = estimated
    }
}

/// What the plan asks for by `year`.
public struct Target: Sendable, Hashable, Codable {
    /// How the target is read: level, growth, bound, maintain, qualitative or direction.
    public var kind: TargetKind
    /// Level for level/ceiling/floor/maintain, average annual rate in percent for growth; nil for
    /// qualitative and direction-only targets.
    public var value: Double?
    /// The year the target is due.
    public var year: Int
    /// The plan's own wording, e.g. "7.5以上", "完成省下达任务".
    public var text: String
    /// Natural bound for bounded direction-only indicators (100 for a percentage).
    public var limit: Double?
    /// A cumulative total over the plan period ([ ] figures in 专栏1), compared with the summed observations.
    public var cumulative: Bool

    /// A target; `text` keeps the plan's own wording.
    public init(
        kind: TargetKind, value: Double?, year: Int, text: String = "", limit: Double? = nil,
        cumulative: Bool = false
    ) {
        self.kind = kind
        self.value = value
        self.year = year
        self.text = text
        self.limit = limit
        self.cumulative = cumulative
    }
}

/// How a target is read, and so which rule assesses it (docs/ASSESSMENT.md).
public enum TargetKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A level to reach by the target year.
    case level
    /// An average annual growth rate (percent) over the plan period.
    case growth
    /// An upper bound every year ("within 5.5%").
    case ceiling
    /// A lower bound every year ("at least 86%").
    case floor
    /// Keep at least the baseline level, within half a unit of the last decimal.
    case maintain
    /// Not a number: status comes from evidence.
    case qualitative
    /// No numeric target, only a desired direction ("negative growth").
    case direction

    /// The kind's short name in Chinese and English.
    public var label: LocalizedText {
        switch self {
        case .level: LocalizedText(zh: "水平目标", en: "level")
        case .growth: LocalizedText(zh: "增速目标", en: "growth")
        case .ceiling: LocalizedText(zh: "上限", en: "ceiling")
        case .floor: LocalizedText(zh: "下限", en: "floor")
        case .maintain: LocalizedText(zh: "保持", en: "maintain")
        case .qualitative: LocalizedText(zh: "定性目标", en: "qualitative")
        case .direction: LocalizedText(zh: "方向目标", en: "direction only")
        }
    }

    /// Whether a numeric `value` must be given for this kind.
    public var needsValue: Bool {
        switch self {
        case .qualitative, .direction: false
        default: true
        }
    }
}
