import Foundation
import PlanWatchText
import ReportKit

/// What `planwatch inspect FILE --format F [--json] [--rows]` shows: dimensions with sizes and labels,
/// observation and missing counts, status codes seen, and (for `--rows`) every cell as CSV.
public struct Inspection: Sendable {
    public struct Summary: Sendable, Hashable, Codable {
        public var format: String
        public var source: String
        public var observationCount: Int
        public var missingCount: Int
        public var statusCodes: [StatusCode]
        public var datasets: [Dataset]
        public var warnings: [String]
    }

    public struct Dataset: Sendable, Hashable, Codable {
        public var label: String?
        public var observationCount: Int
        public var missingCount: Int
        public var dimensions: [Dimension]
    }

    public struct Dimension: Sendable, Hashable, Codable {
        public var id: String
        public var label: String?
        public var role: String?
        public var size: Int
        public var categories: [DimensionSummary.Category]
    }

    public struct StatusCode: Sendable, Hashable, Codable {
        public var code: String
        public var label: String?
        public var count: Int
    }

    public let summary: Summary
    public let tables: [FeedTable]

    /// Reads `payload` with the decoder registered for `format`. Throws the decoder's `FeedError`
    /// (provider errors included), or a mapping error for an unknown format. With `keepingCells`
    /// false (a summary only: no `writeCSV`), JSON-stat and Eurostat cells are read, checked and
    /// counted but not kept, which spares 8 bytes of fresh memory a cell; the summary is the same.
    public static func inspect(_ payload: Payload, format: String, keepingCells: Bool = true) throws(FeedError) -> Inspection {
        guard let decoder = FeedDecoders.decoder(for: format) else {
            throw FeedError(.mapping, payload: payload, message: "unknown format '\(format)'; known: \(FeedDecoders.formats.joined(separator: ", "))")
        }
        let tables: [FeedTable]
        if !keepingCells, let counting = decoder as? any CellCountingDecoder {
            tables = try counting.tables(payload, keepingCells: false)
        } else {
            tables = try Self.tables(decoder, payload: payload)
        }
        return Inspection(tables: tables, format: format, source: payload.location)
    }

    public init(tables: [FeedTable], format: String, source: String) {
        self.tables = tables
        var statusCounts: [String: Int] = [:]
        var labels: [String: String] = [:]
        var datasets: [Dataset] = []
        var warnings: [String] = []
        for t in tables {
            for (k, v) in t.statusCounts { statusCounts[k, default: 0] += v }
            labels.merge(t.statusLabels) { a, _ in a }
            warnings += t.warnings.map(\.description)
            datasets.append(Dataset(label: t.label, observationCount: t.cellCount, missingCount: t.missingCount,
                                    dimensions: t.dimensions.map { d in
                                        Dimension(id: d.id, label: d.label, role: d.role, size: d.size, categories: d.summary.categories)
                                    }))
        }
        summary = Summary(
            format: format, source: source,
            observationCount: datasets.reduce(0) { $0 + $1.observationCount },
            missingCount: datasets.reduce(0) { $0 + $1.missingCount },
            statusCodes: statusCounts.keys.sorted().map { StatusCode(code: $0, label: labels[$0], count: statusCounts[$0]!) },
            datasets: datasets, warnings: warnings)
    }

