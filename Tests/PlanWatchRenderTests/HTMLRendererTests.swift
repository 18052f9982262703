import Foundation
import ReportKit
import Testing
@testable import PlanWatchRender

@Suite struct HTMLRendererTests {
    static func indexPage() -> Data {
        let doc = Sample.document()
        let summary: ReportDocument.StatusSummary? = doc.sections.first?.blocks.compactMap {
            if case .summary(let s) = $0 { return s }
            return nil
        }.first
        return HTMLRenderer.index(
            reports: [
                HTMLRenderer.IndexEntry(id: doc.id, title: doc.title, file: "ecology.html", summary: summary),
                HTMLRenderer.IndexEntry(
                    id: "safety", title: LocalizedText(zh: "安全发展", en: "Safety"), file: "safety.html",
                    summary: ReportDocument.StatusSummary(counts: [.substantialProgress: 3], bindingAlerts: [])),
            ],
            runInfo: HTMLRenderer.RunInfo(
                title: LocalizedText(zh: "规划实施监测报告", en: "Plan monitoring run"), generatedAt: Sample.generatedAt,
                facts: [.init(key: LocalizedText(zh: "规划", en: "Plan"), value: "示例规划 2021–2025")]))
    }

    @Test func golden() throws {
        try Snapshot.assert(try HTMLRenderer().render(Sample.document(), options: RenderOptions()), named: "ecology.html")
        try Snapshot.assert(Self.indexPage(), named: "index.html")
    }

    @Test func selfContainedAndChinese() throws {
        let html = HTMLRenderer().renderString(Sample.document())
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("\"Noto Sans CJK SC\""))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || !html.contains("src=\"http"))
        // No external reference of any kind: the only URL-bearing attributes are in-page anchors and the SVG namespace.
        let refs = Self.attributeValues(html, names: ["href", "src", "action", "xlink:href"])
        #expect(refs.allSatisfy { $0.hasPrefix("#") }, "\(refs)")
        #expect(html.contains("@page{size:A4"))
        #expect(html.contains("break-inside:avoid"))
    }

    @Test func chartsDrawTargetBandAndDashedProjection() {
        let html = HTMLRenderer().renderString(Sample.document())
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count == 5)  // four charts
        #expect(html.contains("class=\"band\""))  // ceiling and floor bands
        #expect(html.contains("class=\"bound\""))
        #expect(html.contains("class=\"target\""))  // level target line
        #expect(html.contains("class=\"projection\""))
        #expect(html.contains("stroke-dasharray:7 5"))
        #expect(html.contains(">2020</text>") && html.contains(">2025</text>"))
        #expect(html.contains("数据不足 / no data"))
    }

    @Test func dashboardListsAlertsFirstThenCountsBySeverity() throws {
        let html = HTMLRenderer().renderString(Sample.document())
        let alerts = try #require(html.range(of: "约束性目标预警"))
        let counts = try #require(html.range(of: "<ul class=\"counts\">"))
        #expect(alerts.lowerBound < counts.lowerBound)
        let order = ["s-deterioration", "s-moderate_progress", "s-not_available", "s-substantial_progress", "s-target_achieved"]
            .compactMap { html.range(of: "<li class=\"card \($0)\"")?.lowerBound }
        #expect(order.count == 5 && order == order.sorted())
    }

    @Test func indexLinksEveryReportAndOnlySafeFileNames() throws {
        let html = String(decoding: Self.indexPage(), as: UTF8.self)
        #expect(html.contains("<a href=\"./ecology.html\">"))
        #expect(html.contains("<a href=\"./safety.html\">"))
        let hostile = String(decoding: HTMLRenderer.index(
            reports: [(id: "x", title: LocalizedText(zh: "x"), file: "javascript:alert(1)", summary: nil),
                      (id: "y", title: LocalizedText(zh: "y"), file: "../secret.html", summary: nil)],
            runInfo: HTMLRenderer.RunInfo(title: LocalizedText(zh: "t"), generatedAt: Sample.generatedAt)), as: UTF8.self)
        #expect(!hostile.contains("href=\"./javascript"))
        #expect(!hostile.contains("href=\"./..") && !hostile.contains("href=\"javascript"))
        #expect(Self.attributeValues(hostile, names: ["href"]).isEmpty)
    }

    // MARK: - Escaping

    @Test func hostileStringsAppearOnlyAsText() throws {
        let html = HTMLRenderer().renderString(Sample.hostileDocument())
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<svg onload"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("Tom&#39;s &amp; Jerry&#39;s &quot;quotes&quot;"))
        #expect(html.contains("{{ x }}"))
        // Every tag is one the renderer writes itself, and no tag carries an event handler.
        let allowed: Set<String> = [
            "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "span", "p", "dl", "div",
            "dt", "dd", "time", "nav", "ol", "li", "a", "section", "ul", "aside", "figure", "table", "caption", "thead",
            "tr", "th", "tbody", "td", "figcaption", "svg", "defs", "pattern", "rect", "line", "text", "path",
            "polyline", "circle", "g", "br", "footer", "colgroup", "col",
        ]
        let tags = Self.matches(html, #"<([A-Za-z][A-Za-z0-9-]*)"#)
        #expect(Set(tags).isSubset(of: allowed), "\(Set(tags).subtracting(allowed))")
        #expect(Self.matches(html, #"<[^>]*\s(on[a-z]+)\s*="#).isEmpty)
        // Hostile text never lands in a URL attribute, and attribute values never contain raw quotes from data.
        let refs = Self.attributeValues(html, names: ["href", "src", "xlink:href", "action", "formaction"])
        #expect(refs.allSatisfy { $0.hasPrefix("#s") }, "\(refs)")
        #expect(!html.contains("href=\"javascript") && !html.contains("href='"))
        // Inline styles are only computed widths (column widths, progress bars), never text from data.
        let styles = Self.attributeValues(html, names: ["style"])
        #expect(styles.allSatisfy { $0.wholeMatch(of: /width:[0-9]+(\.[0-9])?%/) != nil }, "\(styles)")
        // The chart's hostile title and unit are escaped inside the SVG too.
        let svgStart = try #require(html.range(of: "<svg class=\"chart\""))
        let svg = html[svgStart.lowerBound...]
        #expect(svg.contains("<title id=\"chart-1-title\">&lt;script&gt;"))
        #expect(!svg.contains("<script"))
    }

    @Test func escapeFunction() {
        #expect(HTMLEscape.escape("<a href='x'>&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;")
        #expect(HTMLEscape.escape("中文\u{0}\u{7}") == "中文\u{FFFD}\u{FFFD}")
    }

    // MARK: - Helpers

    static func matches(_ text: String, _ pattern: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map {
            ns.substring(with: $0.range(at: 1))
        }
    }

    static func attributeValues(_ html: String, names: [String]) -> [String] {
        names.flatMap { matches(html, #"\s"# + NSRegularExpression.escapedPattern(for: $0) + #"\s*=\s*"([^"]*)""#) }
    }
}
