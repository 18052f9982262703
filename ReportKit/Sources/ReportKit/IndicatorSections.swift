import Foundation

/// Ready-made sections every module report uses: the status dashboard, the indicator table, one chart
/// per indicator with data, and the warnings behind the statuses. A module composes these with its own
/// sections; they only lay out what the assessments already say, computing nothing new.
public struct IndicatorSections: Sendable {
    /// The context the sections read assessments and facts from.
    public var context: ReportContext
    /// The indicators laid out, in this order.
    public var indicators: [Indicator]

    /// Sections for `indicators`, read from `context`.
    public init(context: ReportContext, indicators: [Indicator]) {
        self.context = context
        self.indicators = indicators
    }

    private func assessment(_ indicator: Indicator) -> Assessment? { context.assessments[indicator.id] }

    /// Counts by status with binding alerts listed first.
    public func summary() -> ReportDocument.Section {
        var counts: [AssessmentStatus: Int] = [:]
        var alerts: [LocalizedText] = []
        var unassessed: [(label: LocalizedText, ids: [String])] = []
        var lost: [(label: LocalizedText, ids: [String])] = []
        for indicator in indicators {
            let status = assessment(indicator)?.status ?? .notAvailable
            // Counted apart: the dashboard's 数据不足 means nothing published (not lost to a failed source).
            if let a = assessment(indicator), a.isLostToSource {
                if let i = lost.firstIndex(where: { $0.label == a.statusLabel }) { lost[i].ids.append(indicator.id) } else {
                    lost.append((a.statusLabel, [indicator.id]))
                }
            } else if let a = assessment(indicator), a.isUnassessedWithFigures {
                if let i = unassessed.firstIndex(where: { $0.label == a.statusLabel }) { unassessed[i].ids.append(indicator.id) } else {
                    unassessed.append((a.statusLabel, [indicator.id]))
                }
            } else {
                counts[status, default: 0] += 1
            }
            if assessment(indicator)?.bindingAlert == true {
                alerts.append(LocalizedText(zh: "\(indicator.id) \(indicator.name.zh)", en: indicator.name.en.map { "\(indicator.id) \($0)" }))
            }
        }
        // 已实现 when every achieved target was achieved by its target year; 提前实现 only when none
        // was; a mix says both.
        let achieved = indicators.compactMap(assessment).filter { $0.status == .targetAchieved }
        let late = achieved.filter(\.isAchievedAfterTargetYear).count
        var labels: [AssessmentStatus: LocalizedText]?
        if late > 0 {
            labels = [.targetAchieved: late == achieved.count
                ? LocalizedText(zh: "已实现", en: "achieved")
                : LocalizedText(zh: "已实现或提前实现", en: "achieved (some ahead of time)")]
        }
        var blocks: [ReportDocument.Block] = [.summary(ReportDocument.StatusSummary(counts: counts, bindingAlerts: alerts, labels: labels))]
        for group in unassessed {
            blocks.append(.paragraph(LocalizedText(
                zh: "另有\(group.ids.count)项指标已有公开数据，\(group.label.zh)：\(group.ids.joined(separator: "、"))。",
                en: "\(group.ids.count) more \(group.ids.count == 1 ? "indicator has" : "indicators have") published figures, \(group.label.en ?? ""): \(group.ids.joined(separator: ", ")).")))
        }
        for group in lost {
            blocks.append(.paragraph(LocalizedText(
                zh: "另有\(group.ids.count)项指标本次缺数（不属数据不足），\(group.label.zh)：\(group.ids.joined(separator: "、"))。",
                en: "\(group.ids.count) more \(group.ids.count == 1 ? "indicator lacks its figures" : "indicators lack their figures") this run, \(group.label.en ?? "") (not unpublished): \(group.ids.joined(separator: ", ")).")))
        }
        return ReportDocument.Section(id: "summary", title: LocalizedText(zh: "总体进展", en: "Summary"), blocks: blocks)
    }

