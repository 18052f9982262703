import Foundation
import PlanWatchText
import ReportKit

/// One dimension of a decoded payload, with its categories in the feed's own order.
public struct FeedDimension: Sendable, Hashable {
    public var id: String
    public var label: String?
    /// `time`, `geo`, `metric`, or nil. Inferred from the id when the feed gives no role.
    public var role: String?
    public var codes: [String]
    public var labels: [String?]
    /// Unit per category position (JSON-stat metric dimensions).
    public var units: [Int: FeedUnit]

    public init(id: String, label: String? = nil, role: String? = nil, codes: [String], labels: [String?]? = nil, units: [Int: FeedUnit] = [:]) {
        self.id = id
        self.label = label
        self.role = role
        self.codes = codes
        self.labels = labels ?? Array(repeating: nil, count: codes.count)
        self.units = units
    }

    public var size: Int { codes.count }

    public var summary: DimensionSummary {
        DimensionSummary(id: id, label: label, role: role,
                         categories: codes.indices.map { DimensionSummary.Category(code: codes[$0], label: labels[$0]) })
    }

    /// Role from the id when the feed gives none (Eurostat, PxWeb `Region`, SDMX `TIME_PERIOD`, NBS `sj`).
    public static func inferredRole(for id: String) -> String? {
        let key = id.lowercased()
        if ["time", "time_period", "year", "years", "period", "date", "tid", "sj", "时间", "年份", "aar", "vuosi", "år"].contains(key) { return "time" }
        if ["geo", "region", "ref_area", "area", "country", "reg", "地区", "省份", "alue", "state", "county", "municipality"].contains(key) { return "geo" }
        if ["indicator", "concept", "contentscode", "zb", "indic", "series", "指标", "tiedot"].contains(key) || key.hasPrefix("indic_") { return "metric" }
        return nil
    }
}

public struct FeedUnit: Sendable, Hashable {
    public var label: String?
    public var decimals: Int?
    /// Power of ten applied to the values of this category.
    public var multiplier: Int
    public init(label: String? = nil, decimals: Int? = nil, multiplier: Int = 0) {
        self.label = label
        self.decimals = decimals
        self.multiplier = multiplier
    }
}

/// One cell as a decoder found it: category positions per dimension, value with any unit multiplier
/// already applied, status, and where it sits in the payload.
public struct FeedCell: Sendable {
    public var coordinates: [Int]
    /// nil for a missing cell.
    public var value: Double?
    /// The cell's text when it is not a number (JSON-stat string values, markers such as `..`).
    public var text: String?
    public var status: String?
    public var unit: String?
    /// Power of ten applied to `value`.
    public var multiplier: Int
    /// JSON path or `line N, column M`.
    public var position: String {
        get {
            switch place {
            case .text(let text): text
            case .line(let line, let column): column > 0 ? "line \(line), column \(column)" : "line \(line)"
            }
        }
        set { place = .text(newValue) }
    }

    /// Where the cell is, kept as numbers for CSV rows: a million `line N, column M` texts cost a heap
    /// string each, yet only a bad or inspected cell ever shows its position.
    enum Place: Sendable {
        case text(String)
        /// Column 0: the line alone.
        case line(Int, column: Int)
    }
    var place: Place

    public init(coordinates: [Int], value: Double?, text: String? = nil, status: String? = nil, unit: String? = nil, multiplier: Int = 0, position: String) {
        self.init(coordinates: coordinates, value: value, text: text, status: status, unit: unit, multiplier: multiplier, place: .text(position))
    }

    init(coordinates: [Int], value: Double?, text: String? = nil, status: String? = nil, unit: String? = nil, multiplier: Int = 0, place: Place) {
        self.coordinates = coordinates
        self.value = value
        self.text = text
        self.status = status
        self.unit = unit
        self.multiplier = multiplier
        self.place = place
    }
}

