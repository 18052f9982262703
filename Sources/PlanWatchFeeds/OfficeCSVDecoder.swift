import Foundation
import ReportKit

/// `format: csv`: statistics offices' CSV downloads (NBS exports): BOM, strict UTF-8 else GB18030,
/// preamble lines (`数据库：` `指标：` `时间：`), a wide header of `2024年` columns or a long layout
/// with a period column, `注：` / `数据来源：` footers with U+3000-indented continuation lines,
/// full-width digits, thousands separators and missing markers.
public struct OfficeCSVDecoder: FeedTableDecoder {
    public static let format = "csv"
    public init() {}

    static let footerPrefixes = ["注：", "注:", "数据来源：", "数据来源:", "资料来源：", "说明：", "Note:", "Source:"]
    /// The prefixes as UTF-8, compared with the first cell's bytes (prefixes are ASCII and CJK, which
    /// have no other canonical form).
    static let footerBytes = footerPrefixes.map { Array($0.utf8) }
    static let periodColumns: Set<String> = ["时间", "年份", "年度", "期间", "period", "year", "time", "date", "时期"]
    static let valueColumns: Set<String> = ["数值", "值", "value", "obs_value", "数据"]

    public func table(_ payload: Payload) throws(FeedError) -> FeedTable {
        try CSVInput.withText(payload, what: "CSV", gb18030: true) { bytes, encoding throws(FeedError) in
            // A JSON document read as CSV would "succeed" with nonsense dimensions: say what it is instead.
            if let first = bytes.first(where: { !CSVScanner.isASCIISpace($0) }), first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                throw FeedError(.malformed, payload: payload, position: "line 1",
                                message: "this is JSON, not CSV; use the JSON format of its provider (jsonstat, sdmx-json, pxweb, worldbank, eurostat, nbs-easyquery)")
            }
            // A README or a web page fragment read as CSV would put its sentences into reports.
            if let first = bytes.first(where: { !CSVScanner.isASCIISpace($0) }), first == UInt8(ascii: "<") || first == UInt8(ascii: "#") {
                throw FeedError(.malformed, payload: payload, position: "line 1",
                                message: "not a statistics CSV: the file starts like \(first == UInt8(ascii: "<") ? "an HTML or XML document" : "a Markdown document"); point the source at the CSV download itself")
            }
            var reader = Reader(payload: payload, total: bytes.count)
            try CSVSplitScan.scan(bytes, sourceID: payload.sourceID, location: payload.location, reader: &reader)
            return try reader.table(encoding: encoding)
        }
    }

    /// Reads the rows as the scanner hands them over, without keeping them: preamble, header, body
    /// up to a footer. Codes are read from the bytes once per distinct text (`ByteKeyed`), figures
    /// straight from the bytes; only markers and unusual figures become strings.
    struct Reader: CSVSplitReader {
        enum Phase { case preamble, body, footer }
        enum Layout {
            /// A period per column (`2023年,2024年`, in `layoutColumns`): the first column is the row dimension.
            case wide(withIndicator: Bool)
            /// A period column and a value column; other columns (`layoutColumns`) are dimensions.
            case long(valueColumn: Int, unitColumn: Int?)
        }

        let payload: Payload
        var total: Int
        var phase = Phase.preamble
        var preamble: [String: String] = [:]
        var lastLine = 1
        var headerLine = 1
        var names: [String] = []
        var layout = Layout.wide(withIndicator: false)
        /// The period columns of a wide layout, the dimension columns of a long one: apart from
        /// `layout`, because binding an array out of an enum case retains and releases it per row.
        var layoutColumns: [Int] = []
        var indicatorName: String?
        var unit: Int32 = -1
        var dims: [FeedDimension] = []
        var rows = FeedRows(dimensions: 0)
        var coords: [Int] = []
        var rejected = RejectedRows()
        /// Per dimension: cell bytes → category position (codes trimmed as `Whitespace.trim` does).
        var positions: [CategoryLookup] = []
        var units = ByteKeyed<Int32>()
        /// Value cell bytes that are no figure → the missing marker's index in `rows.strings`, -1 when
        /// the text is no marker.
        var markers = ByteKeyed<Int32>()
        /// Row categories of a wide layout when this reader was forked (`CSVSplitScan`).
        var forkedRowCodes = 0

        init(payload: Payload, total: Int) {
            self.payload = payload
            self.total = total
        }

        mutating func read(_ r: CSVScanner.Row) throws(FeedError) {
            lastLine = r.line
            switch phase {
            case .footer: return
            case .preamble: try preambleOrHeader(r)
            case .body: body(r)
            }
        }

        var readyToSplit: Bool { phase == .body }

        func fork(total: Int) -> Self {
            var later = self
            later.total = total
            if case .wide(let withIndicator) = layout { later.forkedRowCodes = dims[withIndicator ? 1 : 0].codes.count }
            later.lastLine = 0  // its lines are numbered from the split
            later.layoutColumns = layoutColumns.unshared()
            later.dims = dims.map { $0.unshared() }
            later.rows = rows.unshared()
            later.coords = coords.unshared()
            later.positions = positions.map { $0.unshared() }
            later.units = units.unshared()
            later.markers = markers.unshared()
            return later
        }

        /// After a footer the records are not read (a later part would have read them as rows).
        func accepts(_ later: Self) -> Bool { phase != .footer }

        mutating func merge(_ later: inout Self, lines: Int) {
            var map: [[Int32]]
            switch layout {
            case .wide(let withIndicator):
                // A wide layout's row categories are one per row, not looked up: the later ones follow.
                let k = withIndicator ? 1 : 0
                map = dims.map { (0..<$0.codes.count).map { Int32($0) } }
                let added = later.dims[k].codes.count - later.forkedRowCodes
                map[k] = (0..<later.dims[k].codes.count).map { Int32($0 < later.forkedRowCodes ? $0 : $0 - later.forkedRowCodes + dims[k].codes.count) }
                dims[k].codes += later.dims[k].codes.suffix(added)
                dims[k].labels += later.dims[k].labels.suffix(added)
            case .long:
                map = dims.indices.map { positions[$0].merge(later.dims[$0], into: &dims[$0]) }
            }
            rows.append(&later.rows, positions: map, lines: lines)
            rejected.append(later.rejected, lines: lines)
            phase = later.phase
            lastLine = max(lastLine, later.lastLine + lines)
        }

        mutating func preambleOrHeader(_ r: CSVScanner.Row) throws(FeedError) {
            let fields = r.strings
            let nonEmpty = fields.filter { !Whitespace.trim($0).isEmpty }
            let first = Whitespace.trim(fields.first ?? "")
            if nonEmpty.count <= 1 {
                if let colon = first.firstIndex(where: { $0 == "：" || $0 == ":" }) {
                    preamble[String(first[..<colon])] = Whitespace.trim(String(first[first.index(after: colon)...]))
                }
                return
            }
            headerLine = r.line
            names = fields.map { Whitespace.trim($0) }
            phase = .body
            // Indicator from the preamble (`指标：地区生产总值(亿元)`), unit from its parentheses.
            indicatorName = preamble["指标"]
            if let name = indicatorName, let open = name.lastIndex(where: { $0 == "(" || $0 == "（" }), name.hasSuffix(")") || name.hasSuffix("）") {
                unit = rows.intern(String(name[name.index(after: open)..<name.index(before: name.endIndex)]))
            }
            let periodCols = names.indices.dropFirst().filter { Period(parsing: names[$0]) != nil }
            if !periodCols.isEmpty {
                let rowID = names[0].isEmpty ? "row" : names[0]
                let rowDim = FeedDimension(id: rowID, role: FeedDimension.inferredRole(for: rowID) ?? "geo", codes: [])
                let withIndicator = indicatorName != nil && rowDim.role != "metric"
                if withIndicator { dims.append(FeedDimension(id: "指标", role: "metric", codes: [indicatorName!])) }
                dims.append(rowDim)
                dims.append(FeedDimension(id: "时间", label: preamble["时间"], role: "time", codes: periodCols.map { names[$0] }))
                layout = .wide(withIndicator: withIndicator)
                layoutColumns = periodCols
                rows = FeedRows(dimensions: dims.count, keeping: rows)
                coords = [0, 0, 0]  // 指标 (when there is one), row, period
                return
            }
            let lower = names.map { $0.lowercased() }
            guard let pc = lower.firstIndex(where: { OfficeCSVDecoder.periodColumns.contains($0) }),
                  let vc = lower.firstIndex(where: { OfficeCSVDecoder.valueColumns.contains($0) }) else {
                // The header's text is not repeated: for a README it is a sentence, which would land in reports.
                throw FeedError(.malformed, payload: payload, position: "line \(r.line)",
                                message: "not a statistics CSV: the header row (\(names.count) columns) has neither period columns (2024年, 2024) nor a period and a value column (时间/年份/period, 数值/value); name the columns so, or point the source at the data file if this is a README or web page")
            }
            let dimCols = names.indices.filter { $0 != vc && !(lower[$0] == "单位" || lower[$0] == "unit") }
            dims = dimCols.map { FeedDimension(id: names[$0], role: $0 == pc ? "time" : FeedDimension.inferredRole(for: names[$0]), codes: []) }
            positions = Array(repeating: CategoryLookup(), count: dimCols.count)
            layout = .long(valueColumn: vc, unitColumn: lower.firstIndex { $0 == "单位" || $0 == "unit" })
            layoutColumns = dimCols
            coords = Array(repeating: 0, count: dimCols.count)
            rows = FeedRows(dimensions: dimCols.count, keeping: rows)
        }

        /// Whether the row ends the data: a `注：`/`数据来源：` footer, or a U+3000-indented line alone.
        static func isFooter(_ r: CSVScanner.Row) -> Bool {
            // Per row: most first cells are ruled out by their first three bytes, without touching the
            // prefix table (a global: its access check and the comparisons were a twentieth of the time).
            let footer = r.withTrimmed(0, newlines: false) { first in
                mayStartFooter(first) && OfficeCSVDecoder.footerBytes.contains { prefix in
                    first.count >= prefix.count && first[0] == prefix[0] && memcmp(first.baseAddress!, prefix, prefix.count) == 0
                }
            } ?? false
            if footer { return true }
            // U+3000 (ideographic space) is E3 80 80 in UTF-8.
            guard r.withRaw(0, { $0.count >= 3 && $0[0] == 0xE3 && $0[1] == 0x80 && $0[2] == 0x80 }) == true else { return false }
            return (1..<r.count).allSatisfy { r.isEmpty($0) }
        }

        /// Whether `bytes` (at least one) start as one of `footerPrefixes` may: with the first three
        /// bytes of 注 数 资 说 (E6 B3 A8, E6 95 B0, E8 B5 84, E8 AF B4), `Not` or `Sou`. Region names
        /// such as 河北省 and 湖南省 share the first byte with 注 and 数, so one byte ruled out too few.
        @inline(__always) static func mayStartFooter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard bytes.count >= 3 else { return false }
            switch UInt32(bytes[0]) << 16 | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) {
            case 0xE6B3A8, 0xE695B0, 0xE8B584, 0xE8AFB4, 0x4E6F74, 0x536F75: return true
            default: return false
            }
        }

        mutating func body(_ r: CSVScanner.Row) {
            if Self.isFooter(r) { phase = .footer; return }
            if (0..<r.count).allSatisfy({ r.withTrimmed($0, newlines: false) { _ in true } == nil }) { return }
            if rows.count == 1024 { rows.reserve(readBytes: r.end, of: total) }
            switch layout {
            case .wide(let withIndicator):
                let k = withIndicator ? 1 : 0
                let rowPos = dims[k].codes.count
                dims[k].codes.append(r.withTrimmed(0, newlines: false) { String(decoding: $0, as: UTF8.self) } ?? "")
                dims[k].labels.append(nil)
                for t in 0..<layoutColumns.count {
                    let c = layoutColumns[t]
                    guard let (v, marker) = value(r, c) else { continue }
                    coords[1] = rowPos
                    coords[2] = t
                    coords.withUnsafeBufferPointer { all in
                        rows.append(UnsafeBufferPointer(rebasing: all[(withIndicator ? 0 : 1)...]), value: v, text: marker, status: marker,
                                    unit: unit, line: r.line, column: c + 1)
                    }
                }
            case .long(let vc, let unitCol):
                for k in 0..<layoutColumns.count {
                    let c = layoutColumns[k]
                    coords[k] = r.withTrimmed(c, newlines: false) { positions[k].position($0, in: &dims[k]) }
                        ?? positions[k].position(UnsafeBufferPointer(start: nil, count: 0), in: &dims[k])
                }
                guard let (v, marker) = value(r, vc) else { return }
                var u = unit
                if let unitCol, unitCol < r.count {
                    // Not trimmed, as the cell is written (an empty one stays empty, not the preamble's unit).
                    u = r.withRaw(unitCol) { bytes in units.value(bytes) { rows.intern($0) } }!
                }
                coords.withUnsafeBufferPointer { coordinates in
                    rows.append(coordinates, value: v, text: marker, status: marker, unit: u, line: r.line, column: vc + 1)
                }
            }
        }

        /// The figure or missing marker of column `c`; nil after naming a bad cell.
        mutating func value(_ r: CSVScanner.Row, _ c: Int) -> (Double?, Int32)? {
            // Most cells are plain or grouped figures: read from the bytes, before the marker checks.
            var text: String?
            if let read = r.withTrimmed(c, { NumberText.quickNumber($0) ?? .nan }) {
                if !read.isNaN { return (read, -1) }
                // A missing marker repeats down a column: found from its bytes, it is not made into a
                // `String`, normalised and looked up each time (a twentieth of the time of a file
                // with 6% markers). Other texts go on to the full rule below.
                if let marker = r.withTrimmed(c, { bytes in
                    markers.value(bytes) { t in
                        NumberText.missingMarkers.contains(NumberText.normalize(t)) || NumberText.missingMarkers.contains(t) ? rows.intern(t) : -1
                    }
                }), marker >= 0 {
                    return (nil, marker)
                }
                text = r.trimmed(c)
            }
            guard let t = text else { return (nil, -1) }
            let n = NumberText.normalize(t)
            if NumberText.missingMarkers.contains(n) || NumberText.missingMarkers.contains(t) { return (nil, rows.intern(t)) }
            if let d = NumberText.parse(t) { return (d, -1) }
            rejected.add(FeedError(.malformed, payload: payload, position: "line \(r.line), column \(c + 1)",
                                   message: "'\(t)' is not a number or a missing marker (.., -, —, x, NaN, #N/A)"))
            return nil
        }

        func table(encoding: TextDecoding.Encoding) throws(FeedError) -> FeedTable {
            guard phase != .preamble else {
                throw FeedError(.malformed, payload: payload, position: "line \(lastLine)", message: "not a statistics CSV: no header row (a row with at least two columns) after the preamble")
            }
            var warnings: [Diagnostic] = []
            if encoding == .gb18030 { warnings.append(Diagnostic(.note, "read as GB18030 (not UTF-8)", at: payload.location)) }
            if rows.count == 0 && rejected.count > 0 {
                throw rejected.failure("cell")
            }
            if let note = rejected.diagnostic(at: payload.location, what: "cell(s)") { warnings.append(note) }
            return FeedTable(format: OfficeCSVDecoder.format, label: indicatorName ?? preamble["数据库"], dimensions: dims, rows: rows,
                             warnings: warnings, chineseRegions: true, rejected: rejected.count)
        }
    }
}
