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
        let extra = [
            ReportDocument.Section(id: "modules", title: LocalizedText(zh: "各领域概况", en: "Domains"), blocks: [.table(moduleTable)]),
            ReportDocument.Section(id: "plan-notes", title: LocalizedText(zh: "说明", en: "Notes"), blocks: [.notes(notes)]),
        ]
        return sections.document(
            id: descriptor.id, title: LocalizedText(zh: "\(context.plan.region.name.zh)规划实施监测报告", en: "\(context.plan.region.name.en ?? context.plan.region.name.zh) plan monitoring report"),
            subtitle: LocalizedText(zh: context.plan.name.zh, en: context.plan.name.en), extraSections: extra)
    }
}
