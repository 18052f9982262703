import Foundation

/// The growth-ratio progress measure of ASSESSMENT.md parts 1 and 2, as pure functions.
///
/// `statcan` reproduces Statistics Canada's open-sdg `ProgressMeasure.py`; `eurostat` is the same ratio
/// method with Eurostat's no-target thresholds. Plan-specific rules (growth-rate targets, bounds,
/// maintain, qualitative, cumulative, end of period) live in ``AssessmentEngine``, which calls these.
public enum ProgressMeasure {
    /// Replacement for a base or target of exactly 0, which would make the growth ratio undefined
    /// (ASSESSMENT.md 1.5).
    public static let zeroReplacement = 0.001

    /// Everything one progress measure computed, so a reader can recompute it by hand.
    public struct Result: Sendable, Hashable, Codable {
        /// Whether a numeric target was given (part 1) or not (part 2).
        public var hasTarget: Bool
        /// The base year.
        public var baseYear: Int
        /// The base value used in the arithmetic (after the zero guard).
        public var baseValue: Double
        /// The year of the current figure.
        public var currentYear: Int
        /// The current figure.
        public var currentValue: Double
        /// The year the target is due, if there is a target.
        public var targetYear: Int?
        /// The target used in the arithmetic (after the zero guard).
        public var targetValue: Double?
        /// Whether a higher or a lower figure is better.
        public var direction: Direction
        /// The natural bound, for bounded indicators.
        public var limit: Double?
        /// Observed compound annual growth rate CAGR_o, as a fraction.
        public var cagrObserved: Double?
        /// Required compound annual growth rate CAGR_r, as a fraction (part 1 only).
        public var cagrRequired: Double?
        /// Progress value R.
        public var progressValue: Double?
        /// Score in [-5, 5]; nil when no progress value could be computed.
        public var score: Double?
        /// The status the thresholds give.
        public var status: AssessmentStatus
        /// The part 1 step 1 check: the current value already meets the target.
        public var targetAchieved: Bool
        /// Bounded-indicator coefficient C (statcan, no target, with a natural limit).
        public var boundCoefficient: Double?
        /// The thresholds R was compared with, already multiplied by C where C applies.
        public var thresholds: Thresholds
        /// Caveats found on the way (e.g. a base of zero).
        public var warnings: [String]
    }

    // MARK: - One series

