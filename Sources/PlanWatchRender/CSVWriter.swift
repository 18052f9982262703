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

    static func encode(_ field: Field) -> String {
        switch field {
        case .number(let value): return Format.exact(value)
        case .empty: return ""
        case .text(let raw): return quote(ControlCharacters.neutralise(neutralise(raw), keepCarriageReturns: true))
        }
    }

    /// A cell that starts with = + - @ tab or CR could run as a formula in Excel, LibreOffice or Sheets:
    /// prefix it with a single quote. A plain negative number ("-12.5") is data, not a formula: kept.
    static func neutralise(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        switch first {
        case "=", "+", "-", "@", "\t", "\r":
            if first == "-", isPlainNumber(text) { return text }
            return "'" + text
        default:
            return text
        }
    }

    /// `-?digits(.digits)?(e[+-]?digits)?` and nothing else.
    static func isPlainNumber(_ text: String) -> Bool {
        var s = Substring(text)
        if s.first == "-" { s = s.dropFirst() }
        let mantissaEnd = s.firstIndex { $0 == "e" || $0 == "E" } ?? s.endIndex
        let mantissa = s[..<mantissaEnd]
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
            return false
        }
        guard mantissaEnd < s.endIndex else { return true }
        var exponent = s[s.index(after: mantissaEnd)...]
        if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy(\.isASCIIDigit)
    }

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

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
