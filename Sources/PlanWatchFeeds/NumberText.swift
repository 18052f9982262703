import Foundation

/// Numbers as statistics offices print them: full-width digits and minus signs, thousands separators,
/// and the usual missing-value markers (FORMATS.md).
public enum NumberText {
    /// Markers that mean "no figure" rather than a number.
    public static let missingMarkers: Set<String> = ["..", "...", "-", "—", "–", ":", "x", "X", "NaN", "nan", "#N/A", "#NA", "NA", "N/A", "…", "……"]

    /// The number in `raw`, or nil when it is empty, a missing marker, or not a number.
    public static func parse(_ raw: String) -> Double? {
        let normalized = normalize(raw)
        if normalized.isEmpty || missingMarkers.contains(normalized) { return nil }
        guard let value = Double(normalized), value.isFinite else { return nil }
        return value
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
