import Foundation
import PlanWatchEntry
import PlanWatchRender
import ReportKit
import Testing

/// A missing cell in a workbook says what every other renderer says (`Format.Labels.missing`): its own
/// label (保密, 获取失败 …) when it has one, else 数据不足 in the report's language — an empty label
/// included, which once gave a blank cell. The workbook is read back with the data-entry reader
/// (ZIPFoundation and the sheet's XML), not with the writer that made it.
@Suite struct XLSXMissingCellTests {
    static func document() -> ReportDocument {
        let table = ReportDocument.Table(
            id: "gaps", caption: LocalizedText(zh: "缺数", en: "Gaps"),
            columns: [.init(id: "id", title: LocalizedText(zh: "编号", en: "ID")), .init(id: "latest", title: LocalizedText(zh: "最新值", en: "Latest"))],
            rows: [
                [.text("A"), .missing(nil)],
                [.text("B"), .missing("")],
                [.text("C"), .missing("保密")],
                [.text("D"), .missing("获取失败（数据源 forestry）")],
                [.text("E"), .number(45.31, decimals: 2)],
            ])
        return ReportDocument(id: "gaps", title: LocalizedText(zh: "缺数", en: "Gaps"), generatedAt: Date(timeIntervalSince1970: 1_738_310_400),
                              sections: [.init(id: "s", title: LocalizedText(zh: "表", en: "Table"), blocks: [.table(table)])])
    }

    func cells(_ language: RenderOptions.Language) throws -> [[String]] {
        var options = RenderOptions()
        options.language = language
        let data = try XLSXRenderer().render(Self.document(), options: options)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("planwatch-xlsx-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: file) }
        try data.write(to: file)
        return try EntrySheet.read(file).rows
    }

    @Test(arguments: [(RenderOptions.Language.zh, "数据不足"), (.en, "no data"), (.both, "数据不足 / no data")])
    func anEmptyLabelReadsNoDataInTheReportLanguage(language: RenderOptions.Language, noData: String) throws {
        let rows = try cells(language)
        let byID = Dictionary(rows.dropFirst().map { ($0[0], $0.count > 1 ? $0[1] : "") }, uniquingKeysWith: { a, _ in a })
        #expect(byID["A"] == noData, "\(rows)")
        #expect(byID["B"] == noData, "an empty label is no label: \(rows)")
        #expect(byID["C"] == "保密" && byID["D"] == "获取失败（数据源 forestry）", "a label of its own is kept: \(rows)")
        #expect(byID["E"].flatMap(Double.init) == 45.31, "\(rows)")
    }
}