    /// The columns of ``table(id:caption:)``: id, name, attribute, base, latest, year, target, status, progress.
    public static let tableColumns: [ReportDocument.Column] = [
        .init(id: "id", title: LocalizedText(zh: "编号", en: "ID")),
        .init(id: "name", title: LocalizedText(zh: "指标", en: "Indicator")),
        .init(id: "attribute", title: LocalizedText(zh: "属性", en: "Attribute")),
        .init(id: "base", title: LocalizedText(zh: "基期", en: "Base"), alignment: .trailing),
        .init(id: "current", title: LocalizedText(zh: "最新", en: "Latest"), alignment: .trailing),
        .init(id: "year", title: LocalizedText(zh: "年份", en: "Year"), alignment: .trailing),
        .init(id: "target", title: LocalizedText(zh: "目标", en: "Target"), alignment: .trailing),
        .init(id: "status", title: LocalizedText(zh: "进展", en: "Status")),
        .init(id: "progress", title: LocalizedText(zh: "进度", en: "Progress")),
        // Short headings keep the printed table on A4; the method notes say what each figure is.
        .init(id: "time_share", title: LocalizedText(zh: "任务/时间进度", en: "Done / time gone"), alignment: .trailing),
        .init(id: "projection", title: LocalizedText(zh: "期末预测", en: "Projected"), alignment: .trailing),
    ]

    /// 时间过半、任务过半 as a cell: the share of the change done beside the share of time gone
    /// ("44% / 60%"), "—" when the assessment has neither.
    public static func timeShareCell(_ a: Assessment?) -> ReportDocument.Cell {
        guard let p = a?.progressShare, let e = a?.elapsedShare else { return .missing("—") }
        return .text(String(format: "%.0f%% / %.0f%%", p * 100, e * 100))
    }

    /// One row per indicator: base, latest (marked when provisional), year, target, status, progress
    /// value, time-share check and projection. Missing figures are shown as missing, never as zero.
    public func table(id: String = "indicators", caption: LocalizedText = LocalizedText(zh: "指标进展", en: "Indicator progress")) -> ReportDocument.Table {
        var sources: [String] = []
        var rowSources: [ReportDocument.Table.RowSource] = []
        let rows: [[ReportDocument.Cell]] = indicators.map { indicator in
            let a = assessment(indicator)
            let series = indicator.series.first
            let decimals = Self.decimals(for: series)
            let lines = Self.sourceLines(indicator: indicator, observations: a?.observations ?? [])
            sources += lines
            rowSources.append(.init(source: lines.joined(separator: "; "), date: Self.sourceDate(a?.observations ?? [])))
            // The plan's baseline, never a later figure the engine measured from (one figure, no baseline).
            let base: ReportDocument.Cell = series?.baseline?.value.map { .number($0, decimals: Self.decimals(for: series, showing: $0)) } ?? .missing("—")
            let current: ReportDocument.Cell = indicator.series.count > 1
                ? .text("\(indicator.series.count)项 / \(indicator.series.count) series")
                : (Self.latestFigure(a, series).map { .number($0, decimals: Self.latestDecimals(a, series)) } ?? Self.missingCell(a, fallback: withheldLatest(indicator) ?? "—"))
            let year: ReportDocument.Cell = indicator.series.count > 1
                ? (a?.currentYear.map { .text(String($0)) } ?? .missing("—"))
                : Self.yearCell(Self.latestYear(a), provisional: a?.latestIsProvisional ?? false)
            let targetText = indicator.series.count > 1
                ? "\(indicator.series.count)项 / \(indicator.series.count) targets"
                : (series.map { Self.targetText($0) } ?? "")
            let status = Self.statusCell(a)
            let progress: ReportDocument.Cell
            if let r = a?.progressValue {
                progress = .progress(max(0, min(1, r)), label: String(format: "R=%.2f", r))
            } else if a?.status == .targetAchieved {
                progress = .progress(1, label: "100%")
            } else {
                progress = .missing("—")
            }
            var name = Self.nameWithUnit(indicator)
            if a?.observations.contains(where: { $0.provenance.isDerived }) == true { name += " [推算 / derived]" }
            let checks = ([a?.measureCheck] + (a?.components.map(\.measureCheck) ?? [])).compactMap { $0 }
            if checks.contains(where: { !$0.confirmed }) {
                let label = Assessment.MeasureCheck.label
                name += " [\(label.bilingual)]"
            }
            let projection: ReportDocument.Cell = indicator.series.count == 1
                ? (a?.projectedValue.map { .number($0, decimals: decimals) } ?? .missing("—")) : .missing("—")
            return [
                .text(indicator.id), .text(name),
                .text(indicator.attribute.label.zh), base, current, year, .text(targetText), status, progress,
                Self.timeShareCell(a), projection,
            ]
        }
        return ReportDocument.Table(id: id, caption: caption, columns: Self.tableColumns, rows: rows, sources: sources, rowSources: rowSources)
    }

