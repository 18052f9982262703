import Foundation
import ReportKit

/// Lays out one department report (a `ReportDefinition`) from assessments: the engine assesses, with
/// observations up to `as_of` only when the definition sets it; this type picks the indicators,
/// words the statuses for the evaluation kind and writes the sections the definition lists, in its
/// language. It computes no status and no progress figure of its own.
public struct DepartmentReport: Sendable {
    public var definition: ReportDefinition
    public var plan: Plan
    public var profile: ProgressProfile
    /// Every mapped observation of the run; cut at `as_of` here.
    public var observations: [Observation]
    public var sourceNotes: [String: String]
    public var generatedAt: Date
    /// The plan's counties and districts and the series that belong to each (plan `regions:`).
    public var regions: [Region] = []
    public var seriesRegions: [String: String] = [:]
    /// Figures for plan series in a county or district (the region code on the row), for `for_each: region`.
    public var regionalObservations: [Observation] = []
    /// Series whose mapping a source confirms as the plan's measure (`confirm_measure:`), as the run's
    /// own engine pass has them: the report's pass (with its cut-off) must withhold and confirm alike.
    public var confirmedMeasures: Set<String> = []
    /// Series → failed sources whose mapping targets it (the run's): such a series without figures
    /// reads 获取失败, not 数据不足.
    public var failedSources: [String: [String]] = [:]
    /// Failed sources whose series are not known (the run's): a series without figures may be theirs
    /// and reads 可能因获取失败缺失, not 数据不足.
    public var unconfirmedFailedSources: [String] = []
    /// Series → sources that answered without a figure for it although their mapping targets it (the
    /// run's): such a series reads 映射未匹配 (or 查询未返回数据期) with the source, not 数据不足.
    public var unmatchedSources: [String: [SourceGap]] = [:]

    public init(definition: ReportDefinition, plan: Plan, profile: ProgressProfile, observations: [Observation],
                sourceNotes: [String: String] = [:], generatedAt: Date) {
        self.definition = definition
        self.plan = plan
        self.profile = profile
        self.observations = observations
        self.sourceNotes = sourceNotes
        self.generatedAt = generatedAt
    }

    /// The observations the report may see: none after `as_of`, so a later figure never changes it.
    var visible: [Observation] {
        guard let asOf = definition.asOf else { return observations }
        return observations.filter { $0.period.year <= asOf }
    }

    func assess(asOf: Int?) -> [String: Assessment] {
        var engine = AssessmentEngine(profile: profile, asOf: asOf)
        engine.confirmedMeasures = confirmedMeasures
        engine.failedSources = failedSources
        engine.unconfirmedFailedSources = unconfirmedFailedSources
        engine.unmatchedSources = unmatchedSources
        return engine.assess(plan: plan, observations: visible)
    }

    var wording: StatusWording { StatusWording(asOf: definition.asOf, plan: plan) }

    /// The text of `t` in the report's language.
    func pick(_ t: LocalizedText) -> String { definition.language.pick(t) }

    func text(_ zh: String, _ en: String) -> LocalizedText { LocalizedText(zh: zh, en: en) }

    /// A short cell in the report's language, never both: in a bilingual report the Chinese
    /// ("保持 45.31%"), whose numbers read the same in English.
    func pickOne(_ t: LocalizedText) -> String {
        definition.language == .en ? (t.en ?? t.zh) : t.zh
    }

