import Foundation

/// Assesses plan indicators against their targets: ASSESSMENT.md parts 1 and 2 (``ProgressMeasure``)
/// plus the plan rules of part 3, one rule per ``TargetKind``.
///
/// Rules chosen where ASSESSMENT.md is silent (each is also stated in the explanation it produces):
/// - Only annual observations are used; sub-annual ones are skipped with a warning.
/// - Observations after the target year (or after `asOf`) are ignored: the target is judged at its year.
/// - With no region given and several regions present, the region with most figures is used (warned).
/// - Two different values for one year make the series `notAvailable` with a warning naming the years
///   (the series-level ``ProgressMeasure/measure(series:baseYear:targetYear:targetValue:direction:limit:profile:)``
///   throws instead); identical duplicates are merged.
/// - End of period: when the latest observation used is at or after the target year and the target is
///   not met, the status is `notAchieved`; the score stays the one R gives (or -5 without R).
/// - A binding indicator that is `notAvailable` or `pending` raises no alert, but gets a warning: an
///   alert claims the target is off course, and missing data does not show that.
public struct AssessmentEngine: Sendable {
    /// The progress method applied.
    public var profile: ProgressProfile
    /// Assess as at the end of this year: later observations are ignored. nil uses everything.
    public var asOf: Int?
    /// Series (or indicator) ids whose mapping is confirmed to be the plan's measure although a source's
    /// baseline-year figure differs from the plan's baseline (`confirm_measure: true`).
    public var confirmedMeasures: Set<String> = []
    /// Series (or indicator) id → sources whose mapping targets it and whose fetch failed: a series
    /// left without figures is marked with them (``Assessment/failedSources``), so that reports say
    /// 获取失败 instead of 数据不足.
    public var failedSources: [String: [String]] = [:]
    /// Failed sources whose figures are not known in advance (no mapping `codes:`, no earlier copy):
    /// any record left without a figure and not marked by ``failedSources`` may have been theirs, so
    /// it is marked with them as unconfirmed (``Assessment/failedSourcesUnconfirmed``), never 数据不足.
    public var unconfirmedFailedSources: [String] = []

    /// Series (or indicator) id → sources whose mapping targets it and which answered without a figure
    /// for it: a series left without figures is marked with them (``Assessment/unmatchedSources``).
    public var unmatchedSources: [String: [SourceGap]] = [:]

    /// An engine for `profile`; `asOf` caps the observation years used (nil: every year).
    public init(profile: ProgressProfile, asOf: Int? = nil) {
        self.profile = profile
        self.asOf = asOf
    }

    /// Score bands for the status of a multi-series mean (ASSESSMENT.md 2.5).
    public static let scoreBands = Thresholds(high: 2.5, medium: 0, low: -2.5)

    // MARK: - Public entry points

    /// Assesses every indicator of the plan with the plan's region and period; keyed by indicator id.
    public func assess(plan: Plan, observations: [Observation]) -> [String: Assessment] {
        assess(plan: plan, byIndicator: Self.byIndicator(plan: plan, observations: observations))
    }

    /// Each indicator's figures (under its own id or one of its series'), for `assess(plan:byIndicator:)`:
    /// grouped once when the engine runs several times on the same figures (a compliance table runs
    /// it once per year; grouping copied every figure each time).
    static func byIndicator(plan: Plan, observations: [Observation]) -> [String: [Observation]] {
        var byIndicator: [String: [Observation]] = [:]
        var owner: [String: String] = [:]
        for indicator in plan.indicators {
            owner[indicator.id] = indicator.id
            for series in indicator.series { owner[series.id] = indicator.id }
        }
        for observation in observations {
            if let id = owner[observation.indicator] { byIndicator[id, default: []].append(observation) }
        }
        return byIndicator
    }

    /// `assess(plan:observations:)` on figures already grouped by `byIndicator(plan:observations:)`.
    func assess(plan: Plan, byIndicator: [String: [Observation]]) -> [String: Assessment] {
        var result: [String: Assessment] = [:]
        for indicator in plan.indicators {
            result[indicator.id] = assess(
                indicator, observations: byIndicator[indicator.id] ?? [], region: plan.region.code,
                planPeriod: plan.startYear...plan.endYear
            )
        }
        return result
    }

    /// Assesses one indicator. `observations` are this indicator's (already filtered to its series ids);
    /// `region` keeps only that region's figures. Cumulative targets sum the years after the baseline
    /// year up to the target year; use ``assess(_:observations:region:planPeriod:)`` to give the plan
    /// period explicitly.
    public func assess(_ indicator: Indicator, observations: [Observation], region: String?) -> Assessment {
        assess(indicator, observations: observations, region: region, planPeriod: nil)
    }

