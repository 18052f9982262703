import Foundation

/// Level targets (ASSESSMENT.md part 1 plus time share, projection and end of period), cumulative
/// level targets, and direction-only targets (part 2).
extension AssessmentEngine {
    func assessLevel(_ series: IndicatorSeries, of indicator: Indicator, data: SeriesData) -> Assessment {
        var a = record(indicator, series, method: .targetRatio, thresholds: profile.targetThresholds, status: .notAvailable)
        let t = series.target
        guard let target = t.value else {
            a.warnings.append("level target without a value")
            a.explanation = "\(series.id) has a level target without a value: not_available."
            return a
        }
        guard let base = base(of: series, points: data.points, usePlanValue: true) else {
            a.explanation = "\(series.id) has neither a baseline value nor any figure: not_available."
            return a
        }
        record(base: base, data: data, in: &a)
        guard let current = data.points.last(where: { $0.year > base.year }) else {
            // One figure only: it cannot show a pace, but it can show the target met (part 1 step 1).
            let m = ProgressMeasure.measure(
                baseYear: base.year, baseValue: base.value, currentYear: base.year, currentValue: base.value,
                targetYear: t.year, targetValue: target, direction: series.direction, profile: profile)
            if m.targetAchieved, !base.fromPlan {
                apply(m, to: &a)
                a.currentYear = base.year
                a.currentValue = base.value
                a.explanation = "\(series.id): the only figure, \(base.value.reportText) in \(base.year), meets the target \(target.reportText) (\(directionWords(series.direction))): target_achieved; no pace can be measured from one figure."
                return a
            }
            if !base.fromPlan, base.year >= t.year, !data.points.contains(where: { $0.year == base.year && Self.isProvisional($0.observation) }) {
                apply(m, to: &a)
                a.status = .notAchieved
                a.score = -5
                a.explanation = "\(series.id): the only figure, \(base.value.reportText) in \(base.year), is at or after the target year \(t.year) and misses the target \(target.reportText): not_achieved."
                return a
            }
            a.explanation = "\(series.id): only the base \(base.value.reportText) (\(base.year)) is known and no later figure, so progress towards \(target.reportText) by \(t.year) cannot be measured: not_available."
            return a
        }
        let m = ProgressMeasure.measure(
            baseYear: base.year, baseValue: base.value, currentYear: current.year, currentValue: current.value,
            targetYear: t.year, targetValue: target, direction: series.direction, profile: profile
        )
        apply(m, to: &a)
        // Time share (时间过半、任务过半): how much of the distance is covered against how much time passed.
        if target != base.value { a.progressShare = (current.value - base.value) / (target - base.value) }
        if t.year > base.year { a.elapsedShare = Double(current.year - base.year) / Double(t.year - base.year) }
        if let c = m.cagrObserved, t.year > current.year {
            a.projectedValue = current.value * pow(1 + c, Double(t.year - current.year))
        }
        var text = "\(series.id) has a level target of \(target.reportText) by \(t.year) (\(directionWords(series.direction))). "
        text += "Base \(base.value.reportText) in \(base.year)\(base.fromPlan ? " (plan baseline)" : ""), latest \(current.value.reportText) in \(current.year). "
        text += measureSentence(m)
        text += timeShareSentence(a)
        if current.year >= t.year, !m.targetAchieved {
            if Self.isProvisional(current.observation) {
                a.warnings.append(Self.provisionalWarning(current.observation))
                text += " The \(current.year) figure is provisional, so the end-of-period verdict waits for the final figure."
            } else {
                a.status = .notAchieved
                if a.score == nil { a.score = -5 }
                text += " The latest figure is for \(current.year), at or after the target year \(t.year), and misses the target \(target.reportText): not_achieved."
            }
        }
        a.explanation = text
        return a
    }

