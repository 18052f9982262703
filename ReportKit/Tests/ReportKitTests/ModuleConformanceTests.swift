import Foundation
import Testing
import ReportKit
import ReportKitTesting

/// The conformance check catches the mistakes a module author can make.
@Suite struct ModuleConformanceTests {
    static let plan = Plan(
        id: "t", name: LocalizedText(zh: "测试"), startYear: 2021, endYear: 2025,
        region: Region(code: "430600", name: LocalizedText(zh: "岳阳市")),
        indicators: [
            Indicator(id: "K21", name: LocalizedText(zh: "空气质量"), module: "ecology", attribute: .binding, seedReference: "专栏2",
                      series: [IndicatorSeries(id: "K21", name: LocalizedText(zh: "空气质量"), unit: "%", direction: .higherIsBetter,
                                               baseline: Baseline(year: 2020, value: 90.7),
                                               target: Target(kind: .floor, value: 86, year: 2025, text: "86"))]),
            Indicator(id: "EC01", name: LocalizedText(zh: "污水处理率"), module: "ecology", attribute: .expected, seedReference: "第八章",
                      series: [IndicatorSeries(id: "EC01", name: LocalizedText(zh: "污水处理率"), unit: "%", direction: .higherIsBetter,
                                               baseline: nil, target: Target(kind: .level, value: 50, year: 2025, text: "50%"))]),
        ])

    struct Good: ReportModule {
        var descriptor: ModuleDescriptor {
            ModuleDescriptor(id: "eco", title: LocalizedText(zh: "生态"), summary: LocalizedText(zh: "生态"), version: "1", indicatorModules: ["ecology"])
        }
        func build(context: ReportContext) throws -> ReportDocument {
            IndicatorSections(context: context, indicators: context.plan.indicators(inModule: "ecology"))
                .document(id: descriptor.id, title: descriptor.title)
        }
    }

    struct ForgetsAnIndicator: ReportModule {
        var descriptor: ModuleDescriptor { Good().descriptor }
        func build(context: ReportContext) throws -> ReportDocument {
            IndicatorSections(context: context, indicators: [context.plan.indicators[0]]).document(id: descriptor.id, title: descriptor.title)
        }
    }

    @Test func aModuleBuiltOnTheStandardSectionsConforms() {
        let context = ReportContext.fixture(plan: Self.plan, observations: [.fixture("K21", 2024, 87.7)])
        #expect(ModuleConformance.problems(in: Good(), context: context) == [])
        #expect(context.assessments["K21"]?.status == .targetAchieved)
    }

    @Test func aMissingIndicatorIsReported() {
        let context = ReportContext.fixture(plan: Self.plan, observations: [])
        #expect(ModuleConformance.problems(in: ForgetsAnIndicator(), context: context) == ["indicator EC01 of module 'ecology' is not in the document"])
    }
}

/// A provisional target-year figure (reported before the year ended) cannot settle "not achieved".
@Suite struct ProvisionalFigureTests {
    @Test func aProvisionalTargetYearFigureDoesNotDecideNotAchieved() {
        let series = IndicatorSeries(id: "IC05", name: LocalizedText(zh: "高新技术企业"), unit: "家", direction: .higherIsBetter,
                                     baseline: Baseline(year: 2020, value: 600), target: Target(kind: .level, value: 1000, year: 2025, text: "1000家"))
        let indicator = Indicator(id: "IC05", name: LocalizedText(zh: "高新技术企业"), module: "industry-chains", attribute: .expected,
                                  seedReference: "x", series: [series])
        var figure = Observation.fixture("IC05", 2025, 992)
        let engine = AssessmentEngine(profile: .statcan)
        #expect(engine.assess(indicator, observations: [figure], region: "430600").status == .notAchieved)
        figure.status = "p"
        let provisional = engine.assess(indicator, observations: [figure], region: "430600")
        #expect(provisional.status == .substantialProgress)
        #expect(provisional.warnings.contains { $0.contains("provisional") })
    }
}
