import Foundation
import PlanWatchText
import ReportKit

/// Markdown (GitHub / GitLab flavoured) for wikis and merge requests: pipe tables with `|` escaped,
/// statuses as text with their symbol, missing figures as 数据不足 / no data. Text from the document
/// is escaped so that it can neither open markup (HTML, links, emphasis) nor break a table.
public struct MarkdownRenderer: Renderer {
    public let formatID = "md"
    public let fileExtension = "md"

    public init() {}

    public func render(_ doc: ReportDocument, options: RenderOptions) throws -> Data {
        Data(renderString(doc, language: options.language).utf8)
    }

    public func renderString(_ doc: ReportDocument, language: RenderOptions.Language = .both) -> String {
        let labels = Format.labels(language)
        var lines: [String] = ["# \(Self.inline(doc.title.bilingual))", ""]
        if let subtitle = doc.subtitle { lines += [Self.block(subtitle.bilingual), ""] }
        for fact in doc.facts { lines.append("- **\(Self.inline(fact.key.bilingual))**: \(Self.inline(fact.value))") }
        lines.append("- **\(Self.inline(labels.generated))**: \(Format.isoDate(doc.generatedAt))")
        for section in doc.sections {
            lines += ["", "## \(Self.inline(section.title.bilingual))"]
            for block in section.blocks {
                lines.append("")
                switch block {
                case .paragraph(let text):
                    lines.append(Self.block(text.zh))
                    if let en = text.en, !en.isEmpty, en != text.zh { lines += ["", Self.block(en)] }
                case .notes(let notes):
                    lines.append("**\(labels.notes)**")
                    lines.append("")
                    lines += notes.map { "- \(Self.inline($0.bilingual))" }
                case .summary(let summary):
                    if summary.bindingAlerts.isEmpty {
                        lines.append("✓ \(labels.noAlerts)")
                    } else {
                        lines.append("**! \(labels.alerts) (\(summary.bindingAlerts.count))**")
                        lines.append("")
                        lines += summary.bindingAlerts.map { "- ! \(Self.inline($0.bilingual))" }
                    }
                    lines += ["", "| \(labels.status) | \(labels.count) |", "|---|--:|"]
                    for (status, count) in Format.orderedCounts(summary) {
                        lines.append("| \(Format.symbol(status)) \(labels.status(status)) | \(count) |")
                    }
                case .table(let table):
                    lines.append("**\(Self.inline(table.caption.bilingual))**")
                    lines.append("")
                    lines.append("| " + table.columns.map { Self.cell($0.title.bilingual) }.joined(separator: " | ") + " |")
                    lines.append("|" + table.columns.map {
                        switch $0.alignment {
                        case .leading: "---"
                        case .trailing: "--:"
                        case .center: ":-:"
                        }
                    }.joined(separator: "|") + "|")
                    for row in table.rows {
                        let cells = table.columns.indices.map { index -> String in
                            guard index < row.count else { return "" }
                            let cell = row[index]
                            if let (status, alert, label) = cell.statusWords {
                                return "\(Format.symbol(status)) \(labels.text(label))" + (alert ? " **! \(labels.alertShort)**" : "")
                            }
                            if case .missing(let label) = cell { return "_\(Self.cell(labels.missing(label)))_" }
                            return Self.cell(Format.plain(cell))
                        }
                        lines.append("| " + cells.joined(separator: " | ") + " |")
                    }
                    if !table.sources.isEmpty {
                        lines.append("")
                        lines.append("\(labels.source):")
                        lines += table.sources.map { "- \(Self.inline($0))" }
                    }
                case .chart(let chart):
                    let unit = chart.unit.isEmpty ? "" : " (\(Self.inline(chart.unit)))"
                    lines.append("**\(Self.inline(chart.title.bilingual))**\(unit) — \(Format.symbol(chart.status)) \(labels.text(chart.statusWords))")
                    lines.append("")
                    lines.append("- \(Self.inline(Format.observedLine(chart, labels: labels)))")
                    for fact in Format.chartFacts(chart, labels: labels) { lines.append("- \(Self.inline(fact))") }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Escapes Markdown and HTML syntax in running text: a backslash before every ASCII punctuation
    /// mark that can start markup, `<` `>` `&` as entities (CommonMark keeps those literal), and
    /// line breaks folded into spaces (a line break could start a heading or a list).
    static func inline(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "#", "|", "~":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "\n", "\r", "\t": out += " "
            default:
                // Other control characters (ESC from a feed) would reach a terminal that shows the file.
                out.unicodeScalars.append(ControlCharacters.isControl(scalar, keepNewlines: true) ? ControlCharacters.picture(for: scalar) : scalar)
            }
        }
        return out
    }

    /// Running text that starts a line (paragraph): also escapes a leading list marker or an
    /// ordered-list number ("1."), which would change the block.
    static func block(_ text: String) -> String {
        var out = inline(text)
        if let first = out.first, "-+=".contains(first) { out = "\\" + out }
        if let dot = out.firstIndex(of: "."), !out[..<dot].isEmpty, out[..<dot].allSatisfy(\.isASCIINumberLike) {
            out.insert("\\", at: dot)
        }
        return out
    }

    /// A table cell: inline escaping (which escapes `|`).
    static func cell(_ text: String) -> String { inline(text) }
}

extension Character {
    fileprivate var isASCIINumberLike: Bool { isASCII && isNumber }
}
