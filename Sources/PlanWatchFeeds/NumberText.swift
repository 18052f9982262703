import Foundation

/// Numbers as statistics offices print them: full-width digits and minus signs, thousands separators,
/// and the usual missing-value markers (FORMATS.md).
public enum NumberText {
    /// Markers that mean "no figure" rather than a number.
    public static let missingMarkers: Set<String> = ["..", "...", "-", "—", "–", ":", "x", "X", "NaN", "nan", "#N/A", "#NA", "NA", "N/A", "…", "……"]

    /// The number in `raw`, or nil when it is empty, a missing marker, or not a number.
    ///
    /// Strict on purpose: a decimal number with an optional sign and exponent, where commas may only
    /// group thousands (`4,001.55`). `62,1` (a decimal comma), `1.234,5` and hex such as `0x3E` are
    /// not numbers here, so a misread figure becomes an error naming its cell instead of a wrong value.
    public static func parse(_ raw: String) -> Double? {
        // Plain ASCII figures (`4001.55`, `-3e5`) need none of the normalising below: read them
        // directly, by the same rule. Most cells of a large file are like this.
        if isPlainASCII(raw) {
            guard isDecimal(raw), let value = Double(raw), value.isFinite else { return nil }
            return value
        }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        let normalized = normalize(trimmed)
        if normalized.isEmpty || missingMarkers.contains(normalized) { return nil }
        guard isDecimal(normalized), hasValidGrouping(widen(trimmed)),
              let value = Double(normalized), value.isFinite else { return nil }
        return value
    }

    /// For bytes of only digits, sign, point and exponent: the number by the same rule as `parse`
    /// (`.some(nil)` when they do not form one); nil for anything else, which `parse` must read.
    /// Reads a CSV cell without making a `String` of it first.
    static func parsePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Double?? {
        guard !bytes.isEmpty, bytes.count <= 64, bytes.allSatisfy(isPlainByte) else { return nil }
        guard isDecimal(bytes[...]) else { return .some(nil) }
        guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return .some(nil) }
        return .some(value)
    }

    @inline(__always) static func isPlainByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
            || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }

    /// Only the bytes of a plain decimal (digits, sign, point, exponent): such text is unchanged by
    /// trimming, `normalize` and `widen`, and has no grouping commas to check.
    static func isPlainASCII(_ text: String) -> Bool {
        !text.utf8.isEmpty && text.utf8.allSatisfy(isPlainByte)
    }

    /// `[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?`
    static func isDecimal(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { isDecimal($0[...]) }
    }

    static func isDecimal(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var bytes = bytes
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let isDigit = { (b: UInt8) in b >= 48 && b <= 57 }
        let intDigits = bytes.prefix(while: isDigit).count
        bytes = bytes.dropFirst(intDigits)
        var fracDigits = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fracDigits = bytes.prefix(while: isDigit).count
            bytes = bytes.dropFirst(fracDigits)
        }
        guard intDigits + fracDigits > 0 else { return false }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            let expDigits = bytes.prefix(while: isDigit).count
            guard expDigits > 0 else { return false }
            bytes = bytes.dropFirst(expDigits)
        }
        return bytes.isEmpty
    }

    /// Full-width forms to ASCII but separators kept, to check where the commas stand.
    static func widen(_ raw: String) -> String {
        String(String.UnicodeScalarView(raw.unicodeScalars.map { s in
            switch s.value {
            case 0xFF10...0xFF19: Unicode.Scalar(s.value - 0xFF10 + 0x30)!
            case 0xFF0C: ","
            case 0xFF0E: "."
            default: s
            }
        }))
    }

    /// Commas, if any, must group the integer part in threes: `1,234,567.8`, not `62,1` or `1.234,5`.
    static func hasValidGrouping(_ text: String) -> Bool {
        guard text.contains(",") else { return true }
        var body = Substring(text)
        while let first = body.first, !first.isNumber { body = body.dropFirst() }
        let integer = body.prefix { $0 != "." && $0 != "e" && $0 != "E" }
        guard !body.dropFirst(integer.count).contains(",") else { return false }
        let groups = integer.split(separator: ",", omittingEmptySubsequences: false)
        guard let head = groups.first, (1...3).contains(head.count) else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 }
    }

    /// Full-width to ASCII, Unicode minus to '-', thousands separators and spaces removed.
    public static func normalize(_ raw: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19: out.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0xFF0E: out.append(".")
            case 0xFF0D, 0x2212: out.append("-")
            case 0xFF0B: out.append("+")
            case 0x2C, 0xFF0C, 0x20, 0xA0, 0x3000, 0x2009, 0x202F: continue  // thousands separators, spaces
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
