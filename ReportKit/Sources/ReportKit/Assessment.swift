import Foundation

/// The outcome of assessing one indicator (or one series of it): the status and every number and rule
/// that produced it, so that a reader can recompute it by hand (ASSESSMENT.md).
public struct Assessment: Sendable, Hashable, Codable {
    /// The plan indicator assessed.
    public var indicatorID: String
    /// The series assessed; equal to `indicatorID` for single-series indicators and for the combined
    /// record of a multi-series indicator.
    public var seriesID: String
    /// The progress method (profile) that set the thresholds.
    public var profile: ProgressProfile.ID
    /// The rule that produced the status (see ``Method``).
    public var method: Method
    /// The thresholds in force: the profile's target or no-target ones, scaled for bounded indicators.
    public var thresholds: Thresholds
    /// Whether a higher or a lower figure is better.
    public var direction: Direction
    /// The kind of target the series has.
    public var targetKind: TargetKind
    /// The year of the base value: the plan's baseline year, or the earliest observation's.
    public var baseYear: Int?
    /// The value progress is measured from; nil when there is neither a baseline nor an observation.
    public var baseValue: Double?
    /// The year of the latest usable observation.
    public var currentYear: Int?
    /// The latest usable figure, or the average annual rate so far for growth targets; nil without data (never 0).
    public var currentValue: Double?
    /// The year the target is due.
    public var targetYear: Int?
    /// Level, or the average annual rate in percent for growth targets.
    public var targetValue: Double?
    /// Observed compound annual growth rate, as a fraction (0.05 = 5%).
    public var cagrObserved: Double?
    /// Required compound annual growth rate, as a fraction.
    public var cagrRequired: Double?
    /// Progress value R.
    public var progressValue: Double?
    /// Score in [-5, 5].
    public var score: Double?
    /// The outcome, as a report shows it.
    public var status: AssessmentStatus
    /// Time-share check: progress share P = (xt - x0) / (target - x0).
    public var progressShare: Double?
    /// Elapsed share E = (t - t0) / (T - t0).
    public var elapsedShare: Double?
    /// Value expected at the target year if the observed CAGR holds.
    public var projectedValue: Double?
    /// xt - bound for ceilings, floors and maintain targets.
    public var headroom: Double?
    /// Bounded-indicator coefficient C (statcan, no-target indicators with a natural limit).
    public var boundCoefficient: Double?
    /// Set for a binding indicator that is neither achieved nor on course.
    public var bindingAlert: Bool
    /// Caveats a reader should see next to the status (a provisional figure, a unit mismatch, an estimated baseline).
    public var warnings: [String]
    /// One-paragraph account of the rule applied, with the numbers, in English.
    public var explanation: String
    /// The observations the assessment rests on, oldest first.
    public var observations: [Observation]
    /// Per-series records of a multi-series indicator; empty otherwise.
    public var components: [Assessment]
    /// Set when a source's figure for the baseline year differs from the plan's baseline beyond rounding:
    /// the source probably measures something else (ASSESSMENT.md, "Measure checks").
    public var measureCheck: MeasureCheck?
    /// Sources whose mapping targets this series (or one of the indicator's series) and whose fetch
    /// failed with no usable cache, when nothing was published for it: the figure was lost, not
    /// unpublished, and reports say 获取失败 rather than 数据不足 (``isFetchFailed``). nil otherwise.
    public var failedSources: [String]?
    /// True when ``failedSources`` are failed sources whose figures were not known in advance (no
    /// mapping `codes:`, no earlier copy): the figure may have been among theirs, or may be
    /// unpublished. Reports say so (``possiblyFetchFailedLabel(_:)``), neither 数据不足 nor a sure
    /// 获取失败. nil otherwise.
    public var failedSourcesUnconfirmed: Bool?
    /// Sources whose mapping targets this series and which answered, but with no figure for it (a
    /// mapping code, region or filter the payload lacks, or a query that returned no periods), when
    /// nothing was published for it: reports say so rather than 数据不足 (``isMappingUnmatched``). nil otherwise.
    public var unmatchedSources: [SourceGap]?

    /// A record with the given identity and status and nothing measured yet; the engine fills in the rest.
    public init(
        indicatorID: String, seriesID: String, profile: ProgressProfile.ID, method: Method,
        thresholds: Thresholds, direction: Direction, targetKind: TargetKind, status: AssessmentStatus
    ) {
        self.indicatorID = indicatorID
        self.seriesID = seriesID
        self.profile = profile
        self.method = method
        self.thresholds = thresholds
        self.direction = direction
        self.targetKind = targetKind
        self.status = status
        self.bindingAlert = false
        self.warnings = []
        self.explanation = ""
        self.observations = []
        self.components = []
    }

    /// A source's baseline-year figure against the plan's baseline.
    public struct MeasureCheck: Sendable, Hashable, Codable {
        public var year: Int
        public var planBaseline: Double
        public var sourceValue: Double
        public var source: String
        /// True when the mapping says `confirm_measure: true`: the status then counts as usual.
        public var confirmed: Bool
        /// The status the rule gave, withheld while the measure is unconfirmed.
        public var withheldStatus: AssessmentStatus?

        public init(year: Int, planBaseline: Double, sourceValue: Double, source: String, confirmed: Bool, withheldStatus: AssessmentStatus? = nil) {
            self.year = year
            self.planBaseline = planBaseline
            self.sourceValue = sourceValue
            self.source = source
            self.confirmed = confirmed
            self.withheldStatus = withheldStatus
        }

        public static let label = LocalizedText(zh: "口径与规划基期不一致", en: "measure differs from the plan's baseline")
    }

