import Foundation
import ReportKit

/// `format: jsonstat`: JSON-stat 2.0 datasets and collections (embedded datasets), 1.x bundles, and
/// the PxWeb v1 `{"dataset": …}` wrapper. Dimension order comes from `id`; cells are row-major.
public struct JSONStatDecoder: FeedTableDecoder, MultiTableDecoder, CellCountingDecoder {
    public static let format = "jsonstat"
    public init() {}

    /// Upper bound on cells for a sparse or metadata cube: a fuzzed `size` must not allocate gigabytes.
    static let maxCells = 60_000_000

    public func table(_ payload: Payload) throws(FeedError) -> FeedTable {
        let all = try tables(payload)
        guard let first = all.first else {
            throw FeedError(.malformed, payload: payload, message: "no dataset in the payload")
        }
        return first
    }

    public func tables(_ payload: Payload) throws(FeedError) -> [FeedTable] {
        try tables(payload, keepingCells: true)
    }

    public func tables(_ payload: Payload, keepingCells: Bool) throws(FeedError) -> [FeedTable] {
        let root = try JSONInput.parse(payload, what: "JSON-stat", keepingCells: keepingCells)
        try ProviderErrors.check(root, payload: payload)
        return try JSONStatDecoder.tables(root, payload: payload, format: Self.format)
    }

    static func tables(_ root: JSONValue, payload: Payload, format: String) throws(FeedError) -> [FeedTable] {
        guard let object = root.objectValue else {
            throw FeedError(.malformed, payload: payload, position: "$", message: "a JSON-stat document is an object; this is \(kind(root))")
        }
        let cls = object["class"]?.stringValue
        if cls == "dataset" || (cls == nil && object["dimension"] != nil && object["value"] != nil) {
            return [try dataset(object, path: "$", payload: payload, format: format)]
        }
        if cls == "collection" {
            var result: [FeedTable] = []
            var referenced: [String] = []
            let items = object["link"]?["item"]?.arrayValue ?? []
            for (k, item) in items.enumerated() {
                guard let io = item.objectValue else { continue }
                let path = "$.link.item[\(k)]"
                if io["dimension"] != nil {
                    result.append(try dataset(io, path: path, payload: payload, format: format))
                } else if io["class"]?.stringValue == "collection" {
                    referenced.append(io["href"]?.stringValue ?? path)
                } else {
                    referenced.append(io["href"]?.stringValue ?? path)
                }
            }
            if result.isEmpty {
                var empty = FeedTable(format: format, label: object["label"]?.stringValue, dimensions: [])
                empty.warnings.append(Diagnostic(.warning,
                    "JSON-stat collection with \(referenced.count) dataset link(s) and no embedded dataset; fetch each href (\(referenced.prefix(3).joined(separator: ", "))\(referenced.count > 3 ? ", …" : "")) as its own source",
                    at: "\(payload.location)#$.link.item"))
                return [empty]
            }
            if !referenced.isEmpty {
                result[0].warnings.append(Diagnostic(.warning, "collection also links \(referenced.count) dataset(s) by href only; they are not read", at: "\(payload.location)#$.link.item"))
            }
            return result
        }
        if cls == "dimension" {
            throw FeedError(.malformed, payload: payload, position: "$.class", message: "a JSON-stat dimension document carries no data; fetch the dataset")
        }
        // 1.x bundle (and the PxWeb v1 {"dataset": …} wrapper): each member holding `dimension` is a dataset.
        var result: [FeedTable] = []
        for (key, value) in object.members {
            guard let ds = value.objectValue, ds["dimension"] != nil else { continue }
            var t = try dataset(ds, path: JSONPath.key("$", key), payload: payload, format: format)
            if t.label == nil { t.label = key }
            result.append(t)
        }
        if result.isEmpty {
            throw FeedError(.malformed, payload: payload, position: "$",
                            message: "not JSON-stat: no `class`, and no member with `dimension` (keys: \(object.keys.prefix(8).joined(separator: ", ")))")
        }
        return result
    }

