import Foundation

/// Growth-rate targets ("年均增长7.5%"): ASSESSMENT.md part 3.
///
/// Which figures are rates: an observation whose `unit` is nil, empty or a percent sign is a yearly
/// growth rate in percent (the observations-csv convention for growth targets); any other unit marks a
/// level series. Rates win when both are present. A level series is used only when no rate exists, and
/// is refused when its unit, status or dimensions say it is at current prices (nominal levels must not
/// be compared with a real growth target).
///
/// R = d * CAGR_o / |g*|, which is ASSESSMENT.md's CAGR_o / g* whenever the sign of g* is the desired
/// direction (growth wanted and positive, or decline wanted and negative), and stays meaningful if not.
/// The target counts as achieved early when the index already reaches (1 + g*)^(T - t0), the level the
/// average rate would give by the target year: the analogue of part 1 step 1.
extension AssessmentEngine {
    static let rateUnits: Set<String> = ["", "%", "％", "percent", "per cent", "pct"]
    static let nominalMarkers = ["nominal", "current price", "当年价", "现价"]

    /// A yearly growth rate in percent (unit nil, empty or a percent sign), not a level.
    public static func isRate(_ observation: Observation) -> Bool {
        rateUnits.contains((observation.unit ?? "").trimmingCharacters(in: .whitespaces).lowercased())
    }

    static func isNominal(_ observation: Observation) -> Bool {
        let texts = [observation.unit, observation.status].compactMap { $0 } + Array(observation.dimensions.values)
        return texts.contains { text in nominalMarkers.contains { text.lowercased().contains($0) } }
    }

    func assessGrowth(_ series: IndicatorSeries, of indicator: Indicator, data: SeriesData) -> Assessment {
        var a = record(indicator, series, method: .growthRate, thresholds: profile.targetThresholds, status: .notAvailable)
        let t = series.target
        guard let gPercent = t.value else {
            a.warnings.append("growth target without a value")
            a.explanation = "\(series.id) has a growth target without a rate: not_available."
            return a
        }
        var g = gPercent / 100
        if g == 0 {
            g = ProgressMeasure.zeroReplacement
            a.warnings.append("target rate is 0; replaced by \(ProgressMeasure.zeroReplacement) so R is defined")
        }
        a.cagrRequired = g
        let rates = data.points.filter { Self.isRate($0.observation) }
        let levels = data.points.filter { !Self.isRate($0.observation) }
        let head = "\(series.id) has a growth target of \(gPercent.reportText)% a year on average to \(t.year) (g* = \(g.percentText))."
        if !rates.isEmpty {
            if !levels.isEmpty { a.warnings.append("\(levels.count) level figure(s) ignored: yearly rates are present") }
            return assessRates(series, rates: rates, g: g, head: head, into: a)
        }
        if !levels.isEmpty {
            return assessGrowthLevels(series, levels: levels, g: g, head: head, into: a)
        }
        a.baseYear = series.baseline?.year
        a.baseValue = series.baseline?.value
        a.explanation = head + " No yearly rate has been observed yet: not_available."
        return a
    }

    private func assessRates(
        _ series: IndicatorSeries, rates: [Point], g: Double, head: String, into record: Assessment
    ) -> Assessment {
        var a = record
        let t = series.target
        let t0 = series.baseline?.year ?? (rates[0].year - 1)
        let used = rates.filter { $0.year > t0 }
        a.baseYear = t0
        // The plan's base-year figure of a growth indicator is that year's rate: context, not a level.
        a.baseValue = series.baseline?.value
        a.observations = used.map(\.observation)
        guard let last = used.last else {
            a.explanation = head + " No yearly rate after the base year \(t0) has been observed: not_available."
            return a
        }
        let n = used.count
        let index = used.reduce(1.0) { $0 * (1 + $1.value / 100) }
        guard index > 0 else {
            a.warnings.append("a yearly rate of -100% or less makes the level index non-positive")
            a.explanation = head + " The level index is not positive: not_available."
            return a
        }
        let gaps = ((t0 + 1)...last.year).filter { year in !used.contains { $0.year == year } }
        if !gaps.isEmpty {
            a.warnings.append("no rate for \(gaps.map(String.init).joined(separator: ", ")): the average is over \(n == 1 ? "the one observed year" : "the \(n) observed years")")
        }
        let cagrO = pow(index, 1 / Double(n)) - 1
        let d = series.direction.sign
        let r = d * cagrO / abs(g)
        let span = t.year - t0
        let targetIndex = pow(1 + g, Double(span))
        let achieved = ProgressMeasure.isAchieved(current: index, target: targetIndex, direction: series.direction)
        a.currentYear = last.year
        a.currentValue = cagrO * 100
        a.cagrObserved = cagrO
        a.progressValue = r
        if targetIndex != 1 { a.progressShare = (index - 1) / (targetIndex - 1) }
        if span > 0 { a.elapsedShare = Double(last.year - t0) / Double(span) }
        let rateList = used.map { "\($0.year) \($0.value.reportText)%" }.joined(separator: ", ")
        var text = head + " Observed yearly rates: \(rateList). Level index I = prod(1 + g_i) = \(index.reportText) over n = \(n) year(s), so CAGR_o = I^(1/n) - 1 = \(cagrO.percentText) and R = d*CAGR_o/|g*| = \(r.reportText)."
        finishGrowth(&a, achieved: achieved, r: r, index: index, targetIndex: targetIndex, text: &text)
        a.explanation = text + timeShareSentence(a)
        return a
    }

