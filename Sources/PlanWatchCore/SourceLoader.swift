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
        // A fresh body is decoded before it is cached (`SourceSpec.accept`): one that does not decode
        // (a provider's error, an HTML page) is never cached, so it cannot replace a good body, and the
        // stale fallback applies. What decoded is kept here so the body is not decoded twice.
        let decodedFresh = Locked<[String: (pages: [Data], decoded: Decoded)]>([:])
        for source in selected {
            switch source.location {
            case .file(let file):
                let (observations, record, payload) = loadFile(source, file: file)
                byID[source.id] = (observations, record)
                payloads[source.id] = payload.map { [$0] }
            case .url:
                do {
                    var spec = try source.fetchSpec()
                    spec.accept = { pages, contentType, url, retrievedAt in
                        let payloads = pages.map { Payload(sourceID: source.id, data: $0, contentType: contentType, location: url, retrievedAt: retrievedAt) }
                        switch Self.decodePayloads(payloads, source: source) {
                        case .success(let decoded):
                            decodedFresh.withLock { $0[source.id] = (pages, decoded) }
                            return nil
                        case .failure(let failure):
                            return failure.message
                        }
                    }
                    specs.append(spec)
                } catch {
                    var record = SourceRecord(id: source.id, format: source.format, location: source.locationText, outcome: .failed)
                    record.error = error.description
                    byID[source.id] = ([], record)
                }
            }
        }
        if !specs.isEmpty {
            // Each source is decoded as soon as it arrives, and progress reports the decoded record:
            // a 200 whose body is an HTML error page is "failed", not "fresh". A fresh body was decoded
            // already by its `accept` check before it was cached; that result is reused.
            let sources = Dictionary(selected.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let decoded = Locked([String: ([Observation], SourceRecord)]())
            // The bodies each source delivered, for the store and replays.
            let delivered = Locked([String: [Payload]]())
            _ = await fetch(specs) { outcome in
                guard let source = sources[outcome.sourceID] else { return }
                let result: ([Observation], SourceRecord)
                if outcome.kind == .fresh, let done = decodedFresh.withLock({ $0[source.id] }), done.pages == outcome.pages {
                    result = Self.apply(.success(done.decoded), to: Self.record(outcome, format: source.format))
                } else {
                    result = decode(outcome, source: source)
                }
                decoded.withLock { $0[source.id] = result }
                delivered.withLock {
                    $0[source.id] = outcome.pages.map {
                        Payload(sourceID: source.id, data: $0, contentType: outcome.contentType, location: outcome.url, retrievedAt: outcome.retrievedAt)
                    }
                }
                progress?(result.1)
            }
            byID.merge(decoded.withLock { $0 }) { _, fetched in fetched }
            payloads.merge(delivered.withLock { $0 }) { _, fetched in fetched }
        }
        var observations: [Observation] = []
        var records: [SourceRecord] = []
        for source in selected {
            guard let (found, record) = byID[source.id] else { continue }
            if observations.isEmpty { observations = found } else { observations += found }
            records.append(record)
        }
        return Result(observations: observations, records: records, payloads: payloads)
    }

    /// Fetches the HTTP sources; `arrived` is called with each outcome as it completes.
    func fetch(_ specs: [SourceSpec], arrived: (@Sendable (PlanWatchFetch.SourceOutcome) -> Void)? = nil) async -> [PlanWatchFetch.SourceOutcome] {
        let fetcher = Fetcher(configuration: FetcherConfiguration(version: ReportJob.version), logger: logger)
        defer { fetcher.shutdown() }
        let cache = ResponseCache(directory: config.dataDirectory.appendingPathComponent("cache"))
        return await SourceFetcher(fetcher: fetcher, cache: cache, logger: logger).fetchAll(specs, progress: arrived)
    }

    func loadFile(_ source: SourceConfig, file: URL) -> ([Observation], SourceRecord, Payload?) {
        var record = SourceRecord(id: source.id, format: source.format, location: file.path, outcome: .local)
        let started = Date()
        // The size first: a 1 GiB file once took minutes and gigabytes before any error. The same
        // `max_bytes` as for HTTP bodies applies (default 64 MiB).
        // Of the file a link points at: the link's own size let a 1 GiB file through.
        let size = ((try? FileManager.default.attributesOfItem(atPath: file.resolvingSymlinksInPath().path))?[.size] as? NSNumber)?.intValue
        if let size, size > source.maxBytes {
            record.outcome = .failed
            record.bytes = size
            record.error = "source '\(source.id)' (\(file.path)): the file is \(size) bytes (\(Self.mebibytes(size))), over max_bytes \(source.maxBytes) (\(Self.mebibytes(source.maxBytes))); raise `max_bytes:` for this source at \(source.definedAt) if the size is expected"
            return ([], record, nil)
        }
        // Mapped, not read: the CSV and JSON scanners read the bytes in place.
        guard size != nil, let data = try? Data(contentsOf: file, options: .alwaysMapped) else {
            record.outcome = .failed
            record.error = "source '\(source.id)' (\(file.path)): cannot read the file; check `path:` at \(source.definedAt)"
            return ([], record, nil)
        }
        record.retrievedAt = (try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate]) as? Date
        record.bytes = data.count
        // A local file's modification time goes to the manifest only: curated rows carry their own
        // published source, and reports must not change with the checkout time of a file.
        let payload = Payload(sourceID: source.id, data: data, location: file.path, retrievedAt: nil)
        let digest = BackgroundDigest(data)
        let (observations, decoded) = decode([payload], source: source, record: record)
        var result = decoded
        // Not for a failed file: one refused at its first KiB (binary content) is not read to the end.
        if result.outcome != .failed { result.digest = digest.wait() } else { digest.cancel() }
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
        Self.apply(Self.decodePayloads(payloads, source: source), to: record)
    }

    /// A source's record with what decoding said: its figures, warnings, problems and rows left out,
    /// or the decoder's message for a source that failed.
    static func apply(_ result: Swift.Result<Decoded, DecodeFailure>, to record: SourceRecord) -> ([Observation], SourceRecord) {
        var record = record
        switch result {
        case .success(let decoded):
            record.warnings += decoded.warnings
            record.problems += decoded.problems
            record.observations = decoded.observations.count
            if decoded.rejected > 0 { record.rejected = (record.rejected ?? 0) + decoded.rejected }
            return (decoded.observations, record)
        case .failure(let failure):
            record.outcome = .failed
            record.error = failure.message
            return ([], record)
        }
    }

    /// The observations and warnings of a source's pages (mapping and annual rule applied), or the
    /// decoder's message.
    static func decodePayloads(_ payloads: [Payload], source: SourceConfig) -> Swift.Result<Decoded, DecodeFailure> {
        guard let decoder = FeedDecoders.decoder(for: source.format) else {
            return .failure(DecodeFailure("source '\(source.id)': unknown format '\(source.format)'"))
        }
        var observations: [Observation] = []
        var warnings: [String] = []
        var problems: [String] = []
        var rejected = 0
        do {
            for (index, payload) in payloads.enumerated() {
                // Every format is text: a NUL anywhere is binary content, refused before a decoder
                // reads (a header and rows, then a gigabyte of zeros, was read for 18 s and 3 GB).
                if let nul = UTF8Check.binaryContent(in: payload.data) {
                    return .failure(DecodeFailure("source '\(source.id)' (\(payload.location)): \(nul): binary content (a NUL byte) where \(source.format) text was expected; point the source at the data file itself"))
                }
                let decoded = try decoder.decode(payload, mapping: source.mapping)
                // Moved, not copied, when it is the only page: a million observations are 300 MB.
                if observations.isEmpty { observations = decoded.observations } else { observations += decoded.observations }
                // A mapping that yields nothing (a code, region or filter the payload lacks) is an
                // error-severity diagnostic: a problem that reaches stderr and makes the run partial.
                for diagnostic in decoded.warnings {
                    // "page 1 of 3; fetch with page=2… for the rest" is not so when page 2 was fetched.
                    if index < payloads.count - 1, diagnostic.severity == .note,
                       diagnostic.message.hasSuffix(WorldBankDecoder.morePagesPhrase) { continue }
                    // The line says "warning: source 'id': …" where it is printed: location and message only.
                    let text = diagnostic.location.isEmpty ? diagnostic.message : "\(diagnostic.location): \(diagnostic.message)"
                    if diagnostic.severity == .error { problems.append(text) } else { warnings.append(diagnostic.description) }
                }
                rejected += decoded.rejected
            }
        } catch {
            return .failure(DecodeFailure(error.description))
        }
        if let rule = source.mapping.annual {
            let (annual, ruleWarnings) = rule.apply(to: observations)
            observations = annual
            warnings += ruleWarnings
        }
        if let publisher = source.publisher {
            for i in observations.indices { observations[i].provenance.publisher = publisher }
        }
        if source.mapping.annual == nil {
            // Plan targets are yearly: monthly or quarterly figures without `annual:` would be dropped
            // by the assessment without a word.
            var subAnnual: [String: Int] = [:]
            var monthlyContext: [String: Int] = [:]
            for o in observations where o.period.frequency != .annual {
                if o.indicator.hasPrefix("x.") { monthlyContext[o.indicator, default: 0] += 1 } else { subAnnual[o.indicator, default: 0] += 1 }
            }
            if !monthlyContext.isEmpty {
                // Context figures are shown, not assessed, so monthly ones are kept as they are: said
                // once, so that a missing `annual:` is a choice and not an oversight.
                let list = monthlyContext.keys.sorted().prefix(5).map { "\($0) (\(monthlyContext[$0]!))" }.joined(separator: ", ")
                warnings.append("mapping.annual: \(monthlyContext.values.reduce(0, +)) monthly or quarterly context figure(s) of \(list)\(monthlyContext.count > 5 ? ", …" : "") are kept as they are and listed by month in the overview's context table; set `annual:` to make them yearly")
            }
            if !subAnnual.isEmpty {
                let list = subAnnual.keys.sorted().prefix(5).map { "\($0) (\(subAnnual[$0]!))" }.joined(separator: ", ")
                problems.append("mapping.annual: \(subAnnual.values.reduce(0, +)) monthly or quarterly figure(s) of \(list)\(subAnnual.count > 5 ? ", …" : "") are not assessed, since plan targets are yearly; set `annual:` (mean, sum, last or cumulative; docs/FORMATS.md says which fits)")
            }
        }
        return .success(Decoded(observations: observations, warnings: warnings, problems: problems, rejected: rejected))
    }

    /// A source's figures and what was said about them; `rejected` counts rows left out as bad.
    struct Decoded: Sendable {
        var observations: [Observation]
        var warnings: [String]
        /// The mapping yielded nothing somewhere: the run is partial (exit 3).
        var problems: [String]
        var rejected: Int
    }

    struct DecodeFailure: Error, CustomStringConvertible {
        var message: String
        init(_ message: String) { self.message = message }
        var description: String { message }
    }

    static func mebibytes(_ bytes: Int) -> String {
        String(format: "%.1f MiB", Double(bytes) / 1_048_576)
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
