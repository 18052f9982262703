import Foundation
import ReportKit
import PlanWatchTestSupport
import Testing
@testable import PlanWatchRender

/// Python's csv module and pandas read our CSV back to the same values (Scripts/csv-roundtrip.py);
/// skipped when no python3 is installed.
@Suite struct CSVRoundTripTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Debian's python3 first: python3-pandas from apt is installed for it.
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func roundTrip(_ data: Data, expected: [String: Any]) async throws -> (status: Int32, output: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("data.csv"), json = dir.appendingPathComponent("expected.json")
        try data.write(to: csv)
        try JSONSerialization.data(withJSONObject: expected).write(to: json)
        let result = try await ChildProcess.run(URL(fileURLWithPath: python!),
                                                [root.appendingPathComponent("Scripts/csv-roundtrip.py").path, csv.path, json.path])
        return (result.status, result.combined)
    }

    static let hostileDoc = ReportDocument(
        id: "r", title: LocalizedText(zh: "r"), generatedAt: Sample.generatedAt,
        sections: [.init(id: "s", title: LocalizedText(zh: "s"), blocks: [.table(.init(
            id: "t", caption: LocalizedText(zh: "t"),
            columns: [.init(id: "name", title: LocalizedText(zh: "名称", en: "name")),
                      .init(id: "value", title: LocalizedText(zh: "数值", en: "value"))],
            rows: [
                [.text("=HYPERLINK(\"http://x\")"), .number(-12.5, decimals: 1)],
                [.text("+1+1"), .number(0.1 + 0.2, decimals: 2)],
                [.text("@SUM(A1)"), .missing(nil)],
                [.text("-cmd"), .number(1234567.891, decimals: 0)],
                [.text("多行\n文本, \"引号\""), .number(45.31, decimals: 2)],
                [.text("-12.5"), .number(-0.001, decimals: 3)],
            ]))])])

    static let expectedRows: [[String]] = [
        ["名称 / name", "数值 / value"],
        ["'=HYPERLINK(\"http://x\")", "-12.5"],
        ["'+1+1", "0.3"],
        ["'@SUM(A1)", ""],
        ["'-cmd", "1234568"],
        ["多行\n文本, \"引号\"", "45.31"],
        ["-12.5", "-0.001"],
    ]

    @Test(.enabled(if: python != nil), arguments: [RenderOptions.CSVEncoding.utf8BOM, .gb18030])
    func pythonReadsTheSameValues(encoding: RenderOptions.CSVEncoding) async throws {
        let data = try #require(try CSVRenderer.tables(Self.hostileDoc, options: RenderOptions(csvEncoding: encoding)).first?.data)
        let expected: [String: Any] = [
            "encoding": encoding == .utf8BOM ? "utf-8-sig" : "gb18030",
            "rows": Self.expectedRows,
            // Rounded to each cell's decimals, as the table shows them.
            "numeric": ["数值 / value": [-12.5, 0.3, NSNull(), 1234568, 45.31, -0.001]],
        ]
        let result = try await Self.roundTrip(data, expected: expected)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("ok"))
    }

    @Test(.enabled(if: python != nil))
    func assessmentsCSVReadsBack() async throws {
        let data = CSVRenderer.assessments(SampleAssessments.list(), plan: SampleAssessments.plan())
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        // The expected rows come from an independent split (no field here holds a comma inside quotes
        // except the warnings column, which is last).
        var rows: [[String]] = []
        for line in text.components(separatedBy: "\r\n").dropLast() {
            var fields = line.components(separatedBy: ",")
            // Warnings (column 26) may hold commas; source and source_date follow it.
            let columns = CSVRenderer.assessmentColumns.count
            if fields.count > columns { fields = Array(fields[0..<25]) + [fields[25..<(fields.count - 2)].joined(separator: ",")] + fields.suffix(2) }
            rows.append(fields.map { f in
                f.hasPrefix("\"") ? String(f.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"") : f
            })
        }
        let expected: [String: Any] = [
            "encoding": "utf-8-sig", "rows": rows,
            "numeric": ["base_value": [100, NSNull(), 2, 4], "score": [-3.33, 4.946, 4.946, NSNull()], "direction": [-1, 1, 1, 1]],
        ]
        let result = try await Self.roundTrip(data, expected: expected)
        #expect(result.status == 0, "\(result.output)")
    }
}
