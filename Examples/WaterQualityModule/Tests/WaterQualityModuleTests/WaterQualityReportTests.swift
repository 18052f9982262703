import Foundation
import ReportKit
import ReportKitTesting
import Testing
import WaterQualityModule

@Suite struct WaterQualityReportTests {
    static func indicator(_ id: String, _ zh: String, module: String = "ecology") -> Indicator {
        Indicator(
            id: id, name: LocalizedText(zh: zh), module: module, attribute: .binding, seedReference: "专栏2",
            series: [
                IndicatorSeries(
                    id: id, name: LocalizedText(zh: zh), unit: "%", direction: .higherIsBetter,
                    baseline: Baseline(year: 2020, value: 93.8),
                    target: Target(kind: .floor, value: 94.1, year: 2025, text: "94.1"))
            ])
    }

    static let plan = Plan(
        id: "t", name: LocalizedText(zh: "测试"), startYear: 2021, endYear: 2025,
        region: Region(code: "430600", name: LocalizedText(zh: "岳阳市")),
        indicators: [
            indicator("K21", "空气质量优良天数比率"),
            indicator("K22", "地表水达到或优于Ⅲ类水体比例"),
            indicator("EC01", "农村生活污水处理率"),
            indicator("LV01", "自来水普及率", module: "livelihood"),
        ])

    @Test func conformsAndReportsOnlyTheWaterIndicators() throws {
        let context = ReportContext.fixture(plan: Self.plan, observations: [.fixture("K22", 2024, 95.0)])
        #expect(ModuleConformance.problems(in: WaterQualityReport(), context: context) == [])
        #expect(WaterQualityReport.waterIndicators(in: Self.plan).map(\.id) == ["K22", "EC01"])
        let document = try WaterQualityReport().build(context: context)
        #expect(document.id == "water-quality")
    }

    @Test func theEntrySymbolHandsOverAStampedRegistration() throws {
        let object = Unmanaged<AnyObject>.fromOpaque(planwatchModuleRegister()).takeRetainedValue()
        let registration = try #require(object as? ModuleRegistration)
        #expect(registration.modules.map(\.descriptor.id) == ["water-quality"])
        #expect(registration.abiVersion == ReportKitABI.version)
        #expect(registration.compiler == "\(ReportKitABI.compiler)")
    }
}
