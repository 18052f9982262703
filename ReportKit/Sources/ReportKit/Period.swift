import Foundation

/// A reference period: a year, or a quarter or month within it.
public struct Period: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// How often a series is published.
    public enum Frequency: String, Sendable, Hashable, Codable {
        /// Yearly (`A` in SDMX).
        case annual = "A"
        /// Quarterly (`Q`).
        case quarterly = "Q"
        /// Monthly (`M`).
        case monthly = "M"
    }

    /// The calendar year.
    public var year: Int
    /// Yearly, quarterly or monthly.
    public var frequency: Frequency
    /// 1-based quarter or month; 0 for annual.
    public var subperiod: Int

    /// A year.
    public init(year: Int) {
        self.year = year
        self.frequency = .annual
        self.subperiod = 0
    }

    /// A quarter of a year, 1 to 4.
    public init(year: Int, quarter: Int) {
        self.year = year
        self.frequency = .quarterly
        self.subperiod = quarter
    }

    /// A month of a year, 1 to 12.
    public init(year: Int, month: Int) {
        self.year = year
        self.frequency = .monthly
        self.subperiod = month
    }

    /// Parses the period spellings found in feeds: `2024`, `2024年`, `2024A`, `2024M03`, `2024-03`,
    /// `202403` (NBS monthly), `2024Q1`, `2024-Q1`, `2025K3` (Nordic quarters), `2024A`-`2024D` (NBS
    /// quarters, where A..D are Q1..Q4 when written after a four-digit year with a letter only).
    public init?(parsing raw: String) {
        let text = raw.trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: "年", with: "")
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 4, let year = Int(String(String.UnicodeScalarView(scalars[0..<4]))),
              (1000...9999).contains(year)
        else { return nil }
        var rest = String(String.UnicodeScalarView(scalars[4...]))
        if rest.isEmpty || rest == "A" {
            self.init(year: year)
            return
        }
        if rest.hasPrefix("-") { rest.removeFirst() }
        let upper = rest.uppercased()
        if upper.count == 2, upper.hasPrefix("Q") || upper.hasPrefix("K"), let q = Int(upper.dropFirst()),
           (1...4).contains(q) {
            self.init(year: year, quarter: q)
            return
        }
        if upper.count == 1, let letter = upper.unicodeScalars.first, ("B"..."D").contains(letter) {
            // NBS quarterly codes: 2024A..2024D. A plain "2024A" is read as annual above, which is what
            // SDMX and most feeds mean; NBS quarterly sources set frequency in their mapping instead.
            self.init(year: year, quarter: Int(letter.value - 64))
            return
        }
        var monthText = upper
        if monthText.hasPrefix("M") { monthText.removeFirst() }
        if (1...2).contains(monthText.count), let m = Int(monthText), (1...12).contains(m) {
            self.init(year: year, month: m)
            return
        }
        return nil
    }

    public var description: String {
        switch frequency {
        case .annual: String(year)
        case .quarterly: "\(year)Q\(subperiod)"
        case .monthly: String(format: "%04dM%02d", year, subperiod)
        }
    }

    /// Fractional year at the end of the period, for growth arithmetic on sub-annual series.
    public var sortKey: Int { year * 100 + (frequency == .annual ? 99 : (frequency == .quarterly ? subperiod * 3 : subperiod)) }

    public static func < (lhs: Period, rhs: Period) -> Bool { lhs.sortKey < rhs.sortKey }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let period = Period(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a period: \(text)")
        }
        self = period
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