    /// One result per series, whatever the number of series: the ``components`` of a multi-series
    /// indicator, or this assessment itself for a single-series one (its ``seriesID`` is the series id).
    /// A module that lists series never needs to tell the two cases apart.
    public var seriesResults: [Assessment] { components.isEmpty ? [self] : components }

    /// The result for one series id (see ``seriesResults``), nil when the indicator has no such series.
    public func seriesResult(_ seriesID: String) -> Assessment? { seriesResults.first { $0.seriesID == seriesID } }

    /// The rule that produced the status.
    public enum Method: String, Sendable, Hashable, Codable {
        /// ASSESSMENT.md part 1: growth ratio against a level target.
        case targetRatio = "target-ratio"
        /// ASSESSMENT.md part 2: observed growth, no numeric target.
        case directionOnly = "direction-only"
        /// Part 3: average annual growth-rate target, from a level index of yearly rates or a level series.
        case growthRate = "growth-rate"
        /// Part 3: ceiling or floor met or not in the latest year.
        case bound
        /// Part 3: maintain-level target (a floor at the target with half-unit tolerance).
        case maintain
        /// Part 3: qualitative target with evidence.
        case qualitative
        /// Mean of the series scores (part 2.5).
        case seriesMean = "series-mean"
        /// Not enough data to apply any rule.
        case none
    }
}

/// The thresholds in force for an assessment.
public struct Thresholds: Sendable, Hashable, Codable {
    /// The R (or observed growth) at or above which progress is substantial.
    public var high: Double
    /// The R at or above which progress is moderate.
    public var medium: Double
    /// The R at or above which progress is limited; below it, deterioration.
    public var low: Double
    /// Thresholds from highest to lowest.
    public init(high: Double, medium: Double, low: Double) {
        self.high = high
        self.medium = medium
        self.low = low
    }
}

/// The status of an indicator or series, as the plan's reviews grade progress.
public enum AssessmentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Achieved before or at the target year.
    case targetAchieved = "target_achieved"
    /// On course: R at or above the high threshold.
    case substantialProgress = "substantial_progress"
    /// Behind, but moving the right way: R between the medium and high thresholds.
    case moderateProgress = "moderate_progress"
    /// Clearly behind: R between the low and medium thresholds.
    case limitedProgress = "limited_progress"
    /// Moving away from the target.
    case deterioration
    /// The target year has passed (the latest observation is at or after it) and the target was missed.
    case notAchieved = "not_achieved"
    /// No usable figure: shown as 数据不足 / no data, never as 0.
    case notAvailable = "not_available"
    /// Qualitative target with no evidence yet.
    case pending

    /// Chinese label as the plan's reviews write it.
    public var chinese: String {
        switch self {
        case .targetAchieved: "提前实现"
        case .substantialProgress: "符合预期"
        case .moderateProgress: "略有滞后"
        case .limitedProgress: "明显滞后"
        case .deterioration: "逆向变化"
        case .notAchieved: "未实现"
        case .notAvailable: "数据不足"
        case .pending: "待评估"
        }
    }

    /// English label; the eurostat profile names the no-target statuses its own way.
    public func english(profile: ProgressProfile.ID = .statcan, hasTarget: Bool = true) -> String {
        if profile == .eurostat && !hasTarget {
            switch self {
            case .substantialProgress: return "significant progress"
            case .moderateProgress: return "moderate progress"
            case .limitedProgress: return "moderate movement away"
            case .deterioration: return "significant movement away"
            default: break
            }
        }
        switch self {
        case .targetAchieved: return "target achieved"
        case .substantialProgress: return "substantial progress"
        case .moderateProgress: return "moderate progress"
        case .limitedProgress: return "limited progress"
        case .deterioration: return "deterioration"
        case .notAchieved: return "not achieved"
        case .notAvailable: return "no data"
        case .pending: return "pending"
        }
    }

    /// "提前实现 / target achieved"
    public var bilingual: String { "\(chinese) / \(english())" }

    /// The engine's label as Chinese and English text.
    public var label: LocalizedText { LocalizedText(zh: chinese, en: english()) }

    /// Order for sorting and dashboards: most urgent first.
    public var severity: Int {
        switch self {
        case .deterioration: 0
        case .notAchieved: 1
        case .limitedProgress: 2
        case .moderateProgress: 3
        case .pending: 4
        case .notAvailable: 5
        case .substantialProgress: 6
        case .targetAchieved: 7
        }
    }

    /// On course: achieved or substantial progress. A binding indicator that is not is an alert.
    public var isOnCourse: Bool { self == .targetAchieved || self == .substantialProgress }
}

extension Assessment {
    /// Achieved, with the latest figure at or after the target year (for a multi-series indicator
    /// without a year of its own: every series with a year has reached its target year).
    public var isAchievedAfterTargetYear: Bool {
        guard status == .targetAchieved else { return false }
        if let year = currentYear, let target = targetYear { return year >= target }
        let dated = components.compactMap { c in c.currentYear.flatMap { year in c.targetYear.map { (year, $0) } } }
        return !dated.isEmpty && dated.allSatisfy { $0.0 >= $0.1 }
    }
}

/// A source that answered without a figure for a series its mapping targets (``Assessment/unmatchedSources``).
public struct SourceGap: Sendable, Hashable, Codable {
    public var source: String
    /// The answer held no period at all (a time dimension of size 0): the query, not the mapping, came back empty.
    public var noPeriods: Bool

    public init(source: String, noPeriods: Bool) {
        self.source = source
        self.noPeriods = noPeriods
    }
}
