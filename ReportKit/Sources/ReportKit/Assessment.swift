import Foundation

/// The outcome of assessing one indicator (or one series of it): the status and every number and rule
/// that produced it, so that a reader can recompute it by hand (ASSESSMENT.md).
public struct Assessment: Sendable, Hashable, Codable {
    public var indicatorID: String
    /// The series assessed; equal to `indicatorID` for single-series indicators and for the combined
    /// record of a multi-series indicator.
    public var seriesID: String
    public var profile: ProgressProfile.ID
    public var method: Method
    public var thresholds: Thresholds
    public var direction: Direction
    public var targetKind: TargetKind
    public var baseYear: Int?
    public var baseValue: Double?
    public var currentYear: Int?
    public var currentValue: Double?
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
    public var warnings: [String]
    /// One-paragraph account of the rule applied, with the numbers, in English.
    public var explanation: String
    /// The observations the assessment rests on, oldest first.
    public var observations: [Observation]
    /// Per-series records of a multi-series indicator; empty otherwise.
    public var components: [Assessment]

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
    public var high: Double
    public var medium: Double
    public var low: Double
    public init(high: Double, medium: Double, low: Double) {
        self.high = high
        self.medium = medium
        self.low = low
    }
}

public enum AssessmentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case targetAchieved = "target_achieved"
    case substantialProgress = "substantial_progress"
    case moderateProgress = "moderate_progress"
    case limitedProgress = "limited_progress"
    case deterioration
    /// The target year has passed (the latest observation is at or after it) and the target was missed.
    case notAchieved = "not_achieved"
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
