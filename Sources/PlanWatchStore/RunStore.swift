import Foundation

/// What PlanWatch keeps between runs: the ledger of runs, the raw payloads they read (content-addressed)
/// and every observation with its vintage. Only plain values cross this protocol, so a second
/// implementation (PostgreSQL, for many machines sharing one store) can stand in without touching the
/// callers. `SQLiteRunStore` is the embedded one (docs/STORE.md).
public protocol RunStore: Sendable {
    /// Opens a ledger entry in state `running` and returns its id.
    func beginRun(_ run: NewRun) throws -> Int64
    /// Closes a run: its state, exit code, per-source and per-report outcomes, outputs and warnings.
    func finishRun(_ id: Int64, _ finish: RunFinish) throws
    /// Marks `running` runs of `host` whose process is gone (`isAlive(pid)` false) as `interrupted`;
    /// returns their ids.
    func markInterrupted(job: String?, host: String, isAlive: (Int32) -> Bool) throws -> [Int64]
    /// Stores a payload once per content; `sha256` is the hex digest of `data` (the caller's
    /// fetch layer computes it already).
    /// `secretsMasked`: the body as delivered held a secret (a server echoing the request's credentials)
    /// and `data` is that body with the secret replaced by `***`; a replay says so.
    func putPayload(_ data: Data, sha256: String, secretsMasked: Bool) throws
    func payload(sha256: String) throws -> Data?
    /// Whether the payload was stored with a secret masked (see `putPayload`).
    func payloadHasMaskedSecrets(sha256: String) throws -> Bool
    /// Records what one source delivered in one run; a value that differs from the previous vintage of the
    /// same source, series, region and period is a revision, returned (and kept with the run).
    func recordObservations(runID: Int64, sourceID: String, payloadSHA256: String?, deliveredAt: Date,
                            _ observations: [ObservationInput]) throws -> [Revision]
    /// The most recent runs first.
    func runs(job: String?, limit: Int) throws -> [StoredRun]
    func run(_ id: Int64) throws -> StoredRun?
    /// The latest vintage of each observation of a source (for inspection and tests).
    func currentObservations(sourceID: String) throws -> [StoredObservation]
}

extension RunStore {
    /// A payload stored as delivered (it held no secret).
    public func putPayload(_ data: Data, sha256: String) throws {
        try putPayload(data, sha256: sha256, secretsMasked: false)
    }
}

public enum RunState: String, Sendable, Codable, Hashable {
    /// Started; still going, or its process died and nobody has noticed yet.
    case running
    case finished
    /// The process died (killed, crashed) before finishing; found later by `markInterrupted`.
    case interrupted
    /// Stopped on purpose (the scheduler was shut down before the run finished).
    case aborted
}

public struct NewRun: Sendable, Hashable {
    public var job: String
    /// `cli`, `schedule`, `cron`, `replay`…: who started the run.
    public var trigger: String
    public var pid: Int32
    public var host: String
    public var startedAt: Date
    /// For a replay, the run whose payloads are read again.
    public var replayOf: Int64?

    public init(job: String, trigger: String, pid: Int32, host: String, startedAt: Date, replayOf: Int64? = nil) {
        self.job = job
        self.trigger = trigger
        self.pid = pid
        self.host = host
        self.startedAt = startedAt
        self.replayOf = replayOf
    }
}

public struct RunFinish: Sendable, Hashable {
    public var state: RunState
    public var finishedAt: Date
    public var exitCode: Int32?
    /// `complete`, `partial` or `failed`.
    public var outcome: String
    public var outputDirectory: String?
    public var outputs: [String]
    public var warnings: [String]
    public var error: String?
    public var sources: [RunSourceOutcome]
    public var reports: [RunReportOutcome]

    public init(state: RunState, finishedAt: Date, exitCode: Int32?, outcome: String, outputDirectory: String? = nil,
                outputs: [String] = [], warnings: [String] = [], error: String? = nil,
                sources: [RunSourceOutcome] = [], reports: [RunReportOutcome] = []) {
        self.state = state
        self.finishedAt = finishedAt
        self.exitCode = exitCode
        self.outcome = outcome
        self.outputDirectory = outputDirectory
        self.outputs = outputs
        self.warnings = warnings
        self.error = error
        self.sources = sources
        self.reports = reports
    }
}

