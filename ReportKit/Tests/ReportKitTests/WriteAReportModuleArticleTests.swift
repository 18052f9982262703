import Foundation
import ReportKit
import ReportKitTesting
import Testing

// The module of the DocC article "Write a report module" (ReportKit.docc/WriteAReportModule.md), steps
// 2 to 4, copied verbatim so the article's code is compiled and run. Keep the two in step.
public struct HousingReport: ReportModule {
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(
            id: "housing", title: LocalizedText(zh: "住房保障", en: "Housing"),
            summary: LocalizedText(zh: "公租房与棚户区改造", en: "Public rental housing and shanty-town renovation"),
            version: "0.1.0", indicatorIDs: ["LV05"])
    }
    static let columns: [ReportDocument.Column] = [
        .init(id: "series", title: LocalizedText(zh: "编号", en: "Series")),
        .init(id: "name", title: LocalizedText(zh: "分项", en: "Item")),
        .init(id: "latest", title: LocalizedText(zh: "最新", en: "Latest"), alignment: .trailing),
        .init(id: "target", title: LocalizedText(zh: "目标", en: "Target"), alignment: .trailing),
        .init(id: "observations", title: LocalizedText(zh: "数据点", en: "Figures"), alignment: .trailing),
        .init(id: "status", title: LocalizedText(zh: "进展", en: "Status")),
    ]

    func seriesTable(_ context: ReportContext, _ indicators: [Indicator]) -> ReportDocument.Table {
        var rows: [[ReportDocument.Cell]] = []
        for indicator in indicators {
            for (series, result) in context.seriesResults(of: indicator) {
                let latest: ReportDocument.Cell = IndicatorSections.latestFigure(result, series).map {
                    .number($0, decimals: IndicatorSections.decimals(for: series))
                } ?? .missing(nil)
                rows.append([
                    .text(series.id), .text(series.name.bilingual), latest,
                    .text(IndicatorSections.targetText(series)),
                    .number(result?.observations.count ?? 0),
                    IndicatorSections.statusCell(result, alert: result?.bindingAlert ?? false),
                ])
            }
        }
        return ReportDocument.Table(
            id: "housing-series", caption: LocalizedText(zh: "住房保障分项", en: "Housing by series"),
            columns: Self.columns, rows: rows)
    }
    public func build(context: ReportContext) throws -> ReportDocument {
        let indicators = descriptor.declaredIndicators(in: context.plan)
        let custom = ReportDocument.Section(
            id: "series", title: LocalizedText(zh: "分项进展", en: "Progress by series"),
            blocks: [.table(seriesTable(context, indicators))])
        return IndicatorSections(context: context, indicators: indicators)
            .document(for: descriptor, subtitle: context.plan.name, extraSections: [custom])
    }
}

/// The article's module conforms and its custom table has one row per series.
@Suite struct WriteAReportModuleArticleTests {
    static let lv05 = Indicator(
        id: "LV05", name: LocalizedText(zh: "住房保障", en: "Housing security"), module: "livelihood", attribute: .expected,
        seedReference: "第十章第四节",
        series: [
            IndicatorSeries(
                id: "LV05.public-rental", name: LocalizedText(zh: "公租房实物保障和租赁补贴总户数"), unit: "万户", direction: .higherIsBetter,
                baseline: nil, target: Target(kind: .level, value: 3.5, year: 2025, text: "3.5万户", cumulative: true)),
            IndicatorSeries(
                id: "LV05.shantytown", name: LocalizedText(zh: "城镇棚户区住房改造"), unit: "万户", direction: .higherIsBetter,
                baseline: nil, target: Target(kind: .level, value: 5.5, year: 2025, text: "5.5万户", cumulative: true)),
        ])

    @Test func theArticlesModuleConformsWithOneRowPerSeries() throws {
        var plan = ModuleConformanceTests.plan
        plan.indicators.append(Self.lv05)
        let context = ReportContext.fixture(
            plan: plan, observations: [.fixture("LV05.public-rental", 2021, 0.8), .fixture("LV05.public-rental", 2022, 0.7)])
        #expect(ModuleConformance.problems(in: HousingReport(), context: context) == [])
        let document = try HousingReport().build(context: context)
        #expect(document.id == "housing" && document.title.en == "Housing")
        let custom = try #require(document.sections.first { $0.id == "series" })
        guard case .table(let table) = custom.blocks.first else {
            Issue.record("no custom table")
            return
        }
        #expect(table.rows.map { $0[0] } == [.text("LV05.public-rental"), .text("LV05.shantytown")])
        #expect(table.rows[0][4] == .number(2, decimals: 0) && table.rows[1][2] == .missing(nil))
        #expect(document.sections.last?.id == "method", "custom sections go before the notes")
    }
}
