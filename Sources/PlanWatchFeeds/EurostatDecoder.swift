import Foundation
import ReportKit

/// `format: eurostat`: the dissemination API's JSON-stat 2.0 (no `role`, sparse `value`/`status`,
/// status labels in `extension`), the retired wdds 1.x bundles, and `{"error":[…]}` answers.
/// A dimension of size 0 (an unknown filter value answered with HTTP 200) is a mapping error.
public struct EurostatDecoder: MultiTableDecoder {
    public static let format = "eurostat"
    public init() {}

    public func table(_ payload: Payload) throws(FeedError) -> FeedTable {
        guard let first = try tables(payload).first else { throw FeedError(.malformed, payload: payload, message: "no dataset in the payload") }
        return first
    }

    public func tables(_ payload: Payload) throws(FeedError) -> [FeedTable] {
        let root = try JSONInput.parse(payload, what: "Eurostat JSON-stat")
        try ProviderErrors.check(root, payload: payload)
        let tables = try JSONStatDecoder.tables(root, payload: payload, format: Self.format)
        for t in tables {
            if let empty = t.dimensions.first(where: { $0.size == 0 }) {
                throw FeedError(.mapping, payload: payload, position: JSONPath.key("$.dimension", empty.id),
                                message: "dimension '\(empty.id)' (\(empty.label ?? "")) came back with no categories: a filter value is not known to Eurostat; check the codes in the query")
            }
        }
        return tables
    }
}
