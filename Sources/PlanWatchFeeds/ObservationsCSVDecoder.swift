import Foundation
import ReportKit

/// `format: observations-csv`: the curated observation file. Header `indicator,region,period,value`,
/// optional `unit,status,source_title,source_url,quote,note`; other columns ignored; UTF-8 with or
/// without BOM. Municipal figures often exist only in printed bulletins, so this format is first-class.
///
/// A row that cannot be read (no indicator, a bad period or value) is left out and named in one
/// warning with the other bad rows; the good rows are kept and the decoded feed counts the rejects.
public struct ObservationsCSVDecoder: FeedDecoder {
    public static let format = "observations-csv"
    static let required = ["indicator", "region", "period", "value"]
    static let optional = ["unit", "status", "source_title", "source_url", "quote", "note"]

    public init() {}

    public func decode(_ payload: Payload, mapping: FeedMapping) throws(FeedError) -> DecodedFeed {
        try CSVInput.withText(payload, what: "observation CSV", gb18030: false) { bytes, _ throws(FeedError) in
            try decode(bytes, payload: payload, mapping: mapping)
        }
    }

    func decode(_ bytes: UnsafeBufferPointer<UInt8>, payload: Payload, mapping: FeedMapping) throws(FeedError) -> DecodedFeed {
        var column: [String: Int]? = nil
        var observations: [Observation] = []
        var rejected = RejectedRows()
        var periods: [String: Period] = [:]
        var interned = Interner()
        let scale = mapping.scale ?? 1
        let linePrefix = payload.location + ":"
        // Column positions, resolved once from the header (-1: absent).
        var at = [Int](repeating: -1, count: Self.required.count + Self.optional.count)
        try CSVScanner.scan(bytes, sourceID: payload.sourceID, location: payload.location) { (record: borrowing CSVScanner.Row) throws(FeedError) in
            guard column != nil else {
                var names: [String: Int] = [:]
                for i in 0..<record.count {
                    let name = record.string(i).trimmingCharacters(in: .whitespaces).lowercased()
                    if names[name] == nil { names[name] = i }
                }
                let missing = Self.required.filter { names[$0] == nil }
                guard missing.isEmpty else {
                    throw FeedError(.malformed, payload: payload, position: "line \(record.line)",
                                    message: "header lacks column(s) \(missing.joined(separator: ", ")); the header must start with \(Self.required.joined(separator: ","))")
                }
                for (k, name) in (Self.required + Self.optional).enumerated() { at[k] = names[name] ?? -1 }
                column = names
                return
            }
            func cell(_ k: Int) -> String? { at[k] < 0 ? nil : record.trimmed(at[k]) }
            let position = "line \(record.line)"
            guard let indicator = cell(0) else {
                rejected.add(FeedError(.malformed, payload: payload, position: "\(position), column indicator", message: "indicator is empty; give a plan series id such as K01"))
                return
            }
            let periodText = cell(2)
            var period: Period? = nil
            if let periodText {
                if let known = periods[periodText] { period = known } else if let parsed = Period(parsing: periodText) {
                    periods[periodText] = parsed
                    period = parsed
                }
            }
            guard let period else {
                rejected.add(FeedError(.malformed, payload: payload, position: "\(position), column period",
                                       message: "period '\(periodText ?? "")' is not a period; write 2024, 2024Q1 or 2024M03"))
                return
            }
            var value: Double? = nil
            if let raw = cell(3) {
                guard let number = NumberText.parse(raw) else {
                    rejected.add(FeedError(.malformed, payload: payload, position: "\(position), column value",
                                           message: "value '\(raw)' is not a number; leave it empty and set status for a missing figure"))
                    return
                }
                value = number * scale
            }
            let region = cell(1) ?? mapping.defaultRegion ?? ""
            let status = interned[5, cell(5)]
            observations.append(Observation(
                indicator: interned[0, mapping.indicatorCodes[indicator] ?? indicator]!,
                region: interned[1, mapping.regionCodes[region] ?? region]!,
                period: period,
                value: value,
                status: status ?? (value == nil ? "missing" : nil),
                unit: interned[4, cell(4)],
                provenance: Provenance(
                    sourceID: payload.sourceID,
                    location: interned[7, cell(7)] ?? linePrefix + String(record.line),
                    retrievedAt: payload.retrievedAt,
                    sourceTitle: interned[6, cell(6)],
                    quote: interned[8, cell(8)],
                    note: interned[9, cell(9)]
                )
            ))
        }
        guard column != nil else {
            throw FeedError(.malformed, payload: payload, position: "line 1", message: "the file is empty; it needs a header \(Self.required.joined(separator: ","))")
        }
        if observations.isEmpty && rejected.count > 0 {
            // Nothing usable: the source fails, naming the bad rows.
            throw rejected.failure("row")
        }
        return DecodedFeed(observations: observations, warnings: rejected.diagnostic(at: payload.location).map { [$0] } ?? [],
                           rejected: rejected.count)
    }
}

/// Shares one string buffer among the rows that repeat a text (titles, source URLs, quotes of a
/// bulletin): a million rows of `source_title` otherwise hold a million copies. Small strings are
/// stored inline by Swift and need no sharing; the table per column is capped.
struct Interner {
    static let cap = 4096
    private var tables: [[String: String]] = Array(repeating: [:], count: 10)

    subscript(column: Int, text: String?) -> String? {
        mutating get {
            guard let text, text.utf8.count > 15 else { return text }
            if let known = tables[column][text] { return known }
            if tables[column].count < Self.cap { tables[column][text] = text }
            return text
        }
    }
}