/// JSON-stat cells held as a row-major cube (last dimension fastest), so that millions of cells cost
/// eight bytes each.
public struct FeedCube: Sendable {
    public enum Status: Sendable {
        case none
        case all(String)
        case dense([String?])
        case sparse([Int: String])
        /// A large sparse status as the scanner reads it, in ascending cell order.
        case codes(SparseCodes)
    }
    public var sizes: [Int]
    /// NaN = missing; unit multipliers already applied.
    public var numbers: [Double] { didSet { knownMissing = nil } }
    public var texts: [Int: String]
    public var status: Status
    /// Category position in the metric dimension → unit (label, multiplier), for each cell's unit.
    public var metricDimension: Int?
    /// The number of NaN cells when the decoder counted them while reading (JSON-stat `value` arrays);
    /// any change to `numbers` forgets it.
    var knownMissing: Int? = nil
    /// The number of cells when the decoder counted them without keeping them (`Inspection.inspect`
    /// with `keepingCells: false`); `numbers` is then empty and the cells cannot be visited.
    public internal(set) var countedOnly: Int? = nil

    public var count: Int { countedOnly ?? numbers.count }

    /// Cells that are NaN (missing).
    public var missingCount: Int {
        knownMissing ?? numbers.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
    }

    public func status(at index: Int) -> String? {
        switch status {
        case .none: return nil
        case .all(let s): return s
        case .dense(let a): return index < a.count ? a[index] : nil
        case .sparse(let d): return d[index]
        case .codes(let c): return c.code(at: index)
        }
    }
}

/// A decoded payload before mapping: what `planwatch inspect` shows and what mapping turns into observations.
public struct FeedTable: Sendable {
    public var format: String
    public var label: String?
    /// When the publisher last updated the data, as the feed says (JSON-stat and Eurostat `updated`,
    /// World Bank `lastupdated`): the day, `2026-09-22`. Source lines show it as the publication date.
    public var updated: String? {
        didSet { updated = updated.map(Self.day) }
    }
    public var dimensions: [FeedDimension]
    public var warnings: [Diagnostic]
    /// Status code → label, where the feed explains its codes (Eurostat `extension`, JSON-stat 1.x).
    public var statusLabels: [String: String]
    /// Region codes in this feed are Chinese (GB/T 2260): normalise 2- and 4-digit codes to six digits.
    public var chineseRegions: Bool
    public var cube: FeedCube?
    /// The cells of a CSV feed, held compactly (`FeedRows`); `records` then builds cells from them.
    public var rows: FeedRows?
    /// The cells one by one (feeds that are neither a cube nor `rows`). Setting it replaces `rows`.
    public var records: [FeedCell] {
        get {
            guard let rows else { return cells }
            var out: [FeedCell] = []
            out.reserveCapacity(rows.count)
            rows.forEachCell { out.append($0) }
            return out
        }
        set {
            cells = newValue
            rows = nil
        }
    }
    private var cells: [FeedCell]
    /// Rows or cells left out because they could not be read (named in `warnings`).
    public var rejected: Int

    public init(format: String, label: String? = nil, dimensions: [FeedDimension], records: [FeedCell] = [], cube: FeedCube? = nil,
                warnings: [Diagnostic] = [], statusLabels: [String: String] = [:], chineseRegions: Bool = false, rejected: Int = 0) {
        self.rejected = rejected
        self.format = format
        self.label = label
        self.dimensions = dimensions
        self.cells = records
        self.cube = cube
        self.warnings = warnings
        self.statusLabels = statusLabels
        self.chineseRegions = chineseRegions
    }

    /// A CSV feed's cells, column by column.
    public init(format: String, label: String? = nil, dimensions: [FeedDimension], rows: FeedRows,
                warnings: [Diagnostic] = [], chineseRegions: Bool = false, rejected: Int = 0) {
        self.init(format: format, label: label, dimensions: dimensions, warnings: warnings, chineseRegions: chineseRegions, rejected: rejected)
        self.rows = rows
    }

    public var cellCount: Int { cube?.count ?? rows?.count ?? cells.count }

    /// The `yyyy-MM-dd` day of a feed's timestamp (`2026-09-22T11:00:00+0200`), or the text as given
    /// (cut to 32 characters) when it does not start with one.
    static func day(_ text: String) -> String {
        let head = text.prefix(10)
        let shape = head.enumerated().allSatisfy { i, c in (i == 4 || i == 7) ? c == "-" : c.isASCII && c.isNumber }
        return head.count == 10 && shape ? String(head) : String(text.prefix(32))
    }

    public var missingCount: Int {
        if let cube { return cube.missingCount }
        if let rows { return rows.missingCount }
        return cells.reduce(0) { $0 + ($1.value == nil ? 1 : 0) }
    }

