import Foundation
import Testing
@testable import PlanWatchCore
import ReportKit
import ReportKitTesting

/// The safety module's year-by-year table on the bundled plan with synthetic grain figures (marked
/// synthetic: the bulletins in the bundle publish none): a floor met one year and missed the next.
@Suite struct SafetyComplianceTests {
    @Test func grainFloorsYearByYear() throws {
        let bundled = try BuiltInModuleTests.bundledContext()
        let synthetic: [Observation] = [.fixture("SF01.area", 2021, 710), .fixture("SF01.area", 2022, 690), .fixture("SF01.output", 2022, 305)]
        let context = ReportContext.fixture(plan: bundled.plan, observations: bundled.observations + synthetic, referenceData: bundled.referenceData)
        let module = try #require(ModuleCatalog().module(id: "safety"))
        #expect(ModuleConformance.problems(in: module, context: context, takenIDs: []) == [])
        let document = try module.build(context: context)
        let section = try #require(document.sections.first { $0.id == "yearly" })
        guard case .table(let table) = section.blocks.first else { throw CancellationError() }
        let years = table.columns.dropFirst(3).map(\.id)
        #expect(years.first == "y2020" && years.last == "y2025")
        let area = try #require(table.rows.first { $0.first == .text("SF01.area") })
        #expect(Array(area[4...5]) == [.text("710 达标 / met"), .text("690 未达标 / not met")])
        let output = try #require(table.rows.first { $0.first == .text("SF01.output") })
        #expect(output[4] == .missing("—") && output[5] == .text("305 达标 / met"))
        #expect(table.sources.contains { $0.hasPrefix("SF01 ") && $0.contains("test fixture") }, "\(table.sources)")
    }
}
