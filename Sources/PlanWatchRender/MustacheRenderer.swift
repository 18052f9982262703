import Foundation
import Mustache
import ReportKit

/// An HTML or Markdown page from a Mustache template (a department report's `template:`). The
/// template sees the document as plain values — every variable is listed in
/// `Reports/templates/default.html.mustache` and docs/REPORTS.md — with numbers already at their
/// display decimals and missing figures as their label (数据不足 / no data, never 0).
public struct MustacheRenderer: Renderer {
    public let formatID: String
    public var fileExtension: String { formatID }
    let template: MustacheTemplate

    /// A template that does not parse, with the place the parser stopped.
    public struct TemplateError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "\(line):\(column): \(message)" }
    }

    /// `format` is `html` (values HTML-escaped by `{{name}}`) or `md` (values as text, `|` escaped for tables).
    public init(format: String, text: String) throws(TemplateError) {
        precondition(format == "html" || format == "md", "Mustache templates are for html and md")
        formatID = format
        // Markdown is text: no HTML escaping unless the template asks for it. The pragma sits on the
        // first line, before the template's own first character, so line numbers stay the template's.
        let source = format == "md" && !text.contains("CONTENT_TYPE") ? "{{% CONTENT_TYPE: TEXT}}" + text : text
        do {
            template = try MustacheTemplate(string: source)
        } catch let error as MustacheTemplate.ParserError {
            var column = error.context.columnNumber
            if source.count != text.count && error.context.lineNumber == 1 { column -= "{{% CONTENT_TYPE: TEXT}}".count }
            throw TemplateError(line: error.context.lineNumber, column: max(column, 1), message: "\(error.error)")
        } catch {
            throw TemplateError(line: 1, column: 1, message: "\(error)")
        }
    }

    public func render(_ doc: ReportDocument, options: RenderOptions) throws -> Data {
        Data(template.render(Self.values(doc, markdown: formatID == "md", language: options.language)).utf8)
    }

    /// The document as nested dictionaries and arrays, the only shapes a template reads.
    static func values(_ doc: ReportDocument, markdown: Bool, language: RenderOptions.Language = .both) -> [String: Any] {
        let labels = Format.labels(language)
        func cellText(_ text: String) -> String { markdown ? text.replacingOccurrences(of: "|", with: "\\|") : text }
        func localized(_ t: LocalizedText) -> [String: Any] {
            ["text": t.bilingual, "zh": t.zh, "en": t.en ?? ""]
        }
        let sections: [[String: Any]] = doc.sections.enumerated().map { index, section in
            let blocks: [[String: Any]] = section.blocks.map { block in
                switch block {
                case .paragraph(let t):
                    return ["paragraph": localized(t)]
                case .notes(let notes):
                    return ["notes": notes.map { localized($0) }]
                case .table(let table):
                    return ["table": [
                        "id": table.id, "caption": localized(table.caption),
                        "columns": table.columns.map { ["title": localized($0.title), "numeric": $0.alignment == .trailing] as [String: Any] },
                        "rows": table.rows.map { row in
                            ["cells": row.map { cell -> [String: Any] in
                                var missing = false
                                if case .missing = cell { missing = true }
                                var numeric = false
                                if case .number = cell { numeric = true }
                                var text = Format.plain(cell)
                                // Missing figures and statuses in the document's language.
                                if case .missing(let label) = cell { text = labels.missing(label) }
                                if case .status(let status, let alert) = cell { text = (alert ? "! " : "") + labels.status(status) }
                                return ["text": cellText(text), "missing": missing, "numeric": numeric]
                            }] as [String: Any]
                        },
                        "sources": table.sources, "has_sources": !table.sources.isEmpty,
                    ] as [String: Any]]
                case .chart(let chart):
                    return ["chart": ["title": localized(chart.title), "unit": chart.unit, "observed": Format.observedLine(chart, labels: labels),
                                      "status": labels.text(chart.statusWords)] as [String: Any]]
                case .summary(let summary):
                    let counts = AssessmentStatus.allCases.sorted { $0.severity < $1.severity }.compactMap { status -> [String: Any]? in
                        guard let n = summary.counts[status], n > 0 else { return nil }
                        return ["status": labels.text(summary.label(status)), "count": n]
                    }
                    return ["summary": ["counts": counts, "alerts": summary.bindingAlerts.map { localized($0) }] as [String: Any]]
                }
            }
            return ["id": section.id, "number": index + 1, "title": localized(section.title), "blocks": blocks]
        }
        var values: [String: Any] = [
            "id": doc.id, "title": localized(doc.title), "generated": Format.isoDate(doc.generatedAt),
            // The page's language and the renderers' own words in it, so a template needs no fixed label.
            "lang": language == .en ? "en" : "zh-CN",
            "labels": ["generated": labels.generated, "source": labels.source, "notes": labels.notes, "no_data": labels.noData],
            "facts": doc.facts.map { ["key": localized($0.key), "value": $0.value] as [String: Any] },
            "sections": sections,
        ]
        if let subtitle = doc.subtitle { values["subtitle"] = localized(subtitle) }
        return values
    }
}
