import Foundation
import ReportKit
import ReportKitTesting
import Testing

/// A module covering part of a domain declares its indicators by id; the conformance check holds it
/// to them and to an id the host has not taken.
@Suite struct DeclaredIndicatorTests {
    struct PartOfEcology: ReportModule {
        var id = "air"
        var declared = ["K21"]
        var reported = ["K21"]
        var descriptor: ModuleDescriptor {
            ModuleDescriptor(id: id, title: LocalizedText(zh: "空气"), summary: LocalizedText(zh: "空气"), version: "1", indicatorIDs: declared)
        }
        func build(context: ReportContext) throws -> ReportDocument {
            IndicatorSections(context: context, indicators: context.plan.indicators.filter { reported.contains($0.id) })
                .document(for: descriptor)
        }
    }

    let context = ReportContext.fixture(plan: ModuleConformanceTests.plan, observations: [.fixture("K21", 2024, 87.7)])

    @Test func aModuleReportingWhatItDeclaresConforms() {
        #expect(ModuleConformance.problems(in: PartOfEcology(), context: context) == [])
        #expect(PartOfEcology().descriptor.declaredIndicators(in: context.plan).map(\.id) == ["K21"])
    }

    @Test func aDeclaredIndicatorMissingFromTheDocumentIsReported() {
        let module = PartOfEcology(declared: ["K21", "EC01"])
        #expect(ModuleConformance.problems(in: module, context: context) == ["declared indicator EC01 is not in the document"])
    }

    @Test func aDeclaredIndicatorTheplanDoesNotHaveIsReported() {
        let module = PartOfEcology(declared: ["K21", "K99"])
        #expect(ModuleConformance.problems(in: module, context: context) == ["declared indicator K99 is not in the plan 't'"])
    }

    @Test func anIdOfABuiltInModuleIsReported() {
        #expect(
            ModuleConformance.problems(in: PartOfEcology(id: "ecology"), context: context) == [
                "descriptor id 'ecology' is taken by a module built into planwatch, which would refuse this module; choose another id"
            ])
        #expect(ModuleConformance.problems(in: PartOfEcology(id: "mine"), context: context, takenIDs: ["mine"]).count == 1)
    }

    @Test func aDescriptorWithoutIndicatorIDsStillDecodes() throws {
        let json = #"{"id":"x","title":{"zh":"x"},"summary":{"zh":"x"},"version":"1","indicatorModules":["ecology"]}"#
        let decoded = try JSONDecoder().decode(ModuleDescriptor.self, from: Data(json.utf8))
        #expect(decoded.indicatorIDs == [] && decoded.indicatorModules == ["ecology"])
        let declared = PartOfEcology().descriptor
        #expect(try JSONDecoder().decode(ModuleDescriptor.self, from: JSONEncoder().encode(declared)) == declared)
    }
}

/// One series or several, a module reads per-series results the same way.
@Suite struct SeriesResultTests {
    static let clusters = Indicator(
        id: "IC01", name: LocalizedText(zh: "千亿产业集群"), module: "industry-chains", attribute: .expected, seedReference: "专栏1",
        series: ["IC01.a", "IC01.b"].map {
            IndicatorSeries(id: $0, name: LocalizedText(zh: $0), unit: "亿元", direction: .higherIsBetter,
                            baseline: Baseline(year: 2020, value: 500), target: Target(kind: .level, value: 1000, year: 2025, text: "1000"))
        })

    @Test func singleAndMultiSeriesIndicatorsGiveOneResultPerSeries() throws {
        var plan = ModuleConformanceTests.plan
        plan.indicators.append(Self.clusters)
        let context = ReportContext.fixture(
            plan: plan, observations: [.fixture("K21", 2024, 87.7), .fixture("IC01.a", 2024, 900), .fixture("IC01.b", 2024, 600)])
        let k21 = try #require(context.plan.indicators.first { $0.id == "K21" })
        let single = context.seriesResults(of: k21)
        #expect(single.map(\.series.id) == ["K21"])
        #expect(single.first?.assessment?.status == .targetAchieved && single.first?.assessment?.currentValue == 87.7)
        #expect(context.assessments["K21"]?.seriesResults == [context.assessments["K21"]!])

        let multi = context.seriesResults(of: Self.clusters)
        #expect(multi.map(\.series.id) == ["IC01.a", "IC01.b"])
        #expect(multi.map { $0.assessment?.currentValue } == [900, 600])
        #expect(context.assessments["IC01"]?.seriesResult("IC01.b")?.seriesID == "IC01.b")
        #expect(context.assessments["IC01"]?.seriesResult("IC01.c") == nil)

        // The series table takes both alike: one row per series.
        let sections = IndicatorSections(context: context, indicators: [])
        #expect(sections.seriesTable(for: k21).rows.count == 1)
        #expect(sections.seriesTable(for: Self.clusters).rows.count == 2)
    }
}
