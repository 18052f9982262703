import Foundation
import ReportKit

/// `format: eurostat`: the dissemination API's JSON-stat 2.0 (no `role`, sparse `value`/`status`,
/// status labels in `extension`), the retired wdds 1.x bundles, and `{"error":[…]}` answers.
/// A dimension of size 0 other than time (an unknown filter value answered with HTTP 200) is a mapping
/// error; an empty time dimension (no period published yet in the range asked for) is 0 observations and a warning.
public struct EurostatDecoder: MultiTableDecoder, CellCountingDecoder {
    public static let format = "eurostat"
    public init() {}

    public func table(_ payload: Payload) throws(FeedError) -> FeedTable {
        guard let first = try tables(payload).first else { throw FeedError(.malformed, payload: payload, message: "no dataset in the payload") }
        return first
    }

    public func tables(_ payload: Payload) throws(FeedError) -> [FeedTable] {
        try tables(payload, keepingCells: true)
    }

    public func tables(_ payload: Payload, keepingCells: Bool) throws(FeedError) -> [FeedTable] {
        let root = try JSONInput.parse(payload, what: "Eurostat JSON-stat", keepingCells: keepingCells)
        try ProviderErrors.check(root, payload: payload)
        let tables = try JSONStatDecoder.tables(root, payload: payload, format: Self.format)
        for t in tables {
            // A time dimension of size 0 is a valid empty answer (periods not published yet; the JSON-stat
            // reader warns, naming it). Any other empty dimension means a filter value Eurostat does not know.
            if let empty = t.dimensions.first(where: { $0.size == 0 && $0.role != "time" }) {
                throw FeedError(.mapping, payload: payload, position: JSONPath.key("$.dimension", empty.id),
                                message: "dimension '\(empty.id)' (\(empty.label ?? "")) came back with no categories: a filter value is not known to Eurostat; check the codes in the query")
            }
        }
        return tables
    }
}