    /// Status code → number of cells carrying it.
    public var statusCounts: [String: Int] {
        if let rows { return rows.statusCounts }
        guard let cube else { return Self.tally(cells.lazy.compactMap(\.status)) }
        switch cube.status {
        case .none: return [:]
        case .all(let s): return cube.count > 0 ? [s: cube.count] : [:]
        case .dense(let a): return Self.tally(a.prefix(cube.count).lazy.compactMap { $0 })
        case .sparse(let d): return Self.tally(d.lazy.filter { $0.key < cube.count }.map(\.value))
        case .codes(let c): return c.tally(below: cube.count)
        }
    }

    /// Counts each code. Feeds use a handful of codes for up to millions of cells, so the first few
    /// are tallied in a short list (comparing small strings is cheaper than hashing them).
    static func tally<Codes: Sequence<String>>(_ codes: Codes) -> [String: Int] {
        var seen: [String] = []
        var tallies: [Int] = []
        var more: [String: Int] = [:]
        for code in codes {
            if let k = seen.firstIndex(of: code) {
                tallies[k] += 1
            } else if seen.count < 16 {
                seen.append(code)
                tallies.append(1)
            } else {
                more[code, default: 0] += 1
            }
        }
        for (code, n) in zip(seen, tallies) { more[code] = n }
        return more
    }

    /// Visits every cell in order. The cell passed is reused between calls: copy what you keep.
    public func forEachCell(_ body: (FeedCell) throws -> Void) rethrows {
        if let rows { return try rows.forEachCell(body) }
        guard let cube else {
            for r in cells { try body(r) }
            return
        }
        precondition(cube.countedOnly == nil, "the cells were counted, not kept: decode with keepingCells")
        let dims = dimensions.count
        var cell = FeedCell(coordinates: Array(repeating: 0, count: dims), value: nil, position: "")
        let metric = cube.metricDimension
        // Cells are visited in order, so a sparse status is stepped through rather than searched.
        var codes: SparseCodes.Cursor? = nil
        if case .codes(let c) = cube.status { codes = SparseCodes.Cursor(codes: c) }
        for index in 0..<cube.count {
            let d = cube.numbers[index]
            cell.value = d.isNaN ? nil : d
            cell.text = cube.texts.isEmpty ? nil : cube.texts[index]
            cell.status = codes != nil ? codes!.code(at: index) : cube.status(at: index)
            if let metric, let u = dimensions[metric].units[cell.coordinates[metric]] {
                cell.unit = u.label
                cell.multiplier = u.multiplier
            } else {
                cell.unit = nil
                cell.multiplier = 0
            }
            cell.position = "$.value[\(index)]"
            try body(cell)
            // Row-major: advance the last coordinate first.
            var k = dims - 1
            while k >= 0 {
                cell.coordinates[k] += 1
                if cell.coordinates[k] < cube.sizes[k] { break }
                cell.coordinates[k] = 0
                k -= 1
            }
        }
    }

    public func dimensionIndex(_ id: String) -> Int? { dimensions.firstIndex { $0.id == id } }
}

/// Region code normalisation: mapping table first, then `CN-43` → `430000` and, for Chinese feeds,
/// GB/T 2260 padding of 2- and 4-digit codes and province names to codes.
public enum RegionCode {
    public static func normalize(_ code: String, mapping: FeedMapping, chinese: Bool) -> String {
        if let mapped = mapping.regionCodes[code] { return mapped }
        var c = code.trimmingCharacters(in: .whitespaces)
        if c.uppercased().hasPrefix("CN-") {
            let rest = String(c.dropFirst(3))
            // The mapping table also applies to the normalised code, so configs can use GB/T 2260 codes.
            if rest.allSatisfy(\.isASCII), rest.allSatisfy(\.isNumber) { return mapping.regionCodes[pad(rest)] ?? pad(rest) }
            if let p = provinceAlpha[rest.uppercased()] { return mapping.regionCodes[p] ?? p }
        }
        guard chinese else { return c }
        if c.allSatisfy({ $0.isASCII && $0.isNumber }) {
            if c.count == 12 && c.hasSuffix("000000") { c = String(c.prefix(6)) }
            return mapping.regionCodes[pad(c)] ?? pad(c)
        }
        if let code = provinceCode(name: c) { return mapping.regionCodes[code] ?? code }
        return c
    }

