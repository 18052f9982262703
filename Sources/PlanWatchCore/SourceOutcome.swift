import Foundation

/// What happened to one source in a run, as written to `manifest.json` and printed by `planwatch fetch`.
public struct SourceOutcome: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable {
        /// Read from a local file.
        case local
        /// Fetched now.
        case fresh
        /// 304: the cached body is current.
        case notModified = "not-modified"
        /// The fetch failed; a cached body younger than `max_stale` was used.
        case stale
        /// Nothing usable: the indicators fed by this source show no data.
        case failed
    }

    public var id: String
    public var format: String
    /// URL (secrets masked) or file path.
    public var location: String
    public var outcome: Kind
    public var httpStatus: Int?
    public var bytes: Int
    public var seconds: Double
    public var etag: String?
    public var retrievedAt: Date?
    /// SHA-256 of the body, hex.
    public var digest: String?
    public var observations: Int
    public var error: String?
    public var warnings: [String]

    public init(id: String, format: String, location: String, outcome: Kind) {
        self.id = id
        self.format = format
        self.location = location
        self.outcome = outcome
        self.bytes = 0
        self.seconds = 0
        self.observations = 0
        self.warnings = []
    }

    /// Usable data came out of this source.
    public var isUsable: Bool { outcome != .failed }
}
