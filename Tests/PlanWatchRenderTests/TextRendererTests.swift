import Foundation
import ReportKit
import Testing
@testable import PlanWatchRender

@Suite struct TextRendererTests {
    let renderer = TextRenderer()

    @Test func golden() throws {
        let doc = Sample.document()
        try Snapshot.assert(try renderer.render(doc, options: RenderOptions(width: 100)), named: "ecology.txt")
        try Snapshot.assert(try renderer.render(doc, options: RenderOptions(width: 60)), named: "ecology-w60.txt")
        try Snapshot.assert(try renderer.render(doc, options: RenderOptions(width: 100, colour: true)), named: "ecology-colour.txt")
    }

    @Test(arguments: [30, 40, 60, 80, 100, 140])
    func linesFitTheWidth(width: Int) throws {
        let text = renderer.renderString(Sample.document(), options: RenderOptions(width: width))
        for line in text.split(separator: "\n") {
            #expect(DisplayWidth.width(of: line) <= width, "\(line)")
        }
    }

    @Test func tableColumnsAlignByDisplayWidth() throws {
        let text = renderer.renderString(Sample.document(), options: RenderOptions(width: 200))
        let lines = text.components(separatedBy: "\n")
        // Every row of the table (between the dashed rule and the first blank line) starts its status
        // column at the same display column.
        let rule = try #require(lines.firstIndex { $0.hasPrefix("----") && $0.contains("  ") })
        let rows = lines[(rule + 1)...].prefix { !$0.isEmpty && !$0.hasPrefix("!") }
        #expect(rows.count == 6)
        let statusColumns = rows.compactMap { row -> Int? in
            guard let range = row.range(of: "EC") else { return nil }
            _ = range
            let markers = ["提前实现", "! 逆向变化", "略有滞后", "数据不足 / no data", "符合预期"]
            let hit = markers.compactMap { row.range(of: $0, options: .backwards) }.max { $0.lowerBound < $1.lowerBound }
            return hit.map { DisplayWidth.width(of: row[..<$0.lowerBound]) }
        }
        #expect(Set(statusColumns.suffix(6)).count == 1, "\(statusColumns)")
    }

    @Test func missingIsNeverZeroAndStatusIsBilingual() {
        let text = renderer.renderString(Sample.document(), options: RenderOptions(width: 160))
        #expect(text.contains("数据不足 / no data"))
        #expect(text.contains("未发布 not published"))
        #expect(text.contains("提前实现 / target achieved"))
        #expect(text.contains("! 逆向变化 / deterioration"))
        #expect(text.contains("2020 45.31 → 2021 45.4 → 2022 45.62 → 2023 45.8"))
        #expect(text.contains("预测 projection 2025 46.13"))
    }

    @Test func colourOnlyWhenAsked() {
        let plain = renderer.renderString(Sample.document(), options: RenderOptions(colour: false))
        let coloured = renderer.renderString(Sample.document(), options: RenderOptions(colour: true))
        #expect(!plain.contains("\u{1B}["))
        #expect(coloured.contains("\u{1B}[32m"))
    }

    @Test func terminalOptionsHonourNoColour() {
        // The test's stdout is not a terminal, so colour is off either way; NO_COLOR must never turn it on.
        let options = RenderOptions.terminal(fileDescriptor: -1, environment: ["NO_COLOR": "1", "COLUMNS": "72"])
        #expect(options.colour == false)
        #expect(options.width == 72)
        #expect(RenderOptions.terminal(fileDescriptor: -1, environment: [:], widthOverride: 50).width == 50)
    }

    /// ESC, BEL and CR from a feed never reach the terminal or a .txt/.md file as such; with colour on,
    /// the only escape sequences left are the renderer's own SGR colours.
    @Test func controlCharactersFromDataAreShownAsPictures() throws {
        let hostile = "\u{1B}]0;pwned\u{07}\u{1B}[2J\rover"
        let text = LocalizedText(zh: hostile, en: hostile)
        let doc = ReportDocument(id: "x", title: text, generatedAt: Sample.generatedAt, sections: [
            ReportDocument.Section(id: "s", title: text, blocks: [
                .paragraph(text),
                .summary(ReportDocument.StatusSummary(counts: [.deterioration: 1], bindingAlerts: [text])),
                .table(ReportDocument.Table(id: "t", caption: text, columns: [ReportDocument.Column(id: "a", title: text)],
                                            rows: [[.text(hostile)], [.status(.deterioration, alert: true)]], sources: [hostile])),
                .notes([text]),
            ]),
        ])
        for colour in [false, true] {
            let out = renderer.renderString(doc, options: RenderOptions(width: 100, colour: colour))
            #expect(out.contains("␛]0;pwned␇␛[2J␍over"))
            #expect(!out.contains("\u{07}") && !out.contains("\r"))
            let sequences = out.components(separatedBy: "\u{1B}").dropFirst()
            #expect(sequences.allSatisfy { $0.range(of: #"^\[[0-9;]*m"#, options: .regularExpression) != nil }, "\(out)")
            #expect(colour || sequences.isEmpty)
        }
        let markdown = MarkdownRenderer().renderString(doc)
        #expect(!markdown.contains("\u{1B}") && !markdown.contains("\u{07}") && markdown.contains("␛"))
    }
}
