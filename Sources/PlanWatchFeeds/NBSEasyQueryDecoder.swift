import Foundation
import ReportKit

/// `format: nbs-easyquery`: data.stats.gov.cn `easyquery.htm?m=QueryData` answers. `hasdata:false`
/// cells are missing (their `data: 0.0` is not a zero), units come from `wdnodes`, `returncode` other
/// than 200 is a provider error carrying NBS's own message. A `getTree` array lists indicator codes.
public struct NBSEasyQueryDecoder: FeedTableDecoder {
    public static let format = "nbs-easyquery"
    public init() {}

    public func table(_ payload: Payload) throws(FeedError) -> FeedTable {
        let root = try JSONInput.parse(payload, what: "NBS easyquery")
        func fail(_ at: String, _ message: String) -> FeedError { FeedError(.malformed, payload: payload, position: at, message: message) }
        if let tree = root.arrayValue {
            // m=getTree: [{id, pid, name, isParent, dbcode, wdcode}] — codes for writing a mapping.
            var codes: [String] = [], labels: [String?] = []
            for (k, node) in tree.enumerated() {
                guard let id = node["id"]?.scalarText else { throw fail("$[\(k)].id", "a tree node needs an `id`") }
                codes.append(id)
                labels.append(node["name"]?.scalarText)
            }
            let wd = tree.first?["wdcode"]?.scalarText ?? "zb"
            var t = FeedTable(format: Self.format, label: "getTree", dimensions: [FeedDimension(id: wd, label: "指标", role: "metric", codes: codes, labels: labels)], chineseRegions: true)
            t.warnings.append(Diagnostic(.note, "an NBS getTree answer: \(codes.count) node(s), no data", at: payload.location))
            return t
        }
        guard root.objectValue != nil else { throw fail("$", "an easyquery answer is an object {returncode, returndata}") }
        guard let rc = root["returncode"]?.intValue else { throw fail("$.returncode", "`returncode` is missing") }
        guard rc == 200 else {
            let message = root["returndata"]?.scalarText ?? "returncode \(rc)"
            throw FeedError(.provider, payload: payload, position: "$.returndata", message: "NBS returncode \(rc): \(message)")
        }
        guard let data = root["returndata"]?.objectValue else { throw fail("$.returndata", "`returndata` must be an object") }
        var dims: [FeedDimension] = []
        var lookup: [String: (Int, [String: Int])] = [:]
        for (k, wd) in (data["wdnodes"]?.arrayValue ?? []).enumerated() {
            guard let code = wd["wdcode"]?.scalarText else { throw fail("$.returndata.wdnodes[\(k)].wdcode", "missing wdcode") }
            guard lookup[code] == nil else { throw fail("$.returndata.wdnodes[\(k)].wdcode", "dimension '\(code)' is listed twice in wdnodes") }
            var codes: [String] = [], labels: [String?] = []
            var units: [Int: FeedUnit] = [:]
            for node in wd["nodes"]?.arrayValue ?? [] {
                guard let c = node["code"]?.scalarText else { continue }
                if let u = node["unit"]?.scalarText, !u.isEmpty { units[codes.count] = FeedUnit(label: u, decimals: node["dotcount"]?.intValue) }
                codes.append(c)
                labels.append(node["cname"]?.scalarText ?? node["name"]?.scalarText)
            }
            let role = code == "zb" ? "metric" : code == "reg" ? "geo" : code == "sj" ? "time" : nil
            var index: [String: Int] = [:]
            for (i, c) in codes.enumerated() where index[c] == nil { index[c] = i }
            lookup[code] = (dims.count, index)
            dims.append(FeedDimension(id: code, label: wd["wdname"]?.scalarText, role: role, codes: codes, labels: labels, units: units))
        }
        var records: [FeedCell] = []
        let zbDim = lookup["zb"]?.0
        for (k, node) in (data["datanodes"]?.arrayValue ?? []).enumerated() {
            let np = "$.returndata.datanodes[\(k)]"
            var coords = [Int](repeating: 0, count: dims.count)
            var given = [Bool](repeating: false, count: dims.count)
            for (j, wd) in (node["wds"]?.arrayValue ?? []).enumerated() {
                guard let wdcode = wd["wdcode"]?.scalarText, let value = wd["valuecode"]?.scalarText else {
                    throw fail("\(np).wds[\(j)]", "a coordinate needs wdcode and valuecode")
                }
                guard let (d, index) = lookup[wdcode] else { throw fail("\(np).wds[\(j)].wdcode", "dimension '\(wdcode)' is not in wdnodes") }
                if let pos = index[value] { coords[d] = pos } else {
                    // A code the wdnodes did not list: add it rather than lose the cell.
                    coords[d] = dims[d].codes.count
                    dims[d].codes.append(value)
                    dims[d].labels.append(nil)
                    lookup[wdcode]!.1[value] = coords[d]
                }
                given[d] = true
            }
            // A coordinate left out is only unambiguous when its dimension has a single category.
            for d in dims.indices where !given[d] {
                guard dims[d].codes.count == 1 else {
                    throw fail("\(np).wds", "no coordinate for dimension '\(dims[d].id)', which has \(dims[d].codes.count) categories; each datanode must name one")
                }
            }
            guard let cell = node["data"]?.objectValue else { throw fail("\(np).data", "missing `data`") }
            let hasData: Bool = { if case .bool(let b)? = cell["hasdata"] { return b }; return cell["data"] != nil }()
            var value: Double?
            var status: String?
            if hasData {
                value = cell["data"]?.numberValue ?? cell["strdata"]?.stringValue.flatMap(NumberText.parse)
                if value == nil { status = "missing" }
            } else {
                status = "hasdata:false"
            }
            let unit = zbDim.flatMap { dims[$0].units[coords[$0]]?.label }
            records.append(FeedCell(coordinates: coords, value: value, status: status, unit: unit, position: np))
        }
        return FeedTable(format: Self.format, dimensions: dims, records: records, chineseRegions: true)
    }
}
