import Foundation

/// Measure checks: a source that publishes a baseline-year figure different from the plan's own baseline
/// (beyond rounding) is probably measuring something else (another set of monitoring sections, another
/// population base). Its later figures would then be judged against a target set on another measure, so
/// the status is withheld, and no binding alert raised, until someone confirms the mapping
/// (`confirm_measure: true`; ``AssessmentEngine/confirmedMeasures``).
extension AssessmentEngine {
    func applyMeasureCheck(
        _ assessment: inout Assessment, series: IndicatorSeries, of indicator: Indicator, observations: [Observation],
        region: String?
    ) {
        guard let baseline = series.baseline, let planValue = baseline.value else { return }
        let candidates = observations.filter {
            ($0.indicator == series.id || (indicator.series.count == 1 && $0.indicator == indicator.id))
                && (region == nil || $0.region == region) && $0.period.frequency == .annual
                && $0.period.year == baseline.year && $0.value != nil
                // A figure in another unit is another quantity (a level feeding a growth target), which
                // the rules convert themselves; only figures in the series' own unit are compared.
                && ($0.unit.map { DerivedUnit(parsing: $0) == DerivedUnit(parsing: series.unit) } ?? true)
        }
        // The figure furthest from the baseline decides: one matching figure does not excuse another.
        guard let differing = candidates.max(by: { abs($0.value! - planValue) < abs($1.value! - planValue) }),
              let value = differing.value,
              abs(value - planValue) > Self.roundingTolerance(planValue, value) else { return }
        let confirmed = confirmedMeasures.contains(series.id) || confirmedMeasures.contains(indicator.id)
        var check = Assessment.MeasureCheck(
            year: baseline.year, planBaseline: planValue, sourceValue: value,
            source: differing.provenance.sourceTitle ?? differing.provenance.sourceID, confirmed: confirmed)
        let label = (zh: Assessment.MeasureCheck.label.zh, en: Assessment.MeasureCheck.label.en ?? "")
        if confirmed {
            assessment.explanation += " The source's \(baseline.year) figure \(value.reportText) differs from the plan's baseline \(planValue.reportText); the mapping is confirmed (confirm_measure), so the status stands."
        } else if assessment.status != .notAvailable {
            check.withheldStatus = assessment.status
            assessment.explanation += " \(label.zh) / \(label.en): the source gives \(value.reportText) for \(baseline.year) against the plan's baseline \(planValue.reportText), so it probably measures something else; the status the rule gave (\(assessment.status.rawValue)) is withheld and counts neither as progress nor as deterioration until the mapping is confirmed with `confirm_measure: true`."
            // No progress value either: a reader would take R for a verdict the check has withheld.
            if let r = assessment.progressValue { assessment.explanation += " (The rule's progress value was R = \(r.reportText).)" }
            assessment.status = .pending
            assessment.score = nil
            assessment.progressValue = nil
            assessment.warnings.append("\(label.en) (\(baseline.year): source \(value.reportText), plan \(planValue.reportText)); confirm the mapping with `confirm_measure: true` or map the figures to an `x.` id")
        } else {
            assessment.warnings.append("\(label.en) (\(baseline.year): source \(value.reportText), plan \(planValue.reportText))")
        }
        assessment.measureCheck = check
    }

    /// The series (and indicators) a run confirmed with `confirm_measure`, read back from its
    /// assessments' measure checks. A second pass over the same figures (a year of a compliance table,
    /// a report's cut-off) must judge them as the run did; a check only exists where it matters, so
    /// the set is complete for every assessment that has one.
    public static func confirmedMeasures(in assessments: [String: Assessment]) -> Set<String> {
        var confirmed: Set<String> = []
        for assessment in assessments.values {
            for a in [assessment] + assessment.components where a.measureCheck?.confirmed == true {
                confirmed.insert(a.seriesID)
            }
        }
        return confirmed
    }

    /// Half a unit of the last decimal of the coarser of the two figures (93.8 vs 93.81: 0.05).
    static func roundingTolerance(_ a: Double, _ b: Double) -> Double {
        func decimals(_ v: Double) -> Int {
            let text = "\(v)"
            guard let dot = text.firstIndex(of: "."), !text.contains("e") else { return 0 }
            let fraction = text[text.index(after: dot)...]
            return fraction == "0" ? 0 : fraction.count
        }
        let coarse = min(decimals(a), decimals(b))
        return 0.5 * pow(10, -Double(coarse)) + 1e-9
    }
}
