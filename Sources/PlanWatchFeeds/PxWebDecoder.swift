import Foundation
import ReportKit

/// `format: pxweb`: PxWeb API v1 and PxWebApi 2.0 responses in `json-stat2` (read by the JSON-stat
/// decoder), v1 table metadata (dimensions only), and RFC 7807 problem objects as provider errors.
public struct PxWebDecoder: MultiTableDecoder {
    public static let format = "pxweb"
    public init() {}

    public func table(_ payload: Payload) throws(FeedError) -> FeedTable {
        guard let first = try tables(payload).first else { throw FeedError(.malformed, payload: payload, message: "no dataset in the payload") }
        return first
    }

    public func tables(_ payload: Payload) throws(FeedError) -> [FeedTable] {
        let root = try JSONInput.parse(payload, what: "PxWeb")
        try ProviderErrors.check(root, payload: payload)
        guard let obj = root.objectValue else {
            throw FeedError(.malformed, payload: payload, position: "$", message: "a PxWeb response is an object; this is \(JSONStatDecoder.kind(root))")
        }
        if obj["query"] != nil, obj["response"] != nil {
            throw FeedError(.malformed, payload: payload, position: "$.query", message: "this is a PxWeb v1 query (a request body), not a response; POST it to the table URL")
        }
        if obj["maxDataCells"] != nil || obj["apiVersion"] != nil {
            throw FeedError(.malformed, payload: payload, position: "$", message: "this is a PxWebApi 2.0 /config response (maxDataCells \(obj["maxDataCells"]?.scalarText ?? "?")), not data")
        }
        if let variables = obj["variables"]?.arrayValue {
            // v1 GET table metadata: variables with codes and texts; no cells.
            var dims: [FeedDimension] = []
            for (k, v) in variables.enumerated() {
                guard let code = v["code"]?.scalarText else {
                    throw FeedError(.malformed, payload: payload, position: "$.variables[\(k)].code", message: "a variable needs a `code`")
                }
                let values = (v["values"]?.arrayValue ?? []).compactMap(\.scalarText)
                let texts = (v["valueTexts"]?.arrayValue ?? []).map(\.scalarText)
                let isTime = v["time"].map { if case .bool(true) = $0 { return true }; return false } ?? false
                dims.append(FeedDimension(id: code, label: v["text"]?.scalarText, role: isTime ? "time" : FeedDimension.inferredRole(for: code),
                                          codes: values, labels: values.indices.map { $0 < texts.count ? texts[$0] : nil }))
            }
            var t = FeedTable(format: Self.format, label: obj["title"]?.scalarText, dimensions: dims)
            t.warnings.append(Diagnostic(.note, "PxWeb v1 table metadata: \(dims.count) variables, no data; POST a query with response format json-stat2 for data", at: payload.location))
            return [t]
        }
        return try JSONStatDecoder.tables(root, payload: payload, format: Self.format)
    }
}
