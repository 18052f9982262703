import Foundation
import Testing
import ReportKit
import ReportKitTesting

/// A figure withheld by its publisher (a status such as `c` and no value) reads "保密 / confidential"
/// in the indicator table, not 数据不足 / no data.
@Suite struct ObservationStatusTests {
    static func withheld(_ indicator: String, _ year: Int, status: String?) -> Observation {
        var o = Observation.fixture(indicator, year, nil)
        o.status = status
        return o
    }

    static func currentCell(_ observations: [Observation], indicator: String = "EC01") throws -> ReportDocument.Cell {
        let context = ReportContext.fixture(plan: ModuleConformanceTests.plan, observations: observations)
        let table = IndicatorSections(context: context, indicators: context.plan.indicators).table()
        let row = try #require(table.rows.first { $0.first == .text(indicator) })
        let column = try #require(IndicatorSections.tableColumns.firstIndex { $0.id == "current" })
        return row[column]
    }

    @Test func labels() {
        #expect(ObservationStatus.withheldLabel("c") == "保密 / confidential")
        #expect(ObservationStatus.withheldLabel("C") == "保密 / confidential")
        #expect(ObservationStatus.withheldLabel(" x ") == "保密 / confidential")
        for other in ["e", "p", ":", "missing", "hasdata:false", ""] { #expect(ObservationStatus.withheldLabel(other) == nil, "\(other)") }
        #expect(ObservationStatus.withheldLabel(nil) == nil)
    }

    @Test func onlyAConfidentialFigureShowsConfidential() throws {
        #expect(try Self.currentCell([Self.withheld("EC01", 2024, status: "c")]) == .missing("保密 / confidential"))
        let context = ReportContext.fixture(plan: ModuleConformanceTests.plan, observations: [Self.withheld("EC01", 2024, status: "c")])
        let a = try #require(context.assessments["EC01"])
        #expect(a.status == .notAvailable)
        #expect(a.warnings.contains { $0.contains("2024 c (保密 / confidential)") }, "\(a.warnings)")
    }

    @Test func otherMissingFiguresStayNoData() throws {
        #expect(try Self.currentCell([Self.withheld("EC01", 2024, status: "missing")]) == .missing("—"))
        #expect(try Self.currentCell([Self.withheld("EC01", 2024, status: nil)]) == .missing("—"))
        #expect(try Self.currentCell([]) == .missing("—"))
    }

    @Test func aFigureBeforeTheConfidentialYearIsStillShown() throws {
        // K21 (a floor) is assessed on its 2022 figure; the confidential 2024 does not hide it.
        let cell = try Self.currentCell([.fixture("K21", 2022, 87.5), Self.withheld("K21", 2024, status: "c")], indicator: "K21")
        if case .number(87.5, _) = cell {} else { Issue.record("expected the 2022 figure, got \(cell)") }
        // Only the newest year counts: a figure in it, or a confidential year before it, is not withheld.
        #expect(ObservationStatus.withheldLatest([Self.withheld("EC01", 2024, status: "c"), .fixture("EC01", 2024, 1)], ids: ["EC01"]) == nil)
        #expect(ObservationStatus.withheldLatest([Self.withheld("EC01", 2022, status: "c"), .fixture("EC01", 2024, 1)], ids: ["EC01"]) == nil)
        #expect(ObservationStatus.withheldLatest([.fixture("EC01", 2022, 1), Self.withheld("EC01", 2024, status: "C")], ids: ["EC01"]) == "保密 / confidential")
        // The newest year is found whatever the order; a withheld year before it, another id, or a figure
        // of the newest year under the indicator's other series decide as well.
        let mixed: [Observation] = [Self.withheld("EC01", 2025, status: "x"), .fixture("EC01", 2022, 1), Self.withheld("EC01", 2023, status: "c"),
                                    .fixture("EC02", 2026, 4)]
        #expect(ObservationStatus.withheldLatest(mixed, ids: ["EC01"]) == "保密 / confidential")
        #expect(ObservationStatus.withheldLatest(mixed, ids: ["EC01", "EC02"]) == nil)
        #expect(ObservationStatus.withheldLatest(mixed + [.fixture("EC01", 2025, 2)], ids: ["EC01"]) == nil)
        #expect(ObservationStatus.withheldLatest([Self.withheld("EC01", 2025, status: "missing")] + mixed, ids: ["EC01"]) == "保密 / confidential")
        #expect(ObservationStatus.withheldLatest(mixed, ids: ["EC09"]) == nil)
    }
}
