import Foundation
import Logging
import PlanWatchFeeds
import PlanWatchFetch
import ReportKit

/// Gets every configured source's observations: local files are read, HTTP sources are fetched
/// concurrently through one libcurl multi handle with the response cache under the data directory.
/// One bad source never stops the others: its failure is recorded and the run goes on.
public struct SourceLoader: Sendable {
    public var config: PlanWatchConfig
    public var logger: Logger

    public init(config: PlanWatchConfig, logger: Logger = Logger(label: "planwatch")) {
        self.config = config
        self.logger = logger
    }

    public struct Result: Sendable {
        public var observations: [Observation]
        public var records: [SourceRecord]
        /// The bodies each source delivered (one per page), for the store and replays.
        public var payloads: [String: [Payload]] = [:]
    }

    /// Called as each HTTP source finishes, for progress display.
    public typealias Progress = @Sendable (SourceRecord) -> Void

    public func load(only sourceID: String? = nil, progress: Progress? = nil) async -> Result {
        let selected = config.sources.filter { sourceID == nil || $0.id == sourceID }
        var byID: [String: ([Observation], SourceRecord)] = [:]
        var payloads: [String: [Payload]] = [:]
        var specs: [SourceSpec] = []
        for source in selected {
            switch source.location {
            case .file(let file):
                let (observations, record, payload) = loadFile(source, file: file)
                byID[source.id] = (observations, record)
                payloads[source.id] = payload.map { [$0] }
            case .url:
                do {
                    specs.append(try source.fetchSpec())
                } catch {
                    var record = SourceRecord(id: source.id, format: source.format, location: source.locationText, outcome: .failed)
                    record.error = error.description
                    byID[source.id] = ([], record)
                }
            }
        }
        if !specs.isEmpty {
            let fetched = await fetch(specs, progress: progress)
            for outcome in fetched {
                guard let source = selected.first(where: { $0.id == outcome.sourceID }) else { continue }
                byID[source.id] = decode(outcome, source: source)
                payloads[source.id] = outcome.pages.map {
                    Payload(sourceID: source.id, data: $0, contentType: outcome.contentType, location: outcome.url, retrievedAt: outcome.retrievedAt)
                }
            }
        }
        var observations: [Observation] = []
        var records: [SourceRecord] = []
        for source in selected {
            guard let (found, record) = byID[source.id] else { continue }
            observations += found
            records.append(record)
        }
        return Result(observations: observations, records: records, payloads: payloads)
    }

    /// Fetches the HTTP sources only, for `planwatch fetch`: outcomes without decoding.
    func fetch(_ specs: [SourceSpec], progress: Progress? = nil) async -> [PlanWatchFetch.SourceOutcome] {
        let fetcher = Fetcher(configuration: FetcherConfiguration(version: ReportJob.version), logger: logger)
        defer { fetcher.shutdown() }
        let cache = ResponseCache(directory: config.dataDirectory.appendingPathComponent("cache"))
        let formats = Dictionary(config.sources.map { ($0.id, $0.format) }, uniquingKeysWith: { a, _ in a })
        return await SourceFetcher(fetcher: fetcher, cache: cache, logger: logger).fetchAll(specs) { outcome in
            progress?(Self.record(outcome, format: formats[outcome.sourceID] ?? ""))
        }
    }

    func loadFile(_ source: SourceConfig, file: URL) -> ([Observation], SourceRecord, Payload?) {
        var record = SourceRecord(id: source.id, format: source.format, location: file.path, outcome: .local)
        let started = Date()
        guard let data = FileManager.default.contents(atPath: file.path) else {
            record.outcome = .failed
            record.error = "source '\(source.id)' (\(file.path)): cannot read the file; check `path:` at \(source.definedAt)"
            return ([], record, nil)
        }
        record.retrievedAt = (try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate]) as? Date
        record.bytes = data.count
        record.digest = SHA256Digest.hex(data)
        // A local file's modification time goes to the manifest only: curated rows carry their own
        // published source, and reports must not change with the checkout time of a file.
        let payload = Payload(sourceID: source.id, data: data, location: file.path, retrievedAt: nil)
        let (observations, decoded) = decode([payload], source: source, record: record)
        var result = decoded
        result.seconds = Date().timeIntervalSince(started)
        return (observations, result, payload)
    }

    func decode(_ outcome: PlanWatchFetch.SourceOutcome, source: SourceConfig) -> ([Observation], SourceRecord) {
        let record = Self.record(outcome, format: source.format)
        guard outcome.hasData else { return ([], record) }
        let payloads = outcome.pages.map {
            Payload(sourceID: source.id, data: $0, contentType: outcome.contentType, location: outcome.url, retrievedAt: outcome.retrievedAt)
        }
        return decode(payloads, source: source, record: record)
    }

    /// Decodes every page; a page that cannot be read fails the whole source, with the decoder's
    /// message naming source, URL and position.
    func decode(_ payloads: [Payload], source: SourceConfig, record: SourceRecord) -> ([Observation], SourceRecord) {
        var record = record
        guard let decoder = FeedDecoders.decoder(for: source.format) else {
            record.outcome = .failed
            record.error = "source '\(source.id)': unknown format '\(source.format)'"
            return ([], record)
        }
        var observations: [Observation] = []
        do {
            for payload in payloads {
                let decoded = try decoder.decode(payload, mapping: source.mapping)
                observations += decoded.observations
                record.warnings += decoded.warnings.map(\.description)
            }
        } catch {
            record.outcome = .failed
            record.error = error.description
            return ([], record)
        }
        if let rule = source.mapping.annual {
            let (annual, warnings) = rule.apply(to: observations)
            observations = annual
            record.warnings += warnings.map { "source '\(source.id)': \($0)" }
        }
        record.observations = observations.count
        return (observations, record)
    }

    static func record(_ outcome: PlanWatchFetch.SourceOutcome, format: String) -> SourceRecord {
        let kind: SourceRecord.Kind = switch outcome.kind {
        case .fresh: .fresh
        case .notModified: .notModified
        case .stale: .stale
        case .failed: .failed
        }
        var record = SourceRecord(id: outcome.sourceID, format: format, location: outcome.url, outcome: kind)
        record.httpStatus = outcome.status
        record.bytes = outcome.bytes
        record.seconds = outcome.elapsed
        record.etag = outcome.etag
        record.retrievedAt = outcome.retrievedAt
        record.digest = outcome.digest
        record.error = outcome.error?.description
        return record
    }
}