    public func build() -> ReportDocument {
        let assessments = assess(asOf: definition.asOf)
        let indicators = definition.indicators.compactMap { plan.indicator(id: $0) }
        let context = ReportContext(plan: plan, profile: profile, assessments: assessments, observations: visible,
                                    sourceNotes: sourceNotes, generatedAt: generatedAt)
        var sections: [ReportDocument.Section] = []
        for id in definition.sections {
            switch id {
            case "intro":
                if let intro = definition.intro {
                    sections.append(.init(id: "intro", title: text("前言", "Introduction"), blocks: [.paragraph(intro)]))
                }
            case "summary": sections.append(summary(indicators, assessments))
            case "indicators": sections.append(indicatorSection(indicators, assessments, context: context))
            case "yearly": sections.append(yearly(indicators, context: context))
            case "regions": sections.append(RegionComparison(report: self).section(indicators, assessments, context: context))
            case "missing": sections.append(missing(indicators, assessments))
            case "method": sections.append(method(indicators, assessments))
            case "closing":
                if let closingSection = closing() { sections.append(closingSection) }
            default: break
            }
        }
        var subtitle = wording.title
        if let asOf = definition.asOf {
            subtitle = LocalizedText(zh: "\(subtitle.zh)（数据截至\(asOf)年）", en: "\(subtitle.en ?? "") (figures up to \(asOf))")
        }
        let document = ReportDocument(id: definition.documentID, title: definition.title, subtitle: subtitle,
                                      generatedAt: generatedAt, facts: facts(), sections: sections)
        return document.localized(definition.language)
    }

    func facts() -> [ReportDocument.KeyValue] {
        var facts: [ReportDocument.KeyValue] = []
        if let department = definition.department {
            facts.append(.init(key: text("报送单位", "Department"), value: pick(department)))
        }
        facts.append(.init(key: text("规划", "Plan"), value: pick(plan.name)))
        facts.append(.init(key: text("评估方法", "Method"), value: pick(profile.displayName)))
        facts.append(.init(key: text("数据截至", "Figures up to"),
                           value: definition.asOf.map { pick(text("\($0)年", "\($0)")) } ?? pick(text("最新公布数据", "latest published"))))
        for (source, note) in sourceNotes.sorted(by: { $0.key < $1.key }) {
            facts.append(.init(key: text("数据源 \(source)", "Source \(source)"), value: note))
        }
        return facts
    }

    /// The ids whose figures are an indicator's: its own and its series'.
    static func ids(_ indicator: Indicator) -> Set<String> { Set([indicator.id] + indicator.series.map(\.id)) }

    /// "保密 / confidential" in the report's language when the newest figure of `indicator` up to the
    /// cut-off is withheld (a status and no value): the module tables' rule (`ObservationStatus`).
    func withheld(_ indicator: Indicator) -> String? {
        guard ObservationStatus.withheldLatest(visible, ids: Self.ids(indicator)) != nil else { return nil }
        return pick(text("保密", "confidential"))
    }

    /// Whether any figure (a value) of `indicator` is published up to the cut-off, whatever its status.
    func hasFigure(_ indicator: Indicator, _ a: Assessment?) -> Bool {
        if a?.observations.contains(where: { $0.value != nil }) == true { return true }
        if a?.components.contains(where: { $0.observations.contains { $0.value != nil } }) == true { return true }
        let ids = Self.ids(indicator)
        return visible.contains { $0.value != nil && ids.contains($0.indicator) }
    }

    /// The data gaps the summary counts and the missing-figures section lists, one rule for both:
    /// `without` has no published figure (whatever its status, 待评估 included) and none withheld;
    /// `confidential` has its newest figure withheld (older figures may exist); `short` has figures
    /// but no progress to compute; `lost` has none because a source failed; `unmatched` has none
    /// because a source answered without it (映射未匹配 / 查询未返回数据期). Only `without` is 数据不足.
    struct Gaps {
        var without: [Indicator] = []
        var confidential: [Indicator] = []
        var short: [Indicator] = []
        var lost: [Indicator] = []
        var unmatched: [Indicator] = []
    }

    func gaps(_ indicators: [Indicator], _ assessments: [String: Assessment]) -> Gaps {
        var gaps = Gaps()
        gaps.confidential = indicators.filter { withheld($0) != nil }
        let secret = Set(gaps.confidential.map(\.id))
        gaps.short = indicators.filter { assessments[$0.id]?.isUnassessedWithFigures == true && !secret.contains($0.id) }
        // Lost to a failed source, or left without a figure by a source that answered, is not
        // unpublished: each is listed apart, with the source.
        let open = indicators.filter { !secret.contains($0.id) && !hasFigure($0, assessments[$0.id]) }
        gaps.lost = open.filter { assessments[$0.id]?.isFigureLostToFailedSource == true }
        gaps.unmatched = open.filter { assessments[$0.id]?.isMappingUnmatched == true }
        let apart = Set((gaps.lost + gaps.unmatched).map(\.id))
        gaps.without = indicators.filter { indicator in
            let a = assessments[indicator.id]
            guard !secret.contains(indicator.id), !apart.contains(indicator.id), a?.isUnassessedWithFigures != true else { return false }
            return (a?.status ?? .notAvailable) == .notAvailable || !hasFigure(indicator, a)
        }
        return gaps
    }