    /// Assesses one indicator with an explicit plan period (for cumulative targets).
    public func assess(
        _ indicator: Indicator, observations: [Observation], region: String?, planPeriod: ClosedRange<Int>?
    ) -> Assessment {
        let components = indicator.series.map {
            assess(series: $0, of: indicator, observations: observations, region: region, planPeriod: planPeriod)
        }
        let marked = components.map { markFailedSources($0, indicatorID: indicator.id) }
        if marked.count == 1, var single = marked.first {
            applyBindingRule(to: &single, indicator: indicator, warn: true)
            return single
        }
        return markFailedSources(combine(marked, indicator: indicator), indicatorID: indicator.id)
    }

    /// Marks a record without any figure with the failed sources that were to deliver it: its own
    /// series', the indicator's, or (for a combined record) its components'. Without any, the failed
    /// sources whose figures were not known in advance mark it as unconfirmed.
    func markFailedSources(_ assessment: Assessment, indicatorID: String) -> Assessment {
        // 待评估 too: a qualitative indicator's missing figure is as lost as any other's.
        guard !failedSources.isEmpty || !unconfirmedFailedSources.isEmpty || !unmatchedSources.isEmpty,
              [.notAvailable, .pending].contains(assessment.status),
              !assessment.observations.contains(where: { $0.value != nil }) else { return assessment }
        var marked = assessment
        // A source that answered without the figure (a mapping that matched nothing, a query without
        // periods) explains a not-available record's gap as surely as a failed one.
        if assessment.status == .notAvailable {
            var gaps = Set((unmatchedSources[assessment.seriesID] ?? []) + (unmatchedSources[indicatorID] ?? []))
            for component in assessment.components { gaps.formUnion(component.unmatchedSources ?? []) }
            if !gaps.isEmpty {
                marked.unmatchedSources = gaps.sorted { $0.source != $1.source ? $0.source < $1.source : !$0.noPeriods }
                // The method notes say why there is no figure, not only that there is none.
                let label = Assessment.unmatchedLabel(marked.unmatchedSources ?? [])
                marked.explanation += " The source answered without it: \(label.en ?? label.zh)."
            }
        }
        var sources = Set((failedSources[assessment.seriesID] ?? []) + (failedSources[indicatorID] ?? []))
        for component in assessment.components where component.failedSourcesUnconfirmed != true {
            sources.formUnion(component.failedSources ?? [])
        }
        if !sources.isEmpty {
            marked.failedSources = sources.sorted()
            marked.failedSourcesUnconfirmed = nil
            return marked
        }
        // A failed source whose figures were not known only may have held this one: not when a
        // source that answered already explains the gap.
        guard marked.unmatchedSources == nil else { return marked }
        var possible = Set(unconfirmedFailedSources)
        for component in assessment.components where component.failedSourcesUnconfirmed == true {
            possible.formUnion(component.failedSources ?? [])
        }
        guard !possible.isEmpty else { return marked }
        marked.failedSources = possible.sorted()
        marked.failedSourcesUnconfirmed = true
        return marked
    }

    /// The sources that answered without a figure, recorded on assessments (``Assessment/unmatchedSources``),
    /// by series id, for a module re-running the engine.
    public static func unmatchedSources(in assessments: [String: Assessment]) -> [String: [SourceGap]] {
        var bySeries: [String: [SourceGap]] = [:]
        for assessment in assessments.values {
            for a in [assessment] + assessment.components { if let s = a.unmatchedSources { bySeries[a.seriesID] = s } }
        }
        return bySeries
    }

    /// The failed sources recorded on assessments (``Assessment/failedSources``), by series id: a
    /// module re-running the engine (another cut-off year) marks the same series.
    public static func failedSources(in assessments: [String: Assessment]) -> [String: [String]] {
        var bySeries: [String: [String]] = [:]
        for assessment in assessments.values {
            for a in [assessment] + assessment.components where a.failedSourcesUnconfirmed != true {
                if let s = a.failedSources { bySeries[a.seriesID] = s }
            }
        }
        return bySeries
    }

    /// The failed sources whose figures were not known in advance, as recorded on assessments
    /// (``Assessment/failedSourcesUnconfirmed``): a module re-running the engine marks the same way.
    public static func unconfirmedFailedSources(in assessments: [String: Assessment]) -> [String] {
        var sources: Set<String> = []
        for assessment in assessments.values {
            for a in [assessment] + assessment.components where a.failedSourcesUnconfirmed == true {
                sources.formUnion(a.failedSources ?? [])
            }
        }
        return sources.sorted()
    }

    // MARK: - One series

