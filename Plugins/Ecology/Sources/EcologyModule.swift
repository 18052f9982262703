import ReportKit

/// 生态 / ecology: the binding environmental targets (energy and carbon intensity, air and water
/// quality, forest coverage) and the rural-environment and agricultural-pollution targets, with the
/// 13th plan's ecology results as history.
public struct EcologyReport: ReportModule {
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(
            id: "ecology", title: LocalizedText(zh: "生态环境监测", en: "Ecology"),
            summary: LocalizedText(zh: "约束性生态指标、农村人居环境、农业面源污染、船舶污染治理", en: "Binding environmental targets, rural environment, farm pollution, shipping"),
            version: "0.1.0", indicatorModules: ["ecology"])
    }

    public func build(context: ReportContext) throws -> ReportDocument {
        let indicators = context.plan.indicators(inModule: "ecology")
        let sections = IndicatorSections(context: context, indicators: indicators)
        let binding = indicators.filter(\.isBinding)
        let bindingTable = IndicatorSections(context: context, indicators: binding)
            .table(id: "binding", caption: LocalizedText(zh: "约束性指标", en: "Binding targets"))
        // Binding targets first with their alerts, then every year judged against the plan's bound
        // (the ecology bureau is assessed year by year, not only at the end).
        var extra = [ReportDocument.Section(id: "binding", title: LocalizedText(zh: "约束性指标", en: "Binding targets"), blocks: [
            .paragraph(LocalizedText(zh: "约束性指标未实现或未达预期进度即列为最高级别预警。", en: "A binding target off course is raised as the highest-severity alert.")),
            .table(bindingTable),
        ])]
        if let compliance = sections.boundedComplianceSection() { extra.append(compliance) }
        // The 13th plan's results (专栏1) as history, after this plan's own tables.
        extra.append(HistoryTable(context: context).section())
        return sections.document(id: descriptor.id, title: descriptor.title,
                                 subtitle: LocalizedText(zh: context.plan.name.zh, en: context.plan.name.en), extraSections: extra)
    }
}