    // MARK: - Sections

    func summary(_ indicators: [Indicator], _ assessments: [String: Assessment]) -> ReportDocument.Section {
        // Best first, no data last: the order a reader scans a results table in.
        let order: [AssessmentStatus] = [.targetAchieved, .substantialProgress, .moderateProgress, .limitedProgress, .deterioration, .notAchieved, .pending, .notAvailable]
        var counts: [(label: LocalizedText, count: Int, rank: Int)] = []
        let gaps = gaps(indicators, assessments)
        let lacking = Set(gaps.without.map(\.id))
        let secret = Set(gaps.confidential.filter { !hasFigure($0, assessments[$0.id]) }.map(\.id))
        for indicator in indicators {
            let a = assessments[indicator.id]
            let label = label(indicator, a)
            let rank = order.firstIndex(of: a?.status ?? .notAvailable) ?? order.count
            if let i = counts.firstIndex(where: { $0.label == label }) {
                counts[i].count += 1
                counts[i].rank = min(counts[i].rank, rank)
            } else {
                counts.append((label, 1, rank))
            }
        }
        // Labels in the order a reader ranks them (快于预期 before 基本符合预期, which a met floor also
        // reads), then by status; published-but-unassessable just before 数据不足.
        let labelOrder = ["提前实现", "已实现", "快于预期", "基本符合预期", "符合预期", "略有滞后", "明显滞后", "逆向变化", "滞后",
                          "未实现", "待评估", Assessment.oneYearLabel.zh, Assessment.unusableLabel.zh, "保密", "获取失败", "可能因获取失败缺失", "映射未匹配", "查询未返回数据期", "数据不足"]
        func position(_ label: LocalizedText) -> Int {
            labelOrder.firstIndex { label.zh.hasPrefix($0) } ?? labelOrder.count
        }
        counts.sort { (position($0.label), $0.rank) < (position($1.label), $1.rank) }
        let table = ReportDocument.Table(
            id: "summary", caption: text("评价结果分布", "Indicators by assessment"),
            columns: [.init(id: "assessment", title: text("评价", "Assessment")),
                      .init(id: "count", title: text("指标数", "Indicators"), alignment: .trailing)],
            rows: counts.map { [.text(pick($0.label)), .number(Double($0.count), decimals: 0)] })
        var blocks: [ReportDocument.Block] = []
        // Binding indicators that lag are always named first (DEPARTMENT-REPORTS.md).
        let alerts = indicators.filter { assessments[$0.id]?.bindingAlert == true }
        let binding = indicators.filter { $0.attribute == .binding }
        if binding.isEmpty {
            blocks.append(.paragraph(text("所选指标中没有约束性指标。", "None of the selected indicators is binding.")))
        } else if alerts.isEmpty, !binding.contains(where: { hasFigure($0, assessments[$0.id]) }) {
            // No figure to judge: "none off course" would read as a clean bill of health.
            blocks.append(.paragraph(text("所选\(binding.count)项约束性指标均无可评价的数据，无法判断是否滞后（见“数据缺口”）。",
                                          "None of the \(binding.count) selected binding indicators has a figure to judge, so whether any is off course is not known (see \"Missing figures\").")))
        } else if alerts.isEmpty {
            blocks.append(.paragraph(text("所选约束性指标中没有进展滞后的指标（无数据的指标见“数据缺口”）。",
                                          "No selected binding indicator is off course (indicators without figures are listed under \"Missing figures\").")))
        } else {
            let list = alerts.map { "\($0.id) \($0.name.zh)（\(wording.label(assessments[$0.id]).zh)）" }.joined(separator: "；")
            let listEn = alerts.map { "\($0.id) \($0.name.en ?? $0.name.zh) (\(wording.label(assessments[$0.id]).en ?? ""))" }.joined(separator: "; ")
            blocks.append(.paragraph(text("约束性指标预警（\(alerts.count)项）：\(list)。", "Binding targets off course (\(alerts.count)): \(listEn).")))
        }
        // The same gaps as the missing-figures section: an indicator without any figure is 数据不足 even
        // when its status is 待评估, and a withheld one is 保密, never 数据不足.
        let lost = Set(gaps.lost.map(\.id))
        let unmatched = Set(gaps.unmatched.map(\.id))
        let gapped = lacking.union(secret).union(lost).union(unmatched)
        let others = indicators.filter { !gapped.contains($0.id) }
        let unassessed = others.filter { assessments[$0.id]?.isUnassessedWithFigures == true }.count
        let pending = others.filter { assessments[$0.id]?.status == .pending }.count
        let noData = lacking.count
        let assessed = others.count - pending - unassessed
        let withFigures = unassessed == 0 ? (zh: "", en: "") : (zh: "\(unassessed)项已有数据但无法计算进度，", en: "\(unassessed) with figures but no progress to compute, ")
        let withheld = secret.isEmpty ? (zh: "", en: "") : (zh: "\(secret.count)项数据保密，", en: "\(secret.count) with figures withheld (confidential), ")
        let possiblyLost = gaps.lost.filter { assessments[$0.id]?.isPossiblyFetchFailed == true }.count
        let surelyLost = lost.count - possiblyLost
        var failed = (zh: "", en: "")
        if surelyLost > 0 { failed = (zh: "\(surelyLost)项因数据源获取失败而缺数，", en: "\(surelyLost) missing because a source failed, ") }
        if possiblyLost > 0 {
            failed.zh += "\(possiblyLost)项缺数且可能因数据源获取失败，"
            failed.en += "\(possiblyLost) without figures possibly lost with a failed source, "
        }
        // A source that answered without the figure: a mapping problem (or an empty query), by cause.
        let noPeriods = gaps.unmatched.filter { assessments[$0.id]?.isQueryWithoutPeriods == true }.count
        let unmapped = unmatched.count - noPeriods
        if unmapped > 0 {
            failed.zh += "\(unmapped)项因数据源映射未匹配而缺数，"
            failed.en += "\(unmapped) missing because a source's mapping matched nothing, "
        }
        if noPeriods > 0 {
            failed.zh += "\(noPeriods)项因查询未返回数据期而缺数，"
            failed.en += "\(noPeriods) missing because a query returned no periods, "
        }
        blocks.append(.paragraph(text("共\(indicators.count)项指标：\(assessed)项已评价，\(pending)项待评估（尚无考核结果），\(withFigures.zh)\(withheld.zh)\(failed.zh)\(noData)项数据不足。",
                                      "\(indicators.count) indicators: \(assessed) assessed, \(pending) pending (no assessment result yet), \(withFigures.en)\(withheld.en)\(failed.en)\(noData) without published figures.")))
        blocks.append(.table(table))
        return .init(id: "summary", title: text("总体评价", "Overall assessment"), blocks: blocks)
    }

