import Foundation
import ReportKit

/// `for_each: region`: one report per county or district, named `report-<id>-<code>` so that file
/// names stay the same from run to run whatever the data.
extension DepartmentReport {
    /// The definition's `regions:` in their order, else every plan region that has a target of its own
    /// or a figure among the selected indicators, in the plan's order.
    public func fanOutRegions() -> [Region] {
        let names = Dictionary(regions.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        if !definition.regions.isEmpty {
            return definition.regions.map { names[$0] ?? Region(code: $0, name: LocalizedText(zh: $0, en: $0)) }
        }
        let selected = Set(definition.indicators.compactMap { plan.indicator(id: $0) }.flatMap(\.series).map(\.id))
        let withTargets = Set(seriesRegions.filter { selected.contains($0.key) }.values)
        // A set of codes, not a filtered copy of the county figures (780,000 of them in the benchmark).
        var withFigures: Set<String> = []
        for o in regionalObservations where selected.contains(o.indicator) { withFigures.insert(o.region) }
        return regions.filter { withTargets.contains($0.code) || withFigures.contains($0.code) }
    }

    /// The report for one region: the selected indicators cut to that region's own series, assessed
    /// against its own targets with its own figures. A region with no target or no figure gets a
    /// report that says so.
    public func regional(_ region: Region) -> ReportDocument {
        regional(region, countyFigures: regionalObservations.filter { $0.region == region.code })
    }

    /// Every region's report, with the county figures indexed by region once (not filtered once per
    /// region); the index holds positions, not a second copy of every figure.
    /// `workers`: regions built at once (threads); the documents are the same for any number.
    public func regionalReports(workers: Int = ProcessInfo.processInfo.activeProcessorCount) -> [ReportDocument] {
        var positions: [String: [Int]] = [:]
        for (i, o) in regionalObservations.enumerated() { positions[o.region, default: []].append(i) }
        // Each region's report is built on its own (assessed with its own figures): on every core.
        let regions = fanOutRegions()
        return OrderedParallel.map(regions.count, workers: workers) { [positions] i in
            regional(regions[i], countyFigures: (positions[regions[i].code] ?? []).map { regionalObservations[$0] })
        }
    }

    func regional(_ region: Region, countyFigures: [Observation]) -> ReportDocument {
        let own = Set(seriesRegions.filter { $0.value == region.code }.keys)
        var indicators: [Indicator] = []
        for id in definition.indicators {
            guard var indicator = plan.indicator(id: id) else { continue }
            if indicator.series.contains(where: { seriesRegions[$0.id] != nil }) {
                // Per-county targets: the county's own series.
                indicator.series = indicator.series.filter { own.contains($0.id) }
            } else if !countyFigures.contains(where: { o in indicator.series.contains { $0.id == o.indicator } }) {
                // A city-wide target with no figure for this county: nothing to report here.
                continue
            }
            // Otherwise a city-wide target with the county's own figures, judged against the city's target.
            if !indicator.series.isEmpty { indicators.append(indicator) }
        }
        var regionalPlan = plan
        regionalPlan.region = region
        regionalPlan.indicators = indicators
        var def = definition
        def.id = "\(definition.id)-\(region.code)"
        def.indicators = indicators.map(\.id)
        def.regions = []
        def.forEachRegion = false
        def.sections = definition.sections.filter { $0 != "regions" }
        def.title = LocalizedText(zh: "\(definition.title.zh)（\(region.name.zh)）",
                                  en: definition.title.en.map { "\($0) — \(region.name.en ?? region.name.zh)" })
        let figures = observations.filter { own.contains($0.indicator) }.map { o -> Observation in
            var o = o
            o.region = region.code
            return o
        } + countyFigures
        var report = DepartmentReport(definition: def, plan: regionalPlan, profile: profile, observations: figures,
                                      sourceNotes: sourceNotes, generatedAt: generatedAt)
        report.regions = regions
        report.seriesRegions = seriesRegions
        report.confirmedMeasures = confirmedMeasures
        report.failedSources = failedSources
        report.unconfirmedFailedSources = unconfirmedFailedSources
        report.unmatchedSources = unmatchedSources
        var document = report.build()
        let visible = report.visible.filter { $0.value != nil }
        let targetCount = indicators.flatMap(\.series).count
        // The ids whose figures the region's indicators would have had (`ids`), for the notices below.
        let ids = indicators.flatMap(Self.ids)
        let notice: LocalizedText?
        if indicators.isEmpty {
            notice = text("\(region.name.zh)在所选指标中没有本县（市、区）的目标，本报告无可评价内容。",
                          "\(region.name.en ?? region.name.zh) has no target of its own among the selected indicators; there is nothing to assess.")
        } else if visible.isEmpty, case let lostTo = Set(ids.flatMap { failedSources[$0] ?? [] } + unconfirmedFailedSources).sorted(), !lostTo.isEmpty {
            // Nothing to show, but a source that failed had (or may have had) the figures: not 数据不足.
            let list = lostTo.joined(separator: ", ")
            notice = text("\(region.name.zh)的\(targetCount)项目标本次没有取得数据：数据源 \(list) 获取失败，数据可能因此缺失，不能断定为数据不足，未作评价。",
                          "No figure was obtained this run for the \(targetCount) targets of \(region.name.en ?? region.name.zh): source \(list) failed and may have had them, so they cannot be called unpublished; nothing is assessed.")
        } else if visible.isEmpty, case let answered = Set(ids.flatMap { unmatchedSources[$0] ?? [] }.map(\.source)).sorted(), !answered.isEmpty {
            // A source that answered without these series: a mapping or query problem, not 数据不足.
            let list = answered.joined(separator: ", ")
            notice = text("\(region.name.zh)的\(targetCount)项目标本次没有取得数据：数据源 \(list) 有应答，但未返回这些指标的数据（映射未匹配或查询未返回数据期），不能断定为数据不足，未作评价。",
                          "No figure was obtained this run for the \(targetCount) targets of \(region.name.en ?? region.name.zh): source \(list) answered without them (the mapping matched nothing or the query returned no periods), so they cannot be called unpublished; nothing is assessed.")
        } else if visible.isEmpty {
            notice = text("\(region.name.zh)的\(targetCount)项目标尚无任何公开数据，以下各项均为“数据不足”，未作评价。",
                          "No figure has been published for any of the \(targetCount) targets of \(region.name.en ?? region.name.zh): every item below shows no data and is not assessed.")
        } else {
            notice = nil
        }
        var blocks = notice.map { [ReportDocument.Block.paragraph($0)] } ?? []
        let cityWide = indicators.filter { !$0.series.contains { seriesRegions[$0.id] != nil } }.map(\.id)
        if !cityWide.isEmpty {
            let list = cityWide.joined(separator: "、")
            blocks.append(.paragraph(text("\(list)没有分县（市、区）目标：按全市的基期和目标评价\(region.name.zh)自己的数据。",
                                          "\(cityWide.joined(separator: ", ")) have no county targets: \(region.name.en ?? region.name.zh)'s own figures are judged against the city's baseline and target.")))
        }
        if !blocks.isEmpty {
            let section = ReportDocument.Section(id: "data", title: text("数据情况", "Data"), blocks: blocks)
            document.sections.insert(section.localized(definition.language), at: 0)
        }
        return document
    }
}
