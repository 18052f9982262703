import Foundation
import Logging

/// How a source's pages are followed.
public enum Pagination: Sendable, Equatable {
    /// World Bank style: the body is a JSON array `[meta, rows]`; `meta.page` / `meta.pages` (numbers
    /// or numeric strings) say where we are; pages 2...pages are fetched with `pageParameter` set.
    case worldBank(pageParameter: String = "page", maxPages: Int = 1000)
}

/// One source of a fetch run.
public struct SourceSpec: Sendable {
    public var sourceID: String
    public var request: FetchRequest
    /// How old (seconds) a cached body may be to stand in when the fetch fails; nil: never.
    public var maxStale: Double?
    public var pagination: Pagination?
    /// Checks a fresh body before it is cached: returns why it cannot be used (a provider's error
    /// answered with HTTP 200, a body the decoder cannot read), or nil. A refused body is never cached,
    /// so it can never replace a good one; the source then counts as failed, or stale when the cache
    /// still holds a good body within `maxStale`.
    /// It gets the pages, their content type, the masked URL and the retrieval time, the same facts
    /// the outcome will carry, so what it decodes is what the run would decode.
    public var accept: (@Sendable (_ pages: [Data], _ contentType: String?, _ url: String, _ retrievedAt: Date) -> String?)?

    public init(sourceID: String, request: FetchRequest, maxStale: Double? = nil, pagination: Pagination? = nil,
                accept: (@Sendable (_ pages: [Data], _ contentType: String?, _ url: String, _ retrievedAt: Date) -> String?)? = nil) {
        self.sourceID = sourceID
        var request = request
        request.sourceID = sourceID
        self.request = request
        self.maxStale = maxStale
        self.pagination = pagination
        self.accept = accept
    }
}

/// What happened to one source.
public struct SourceOutcome: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Fetched now (status 2xx).
        case fresh
        /// The server answered 304 to a conditional GET; the cached body was reused.
        case notModified
        /// The fetch failed; a cached body retrieved at `asOf`, within max_stale, is used.
        case stale(asOf: Date)
        /// The fetch failed and no usable cache: the source has no data this run.
        case failed

        public var name: String {
            switch self {
            case .fresh: "fresh"
            case .notModified: "not-modified"
            case .stale: "stale"
            case .failed: "failed"
            }
        }
    }

    public var sourceID: String
    /// The requested URL, secrets masked.
    public var url: String
    public var kind: Kind
    /// HTTP status of the last response (304 for notModified), nil when none arrived.
    public var status: Int?
    /// Body bytes used (all pages; for stale/notModified the cached bytes).
    public var bytes: Int
    /// Wall time of this source, seconds.
    public var elapsed: Double
    public var attempts: Int
    public var etag: String?
    public var lastModified: String?
    public var contentType: String?
    /// SHA-256 (hex) of the body used (see `CacheMetadata.digest`).
    public var digest: String?
    /// When the body used was retrieved (confirmed) from the server.
    public var retrievedAt: Date?
    /// The bodies: one per page (empty when failed).
    public var pages: [Data]
    /// The error: set for failed, and for stale (why the cache was used).
    public var error: FetchError?

    /// The body (pages concatenated; for World Bank pages, decode each page instead).
    public var body: Data { pages.count == 1 ? pages[0] : pages.reduce(into: Data()) { $0.append($1) } }
    /// Data is available (fresh, notModified or stale).
    public var hasData: Bool { kind != .failed }

    /// One line for `planwatch fetch`: id, outcome, status, bytes, time, URL and reason.
    public var summaryLine: String {
        var parts = ["\(sourceID): \(kind.name)"]
        if let status { parts.append("HTTP \(status)") }
        parts.append("\(bytes) bytes")
        parts.append(String(format: "%.2f s", elapsed))
        if case .stale(let asOf) = kind { parts.append("data as of \(ISO8601DateFormatter().string(from: asOf))") }
        var line = parts.joined(separator: ", ") + " — \(url)"
        if let error { line += " — \(error.description)" }
        return line
    }
}

/// Runs the sources of a fetch concurrently through one `Fetcher`, with conditional GET, the
/// response cache, stale fallback and pagination. One source's failure never affects the others.
public struct SourceFetcher: Sendable {
    public let fetcher: Fetcher
    public let cache: ResponseCache?
    public let logger: Logger
    let now: @Sendable () -> Date

    public init(fetcher: Fetcher, cache: ResponseCache?, logger: Logger = Logger(label: "planwatch.fetch"),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.fetcher = fetcher
        self.cache = cache
        self.logger = logger
        self.now = now
    }