    func assess(
        series: IndicatorSeries, of indicator: Indicator, observations: [Observation], region: String?,
        planPeriod: ClosedRange<Int>?
    ) -> Assessment {
        let data = prepare(series: series, of: indicator, observations: observations, region: region)
        var assessment: Assessment
        if !data.duplicateYears.isEmpty {
            assessment = record(indicator, series, method: .none, thresholds: profile.targetThresholds, status: .notAvailable)
            let error = ProgressMeasureError.duplicateYears(data.duplicateYears)
            assessment.warnings.append(error.description)
            assessment.explanation = "\(series.id) cannot be assessed: \(error.description)."
        } else {
            switch series.target.kind {
            case .level where series.target.cumulative:
                assessment = assessCumulative(series, of: indicator, data: data, planPeriod: planPeriod)
            case .level:
                assessment = assessLevel(series, of: indicator, data: data)
            case .direction:
                assessment = assessDirection(series, of: indicator, data: data)
            case .growth:
                assessment = assessGrowth(series, of: indicator, data: data)
            case .ceiling, .floor, .maintain:
                assessment = assessBound(series, of: indicator, data: data)
            case .qualitative:
                assessment = assessQualitative(series, of: indicator, data: data)
            }
            if series.target.cumulative && series.target.kind != .level {
                assessment.warnings.append("cumulative is only defined for level targets; ignored for a \(series.target.kind.rawValue) target")
            }
        }
        assessment.warnings = data.warnings + assessment.warnings
        if assessment.observations.isEmpty { assessment.observations = data.points.map(\.observation) }
        refuseOverflow(&assessment)
        noteEpidemicBase(&assessment)
        applyMeasureCheck(&assessment, series: series, of: indicator, observations: observations, region: region)
        noteDerived(&assessment)
        applyBindingRule(to: &assessment, indicator: indicator, warn: false)
        return assessment
    }

    /// A result that overflows (figures of 1e300: a growth index of inf, a share of the change that is
    /// inf once shown in %) measures nothing: the record is not_available with the reason, and the
    /// non-finite results are dropped, so that no report prints `R=inf` or rates such a series achieved.
    func refuseOverflow(_ assessment: inout Assessment) {
        let results: [(String, WritableKeyPath<Assessment, Double?>)] = [
            ("CAGR_o", \.cagrObserved), ("CAGR_r", \.cagrRequired), ("R", \.progressValue), ("score", \.score),
            ("P", \.progressShare), ("E", \.elapsedShare), ("projection", \.projectedValue), ("headroom", \.headroom),
            ("bound coefficient", \.boundCoefficient),
        ]
        // ×100 too: reports show rates and shares in %, and 1e307 is finite but 1e309 is not.
        let overflowing = results.filter { _, path in ProgressMeasure.overflows(assessment[keyPath: path]) }
        guard !overflowing.isEmpty else { return }
        for (_, path) in overflowing { assessment[keyPath: path] = nil }
        assessment.status = .notAvailable
        assessment.score = nil
        let reason = ProgressMeasure.overflowReason(overflowing.map(\.0))
        assessment.warnings.append(reason)
        assessment.explanation = "\(assessment.seriesID) cannot be assessed: \(reason)."
    }

    /// A blank record for one series with the fields every rule fills the same way.
    func record(
        _ indicator: Indicator, _ series: IndicatorSeries, method: Assessment.Method, thresholds: Thresholds,
        status: AssessmentStatus
    ) -> Assessment {
        var assessment = Assessment(
            indicatorID: indicator.id, seriesID: series.id, profile: profile.id, method: method,
            thresholds: thresholds, direction: series.direction, targetKind: series.target.kind, status: status
        )
        assessment.targetYear = series.target.year
        assessment.targetValue = series.target.value
        return assessment
    }

    // MARK: - Several series