    /// Measures progress of one series from its base (t0, x0) to its current point (t, xt).
    ///
    /// With `targetValue` this is part 1 (the target-year is then required for a progress value), without
    /// it part 2. The order of the checks is: target achieved (ASSESSMENT.md 1.1: it comes first, so a
    /// single figure that meets the target is achieved, as at the end of a plan period); fewer than two
    /// years → `notAvailable`; zero guards; opposite signs; R; status; score.
    public static func measure(
        baseYear: Int, baseValue: Double, currentYear: Int, currentValue: Double,
        targetYear: Int? = nil, targetValue: Double? = nil, direction: Direction = .higherIsBetter,
        limit: Double? = nil, profile: ProgressProfile = .statcan
    ) -> Result {
        let hasTarget = targetValue != nil
        var result = Result(
            hasTarget: hasTarget, baseYear: baseYear, baseValue: baseValue, currentYear: currentYear,
            currentValue: currentValue, targetYear: targetYear, targetValue: targetValue, direction: direction,
            limit: limit, status: .notAvailable, targetAchieved: false,
            thresholds: hasTarget ? profile.targetThresholds : profile.noTargetThresholds, warnings: []
        )
        guard currentYear - baseYear >= 1 else {
            result.warnings.append("fewer than two years of data (base \(baseYear), current \(currentYear)): no progress value")
            if let target = targetValue, isAchieved(current: currentValue, target: target, direction: direction) {
                result.targetAchieved = true
                result.status = .targetAchieved
                result.score = targetScore(progressValue: nil, achieved: true)
            }
            return result
        }
        let d = direction.sign

        if let target = targetValue {
            // Step 1 uses the target as published, before any guard.
            result.targetAchieved = isAchieved(current: currentValue, target: target, direction: direction)
        }

        var x0 = baseValue
        if x0 == 0 {
            x0 = zeroReplacement
            result.warnings.append("base value is 0; replaced by \(zeroReplacement) so the growth ratio is defined")
        }
        result.baseValue = x0
        // s flips the sign for negative bases, where a rising ratio means the value is falling.
        let s: Double = x0 < 0 ? -1 : 1
        let cagrO = cagr(from: x0, to: currentValue, years: Double(currentYear - baseYear))
        if cagrO == nil {
            result.warnings.append("base \(x0.reportText) and current \(currentValue.reportText) have opposite signs: no growth rate")
        }
        result.cagrObserved = cagrO

        if var target = targetValue {
            if target == 0 {
                target = zeroReplacement
                result.warnings.append("target is 0; replaced by \(zeroReplacement) so the required growth is defined")
            }
            result.targetValue = target
            var cagrR: Double?
            if let targetYear, targetYear > baseYear {
                cagrR = cagr(from: x0, to: target, years: Double(targetYear - baseYear))
                if cagrR == nil {
                    result.warnings.append("base \(x0.reportText) and target \(target.reportText) have opposite signs: no required growth")
                }
            } else {
                result.warnings.append("target year \(targetYear.map(String.init) ?? "missing") is not after the base year \(baseYear): no required growth")
            }
            result.cagrRequired = cagrR
            if let cagrO, let cagrR {
                if cagrR == 0 {
                    // Target equal to the base: any move in the wrong direction is infinitely far off
                    // course, so R is undefined but the score is the floor.
                    result.warnings.append("target equals the base value: R is undefined")
                } else {
                    result.progressValue = s * d * cagrO / abs(cagrR)
                }
            }
            if result.targetAchieved {
                result.status = .targetAchieved
                result.score = 5
            } else if let r = result.progressValue {
                result.status = targetStatus(progressValue: r, thresholds: profile.targetThresholds)
                result.score = targetScore(progressValue: r, achieved: false)
            } else if cagrO != nil, result.cagrRequired == 0 {
                result.status = .deterioration
                result.score = -5
            }
            return result
        }

        // Part 2: no numeric target.
        guard let cagrO else { return result }
        let r = s * d * cagrO
        result.progressValue = r
        var c = 1.0
        if let limit {
            if !profile.scalesBoundedThresholds {
                result.warnings.append("natural limit \(limit.reportText) is not used by the \(profile.id.rawValue) profile")
            } else if limit == 0 {
                result.warnings.append("natural limit is 0: the bounded coefficient is undefined and not applied")
            } else {
                c = boundCoefficient(baseValue: x0, limit: limit)
                result.boundCoefficient = c
            }
        }
        let scaled = Thresholds(
            high: profile.noTargetThresholds.high * c, medium: profile.noTargetThresholds.medium * c,
            low: profile.noTargetThresholds.low * c
        )
        result.thresholds = scaled
        result.status = noTargetStatus(progressValue: r, thresholds: scaled)
        result.score = noTargetScore(progressValue: r, boundCoefficient: c, profile: profile)
        return result
    }

    /// Measures a whole series: base = the observation at `baseYear` or the next later one (the earliest
    /// when `baseYear` is nil), current = the latest.
    ///
    /// - Throws: ``ProgressMeasureError/duplicateYears`` when a year occurs twice,
    ///   ``ProgressMeasureError/emptySeries`` when no observation is at or after the base year.
    public static func measure(
        series: [(year: Int, value: Double)], baseYear: Int? = nil, targetYear: Int? = nil,
        targetValue: Double? = nil, direction: Direction = .higherIsBetter, limit: Double? = nil,
        profile: ProgressProfile = .statcan
    ) throws -> Result {
        let sorted = try checkedSeries(series)
        let usable = sorted.filter { $0.year >= (baseYear ?? Int.min) }
        guard let base = usable.first, let current = usable.last else { throw ProgressMeasureError.emptySeries }
        var result = measure(
            baseYear: base.year, baseValue: base.value, currentYear: current.year, currentValue: current.value,
            targetYear: targetYear, targetValue: targetValue, direction: direction, limit: limit, profile: profile
        )
        if let baseYear, base.year != baseYear {
            result.warnings.append("no observation in base year \(baseYear); \(base.year) used as the base")
        }
        return result
    }

    /// The series sorted by year, or an error naming the years that occur twice.
    public static func checkedSeries(_ series: [(year: Int, value: Double)]) throws -> [(year: Int, value: Double)] {
        let sorted = series.sorted { $0.year < $1.year }
        var duplicates: [Int] = []
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.year == b.year && duplicates.last != a.year {
            duplicates.append(a.year)
        }
        guard duplicates.isEmpty else { throw ProgressMeasureError.duplicateYears(duplicates) }
        return sorted
    }

