import Foundation
import ReportKit
import Testing
@testable import PlanWatchRender

@Suite struct CSVRendererTests {
    static let bom = Data([0xEF, 0xBB, 0xBF])

    static func text(_ data: Data) -> String {
        String(decoding: data.starts(with: bom) ? data.dropFirst(3) : data[...], as: UTF8.self)
    }

    @Test func golden() throws {
        let doc = Sample.document()
        for file in try CSVRenderer().renderFiles(doc, options: RenderOptions()) {
            try Snapshot.assert(file.data, named: file.name)
        }
        try Snapshot.assert(try CSVRenderer().render(doc, options: RenderOptions()), named: "ecology.cells.csv")
        try Snapshot.assert(CSVRenderer.assessments(SampleAssessments.list(), plan: SampleAssessments.plan()), named: "assessments.csv")
    }

    @Test func utf8WithBOMByDefaultAndCRLF() throws {
        let tables = try CSVRenderer.tables(Sample.document())
        #expect(tables.map(\.tableID) == ["ecology-indicators"])
        let data = try #require(tables.first?.data)
        #expect(data.starts(with: Self.bom))
        let text = Self.text(data)
        #expect(text.hasPrefix("编号 / ID,指标 / Indicator,"))
        let bytes = Array(data)
        let lineFeeds = bytes.indices.filter { bytes[$0] == 0x0A }
        #expect(lineFeeds.count == 7)
        #expect(lineFeeds.allSatisfy { $0 > 0 && bytes[$0 - 1] == 0x0D })
        // Rounded as the table shows them (issue 13: 3.7333333333333325 in the CSV, 3.7 in the
        // table), dot decimal, missing empty, negative numbers as numbers; progress is its label,
        // which says whether it is R or a share.
        #expect(text.contains(",0.123,1234567.9,—,80%,"))
        #expect(text.contains("EC03,单位GDP二氧化碳排放降低（%）,约束性,,-2.4,18,'-13%,"))
        // Missing figures are empty, never 0; one with words of its own carries them, as the table does.
        #expect(text.contains(",预期性,2.1,未发布 not published,0,,数据不足 / no data\r\n"))
    }

    @Test func gb18030Option() throws {
        let data = try #require(try CSVRenderer.tables(Sample.document(), options: RenderOptions(csvEncoding: .gb18030)).first?.data)
        #expect(!data.starts(with: Self.bom))
        // 编号 in GB18030 is B1 E0 BA C5.
        #expect(data.starts(with: [0xB1, 0xE0, 0xBA, 0xC5]))
        let viaAssessments = try CSVRenderer.assessments(SampleAssessments.list(), plan: SampleAssessments.plan(), encoding: .gb18030)
        #expect(viaAssessments.starts(with: Array("indicator,".utf8)))
    }

    @Test(arguments: [
        ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
        ("+1+1", "'+1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-cmd", "'-cmd"),
        ("-1+2", "'-1+2"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "\"'\rCR\""),
        ("-12.5", "-12.5"),
        ("-3e5", "-3e5"),
        ("12.5", "12.5"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("中文", "中文"),
    ])
    func neutralisesFormulas(raw: String, written: String) {
        #expect(CSVWriter.encode(.text(raw)) == written)
    }

    @Test func numbersAreNumbers() {
        #expect(CSVWriter.encode(.number(-12.5)) == "-12.5")
        #expect(CSVWriter.encode(.number(45.0)) == "45")
        #expect(CSVWriter.encode(.number(0.1 + 0.2)) == "0.30000000000000004")
        #expect(CSVWriter.encode(.number(-0.0)) == "0")
        #expect(CSVWriter.encode(.number(.nan)) == "")
    }

    @Test func hostileCellsNeutralisedInTables() throws {
        let doc = ReportDocument(
            id: "x", title: LocalizedText(zh: "x"), generatedAt: Sample.generatedAt,
            sections: [.init(id: "s", title: LocalizedText(zh: "s"), blocks: [.table(.init(
                id: "t", caption: LocalizedText(zh: "t"),
                columns: [.init(id: "a", title: LocalizedText(zh: "=cmd|' /C calc'!A0")), .init(id: "b", title: LocalizedText(zh: "b"))],
                rows: [[.text("=HYPERLINK(\"http://x\")"), .number(-12.5, decimals: 1)],
                       [.text("+1+1"), .text("-12.5")], [.text("@SUM(A1)"), .text("-cmd")]]))])])
        let text = Self.text(try #require(try CSVRenderer.tables(doc).first?.data))
        #expect(text == "'=cmd|' /C calc'!A0,b\r\n\"'=HYPERLINK(\"\"http://x\"\")\",-12.5\r\n'+1+1,-12.5\r\n'@SUM(A1),'-cmd\r\n")
    }

    @Test func assessmentColumns() {
        let text = Self.text(CSVRenderer.assessments(SampleAssessments.list(), plan: SampleAssessments.plan()))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == CSVRenderer.assessmentColumns.joined(separator: ","))
        #expect(lines.count == 6)  // header, EC03, IC02 and its two series, trailing empty
        #expect(lines[1].hasPrefix("EC03,EC03,单位GDP二氧化碳排放降低,CO2 emissions per unit of GDP,ecology,binding,level,-1,2020,"))
        #expect(lines[1].contains(",deterioration,逆向变化,TRUE,"))
    }
}