    static func pad(_ digits: String) -> String {
        switch digits.count {
        case 2: return digits + "0000"
        case 4: return digits + "00"
        default: return digits
        }
    }

    /// Province-level names (with or without 省/市/自治区 suffix) → GB/T 2260 code.
    /// The province's code for its name: the short name (湖南) or the full one (湖南省, 广西壮族自治区,
    /// 香港特别行政区). Only the whole name matches: 湖南省岳阳市 is a city, not the province, and must
    /// not be filed under 430000 (it stays unmapped, and the mapping problem names it).
    public static func provinceCode(name: String) -> String? {
        let n = name.trimmingCharacters(in: .whitespaces)
        if let code = provinces[n] { return code }
        let suffixes = ["省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区"]
        for (short, code) in provinces {
            for suffix in suffixes where n == short + suffix { return code }
        }
        return nil
    }

    static let provinces: [String: String] = [
        "全国": "100000", "北京": "110000", "天津": "120000", "河北": "130000", "山西": "140000", "内蒙古": "150000",
        "辽宁": "210000", "吉林": "220000", "黑龙江": "230000", "上海": "310000", "江苏": "320000", "浙江": "330000",
        "安徽": "340000", "福建": "350000", "江西": "360000", "山东": "370000", "河南": "410000", "湖北": "420000",
        "湖南": "430000", "广东": "440000", "广西": "450000", "海南": "460000", "重庆": "500000", "四川": "510000",
        "贵州": "520000", "云南": "530000", "西藏": "540000", "陕西": "610000", "甘肃": "620000", "青海": "630000",
        "宁夏": "640000", "新疆": "650000", "台湾": "710000", "香港": "810000", "澳门": "820000",
    ]

    static let provinceAlpha: [String: String] = [
        "BJ": "110000", "TJ": "120000", "HE": "130000", "SX": "140000", "NM": "150000", "LN": "210000", "JL": "220000",
        "HL": "230000", "SH": "310000", "JS": "320000", "ZJ": "330000", "AH": "340000", "FJ": "350000", "JX": "360000",
        "SD": "370000", "HA": "410000", "HB": "420000", "HN": "430000", "GD": "440000", "GX": "450000", "HI": "460000",
        "CQ": "500000", "SC": "510000", "GZ": "520000", "YN": "530000", "XZ": "540000", "SN": "610000", "GS": "620000",
        "QH": "630000", "NX": "640000", "XJ": "650000", "TW": "710000", "HK": "810000", "MO": "820000",
    ]
}

extension FeedTable {
    /// Applies a source's mapping: dimension choice, code table, region normalisation, period parsing,
    /// scale and filters. Problems that leave the payload usable become warnings.
    /// Which dimension holds the period, the region and the series key under `mapping` (explicit
    /// dimension names first, then roles). The key is the indicator dimension's code, or, for feeds
    /// without one (Eurostat, SDMX), the codes of every other dimension joined with `.`.
    public func roles(payload: Payload, mapping: FeedMapping) throws(FeedError) -> (period: Int?, region: Int?, key: [Int]) {
        func find(_ wanted: String?, role: String, what: String) throws(FeedError) -> Int? {
            if let wanted {
                guard let i = dimensionIndex(wanted) else {
                    throw FeedError(.mapping, payload: payload,
                                    message: "\(what) dimension '\(wanted)' is not in the payload; it has \(dimensions.map(\.id).joined(separator: ", "))")
                }
                return i
            }
            return dimensions.firstIndex { $0.role == role } ?? dimensions.firstIndex { FeedDimension.inferredRole(for: $0.id) == role }
        }
        let periodDim = try find(mapping.periodDimension, role: "time", what: "period")
        let regionDim = try find(mapping.regionDimension, role: "geo", what: "region")
        let indicatorDim = try find(mapping.indicatorDimension, role: "metric", what: "indicator")
        return (periodDim, regionDim, indicatorDim.map { [$0] } ?? dimensions.indices.filter { $0 != periodDim && $0 != regionDim })
    }

