import Foundation
import ReportKit
import Testing
@testable import PlanWatchRender

/// The renderers' own words (generated, source, notes, summary, no data, statuses) follow
/// `RenderOptions.language`: a one-language report carries none of the other language's labels, and
/// `both` (every module report) keeps the bilingual form. Charts are left out: their legends and
/// facts stay bilingual, and only module reports, which are bilingual, carry charts.
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

    @Test func htmlDeclaresTheLanguage() throws {
        #expect(try render(HTMLRenderer(), .en).contains("<html lang=\"en\">"))
        #expect(try render(HTMLRenderer(), .zh).contains("<html lang=\"zh-CN\">"))
    }
}
