import Foundation

/// One observed figure for a plan series (or, before mapping, for a feed's own series key).
public struct Observation: Sendable, Hashable, Codable {
    /// Plan series or indicator id once mapped; a feed's own series key before.
    public var indicator: String
    /// The region code (e.g. `430600` for Yueyang); empty when the source has only one region.
    public var region: String
    /// The period the figure is for.
    public var period: Period
    /// nil when the source marks the cell missing; `status` then says why.
    public var value: Double?
    /// Provider status code as published (`e`, `p`, `..`, `hasdata:false`, ...).
    public var status: String?
    /// The unit the source gives, if any; compared with the series unit.
    public var unit: String?
    /// Power of ten already applied to `value` (SDMX UNIT_MULT, JSON-stat unit.multiplier). Kept for display.
    public var multiplier: Int
    /// Other coordinates the feed carried (dimension id → category code), for inspection and mapping.
    public var dimensions: [String: String]
    /// Where the figure came from.
    public var provenance: Provenance

    /// An observation; decoders fill in every field they know.
    public init(
        indicator: String, region: String, period: Period, value: Double?, status: String? = nil,
        unit: String? = nil, multiplier: Int = 0, dimensions: [String: String] = [:],
        provenance: Provenance
    ) {
        self.indicator = indicator
        self.region = region
        self.period = period
        self.value = value
        self.status = status
        self.unit = unit
        self.multiplier = multiplier
        self.dimensions = dimensions
        self.provenance = provenance
    }

    /// True when the source marks the figure missing.
    public var isMissing: Bool { value == nil }
}

/// Where a figure came from, so a reader can check it.
public struct Provenance: Sendable, Hashable, Codable {
    /// The configured source id.
    public var sourceID: String
    /// URL, or file path with line (`observed.csv:12`), or JSON path within a payload.
    public var location: String
    /// When the payload was fetched; nil for local files.
    public var retrievedAt: Date?
    /// The source's title, for tables' source lines.
    public var sourceTitle: String?
    /// The sentence the figure was read from, for curated figures.
    public var quote: String?
    /// A note the source attached to the figure.
    public var note: String?
    /// For a derived figure (`sourceID` ``Provenance/derivedSourceID``): each input figure with its own
    /// source and date. nil for figures read from a source.
    public var inputs: [DerivedInput]?
    /// Who publishes the figure (the source's `publisher:`, e.g. 湖南省统计局), for source lines a
    /// director can read; nil when the config does not say.
    public var publisher: String?
    /// When the publisher released the data, as the feed gives it (Eurostat and JSON-stat `updated`,
    /// World Bank `lastupdated`), e.g. `2026-09-22`; nil when the feed does not say.
    public var published: String?

    /// Provenance of one figure.
    public init(
        sourceID: String, location: String, retrievedAt: Date? = nil, sourceTitle: String? = nil,
        quote: String? = nil, note: String? = nil, inputs: [DerivedInput]? = nil,
        publisher: String? = nil, published: String? = nil
    ) {
        self.sourceID = sourceID
        self.location = location
        self.retrievedAt = retrievedAt
        self.sourceTitle = sourceTitle
        self.quote = quote
        self.note = note
        self.inputs = inputs
        self.publisher = publisher
        self.published = published
    }

    /// The location without the `#…` cell position decoders append, so that one payload is one
    /// address in a source line rather than one per array cell.
    public var address: String {
        guard let hash = location.firstIndex(of: "#") else { return location }
        return String(location[..<hash])
    }

    /// The source id of figures the engine computed from a plan's `derive:` expression.
    public static let derivedSourceID = "derived"

    public var isDerived: Bool { sourceID == Self.derivedSourceID }
}

/// One input of a derived figure, as it was when the figure was computed.
public struct DerivedInput: Sendable, Hashable, Codable {
    public var indicator: String
    public var period: Period
    public var value: Double
    public var unit: String?
    public var status: String?
    public var sourceID: String
    public var sourceTitle: String?
    public var location: String
    public var retrievedAt: Date?

    public init(_ observation: Observation, value: Double) {
        indicator = observation.indicator
        period = observation.period
        self.value = value
        unit = observation.unit
        status = observation.status
        sourceID = observation.provenance.sourceID
        sourceTitle = observation.provenance.sourceTitle
        location = observation.provenance.location
        retrievedAt = observation.provenance.retrievedAt
    }

    /// "x.gdp-level 2022 = 4710.67 亿元 (岳阳市2022年…统计公报, 2023-04-…)"
    public var summary: String {
        var text = "\(indicator) \(period) = \(value.reportText)"
        if let unit, !unit.isEmpty { text += " \(unit)" }
        if let status, !status.isEmpty { text += " [\(status)]" }
        // The retrieval date stays in `retrievedAt`, not in the text: the same figure read from a file
        // and from a fetch must read the same (the titles carry the publication date).
        var from = sourceTitle ?? sourceID
        if location.hasPrefix("http") { from += " — \(location)" }
        return text + " (\(from))"
    }
}