    /// The newest publication date of the figures where a feed gives one, else the newest retrieval
    /// date, `yyyy-MM-dd`; nil when neither is known (curated figures name their publication).
    public static func sourceDate(_ observations: [Observation]) -> String? {
        let published = observations.compactMap(\.provenance.published).max()
        return published ?? observations.compactMap(\.provenance.retrievedAt).max().map(day)
    }

    /// A status cell in the words a report read now uses (``Assessment/statusLabel``): the engine's
    /// label, or 已实现 / achieved for a target achieved by its target year.
    public static func statusCell(_ a: Assessment?, alert: Bool? = nil) -> ReportDocument.Cell {
        let status = a?.status ?? .notAvailable
        let alert = alert ?? a?.bindingAlert ?? false
        guard let a, a.statusLabel != status.label else { return .status(status, alert: alert) }
        return .wordedStatus(status, alert: alert, label: a.statusLabel)
    }

    /// One line per source of an indicator's figures, for a director to check them: the indicator,
    /// the publisher and publication, the years the figures are for, the publication date where the
    /// feed gives it, the address, and last the date planwatch retrieved it. Cells of one payload
    /// share a line (their `#position` is dropped); a derived figure lists its inputs.
    public static func sourceLines(indicator: Indicator, observations: [Observation]) -> [String] {
        sourceLines(subject: "\(indicator.id) \(indicator.name.zh)", observations: observations)
    }

    /// The same for any figures, each line led by `subject` (an indicator, or a context id).
    public static func sourceLines(subject: String, observations: [Observation]) -> [String] {
        struct Key: Hashable { var title: String; var publisher: String?; var address: String }
        var order: [Key] = []
        var years: [Key: Set<Int>] = [:]
        var published: [Key: Set<String>] = [:]
        var retrieved: [Key: Set<String>] = [:]
        var derived: [String] = []
        for o in observations {
            // A derived figure lists the expression and every input with its own source and date.
            if o.provenance.isDerived {
                let inputs = (o.provenance.inputs ?? []).map(\.summary).joined(separator: "; ")
                let line = "\(subject): \(o.provenance.sourceTitle ?? Self.derivedLabel.bilingual) (\(o.period)): \(inputs)"
                if !derived.contains(line) { derived.append(line) }
                continue
            }
            let p = o.provenance
            let key = Key(title: p.sourceTitle ?? p.sourceID, publisher: p.publisher, address: p.address.hasPrefix("http") ? p.address : "")
            if years[key] == nil { order.append(key) }
            years[key, default: []].insert(o.period.year)
            if let date = p.published { published[key, default: []].insert(date) }
            if let date = p.retrievedAt { retrieved[key, default: []].insert(day(date)) }
        }
        let lines = order.map { key -> String in
            var line = "\(subject): "
            if let publisher = key.publisher, !key.title.contains(publisher) { line += "\(publisher) " }
            line += "\(key.title), \(yearText(years[key] ?? []))"
            if let dates = published[key], !dates.isEmpty { line += "; \(Self.publishedLabel.bilingual) \(dates.sorted().joined(separator: ", "))" }
            // The address lets a reader check the figure; renderers print it as text, never as a link.
            if !key.address.isEmpty { line += " — \(key.address)" }
            if let dates = retrieved[key], !dates.isEmpty { line += " (\(Self.retrievedLabel.bilingual) \(dates.sorted().joined(separator: ", ")))" }
            return line
        }
        return lines + derived
    }

