import Foundation
import ReportKit

/// `format: sdmx-csv`: SDMX-CSV 1.0 (`DATAFLOW` first) and 2.0 (`STRUCTURE`, `STRUCTURE_ID`,
/// optional `ACTION`). `labels=both` cells `ID: Name` are split on the first ": "; a `;` separator
/// means decimal commas; empty, `NaN` and `#N/A` cells are missing; `UNIT_MULT` is applied.
public struct SDMXCSVDecoder: FeedTableDecoder {
    public static let format = "sdmx-csv"
    public init() {}

    static let structural: Set<String> = ["DATAFLOW", "STRUCTURE", "STRUCTURE_ID", "ACTION", "SERIES_KEY", "OBS_KEY", "STRUCTURE_NAME"]
    static let knownAttributes: Set<String> = [
        "OBS_STATUS", "OBS_CONF", "OBS_COMMENT", "OBS_PRE_BREAK", "DECIMALS", "UNIT_MULT", "UNIT_MEASURE", "UNIT",
        "TITLE", "TITLE_COMPL", "COLLECTION", "AVAILABILITY", "TIME_FORMAT", "COMPILATION", "SOURCE_AGENCY", "BREAK", "COMMENT",
    ]

    /// 10^-30 … 10^30 for UNIT_MULT, the same doubles `pow` gives (computed by it once, not per cell).
    static let powersOfTen = (-30...30).map { pow(10, Double($0)) }

    /// Whether an OBS_VALUE (its id, decimal commas made points) says the figure is missing.
    static func isMissingMarker(_ normalized: String) -> Bool {
        ["NaN", "#N/A", "#NA", "nan"].contains(normalized) || NumberText.missingMarkers.contains(normalized)
    }

