import ReportKit

/// 安全 / public safety: grain and energy production capacity, work-safety deaths, farmland, fire
/// and emergency services.
public struct SafetyReport: ReportModule {
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(
            id: "safety", title: LocalizedText(zh: "安全保障监测", en: "Public safety"),
            summary: LocalizedText(zh: "粮食安全、能源安全、安全生产、耕地保护、消防与应急", en: "Food and energy security, work safety, farmland, fire and emergency"),
            version: "0.1.0", indicatorModules: ["safety"])
    }

    public func build(context: ReportContext) throws -> ReportDocument {
        let indicators = context.plan.indicators(inModule: "safety")
        let sections = IndicatorSections(context: context, indicators: indicators)
        // Grain area and output floors, farmland kept, safety ceilings: judged year by year, as the
        // province assesses them, not only at the end of the plan.
        let compliance = sections.boundedComplianceSection().map { [$0] } ?? []
        return sections.document(id: descriptor.id, title: descriptor.title,
                                 subtitle: LocalizedText(zh: context.plan.name.zh, en: context.plan.name.en),
                                 extraSections: compliance + sections.subTargetSections())
    }
}
