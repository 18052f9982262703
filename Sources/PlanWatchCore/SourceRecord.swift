import Foundation

/// What happened to one source in a run, as written to `manifest.json` and printed by `planwatch fetch`.
public struct SourceRecord: Sendable, Codable, Hashable {
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
    /// What the source's mapping could not deliver although the source answered: a mapped code,
    /// region or filter the payload lacks, monthly figures without `annual:`. Printed on standard
    /// error and the run exits 3: an indicator must never show 数据不足 because a mapping was wrong.
    public var problems: [String] = []
    /// Rows or cells that could not be read and were left out (named in `warnings`); absent when none.
    public var rejected: Int?
    /// Set in a replay (`run --replay`): the run whose stored payload was read again. Nothing was
    /// fetched or read now; `outcome`, `httpStatus`, `bytes` and `retrievedAt` say how that run got
    /// it (a `fresh` source was fetched then, at `retrievedAt`). Absent for a run that loaded its sources.
    public var replayedFrom: Int64?
    /// The plan series (in the plan region) and context ids this source delivered figures for; absent
    /// when none. The next run reads it from manifest.json when the source fails there
    /// (`FailedSourceCoverage`): its indicators then read 获取失败, not 数据不足.
    public var series: [String]?

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

    /// Usable but not whole: served stale, some rows could not be read, or the mapping yielded nothing
    /// somewhere. The run exits 3.
    public var isPartial: Bool { outcome == .stale || (rejected ?? 0) > 0 || !problems.isEmpty }
}

extension SourceRecord {
    /// One line for `planwatch fetch`: id, outcome, status, bytes, time, location and the reason.
    public var summaryLine: String {
        var parts = ["\(id): \(outcome.rawValue)"]
        if let httpStatus {
            // "failed, HTTP 200" read as a contradiction: the server answered, the answer was unusable
            // (a provider error in a 200 body, an HTML page, a 304 without a cached body).
            let unusable = (outcome == .failed || outcome == .stale) && httpStatus < 400
            parts.append(unusable ? "HTTP \(httpStatus) answered but \(httpStatus == 304 ? "no cached body to reuse" : "the body was not usable")" : "HTTP \(httpStatus)")
        }
        parts.append("\(bytes) bytes")
        parts.append(String(format: "%.2f s", seconds))
        if outcome == .stale, let retrievedAt {
            parts.append("data as of \(ISO8601DateFormatter().string(from: retrievedAt))")
        }
        parts.append("\(observations) observations")
        var line = parts.joined(separator: ", ") + " — \(location)"
        if let error { line += " — \(error)" }
        return line
    }
}