    /// Cumulative ([ ]) targets: yearly amounts summed over the plan period and compared with the
    /// total. The pace R = P / E compares the share of the total reached (P = sum / target) with the
    /// share of the period elapsed (E), on the part 1 thresholds; a sum at or above the total is
    /// achieved. For a lower-is-better total (a cap), R = E / P and exceeding the cap is deterioration
    /// (not_achieved at the end of the period).
    func assessCumulative(
        _ series: IndicatorSeries, of indicator: Indicator, data: SeriesData, planPeriod: ClosedRange<Int>?
    ) -> Assessment {
        var a = record(indicator, series, method: .targetRatio, thresholds: profile.targetThresholds, status: .notAvailable)
        let t = series.target
        guard let target = t.value, target != 0 else {
            a.warnings.append("cumulative target without a non-zero value")
            a.explanation = "\(series.id) has a cumulative target without a value: not_available."
            return a
        }
        // Without a plan, the period runs from the year after the baseline to the target year.
        let start = planPeriod?.lowerBound ?? (series.baseline.map { $0.year + 1 } ?? data.points.first?.year ?? t.year)
        let end = min(planPeriod?.upperBound ?? t.year, t.year)
        let used = data.points.filter { $0.year >= start && $0.year <= end }
        a.observations = used.map(\.observation)
        guard let last = used.last, end >= start else {
            a.explanation = "\(series.id) has a cumulative target of \(target.reportText) over \(start)-\(end) and no yearly figure in that period: not_available."
            return a
        }
        let missingYears = (start...last.year).filter { year in !used.contains { $0.year == year } }
        if !missingYears.isEmpty {
            a.warnings.append("no yearly figure for \(missingYears.map(String.init).joined(separator: ", ")): the sum is incomplete")
        }
        let sum = used.reduce(0) { $0 + $1.value }
        a.currentYear = last.year
        a.currentValue = sum
        let p = sum / target
        let e = Double(last.year - start + 1) / Double(end - start + 1)
        a.progressShare = p
        a.elapsedShare = e
        a.projectedValue = sum / Double(last.year - start + 1) * Double(end - start + 1)
        let higher = series.direction == .higherIsBetter
        let achievedSoFar = higher ? sum >= target : false
        let periodOver = last.year >= end
        var text = "\(series.id) has a cumulative target of \(target.reportText) over \(start)-\(end) (\(directionWords(series.direction))). "
        text += "The \(used.count) yearly figure(s) to \(last.year) sum to \(sum.reportText): P = \(p.reportText) of the total at E = \(e.reportText) of the period"
        if higher {
            if achievedSoFar {
                a.status = .targetAchieved
                a.score = 5
                a.progressValue = p / e
                text += ", so the total is reached: target_achieved."
            } else {
                let r = p / e
                a.progressValue = r
                a.status = ProgressMeasure.targetStatus(progressValue: r, thresholds: profile.targetThresholds)
                a.score = ProgressMeasure.targetScore(progressValue: r, achieved: false)
                text += "; pace R = P / E = \(r.reportText), \(a.status.rawValue) on the thresholds \(thresholdWords(profile.targetThresholds))."
            }
        } else {
            if sum > target {
                a.status = .deterioration
                a.score = -5
                text += ", above the cap: deterioration."
            } else if periodOver {
                a.status = .targetAchieved
                a.score = 5
                text += ", within the cap at the end of the period: target_achieved."
            } else if p == 0 {
                a.status = .substantialProgress
                a.score = 5
                text += "; nothing used of the cap yet: substantial_progress."
            } else {
                let r = e / p
                a.progressValue = r
                a.status = ProgressMeasure.targetStatus(progressValue: r, thresholds: profile.targetThresholds)
                a.score = ProgressMeasure.targetScore(progressValue: r, achieved: false)
                text += "; pace R = E / P = \(r.reportText), \(a.status.rawValue)."
            }
        }
        text += " At this pace the total would be \(a.projectedValue!.reportText) by \(end)."
        if periodOver, a.status != .targetAchieved {
            a.status = .notAchieved
            text += " The period is over and the target is missed: not_achieved."
        }
        a.explanation = text
        return a
    }

    func assessDirection(_ series: IndicatorSeries, of indicator: Indicator, data: SeriesData) -> Assessment {
        var a = record(indicator, series, method: .directionOnly, thresholds: profile.noTargetThresholds, status: .notAvailable)
        a.targetValue = nil
        guard let base = base(of: series, points: data.points, usePlanValue: true) else {
            a.explanation = "\(series.id) has a direction-only target and no figure: not_available."
            return a
        }
        record(base: base, data: data, in: &a)
        guard let current = data.points.last(where: { $0.year > base.year }) else {
            a.explanation = "\(series.id): only the base \(base.value.reportText) (\(base.year)) is known: not_available."
            return a
        }
        let m = ProgressMeasure.measure(
            baseYear: base.year, baseValue: base.value, currentYear: current.year, currentValue: current.value,
            direction: series.direction, limit: series.target.limit, profile: profile
        )
        apply(m, to: &a)
        if let c = m.cagrObserved, series.target.year > current.year {
            a.projectedValue = current.value * pow(1 + c, Double(series.target.year - current.year))
        }
        var text = "\(series.id) has no numeric target, only a direction (\(directionWords(series.direction))). "
        text += "Base \(base.value.reportText) in \(base.year), latest \(current.value.reportText) in \(current.year). "
        text += measureSentence(m)
        a.explanation = text
        return a
    }