    /// The series keys exactly as `mapping.codes` expects them, with their labels and cell counts:
    /// what `planwatch inspect --source` lists for writing a mapping.
    public func seriesKeys(payload: Payload, mapping: FeedMapping) throws(FeedError) -> [(key: String, label: String?, cells: Int)] {
        let keyDims = try roles(payload: payload, mapping: mapping).key
        var counts: [String: Int] = [:]
        var labels: [String: String] = [:]
        forEachCell { cell in
            let key = seriesKey(cell, keyDims)
            counts[key, default: 0] += 1
            if labels[key] == nil {
                let parts = keyDims.compactMap { dimensions[$0].labels[cell.coordinates[$0]] }
                if !parts.isEmpty { labels[key] = parts.joined(separator: " · ") }
            }
        }
        return counts.keys.sorted().map { ($0, labels[$0], counts[$0]!) }
    }

    func seriesKey(_ cell: FeedCell, _ keyDims: [Int]) -> String {
        keyDims.isEmpty ? (label ?? "value") : keyDims.map { dimensions[$0].codes[cell.coordinates[$0]] }.joined(separator: ".")
    }

    public func observations(payload: Payload, mapping: FeedMapping) throws(FeedError) -> DecodedFeed {
        var warnings = self.warnings
        let (periodDim, regionDim, keyDims) = try roles(payload: payload, mapping: mapping)

        var filters: [(Int, Int?)] = []
        for (dimID, code) in mapping.filters.sorted(by: { $0.key < $1.key }) {
            guard let d = dimensionIndex(dimID) else {
                throw FeedError(.mapping, payload: payload, message: "filter on '\(dimID)', which is not a dimension of the payload; it has \(dimensions.map(\.id).joined(separator: ", "))")
            }
            let pos = dimensions[d].codes.firstIndex(of: code)
            if pos == nil {
                warnings.append(Diagnostic(.error, "mapping.filters.\(dimID): '\(code)' is not a category of dimension \(dimID), so nothing is kept; the payload has \(Self.nearest(code, in: dimensions[d].codes))", at: payload.location))
            }
            filters.append((d, pos))
        }
        guard let periodDim else {
            if cellCount > 0 {
                warnings.append(Diagnostic(.error, "mapping.period_dimension: the payload has no time dimension (dimensions: \(dimensions.map(\.id).joined(separator: ", "))), so no figure is read; set `period_dimension:` to the dimension that holds the years", at: payload.location))
            }
            return DecodedFeed(observations: [], dimensions: dimensions.map(\.summary), warnings: warnings)
        }
        // Per-category caches.
        let periods: [Period?] = dimensions[periodDim].codes.indices.map { i in
            Period(parsing: dimensions[periodDim].codes[i]) ?? dimensions[periodDim].labels[i].flatMap { Period(parsing: $0) }
        }
        let regions: [String]? = regionDim.map { r in dimensions[r].codes.map { RegionCode.normalize($0, mapping: mapping, chinese: chineseRegions) } }
        // `regions:` that cannot apply: a feed without a region dimension, or codes the payload lacks.
        if !mapping.regionCodes.isEmpty {
            if let regionDim {
                let present = Set(dimensions[regionDim].codes + dimensions[regionDim].codes.map {
                    RegionCode.normalize($0, mapping: FeedMapping(), chinese: chineseRegions)
                })
                for code in mapping.regionCodes.keys.sorted() where !present.contains(code) {
                    warnings.append(Diagnostic(.error, "mapping.regions.\(code): the payload has no region '\(code)' in dimension \(dimensions[regionDim].id), so this mapping yields nothing; it has \(Self.nearest(code, in: dimensions[regionDim].codes))", at: payload.location))
                }
            } else if cellCount > 0 {
                warnings.append(Diagnostic(.error, "mapping.regions: the payload has no region dimension (dimensions: \(dimensions.map(\.id).joined(separator: ", "))), so `regions:` never applies; for a feed about one region set `region:` instead", at: payload.location))
            }
        }
        let table = mapping.indicatorCodes
        var yielded: [String: Int] = [:]
        // The keys the payload has, for naming the closest ones when a mapped code is missing (bounded:
        // a feed with a million series keys does not need them all to suggest a few).
        var seenKeys: Set<String> = []
        var badPeriods: [String: Int] = [:]
        var observations: [Observation] = []
        let scale = mapping.scale ?? 1
        forEachCell { cell in
            for (d, pos) in filters where cell.coordinates[d] != pos { return }
            let key = seriesKey(cell, keyDims)
            var indicator = key
            if !table.isEmpty {
                guard let mapped = table[key] else {
                    if seenKeys.count < 20_000 { seenKeys.insert(key) }
                    return
                }
                indicator = mapped
                if cell.value != nil { yielded[key, default: 0] += 1 } else { yielded[key, default: 0] += 0 }
            }
            guard let period = periods[cell.coordinates[periodDim]] else {
                badPeriods[dimensions[periodDim].codes[cell.coordinates[periodDim]], default: 0] += 1
                return
            }
            var coords: [String: String] = [:]
            for (k, dim) in dimensions.enumerated() { coords[dim.id] = dim.codes[cell.coordinates[k]] }
            let region = regions.map { $0[cell.coordinates[regionDim!]] } ?? mapping.defaultRegion ?? ""
            observations.append(Observation(
                indicator: indicator, region: region, period: period,
                value: cell.value.map { $0 * scale },
                status: cell.status ?? (cell.value == nil ? (cell.text ?? "missing") : nil),
                unit: cell.unit, multiplier: cell.multiplier, dimensions: coords,
                provenance: Provenance(sourceID: payload.sourceID, location: "\(payload.location)#\(cell.position)",
                                       retrievedAt: payload.retrievedAt, sourceTitle: label, published: updated)))
        }
        for (code, count) in badPeriods.sorted(by: { $0.key < $1.key }) {
            warnings.append(Diagnostic(.warning, "period '\(code)' of dimension \(dimensions[periodDim].id) is not a period; \(count) cell(s) dropped", at: payload.location))
        }
        for (code, series) in table.sorted(by: { $0.key < $1.key }) {
            switch yielded[code] {
            case nil where cellCount == 0:
                // An empty answer (no periods yet): the empty dimension's warning says why; the code
                // itself is not shown to be wrong.
                break
            case nil:
                let what = keyDims.count > 1 ? "series key" : "code"
                warnings.append(Diagnostic(.error, "mapping.codes.\(code): the payload has no \(what) '\(code)', so series \(series) gets no figure from it; it has \(Self.nearest(code, in: Array(seenKeys)))", at: payload.location))
            case 0?:
                warnings.append(Diagnostic(.warning, "mapping: indicator code '\(code)' (series \(series)) has only missing cells in the payload", at: payload.location))
            default: break
            }
        }
        return DecodedFeed(observations: observations, dimensions: dimensions.map(\.summary), warnings: warnings, rejected: rejected)
    }
}

