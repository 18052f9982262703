import Foundation
import ReportKit

/// Turns the bytes of one feed response into observations. One conforming type per `format:` value.
/// Decoders are pure: no I/O, no clocks; everything they need arrives in the payload and mapping.
public protocol FeedDecoder: Sendable {
    /// The `format:` value in config (`jsonstat`, `sdmx-csv`, `observations-csv`, ...).
    static var format: String { get }
    init()
    func decode(_ payload: Payload, mapping: FeedMapping) throws(FeedError) -> DecodedFeed
}

/// Raw bytes of a response or file with what is known about where they came from.
public struct Payload: Sendable {
    public var sourceID: String
    public var data: Data
    /// HTTP `Content-Type`, when fetched over HTTP.
    public var contentType: String?
    /// URL or file path, used in provenance and error messages.
    public var location: String
    public var retrievedAt: Date?

    public init(sourceID: String, data: Data, contentType: String? = nil, location: String, retrievedAt: Date? = nil) {
        self.sourceID = sourceID
        self.data = data
        self.contentType = contentType
        self.location = location
        self.retrievedAt = retrievedAt
    }
}

/// Per-source mapping from a feed's own dimensions and codes to plan series, regions and periods.
/// Every field is optional; decoders fall back to the feed's roles (time/geo/metric) and ids.
public struct FeedMapping: Sendable, Hashable {
    /// Dimension (or CSV column) carrying the series / indicator code.
    public var indicatorDimension: String?
    /// Dimension carrying the region code.
    public var regionDimension: String?
    /// Dimension carrying the period.
    public var periodDimension: String?
    /// Feed code → plan series id. When non-empty, observations of unlisted codes are dropped and
    /// listed codes that yield nothing become mapping warnings.
    public var indicatorCodes: [String: String]
    /// Feed region code → region code used by the plan (e.g. NBS `430600` stays, `CN-43` → `430000`).
    public var regionCodes: [String: String]
    /// Region to use when the feed has no region dimension.
    public var defaultRegion: String?
    /// Multiplier applied to every value after unit multipliers (e.g. 0.0001 to turn 万元 into 亿元).
    public var scale: Double?
    /// Fixed selections: dimension id → category code to keep (others dropped).
    public var filters: [String: String]
    /// How monthly or quarterly figures become yearly ones; nil: they are not made annual.
    public var annual: AnnualRule?

    public init(
        indicatorDimension: String? = nil, regionDimension: String? = nil, periodDimension: String? = nil,
        indicatorCodes: [String: String] = [:], regionCodes: [String: String] = [:], defaultRegion: String? = nil,
        scale: Double? = nil, filters: [String: String] = [:], annual: AnnualRule? = nil
    ) {
        self.indicatorDimension = indicatorDimension
        self.regionDimension = regionDimension
        self.periodDimension = periodDimension
        self.indicatorCodes = indicatorCodes
        self.regionCodes = regionCodes
        self.defaultRegion = defaultRegion
        self.scale = scale
        self.filters = filters
        self.annual = annual
    }
}

/// What a decoder found: observations, a summary of the payload's dimensions for `planwatch inspect`,
/// and recoverable problems.
public struct DecodedFeed: Sendable {
    public var observations: [Observation]
    public var dimensions: [DimensionSummary]
    public var warnings: [Diagnostic]
    /// Rows or cells left out because they could not be read (named in `warnings`); the rest were read.
    public var rejected: Int

    public init(observations: [Observation], dimensions: [DimensionSummary] = [], warnings: [Diagnostic] = [], rejected: Int = 0) {
        self.observations = observations
        self.dimensions = dimensions
        self.warnings = warnings
        self.rejected = rejected
    }
}

public struct DimensionSummary: Sendable, Hashable, Codable {
    public var id: String
    public var label: String?
    public var role: String?
    /// Category codes in order, with labels where the feed gives them.
    public var categories: [Category]

    public struct Category: Sendable, Hashable, Codable {
        public var code: String
        public var label: String?
        public init(code: String, label: String? = nil) {
            self.code = code
            self.label = label
        }
    }

    public init(id: String, label: String? = nil, role: String? = nil, categories: [Category]) {
        self.id = id
        self.label = label
        self.role = role
        self.categories = categories
    }
}