    // MARK: - Building blocks

    /// Compound annual growth rate (to / from)^(1/years) - 1; nil when the two values have opposite
    /// signs (the root of a negative ratio is not a growth rate) or `years` is not positive.
    public static func cagr(from start: Double, to end: Double, years: Double) -> Double? {
        guard years > 0, start != 0 else { return nil }
        let ratio = end / start
        guard ratio >= 0 else { return nil }
        return pow(ratio, 1 / years) - 1
    }

    /// Part 1 step 1: d = +1 and xt >= target, or d = -1 and xt <= target.
    public static func isAchieved(current: Double, target: Double, direction: Direction) -> Bool {
        direction == .higherIsBetter ? current >= target : current <= target
    }

    /// Part 1 step 4: status of a progress value against a numeric target (high/medium/low on R).
    public static func targetStatus(progressValue r: Double, thresholds: Thresholds) -> AssessmentStatus {
        if r >= thresholds.high { return .substantialProgress }
        if r >= thresholds.medium { return .moderateProgress }
        if r >= thresholds.low { return .limitedProgress }
        return .deterioration
    }

    /// Part 2 step 2: status of the observed growth against thresholds already multiplied by C.
    /// Same bands as ``targetStatus(progressValue:thresholds:)``; the eurostat labels are a matter of
    /// display (``AssessmentStatus/english(profile:hasTarget:)``).
    public static func noTargetStatus(progressValue r: Double, thresholds: Thresholds) -> AssessmentStatus {
        targetStatus(progressValue: r, thresholds: thresholds)
    }

    /// Part 1 step 6, with the published constants: achieved → 5; R >= 0.6 → min(7.1429 R - 4.2857, 5);
    /// R < 0.6 → max(4.1667 R - 2.5, -5). nil when there is no R and the target is not achieved.
    public static func targetScore(progressValue r: Double?, achieved: Bool) -> Double? {
        if achieved { return 5 }
        guard let r else { return nil }
        if r >= 0.6 { return min(7.1429 * r - 4.2857, 5) }
        return max(4.1667 * r - 2.5, -5)
    }

    /// Part 2 step 4: the score of an indicator without a numeric target.
    ///
    /// statcan uses the published formulas. The method gives no score for eurostat, so there the score
    /// is the piecewise-linear curve through the same anchors the statcan formulas use (low → -2.5,
    /// medium → 0, high → 2.5), continued with the adjacent slope and clamped to [-5, 5]; C is 1 there
    /// because eurostat does not scale for bounded indicators.
    public static func noTargetScore(progressValue r: Double, boundCoefficient c: Double = 1, profile: ProgressProfile = .statcan) -> Double {
        let t = profile.noTargetThresholds
        if profile.id == .statcan {
            if r < t.low * c { return max(125 * r - 2.5, -5) }
            if c == 0 { return 5 }
            if r >= t.high * c { return min(500 * r / c - 5, 5) }
            if r >= t.medium * c { return 250 * r / c - 1.25 }
            return 500 * r / c - 2.5
        }
        let lowSlope = 2.5 / (t.medium - t.low)
        let highSlope = 2.5 / (t.high - t.medium)
        let score: Double
        if r < t.medium {
            score = (r - t.medium) * lowSlope
        } else {
            score = (r - t.medium) * highSlope
        }
        return min(max(score, -5), 5)
    }

    /// Part 2 step 3: C = 1 when |x0| >= 2|L|; 1 - (|x0|/|L|)^4.44 when |x0| <= |L|; otherwise
    /// 1 - ((2|L| - |x0|)/|L|)^4.44. C shrinks the thresholds as the value nears its natural limit,
    /// where further growth is necessarily slow.
    public static func boundCoefficient(baseValue: Double, limit: Double) -> Double {
        let x = abs(baseValue)
        let l = abs(limit)
        if x >= 2 * l { return 1 }
        if x <= l { return 1 - pow(x / l, 4.44) }
        return 1 - pow((2 * l - x) / l, 4.44)
    }

    /// Part 2 step 5: status of a (mean) score: >= 2.5 substantial, >= 0 moderate, >= -2.5 limited,
    /// else deterioration.
    public static func status(forScore score: Double) -> AssessmentStatus {
        if score >= 2.5 { return .substantialProgress }
        if score >= 0 { return .moderateProgress }
        if score >= -2.5 { return .limitedProgress }
        return .deterioration
    }
}