    /// The words a source line is labelled with; built bilingual, cut to one language by
    /// ``sourceLine(_:pick:)`` for a one-language report.
    public static let retrievedLabel = LocalizedText(zh: "获取", en: "retrieved")
    public static let publishedLabel = LocalizedText(zh: "发布", en: "published")
    public static let derivedLabel = LocalizedText(zh: "推算", en: "derived")

    /// A line of ``sourceLines(subject:observations:)`` with its labels in the language `pick` gives
    /// ("(获取 2026-12-02)" in a Chinese report); the titles and addresses are the sources' own.
    public static func sourceLine(_ line: String, pick: (LocalizedText) -> String) -> String {
        [retrievedLabel, publishedLabel, derivedLabel].reduce(line) { $0.replacingOccurrences(of: $1.bilingual, with: pick($1)) }
    }

    /// "2021年" or "2020–2022, 2024年": the years a source's figures are for, runs joined.
    static func yearText(_ years: Set<Int>) -> String {
        var runs: [String] = []
        var start: Int?
        var previous: Int?
        for year in years.sorted() {
            if let p = previous, year == p + 1 { previous = year; continue }
            if let s = start, let p = previous { runs.append(s == p ? "\(s)" : "\(s)–\(p)") }
            start = year
            previous = year
        }
        if let s = start, let p = previous { runs.append(s == p ? "\(s)" : "\(s)–\(p)") }
        return runs.joined(separator: ", ") + "年"
    }

    /// A chart per single-series indicator with at least one observation.
    public func charts() -> [ReportDocument.Chart] {
        indicators.compactMap { indicator -> ReportDocument.Chart? in
            guard indicator.series.count == 1, let series = indicator.series.first,
                  let a = assessment(indicator), !a.observations.filter({ $0.value != nil }).isEmpty,
                  series.target.kind != .qualitative,
                  // One published year is not a trend, and the chart's status would read 数据不足.
                  !a.isUnassessedWithFigures else { return nil }
            let points = a.observations.compactMap { o in o.value.map { ReportDocument.Chart.Point(year: o.period.year, value: $0) } }
            let baseline = (a.baseYear).flatMap { y in a.baseValue.map { ReportDocument.Chart.Point(year: y, value: $0) } }
            // A growth target is a rate, not a level: the chart shows the yearly rates against it.
            let target = series.target.value.map { ReportDocument.Chart.Point(year: series.target.year, value: $0) }
            var projection: [ReportDocument.Chart.Point] = []
            if let last = points.last, let projected = a.projectedValue, let ty = a.targetYear, ty > last.year {
                projection = [last, .init(year: ty, value: projected)]
            }
            return ReportDocument.Chart(
                id: "chart-\(indicator.id)", title: LocalizedText(zh: "\(indicator.id) \(indicator.name.zh)", en: indicator.name.en),
                unit: series.unit, observed: points, baseline: baseline, target: target,
                targetKind: series.target.kind, projection: projection, status: a.status,
                statusLabel: a.statusLabel == a.status.label ? nil : a.statusLabel)
        }
    }

    /// The engine's explanation led by the indicator id, which it already starts with when the
    /// indicator has one series of the same id ("K20: K20 has a ceiling" read as a stutter).
    public static func explanation(_ a: Assessment, of indicator: Indicator) -> String {
        a.explanation.hasPrefix("\(indicator.id) ") || a.explanation.hasPrefix("\(indicator.id):") ? a.explanation : "\(indicator.id): \(a.explanation)"
    }

