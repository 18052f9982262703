import ReportKit

/// 水环境 / water quality: K22 (surface water at Class III or better) and every other ecology
/// indicator whose name mentions water (水): water use per unit of GDP, rural sewage treatment, the
/// shipping-pollution and drinking-water-source projects.
public struct WaterQualityReport: ReportModule {
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(
            id: "water-quality", title: LocalizedText(zh: "水环境监测", en: "Water quality"),
            summary: LocalizedText(zh: "地表水质量（K22）及名称涉水的生态指标", en: "Surface water (K22) and the ecology indicators about water"),
            // A subset of the ecology domain, so no whole plan module is claimed; K22 is declared by
            // id (the others depend on the plan's wording), and ModuleConformance checks it is reported.
            version: "0.1.0", indicatorIDs: ["K22"])
    }

    /// K22 first, then the ecology indicators whose Chinese name mentions 水, in plan order.
    public static func waterIndicators(in plan: Plan) -> [Indicator] {
        let k22 = plan.indicators.filter { $0.id == "K22" }
        return k22 + plan.indicators(inModule: "ecology").filter { $0.id != "K22" && $0.name.zh.contains("水") }
    }

    public func build(context: ReportContext) throws -> ReportDocument {
        let indicators = Self.waterIndicators(in: context.plan)
        let note = ReportDocument.Section(
            id: "scope", title: LocalizedText(zh: "范围", en: "Scope"),
            blocks: [
                .paragraph(
                    LocalizedText(
                        zh: "本报告由外部模块生成：K22 地表水质量及名称涉“水”的生态指标。",
                        en: "Written by an out-of-tree module: K22 surface water and the ecology indicators about water."))
            ])
        return IndicatorSections(context: context, indicators: indicators)
            .document(for: descriptor, subtitle: context.plan.name, extraSections: [note])
    }
}
