import Foundation
import Testing
import ReportKit
import ReportKitTesting

/// Issue 13: an achieved target read after its target year is 已实现, not 提前实现; source lines are
/// one per indicator and publication, naming publisher, years and publication date.
@Suite struct StatusLabelAndSourceLineTests {
    static let plan = ModuleConformanceTests.plan

    func table(_ observations: [Observation]) throws -> ReportDocument.Table {
        let context = ReportContext.fixture(plan: Self.plan, observations: observations)
        return IndicatorSections(context: context, indicators: context.plan.indicators).table()
    }

    func statusCell(_ table: ReportDocument.Table, _ id: String) throws -> ReportDocument.Cell {
        let row = try #require(table.rows.first { $0.first == .text(id) })
        return row[try #require(IndicatorSections.tableColumns.firstIndex { $0.id == "status" })]
    }

    @Test func achievedBeforeTheTargetYearIsAheadOfTimeAndAtItIsAchieved() throws {
        let early = try table([.fixture("EC01", 2023, 60)])
        #expect(try statusCell(early, "EC01") == .status(.targetAchieved, alert: false))
        let late = try table([.fixture("EC01", 2025, 60)])
        #expect(try statusCell(late, "EC01") == .wordedStatus(.targetAchieved, alert: false, label: LocalizedText(zh: "已实现", en: "achieved")))
        #expect(try statusCell(late, "EC01").statusWords?.status == .targetAchieved, "the status stays the engine's")
        // A missed target after its year is 未实现, as the engine says.
        let missed = try table([.fixture("EC01", 2025, 10)])
        #expect(try statusCell(missed, "EC01").statusWords?.label.zh == "未实现")
    }

    @Test func theSummaryNamesAchievedTargetsAsAchievedOnceTheirYearIsIn() {
        let context = ReportContext.fixture(plan: Self.plan, observations: [.fixture("EC01", 2025, 60), .fixture("K21", 2025, 95)])
        guard case .summary(let summary) = IndicatorSections(context: context, indicators: Self.plan.indicators).summary().blocks.first else {
            Issue.record("no summary block")
            return
        }
        #expect(summary.label(.targetAchieved).zh == "已实现")
    }

    @Test func oneSourceLinePerIndicatorAndPublication() throws {
        var cells: [Observation] = []
        for year in [2021, 2022, 2024] {
            var o = Observation.fixture("EC01", year, 40 + Double(year - 2020))
            o.provenance = Provenance(sourceID: "nbs", location: "https://stats.example/api#value[\(year)]",
                                      retrievedAt: Date(timeIntervalSince1970: 1_764_460_800), sourceTitle: "分省年度数据",
                                      publisher: "湖南省统计局", published: "2026-09-22")
            cells.append(o)
        }
        let lines = try table(cells).sources
        #expect(lines == ["EC01 污水处理率: 湖南省统计局 分省年度数据, 2021–2022, 2024年; 发布 / published 2026-09-22 — https://stats.example/api (获取 / retrieved 2025-11-30)"], "\(lines)")
    }
}
