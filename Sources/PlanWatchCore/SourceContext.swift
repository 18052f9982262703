import Foundation
import ReportKit

/// The context figures (`x.` ids in a mapping) one source delivered, for `planwatch indicators --json`:
/// not assessed, but a user who mapped them must be able to read them (issue 13).
public struct SourceContext: Sendable, Codable {
    /// Always `context`: the entry follows the indicator records in the same array.
    public var kind = "context"
    public var source: String
    public var publisher: String?
    public var figures: [Figure]

    public struct Figure: Sendable, Codable {
        public var series: String
        public var region: String
        /// `2024`, or `2024M03` for a monthly figure of a mapping without `annual:`.
        public var period: String
        public var value: Double?
        public var unit: String?
        public var status: String?
        /// The publication date the feed gives, if any.
        public var published: String?
        public var retrieved: Date?
        public var location: String
    }

    /// One entry per source with context figures, in source order of first appearance.
    public static func bySource(_ observations: [Observation]) -> [SourceContext] {
        var order: [String] = []
        var entries: [String: SourceContext] = [:]
        for o in observations where o.indicator.hasPrefix("x.") {
            let p = o.provenance
            if entries[p.sourceID] == nil {
                order.append(p.sourceID)
                entries[p.sourceID] = SourceContext(source: p.sourceID, publisher: p.publisher, figures: [])
            }
            entries[p.sourceID]!.figures.append(Figure(
                series: o.indicator, region: o.region, period: o.period.description, value: o.value, unit: o.unit,
                status: o.status, published: p.published, retrieved: p.retrievedAt, location: p.location))
        }
        return order.map { entries[$0]! }
    }
}
