import Foundation
import ReportKit

/// The renderers by format id.
public enum Renderers {
    /// Every renderer, in the order formats are listed in help texts.
    public static let all: [any Renderer] = [
        TextRenderer(),
        CSVRenderer(),
        HTMLRenderer(),
        JSONRenderer(),
        MarkdownRenderer(),
        XLSXRenderer(),
    ]

    /// Known format ids: `text`, `csv`, `html`, `json`, `md`, `xlsx`.
    public static var formatIDs: [String] { all.map(\.formatID) }

    /// The renderer for a format id (case-insensitive; `txt`, `markdown` accepted as aliases), or nil.
    public static func renderer(for formatID: String) -> (any Renderer)? {
        var id = formatID.trimmingCharacters(in: .whitespaces).lowercased()
        if id == "txt" { id = "text" }
        if id == "markdown" { id = "md" }
        return all.first { $0.formatID == id }
    }

    /// Parses a `--format html,csv,text` list: renderers in the order given, duplicates dropped.
    public static func parse(_ list: String) throws -> [any Renderer] {
        var result: [any Renderer] = []
        for item in list.split(separator: ",") where !item.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let renderer = renderer(for: String(item)) else {
                throw RenderError.unknownFormat(String(item), known: formatIDs)
            }
            if !result.contains(where: { $0.formatID == renderer.formatID }) { result.append(renderer) }
        }
        guard !result.isEmpty else { throw RenderError.unknownFormat(list, known: formatIDs) }
        return result
    }
}
