import Foundation
import PlanWatchText
import ReportKit
import Testing
@testable import PlanWatchRender

@Suite struct JSONRendererTests {
    @Test func golden() throws {
        try Snapshot.assert(try JSONRenderer().render(Sample.document(), options: RenderOptions()), named: "ecology.json")
        try Snapshot.assert(try JSONRenderer.assessments(SampleAssessments.list()), named: "assessments.json")
    }

    @Test func stableSortedAndISODates() throws {
        let a = try JSONRenderer().render(Sample.document(), options: RenderOptions())
        let b = try JSONRenderer().render(Sample.document(), options: RenderOptions())
        #expect(a == b)
        let object = try #require(try JSONSerialization.jsonObject(with: a) as? [String: Any])
        #expect(object["generatedAt"] as? String == "2025-01-31T08:00:00Z")
        #expect(object["format"] as? String == "planwatch-report")
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.contains("\"counts\" : {\n"))
        #expect(text.contains("\"deterioration\" : 1,"))
        #expect(text.contains("\"value\" : 0.123456789"))
        #expect(text.contains("\"type\" : \"missing\""))
    }

    /// assessments.json wrote "Infinity" as a string for an overflowing CAGR; docs/RENDERING.md says
    /// null, as in the report JSON. Text that merely says Infinity or NaN stays text.
    @Test func assessmentsWriteNonFiniteNumbersAsNull() throws {
        var list = SampleAssessments.list()
        list[0].cagrObserved = .infinity
        list[0].progressValue = -.infinity
        list[0].score = .nan
        list[0].warnings = ["Infinity", "NaN", "-Infinity"]
        let data = try JSONRenderer.assessments(list)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"cagrObserved\" : null") && text.contains("\"progressValue\" : null") && text.contains("\"score\" : null"), "\(text)")
        let objects = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(objects[0]["cagrObserved"] is NSNull && objects[0]["score"] is NSNull)
        #expect(objects[0]["warnings"] as? [String] == ["Infinity", "NaN", "-Infinity"])
        #expect((objects[0]["cagrRequired"] as? NSNumber)?.doubleValue == -0.038897, "finite numbers stay numbers")
    }

    @Test func nonFiniteNumbersAreNull() throws {
        let doc = ReportDocument(
            id: "n", title: LocalizedText(zh: "n"), generatedAt: Sample.generatedAt,
            sections: [.init(id: "s", title: LocalizedText(zh: "s"), blocks: [.table(.init(
                id: "t", caption: LocalizedText(zh: "t"), columns: [.init(id: "a", title: LocalizedText(zh: "a"))],
                rows: [[.number(.nan, decimals: 1)], [.progress(.infinity, label: "∞")]]))])])
        let text = String(decoding: try JSONRenderer().render(doc, options: RenderOptions(prettyJSON: false)), as: UTF8.self)
        #expect(text.contains("{\"decimals\":1,\"type\":\"number\",\"value\":null}"))
        #expect(text.contains("{\"label\":\"∞\",\"type\":\"progress\",\"value\":null}"))
    }
}

@Suite struct MarkdownRendererTests {
    @Test func golden() throws {
        try Snapshot.assert(try MarkdownRenderer().render(Sample.document(), options: RenderOptions()), named: "ecology.md")
    }

    @Test func tablesEscapePipesAndMarkup() {
        let md = MarkdownRenderer().renderString(Sample.hostileDocument())
        #expect(!md.contains("<script"))
        #expect(!md.contains("<img"))
        #expect(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(MarkdownRenderer.cell("a|b") == "a\\|b")
        #expect(MarkdownRenderer.inline("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))")
        #expect(MarkdownRenderer.inline("# title\n- item") == "\\# title - item")
        #expect(MarkdownRenderer.inline("-12.5") == "-12.5")
        #expect(MarkdownRenderer.block("-12.5") == "\\-12.5")
        #expect(MarkdownRenderer.block("2020. 年") == "2020\\. 年")
        // Every table row has as many unescaped pipes as the header.
        for line in md.split(separator: "\n") where line.hasPrefix("| ") {
            let pipes = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            #expect(pipes == 3, "\(line)")
        }
    }

    @Test func statusAndMissingText() {
        let md = MarkdownRenderer().renderString(Sample.document())
        #expect(md.contains("| ✓ 提前实现 / target achieved |"))
        #expect(md.contains("_数据不足 / no data_"))
        #expect(md.contains("**! 约束性预警 binding alert**"))
        #expect(md.contains("|---|---|:-:|--:|--:|--:|---|---|"))
    }
}

@Suite struct RegistryAndWriterTests {
    @Test func registry() throws {
        #expect(Renderers.formatIDs == ["text", "csv", "html", "json", "md", "xlsx"])
        #expect(Renderers.renderer(for: "HTML")?.fileExtension == "html")
        #expect(Renderers.renderer(for: "markdown")?.formatID == "md")
        #expect(Renderers.renderer(for: "txt")?.fileExtension == "txt")
        #expect(try Renderers.parse("html,csv,text,html").map(\.formatID) == ["html", "csv", "text"])
        #expect(throws: RenderError.self) { try Renderers.parse("html,pdf") }
    }

    @Test func fileNamesAreSafe() throws {
        let files = try HTMLRenderer().renderFiles(Sample.hostileDocument(), options: RenderOptions())
        #expect(files.map(\.name) == ["_._.._etc__evil_.html"])
        let csv = try CSVRenderer().renderFiles(Sample.hostileDocument(), options: RenderOptions())
        #expect(csv.map(\.name) == ["_._.._etc__evil_.javascript_alert_1_.csv"])
        #expect(FileName.safe("") == "_")
        #expect(FileName.safe(".hidden") == "_hidden")
    }

    @Test func atomicWriterCreatesReplacesAndLeavesNoTemp() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-atomic-\(UUID().uuidString)/a/b")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent().deletingLastPathComponent()) }
        let url = dir.appendingPathComponent("report.html")
        try AtomicFileWriter.write(Data("first".utf8), to: url)
        #expect(try Data(contentsOf: url) == Data("first".utf8))
        let big = Data(repeating: 0x41, count: 3_000_000)
        try AtomicFileWriter.write(big, to: url)
        #expect(try Data(contentsOf: url) == big)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.html"])
        let written = try AtomicFileWriter.write(try TextRenderer().renderFiles(Sample.document(), options: RenderOptions()), into: dir)
        #expect(written.map(\.lastPathComponent) == ["ecology.txt"])
    }

    @Test func atomicWriterFailsCleanly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        // The target is an existing directory: rename fails, the temporary file is removed.
        let target = dir.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: target.appendingPathComponent("inside"), withIntermediateDirectories: true)
        #expect(throws: AtomicWriteError.self) { try AtomicFileWriter.write(Data("x".utf8), to: target) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["taken"])
    }
}
