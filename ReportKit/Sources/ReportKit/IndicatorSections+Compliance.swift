import Foundation

extension IndicatorSections {
    /// 逐年达标情况: every series of the indicators, each year of `years` that has a published figure,
    /// with the engine's verdict as of that year — the engine run with `asOf` = the year on the
    /// context's observations, so each year is judged as it stood then. Ceilings, floors and
    /// maintained levels read 达标 / 未达标 (met / not met); other targets the year's status. "—"
    /// marks a year without a figure. `pick` renders a text in the report's language(s).
    public func complianceSection(years: ClosedRange<Int>, pick: (LocalizedText) -> String = \.bilingual) -> ReportDocument.Section {
        let years = Array(years)
        // Each year's engine keeps the run's `confirm_measure` confirmations: without them a confirmed
        // series would read as withheld in every year of the table while the run judged it.
        let confirmed = AssessmentEngine.confirmedMeasures(in: context.assessments)
        let failed = AssessmentEngine.failedSources(in: context.assessments)
        let unconfirmed = AssessmentEngine.unconfirmedFailedSources(in: context.assessments)
        let unmatched = AssessmentEngine.unmatchedSources(in: context.assessments)
        let grouped = AssessmentEngine.byIndicator(plan: context.plan, observations: context.observations)
        let byYear = Dictionary(uniqueKeysWithValues: years.map { year in
            var engine = AssessmentEngine(profile: context.profile, asOf: year)
            engine.confirmedMeasures = confirmed
            engine.failedSources = failed
            engine.unconfirmedFailedSources = unconfirmed
            engine.unmatchedSources = unmatched
            return (year, engine.assess(plan: context.plan, byIndicator: grouped))
        })
        var rows: [[ReportDocument.Cell]] = []
        for indicator in indicators {
            for series in indicator.series {
                // The target in the report's language; a bilingual report keeps the short Chinese form.
                let words = Self.targetWords(series)
                let target = pick(words) == words.bilingual ? words.zh : pick(words)
                var cells: [ReportDocument.Cell] = [.text(series.id), .text(pick(series.name)), .text(target)]
                for year in years {
                    let whole = byYear[year]?[indicator.id]
                    let a = indicator.series.count == 1 ? whole : whole?.components.first { $0.seriesID == series.id }
                    guard let a, let o = a.observations.last(where: { $0.value != nil }), o.period.year == year, let value = o.value else {
                        // A year published as confidential (a status, no value) is not a year without a figure.
                        let withheld = context.observations.contains {
                            $0.indicator == series.id && $0.period.year == year && $0.value == nil && ObservationStatus.withheldLabel($0.status) != nil
                        }
                        cells.append(.missing(withheld ? pick(Self.confidentialMark) : "—"))
                        continue
                    }
                    let verdict: LocalizedText
                    // A withheld status (unconfirmed measure) is neither met nor not met.
                    if (a.method == .bound || a.method == .maintain) && a.status != .pending {
                        verdict = a.status == .targetAchieved ? LocalizedText(zh: "达标", en: "met") : LocalizedText(zh: "未达标", en: "not met")
                    } else {
                        verdict = a.statusLabel
                    }
                    // A provisional figure says so beside the number: "62.1（初步）达标".
                    let mark = AssessmentEngine.isProvisional(o) ? "（\(pick(Self.provisionalMark))）" : ""
                    cells.append(.text("\(String(format: "%.\(Self.decimals(for: series, showing: value, derived: o.provenance.isDerived))f", value))\(mark) \(pick(verdict))"))
                }
                rows.append(cells)
            }
        }
        let title = LocalizedText(zh: "逐年达标情况", en: "Compliance year by year")
        let columns: [ReportDocument.Column] = [
            .init(id: "id", title: LocalizedText(zh: "编号", en: "ID")), .init(id: "name", title: LocalizedText(zh: "指标", en: "Indicator")),
            .init(id: "target", title: LocalizedText(zh: "目标", en: "Target"), alignment: .trailing),
        ] + years.map { .init(id: "y\($0)", title: LocalizedText(zh: "\($0)", en: "\($0)"), alignment: .trailing) }
        let note = LocalizedText(
            zh: "每年的判断按该年及以前的数据作出（上限、下限、保持类目标：当年数值是否达到规划目标值）；“—”表示该年无公开数据，“保密”表示该年数据已公布但保密。省下达的年度目标未收录，以规划目标为准。",
            en: "Each year is judged with the figures up to that year (ceilings, floors and maintained levels: whether that year's figure meets the plan's bound); \"—\" means no published figure for the year, \"confidential\" a figure published as withheld. The province's annual targets are not in the data; the plan's target is used.")
        let table = ReportDocument.Table(id: "yearly", caption: title, columns: columns, rows: rows, sources: table().sources)
        return ReportDocument.Section(id: "yearly", title: title, blocks: [.table(table), .notes([note])])
    }

    /// 保密 / confidential in a year cell, in the report's language(s).
    static let confidentialMark = LocalizedText(zh: "保密", en: "confidential")

    /// The compliance table of the indicators with a ceiling, floor or maintained level, from the base
    /// year through the latest year with a figure (not the clock, so it reads the same on any day);
    /// nil when none of the indicators has such a target.
    public func boundedComplianceSection() -> ReportDocument.Section? {
        let bounded = indicators.filter { $0.series.contains { [.floor, .ceiling, .maintain].contains($0.target.kind) } }
        guard !bounded.isEmpty else { return nil }
        let plan = context.plan
        let last = min(plan.endYear, context.observations.map(\.period.year).max() ?? plan.startYear)
        return IndicatorSections(context: context, indicators: bounded).complianceSection(years: (plan.startYear - 1)...max(plan.startYear - 1, last))
    }
}