    /// The module table's columns up to the target, then the wording, R and the time-share check.
    static let indicatorColumns: [ReportDocument.Column] = Array(IndicatorSections.tableColumns.prefix(7)) + [
        .init(id: "assessment", title: LocalizedText(zh: "评价", en: "Assessment")),
        .init(id: "progress", title: LocalizedText(zh: "进度值R", en: "Progress R"), alignment: .trailing),
        .init(id: "time_share", title: LocalizedText(zh: "任务/时间进度", en: "Change done / time gone"), alignment: .trailing),
    ]

    func indicatorSection(_ indicators: [Indicator], _ assessments: [String: Assessment], context: ReportContext) -> ReportDocument.Section {
        var rows: [[ReportDocument.Cell]] = []
        for indicator in indicators {
            let a = assessments[indicator.id]
            // The indicator's result in the summary's words (数据不足 / 保密 when nothing is published).
            var head = row(id: indicator.id, name: indicator.name, series: indicator.series.count == 1 ? indicator.series.first : nil,
                           attribute: indicator.attribute, a)
            head[7] = .text(pick(label(indicator, a)))
            rows.append(head)
            if indicator.series.count != 1 {
                for series in indicator.series {
                    rows.append(row(id: series.id, name: series.name, series: series, attribute: nil, a?.components.first { $0.seriesID == series.id }))
                }
            }
        }
        // The sources of every figure shown, with retrieval dates, as the module reports list them.
        let sources = IndicatorSections(context: context, indicators: indicators).table().sources
        let table = ReportDocument.Table(id: "indicators", caption: text("主要指标完成情况", "Indicator results"),
                                         columns: Self.indicatorColumns, rows: rows, sources: sources)
        return .init(id: "indicators", title: text("主要指标完成情况", "Indicator results"), blocks: [.table(table)])
    }