extension FeedTable {
    /// "A0D0101, A0D0102, … (12 in all)": the candidates closest to `wanted` first (edit distance,
    /// then shared prefix), so a one-character slip in a code shows its correction first.
    static func nearest(_ wanted: String, in candidates: [String], count: Int = 8) -> String {
        guard !candidates.isEmpty else { return "no categories at all" }
        let w = wanted.lowercased()
        let unique = Array(Set(candidates))
        let ranked = unique.map { ($0, editDistance(w, $0.lowercased())) }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        let shown = ranked.prefix(count).map(\.0).joined(separator: ", ")
        return unique.count > count ? "\(shown), … (\(unique.count) in all)" : shown
    }
}

/// A decoder that first reads the payload into a `FeedTable`; decoding is then the common mapping step.
public protocol FeedTableDecoder: FeedDecoder {
    func table(_ payload: Payload) throws(FeedError) -> FeedTable
}

extension FeedTableDecoder {
    public func decode(_ payload: Payload, mapping: FeedMapping) throws(FeedError) -> DecodedFeed {
        try table(payload).observations(payload: payload, mapping: mapping)
    }
}

/// Shared helpers for JSON payloads.
enum JSONInput {
    static func parse(_ payload: Payload, what: String, keepingCells: Bool = true) throws(FeedError) -> JSONValue {
        if looksLikeHTML(payload.data) {
            throw FeedError(.malformed, payload: payload, position: "byte 0",
                            message: "got an HTML page (content type \(payload.contentType ?? "unknown, starts with <html")) where \(what) JSON was expected; the provider probably rejected a parameter")
        }
        do {
            return try JSONParser.parse(payload.data, keepingCells: keepingCells)
        } catch {
            throw FeedError(.malformed, payload: payload, position: error.position, message: "not valid JSON: \(error.message)")
        }
    }

    static func looksLikeHTML(_ data: Data) -> Bool {
        var bytes = data.prefix(512)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let head = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || head.hasPrefix("<?xml") && head.contains("<html")
    }
}