    /// ASSESSMENT.md 2.5: mean of the series scores; achieved only when every series achieved its target.
    func combine(_ components: [Assessment], indicator: Indicator) -> Assessment {
        let first = indicator.series.first
        var combined = Assessment(
            indicatorID: indicator.id, seriesID: indicator.id, profile: profile.id, method: .seriesMean,
            thresholds: Self.scoreBands, direction: first?.direction ?? .higherIsBetter,
            targetKind: first?.target.kind ?? .level, status: .notAvailable
        )
        combined.components = components
        combined.targetYear = components.compactMap(\.targetYear).max()
        combined.observations = components.flatMap(\.observations).sorted { $0.period < $1.period }
        for component in components {
            combined.warnings += component.warnings.map { "\(component.seriesID): \($0)" }
        }
        let scored = components.filter { $0.score != nil && $0.status != .notAvailable && $0.status != .pending }
        for component in components where !scored.contains(where: { $0.seriesID == component.seriesID }) {
            combined.warnings.append("\(component.seriesID) is \(component.status.rawValue): excluded from the mean score")
        }
        let list = components.map { c in
            "\(c.seriesID) \(c.status.rawValue)" + (c.score.map { " (score \($0.reportText))" } ?? "")
        }.joined(separator: ", ")
        if components.isEmpty {
            combined.explanation = "\(indicator.id) has no series to assess."
        } else if components.allSatisfy({ $0.status == .targetAchieved }) {
            combined.status = .targetAchieved
            combined.score = 5
            combined.explanation = "\(indicator.id) has \(components.count) series, every one of which has reached its target (\(list)), so the indicator is target_achieved."
        } else if scored.isEmpty {
            combined.status = components.contains { $0.status == .pending } ? .pending : .notAvailable
            combined.explanation = "\(indicator.id) has \(components.count) series and none has data enough for a score (\(list)), so the indicator is \(combined.status.rawValue)."
        } else {
            let mean = scored.compactMap(\.score).reduce(0, +) / Double(scored.count)
            combined.score = mean
            combined.status = ProgressMeasure.status(forScore: mean)
            var text = "\(indicator.id) has \(components.count) series (\(list)). The indicator score is the mean of the \(scored.count) series scores, \(mean.reportText); with the bands >= 2.5 substantial, >= 0 moderate, >= -2.5 limited, else deterioration, the status is \(combined.status.rawValue)"
            // Every series with data is past its target year: the period is over, so say so.
            // (A series that reached its target early is not a missed one: at least one must be not_achieved.)
            if scored.allSatisfy({ $0.status == .notAchieved || $0.status == .targetAchieved }),
               scored.contains(where: { $0.status == .notAchieved }) {
                combined.status = .notAchieved
                text += "; every series with data is at or past its target year and not all met their targets, so the indicator is not_achieved"
            }
            combined.explanation = text + "."
        }
        applyBindingRule(to: &combined, indicator: indicator, warn: true)
        return combined
    }

    // MARK: - Decorations shared by every rule

    /// Binding (约束性) targets off course are the highest-severity alert (ASSESSMENT.md part 3).
    func applyBindingRule(to assessment: inout Assessment, indicator: Indicator, warn: Bool) {
        guard indicator.isBinding else { return }
        if let check = assessment.measureCheck, !check.confirmed, check.withheldStatus != nil {
            assessment.bindingAlert = false
            let message = "binding indicator: no alert while the measure is unconfirmed (the rule gave \(check.withheldStatus?.rawValue ?? ""))"
            if warn, !assessment.warnings.contains(message) { assessment.warnings.append(message) }
            return
        }
        switch assessment.status {
        case .notAvailable, .pending:
            assessment.bindingAlert = false
            let message = "binding indicator has no assessable data (\(assessment.status.rawValue)): no alert raised, but the figure is needed"
            if warn, !assessment.warnings.contains(message) { assessment.warnings.append(message) }
        default:
            assessment.bindingAlert = !assessment.status.isOnCourse
            if assessment.bindingAlert, warn {
                assessment.explanation += " Binding target off course: binding-target alert."
            }
        }
    }

    /// Derived figures say so, with their inputs, in the account of the status.
    func noteDerived(_ assessment: inout Assessment) {
        for o in assessment.observations where o.provenance.isDerived {
            let inputs = (o.provenance.inputs ?? []).map(\.summary).joined(separator: "; ")
            assessment.explanation += " The \(o.period) figure \(o.value?.reportText ?? "") is derived (\(o.provenance.sourceTitle ?? "")) from \(inputs)."
        }
    }

    /// The 2020 base year was disturbed by the epidemic; note it where the status rests on that base.
    func noteEpidemicBase(_ assessment: inout Assessment) {
        guard assessment.baseYear == 2020 else { return }
        let restsOnBase: Bool
        switch assessment.method {
        case .targetRatio, .directionOnly, .growthRate: restsOnBase = assessment.status != .notAvailable
        case .bound, .maintain: restsOnBase = assessment.progressValue != nil
        case .qualitative, .seriesMean, .none: restsOnBase = false
        }
        if restsOnBase {
            assessment.warnings.append("the status rests on the 2020 base year, which was disturbed by the epidemic")
        }
    }
}

extension AssessmentEngine {
    /// Status codes that mark a figure as not final: preliminary (p), estimated (e), a year not yet
    /// complete. A target-year figure like that cannot settle "not achieved".
    /// Compared without case (SDMX writes `P` and `E`); 初步核算 is how Chinese bulletins mark a
    /// preliminary GDP figure.
    public static let provisionalStatuses: Set<String> = ["p", "e", "partial-year", "provisional", "preliminary", "estimate", "预计", "初步", "初步核算"]

    /// True when the observation's status marks it as not final (``provisionalStatuses``).
    public static func isProvisional(_ observation: Observation) -> Bool {
        guard let status = observation.status?.trimmingCharacters(in: .whitespaces), !status.isEmpty else { return false }
        return provisionalStatuses.contains(status.lowercased())
    }

    static func provisionalWarning(_ observation: Observation) -> String {
        "the \(observation.period) figure is provisional (status \(observation.status ?? "")); not_achieved is decided on the final figure"
    }
}
