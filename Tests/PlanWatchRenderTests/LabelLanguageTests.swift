import Foundation
import ReportKit
import Testing
@testable import PlanWatchRender

/// The renderers' own words (generated, source, notes, summary, no data, statuses) follow
/// `RenderOptions.language`: a one-language report carries none of the other language's labels, and
/// `both` (every module report) keeps the bilingual form. Charts (SVG legend, in-plot labels, fact
/// lines, "no data") follow the language too: a department report with `language: zh` or `en` that
/// carries a chart must not be bilingual there alone.
@Suite struct LabelLanguageTests {
    static func document() -> ReportDocument {
        var doc = Sample.document()
        doc.sections = doc.sections.map { section in
            var section = section
            section.blocks = section.blocks.filter { if case .chart = $0 { return false } else { return true } }
            return section
        }
        return doc
    }

    func render(_ renderer: any Renderer, _ language: RenderOptions.Language) throws -> String {
        var options = RenderOptions()
        options.language = language
        return try renderer.renderFiles(Self.document(), options: options).map { String(decoding: $0.data, as: UTF8.self) }.joined(separator: "\n")
    }

    @Test(arguments: ["text", "md", "html", "csv"]) func labelsFollowTheLanguage(format: String) throws {
        let renderer = try #require(Renderers.renderer(for: format))
        let bilingual = ["来源 / Source", "生成时间 / Generated", "注 / Notes", "数据不足 / no data", "概览 / Summary", "提前实现 / target achieved"]
        let zh = try render(renderer, .zh), en = try render(renderer, .en), both = try render(renderer, .both)
        for label in bilingual {
            #expect(!zh.contains(label) && !en.contains(label), "\(format): «\(label)» in a one-language rendering: \(zh.split(separator: "\n").filter { $0.contains(label) }.prefix(3)) \(en.split(separator: "\n").filter { $0.contains(label) }.prefix(3))")
        }
        #expect(!en.contains("生成时间") && !en.contains("来源:") && !en.contains("提前实现"), "\(format) en")
        #expect(!zh.contains("Generated") && !zh.contains("target achieved"), "\(format) zh")
        if format != "csv" {
            #expect(both.contains("生成时间 / Generated") || both.contains("生成时间 <span class=\"en\">Generated") || both.contains("生成时间 / Generated"), "\(format) both")
            #expect(zh.contains("生成时间") && en.contains("Generated"), "\(format)")
        }
        #expect(both.contains("提前实现 / target achieved") || both.contains("提前实现 <span class=\"en\">target achieved</span>"), "\(format) both keeps statuses bilingual")
    }

    /// Only charts, with language-neutral titles, so that every word left is the renderers' own.
    static func chartDocument() -> ReportDocument {
        var doc = Sample.document()
        doc.title = LocalizedText(zh: "T")
        doc.subtitle = nil
        doc.facts = []
        doc.sections = doc.sections.compactMap { section in
            let charts: [ReportDocument.Block] = section.blocks.compactMap { block in
                guard case .chart(var chart) = block, chart.unit == "%" else { return nil }
                chart.title = LocalizedText(zh: chart.id)
                return .chart(chart)
            }
            return charts.isEmpty ? nil : ReportDocument.Section(id: section.id, title: LocalizedText(zh: "S"), blocks: charts)
        }
        return doc
    }

    /// The words a reader sees: tags, the stylesheet and the CSS class names of an HTML page left out.
    static func visibleText(_ rendered: String) -> String {
        var text = rendered.replacingOccurrences(of: "<style>[\\s\\S]*?</style>", with: " ", options: .regularExpression)
        text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        return text
    }

    @Test(arguments: ["text", "md", "html"]) func chartsFollowTheLanguage(format: String) throws {
        let renderer = try #require(Renderers.renderer(for: format))
        func render(_ language: RenderOptions.Language) throws -> String {
            var options = RenderOptions()
            options.language = language
            let files = try renderer.renderFiles(Self.chartDocument(), options: options)
            return Self.visibleText(files.map { String(decoding: $0.data, as: UTF8.self) }.joined(separator: "\n"))
        }
        let zh = try render(.zh), en = try render(.en), both = try render(.both)
        #expect(zh.contains("EC05") && zh.contains("EC01"), "\(format): the charts are there")
        for word in ["observed", "baseline", "projection", "target", "ceiling", "floor", "met)", "no data"] {
            #expect(!zh.contains(word), "\(format) zh: «\(word)» in \(zh.split(separator: "\n").filter { $0.contains(word) }.prefix(3))")
        }
        for word in ["实际", "基期", "预测", "目标", "上限", "下限", "达标区", "数据不足"] {
            #expect(!en.contains(word), "\(format) en: «\(word)» in \(en.split(separator: "\n").filter { $0.contains(word) }.prefix(3))")
        }
        #expect(en.contains("baseline 2020") && zh.contains("基期 2020"), "\(format): the fact line in each language")
        #expect(both.contains("基期 baseline 2020"), "\(format): a bilingual report keeps both words")
        if format == "html" {
            #expect(zh.contains("实际") && en.contains("observed") && both.contains("实际 observed"), "the SVG legend")
            #expect(zh.contains("数据不足") && en.contains("no data"), "a chart without figures")
        }
    }

    /// A missing cell is measured as written: 数据不足 alone in a Chinese report is narrower than the
    /// bilingual form, and the status badge carries one language.
    @Test func columnWidthsMeasureTheWordsWritten() {
        let zh = Format.labels(.zh), en = Format.labels(.en), both = Format.labels(.both)
        #expect(ColumnWidths.extent(of: .missing(nil), labels: zh).longest == ColumnWidths.units("数据不足"))
        #expect(ColumnWidths.extent(of: .missing(""), labels: en).longest == ColumnWidths.units("no data"))
        #expect(ColumnWidths.extent(of: .missing(nil), labels: both).longest == ColumnWidths.units("数据不足 / no data"))
        #expect(ColumnWidths.extent(of: .missing("保密"), labels: en).longest == ColumnWidths.units("保密"), "a label of its own is kept")
        let badge = ReportDocument.Cell.status(.moderateProgress, alert: false)
        #expect(ColumnWidths.extent(of: badge, labels: zh).longest < ColumnWidths.extent(of: badge, labels: both).longest)
        #expect(ColumnWidths.extent(of: badge, labels: en).longest < ColumnWidths.extent(of: badge, labels: both).longest)
    }

    @Test func htmlDeclaresTheLanguage() throws {
        #expect(try render(HTMLRenderer(), .en).contains("<html lang=\"en\">"))
        #expect(try render(HTMLRenderer(), .zh).contains("<html lang=\"zh-CN\">"))
    }
}
