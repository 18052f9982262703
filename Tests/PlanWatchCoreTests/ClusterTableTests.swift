import Foundation
import Testing
@testable import PlanWatchCore
@testable import IndustryChainsModule
import ReportKit
import ReportKitTesting

/// The industry-chains module's 千亿 table on the bundled plan with synthetic cluster figures (marked
/// synthetic: the bulletins publish none yet), so that every path runs: reached, reached at the
/// current pace, not reached at the current pace, and no data.
@Suite struct ClusterTableTests {
    func clusterRows() throws -> [[String]] {
        let bundled = try BuiltInModuleTests.bundledContext()
        let synthetic: [Observation] = [
            .fixture("IC01.petrochem", 2021, 800), .fixture("IC01.petrochem", 2023, 968),   // +10 %/yr: 1064.8 in 2024
            .fixture("IC01.food", 2021, 900), .fixture("IC01.food", 2022, 1050),             // reached in 2022
            .fixture("IC01.power", 2021, 500), .fixture("IC01.power", 2023, 480),            // shrinking
        ]
        // Only the synthetic cluster figures: the bundled data has a real IC01.petrochem row, which
        // would make the expected figures depend on the bulletins.
        let context = ReportContext.fixture(plan: bundled.plan, observations: bundled.observations.filter { !$0.indicator.hasPrefix("IC01.") } + synthetic,
                                            referenceData: bundled.referenceData)
        let document = try IndustryChainsReportProbe.build(context)
        #expect(ModuleConformance.problems(in: try #require(ModuleCatalog().module(id: "industry-chains")), context: context, takenIDs: []) == [])
        let section = try #require(document.sections.first { $0.id == "clusters" })
        guard case .table(let table) = section.blocks.first else { throw CancellationError() }
        #expect(table.sources == ["test fixture"])
        return table.rows.map { row in
            row.map { cell in
                switch cell {
                case .text(let t): t
                case .number(let v, let d): String(format: "%.\(d)f", v)
                case .missing(let label): label ?? "no data"
                case .status(let s, _), .wordedStatus(let s, _, _): s.rawValue
                case .progress(_, let label): label
                }
            }
        }
    }

    @Test func eachClusterAgainstTheThreshold() throws {
        let rows = Dictionary(uniqueKeysWithValues: try clusterRows().map { ($0[0], $0) })
        // id, name, latest, year, growth, needed, year reached, rank, status
        let petrochem = try #require(rows["IC01.petrochem"])
        #expect(petrochem[2] == "968.0" && petrochem[4] == "10.0" && petrochem[6] == "2024（按当前增速 / at current pace）" && petrochem[7] == "2")
        #expect(petrochem[5] == "1.6", "from 968 in 2023 to 1000 in 2025: sqrt(1000/968) - 1 = 1.64 %")
        let food = try #require(rows["IC01.food"])
        #expect(food[5] == "已达到 / reached" && food[6] == "2022（已达到 / reached）" && food[7] == "1")
        let power = try #require(rows["IC01.power"])
        #expect(power[6] == "按当前增速达不到 / not at current pace" && power[7] == "3")
        let tourism = try #require(rows["IC01.tourism"])
        #expect(tourism[2] == "no data" && tourism[7] == "—" && tourism[8] == "not_available", "no figure: no data, never ranked")
    }

    @Test func yearReachedRoundsUpAndNeedsPositiveGrowth() {
        let points: [Observation] = [.fixture("x", 2022, 500)]
        #expect(ClusterTable.yearReached(threshold: 1000, observations: points, growth: 0.10)?.year == 2030)   // ln 2 / ln 1.1 = 7.27 → 8 years
        #expect(ClusterTable.yearReached(threshold: 1000, observations: points, growth: 0) == nil)
        #expect(ClusterTable.yearReached(threshold: 400, observations: points, growth: nil)?.year == 2022)
        #expect(ClusterTable.growthNeeded(threshold: 1000, latest: (2025, 900), targetYear: 2025) == nil)
    }

    @Test func enterpriseCountsSeriesBySeries() throws {
        let document = try IndustryChainsReportProbe.build(try BuiltInModuleTests.bundledContext())
        let section = try #require(document.sections.first { $0.id == "enterprises" })
        let tables = section.blocks.compactMap { block -> ReportDocument.Table? in
            if case .table(let t) = block { return t } else { return nil }
        }
        #expect(tables.map(\.id) == ["series-IC02", "series-IC03", "series-IC05"])
        // The bundled 2025 figure of 992 high-tech enterprises (provisional, and marked so) against 1000.
        let hte = try #require(tables[2].rows.first { $0.first == .text("IC05.hte") })
        #expect(hte[3] == .number(992, decimals: 0) && hte[4] == .text("2025（初步 / provisional）"))
    }
}
