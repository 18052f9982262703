import Foundation
import PlanWatchText

/// RFC 4180 rows: comma separated, CRLF line ends, fields quoted when they hold a comma, quote, CR or
/// LF (quotes doubled), text neutralised against formula injection; control characters other than
/// CR, LF and tab (which quoting keeps as data) are shown as pictures (a cell is never a terminal
/// sequence).
public struct CSVWriter {
    public enum Field {
        /// Written as a number with a dot at full precision (empty when not finite).
        case number(Double)
        /// Written as text, neutralised when it could start a formula.
        case text(String)
        /// An empty field (missing value).
        case empty
    }

    public private(set) var text = ""

    public init() {}

    public mutating func row(_ fields: [Field]) {
        text += fields.map(Self.encode).joined(separator: ",") + "\r\n"
    }

    public mutating func row(_ texts: [String]) { row(texts.map { .text($0) }) }

    /// A row of a data file planwatch reads back (an observations CSV): quoted, but neither
    /// formula-guarded nor given control pictures, so that the text stays the text that was entered.
    /// Control characters must be refused before (`planwatch import` does).
    public mutating func dataRow(_ texts: [String]) {
        text += texts.map(Self.quote).joined(separator: ",") + "\r\n"
    }

    static func encode(_ field: Field) -> String {
        switch field {
        case .number(let value): return Format.exact(value)
        case .empty: return ""
        case .text(let raw): return quote(ControlCharacters.neutralise(neutralise(raw), keepCarriageReturns: true))
        }
    }

    /// See `FormulaGuard.neutralise` (shared with `planwatch inspect --rows`).
    static func neutralise(_ text: String) -> String { FormulaGuard.neutralise(text) }

    static func quote(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The bytes in the chosen encoding: UTF-8 with BOM, or GB18030 (no BOM).
    func data(_ encoding: RenderOptions.CSVEncoding) throws -> Data {
        switch encoding {
        case .utf8BOM:
            return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        case .gb18030:
            guard let data = GB18030Encoder.encode(text) else {
                throw RenderError.encoding("iconv cannot convert to GB18030 on this system")
            }
            return data
        }
    }
}