    /// The words of the warning for an empty time dimension, which a run looks for to tell a query
    /// that came back without periods from a mapping that matched nothing.
    public static let noPeriodsPhrase = "has no periods: no published figure falls in the requested time range"

    /// The warning for a dimension of size 0, naming it; shared with the Eurostat reader.
    static func emptyDimensionMessage(_ d: FeedDimension) -> String {
        let name = "dimension '\(d.id)'\(d.label.map { " (\($0))" } ?? "")"
        if d.role == "time" {
            return "\(name) \(noPeriodsPhrase), so the answer holds 0 observations"
        }
        return "\(name) has no categories, so the answer holds 0 observations"
    }

    /// Whether a `status` (any of its forms) names at least one code.
    static func hasEntries(_ status: JSONValue?) -> Bool {
        switch status {
        case .string?: return true
        case .array(let a)?: return !a.isEmpty
        case .cells(let c)?: return c.count > 0
        case .codes(let c)?: return !c.isEmpty
        case .object(let o)?:
            // A walk, not a lookup, which would leave a large object's key table to be built.
            if let k = o.keys.firstIndex(of: "value") { return hasEntries(o.values[k]) }
            return o.count > 0
        default: return false
        }
    }

    static func kind(_ v: JSONValue) -> String {
        switch v {
        case .array, .cells: "an array"
        case .object, .codes: "an object"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    /// One dataset object (2.0, or 1.x with `id`/`size`/`role` inside `dimension`).
    static func dataset(_ ds: JSONObject, path: String, payload: Payload, format: String) throws(FeedError) -> FeedTable {
        func fail(_ at: String, _ message: String) -> FeedError {
            FeedError(.malformed, payload: payload, position: at, message: message)
        }
        guard let dimObj = ds["dimension"]?.objectValue else {
            throw fail(JSONPath.key(path, "dimension"), "`dimension` must be an object")
        }
        let dimPath = JSONPath.key(path, "dimension")
        let idSource = ds["id"] != nil ? (ds["id"]!, JSONPath.key(path, "id")) : (dimObj["id"], JSONPath.key(dimPath, "id"))
        guard let idArray = idSource.0?.arrayValue else {
            throw fail(idSource.1, "`id` (the dimension order) is missing or not an array")
        }
        var ids: [String] = []
        for (k, v) in idArray.enumerated() {
            guard let s = v.scalarText else { throw fail(JSONPath.index(idSource.1, k), "dimension id must be a string") }
            ids.append(s)
        }
        let sizeSource = ds["size"] != nil ? (ds["size"]!, JSONPath.key(path, "size")) : (dimObj["size"], JSONPath.key(dimPath, "size"))
        var sizes: [Int]? = nil
        if let sizeArray = sizeSource.0?.arrayValue {
            var s: [Int] = []
            for (k, v) in sizeArray.enumerated() {
                guard let n = v.intValue, n >= 0 else { throw fail(JSONPath.index(sizeSource.1, k), "size must be a non-negative integer (a number or a string of digits)") }
                s.append(n)
            }
            guard s.count == ids.count else {
                throw fail(sizeSource.1, "`size` has \(s.count) entries but `id` names \(ids.count) dimensions")
            }
            sizes = s
        }
        // Roles: 2.0 at the top, 1.x inside `dimension`.
        var roles: [String: String] = [:]
        if let roleObj = (ds["role"] ?? dimObj["role"])?.objectValue {
            for (role, list) in roleObj.members {
                for v in list.arrayValue ?? [] { if let s = v.stringValue, roles[s] == nil { roles[s] = role } }
            }
        }
        var dimensions: [FeedDimension] = []
        for (k, id) in ids.enumerated() {
            let dp = JSONPath.key(dimPath, id)
            guard let d = dimObj[id]?.objectValue else {
                throw fail(dp, "dimension '\(id)' is listed in `id` but not described in `dimension`")
            }
            guard let cat = d["category"]?.objectValue else { throw fail(JSONPath.key(dp, "category"), "`category` is missing") }
            let cp = JSONPath.key(dp, "category")
            let labelObj = cat["label"]?.objectValue
            var codes: [String] = []
            switch cat["index"] {
            case .array(let a)?:
                for (j, v) in a.enumerated() {
                    guard let s = v.scalarText else { throw fail(JSONPath.index(JSONPath.key(cp, "index"), j), "category code must be a string") }
                    codes.append(s)
                }
            case .cells(let c)?:
                for (j, v) in c.asValues().enumerated() {
                    guard let s = v.scalarText else { throw fail(JSONPath.index(JSONPath.key(cp, "index"), j), "category code must be a string") }
                    codes.append(s)
                }
            case .object(let o)?:
                var positioned: [(Int, String)] = []
                for (code, pos) in o.members {
                    guard let p = pos.intValue, p >= 0, p < max(o.count, 1) else {
                        throw fail(JSONPath.key(JSONPath.key(cp, "index"), code), "category position must be an integer from 0 to \(o.count - 1)")
                    }
                    positioned.append((p, code))
                }
                positioned.sort { $0.0 < $1.0 }
                for (j, pc) in positioned.enumerated() where pc.0 != j {
                    throw fail(JSONPath.key(cp, "index"), "category positions must be 0…\(o.count - 1) without gaps or repeats (position \(j) is missing or repeated)")
                }
                codes = positioned.map(\.1)
            case nil, .null?:
                // No index: the label keys are the codes, in document order (usually one category).
                codes = labelObj?.keys ?? []
            default:
                throw fail(JSONPath.key(cp, "index"), "`index` must be an array or an object")
            }
            if let sizes, sizes[k] != codes.count {
                throw fail(JSONPath.index(sizeSource.1, k), "size of '\(id)' is \(sizes[k]) but its category lists \(codes.count) codes")
            }
            let labels: [String?] = codes.map { labelObj?[$0]?.stringValue }
            var units: [Int: FeedUnit] = [:]
            if let unitObj = cat["unit"]?.objectValue {
                for (j, code) in codes.enumerated() {
                    guard let u = unitObj[code]?.objectValue else { continue }
                    let mult = u["multiplier"]?.intValue ?? 0
                    guard abs(mult) <= 30 else { throw fail(JSONPath.key(JSONPath.key(JSONPath.key(cp, "unit"), code), "multiplier"), "unit multiplier \(mult) is out of range") }
                    units[j] = FeedUnit(label: u["label"]?.stringValue ?? u["base"]?.stringValue ?? u["symbol"]?.stringValue,
                                        decimals: u["decimals"]?.intValue, multiplier: mult)
                }
            }
            let role = roles[id] ?? FeedDimension.inferredRole(for: id)
            dimensions.append(FeedDimension(id: id, label: d["label"]?.stringValue, role: role, codes: codes, labels: labels, units: units))
        }
        let finalSizes = dimensions.map(\.size)
        var total = 1
        for s in finalSizes {
            let (m, overflow) = total.multipliedReportingOverflow(by: s)
            guard !overflow, m <= Int(Int32.max) else { throw fail(sizeSource.1, "the sizes multiply to more cells than can be held") }
            total = m
        }
        var table = FeedTable(format: format, label: ds["label"]?.stringValue, dimensions: dimensions)
        table.updated = ds["updated"]?.stringValue
        // A dimension without categories leaves no cells: a valid, empty answer (a time range with
        // nothing published yet, such as Eurostat's `sinceTimePeriod` after the last period), said
        // once per dimension so that 0 observations is not mistaken for a failure.
        for (k, d) in dimensions.enumerated() where d.size == 0 {
            table.warnings.append(Diagnostic(.warning, Self.emptyDimensionMessage(d),
                                             at: "\(payload.location)#\(JSONPath.key(dimPath, ids[k]))"))
        }
        let vp = JSONPath.key(path, "value")
        var numbers: [Double]
        var texts: [Int: String] = [:]
        var missing: Int? = nil
        // The cell count when the scanner counted the cells without keeping them (a summary).
        var counted: Int? = nil
        // Cells with a status and no value (`c`, confidential) are missing cells that keep their status;
        // so an empty `value` is metadata only when no cell has a status either. (`status` is only looked
        // into for an empty `value`: a second lookup in a large sparse status would hash all its keys.)
        let emptyValue = switch ds["value"] {
        case .cells(let c)?: c.count == 0
        case .array(let a)?: a.isEmpty
        case .object(let o)?: o.count == 0
        default: false
        }
        switch ds["value"] {
        case _ where emptyValue && total > 0 && Self.hasEntries(ds["status"]):
            guard total <= maxCells else { throw fail(vp, "a `value` over \(total) cells is more than \(maxCells) cells") }
            numbers = [Double](repeating: .nan, count: total)
            missing = total
        case .cells(let c)?:
            if c.count == 0 && total > 0 {
                // Metadata-only dataset (PxWebApi 2.0 /metadata): dimensions without cells.
                numbers = []
                table.warnings.append(Diagnostic(.note, "metadata only: `value` is empty for \(total) cells", at: "\(payload.location)#\(vp)"))
            } else {
                guard c.count == total else {
                    throw fail(vp, "`value` has \(c.count) cells but the sizes (\(finalSizes.map(String.init).joined(separator: "×"))) make \(total)")
                }
                numbers = c.numbers
                texts = c.texts
                missing = c.nulls
                counted = c.countedOnly
            }
        case .array(let a)?:
            if a.isEmpty && total > 0 { numbers = [] } else {
                throw fail(vp, "`value` must hold numbers, strings or null; found \(a.first.map(kind) ?? "nothing") (or its length differs from the sizes)")
            }
        case .object(let o)?:
            guard total <= maxCells else { throw fail(vp, "a sparse `value` over \(total) cells is more than \(maxCells) cells") }
            numbers = [Double](repeating: .nan, count: o.count == 0 && total > 0 ? 0 : total)
            for (key, v) in o.members {
                guard let idx = Int(key), idx >= 0, idx < total else {
                    throw fail(JSONPath.key(vp, key), "sparse `value` key must be a cell index from 0 to \(total - 1)")
                }
                switch v {
                case .number(let d): numbers[idx] = d
                case .null: break
                case .string(let s):
                    if let d = NumberText.parse(s) { numbers[idx] = d } else { texts[idx] = s }
                default: throw fail(JSONPath.key(vp, key), "a cell value must be a number, a string or null")
                }
            }
        case nil:
            throw fail(vp, "`value` is missing")
        default:
            throw fail(vp, "`value` must be an array or an object")
        }
        let cells = counted ?? numbers.count
        // Unit multipliers (the non-standard but common `unit.multiplier`).
        let metric = dimensions.firstIndex { $0.role == "metric" }
        if let metric, !numbers.isEmpty, dimensions[metric].units.values.contains(where: { $0.multiplier != 0 }) {
            let stride = finalSizes[(metric + 1)...].reduce(1, *)
            let size = finalSizes[metric]
            for idx in numbers.indices {
                let pos = (idx / stride) % size
                if let m = dimensions[metric].units[pos]?.multiplier, m != 0 { numbers[idx] *= pow(10, Double(m)) }
            }
        }
        // Status: string, array (length 1 = all), object, or the 1.x {"value": [...], "category": …} form.
        let sp = JSONPath.key(path, "status")
        var status: FeedCube.Status = .none
        var statusValue = ds["status"]
        // (A sparse status read as `.codes` is never the 1.x form, whose keys are not cell indices.)
        if case .object(let so)? = statusValue, so["value"] != nil {
            if let labels = so["category"]?["label"]?.objectValue {
                for (code, label) in labels.members { table.statusLabels[code] = label.stringValue }
            }
            statusValue = so["value"]
        }
        switch statusValue {
        case nil, .null?: break
        case .string(let s)?: status = .all(s)
        case .array?, .cells?:
            let a = statusValue!.arrayValue!
            if a.count == 1, let s = a[0].scalarText { status = .all(s) } else {
                if a.count != cells {
                    table.warnings.append(Diagnostic(.warning, "`status` has \(a.count) entries for \(cells) cells", at: "\(payload.location)#\(sp)"))
                }
                status = .dense(a.map { $0.scalarText })
            }
        case .codes(let c)?:
            // Keys and codes were checked while reading (cell indices, strings).
            status = .codes(c.sortedByIndex())
        case .object(let o)?:
            var d: [Int: String] = [:]
            d.reserveCapacity(o.count)
            for (key, v) in o.members {
                guard let idx = Int(key), idx >= 0 else { throw fail(JSONPath.key(sp, key), "sparse `status` key must be a cell index") }
                if let s = v.scalarText { d[idx] = s }
            }
            status = .sparse(d)
        default:
            throw fail(sp, "`status` must be a string, an array or an object")
        }
        if let ext = ds["extension"]?.objectValue, let labels = ext["status"]?["label"]?.objectValue {
            for (code, label) in labels.members { table.statusLabels[code] = label.stringValue }
        }
        table.cube = FeedCube(sizes: cells == 0 ? finalSizes.map { _ in 0 } : finalSizes, numbers: numbers, texts: texts, status: status, metricDimension: metric,
                              knownMissing: cells == 0 ? nil : missing)
        table.cube?.countedOnly = counted
        if cells == 0 { table.cube?.status = .none }
        return table
    }
}

/// Decoders that can read a payload's cells without keeping them (`DenseCells.countedOnly`): every
/// cell is still read and checked, and the tables give counts, dimensions and statuses, but their
/// cells cannot be visited. For a summary (`planwatch inspect` without `--rows`).
public protocol CellCountingDecoder: MultiTableDecoder {
    func tables(_ payload: Payload, keepingCells: Bool) throws(FeedError) -> [FeedTable]
}

/// Decoders whose payload may hold several datasets (JSON-stat bundles and collections).
public protocol MultiTableDecoder: FeedTableDecoder {
    func tables(_ payload: Payload) throws(FeedError) -> [FeedTable]
}

extension MultiTableDecoder {
    public func decode(_ payload: Payload, mapping: FeedMapping) throws(FeedError) -> DecodedFeed {
        var result = DecodedFeed(observations: [])
        for t in try tables(payload) {
            let d = try t.observations(payload: payload, mapping: mapping)
            result.observations += d.observations
            result.dimensions += d.dimensions
            result.warnings += d.warnings
        }
        return result
    }
}

/// In-band provider errors that arrive with HTTP 200.
enum ProviderErrors {
    static func check(_ root: JSONValue, payload: Payload) throws(FeedError) {
        // Eurostat: {"error":[{status,id,label}]} (older API: {"error":{…}}).
        if let err = root["error"] {
            let items = err.arrayValue ?? [err]
            let texts = items.map { e -> String in
                let label = e["label"]?.scalarText ?? e["message"]?.scalarText ?? e.scalarText ?? ""
                let code = e["id"]?.scalarText ?? e["status"]?.scalarText
                return code.map { "\($0): \(label)" } ?? label
            }
            throw FeedError(.provider, payload: payload, position: "$.error", message: texts.joined(separator: "; "))
        }
        // RFC 7807 problem object (PxWebApi 2.0).
        if let o = root.objectValue, o["title"] != nil, o["status"]?.intValue != nil, o["dimension"] == nil, o["value"] == nil {
            var text = o["title"]?.scalarText ?? ""
            if let status = o["status"]?.intValue { text = "HTTP \(status) \(text)" }
            if let detail = o["detail"]?.scalarText { text += ": \(detail)" }
            if let type = o["type"]?.scalarText { text += " (\(type))" }
            throw FeedError(.provider, payload: payload, position: "$", message: text)
        }
    }
}
