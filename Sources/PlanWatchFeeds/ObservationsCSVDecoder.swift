import Foundation
import ReportKit

/// `format: observations-csv`: the curated observation file. Header `indicator,region,period,value`,
/// optional `unit,status,source_title,source_url,quote,note`; other columns ignored; UTF-8 with or
/// without BOM. Municipal figures often exist only in printed bulletins, so this format is first-class.
public struct ObservationsCSVDecoder: FeedDecoder {
    public static let format = "observations-csv"
    static let required = ["indicator", "region", "period", "value"]

    public init() {}

    public func decode(_ payload: Payload, mapping: FeedMapping) throws(FeedError) -> DecodedFeed {
        // Checked before the text encoding: an error page is often not UTF-8, and this names it.
        if JSONInput.looksLikeHTML(payload.data) {
            throw FeedError(.malformed, payload: payload,
                            message: "got an HTML page (content type \(payload.contentType ?? "unknown")) where observation CSV was expected")
        }
        var bytes = payload.data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FeedError(.malformed, payload: payload, message: "not UTF-8 text; save the file as UTF-8 (with or without BOM)")
        }
        let table = try CSVTable(text: text, sourceID: payload.sourceID, location: payload.location)
        guard let header = table.records.first else {
            throw FeedError(.malformed, payload: payload, position: "line 1", message: "the file is empty; it needs a header \(Self.required.joined(separator: ","))")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var column: [String: Int] = [:]
        for (index, name) in names.enumerated() where column[name] == nil { column[name] = index }
        let missing = Self.required.filter { column[$0] == nil }
        guard missing.isEmpty else {
            throw FeedError(.malformed, payload: payload, position: "line \(header.line)",
                            message: "header lacks column(s) \(missing.joined(separator: ", ")); the header must start with \(Self.required.joined(separator: ","))")
        }
        func cell(_ record: CSVTable.Record, _ name: String) -> String? {
            guard let index = column[name], index < record.fields.count else { return nil }
            let value = record.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        var observations: [Observation] = []
        for record in table.records.dropFirst() {
            let position = "line \(record.line)"
            guard let indicator = cell(record, "indicator") else {
                throw FeedError(.malformed, payload: payload, position: "\(position), column indicator", message: "indicator is empty; give a plan series id such as K01")
            }
            guard let periodText = cell(record, "period"), let period = Period(parsing: periodText) else {
                throw FeedError(.malformed, payload: payload, position: "\(position), column period",
                                message: "period '\(cell(record, "period") ?? "")' is not a period; write 2024, 2024Q1 or 2024M03")
            }
            let status = cell(record, "status")
            var value: Double? = nil
            if let raw = cell(record, "value") {
                guard let number = NumberText.parse(raw) else {
                    throw FeedError(.malformed, payload: payload, position: "\(position), column value",
                                    message: "value '\(raw)' is not a number; leave it empty and set status for a missing figure")
                }
                value = number * (mapping.scale ?? 1)
            }
            let region = cell(record, "region") ?? mapping.defaultRegion ?? ""
            observations.append(Observation(
                indicator: mapping.indicatorCodes[indicator] ?? indicator,
                region: mapping.regionCodes[region] ?? region,
                period: period,
                value: value,
                status: status ?? (value == nil ? "missing" : nil),
                unit: cell(record, "unit"),
                provenance: Provenance(
                    sourceID: payload.sourceID,
                    location: cell(record, "source_url") ?? "\(payload.location):\(record.line)",
                    retrievedAt: payload.retrievedAt,
                    sourceTitle: cell(record, "source_title"),
                    quote: cell(record, "quote"),
                    note: cell(record, "note")
                )
            ))
        }
        return DecodedFeed(observations: observations)
    }
}
