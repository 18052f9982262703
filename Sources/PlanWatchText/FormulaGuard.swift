/// Neutralises spreadsheet formulas in CSV text cells. Shared by every CSV planwatch writes: the
/// report CSVs (`CSVWriter`) and `planwatch inspect --rows`, whose cells come straight from a feed.
public enum FormulaGuard {
    /// A cell that starts with = + - @ tab or CR could run as a formula in Excel, LibreOffice or Sheets:
    /// prefix it with a single quote. A plain negative number ("-12.5") is data, not a formula: kept.
    public static func neutralise(_ text: String) -> String {
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
    public static func isPlainNumber(_ text: String) -> Bool {
        var s = Substring(text)
        if s.first == "-" { s = s.dropFirst() }
        let mantissaEnd = s.firstIndex { $0 == "e" || $0 == "E" } ?? s.endIndex
        let mantissa = s[..<mantissaEnd]
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isDigit) }) else {
            return false
        }
        guard mantissaEnd < s.endIndex else { return true }
        var exponent = s[s.index(after: mantissaEnd)...]
        if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy(isDigit)
    }

    private static func isDigit(_ character: Character) -> Bool { character.isASCII && character.isNumber }
}
