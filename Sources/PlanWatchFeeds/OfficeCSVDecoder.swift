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
    static let periodColumns: Set<String> = ["时间", "年份", "年度", "期间", "period", "year", "time", "date", "时期"]
    static let valueColumns: Set<String> = ["数值", "值", "value", "obs_value", "数据"]

    public func table(_ payload: Payload) throws(FeedError) -> FeedTable {
        let (csv, encoding) = try CSVInput.withText(payload, what: "CSV", gb18030: true) { bytes, encoding throws(FeedError) in
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
            return (try CSVTable(bytes: bytes, sourceID: payload.sourceID, location: payload.location), encoding)
        }
        var preamble: [String: String] = [:]
        var headerIndex: Int?
        for (k, r) in csv.records.enumerated() {
            let nonEmpty = r.fields.filter { !Whitespace.trim($0).isEmpty }
            let first = Whitespace.trim(r.fields.first ?? "")
            if nonEmpty.count <= 1 {
                if let colon = first.firstIndex(where: { $0 == "：" || $0 == ":" }) {
                    preamble[String(first[..<colon])] = Whitespace.trim(String(first[first.index(after: colon)...]))
                }
                continue
            }
            headerIndex = k
            break
        }
        guard let headerIndex else {
            throw FeedError(.malformed, payload: payload, position: "line \(csv.records.last?.line ?? 1)", message: "not a statistics CSV: no header row (a row with at least two columns) after the preamble")
        }
        let header = csv.records[headerIndex]
        let names = header.fields.map { Whitespace.trim($0) }
        var body: [CSVTable.Record] = []
        for r in csv.records[(headerIndex + 1)...] {
            let first = r.fields.first ?? ""
            // Compared as UTF-8 bytes: `hasPrefix` walks grapheme clusters, a seventh of the time for a
            // million rows. The prefixes are ASCII and CJK, which have no other canonical form.
            let trimmed = Whitespace.trim(first)
            if Self.footerPrefixes.contains(where: { trimmed.utf8.starts(with: $0.utf8) }) { break }
            if first.utf8.starts(with: "\u{3000}".utf8) && r.fields.dropFirst().allSatisfy({ $0.isEmpty }) { break }
            if r.fields.allSatisfy({ Whitespace.trim($0).isEmpty }) { continue }
            body.append(r)
        }
        var warnings: [Diagnostic] = []
        var rejected = RejectedRows()
        if encoding == .gb18030 { warnings.append(Diagnostic(.note, "read as GB18030 (not UTF-8)", at: payload.location)) }
        let periodCols = names.indices.dropFirst().filter { Period(parsing: names[$0]) != nil }
        var dims: [FeedDimension] = []
        var records: [FeedCell] = []

        func value(_ raw: String, line: Int, column: Int) throws(FeedError) -> (Double?, String?) {
            let t = Whitespace.trim(raw, newlines: true)
            if t.isEmpty { return (nil, nil) }
            // Most cells are plain figures: read them before the marker checks, which normalise the text.
            if NumberText.isPlainASCII(t), let d = NumberText.parse(t) { return (d, nil) }
            let n = NumberText.normalize(t)
            if NumberText.missingMarkers.contains(n) || NumberText.missingMarkers.contains(t) { return (nil, t) }
            if let d = NumberText.parse(t) { return (d, nil) }
            throw FeedError(.malformed, payload: payload, position: "line \(line), column \(column)",
                            message: "'\(t)' is not a number or a missing marker (.., -, —, x, NaN, #N/A)")
        }

        // Indicator from the preamble (`指标：地区生产总值(亿元)`), unit from its parentheses.
        let indicatorName = preamble["指标"]
        var unit: String?
        if let name = indicatorName, let open = name.lastIndex(where: { $0 == "(" || $0 == "（" }), name.hasSuffix(")") || name.hasSuffix("）") {
            unit = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
        }
        if !periodCols.isEmpty {
            // Wide: first column is the row dimension, period columns across.
            let rowID = names[0].isEmpty ? "row" : names[0]
            var rowDim = FeedDimension(id: rowID, role: FeedDimension.inferredRole(for: rowID) ?? "geo", codes: [])
            let timeDim = FeedDimension(id: "时间", label: preamble["时间"], role: "time", codes: periodCols.map { names[$0] })
            let withIndicator = indicatorName != nil && rowDim.role != "metric"
            for r in body {
                let code = Whitespace.trim(r.fields.first ?? "")
                let rowPos = rowDim.codes.count
                rowDim.codes.append(code)
                rowDim.labels.append(nil)
                for (t, c) in periodCols.enumerated() {
                    let raw = c < r.fields.count ? r.fields[c] : ""
                    let v: Double?, marker: String?
                    do { (v, marker) = try value(raw, line: r.line, column: c + 1) } catch { rejected.add(error); continue }
                    let coords = withIndicator ? [0, rowPos, t] : [rowPos, t]
                    records.append(FeedCell(coordinates: coords, value: v, text: marker, status: marker, unit: unit, position: "line \(r.line), column \(c + 1)"))
                }
            }
            if withIndicator { dims.append(FeedDimension(id: "指标", role: "metric", codes: [indicatorName!])) }
            dims.append(rowDim)
            dims.append(timeDim)
        } else {
            // Long: a period column and a value column; other columns are dimensions.
            let lower = names.map { $0.lowercased() }
            guard let pc = lower.firstIndex(where: { Self.periodColumns.contains($0) }),
                  let vc = lower.firstIndex(where: { Self.valueColumns.contains($0) }) else {
                // The header's text is not repeated: for a README it is a sentence, which would land in reports.
                throw FeedError(.malformed, payload: payload, position: "line \(header.line)",
                                message: "not a statistics CSV: the header row (\(names.count) columns) has neither period columns (2024年, 2024) nor a period and a value column (时间/年份/period, 数值/value); name the columns so, or point the source at the data file if this is a README or web page")
            }
            let dimCols = names.indices.filter { $0 != vc && !(lower[$0] == "单位" || lower[$0] == "unit") }
            let unitCol = lower.firstIndex { $0 == "单位" || $0 == "unit" }
            dims = dimCols.map { FeedDimension(id: names[$0], role: $0 == pc ? "time" : FeedDimension.inferredRole(for: names[$0]), codes: []) }
            var lookup = [[String: Int]](repeating: [:], count: dimCols.count)
            for r in body {
                var coords: [Int] = []
                for (k, c) in dimCols.enumerated() {
                    let code = c < r.fields.count ? Whitespace.trim(r.fields[c]) : ""
                    if let p = lookup[k][code] { coords.append(p) } else {
                        lookup[k][code] = dims[k].codes.count
                        coords.append(dims[k].codes.count)
                        dims[k].codes.append(code)
                        dims[k].labels.append(nil)
                    }
                }
                let v: Double?, marker: String?
                do { (v, marker) = try value(vc < r.fields.count ? r.fields[vc] : "", line: r.line, column: vc + 1) } catch { rejected.add(error); continue }
                let u = unitCol.flatMap { $0 < r.fields.count ? r.fields[$0] : nil } ?? unit
                records.append(FeedCell(coordinates: coords, value: v, text: marker, status: marker, unit: u, position: "line \(r.line), column \(vc + 1)"))
            }
        }
        if records.isEmpty && rejected.count > 0 {
            throw rejected.failure("cell")
        }
        if let note = rejected.diagnostic(at: payload.location, what: "cell(s)") { warnings.append(note) }
        return FeedTable(format: Self.format, label: indicatorName ?? preamble["数据库"], dimensions: dims, records: records,
                         warnings: warnings, chineseRegions: true, rejected: rejected.count)
    }
}