    private func assessGrowthLevels(
        _ series: IndicatorSeries, levels: [Point], g: Double, head: String, into record: Assessment
    ) -> Assessment {
        var a = record
        let t = series.target
        if let nominal = levels.first(where: { Self.isNominal($0.observation) }) {
            a.warnings.append("the level series is at current prices (\(nominal.observation.unit ?? nominal.observation.status ?? "dimension")); a real growth target needs comparable prices")
            a.explanation = head + " Only a nominal level series is available, and nominal levels are never mixed with a real growth target: not_available."
            return a
        }
        a.warnings.append("no yearly rates: growth taken from the level series, which must be at comparable prices")
        guard let base = base(of: series, points: levels, usePlanValue: false) else {
            a.explanation = head + " No level figure at or after the base year: not_available."
            return a
        }
        a.warnings += base.warnings
        a.baseYear = base.year
        a.baseValue = base.value
        a.observations = levels.filter { $0.year >= base.year }.map(\.observation)
        guard let current = levels.last(where: { $0.year > base.year }),
              let cagrO = ProgressMeasure.cagr(from: base.value, to: current.value, years: Double(current.year - base.year))
        else {
            a.explanation = head + " Fewer than two usable level figures: not_available."
            return a
        }
        let d = series.direction.sign
        let r = d * cagrO / abs(g)
        let span = t.year - base.year
        let targetIndex = pow(1 + g, Double(span))
        let index = current.value / base.value
        let achieved = ProgressMeasure.isAchieved(current: index, target: targetIndex, direction: series.direction)
        a.currentYear = current.year
        a.currentValue = current.value
        a.cagrObserved = cagrO
        a.progressValue = r
        if targetIndex != 1 { a.progressShare = (index - 1) / (targetIndex - 1) }
        if span > 0 { a.elapsedShare = Double(current.year - base.year) / Double(span) }
        if t.year > current.year { a.projectedValue = current.value * pow(1 + cagrO, Double(t.year - current.year)) }
        var text = head + " Only a level series is available: base \(base.value.reportText) in \(base.year), latest \(current.value.reportText) in \(current.year), so CAGR_o = (\(current.value.reportText)/\(base.value.reportText))^(1/\(current.year - base.year)) - 1 = \(cagrO.percentText) and R = d*CAGR_o/|g*| = \(r.reportText)."
        finishGrowth(&a, achieved: achieved, r: r, index: index, targetIndex: targetIndex, text: &text)
        a.explanation = text + timeShareSentence(a)
        return a
    }

    private func finishGrowth(
        _ a: inout Assessment, achieved: Bool, r: Double, index: Double, targetIndex: Double, text: inout String
    ) {
        if achieved {
            a.status = .targetAchieved
            a.score = 5
            text += " The growth so far (index \(index.reportText)) already reaches the target growth to the target year (index \(targetIndex.reportText)): target_achieved, score 5."
        } else {
            a.status = ProgressMeasure.targetStatus(progressValue: r, thresholds: profile.targetThresholds)
            a.score = ProgressMeasure.targetScore(progressValue: r, achieved: false)
            text += " Against the \(profile.id.rawValue) thresholds \(thresholdWords(profile.targetThresholds)) this is \(a.status.rawValue), score \(a.score!.reportText)."
            if let year = a.currentYear, let targetYear = a.targetYear, year >= targetYear,
               let last = a.observations.last, Self.isProvisional(last) {
                a.warnings.append(Self.provisionalWarning(last))
            } else if let year = a.currentYear, let targetYear = a.targetYear, year >= targetYear {
                a.status = .notAchieved
                text += " The period is over (latest figure \(year), target year \(targetYear)) and the average rate fell short: not_achieved."
            }
        }
    }
}