    static func splitLabel(_ s: String) -> (id: String, label: String?) {
        // On the UTF-8 bytes: Foundation's `range(of:)` cost more than the rest of a cell.
        let utf8 = s.utf8
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let next = utf8.index(after: i)
            if utf8[i] == UInt8(ascii: ":"), next != utf8.endIndex, utf8[next] == UInt8(ascii: " ") {
                return (String(s[..<i]), String(s[utf8.index(after: next)...]))
            }
            i = next
        }
        return (s, nil)
    }

    public func table(_ payload: Payload) throws(FeedError) -> FeedTable {
        try CSVInput.withText(payload, what: "SDMX-CSV", gb18030: true) { bytes, _ throws(FeedError) in
            let firstLine = bytes.prefix { $0 != 10 && $0 != 13 }
            let semicolon = firstLine.filter { $0 == UInt8(ascii: ";") }.count > firstLine.filter { $0 == UInt8(ascii: ",") }.count
            var reader = Reader(payload: payload, semicolon: semicolon, total: bytes.count)
            try CSVSplitScan.scan(bytes, separator: semicolon ? UInt8(ascii: ";") : UInt8(ascii: ","),
                                  sourceID: payload.sourceID, location: payload.location, reader: &reader)
            return try reader.table()
        }
    }

    /// Reads the rows as the scanner hands them over, without keeping them. Codes, labels, status
    /// and unit cells are read from the bytes once per distinct text, figures straight from the bytes.
    struct Reader: CSVSplitReader {
        struct Columns {
            var count: Int
            var action: Int?
            var value: Int
            var dimensions: [Int]
            var status: Int?
            var multiplier: Int?
            var unit: Int?
        }

        let payload: Payload
        let semicolon: Bool
        var total: Int
        /// The header's columns (copied once per row: only integers and one array, no string).
        var columns: Columns?
        /// The header's first cell as written, upper-cased.
        var firstRaw = ""
        /// The first data row's dataset name (STRUCTURE_ID, or the DATAFLOW id), "" when there is none.
        var label: String?
        var dims: [FeedDimension] = []
        var lookup: [CategoryLookup] = []
        var rows = FeedRows(dimensions: 0)
        var coords: [Int] = []
        // Key → rows, for ACTION=D deletions; built at the first D row only (a million keys as arrays
        // cost more than the cells).
        var keyIndex: [[Int]: [Int]]? = nil
        var skippedDeletes = 0
        var rejected = RejectedRows()
        /// Cell bytes → what the cell says, for the columns whose texts repeat.
        var actions = ByteKeyed<Bool>()
        /// Cell bytes → index of the attribute's id in `rows.strings` (-1: empty).
        var attributes = ByteKeyed<Int32>()
        var multipliers = ByteKeyed<Int?>()
        /// OBS_VALUE cell bytes that are no plain figure → the missing marker's index in `rows.strings`,
        /// -1 when the text is no marker.
        var valueMarkers = ByteKeyed<Int32>()

        init(payload: Payload, semicolon: Bool, total: Int) {
            self.payload = payload
            self.semicolon = semicolon
            self.total = total
        }

        mutating func header(_ header: CSVScanner.Row) throws(FeedError) {
            let fields = header.strings
            let split = fields.map { SDMXCSVDecoder.splitLabel(Whitespace.trim($0)) }
            let names = split.map(\.id)
            let upper = names.map { $0.uppercased() }
            guard let first = upper.first, first == "DATAFLOW" || first == "STRUCTURE" else {
                throw FeedError(.malformed, payload: payload, position: "line \(header.line), column 1",
                                message: "SDMX-CSV starts with DATAFLOW (1.0) or STRUCTURE (2.0); found '\(fields.first ?? "")'")
            }
            let candidates = upper.indices.filter { !SDMXCSVDecoder.structural.contains(upper[$0]) }
            guard !candidates.isEmpty else {
                throw FeedError(.malformed, payload: payload, position: "line \(header.line)", message: "no measure column (OBS_VALUE) in the header")
            }
            let valueCol = upper.firstIndex(of: "OBS_VALUE") ?? candidates.last!
            let attrCols = candidates.filter { $0 != valueCol && (SDMXCSVDecoder.knownAttributes.contains(upper[$0]) || upper[$0].hasPrefix("ATT")) }
            let dimCols = candidates.filter { $0 != valueCol && !attrCols.contains($0) }
            dims = dimCols.map { c in
                FeedDimension(id: names[c], label: split[c].label,
                              role: upper[c] == "TIME_PERIOD" ? "time" : (upper[c] == "REF_AREA" ? "geo" : FeedDimension.inferredRole(for: names[c])),
                              codes: [], labels: [])
            }
            lookup = Array(repeating: CategoryLookup(), count: dimCols.count)
            rows = FeedRows(dimensions: dimCols.count)
            coords = Array(repeating: 0, count: dimCols.count)
            firstRaw = fields[0].uppercased()
            columns = Columns(count: fields.count, action: upper.firstIndex(of: "ACTION"), value: valueCol, dimensions: dimCols,
                              status: upper.firstIndex(of: "OBS_STATUS"), multiplier: upper.firstIndex(of: "UNIT_MULT"),
                              unit: upper.firstIndex(of: "UNIT_MEASURE") ?? upper.firstIndex(of: "UNIT"))
        }

        /// The dataset name from the first data row: its STRUCTURE_ID (2.0) or DATAFLOW id (1.0).
        func label(ofFirst row: CSVScanner.Row) -> String {
            if firstRaw.hasPrefix("STRUCTURE"), row.count > 1 { return row.string(1) }
            return SDMXCSVDecoder.splitLabel(row.string(0)).id
        }

        /// An attribute cell as the decoder reads it: trimmed, the id of `ID: Name`, nil when empty.
        mutating func attribute(_ row: CSVScanner.Row, _ c: Int?) -> Int32 {
            guard let c else { return -1 }
            return row.withTrimmed(c, newlines: false) { bytes in
                attributes.value(bytes) { text in
                    let id = SDMXCSVDecoder.splitLabel(text).id
                    return id.isEmpty ? -1 : rows.intern(id)
                }
            } ?? -1
        }

        var readyToSplit: Bool { columns != nil }

        /// Reads the header, or a row: a bad row is left out and named; the others are read.
        mutating func read(_ record: borrowing CSVScanner.Row) throws(FeedError) {
            if columns == nil { try header(record); return }
            if label == nil { label = label(ofFirst: record) }
            do throws(FeedError) {
                try row(copy record)
            } catch {
                rejected.add(error)
            }
        }

        func fork(total: Int) -> Self {
            var later = self
            later.total = total
            later.keyIndex = nil
            later.skippedDeletes = 0
            later.columns?.dimensions = columns?.dimensions.unshared() ?? []
            later.dims = dims.map { $0.unshared() }
            later.lookup = lookup.map { $0.unshared() }
            later.rows = rows.unshared()
            later.coords = coords.unshared()
            later.actions = actions.unshared()
            later.attributes = attributes.unshared()
            later.multipliers = multipliers.unshared()
            later.valueMarkers = valueMarkers.unshared()
            return later
        }

        /// A deletion names earlier rows, which a later part does not hold: then it is read again here.
        /// (The key index of earlier deletions is not needed after the last row.)
        func accepts(_ later: Self) -> Bool { later.skippedDeletes == 0 }

        mutating func merge(_ later: inout Self, lines: Int) {
            if label == nil { label = later.label }
            let positions = dims.indices.map { lookup[$0].merge(later.dims[$0], into: &dims[$0]) }
            rows.append(&later.rows, positions: positions, lines: lines)
            rejected.append(later.rejected, lines: lines)
        }

        mutating func row(_ record: CSVScanner.Row) throws(FeedError) {
            // The columns are read where they are, not copied: a copy retains and releases the array
            // of dimension columns once per row.
            guard record.count <= columns!.count else {
                let columns = columns!
                throw FeedError(.malformed, payload: payload, position: "line \(record.line), column \(columns.count + 1)",
                                message: "the row has \(record.count) fields but the header has \(columns.count)")
            }
            let delete = columns!.action.flatMap { c in
                record.withTrimmed(c, newlines: false) { bytes in
                    actions.value(bytes) { SDMXCSVDecoder.splitLabel($0).id.uppercased() == "D" }
                }
            } ?? false
            var complete = true
            let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            for k in 0..<dims.count {
                let c = columns!.dimensions[k]
                if delete {
                    // A deletion names codes; it adds none.
                    let code = SDMXCSVDecoder.splitLabel(record.withTrimmed(c, newlines: false) { String(decoding: $0, as: UTF8.self) } ?? "").id
                    if code.isEmpty { complete = false }
                    coords[k] = lookup[k].existing(code) ?? -1
                    continue
                }
                coords[k] = record.withTrimmed(c, newlines: false) { lookup[k].position($0, in: &dims[k], split: SDMXCSVDecoder.splitLabel) }
                    ?? lookup[k].position(empty, in: &dims[k], split: SDMXCSVDecoder.splitLabel)
            }
            if delete {
                // Delete: remove earlier observations with this key; an empty key deletes nothing we hold.
                if keyIndex == nil {
                    var index: [[Int]: [Int]] = [:]
                    for k in 0..<rows.count { index[rows.coordinates(of: k), default: []].append(k) }
                    keyIndex = index
                }
                if complete, let earlier = keyIndex?[coords] {
                    let deleted = rows.intern("deleted")
                    for e in earlier { rows.clear(e, status: deleted) }
                    keyIndex?[coords] = nil
                }
                skippedDeletes += 1
                return
            }
            var value: Double?
            var text: Int32 = -1
            let columns = (value: columns!.value, status: columns!.status, multiplier: columns!.multiplier, unit: columns!.unit)
            var status = attribute(record, columns.status)
            // Plain and grouped figures from the bytes (a `;` file's decimal commas take the full rule).
            let quick = semicolon ? nil : record.withTrimmed(columns.value, newlines: false) { NumberText.quickNumber($0) } ?? nil
            if let quick {
                value = quick
            } else if !semicolon, let marker = record.withTrimmed(columns.value, newlines: false, { bytes in
                // A marker (NaN, #N/A) repeats down the column: found from its bytes, not made into
                // strings and looked up again per row. Other texts go on to the full rule below (as
                // all of a `;` file's figures do, whose decimal commas quickNumber does not read).
                valueMarkers.value(bytes) { t in
                    let id = SDMXCSVDecoder.splitLabel(t).id
                    return !id.isEmpty && SDMXCSVDecoder.isMissingMarker(id) ? rows.intern(id) : -1
                }
            }), marker >= 0 {
                text = marker
                if status < 0 { status = text }
            } else if let raw = record.withTrimmed(columns.value, newlines: false, { SDMXCSVDecoder.splitLabel(String(decoding: $0, as: UTF8.self)).id }), !raw.isEmpty {
                let normalized = semicolon ? raw.replacingOccurrences(of: ",", with: ".") : raw
                if SDMXCSVDecoder.isMissingMarker(normalized) {
                    text = rows.intern(normalized)
                    if status < 0 { status = text }
                } else if let d = NumberText.parse(normalized) {
                    value = d
                } else {
                    throw FeedError(.malformed, payload: payload, position: "line \(record.line), column \(columns.value + 1)",
                                    message: "OBS_VALUE '\(raw)' is not a number or a missing marker (NaN, #N/A)")
                }
            }
            var mult = 0
            if let c = columns.multiplier, let m = record.withTrimmed(c, newlines: false, { bytes in
                multipliers.value(bytes) { text in
                    let id = SDMXCSVDecoder.splitLabel(text).id
                    return id.isEmpty ? nil : Int(id).flatMap { (-30...30).contains($0) ? $0 : nil } ?? Int.min
                }
            }), let parsed = m {
                guard parsed != Int.min else {
                    let text = record.withTrimmed(c, newlines: false) { String(decoding: $0, as: UTF8.self) } ?? ""
                    throw FeedError(.malformed, payload: payload, position: "line \(record.line), column \(c + 1)",
                                    message: "UNIT_MULT '\(SDMXCSVDecoder.splitLabel(text).id)' is not a power of ten")
                }
                mult = parsed
            }
            if let v = value, mult != 0 { value = v * SDMXCSVDecoder.powersOfTen[mult + 30] }
            if keyIndex != nil { keyIndex?[coords, default: []].append(rows.count) }
            if rows.count == 1024 { rows.reserve(readBytes: record.end, of: total) }
            let unit = attribute(record, columns.unit)
            coords.withUnsafeBufferPointer { coordinates in
                rows.append(coordinates, value: value, text: text, status: status, unit: unit, multiplier: mult,
                            line: record.line, column: columns.value + 1)
            }
        }

        mutating func table() throws(FeedError) -> FeedTable {
            guard columns != nil else {
                throw FeedError(.malformed, payload: payload, position: "line 1", message: "the file is empty; SDMX-CSV starts with a DATAFLOW or STRUCTURE header")
            }
            if rows.count == 0 && rejected.count > 0 {
                throw rejected.failure("row")
            }
            var warnings: [Diagnostic] = []
            if let note = rejected.diagnostic(at: payload.location) { warnings.append(note) }
            if skippedDeletes > 0 {
                warnings.append(Diagnostic(.note, "\(skippedDeletes) ACTION=D row(s) applied as deletions, not read as observations", at: payload.location))
            }
            // Deleted cells are not observations (removed in place: a copy of a million cells doubled the memory).
            if let deleted = rows.index(of: "deleted") { rows.remove(status: deleted) }
            return FeedTable(format: SDMXCSVDecoder.format, label: label, dimensions: dims, rows: rows, warnings: warnings, rejected: rejected.count)
        }
    }
}