    /// Checks every source's request without the network (e.g. refuses file:// URLs).
    public static func validate(_ sources: [SourceSpec]) -> [FetchError] {
        sources.compactMap { spec in
            do throws(FetchError) { try spec.request.validate(); return nil } catch { return error }
        }
    }

    /// Fetches all sources concurrently; outcomes come back in the order of `sources`.
    /// `progress` is called as each source completes (from any task).
    public func fetchAll(_ sources: [SourceSpec],
                         progress: (@Sendable (SourceOutcome) -> Void)? = nil) async -> [SourceOutcome] {
        await withTaskGroup(of: (Int, SourceOutcome).self) { group in
            for (index, spec) in sources.enumerated() {
                group.addTask {
                    let outcome = await fetch(spec)
                    progress?(outcome)
                    return (index, outcome)
                }
            }
            var results = [SourceOutcome?](repeating: nil, count: sources.count)
            for await (index, outcome) in group { results[index] = outcome }
            return results.map { $0! }
        }
    }

    /// Fetches one source.
    public func fetch(_ spec: SourceSpec) async -> SourceOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        var request = spec.request
        let masked = request.maskedURL
        let requestKey = ResponseCache.requestKey(for: request)

        // Conditional GET only for single-body sources whose cached entry is intact.
        var cached: CacheEntry?
        if spec.pagination == nil, let cache, let entry = cache.load(sourceID: spec.sourceID, requestKey: requestKey) {
            cached = entry
            request.ifNoneMatch = entry.metadata.etag
            request.ifModifiedSince = entry.metadata.lastModified
        }

        func elapsed() -> Double { Fetcher.seconds(clock.now - start) }