    /// The latest-figure cell when there is none: 数据不足, or 获取失败 with the source (one rule:
    /// ``Assessment/missingFigureLabel``).
    func noData(_ a: Assessment?) -> ReportDocument.Cell {
        .missing(pick(a?.missingFigureLabel ?? text("数据不足", "no data")))
    }

    /// The latest cell of a series without a figure to show: 保密 when its newest figure is withheld
    /// (`ObservationStatus`, as in module tables), else 获取失败 or 数据不足 (``noData(_:)``).
    func noFigure(_ series: IndicatorSeries, _ a: Assessment?) -> ReportDocument.Cell {
        ObservationStatus.withheldLatest(visible, ids: [series.id]) != nil ? .missing(pick(text("保密", "confidential"))) : noData(a)
    }

    /// The wording of an indicator's result: 数据不足 when nothing is published whatever the status
    /// (待评估 included), 保密 when its only figures are withheld, else the evaluation kind's label.
    func label(_ indicator: Indicator, _ a: Assessment?) -> LocalizedText {
        if !hasFigure(indicator, a) {
            if withheld(indicator) != nil { return text("保密", "confidential") }
            return a?.missingFigureLabel ?? text("数据不足", "no data")
        }
        return wording.label(a)
    }

    func row(id: String, name: LocalizedText, series: IndicatorSeries?, attribute: Attribute?, _ a: Assessment?) -> [ReportDocument.Cell] {
        let unit = series.map { " (\($0.unit))" } ?? ""
        // An unconfirmed measure check withholds the status: say why beside the name, in both languages.
        let check = ([a?.measureCheck] + (a?.components.map(\.measureCheck) ?? [])).compactMap { $0 }.contains { !$0.confirmed }
        let flag = check ? Assessment.MeasureCheck.label : nil
        let nameCell = ReportDocument.Cell.text(pick(LocalizedText(
            zh: name.zh + unit + (flag.map { "［\($0.zh)］" } ?? ""),
            en: name.en.map { $0 + unit + (flag.map { " [\($0.en ?? $0.zh)]" } ?? "") })))
        let attributeCell: ReportDocument.Cell = attribute.map { .text(pick($0.label)) } ?? .text("")
        // The plan's baseline, never a later figure the engine measured from (one figure, no baseline).
        let base: ReportDocument.Cell = series?.baseline?.value.map { .number($0, decimals: IndicatorSections.decimals(for: series, showing: $0)) } ?? .missing("—")
        let latest: ReportDocument.Cell
        let year: ReportDocument.Cell
        let target: ReportDocument.Cell
        if let series {
            latest = Self.latest(a, series).map { .number($0.value, decimals: IndicatorSections.latestDecimals(a, series)) }
                ?? noFigure(series, a)
            year = IndicatorSections.yearCell(Self.latest(a, series)?.year, provisional: a?.latestIsProvisional ?? false, pick: pick)
            target = .text(pickOne(IndicatorSections.targetWords(series)))
        } else {
            latest = .text(pick(text("见分项", "see items")))
            year = a?.currentYear.map { .text(String($0)) } ?? .missing("—")
            target = .text(pick(text("见分项", "see items")))
        }
        let progress: ReportDocument.Cell = a?.progressValue.map { .number($0, decimals: 2) } ?? .missing("—")
        let share: ReportDocument.Cell
        if let p = a?.progressShare, let e = a?.elapsedShare {
            share = .text(String(format: "%.0f%% / %.0f%%", p * 100, e * 100))
        } else {
            share = .missing("—")
        }
        return [.text(id), nameCell, attributeCell, base, latest, year, target, .text(pick(wording.label(a))), progress, share]
    }

