import Foundation
import Testing
@testable import PlanWatchCore
import PlanWatchFeeds
import ReportKit
import ReportKitTesting

/// Every built-in module passes the same conformance check an out-of-tree module would, on the
/// bundled plan and its curated observations.
@Suite struct BuiltInModuleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func bundledContext() throws -> ReportContext {
        let loaded = try PlanLoader().load(file: root.appendingPathComponent("Config/plans/yueyang-14th.yaml"))
        let csv = root.appendingPathComponent("Config/data/yueyang-observed.csv")
        let payload = Payload(sourceID: "yueyang-observed", data: try Data(contentsOf: csv), location: csv.path)
        let observations = try ObservationsCSVDecoder().decode(payload, mapping: FeedMapping()).observations
        return ReportContext.fixture(plan: loaded.plan, observations: observations, referenceData: loaded.referenceData)
    }

    @Test(arguments: ModuleCatalog.builtIn.map(\.descriptor.id))
    func moduleConforms(id: String) throws {
        let module = try #require(ModuleCatalog().module(id: id))
        // Built-in modules hold the built-in ids by right; only loaded modules must avoid them.
        #expect(ModuleConformance.problems(in: module, context: try Self.bundledContext(), takenIDs: []) == [])
    }

    @Test func industryChainsNeverInventsTheChainList() throws {
        let document = try IndustryChainsReportProbe.build(try Self.bundledContext())
        let chains = try #require(document.sections.first { $0.id == "chains" })
        guard case .paragraph(let text) = chains.blocks.first else {
            Issue.record("without a supplied list the chains section must only explain where the list comes from")
            return
        }
        #expect(text.zh.contains("13条") && text.en?.contains("never invents") == true)
        // The 专栏5 park directory comes from the plan's reference data: 10 parks.
        let parks = try #require(document.sections.first { $0.id == "parks" })
        guard case .table(let table) = parks.blocks.first else { Issue.record("parks table missing"); return }
        #expect(table.rows.count == 10)
    }
}

/// Builds the industry-chains document through the catalog, as the host does.
enum IndustryChainsReportProbe {
    static func build(_ context: ReportContext) throws -> ReportDocument {
        try #require(ModuleCatalog().module(id: "industry-chains")).build(context: context)
    }
}