    /// The explanation and warnings of every assessment, so a reader can check each status.
    public func explanations() -> ReportDocument.Section {
        var notes: [LocalizedText] = [LocalizedText(
            zh: "任务/时间进度：已完成的变化占规划要求变化的比例 / 已过时间占规划期的比例（“时间过半、任务过半”）；期末预测：按已观测的年均增速外推到目标年的数值；年份后的（初步）表示来源标注为初步或预计数。",
            en: "Done / time gone: the share of the planned change achieved / the share of the plan period gone; projected: the value at the target year if the observed average growth holds; (provisional) after a year marks a figure its source calls provisional or estimated.")]
        for indicator in indicators {
            guard let a = assessment(indicator) else {
                notes.append(LocalizedText(zh: "\(indicator.id)：暂无数据，无法评估。", en: "\(indicator.id): no data; not assessed."))
                continue
            }
            var en = Self.explanation(a, of: indicator)
            if !a.warnings.isEmpty { en += " Warnings: " + a.warnings.joined(separator: "; ") }
            notes.append(LocalizedText(zh: "\(indicator.id) \(indicator.name.zh)：\(a.statusLabel.zh)", en: en))
            for note in indicator.notes { notes.append(LocalizedText(zh: "\(indicator.id) 注：\(note.zh)", en: note.en)) }
        }
        return ReportDocument.Section(id: "method", title: LocalizedText(zh: "评估说明", en: "How each status was reached"), blocks: [.notes(notes)])
    }

    /// The standard body: summary, table, charts, explanations.
    public func standardSections() -> [ReportDocument.Section] {
        var sections = [summary()]
        sections.append(ReportDocument.Section(id: "indicators", title: LocalizedText(zh: "指标进展", en: "Indicator progress"), blocks: [.table(table())]))
        let charts = charts()
        if !charts.isEmpty {
            sections.append(ReportDocument.Section(id: "charts", title: LocalizedText(zh: "趋势图", en: "Trends"), blocks: charts.map { .chart($0) }))
        }
        sections.append(explanations())
        return sections
    }

    /// Facts shown under every title: plan, profile, stale sources.
    public static func facts(context: ReportContext) -> [ReportDocument.KeyValue] {
        var facts = [
            ReportDocument.KeyValue(key: LocalizedText(zh: "规划", en: "Plan"), value: context.plan.name.bilingual),
            ReportDocument.KeyValue(key: LocalizedText(zh: "评估方法", en: "Method"), value: context.profile.id.rawValue),
        ]
        for (source, note) in context.sourceNotes.sorted(by: { $0.key < $1.key }) {
            facts.append(ReportDocument.KeyValue(key: LocalizedText(zh: "数据源 \(source)", en: "Source \(source)"), value: note))
        }
        return facts
    }

    /// The decimals to print a series' figures with: as many as its baseline or target is written
    /// with (at most four), or one when it has neither; percentages at least one (the convention of
    /// official tables: a plan target of 68% must not print 66.4% as 66). Use it for
    /// `.number(_:decimals:)` cells so a module's tables read like the standard ones.
    public static func decimals(for series: IndicatorSeries?) -> Int {
        guard let series else { return 1 }
        let samples = [series.baseline?.value, series.target.value].compactMap { $0 }
        let written = samples.map(decimals(of:)).max() ?? 1
        return series.unit == "%" || series.unit == "％" ? max(1, written) : written
    }

    /// The decimals to print one figure of `series` with: the series' own (``decimals(for:)``), or
    /// more when the figure was published with more — a county's 480.5 against a whole-number target
    /// stays 480.5. Published digits are never rounded away.
    /// A computed figure (`derived`: a ratio, an average) has no published digits: it keeps the series'.
    public static func decimals(for series: IndicatorSeries?, showing value: Double, derived: Bool = false) -> Int {
        derived ? decimals(for: series) : max(decimals(for: series), decimals(of: value))
    }

    /// The decimals of ``latestFigure(_:_:)``: its published digits when it is a published figure, the
    /// series' own when the engine computed it or the figure is derived (185 / 4710.67 × 100 stays 3.9).
    public static func latestDecimals(_ assessment: Assessment?, _ series: IndicatorSeries?) -> Int {
        guard let value = latestFigure(assessment, series),
              let last = assessment?.observations.last(where: { $0.value != nil }) else { return decimals(for: series) }
        return decimals(for: series, showing: value, derived: last.value != value || last.provenance.isDerived)
    }

    /// The decimals a figure is written with, at most four (4710.67 → 2, 5.1 → 1, 93 → 0).
    public static func decimals(of value: Double) -> Int {
        var d = 0
        var v = abs(value)
        while d < 4, abs(v - v.rounded()) > 1e-9 { v *= 10; d += 1 }
        return d
    }

