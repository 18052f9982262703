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

    /// A county figure keeps the decimals it was published with, though the target is a whole number.
    @Test func countyTableKeepsPublishedDecimals() throws {
        let bundled = try Self.bundledContext()
        let context = ReportContext.fixture(plan: bundled.plan, observations: bundled.observations + [.fixture("IC13.gdp-huarong", 2023, 480.5)],
                                            referenceData: bundled.referenceData)
        let document = try IndustryChainsReportProbe.build(context)
        let tables = document.sections.flatMap(\.blocks).compactMap { block -> ReportDocument.Table? in
            if case .table(let t) = block { return t } else { return nil }
        }
        let huarong = try #require(tables.flatMap(\.rows).first { row in
            if case .text("430623") = row[1], case .number(let v, _) = row[2], v == 480.5 { return true } else { return false }
        })
        guard case .number(_, let decimals) = huarong[2] else { Issue.record("latest is not a number"); return }
        #expect(decimals == 1, "480.5 must not print as 480")
    }
}

/// Builds the industry-chains document through the catalog, as the host does.
enum IndustryChainsReportProbe {
    static func build(_ context: ReportContext) throws -> ReportDocument {
        try #require(ModuleCatalog().module(id: "industry-chains")).build(context: context)
    }
}