        do throws(FetchError) {
            let (result, pages) = try await fetchPages(request, pagination: spec.pagination)
            if result.isNotModified, let cached {
                try? cache?.touch(sourceID: spec.sourceID, retrievedAt: now())
                let outcome = SourceOutcome(
                    sourceID: spec.sourceID, url: masked, kind: .notModified, status: 304,
                    bytes: cached.metadata.bytes, elapsed: elapsed(), attempts: result.attempts,
                    etag: result.etag ?? cached.metadata.etag,
                    lastModified: result.lastModified ?? cached.metadata.lastModified,
                    contentType: cached.metadata.contentType, digest: cached.metadata.digest,
                    retrievedAt: now(), pages: cached.pages, error: nil)
                log(outcome)
                return outcome
            }
            if result.isNotModified {
                // A 304 without a cached body to reuse: not usable.
                throw FetchError(kind: .httpStatus(304), sourceID: spec.sourceID, url: masked,
                                 detail: "server answered 304 Not Modified but no cached body exists",
                                 fix: "clear the cache folder of this source", status: 304, attempts: result.attempts)
            }
            let retrievedAt = now()
            if let accept = spec.accept, let problem = accept(pages, result.contentType, masked, retrievedAt) {
                throw FetchError(kind: .decode, sourceID: spec.sourceID, url: masked,
                                 detail: maskSecrets(in: "HTTP \(result.status) but the body cannot be used: \(problem)", secrets: request.secrets),
                                 fix: "the body was not cached; check the source's url, query and format",
                                 status: result.status, contentType: result.contentType, attempts: result.attempts)
            }
            var digest: String?
            if let cache {
                do {
                    let meta = try cache.store(sourceID: spec.sourceID, request: spec.request, finalURL: result.finalURL,
                                               status: result.status, headers: result.headers, pages: pages,
                                               retrievedAt: retrievedAt)
                    digest = meta.digest
                } catch {
                    logger.warning("cache write failed", metadata: ["source": "\(spec.sourceID)", "error": "\(error)"])
                }
            }
            if digest == nil { digest = SHA256Hex.of(pages: pages) }
            let outcome = SourceOutcome(
                sourceID: spec.sourceID, url: masked, kind: .fresh, status: result.status,
                bytes: pages.reduce(0) { $0 + $1.count }, elapsed: elapsed(), attempts: result.attempts,
                etag: result.etag, lastModified: result.lastModified, contentType: result.contentType,
                digest: digest, retrievedAt: retrievedAt, pages: pages, error: nil)
            log(outcome)
            return outcome
        } catch {
            var outcome = SourceOutcome(
                sourceID: spec.sourceID, url: masked, kind: .failed, status: error.status, bytes: 0,
                elapsed: elapsed(), attempts: error.attempts, etag: nil, lastModified: nil,
                contentType: error.contentType, digest: nil, retrievedAt: nil, pages: [], error: error)
            if let maxStale = spec.maxStale, let cache,
               cache.loadStale(sourceID: spec.sourceID, requestKey: requestKey, maxStale: maxStale, now: now()) == nil,
               let old = cache.lookup(sourceID: spec.sourceID, requestKey: requestKey) {
                // Say why the fallback did not apply, not only why the fetch failed.
                let age = now().timeIntervalSince(old.retrievedAt)
                outcome.error?.detail += "; the cached copy from \(ResponseCache.formatDate(old.retrievedAt)) is \(Self.duration(age)) old, older than max_stale \(Self.duration(maxStale)), so it was not used"
            }
            if let maxStale = spec.maxStale, let cache,
               let (entry, _) = cache.loadStale(sourceID: spec.sourceID, requestKey: requestKey,
                                                maxStale: maxStale, now: now()) {
                outcome.kind = .stale(asOf: entry.metadata.retrievedAt)
                outcome.bytes = entry.metadata.bytes
                outcome.etag = entry.metadata.etag
                outcome.lastModified = entry.metadata.lastModified
                outcome.contentType = entry.metadata.contentType
                outcome.digest = entry.metadata.digest
                outcome.retrievedAt = entry.metadata.retrievedAt
                outcome.pages = entry.pages
            }
            log(outcome)
            return outcome
        }
    }

    /// "3 d 4 h", "45 min", "12 s": an age a person reads at a glance.
    static func duration(_ seconds: Double) -> String {
        let s = Int(max(0, seconds.rounded()))
        if s >= 86_400 { return "\(s / 86_400) d" + (s % 86_400 >= 3600 ? " \(s % 86_400 / 3600) h" : "") }
        if s >= 3600 { return "\(s / 3600) h" + (s % 3600 >= 60 ? " \(s % 3600 / 60) min" : "") }
        if s >= 60 { return "\(s / 60) min" }
        return "\(s) s"
    }

    private func log(_ outcome: SourceOutcome) {
        var metadata: Logger.Metadata = [
            "source": "\(outcome.sourceID)", "outcome": "\(outcome.kind.name)", "url": "\(outcome.url)",
            "bytes": "\(outcome.bytes)", "elapsed_s": "\(String(format: "%.3f", outcome.elapsed))",
        ]
        if let status = outcome.status { metadata["status"] = "\(status)" }
        if let error = outcome.error { metadata["error"] = "\(error.description)" }
        switch outcome.kind {
        case .fresh, .notModified: logger.info("source fetched", metadata: metadata)
        case .stale: logger.warning("source stale: using cached body", metadata: metadata)
        case .failed: logger.error("source failed", metadata: metadata)
        }
    }

    /// Fetches the first page, then (for a paginated source) pages 2...pages concurrently.
    private func fetchPages(_ request: FetchRequest, pagination: Pagination?) async throws(FetchError) -> (FetchResult, [Data]) {
        guard case .worldBank(let parameter, let maxPages) = pagination else {
            let result = try await fetcher.fetch(request)
            return (result, [result.body])
        }
        let firstRequest = request.settingQuery(parameter, to: "1")
        let first = try await fetcher.fetch(firstRequest)
        let pages = try Self.worldBankPages(first.body, contentType: first.contentType, request: firstRequest)
        if pages > maxPages {
            throw FetchError(kind: .decode, sourceID: request.sourceID, url: firstRequest.maskedURL,
                             detail: "the server reports \(pages) pages, more than the limit \(maxPages)",
                             fix: "raise per_page in query, or the pagination page limit", status: first.status,
                             contentType: first.contentType)
        }
        guard pages > 1 else { return (first, [first.body]) }
        let fetcher = self.fetcher
        let rest = await withTaskGroup(of: (Int, Result<FetchResult, FetchError>).self) { group in
            for page in 2...pages {
                let pageRequest = request.settingQuery(parameter, to: String(page))
                group.addTask {
                    // The result is bound before the tuple is built: with Swift 6.3.1 -O,
                    // `return (page, .success(try await …))` from this child task came out of the
                    // group as one element (0, …), so pages 2… were missing (release builds only).
                    let result: Result<FetchResult, FetchError>
                    do throws(FetchError) { result = .success(try await fetcher.fetch(pageRequest)) }
                    catch { result = .failure(error) }
                    return (page, result)
                }
            }
            var collected: [Int: Result<FetchResult, FetchError>] = [:]
            for await (page, result) in group { collected[page] = result }
            return collected
        }
        var bodies = [first.body]
        var attempts = first.attempts
        for page in 2...pages {
            let pageRequest = request.settingQuery(parameter, to: String(page))
            let which = "page \(page) of \(pages)"
            guard let answer = rest[page] else {
                // Never a crash: a page without an answer fails the source, naming the page.
                throw FetchError(kind: .decode, sourceID: request.sourceID, url: pageRequest.maskedURL,
                                 detail: "\(which) has no answer, so the source is incomplete",
                                 fix: "run again; if it persists, report it with this message", status: first.status,
                                 contentType: first.contentType, attempts: attempts)
            }
            switch answer {
            case .success(let result):
                do throws(FetchError) {
                    _ = try Self.worldBankPages(result.body, contentType: result.contentType, request: pageRequest)
                } catch {
                    throw Self.onPage(error, which)
                }
                bodies.append(result.body)
                attempts += result.attempts
            case .failure(let error):
                throw Self.onPage(error, which)
            }
        }
        var combined = first
        combined.attempts = attempts
        return (combined, bodies)
    }

    /// `error` of one page of a paginated source, saying which page failed (its URL is the page's).
    private static func onPage(_ error: FetchError, _ which: String) -> FetchError {
        var error = error
        error.detail = error.detail.isEmpty ? which : "\(which): \(error.detail)"
        return error
    }

    /// Reads `pages` from a World Bank page `[meta, rows]`; numbers may be strings. Throws a decode
    /// error naming the content type when the body is not that JSON (e.g. an HTML error page).
    public static func worldBankPages(_ body: Data, contentType: String?, request: FetchRequest) throws(FetchError) -> Int {
        func fail(_ why: String) -> FetchError {
            let type = contentType ?? "no content type"
            let snippet = maskSecrets(in: Fetcher.snippet(of: body), secrets: request.secrets)
            return FetchError(kind: .decode, sourceID: request.sourceID, url: request.maskedURL,
                              detail: "expected a JSON array [meta, rows] for World Bank pagination but got \(type): \(why)"
                                  + (snippet.isEmpty ? "" : "; body starts: \(snippet)"),
                              fix: "check the url and query (format=json) of this source", contentType: contentType)
        }
        guard let json = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            throw fail("the body is not JSON")
        }
        guard let array = json as? [Any], let meta = array.first as? [String: Any] else {
            // World Bank reports errors as [{"message": [...]}].
            throw fail("the body is not [meta, rows]")
        }
        if meta["message"] != nil, array.count == 1 {
            throw fail("the server returned an error message")
        }
        func number(_ key: String) -> Int? {
            switch meta[key] {
            case let n as NSNumber: n.intValue
            case let s as String: Int(s.trimmingCharacters(in: .whitespaces))
            default: nil
            }
        }
        guard let pages = number("pages") else { throw fail("meta has no 'pages' number") }
        return max(pages, 1)
    }
}

