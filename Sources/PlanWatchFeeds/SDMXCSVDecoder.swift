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
        let (table, semicolon) = try CSVInput.withText(payload, what: "SDMX-CSV", gb18030: true) { bytes, _ throws(FeedError) in
            let firstLine = bytes.prefix { $0 != 10 && $0 != 13 }
            let semicolon = firstLine.filter { $0 == UInt8(ascii: ";") }.count > firstLine.filter { $0 == UInt8(ascii: ",") }.count
            return (try CSVTable(bytes: bytes, separator: semicolon ? ";" : ",", sourceID: payload.sourceID, location: payload.location), semicolon)
        }
        guard let header = table.records.first else {
            throw FeedError(.malformed, payload: payload, position: "line 1", message: "the file is empty; SDMX-CSV starts with a DATAFLOW or STRUCTURE header")
        }
        let split = header.fields.map { Self.splitLabel(Whitespace.trim($0)) }
        let names = split.map { $0.id.uppercased() == $0.id ? $0.id : $0.id }
        let upper = names.map { $0.uppercased() }
        guard let first = upper.first, first == "DATAFLOW" || first == "STRUCTURE" else {
            throw FeedError(.malformed, payload: payload, position: "line \(header.line), column 1",
                            message: "SDMX-CSV starts with DATAFLOW (1.0) or STRUCTURE (2.0); found '\(header.fields.first ?? "")'")
        }
        let actionCol = upper.firstIndex(of: "ACTION")
        let candidates = upper.indices.filter { !Self.structural.contains(upper[$0]) }
        guard !candidates.isEmpty else {
            throw FeedError(.malformed, payload: payload, position: "line \(header.line)", message: "no measure column (OBS_VALUE) in the header")
        }
        let valueCol = upper.firstIndex(of: "OBS_VALUE") ?? candidates.last!
        let attrCols = candidates.filter { $0 != valueCol && (Self.knownAttributes.contains(upper[$0]) || upper[$0].hasPrefix("ATT")) }
        let dimCols = candidates.filter { $0 != valueCol && !attrCols.contains($0) }
        var dims = dimCols.map { c in
            FeedDimension(id: names[c], label: split[c].label,
                          role: upper[c] == "TIME_PERIOD" ? "time" : (upper[c] == "REF_AREA" ? "geo" : FeedDimension.inferredRole(for: names[c])),
                          codes: [], labels: [])
        }
        var lookup = [[String: Int]](repeating: [:], count: dimCols.count)
        let statusCol = upper.firstIndex(of: "OBS_STATUS")
        let multCol = upper.firstIndex(of: "UNIT_MULT")
        let unitCol = upper.firstIndex(of: "UNIT_MEASURE") ?? upper.firstIndex(of: "UNIT")
        var records: [FeedCell] = []
        // Key → rows, for ACTION=D deletions; built at the first D row only (a million keys as arrays
        // cost more than the cells).
        var keyIndex: [[Int]: [Int]]? = nil
        var warnings: [Diagnostic] = []
        var skippedDeletes = 0
        var rejected = RejectedRows()
        for record in table.records.dropFirst() {
            do throws(FeedError) {
                func cell(_ c: Int?) -> String? {
                    guard let c, c < record.fields.count else { return nil }
                    let v = Self.splitLabel(Whitespace.trim(record.fields[c])).id
                    return v.isEmpty ? nil : v
                }
                guard record.fields.count <= header.fields.count else {
                    throw FeedError(.malformed, payload: payload, position: "line \(record.line), column \(header.fields.count + 1)",
                                    message: "the row has \(record.fields.count) fields but the header has \(header.fields.count)")
                }
                let action = cell(actionCol)?.uppercased() ?? "I"
                var coords: [Int] = []
                var complete = true
                for (k, c) in dimCols.enumerated() {
                    let raw = c < record.fields.count ? Whitespace.trim(record.fields[c]) : ""
                    let (code, label) = Self.splitLabel(raw)
                    if code.isEmpty { complete = false }
                    if action == "D" { coords.append(lookup[k][code] ?? -1); continue }
                    if let pos = lookup[k][code] { coords.append(pos) } else {
                        lookup[k][code] = dims[k].codes.count
                        coords.append(dims[k].codes.count)
                        dims[k].codes.append(code)
                        dims[k].labels.append(label)
                    }
                }
                if action == "D" {
                    // Delete: remove earlier observations with this key; an empty key deletes nothing we hold.
                    if keyIndex == nil {
                        var index: [[Int]: [Int]] = [:]
                        for (k, r) in records.enumerated() { index[r.coordinates, default: []].append(k) }
                        keyIndex = index
                    }
                    if complete, let earlier = keyIndex?[coords] {
                        for e in earlier { records[e].value = nil; records[e].status = "deleted" }
                        keyIndex?[coords] = nil
                    }
                    skippedDeletes += 1
                    continue
                }
                let position = "line \(record.line), column \(valueCol + 1)"
                var value: Double?
                var text: String?
                var status = cell(statusCol)
                if let raw = cell(valueCol) {
                    let normalized = semicolon ? raw.replacingOccurrences(of: ",", with: ".") : raw
                    if ["NaN", "#N/A", "#NA", "nan"].contains(normalized) || NumberText.missingMarkers.contains(normalized) {
                        text = normalized
                        status = status ?? normalized
                    } else if let d = NumberText.parse(normalized) {
                        value = d
                    } else {
                        throw FeedError(.malformed, payload: payload, position: position, message: "OBS_VALUE '\(raw)' is not a number or a missing marker (NaN, #N/A)")
                    }
                }
                var mult = 0
                if let m = cell(multCol) {
                    guard let i = Int(m), abs(i) <= 30 else {
                        throw FeedError(.malformed, payload: payload, position: "line \(record.line), column \(multCol! + 1)", message: "UNIT_MULT '\(m)' is not a power of ten")
                    }
                    mult = i
                }
                if let v = value, mult != 0 { value = v * pow(10, Double(mult)) }
                if keyIndex != nil { keyIndex?[coords, default: []].append(records.count) }
                records.append(FeedCell(coordinates: coords, value: value, text: text, status: status, unit: cell(unitCol), multiplier: mult, position: position))
            } catch {
                // A bad row is left out and named; the others are read.
                rejected.add(error)
            }
        }
        if records.isEmpty && rejected.count > 0 {
            throw rejected.failure("row")
        }
        if let note = rejected.diagnostic(at: payload.location) { warnings.append(note) }
        if skippedDeletes > 0 {
            warnings.append(Diagnostic(.note, "\(skippedDeletes) ACTION=D row(s) applied as deletions, not read as observations", at: payload.location))
        }
        // Deleted cells are not observations.
        let kept = records.filter { $0.status != "deleted" }
        return FeedTable(format: Self.format, label: cell0(table), dimensions: dims, records: kept, warnings: warnings, rejected: rejected.count)
    }

    private func cell0(_ table: CSVTable) -> String? {
        guard table.records.count > 1 else { return nil }
        let r = table.records[1].fields
        let upper = table.records[0].fields.first?.uppercased() ?? ""
        if upper.hasPrefix("STRUCTURE"), r.count > 1 { return r[1] }
        return r.first.map { Self.splitLabel($0).id }
    }
}