    static func tables(_ decoder: any FeedDecoder, payload: Payload) throws(FeedError) -> [FeedTable] {
        if let multi = decoder as? any MultiTableDecoder { return try multi.tables(payload) }
        if let single = decoder as? any FeedTableDecoder { return [try single.table(payload)] }
        if let observations = decoder as? ObservationsCSVDecoder { return [try observations.table(payload)] }
        // Decoders that produce observations directly (observations-csv): show those as a table.
        let decoded = try decoder.decode(payload, mapping: FeedMapping())
        var dims = [FeedDimension(id: "indicator", role: "metric", codes: []), FeedDimension(id: "region", role: "geo", codes: []),
                    FeedDimension(id: "period", role: "time", codes: [])]
        var lookup: [[String: Int]] = [[:], [:], [:]]
        var records: [FeedCell] = []
        for o in decoded.observations {
            var coords: [Int] = []
            for (d, code) in [o.indicator, o.region, o.period.description].enumerated() {
                if let p = lookup[d][code] { coords.append(p) } else {
                    lookup[d][code] = dims[d].codes.count
                    coords.append(dims[d].codes.count)
                    dims[d].codes.append(code)
                    dims[d].labels.append(nil)
                }
            }
            records.append(FeedCell(coordinates: coords, value: o.value, status: o.status, unit: o.unit, multiplier: o.multiplier, position: o.provenance.location))
        }
        return [FeedTable(format: type(of: decoder).format, dimensions: dims, records: records, warnings: decoded.warnings)]
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(summary)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A plain-text report for a terminal.
    public var text: String {
        var out = "\(summary.source) (\(summary.format)): \(summary.observationCount) observation(s), \(summary.missingCount) missing\n"
        for (k, ds) in summary.datasets.enumerated() {
            if summary.datasets.count > 1 || ds.label != nil {
                out += "dataset \(k + 1)\(ds.label.map { ": \($0)" } ?? ""): \(ds.observationCount) observation(s), \(ds.missingCount) missing\n"
            }
            for d in ds.dimensions {
                out += "  \(d.id)\(d.label.map { " (\($0))" } ?? "")\(d.role.map { " [\($0)]" } ?? ""): \(d.size) categor\(d.size == 1 ? "y" : "ies")"
                let shown = d.categories.prefix(8).map { c in c.label.map { "\(c.code)=\($0)" } ?? c.code }
                out += shown.isEmpty ? "\n" : ": " + shown.joined(separator: ", ") + (d.size > 8 ? ", …\n" : "\n")
            }
        }
        if !summary.statusCodes.isEmpty {
            out += "status codes: " + summary.statusCodes.map { "\($0.code)\($0.label.map { " (\($0))" } ?? "") ×\($0.count)" }.joined(separator: ", ") + "\n"
        }
        for w in summary.warnings { out += "\(w)\n" }
        return out
    }

    /// Every cell as CSV: one column per dimension (codes), then value, status, unit, multiplier.
    /// With several datasets a leading `dataset` column names each one.
    public func csv() -> String {
        var out = ""
        writeCSV { out += $0 }
        return out
    }

    /// Streams the CSV in chunks (for millions of rows). Needs the cells (`inspect` keeping them).
    public func writeCSV(_ sink: (String) -> Void) {
        let multi = tables.count > 1
        var lastHeader: [String]? = nil
        for (k, t) in tables.enumerated() {
            let header = (multi ? ["dataset"] : []) + t.dimensions.map(\.id) + ["value", "status", "unit", "multiplier"]
            if header != lastHeader {
                sink(header.map(Self.quote).joined(separator: ",") + "\n")
                lastHeader = header
            }
            var chunk = ""
            chunk.reserveCapacity(1 << 16)
            let name = t.label ?? "dataset \(k + 1)"
            t.forEachCell { cell in
                if multi { chunk += Self.quote(name); chunk += "," }
                for (d, dim) in t.dimensions.enumerated() {
                    chunk += Self.quote(dim.codes[cell.coordinates[d]])
                    chunk += ","
                }
                chunk += cell.value.map(Self.number) ?? ""
                chunk += ","
                chunk += Self.quote(cell.status ?? "")
                chunk += ","
                chunk += Self.quote(cell.unit ?? "")
                chunk += ","
                chunk += cell.multiplier == 0 ? "" : String(cell.multiplier)
                chunk += "\n"
                if chunk.utf8.count > 60_000 { sink(chunk); chunk = "" }
            }
            if !chunk.isEmpty { sink(chunk) }
        }
    }

    static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }

    /// A CSV field, neutralised against spreadsheet formulas like the report CSVs: the codes, status
    /// and unit come from a feed, and `=HYPERLINK(…)` or `@SUM(…)` in them must not run when opened.
    static func quote(_ raw: String) -> String {
        let s = FormulaGuard.neutralise(raw)
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