/// One source in one run, as the ledger keeps it.
public struct RunSourceOutcome: Sendable, Codable, Hashable {
    public var id: String
    /// `local`, `fresh`, `not-modified`, `stale` or `failed`.
    public var outcome: String
    public var location: String
    public var httpStatus: Int?
    public var bytes: Int
    public var observations: Int
    public var retrievedAt: Date?
    public var error: String?
    /// The payload digests this source delivered, in page order (read again by a replay).
    public var payloads: [String]
    /// HTTP `Content-Type` of the payloads, for decoding them again.
    public var contentType: String?

    public init(id: String, outcome: String, location: String, httpStatus: Int? = nil, bytes: Int = 0, observations: Int = 0,
                retrievedAt: Date? = nil, error: String? = nil, payloads: [String] = [], contentType: String? = nil) {
        self.id = id
        self.outcome = outcome
        self.location = location
        self.httpStatus = httpStatus
        self.bytes = bytes
        self.observations = observations
        self.retrievedAt = retrievedAt
        self.error = error
        self.payloads = payloads
        self.contentType = contentType
    }
}

/// One report (module document) in one run.
public struct RunReportOutcome: Sendable, Codable, Hashable {
    public var id: String
    public var ok: Bool
    public var error: String?

    public init(id: String, ok: Bool, error: String? = nil) {
        self.id = id
        self.ok = ok
        self.error = error
    }
}

/// A figure as a source delivered it.
public struct ObservationInput: Sendable, Hashable {
    public var series: String
    public var region: String
    public var period: String
    public var value: Double?
    public var status: String?
    public var unit: String?

    public init(series: String, region: String, period: String, value: Double?, status: String? = nil, unit: String? = nil) {
        self.series = series
        self.region = region
        self.period = period
        self.value = value
        self.status = status
        self.unit = unit
    }
}

/// The current vintage of one figure.
public struct StoredObservation: Sendable, Codable, Hashable {
    public var series: String
    public var region: String
    public var period: String
    public var value: Double?
    public var status: String?
    public var unit: String?
    public var sourceID: String
    public var payloadSHA256: String?
    public var runID: Int64
    public var deliveredAt: Date
}

/// A figure its publisher changed: "revised from X to Y (source, date)".
public struct Revision: Sendable, Codable, Hashable {
    public var sourceID: String
    public var series: String
    public var region: String
    public var period: String
    public var previousValue: Double?
    public var value: Double?
    /// When the previous value had been delivered, and by which run.
    public var previousDeliveredAt: Date
    public var previousRunID: Int64
    public var deliveredAt: Date

    public init(sourceID: String, series: String, region: String, period: String, previousValue: Double?, value: Double?,
                previousDeliveredAt: Date, previousRunID: Int64, deliveredAt: Date) {
        self.sourceID = sourceID
        self.series = series
        self.region = region
        self.period = period
        self.previousValue = previousValue
        self.value = value
        self.previousDeliveredAt = previousDeliveredAt
        self.previousRunID = previousRunID
        self.deliveredAt = deliveredAt
    }

    /// `K21 430600 2024: revised from 5.1 to 5.3 (yueyang-stats, 2026-12-02)`.
    public var sentence: String {
        func text(_ v: Double?) -> String {
            guard let v else { return "missing" }
            return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        }
        let day = ISO8601DateFormatter.string(from: deliveredAt, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        return "\(series) \(region) \(period): revised from \(text(previousValue)) to \(text(value)) (\(sourceID), \(day))"
    }
}

/// A run as the ledger holds it.
public struct StoredRun: Sendable, Codable, Hashable {
    public var id: Int64
    public var job: String
    public var trigger: String
    public var pid: Int32
    public var host: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var state: RunState
    public var exitCode: Int32?
    public var outcome: String?
    public var outputDirectory: String?
    public var outputs: [String]
    public var warnings: [String]
    public var error: String?
    public var replayOf: Int64?
    public var sources: [RunSourceOutcome]
    public var reports: [RunReportOutcome]
    public var revisions: [Revision]

    /// Seconds from start to finish; nil while running or when interrupted.
    public var duration: Double? { finishedAt.map { $0.timeIntervalSince(startedAt) } }
}

public enum StoreError: Error, CustomStringConvertible {
    case unknownRun(Int64)
    case unknownPayload(String)

    public var description: String {
        switch self {
        case .unknownRun(let id): "no run #\(id) in the store; `planwatch history` lists the runs"
        case .unknownPayload(let digest): "no payload \(digest) in the store; store the payload before its observations"
        }
    }
}
