import Foundation
import ReportKit
import Testing
@testable import PlanWatchRender

/// A narrowing column never splits a word: below the width that fits every column's longest word the
/// table turns into one block per row, and the legend and sources still follow it.
@Suite struct TextTableWordTests {
    static func document() -> ReportDocument {
        let columns: [ReportDocument.Column] = [
            .init(id: "series", title: LocalizedText(zh: "编号", en: "Series")),
            .init(id: "name", title: LocalizedText(zh: "指标", en: "Indicators")),
            .init(id: "latest", title: LocalizedText(zh: "最新", en: "Latest"), alignment: .trailing),
            .init(id: "status", title: LocalizedText(zh: "进展", en: "Status")),
        ]
        let rows: [[ReportDocument.Cell]] = [
            [.text("LV05.public-rental"), .text("公租房实物保障和租赁补贴总户数"), .number(1.5, decimals: 1), .status(.limitedProgress, alert: true)],
            [.text("LV06.new-rural-nursing"), .text("其中新增护理型床位"), .missing(nil), .status(.notAvailable, alert: false)],
        ]
        let table = ReportDocument.Table(
            id: "t", caption: LocalizedText(zh: "住房", en: "Housing"), columns: columns, rows: rows, sources: ["test source (2026-01-01)"])
        return ReportDocument(
            id: "housing", title: LocalizedText(zh: "住房"), generatedAt: Date(timeIntervalSince1970: 0),
            sections: [ReportDocument.Section(id: "s", title: LocalizedText(zh: "分项"), blocks: [.table(table)])])
    }

    @Test(arguments: Array(stride(from: 30, through: 120, by: 3)))
    func wordsStayWhole(width: Int) {
        let text = TextRenderer().renderString(Self.document(), options: RenderOptions(width: width))
        for word in ["LV05.public-rental", "LV06.new-rural-nursing", "Indicators"] {
            #expect(text.contains(word), "width \(width): '\(word)' split\n\(text)")
        }
        #expect(text.contains("! = ") && text.contains("(2026-01-01)"), "width \(width): legend or sources dropped")
        for line in text.split(separator: "\n") {
            #expect(DisplayWidth.width(of: line) <= width, "\(line)")
        }
    }
}