    /// The latest published figure. For a growth target the assessment's current value is the average
    /// rate so far (what R compares with the target); the table shows the latest yearly rate, and the
    /// average stays in the explanation and the JSON.
    /// "保密 / confidential" when the table has no latest figure and the newest figure of the indicator
    /// is withheld (a status and no value), so that the row does not read as if nothing was published.
    func withheldLatest(_ indicator: Indicator) -> String? {
        ObservationStatus.withheldLatest(context.observations, ids: Set([indicator.id] + indicator.series.map(\.id)))
    }

    /// Without a current value (the engine could not assess: one year published and no baseline) it is
    /// the latest published figure: a figure that exists is always shown.
    public static func latestFigure(_ assessment: Assessment?, _ series: IndicatorSeries?) -> Double? {
        let last = assessment?.observations.last(where: { $0.value != nil })
        if series?.target.kind == .growth, let last { return last.value }
        return assessment?.currentValue ?? last?.value
    }

    /// The year of ``latestFigure(_:_:)``.
    public static func latestYear(_ assessment: Assessment?) -> Int? {
        assessment?.currentYear ?? assessment?.observations.last(where: { $0.value != nil })?.period.year
    }

    /// "地区生产总值增长 (%) / GDP growth (real)": the unit rides with the name to keep tables narrow.
    public static func nameWithUnit(_ indicator: Indicator) -> String {
        let units = Set(indicator.series.map(\.unit))
        let unit = units.count == 1 ? " (\(units.first!))" : ""
        guard let en = indicator.name.en, !en.isEmpty else { return indicator.name.zh + unit }
        return "\(indicator.name.zh)\(unit) / \(en)"
    }

    /// The target as a short cell: the number with its unit and the kind's sign. The plan's own
    /// wording (often a whole sentence) stays in `target.text` for the notes and the JSON.
    public static func targetText(_ series: IndicatorSeries) -> String {
        let t = series.target
        guard let value = t.value else { return t.text }
        let number = Self.format(value) + (series.unit == "%" ? "%" : " \(series.unit)")
        switch t.kind {
        case .growth: return "年均 ≥ \(number)"
        case .ceiling: return "≤ \(number)"
        case .floor: return "≥ \(number)"
        case .maintain: return "保持 \(number)"
        case .level: return (t.cumulative ? "累计 " : "") + number
        case .qualitative, .direction: return t.text
        }
    }

    /// ``targetText(_:)`` in both languages, for reports written in one: "保持 45.31%" / "maintain
    /// 45.31%", "年均 ≥ 7.5%" / "avg ≥ 7.5%". A qualitative or direction target is the plan's own
    /// sentence, which has no English.
    public static func targetWords(_ series: IndicatorSeries) -> LocalizedText {
        let t = series.target
        guard let value = t.value else { return LocalizedText(zh: t.text) }
        let number = Self.format(value) + (series.unit == "%" ? "%" : " \(series.unit)")
        switch t.kind {
        case .growth: return LocalizedText(zh: "年均 ≥ \(number)", en: "avg ≥ \(number)")
        case .maintain: return LocalizedText(zh: "保持 \(number)", en: "maintain \(number)")
        case .level where t.cumulative: return LocalizedText(zh: "累计 \(number)", en: "total \(number)")
        default: return LocalizedText(zh: targetText(series), en: targetText(series))
        }
    }

    /// Shortest decimal text of a figure, at most four decimals (45.31, 7.5, 1000).
    public static func format(_ value: Double) -> String {
        var text = String(format: "%.4f", value)
        while text.contains(".") && (text.hasSuffix("0") || text.hasSuffix(".")) { text.removeLast() }
        return text
    }

    /// `yyyy-MM-dd` in UTC: the date form reports print for retrieval and "data as of" dates.
    public static func day(_ date: Date) -> String {
        // Called for every figure of a table: a format style, not a new DateFormatter (ICU) each time.
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }
}

