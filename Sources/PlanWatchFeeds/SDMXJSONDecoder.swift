import Foundation
import ReportKit

/// `format: sdmx-json`: SDMX-JSON 1.0 (`structure` + `dataSets`), 2.x (`data.structures[]` +
/// `data.dataSets[]`) and the .Stat Suite flavour (`data.structure`). Series and flat observations,
/// dataset-level dimensions, attributes; `UNIT_MULT` applied, `OBS_STATUS` kept.
public struct SDMXJSONDecoder: FeedTableDecoder {
    public static let format = "sdmx-json"
    public init() {}

    private struct Component {
        var id: String
        var name: String?
        var keyPosition: Int?
        var values: [(id: String, name: String?)]
        var hasValues: Bool
    }

    public func table(_ payload: Payload) throws(FeedError) -> FeedTable {
        let root = try JSONInput.parse(payload, what: "SDMX-JSON")
        func fail(_ at: String, _ message: String) -> FeedError { FeedError(.malformed, payload: payload, position: at, message: message) }
        guard let obj = root.objectValue else { throw fail("$", "an SDMX-JSON message is an object") }
        if let errors = obj["errors"]?.arrayValue, !errors.isEmpty {
            let text = errors.map { e in [e["code"]?.scalarText, e["title"]?.scalarText ?? e["message"]?.scalarText, e["detail"]?.scalarText].compactMap { $0 }.joined(separator: " ") }
            throw FeedError(.provider, payload: payload, position: "$.errors", message: text.joined(separator: "; "))
        }
        var dataSetsPath = "$.dataSets"
        var dataSets: [JSONValue]
        var structures: [(JSONValue, String)]
        if let data = obj["data"]?.objectValue {
            dataSetsPath = "$.data.dataSets"
            dataSets = data["dataSets"]?.arrayValue ?? []
            if let list = data["structures"]?.arrayValue {
                structures = list.enumerated().map { ($0.element, "$.data.structures[\($0.offset)]") }
            } else if let s = data["structure"] {
                structures = [(s, "$.data.structure")]
            } else {
                throw fail("$.data", "no `structures` or `structure` describing the dimensions")
            }
        } else {
            dataSets = obj["dataSets"]?.arrayValue ?? []
            guard let s = obj["structure"] else { throw fail("$", "not SDMX-JSON: no `structure` and no `data` member") }
            structures = [(s, "$.structure")]
        }
        guard !structures.isEmpty else { throw fail("$.data.structures", "`structures` is empty") }

        func components(_ v: JSONValue?, _ path: String) throws(FeedError) -> [Component] {
            guard let v else { return [] }
            guard let arr = v.arrayValue else { throw fail(path, "expected an array of components") }
            var out: [Component] = []
            for (k, c) in arr.enumerated() {
                guard let co = c.objectValue, let id = co["id"]?.scalarText else { throw fail(JSONPath.index(path, k), "a component needs an `id`") }
                let vals = co["values"]?.arrayValue ?? []
                out.append(Component(id: id, name: co["name"]?.scalarText, keyPosition: co["keyPosition"]?.intValue,
                                     values: vals.map { ($0["id"]?.scalarText ?? $0["name"]?.scalarText ?? $0["value"]?.scalarText ?? $0.scalarText ?? "", $0["name"]?.scalarText) },
                                     hasValues: co["values"] != nil))
            }
            return out
        }

        // One table over all datasets that share the first structure (the usual single-structure message).
        let (structure, sPath) = structures[0]
        let dimsPath = JSONPath.key(sPath, "dimensions")
        let dsDims = try components(structure["dimensions"]?["dataSet"], JSONPath.key(dimsPath, "dataSet"))
        let seriesDims = try components(structure["dimensions"]?["series"], JSONPath.key(dimsPath, "series"))
        let obsDims = try components(structure["dimensions"]?["observation"], JSONPath.key(dimsPath, "observation"))
        let attrsPath = JSONPath.key(sPath, "attributes")
        let dsAttrs = try components(structure["attributes"]?["dataSet"], JSONPath.key(attrsPath, "dataSet"))
        let seriesAttrs = try components(structure["attributes"]?["series"], JSONPath.key(attrsPath, "series"))
        let obsAttrs = try components(structure["attributes"]?["observation"], JSONPath.key(attrsPath, "observation"))

        for (j, d) in dsDims.enumerated() where d.values.isEmpty {
            throw fail(JSONPath.index(JSONPath.key(dimsPath, "dataSet"), j), "dataset-level dimension \(d.id) has no values; it must name the one value all observations share")
        }
        // Full key order: keyPosition where given, otherwise level order (dataSet, series, observation).
        let all = dsDims + seriesDims + obsDims
        let order = all.indices.sorted { a, b in
            (all[a].keyPosition ?? (1000 + a), a) < (all[b].keyPosition ?? (1000 + b), b)
        }
        var outIndex = [Int](repeating: 0, count: all.count)
        for (pos, a) in order.enumerated() { outIndex[a] = pos }
        let dimensions = order.map { a -> FeedDimension in
            let c = all[a]
            let role: String? = c.id == "TIME_PERIOD" ? "time" : (c.id == "REF_AREA" ? "geo" : FeedDimension.inferredRole(for: c.id))
            return FeedDimension(id: c.id, label: c.name, role: role, codes: c.values.map(\.id), labels: c.values.map(\.name))
        }
        let dsOffset = 0, seriesOffset = dsDims.count, obsOffset = dsDims.count + seriesDims.count

        struct AttrState { var status: String?; var unit: String?; var mult: Int? }
        func apply(_ comps: [Component], _ entries: ArraySlice<JSONValue>, _ state: inout AttrState, _ path: String) throws(FeedError) {
            for (j, entry) in entries.enumerated() where j < comps.count {
                if entry.isNull { continue }
                let comp = comps[j]
                var text: String?
                if comp.hasValues, let idx = entry.intValue {
                    guard idx >= 0, idx < comp.values.count else {
                        throw fail(path, "attribute \(comp.id) index \(idx) is out of range (it has \(comp.values.count) values)")
                    }
                    text = comp.values[idx].id
                } else {
                    text = entry.scalarText ?? entry["id"]?.scalarText
                }
                guard let text else { continue }
                switch comp.id {
                case "OBS_STATUS": state.status = text
                case "UNIT_MEASURE", "UNIT": state.unit = text
                case "UNIT_MULT":
                    guard let m = Int(text), abs(m) <= 30 else { throw fail(path, "UNIT_MULT '\(text)' is not a power of ten") }
                    state.mult = m
                default: break
                }
            }
        }

        var records: [FeedCell] = []
        var warnings: [Diagnostic] = []
        var coords = [Int](repeating: 0, count: all.count)
        func parseKey(_ key: String, count: Int, offset: Int, comps: [Component], path: String, level: String) throws(FeedError) {
            let parts = key.isEmpty ? [] : key.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == count else {
                throw fail(path, "key '\(key)' has \(parts.count) positions but the structure defines \(count) \(level)-level dimensions; the message is truncated or inconsistent")
            }
            for (j, part) in parts.enumerated() {
                guard let idx = Int(part), idx >= 0, idx < comps[j].values.count else {
                    throw fail(path, "key position \(j) ('\(part)') is not an index into the \(comps[j].values.count) values of \(comps[j].id)")
                }
                coords[outIndex[offset + j]] = idx
            }
        }
        func observation(_ v: JSONValue, path: String, state base: AttrState) throws(FeedError) {
            guard let arr = v.arrayValue, let first = arr.first else { throw fail(path, "an observation is an array [value, attribute…]") }
            var state = base
            try apply(obsAttrs, arr.dropFirst(), &state, path)
            var value: Double?
            var text: String?
            switch first {
            case .number(let d): value = d
            case .null: break
            case .string(let s): if let d = NumberText.parse(s) { value = d } else { text = s }
            default: throw fail(JSONPath.index(path, 0), "an observation value is a number, a string or null")
            }
            let mult = state.mult ?? 0
            if let v = value, mult != 0 { value = v * pow(10, Double(mult)) }
            records.append(FeedCell(coordinates: coords, value: value, text: text, status: state.status, unit: state.unit, multiplier: mult, position: path))
        }

        for (k, ds) in dataSets.enumerated() {
            let dp = JSONPath.index(dataSetsPath, k)
            guard let dso = ds.objectValue else { throw fail(dp, "a dataSet is an object") }
            if let sIndex = dso["structure"]?.intValue, sIndex != 0 {
                warnings.append(Diagnostic(.warning, "dataSet \(k) uses structure \(sIndex); only datasets of structure 0 are read", at: "\(payload.location)#\(dp)"))
                continue
            }
            let action = dso["action"]?.stringValue ?? "Information"
            if action.lowercased() == "delete" {
                warnings.append(Diagnostic(.note, "dataSet \(k) has action Delete; its observations are not read", at: "\(payload.location)#\(dp)"))
                continue
            }
            for j in dsDims.indices { coords[outIndex[dsOffset + j]] = 0 }
            var dsState = AttrState()
            if let a = dso["attributes"]?.arrayValue { try apply(dsAttrs, a[...], &dsState, JSONPath.key(dp, "attributes")) }
            if let series = dso["series"]?.objectValue {
                for (key, s) in series.members {
                    let sp = JSONPath.key(JSONPath.key(dp, "series"), key)
                    try parseKey(key, count: seriesDims.count, offset: seriesOffset, comps: seriesDims, path: sp, level: "series")
                    var st = dsState
                    if let a = s["attributes"]?.arrayValue { try apply(seriesAttrs, a[...], &st, JSONPath.key(sp, "attributes")) }
                    for (okey, o) in s["observations"]?.objectValue?.members ?? JSONObject(keys: [], values: []).members {
                        let op = JSONPath.key(JSONPath.key(sp, "observations"), okey)
                        try parseKey(okey, count: obsDims.count, offset: obsOffset, comps: obsDims, path: op, level: "observation")
                        try observation(o, path: op, state: st)
                    }
                }
            } else if let obs = dso["observations"]?.objectValue {
                // Flat: keys cover series and observation dimensions together.
                let flat = seriesDims + obsDims
                for (okey, o) in obs.members {
                    let op = JSONPath.key(JSONPath.key(dp, "observations"), okey)
                    try parseKey(okey, count: flat.count, offset: seriesOffset, comps: flat, path: op, level: "series and observation")
                    try observation(o, path: op, state: dsState)
                }
            }
        }
        return FeedTable(format: Self.format, label: structure["name"]?.scalarText, dimensions: dimensions, records: records, warnings: warnings)
    }
}
