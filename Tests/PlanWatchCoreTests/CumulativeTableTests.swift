import Foundation
import Testing
@testable import PlanWatchCore
import ReportKit
import ReportKitTesting

/// The livelihood module's five-year totals on the bundled plan with synthetic yearly figures (marked
/// synthetic: the bulletins publish none of these yet): ahead of and behind the time share, a total
/// with a missing year, a total reached, and no data.
@Suite struct CumulativeTableTests {
    @Test func totalsAgainstTheTimeShare() throws {
        let bundled = try BuiltInModuleTests.bundledContext()
        let synthetic: [Observation] = [
            .fixture("LV01.urban-jobs", 2021, 5.5), .fixture("LV01.urban-jobs", 2022, 5.6), .fixture("LV01.urban-jobs", 2023, 5.4),
            .fixture("LV01.rural-transfer", 2021, 3), .fixture("LV01.rural-transfer", 2023, 3),
            .fixture("LV01.startups", 2021, 1.5), .fixture("LV01.startups", 2022, 1.5),
            .fixture("LV06.new-urban", 2021, 6000), .fixture("LV06.new-urban", 2022, 4500),
        ]
        let context = ReportContext.fixture(plan: bundled.plan, observations: bundled.observations + synthetic, referenceData: bundled.referenceData)
        let module = try #require(ModuleCatalog().module(id: "livelihood"))
        #expect(ModuleConformance.problems(in: module, context: context, takenIDs: []) == [])
        let document = try module.build(context: context)
        let section = try #require(document.sections.first { $0.id == "cumulative" })
        guard case .table(let table) = section.blocks.first else { throw CancellationError() }
        func row(_ id: String) throws -> [String] {
            let cells = try #require(table.rows.first { $0.first == .text(id) })
            return cells.map { cell in
                switch cell {
                case .text(let t): t
                case .number(let v, let d): String(format: "%.\(d)f", v)
                case .missing(let label): label ?? "no data"
                default: "?"
                }
            }
        }
        // id, name, total, sum, years, share done, time share, judgement
        #expect(try row("LV01.urban-jobs").dropFirst(2) == ["26.0", "16.5", "2021–2023", "63.5", "60", "快于时间进度 / ahead of the time share"])
        #expect(try row("LV01.startups")[7] == "慢于时间进度 / behind the time share")   // 3 of 10 at 40 %
        #expect(try row("LV01.rural-transfer")[7] == "缺2022年数据，累计不完整 / missing 2022: total incomplete")
        #expect(try row("LV06.new-urban")[7] == "已完成总量 / total reached")            // 10500 of 10000
        #expect(try row("LV01.startup-jobs")[3] == "no data", "no figure: no data, never 0")
        #expect(table.sources == ["test fixture"])
    }
}
