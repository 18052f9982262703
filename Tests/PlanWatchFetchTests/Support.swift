import Foundation
import Logging
@testable import PlanWatchFetch
import PlanWatchTestSupport

/// A LogHandler that keeps every rendered line (message plus metadata) for assertions.
struct CapturingLogHandler: LogHandler {
    let lines: Locked<[String]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        lines.withLock { $0.append("\(event.level) \(event.message) \(rendered)") }
    }
}

/// One test's world: a server, a fetcher, a cache folder, captured logs.
final class Harness: Sendable {
    let server: TestHTTPServer
    let fetcher: Fetcher
    let cacheDirectory: URL
    let logs = Locked<[String]>([])
    let logger: Logger

    init(maxHostConnections: Int = 8) throws {
        server = try TestHTTPServer()
        server.route("/ok") { _ in .text("{\"ok\":true}", type: "application/json") }
        let lines = logs
        logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
        fetcher = Fetcher(configuration: FetcherConfiguration(
            version: "9.9.9-test", maxHostConnections: maxHostConnections, retryBaseDelay: 0.02, retryMaxDelay: 0.2),
            logger: logger)
        cacheDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("planwatch-fetch-tests-\(UUID().uuidString)", isDirectory: true)
    }

    deinit {
        fetcher.shutdown()
        server.stop()
        try? FileManager.default.removeItem(at: cacheDirectory)
    }

    var cache: ResponseCache { ResponseCache(directory: cacheDirectory) }

    func sourceFetcher(now: @escaping @Sendable () -> Date = { Date() }) -> SourceFetcher {
        SourceFetcher(fetcher: fetcher, cache: cache, logger: logger, now: now)
    }

    func request(_ path: String, retries: Int = 0, totalTimeout: Double = 10) -> FetchRequest {
        FetchRequest(url: server.url(path), totalTimeout: totalTimeout, retries: retries)
    }

    /// Runs `specs` together with a healthy control source "control" and checks the control succeeded;
    /// returns the outcomes by source id.
    func run(_ specs: [SourceSpec], now: @escaping @Sendable () -> Date = { Date() }) async -> [String: SourceOutcome] {
        let control = SourceSpec(sourceID: "control", request: request("/ok"))
        let outcomes = await sourceFetcher(now: now).fetchAll(specs + [control])
        var byID: [String: SourceOutcome] = [:]
        for outcome in outcomes { byID[outcome.sourceID] = outcome }
        return byID
    }
}