    /// The latest figure and its year: the assessment's, or, when the engine could not assess (one
    /// figure and no baseline), the latest published one — a figure that exists is always shown.
    static func latest(_ a: Assessment?, _ series: IndicatorSeries) -> (value: Double, year: Int)? {
        guard let value = IndicatorSections.latestFigure(a, series), let year = IndicatorSections.latestYear(a) else { return nil }
        return (value, year)
    }

    /// Year by year from the base year to the cut-off (ReportKit's compliance table, in the report's language).
    func yearly(_ indicators: [Indicator], context: ReportContext) -> ReportDocument.Section {
        let last = min(definition.asOf ?? plan.endYear, plan.endYear)
        return IndicatorSections(context: context, indicators: indicators)
            .complianceSection(years: (plan.startYear - 1)...max(plan.startYear - 1, last), pick: pick)
    }

    func missing(_ indicators: [Indicator], _ assessments: [String: Assessment]) -> ReportDocument.Section {
        // Published but not assessable (one year only) is not missing: listed apart, with what it lacks;
        // so is a withheld figure (published as confidential). No figure at all is missing, 待评估 or not.
        let gaps = gaps(indicators, assessments)
        let (without, confidential, short, lost, unmatched) = (gaps.without, gaps.confidential, gaps.short, gaps.lost, gaps.unmatched)
        let cutoff = definition.asOf.map { text("截至\($0)年", "Up to \($0)") } ?? text("截至目前", "So far")
        func names(_ list: [Indicator]) -> [LocalizedText] {
            list.map { LocalizedText(zh: "\($0.id) \($0.name.zh)", en: "\($0.id) \($0.name.en ?? $0.name.zh)") }
        }
        var blocks: [ReportDocument.Block] = []
        /// Each name with its label (the source that failed or answered without it).
        func labelled(_ list: [Indicator], _ fallback: LocalizedText) -> [LocalizedText] {
            zip(names(list), list).map { name, indicator in
                let label = assessments[indicator.id]?.missingFigureLabel ?? fallback
                return LocalizedText(zh: "\(name.zh)（\(label.zh)）", en: "\(name.en ?? name.zh) (\(label.en ?? ""))")
            }
        }
        if without.isEmpty && lost.isEmpty && unmatched.isEmpty {
            blocks.append(.paragraph(text("\(cutoff.zh)，所选指标均有公开数据。", "\(cutoff.en ?? ""), every selected indicator has a published figure.")))
        } else if !without.isEmpty {
            blocks.append(.paragraph(text("\(cutoff.zh)，以下\(without.count)项指标没有可用的公开统计数据，本报告未作评价（不按零计）：",
                                          "\(cutoff.en ?? ""), these \(without.count) indicators have no usable published figure and are not assessed (never counted as zero):")))
            blocks.append(.notes(names(without)))
        }
        // Lost to a source known to deliver them, apart from those a source of unknown series may have had.
        let possible = lost.filter { assessments[$0.id]?.isPossiblyFetchFailed == true }
        let known = lost.filter { assessments[$0.id]?.isPossiblyFetchFailed != true }
        if !known.isEmpty {
            blocks.append(.paragraph(text("以下\(known.count)项指标的数据源本次获取失败，数据缺失（不属数据不足，原因见 manifest.json）：",
                                          "These \(known.count) indicators lack figures because their source failed this run (they are not unpublished; the reason is in manifest.json):")))
            blocks.append(.notes(labelled(known, Assessment.fetchFailedLabel([]))))
        }
        if !possible.isEmpty {
            let sources = Set(possible.flatMap { assessments[$0.id]?.failedSources ?? [] }).sorted().joined(separator: ", ")
            blocks.append(.paragraph(text("以下\(possible.count)项指标没有数据。数据源 \(sources) 本次获取失败，且无法事先确定其提供哪些指标，这些指标的数据可能因此缺失，不能断定为数据不足（原因见 manifest.json）：",
                                          "These \(possible.count) indicators have no figure. Source \(sources) failed this run and which indicators it delivers is not known, so their figures may be lost with it; they cannot be called unpublished (the reason is in manifest.json):")))
            blocks.append(.notes(names(possible)))
        }
        if !unmatched.isEmpty {
            blocks.append(.paragraph(text("以下\(unmatched.count)项指标的数据源本次有应答，但未返回该指标的数据（映射未匹配或查询未返回数据期，不属数据不足；用 planwatch inspect --source 检查查询和映射）：",
                                          "The sources of these \(unmatched.count) indicators answered this run without a figure for them (the mapping matched nothing or the query returned no periods; they are not unpublished; check the query and mapping with planwatch inspect --source):")))
            blocks.append(.notes(labelled(unmatched, Assessment.unmatchedLabel([]))))
        }
        if !confidential.isEmpty {
            blocks.append(.paragraph(text("以下\(confidential.count)项指标最新年份的数据保密（已公布但不公开数值，不属数据不足）：",
                                          "The newest figure of these \(confidential.count) indicators is withheld as confidential (published but not disclosed; not missing):")))
            blocks.append(.notes(names(confidential)))
        }
        if !short.isEmpty {
            blocks.append(.paragraph(text("以下\(short.count)项指标已有公开数据，但无法计算进度（不属数据不足），须补充数据：",
                                          "These \(short.count) indicators have published figures but no progress can be computed (they are not missing); more figures are needed:")))
            blocks.append(.notes(zip(names(short), short).map { name, indicator in
                let label = assessments[indicator.id]?.statusLabel ?? Assessment.oneYearLabel
                return LocalizedText(zh: "\(name.zh)（\(label.zh)）", en: "\(name.en ?? name.zh) (\(label.en ?? ""))")
            }))
        }
        return .init(id: "missing", title: text("数据缺口", "Missing figures"), blocks: blocks)
    }

