import ReportKit

/// 产业链 / industry chains: the plan's economic indicators, the seven 100-billion-yuan industries,
/// the advantaged industrial chains (only from a supplied list: the plan gives their number, not their
/// names) and the industrial-park directory of 专栏5.
public struct IndustryChainsReport: ReportModule {
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(
            id: "industry-chains", title: LocalizedText(zh: "产业链发展监测", en: "Industry chains"),
            summary: LocalizedText(zh: "经济发展、创新驱动与七大千亿产业、优势产业链、产业园区", en: "Economy, innovation, the seven 100-bn industries, chains and parks"),
            version: "0.1.0", indicatorModules: ["industry-chains"])
    }

    public func build(context: ReportContext) throws -> ReportDocument {
        let indicators = context.plan.indicators(inModule: "industry-chains")
        let sections = IndicatorSections(context: context, indicators: indicators)
        var extra: [ReportDocument.Section] = []
        if let clusters = context.plan.indicator(id: "IC01") {
            extra.append(ReportDocument.Section(id: "clusters", title: LocalizedText(zh: "七大千亿产业", en: "Seven 100-billion-yuan industries"),
                                                blocks: [.table(ClusterTable(context: context, indicator: clusters).table()), .notes([ClusterTable.note])]))
        }
        // 企业培育: the enterprise-count targets series by series (above-scale firms, revenue bands,
        // high-tech / gazelle / unicorn firms), each against its own count.
        let firms = ["IC02", "IC03", "IC05"].compactMap { context.plan.indicator(id: $0) }.filter { $0.series.count > 1 }
        if !firms.isEmpty {
            extra.append(ReportDocument.Section(id: "enterprises", title: LocalizedText(zh: "企业培育", en: "Enterprises"),
                                                blocks: firms.map { .table(sections.seriesTable(for: $0)) }))
        }
        // 县域经济: each county against its own targets, ranked (IC13, 专栏22).
        if let counties = context.plan.indicator(id: "IC13") {
            let tables = CountyTable(context: context, indicator: counties).tables()
            if !tables.isEmpty {
                extra.append(ReportDocument.Section(id: "counties", title: LocalizedText(zh: "县域经济（IC13）", en: "County economies (IC13)"),
                                                    blocks: tables.map { .table($0) } + [.notes([CountyTable.note])]))
            }
        }
        if let chains = context.referenceData["industrial-chains"], !chains.isEmpty {
            var blocks: [ReportDocument.Block] = [
                .table(IndicatorSections.referenceTable(id: "chains", caption: LocalizedText(zh: "优势产业链名单", en: "Chains"), rows: chains,
                                                        columns: [("name", LocalizedText(zh: "产业链", en: "Chain")), ("lead", LocalizedText(zh: "牵头单位", en: "Lead"))])),
            ]
            // The list is the supplier's; a count other than the plan's 13 is said, not corrected.
            if chains.count != 13 {
                blocks.insert(.paragraph(LocalizedText(
                    zh: "所提供的名单有\(chains.count)条产业链，规划提出的是13条；以下按所提供的名单列出。",
                    en: "The supplied list has \(chains.count) chains where the plan names 13; it is shown as supplied.")), at: 0)
            }
            extra.append(ReportDocument.Section(id: "chains", title: LocalizedText(zh: "优势产业链", en: "Advantaged industrial chains"), blocks: blocks))
        } else {
            extra.append(ReportDocument.Section(id: "chains", title: LocalizedText(zh: "优势产业链", en: "Advantaged industrial chains"), blocks: [
                .paragraph(LocalizedText(
                    zh: "未提供优势产业链名单，本节不列示。规划提出培育13条优势产业链，但未列出名称；名单须以数据形式提供（规划文件的 reference_data: industrial-chains，每行 name、lead），本报告不自行编列。",
                    en: "No list of the advantaged chains was supplied, so none is shown. The plan names 13 advantaged chains without listing them; supply the list as data (the plan file's reference_data: industrial-chains, rows with name and lead). The report never invents it.")),
            ]))
        }
        if let parks = context.referenceData["industrial-parks"], !parks.isEmpty {
            extra.append(ReportDocument.Section(id: "parks", title: LocalizedText(zh: "产业园区（专栏5）", en: "Industrial parks (Box 5)"), blocks: [
                .table(IndicatorSections.referenceTable(
                    id: "parks", caption: LocalizedText(zh: "产业园区名录", en: "Park directory"), rows: parks,
                    columns: [("name", LocalizedText(zh: "园区", en: "Park")), ("zones", LocalizedText(zh: "区块", en: "Zones")),
                              ("leading", LocalizedText(zh: "主导产业", en: "Leading")), ("featured", LocalizedText(zh: "特色产业", en: "Featured"))])),
            ]))
        }
        return sections.document(id: descriptor.id, title: descriptor.title,
                                 subtitle: LocalizedText(zh: context.plan.name.zh, en: context.plan.name.en), extraSections: extra)
    }
}
