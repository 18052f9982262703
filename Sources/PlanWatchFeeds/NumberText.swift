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
            var copy = raw
            if let read = copy.withUTF8({ parsePlain($0) }) { return read }
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
    /// Reads a CSV cell without making a `String` of it: one pass checks the grammar and gathers up
    /// to 19 significant digits; the double is then exact (Clinger: mantissa below 2^53, power of ten
    /// up to 22) or Eisel-Lemire's correctly rounded one. `strtod` reads only the rare rest (more
    /// digits, subnormal results), so every path gives what `Double(String)` gives.
    static func parsePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Double?? {
        guard let p = bytes.baseAddress, bytes.count > 0, bytes.count <= 64 else { return nil }
        let n = bytes.count
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "+") || p[0] == UInt8(ascii: "-") { negative = p[0] == UInt8(ascii: "-"); i = 1 }
        var mantissa: UInt64 = 0
        var significant = 0, exp10 = 0, digits = 0
        var dropped = false
        // Integer then fraction digits; zeros before the first significant digit only count as digits.
        var fraction = false
        while i < n {
            let b = p[i]
            if b >= 48 && b <= 57 {
                digits += 1
                if mantissa == 0 && b == 48 {
                    if fraction { exp10 -= 1 }
                } else if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(b &- 48)
                    significant += 1
                    if fraction { exp10 -= 1 }
                } else {
                    dropped = true
                    if !fraction { exp10 += 1 }
                }
            } else if b == UInt8(ascii: "."), !fraction {
                fraction = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { return notDecimal(bytes, from: i) }
        if i < n {
            guard p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") else { return notDecimal(bytes, from: i) }
            i += 1
            var eNegative = false
            if i < n, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { eNegative = p[i] == UInt8(ascii: "-"); i += 1 }
            var e = 0, eDigits = 0
            while i < n, p[i] >= 48, p[i] <= 57 {
                if e < 100_000 { e = e * 10 + Int(p[i] &- 48) }
                eDigits += 1
                i += 1
            }
            guard eDigits > 0, i == n else { return notDecimal(bytes, from: i) }
            exp10 += eNegative ? -e : e
        }
        if !dropped {
            if mantissa < (1 << 53), exp10 >= -22, exp10 <= 22 {
                var d = Double(mantissa)
                if exp10 < 0 { d /= exactPowers[-exp10] } else if exp10 > 0 { d *= exactPowers[exp10] }
                return .some(negative ? -d : d)
            }
            if let d = EiselLemire.double(mantissa, exp10, negative: negative) { return .some(d.isFinite ? d : nil) }
        }
        guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return .some(nil) }
        return .some(value)
    }

    /// The number in a cell's bytes when they are a plain or thousands-grouped ASCII decimal (`4001.55`,
    /// `-3e5`, `"1,234.5"`): what `parse` gives for them, without making a `String`. nil for anything
    /// else, which may still be a number (full-width, spaced) or a missing marker: the caller then
    /// applies the full rule to the text.
    static func quickNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        if let plain = parsePlain(bytes) { return plain }
        guard let p = bytes.baseAddress, bytes.count <= 64 else { return nil }
        let n = bytes.count
        var hasComma = false
        for k in 0..<n {
            let b = p[k]
            if b == UInt8(ascii: ",") { hasComma = true } else if !isPlainByte(b) { return nil }
        }
        guard hasComma else { return nil }
        // Grouping as `hasValidGrouping` checks it: past any leading non-digits, commas only in the
        // integer part, one to three digits before the first and three between the others.
        var k = 0
        while k < n, !(p[k] >= 48 && p[k] <= 57) { k += 1 }
        var group = 0, groups = 0
        while k < n, p[k] != UInt8(ascii: "."), p[k] != UInt8(ascii: "e"), p[k] != UInt8(ascii: "E") {
            if p[k] == UInt8(ascii: ",") {
                guard groups == 0 ? (1...3).contains(group) : group == 3 else { return nil }
                groups += 1
                group = 0
            } else {
                group += 1
            }
            k += 1
        }
        guard groups == 0 ? (1...3).contains(group) : group == 3 else { return nil }
        while k < n { if p[k] == UInt8(ascii: ",") { return nil }; k += 1 }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer -> Double? in
            var m = 0
            for k in 0..<n where p[k] != UInt8(ascii: ",") { buffer[m] = p[k]; m += 1 }
            return parsePlain(UnsafeBufferPointer(rebasing: buffer[..<m])) ?? nil
        }
    }

    /// The answer for bytes that broke the decimal grammar at `from`: not a number if they are all
    /// plain bytes, else for `parse` to read (it may be a grouped or full-width figure).
    private static func notDecimal(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Double?? {
        bytes[from...].allSatisfy(isPlainByte) ? .some(nil) : nil
    }

    /// 10^0 … 10^22, each exactly a double.
    private static let exactPowers: [Double] = (0...22).map { pow(10.0, Double($0)) }

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
