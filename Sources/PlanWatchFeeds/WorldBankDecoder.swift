import Foundation
import ReportKit

/// `format: worldbank`: Indicators API v2 `[meta, rows]` (meta numbers may be strings); in-band
/// `[{"message":[…]}]` errors become provider errors; an HTML page is reported as such.
public struct WorldBankDecoder: FeedTableDecoder {
    public static let format = "worldbank"
    /// The end of the note on a page that has more after it: a source that fetched the next page
    /// (`pagination: world-bank`) leaves it out for every page but the last one it read.
    public static let morePagesPhrase = "for the rest"
    public init() {}

    public func table(_ payload: Payload) throws(FeedError) -> FeedTable {
        let root = try JSONInput.parse(payload, what: "World Bank")
        func fail(_ at: String, _ message: String) -> FeedError { FeedError(.malformed, payload: payload, position: at, message: message) }
        guard let top = root.arrayValue else {
            if let msg = root["message"] { throw FeedError(.provider, payload: payload, position: "$.message", message: Self.messages(msg)) }
            throw fail("$", "a World Bank response is an array [meta, rows]; this is \(JSONStatDecoder.kind(root))")
        }
        guard let meta = top.first else { throw fail("$", "the response array is empty") }
        if let msg = meta["message"] {
            throw FeedError(.provider, payload: payload, position: "$[0].message", message: Self.messages(msg))
        }
        guard meta.objectValue != nil else { throw fail("$[0]", "expected the paging object {page, pages, per_page, total}") }
        var warnings: [Diagnostic] = []
        if let page = meta["page"]?.intValue, let pages = meta["pages"]?.intValue, page < pages {
            warnings.append(Diagnostic(.note, "page \(page) of \(pages); fetch with page=\(page + 1)… \(Self.morePagesPhrase)", at: payload.location))
        }
        let rows: [JSONValue]
        switch top.count > 1 ? top[1] : .null {
        case .null: rows = []
        case let v: guard let a = v.arrayValue else { throw fail("$[1]", "expected the array of rows") }; rows = a
        }
        var dims = [
            FeedDimension(id: "indicator", label: "Indicator", role: "metric", codes: [], labels: []),
            FeedDimension(id: "country", label: "Country", role: "geo", codes: [], labels: []),
            FeedDimension(id: "date", label: "Date", role: "time", codes: [], labels: []),
        ]
        var lookup: [[String: Int]] = [[:], [:], [:]]
        var records: [FeedCell] = []
        for (k, row) in rows.enumerated() {
            let rp = "$[1][\(k)]"
            guard row.objectValue != nil else { throw fail(rp, "a row is an object") }
            guard let ind = row["indicator"]?["id"]?.scalarText else { throw fail(rp + ".indicator.id", "missing indicator id") }
            let iso3 = row["countryiso3code"]?.scalarText ?? ""
            guard let country = iso3.isEmpty ? row["country"]?["id"]?.scalarText : iso3 else { throw fail(rp + ".country.id", "missing country id") }
            guard let date = row["date"]?.scalarText else { throw fail(rp + ".date", "missing date") }
            let parts: [(String, String?)] = [(ind, row["indicator"]?["value"]?.scalarText), (country, row["country"]?["value"]?.scalarText), (date, nil)]
            var coords: [Int] = []
            for (d, (code, label)) in parts.enumerated() {
                if let p = lookup[d][code] { coords.append(p) } else {
                    lookup[d][code] = dims[d].codes.count
                    coords.append(dims[d].codes.count)
                    dims[d].codes.append(code)
                    dims[d].labels.append(label)
                }
            }
            var value: Double?
            switch row["value"] {
            case .number(let d)?: value = d
            case .string(let s)?: value = NumberText.parse(s)
            case nil, .null?: value = nil
            default: throw fail(rp + ".value", "value must be a number or null")
            }
            let status = row["obs_status"]?.scalarText.flatMap { $0.isEmpty ? nil : $0 }
            let unit = row["unit"]?.scalarText.flatMap { $0.isEmpty ? nil : $0 }
            records.append(FeedCell(coordinates: coords, value: value, status: status, unit: unit, position: rp))
        }
        var table = FeedTable(format: Self.format, label: meta["sourcename"]?.scalarText, dimensions: dims, records: records, warnings: warnings)
        table.updated = meta["lastupdated"]?.scalarText
        return table
    }

    static func messages(_ v: JSONValue) -> String {
        let items = v.arrayValue ?? [v]
        return items.map { m in
            [m["id"]?.scalarText.map { "[\($0)]" }, m["key"]?.scalarText, m["value"]?.scalarText].compactMap { $0 }.joined(separator: " ")
        }.joined(separator: "; ")
    }
}
