import ReportKit

/// 民生 / livelihood: urbanisation, income, employment, education, health, care, housing.
public struct LivelihoodReport: ReportModule {
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(
            id: "livelihood", title: LocalizedText(zh: "民生福祉监测", en: "Livelihood"),
            summary: LocalizedText(zh: "城镇化、收入、就业、教育、健康、托育养老、住房", en: "Urbanisation, income, jobs, education, health, care, housing"),
            version: "0.1.0", indicatorModules: ["livelihood"])
    }

    public func build(context: ReportContext) throws -> ReportDocument {
        let indicators = context.plan.indicators(inModule: "livelihood")
        let sections = IndicatorSections(context: context, indicators: indicators)
        var extra: [ReportDocument.Section] = []
        if let totals = CumulativeTable(context: context).table(indicators) {
            extra.append(ReportDocument.Section(id: "cumulative", title: LocalizedText(zh: "五年累计目标", en: "Five-year totals"),
                                                blocks: [.table(totals), .notes([CumulativeTable.note])]))
        }
        return sections.document(id: descriptor.id, title: descriptor.title,
                                 subtitle: LocalizedText(zh: context.plan.name.zh, en: context.plan.name.en),
                                 extraSections: extra + sections.subTargetSections())
    }
}
