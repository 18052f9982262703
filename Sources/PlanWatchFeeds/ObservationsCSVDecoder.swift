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

    /// One good row, mapping applied. Provenance texts are filled only when asked for.
    struct Row {
        var line = 0
        /// Rows read so far and the byte offset after this one: enough to estimate the total.
        var count = 0
        var end = 0
        var total = 0
        var indicator = ""
        var region = ""
        var period = Period(year: 1)
        var value: Double?
        var status: String?
        var unit: String?
        var sourceTitle: String?
        var sourceURL: String?
        var quote: String?
        var note: String?
        /// The same number for rows with the same period text.
        var periodKey = 0
        /// Column positions of the file (`required` then `optional`; -1: absent).
        var at: [Int] = []
    }

    public func decode(_ payload: Payload, mapping: FeedMapping) throws(FeedError) -> DecodedFeed {
        let part = try CSVInput.withText(payload, what: "observation CSV", gb18030: false) { bytes, _ throws(FeedError) in
            var part = ObservationPart(reader: RowReader(payload: payload, mapping: mapping, texts: true, provenance: true, total: bytes.count))
            // In order: two halves of observations (strings, provenance) held 170 MB more at the
            // merge for a million rows, and decoding is a small part of a run.
            try CSVScanner.scan(bytes, sourceID: payload.sourceID, location: payload.location) { (record: borrowing CSVScanner.Row) throws(FeedError) in
                try part.read(record)
            }
            try part.reader.finish()
            return part
        }
        let rejected = part.reader.rejected
        if part.observations.isEmpty && rejected.count > 0 { throw rejected.failure("row") }
        return DecodedFeed(observations: part.observations, warnings: rejected.diagnostic(at: payload.location).map { [$0] } ?? [],
                           rejected: rejected.count)
    }

    /// The observations of the rows read (in order).
    struct ObservationPart {
        var reader: RowReader
        var observations: [Observation] = []
        /// `location:` of a row's provenance.
        let linePrefix: String

        init(reader: RowReader) {
            self.reader = reader
            linePrefix = reader.payload.location + ":"
        }

        mutating func read(_ record: borrowing CSVScanner.Row) throws(FeedError) {
            guard try reader.read(record) else { return }
            let row = reader.row
            // Reserved once the first rows show their average size: growing a million-element array
            // by doubling copied it and held both copies at once.
            if row.count == 1024 { observations.reserveCapacity(row.total / max(row.end, 1) * 1024 * 21 / 20 + 1024) }
            observations.append(Observation(
                indicator: row.indicator, region: row.region, period: row.period, value: row.value,
                status: row.status ?? (row.value == nil ? "missing" : nil),
                unit: row.unit,
                provenance: Provenance(
                    sourceID: reader.payload.sourceID,
                    location: row.sourceURL ?? linePrefix + String(row.line),
                    retrievedAt: reader.payload.retrievedAt,
                    sourceTitle: row.sourceTitle, quote: row.quote, note: row.note)))
        }

    }

    /// What `planwatch inspect` shows, read straight into a table: building a million observations
    /// (with their provenance) only to turn them into cells doubled the memory. Categories are found
    /// from the cells' bytes (`CategoryLookup`), not by hashing a `String` per row.
    public func table(_ payload: Payload) throws(FeedError) -> FeedTable {
        let part = try CSVInput.withText(payload, what: "observation CSV", gb18030: false) { bytes, _ throws(FeedError) in
            var part = TablePart(reader: RowReader(payload: payload, mapping: FeedMapping(), texts: false, provenance: false, total: bytes.count))
            try CSVSplitScan.scan(bytes, sourceID: payload.sourceID, location: payload.location, reader: &part)
            try part.reader.finish()
            return part
        }
        let rejected = part.reader.rejected
        if part.rows.count == 0 && rejected.count > 0 { throw rejected.failure("row") }
        return FeedTable(format: Self.format, dimensions: part.dims, rows: part.rows,
                         warnings: rejected.diagnostic(at: payload.location).map { [$0] } ?? [], rejected: rejected.count)
    }

    /// The table's cells of the rows read (in order), with their categories.
    struct TablePart: CSVSplitReader {
        var reader: RowReader
        var dims = [FeedDimension(id: "indicator", role: "metric", codes: []), FeedDimension(id: "region", role: "geo", codes: []),
                    FeedDimension(id: "period", role: "time", codes: [])]
        var lookup = [CategoryLookup](repeating: CategoryLookup(), count: 2)
        var rows = FeedRows(dimensions: 3)
        /// Period text (by `Row.periodKey`) → category; texts of one period (`2022M07`, `2022-07`) are one.
        var periodPositions: [Int] = []
        var periodCategories: [Period: Int] = [:]
        /// Status and unit cell bytes → index in `rows.strings`.
        var statuses = ByteKeyed<Int32>(), units = ByteKeyed<Int32>()
        var missing: Int32
        var coords = [0, 0, 0]

        init(reader: RowReader) {
            self.reader = reader
            missing = rows.intern("missing")
        }

        var readyToSplit: Bool { !reader.header }

        mutating func read(_ record: borrowing CSVScanner.Row) throws(FeedError) {
            guard try reader.read(record) else { return }
            // The fields used, not a copy of the row (its strings and column array cost a retain each).
            let value = reader.row.value, periodKey = reader.row.periodKey, line = reader.row.line
            let at0 = reader.at[0], at1 = reader.at[1], at4 = reader.at[4], at5 = reader.at[5]
            let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            if rows.count == 1024 { rows.reserve(readBytes: reader.row.end, of: reader.row.total) }
            coords[0] = record.withTrimmed(at0) { lookup[0].position($0, in: &dims[0]) } ?? lookup[0].position(empty, in: &dims[0])
            coords[1] = record.withTrimmed(at1) { lookup[1].position($0, in: &dims[1]) } ?? lookup[1].position(empty, in: &dims[1])
            while periodPositions.count <= periodKey { periodPositions.append(-1) }
            if periodPositions[periodKey] < 0 {
                let period = reader.row.period
                if let known = periodCategories[period] {
                    periodPositions[periodKey] = known
                } else {
                    periodPositions[periodKey] = dims[2].codes.count
                    periodCategories[period] = dims[2].codes.count
                    dims[2].codes.append(period.description)
                    dims[2].labels.append(nil)
                }
            }
            coords[2] = periodPositions[periodKey]
            let status = at5 < 0 ? -1 : record.withTrimmed(at5) { statuses.value($0) { rows.intern($0) } } ?? -1
            let unit = at4 < 0 ? -1 : record.withTrimmed(at4) { units.value($0) { rows.intern($0) } } ?? -1
            coords.withUnsafeBufferPointer { coordinates in
                rows.append(coordinates, value: value, status: status >= 0 ? status : (value == nil ? missing : -1), unit: unit,
                            line: line, column: 0)
            }
        }

        func fork(total: Int) -> Self {
            var later = self
            later.reader = reader.fork(total: total)
            later.dims = dims.map { $0.unshared() }
            later.lookup = lookup.map { $0.unshared() }
            later.rows = rows.unshared()
            later.periodPositions = periodPositions.unshared()
            later.statuses = statuses.unshared()
            later.units = units.unshared()
            later.coords = coords.unshared()
            return later
        }

        func accepts(_ later: Self) -> Bool { true }

        mutating func merge(_ later: inout Self, lines: Int) {
            var periods = [Int32](repeating: 0, count: later.dims[2].codes.count)
            // In the order `later` added them, as these rows would have.
            for (period, p) in later.periodCategories.sorted(by: { $0.value < $1.value }) {
                if let known = periodCategories[period] {
                    periods[p] = Int32(known)
                } else {
                    periods[p] = Int32(dims[2].codes.count)
                    periodCategories[period] = dims[2].codes.count
                    dims[2].codes.append(later.dims[2].codes[p])
                    dims[2].labels.append(nil)
                }
            }
            let positions = [lookup[0].merge(later.dims[0], into: &dims[0]), lookup[1].merge(later.dims[1], into: &dims[1]), periods]
            rows.append(&later.rows, positions: positions, lines: lines)
            reader.rejected.append(later.reader.rejected, lines: lines)
        }
    }

    /// Reads an observation file record by record: the header, then each row, checked, into `row`.
    /// Without `texts`, only the value, period and line are filled in (the caller reads the rest
    /// from the record).
    struct RowReader {
        let payload: Payload
        let mapping: FeedMapping
        let texts: Bool
        let provenance: Bool
        let scale: Double
        /// The bytes this reader reads (for estimates of the number of rows).
        var total: Int
        var header = true
        /// Column positions, resolved once from the header (-1: absent).
        var at = [Int](repeating: -1, count: ObservationsCSVDecoder.required.count + ObservationsCSVDecoder.optional.count)
        var rejected = RejectedRows()
        /// Period texts → the period and a number per distinct text (for the table's categories).
        var periods = ByteKeyed<(period: Period?, key: Int)>()
        var periodKeys = 0
        var interned = [ByteKeyed<Void>](repeating: ByteKeyed(), count: ObservationsCSVDecoder.required.count + ObservationsCSVDecoder.optional.count)
        /// The last good row.
        var row = Row()

        init(payload: Payload, mapping: FeedMapping, texts: Bool, provenance: Bool, total: Int) {
            self.payload = payload
            self.mapping = mapping
            self.texts = texts
            self.provenance = provenance
            self.total = total
            scale = mapping.scale ?? 1
        }

        /// A reader in the same state (header read) for the records of a later part of `total` bytes.
        func fork(total: Int) -> Self {
            var later = self
            later.total = total
            later.row.count = 0
            later.at = at.unshared()
            later.row.at = at.unshared()
            later.periods = periods.unshared()
            later.interned = interned.map { $0.unshared() }
            return later
        }

        /// Throws when no header was read.
        func finish() throws(FeedError) {
            guard !header else {
                throw FeedError(.malformed, payload: payload, position: "line 1", message: "the file is empty; it needs a header \(ObservationsCSVDecoder.required.joined(separator: ","))")
            }
        }

        /// Reads the header or a row; true when `row` holds a good row, false for the header and for
        /// a row left out (named in `rejected`).
        mutating func read(_ record: borrowing CSVScanner.Row) throws(FeedError) -> Bool {
            if header {
                var names: [String: Int] = [:]
                for i in 0..<record.count {
                    let name = record.string(i).trimmingCharacters(in: .whitespaces).lowercased()
                    if names[name] == nil { names[name] = i }
                }
                let missing = ObservationsCSVDecoder.required.filter { names[$0] == nil }
                guard missing.isEmpty else {
                    throw FeedError(.malformed, payload: payload, position: "line \(record.line)",
                                    message: "header lacks column(s) \(missing.joined(separator: ", ")); the header must start with \(ObservationsCSVDecoder.required.joined(separator: ","))")
                }
                for (k, name) in (ObservationsCSVDecoder.required + ObservationsCSVDecoder.optional).enumerated() { at[k] = names[name] ?? -1 }
                row.at = at
                header = false
                return false
            }
            let at = at
            func cell(_ k: Int) -> String? { at[k] < 0 ? nil : record.withTrimmed(at[k]) { interned[k].lookup($0) { _ in () }.text } }
            // The value column is not interned: figures rarely repeat.
            func valueText() -> String? { at[3] < 0 ? nil : record.trimmed(at[3]) }
            var position: String { "line \(record.line)" }  // built only for a bad row
            // For a table the caller finds the categories from the bytes: only check them here.
            guard let indicator = texts ? cell(0) : record.withTrimmed(at[0], { _ in "" }) else {
                rejected.add(FeedError(.malformed, payload: payload, position: "\(position), column indicator", message: "indicator is empty; give a plan series id such as K01"))
                return false
            }
            let period = at[2] < 0 ? nil : record.withTrimmed(at[2]) { bytes in
                periods.value(bytes) { text in
                    defer { periodKeys += 1 }
                    return (Period(parsing: text), periodKeys)
                }
            }
            guard let period, let parsed = period.period else {
                rejected.add(FeedError(.malformed, payload: payload, position: "\(position), column period",
                                       message: "period '\(period == nil ? "" : record.trimmed(at[2]) ?? "")' is not a period; write 2024, 2024Q1 or 2024M03"))
                return false
            }
            row.value = nil
            // Plain and grouped figures are read from the bytes; others (full-width, spaced) by the full rule.
            if let number = record.withTrimmed(at[3], { NumberText.quickNumber($0) }) ?? nil {
                row.value = number * scale
            } else if let raw = valueText() {
                guard let number = NumberText.parse(raw) else {
                    rejected.add(FeedError(.malformed, payload: payload, position: "\(position), column value",
                                           message: "value '\(raw)' is not a number; leave it empty and set status for a missing figure"))
                    return false
                }
                row.value = number * scale
            }
            row.line = record.line
            row.count += 1
            row.end = record.end
            row.total = total
            row.period = parsed
            row.periodKey = period.key
            if texts {
                let region = cell(1) ?? mapping.defaultRegion ?? ""
                row.indicator = mapping.indicatorCodes.isEmpty ? indicator : mapping.indicatorCodes[indicator] ?? indicator
                row.region = mapping.regionCodes.isEmpty ? region : mapping.regionCodes[region] ?? region
                row.status = cell(5)
                row.unit = cell(4)
            }
            if provenance {
                row.sourceTitle = cell(6)
                row.sourceURL = cell(7)
                row.quote = cell(8)
                row.note = cell(9)
            }
            return true
        }
    }
}
