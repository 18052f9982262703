import Foundation

/// Ceilings, floors and maintain-level targets (ASSESSMENT.md part 3), and qualitative targets.
///
/// A bound is judged on the latest year: met → target_achieved (score 5). Not met:
/// - when the baseline already satisfied the bound, no R is computed (the spec forbids it) and the
///   status is deterioration, score -5 (the bound was held and has been lost);
/// - when the baseline did not satisfy it either, the bound is a level still to be reached, so R is
///   computed as in part 1 with the bound as target, and R gives the status and score.
/// At or after the target year a missed bound is not_achieved.
extension AssessmentEngine {
    func assessBound(_ series: IndicatorSeries, of indicator: Indicator, data: SeriesData) -> Assessment {
        let t = series.target
        let kind = t.kind
        var a = record(
            indicator, series, method: kind == .maintain ? .maintain : .bound, thresholds: profile.targetThresholds,
            status: .notAvailable
        )
        guard let value = t.value else {
            a.warnings.append("\(kind.rawValue) target without a value")
            a.explanation = "\(series.id) has a \(kind.rawValue) target without a value: not_available."
            return a
        }
        // A maintain target is a floor (or, lower-is-better, a ceiling) at the value, loosened by half a
        // unit in its last printed decimal so that a figure that rounds to the target keeps it.
        let upper = kind == .ceiling || (kind == .maintain && series.direction == .lowerIsBetter)
        var bound = value
        var head: String
        if kind == .maintain {
            let decimals = Self.decimals(of: t)
            let tolerance = 0.5 * pow(10, -Double(decimals))
            bound = upper ? value + tolerance : value - tolerance
            head = "\(series.id) must maintain \(value.reportText) (\(upper ? "at most" : "at least"), with a tolerance of \(tolerance.reportText), half a unit in the target's last decimal place), so the bound is \(bound.reportText)."
        } else {
            head = "\(series.id) has a \(kind.rawValue): \(upper ? "at most" : "at least") \(value.reportText) each year."
        }
        a.direction = upper ? .lowerIsBetter : .higherIsBetter
        func met(_ x: Double) -> Bool { upper ? x <= bound : x >= bound }

        let planBase = series.baseline.flatMap { b in b.value.map { (year: b.year, value: $0) } }
        let firstPoint = data.points.first.map { (year: $0.year, value: $0.value) }
        let base = planBase ?? firstPoint
        a.baseYear = base?.year
        a.baseValue = base?.value
        guard let latest = data.points.last else {
            a.explanation = head + " No figure has been observed: not_available."
            return a
        }
        a.currentYear = latest.year
        a.currentValue = latest.value
        a.headroom = latest.value - bound
        let years = data.points.map { "\($0.year) \($0.value.reportText) \(met($0.value) ? "met" : "not met")" }
        var text = head + " Figures: \(years.joined(separator: ", ")). Headroom in \(latest.year): \(latest.value.reportText) - \(bound.reportText) = \(a.headroom!.reportText)."
        if met(latest.value) {
            a.status = .targetAchieved
            a.score = 5
            text += " The latest year meets the bound: target_achieved, score 5."
        } else if let base, !met(base.value), base.year < latest.year {
            let m = ProgressMeasure.measure(
                baseYear: base.year, baseValue: base.value, currentYear: latest.year, currentValue: latest.value,
                targetYear: t.year, targetValue: bound, direction: a.direction, profile: profile
            )
            apply(m, to: &a)
            a.currentValue = latest.value
            text += " The base \(base.value.reportText) (\(base.year)) did not meet the bound either, so progress towards it is measured as for a level target. " + measureSentence(m)
        } else {
            a.status = .deterioration
            a.score = -5
            text += " The latest year does not meet the bound\(base.map { " although the base \($0.value.reportText) (\($0.year)) did" } ?? ""): deterioration, score -5 (no R: the base already satisfied the bound)."
        }
        if latest.year >= t.year, !met(latest.value), Self.isProvisional(latest.observation) {
            a.warnings.append(Self.provisionalWarning(latest.observation))
        } else if latest.year >= t.year, !met(latest.value) {
            a.status = .notAchieved
            if a.score == nil { a.score = -5 }
            text += " The target year \(t.year) is reached and the bound is missed: not_achieved."
        }
        a.explanation = text
        return a
    }

    /// Decimals of the target as the plan prints it: the number in `text` equal to the value (so
    /// "45.30" keeps two decimals), else the fewest decimals that represent the value.
    static func decimals(of target: Target) -> Int {
        guard let value = target.value else { return 0 }
        var numbers: [String] = []
        var current = ""
        for character in target.text {
            if character.isASCII && (character.isNumber || character == ".") {
                current.append(character)
            } else if !current.isEmpty {
                numbers.append(current)
                current = ""
            }
        }
        if !current.isEmpty { numbers.append(current) }
        for number in numbers {
            let trimmed = number.trimmingCharacters(in: CharacterSet(charactersIn: "."))
            if let parsed = Double(trimmed), parsed == value {
                guard let dot = trimmed.firstIndex(of: ".") else { return 0 }
                return trimmed.distance(from: trimmed.index(after: dot), to: trimmed.endIndex)
            }
        }
        for decimals in 0...10 {
            let scaled = value * pow(10, Double(decimals))
            if abs(scaled - scaled.rounded()) <= 1e-9 * max(1, abs(scaled)) { return decimals }
        }
        return 10
    }

    /// Qualitative targets: the latest evidence observation decides (1 achieved, 0 not achieved), no
    /// evidence is pending. Never computed. Scores 5 / -5 only so that a qualitative series can take
    /// part in a multi-series mean; pending has no score.
    func assessQualitative(_ series: IndicatorSeries, of indicator: Indicator, data: SeriesData) -> Assessment {
        var a = record(indicator, series, method: .qualitative, thresholds: profile.targetThresholds, status: .pending)
        a.targetValue = nil
        let head = "\(series.id) has a qualitative target (\(series.target.text.isEmpty ? "no wording given" : series.target.text))."
        guard let latest = data.points.last else {
            a.explanation = head + " No evidence has been recorded yet: pending."
            return a
        }
        a.observations = [latest.observation]
        a.currentYear = latest.year
        a.currentValue = latest.value
        let p = latest.observation.provenance
        let evidence = [p.quote, p.note, p.sourceTitle].compactMap { $0 }.filter { !$0.isEmpty }.first ?? p.location
        switch latest.value {
        case 1:
            a.status = .targetAchieved
            a.score = 5
            a.explanation = head + " Evidence for \(latest.year) records it as achieved: \(evidence)."
        case 0:
            a.status = .notAchieved
            a.score = -5
            a.explanation = head + " Evidence for \(latest.year) records it as not achieved: \(evidence)."
        default:
            a.warnings.append("qualitative evidence value \(latest.value.reportText) is neither 1 nor 0")
            a.explanation = head + " The evidence value \(latest.value.reportText) for \(latest.year) is neither 1 (achieved) nor 0 (not achieved), so nothing is concluded: pending."
        }
        return a
    }
}