extension IndicatorSections {
    /// A module document with the standard facts and sections, whose id and title are the
    /// descriptor's unless given: the usual body of a module's `build(context:)`.
    ///
    /// ```swift
    /// IndicatorSections(context: context, indicators: mine).document(for: descriptor, extraSections: [scope])
    /// ```
    public func document(for descriptor: ModuleDescriptor, id: String? = nil, title: LocalizedText? = nil,
                         subtitle: LocalizedText? = nil, extraSections: [ReportDocument.Section] = []) -> ReportDocument {
        document(id: id ?? descriptor.id, title: title ?? descriptor.title, subtitle: subtitle, extraSections: extraSections)
    }

    /// A module document with the standard facts and sections, and the module's own sections after
    /// the indicator table.
    public func document(id: String, title: LocalizedText, subtitle: LocalizedText? = nil,
                         extraSections: [ReportDocument.Section] = []) -> ReportDocument {
        var sections = standardSections()
        // Domain sections go after the table and charts, before the method notes.
        sections.insert(contentsOf: extraSections, at: max(0, sections.count - 1))
        return ReportDocument(id: id, title: title, subtitle: subtitle, generatedAt: context.generatedAt,
                              facts: Self.facts(context: context), sections: sections)
    }

    /// A table of the series of one indicator (e.g. the seven 100-billion clusters); a single-series
    /// indicator gets one row.
    public func seriesTable(for indicator: Indicator) -> ReportDocument.Table {
        let a = context.assessments[indicator.id]
        let rows: [[ReportDocument.Cell]] = indicator.series.map { series in
            let component = a?.seriesResult(series.id)
            return [
                .text(series.id), .text(series.name.bilingual), .text(series.unit),
                Self.latestFigure(component, series).map { .number($0, decimals: Self.latestDecimals(component, series)) } ?? Self.missingCell(component),
                Self.yearCell(Self.latestYear(component), provisional: component?.latestIsProvisional ?? false),
                .text(Self.targetText(series)),
                // A series' alert belongs to its indicator's row.
                Self.statusCell(component, alert: false),
            ]
        }
        let columns: [ReportDocument.Column] = [
            .init(id: "id", title: LocalizedText(zh: "编号", en: "ID")),
            .init(id: "name", title: LocalizedText(zh: "分项", en: "Item")),
            .init(id: "unit", title: LocalizedText(zh: "单位", en: "Unit")),
            .init(id: "current", title: LocalizedText(zh: "最新", en: "Latest"), alignment: .trailing),
            .init(id: "year", title: LocalizedText(zh: "年份", en: "Year"), alignment: .trailing),
            .init(id: "target", title: LocalizedText(zh: "目标", en: "Target"), alignment: .trailing),
            .init(id: "status", title: LocalizedText(zh: "进展", en: "Status")),
        ]
        return ReportDocument.Table(id: "series-\(indicator.id)", caption: LocalizedText(zh: "\(indicator.id) \(indicator.name.zh)", en: indicator.name.en),
                                    columns: columns, rows: rows,
                                    // The same source lines as the indicator table's.
                                    sources: IndicatorSections(context: context, indicators: [indicator]).table().sources)
    }

    /// A reference table supplied as data (config or plan `reference_data`), columns in first-row order.
    public static func referenceTable(id: String, caption: LocalizedText, rows: [[String: String]], columns: [(key: String, title: LocalizedText)]) -> ReportDocument.Table {
        ReportDocument.Table(
            id: id, caption: caption,
            columns: columns.map { ReportDocument.Column(id: $0.key, title: $0.title) },
            rows: rows.map { row in columns.map { column in row[column.key].map { .text($0) } ?? .missing("—") } })
    }
}

extension IndicatorSections {
    /// One table per multi-series indicator, or nothing when every indicator has a single series.
    public func subTargetSections() -> [ReportDocument.Section] {
        let multi = indicators.filter { $0.series.count > 1 }
        guard !multi.isEmpty else { return [] }
        return [ReportDocument.Section(id: "details", title: LocalizedText(zh: "分项目标", en: "Sub-targets"),
                                       blocks: multi.map { .table(seriesTable(for: $0)) })]
    }
}
