import ReportKit

/// 总览 / overview: the 26 key indicators of 专栏2 and a status count per module. Built into the host
/// because it spans every module.
public struct OverviewReport: ReportModule {
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(
            id: "overview", title: LocalizedText(zh: "规划实施总览", en: "Plan overview"),
            summary: LocalizedText(zh: "主要指标（专栏2）进展与各领域概况", en: "Key indicators (Box 2) and every domain at a glance"),
            // It reports the key indicators and a count per domain, not every indicator of a domain.
            version: "0.1.0", indicatorModules: [])
    }

    public func build(context: ReportContext) throws -> ReportDocument {
        // Key indicators are the 专栏2 rows (K01..K26); any plan without them shows all its indicators.
        let key = context.plan.indicators.filter { $0.seedReference.hasPrefix("专栏2") }
        let indicators = key.isEmpty ? context.plan.indicators : key
        let sections = IndicatorSections(context: context, indicators: indicators)
        var byModule: [[ReportDocument.Cell]] = []
        for module in PlanLoader.modules {
            let list = context.plan.indicators(inModule: module)
            guard !list.isEmpty else { continue }
            let statuses = list.map { context.assessments[$0.id]?.status ?? .notAvailable }
            let count = { (s: AssessmentStatus) in statuses.filter { $0 == s }.count }
            let alerts = list.filter { context.assessments[$0.id]?.bindingAlert == true }.count
            byModule.append([
                .text(module), .number(Double(list.count), decimals: 0),
                .number(Double(count(.targetAchieved) + count(.substantialProgress)), decimals: 0),
                .number(Double(count(.moderateProgress) + count(.limitedProgress)), decimals: 0),
                .number(Double(count(.deterioration) + count(.notAchieved)), decimals: 0),
                .number(Double(count(.notAvailable) + count(.pending)), decimals: 0),
                .number(Double(alerts), decimals: 0),
            ])
        }
        let moduleTable = ReportDocument.Table(
            id: "modules", caption: LocalizedText(zh: "各领域指标概况", en: "Indicators by domain"),
            columns: [
                .init(id: "module", title: LocalizedText(zh: "领域", en: "Module")),
                .init(id: "total", title: LocalizedText(zh: "指标数", en: "Indicators"), alignment: .trailing),
                .init(id: "on_course", title: LocalizedText(zh: "达标或符合预期", en: "On course"), alignment: .trailing),
                .init(id: "lagging", title: LocalizedText(zh: "滞后", en: "Lagging"), alignment: .trailing),
                .init(id: "off_course", title: LocalizedText(zh: "逆向或未实现", en: "Off course"), alignment: .trailing),
                // Not assessed: nothing published, pending evidence, or published but one year only.
                .init(id: "no_data", title: LocalizedText(zh: "未评价", en: "Not assessed"), alignment: .trailing),
                .init(id: "alerts", title: LocalizedText(zh: "约束性预警", en: "Binding alerts"), alignment: .trailing),
            ],
            rows: byModule)
        var notes = context.plan.notes
        notes.append(LocalizedText(zh: "“数据不足”表示尚无可用的公开统计数据，并非数值为零。",
                                   en: "\"No data\" means no published figure is available yet; it never means zero."))
        notes.append(LocalizedText(zh: "“未评价”包括数据不足、待评估（尚无考核结果）和仅有1年数据无法计算进度的指标。",
                                   en: "\"Not assessed\" counts indicators with no data, pending ones (no assessment result yet) and those with only one year published."))
        var extra = [
            ReportDocument.Section(id: "modules", title: LocalizedText(zh: "各领域概况", en: "Domains"), blocks: [.table(moduleTable)]),
        ]
        if let context = Self.contextSection(context.contextObservations) { extra.append(context) }
        if !context.dataProblems.isEmpty {
            // The same sentences as on standard error and in manifest.json `problems`, so a reader of
            // the report sees why a figure is missing.
            extra.append(ReportDocument.Section(
                id: "data-problems", title: LocalizedText(zh: "数据问题", en: "Data problems"),
                blocks: [.paragraph(LocalizedText(zh: "以下问题使部分数据未能使用，相关指标在表中注明原因（如“映射未匹配”“获取失败”），或显示为“数据不足”：",
                                                  en: "Because of these problems some figures could not be used; the indicators concerned show the reason in the tables (mapping matched nothing, fetch failed) or \"no data\":")),
                         .notes(context.dataProblems.map { LocalizedText(zh: $0) })]))
        }
        extra.append(ReportDocument.Section(id: "plan-notes", title: LocalizedText(zh: "说明", en: "Notes"), blocks: [.notes(notes)]))
        return sections.document(
            id: descriptor.id, title: LocalizedText(zh: "\(context.plan.region.name.zh)规划实施监测报告", en: "\(context.plan.region.name.en ?? context.plan.region.name.zh) plan monitoring report"),
            subtitle: LocalizedText(zh: context.plan.name.zh, en: context.plan.name.en), extraSections: extra)
    }

    /// Periods shown per context series and region (the latest), and rows in all.
    static let contextPeriodsShown = 5
    static let contextRowsShown = 200

    /// 背景数据 / context figures: what the sources delivered for `x.` ids, with region, period, source
    /// and publication date. Monthly figures (a mapping without `annual:`) are listed by month.
    static func contextSection(_ observations: [Observation]) -> ReportDocument.Section? {
        guard !observations.isEmpty else { return nil }
        var groups: [String: [Observation]] = [:]
        for o in observations { groups["\(o.indicator)\u{1}\(o.region)", default: []].append(o) }
        var rows: [[ReportDocument.Cell]] = []
        var sourceTails: [String] = []
        var sourceIDs: [[String]] = []
        var omitted = 0
        var monthly = false
        for key in groups.keys.sorted() {
            let list = groups[key]!.sorted { $0.period < $1.period }
            let shown = list.suffix(contextPeriodsShown)
            // Source lines as under the indicator table keep the rows short (the titles of curated
            // figures are sentences); series sharing a publication and years share a line.
            let id = list[0].indicator
            for line in IndicatorSections.sourceLines(subject: id, observations: Array(shown)) {
                let tail = String(line.dropFirst(id.count + 2))
                if let index = sourceTails.firstIndex(of: tail) {
                    if !sourceIDs[index].contains(id) { sourceIDs[index].append(id) }
                } else {
                    sourceTails.append(tail)
                    sourceIDs.append([id])
                }
            }
            omitted += list.count - shown.count
            for o in shown {
                guard rows.count < contextRowsShown else { omitted += 1; continue }
                if o.period.frequency != .annual { monthly = true }
                rows.append([
                    .text(o.indicator), o.region.isEmpty ? .missing("—") : .text(o.region), .text(o.period.description),
                    o.value.map { .number($0, decimals: IndicatorSections.decimals(of: $0)) } ?? .missing(o.status ?? "—"),
                    o.unit.map { .text($0) } ?? .missing("—"),
                    .text(o.provenance.publisher ?? o.provenance.sourceID),
                ])
            }
        }
        let table = ReportDocument.Table(
            id: "context", caption: LocalizedText(zh: "背景数据（不参与评估）", en: "Context figures (not assessed)"),
            columns: [
                .init(id: "series", title: LocalizedText(zh: "编号", en: "Series")),
                .init(id: "region", title: LocalizedText(zh: "地区", en: "Region")),
                .init(id: "period", title: LocalizedText(zh: "期间", en: "Period")),
                .init(id: "value", title: LocalizedText(zh: "数值", en: "Value"), alignment: .trailing),
                .init(id: "unit", title: LocalizedText(zh: "单位", en: "Unit")),
                .init(id: "source", title: LocalizedText(zh: "数据源", en: "Source")),
            ],
            rows: rows, sources: sourceTails.indices.map { "\(sourceIDs[$0].joined(separator: ", ")): \(sourceTails[$0])" })
        var notes: [LocalizedText] = []
        if monthly {
            notes.append(LocalizedText(zh: "期间为月份（如 2024M03）的数据来自未设 annual: 的映射，按月列出。",
                                       en: "Periods such as 2024M03 are monthly figures from a mapping without annual:, listed by month."))
        }
        if omitted > 0 {
            notes.append(LocalizedText(zh: "每个序列和地区只列最近 \(contextPeriodsShown) 期；另有 \(omitted) 个数据未列出，见 planwatch indicators --json。",
                                       en: "Only the latest \(contextPeriodsShown) periods of each series and region are listed; \(omitted) more figures are in planwatch indicators --json."))
        }
        var blocks: [ReportDocument.Block] = [.table(table)]
        if !notes.isEmpty { blocks.append(.notes(notes)) }
        return ReportDocument.Section(id: "context", title: LocalizedText(zh: "背景数据", en: "Context figures"), blocks: blocks)
    }

}