/// One source's entry in a run's `manifest.json`: no secret, no body.
public struct FetchManifestRecord: Codable, Sendable, Equatable {
    public var source: String
    /// Masked URL.
    public var url: String
    /// fresh | not-modified | stale | failed
    public var outcome: String
    public var status: Int?
    public var bytes: Int
    public var elapsedSeconds: Double
    public var attempts: Int
    public var etag: String?
    public var lastModified: String?
    public var contentType: String?
    /// ISO 8601 (UTC, milliseconds): when the body used was retrieved or confirmed by the server.
    public var retrievedAt: String?
    /// SHA-256 of the body used, as "sha256:<hex>".
    public var digest: String?
    /// For stale: the date the data is as of (same as retrievedAt).
    public var staleAsOf: String?
    /// `FetchError.kindName`, and the one-line message (masked).
    public var errorKind: String?
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case source, url, outcome, status, bytes, attempts, etag, digest, error
        case elapsedSeconds = "elapsed_s"
        case lastModified = "last_modified"
        case contentType = "content_type"
        case retrievedAt = "retrieved_at"
        case staleAsOf = "stale_as_of"
        case errorKind = "error_kind"
    }
}

extension SourceOutcome {
    /// The manifest entry of this outcome.
    public var manifestRecord: FetchManifestRecord {
        var staleAsOf: String?
        if case .stale(let asOf) = kind { staleAsOf = ResponseCache.formatDate(asOf) }
        return FetchManifestRecord(
            source: sourceID, url: url, outcome: kind.name, status: status, bytes: bytes,
            elapsedSeconds: (elapsed * 1000).rounded() / 1000, attempts: attempts, etag: etag,
            lastModified: lastModified, contentType: contentType,
            retrievedAt: retrievedAt.map(ResponseCache.formatDate), digest: digest.map { "sha256:" + $0 },
            staleAsOf: staleAsOf, errorKind: error?.kindName, error: error?.description)
    }
}