    // MARK: - Shared pieces

    /// Copies a measure into the record.
    /// Records the base and the observations from it onwards.
    func record(base: (year: Int, value: Double, fromPlan: Bool, warnings: [String]), data: SeriesData, in a: inout Assessment) {
        a.warnings += base.warnings
        a.baseYear = base.year
        a.baseValue = base.value
        a.observations = data.points.filter { $0.year >= base.year }.map(\.observation)
    }

    func apply(_ m: ProgressMeasure.Result, to a: inout Assessment) {
        a.currentYear = m.currentYear
        a.currentValue = m.currentValue
        a.cagrObserved = m.cagrObserved
        a.cagrRequired = m.cagrRequired
        a.progressValue = m.progressValue
        a.score = m.score
        a.status = m.status
        a.boundCoefficient = m.boundCoefficient
        a.thresholds = m.thresholds
        a.warnings += m.warnings
    }

    /// The arithmetic of a measure in words, so it can be redone by hand.
    func measureSentence(_ m: ProgressMeasure.Result) -> String {
        let years = m.currentYear - m.baseYear
        var text = ""
        if let c = m.cagrObserved {
            text += "Observed CAGR_o = (\(m.currentValue.reportText)/\(m.baseValue.reportText))^(1/\(years)) - 1 = \(c.percentText)"
        } else {
            text += "No observed growth rate could be computed"
        }
        if let target = m.targetValue, let targetYear = m.targetYear {
            if let r = m.cagrRequired {
                text += "; required CAGR_r = (\(target.reportText)/\(m.baseValue.reportText))^(1/\(targetYear - m.baseYear)) - 1 = \(r.percentText)"
            }
            if let r = m.progressValue {
                let s = m.baseValue < 0 ? "-1" : "+1"
                text += "; R = s*d*CAGR_o/|CAGR_r| = \(r.reportText) (s = \(s), d = \(m.direction == .higherIsBetter ? "+1" : "-1"))"
            }
            text += ". "
            if m.targetAchieved {
                text += "The latest figure \(m.currentValue.reportText) already \(m.direction == .higherIsBetter ? "reaches" : "is within") the target \(target.reportText), so the status is target_achieved (checked before R), score 5."
            } else if let r = m.progressValue {
                text += "Against the \(profile.id.rawValue) thresholds \(thresholdWords(m.thresholds)) R = \(r.reportText) gives \(m.status.rawValue), score \(m.score?.reportText ?? "none")."
            } else {
                text += "The status is \(m.status.rawValue)."
            }
        } else {
            if let r = m.progressValue {
                text += "; R = s*d*CAGR_o = \(r.reportText)"
                if let c = m.boundCoefficient {
                    text += ". With the natural limit \(m.limit?.reportText ?? "") the thresholds are scaled by C = \(c.reportText) to \(thresholdWords(m.thresholds))"
                } else {
                    text += ". Against the \(profile.id.rawValue) no-target thresholds \(thresholdWords(m.thresholds))"
                }
                text += " this is \(m.status.rawValue), score \(m.score?.reportText ?? "none")."
            } else {
                text += ". The status is \(m.status.rawValue)."
            }
        }
        return text
    }

    func timeShareSentence(_ a: Assessment) -> String {
        var text = ""
        if let p = a.progressShare, let e = a.elapsedShare {
            text += " Time share: P = \(String(format: "%.1f", p * 100))% of the distance at E = \(String(format: "%.1f", e * 100))% of the time (P/E = \(e == 0 ? "n/a" : (p / e).reportText))."
        }
        if let projected = a.projectedValue, let year = a.targetYear {
            text += " If the observed growth holds, the value in \(year) would be \(projected.reportText)."
        }
        return text
    }

    func directionWords(_ direction: Direction) -> String {
        direction == .higherIsBetter ? "higher is better" : "lower is better"
    }

    func thresholdWords(_ t: Thresholds) -> String {
        "\(t.high.reportText)/\(t.medium.reportText)/\(t.low.reportText)"
    }
}