    func method(_ indicators: [Indicator], _ assessments: [String: Assessment]) -> ReportDocument.Section {
        var notes = [wording.explanation]
        if let asOf = definition.asOf {
            notes.append(text("仅使用\(asOf)年及以前的数据：此后公布的数据不影响本报告。", "Only figures for \(asOf) and earlier are used: anything published for later years does not change this report."))
        }
        for indicator in indicators {
            guard let a = assessments[indicator.id], a.status != .notAvailable else { continue }
            var en = IndicatorSections.explanation(a, of: indicator)
            if !a.warnings.isEmpty { en += " Warnings: " + a.warnings.joined(separator: "; ") }
            // The engine names the measure check in both languages; an English page keeps the English.
            if definition.language == .en { en = en.replacingOccurrences(of: "\(Assessment.MeasureCheck.label.zh) / ", with: "") }
            notes.append(LocalizedText(zh: "\(indicator.id) \(indicator.name.zh)：\(wording.label(a).zh)（评估状态：\(a.status.chinese)）", en: en))
        }
        return .init(id: "method", title: text("评估说明", "How each assessment was reached"), blocks: [.notes(notes)])
    }

    func closing() -> ReportDocument.Section? {
        var blocks: [ReportDocument.Block] = []
        if let closing = definition.closing { blocks.append(.paragraph(closing)) }
        // 落款: the issuing office, then the date, each on its own line.
        if let issuer = definition.issuer {
            blocks.append(.paragraph(issuer.office))
            if let date = issuer.date { blocks.append(.paragraph(LocalizedText(zh: date, en: date))) }
        }
        guard !blocks.isEmpty else { return nil }
        return .init(id: "closing", title: text("结语", "Closing"), blocks: blocks)
    }
}
