import CCurl
import Foundation
import Logging

/// Settings of one `Fetcher`.
public struct FetcherConfiguration: Sendable {
    /// CURLMOPT_MAX_HOST_CONNECTIONS: connections open to one host at a time (default 8).
    public var maxHostConnections: Int
    /// CURLMOPT_MAX_TOTAL_CONNECTIONS: connections open at a time (default 32).
    public var maxTotalConnections: Int
    /// PlanWatch's version, sent as `User-Agent: planwatch/<version>`.
    public var version: String
    /// First retry delay; doubled each retry, with jitter (default 0.5 s).
    public var retryBaseDelay: Double
    /// Largest backoff delay (default 30 s).
    public var retryMaxDelay: Double
    /// Largest Retry-After honoured; a longer one is cut to this (default 120 s).
    public var maxRetryAfter: Double
    /// Keep loopback addresses off any proxy from the environment (default true).
    public var bypassProxyForLoopback: Bool

    public init(version: String, maxHostConnections: Int = 8, maxTotalConnections: Int = 32,
                retryBaseDelay: Double = 0.5, retryMaxDelay: Double = 30, maxRetryAfter: Double = 120,
                bypassProxyForLoopback: Bool = true) {
        self.version = version
        self.maxHostConnections = maxHostConnections
        self.maxTotalConnections = maxTotalConnections
        self.retryBaseDelay = retryBaseDelay
        self.retryMaxDelay = retryMaxDelay
        self.maxRetryAfter = maxRetryAfter
        self.bypassProxyForLoopback = bypassProxyForLoopback
    }

    public var userAgent: String { "planwatch/\(version)" }
}

/// HTTP(S) fetches through ONE libcurl multi handle driven by ONE dedicated thread.
///
/// Callers `await fetch(_:)` from any task; the request is handed to the thread under a lock, the
/// thread is woken with `curl_multi_wakeup`, and the caller's continuation is resumed when the
/// transfer completes. No curl call ever runs on Swift's cooperative pool (two threads here), so
/// hundreds of slow fetches cost one thread and a set of sockets. Connections are reused across
/// requests through the multi handle's connection pool and capped per host and in total.
public final class Fetcher: Sendable {
    public let configuration: FetcherConfiguration
    let logger: Logger
    private let engine: CurlEngine
    private let noProxy: String?

    public init(configuration: FetcherConfiguration, logger: Logger = Logger(label: "planwatch.fetch")) {
        CurlGlobal.ensureInitialized()
        self.configuration = configuration
        self.logger = logger
        self.engine = CurlEngine(maxHost: configuration.maxHostConnections, maxTotal: configuration.maxTotalConnections)
        if configuration.bypassProxyForLoopback {
            let env = ProcessInfo.processInfo.environment
            let existing = env["no_proxy"] ?? env["NO_PROXY"] ?? ""
            let loopback = "127.0.0.1,localhost,::1"
            noProxy = existing.isEmpty ? loopback : existing + "," + loopback
        } else {
            noProxy = nil
        }
    }

    deinit { engine.shutdown() }

    /// Stops the thread; pending fetches finish with `.cancelled`. Called by deinit too.
    public func shutdown() { engine.shutdown() }

    /// Fetches `request` with retries. Returns a result for statuses below 400 (and 304);
    /// throws a `FetchError` for anything else, after retrying what may succeed on another try
    /// (connect failures, timeouts, resets, truncation, 5xx, 429), honouring `Retry-After`
    /// on 429 and 503.
    public func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResult {
        try request.validate()
        let clock = ContinuousClock()
        let start = clock.now
        let masked = request.maskedURL
        let maxAttempts = request.retries + 1
        var attempt = 0
        while true {
            attempt += 1
            let outcome = await attemptOnce(request)
            let elapsed = Self.seconds(clock.now - start)
            switch classify(outcome, request: request, attempts: attempt) {
            case .success(let result):
                var result = result
                result.elapsed = elapsed
                logger.debug("fetched", metadata: [
                    "source": "\(request.sourceID)", "url": "\(masked)", "status": "\(result.status)",
                    "bytes": "\(result.bytes)", "attempts": "\(attempt)"])
                return result
            case .failure(let error):
                if Task.isCancelled {
                    throw FetchError(kind: .cancelled, sourceID: request.sourceID, url: masked,
                                     detail: "the task was cancelled", attempts: attempt)
                }
                guard error.isRetryable, attempt < maxAttempts else { throw error }
                let (delay, note) = retryDelay(after: attempt, outcome: outcome, totalTimeout: request.totalTimeout)
                var metadata: Logger.Metadata = [
                    "source": "\(request.sourceID)", "url": "\(masked)", "attempt": "\(attempt)",
                    "delay_s": "\(String(format: "%.2f", delay))", "reason": "\(error.kindName)"]
                if let note { metadata["retry_after"] = "\(note)" }
                logger.info("retrying", metadata: metadata)
                do {
                    try await Task.sleep(for: .milliseconds(Int(min((delay * 1000).rounded(), 1e12))))
                } catch {
                    throw FetchError(kind: .cancelled, sourceID: request.sourceID, url: masked,
                                     detail: "the task was cancelled while waiting to retry", attempts: attempt)
                }
            }
        }
    }

    /// Backoff: base * 2^(attempt-1), jittered to 50–100 %, capped; or the server's Retry-After on
    /// 429/503 when it gave one (seconds or an HTTP date), capped at `maxRetryAfter` and at the
    /// source's `timeout.total`: a server asking for a day must not hold a source with a 10 s budget
    /// for 120 s per retry. The note says what was asked and what capped it, for the log.
    func retryDelay(after attempt: Int, outcome: AttemptOutcome, totalTimeout: Double = .infinity) -> (seconds: Double, note: String?) {
        if outcome.status == 429 || outcome.status == 503,
           let value = outcome.headers["retry-after"], let asked = Self.parseRetryAfter(value), !asked.isNaN {
            let wanted = max(asked, 0)
            let cap = min(configuration.maxRetryAfter, totalTimeout)
            guard wanted > cap else { return (wanted, nil) }
            let by = totalTimeout < configuration.maxRetryAfter ? "timeout.total" : "the fetcher's maximum Retry-After"
            return (cap, "server asked \(value.trimmingCharacters(in: .whitespaces)), capped at \(Self.formatSeconds(cap)) s by \(by)")
        }
        let exp = configuration.retryBaseDelay * pow(2, Double(attempt - 1))
        return (min(exp, configuration.retryMaxDelay) * Double.random(in: 0.5...1.0), nil)
    }

    static func formatSeconds(_ seconds: Double) -> String {
        seconds.rounded() == seconds && abs(seconds) < 1e15 ? String(Int(seconds)) : String(format: "%.2f", seconds)
    }

    /// `Retry-After` is either delta-seconds or an HTTP date.
    public static func parseRetryAfter(_ value: String, now: Date = Date()) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    private func attemptOnce(_ request: FetchRequest) async -> AttemptOutcome {
        guard let transfer = engine.makeTransfer(maxBytes: request.maxBytes) else {
            return AttemptOutcome(code: Int32(CURLE_FAILED_INIT.rawValue), errorText: "curl_easy_init failed",
                                  status: 0, headers: [:], body: Data(), effectiveURL: request.effectiveURL,
                                  redirects: 0, exceededMaxBytes: false, cancelled: false)
        }
        if let problem = transfer.configure(request, userAgent: configuration.userAgent, noProxy: noProxy) {
            return AttemptOutcome(code: Int32(CURLE_FAILED_INIT.rawValue), errorText: problem,
                                  status: 0, headers: [:], body: Data(), effectiveURL: request.effectiveURL,
                                  redirects: 0, exceededMaxBytes: false, cancelled: false)
        }
        let id = transfer.id
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<AttemptOutcome, Never>) in
                transfer.continuation = continuation
                engine.submit(transfer)
            }
        } onCancel: {
            transfer.cancelRequested.withLock { $0 = true }
            engine.cancel(id)
        }
    }

    private func classify(_ o: AttemptOutcome, request: FetchRequest, attempts: Int) -> Result<FetchResult, FetchError> {
        let masked = request.maskedURL
        let secrets = request.secrets
        func error(_ kind: FetchError.Kind, _ detail: String, fix: String? = nil) -> FetchError {
            FetchError(kind: kind, sourceID: request.sourceID, url: masked,
                       detail: maskSecrets(in: detail, secrets: secrets), fix: fix,
                       status: o.status == 0 ? nil : o.status, contentType: o.headers["content-type"],
                       attempts: attempts, curlCode: o.code == 0 ? nil : Int(o.code))
        }
        if o.cancelled { return .failure(error(.cancelled, "the fetch was cancelled")) }
        let code = CURLcode(rawValue: UInt32(o.code))
        let text = o.errorText.isEmpty ? String(cString: curl_easy_strerror(code)) : o.errorText
        switch code {
        case CURLE_OK:
            break
        case CURLE_COULDNT_CONNECT:
            return .failure(error(.connectFailed, text, fix: "check that the server is up and the host and port in url are right"))
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .failure(error(.dnsFailure, text, fix: "check the host name in url (and any proxy settings)"))
        case CURLE_OPERATION_TIMEDOUT:
            return .failure(error(.timeout, text + " (connect timeout \(request.connectTimeout) s, total \(request.totalTimeout) s)",
                                  fix: "raise timeout.total / timeout.connect if the server is just slow"))
        case CURLE_TOO_MANY_REDIRECTS:
            return .failure(error(.tooManyRedirects, text + " (limit \(request.maxRedirects))",
                                  fix: "point url at the final address instead of a redirect chain"))
        case CURLE_UNSUPPORTED_PROTOCOL:
            return .failure(error(.protocolRefused, text, fix: "only http:// and https:// URLs and redirects are followed"))
        case CURLE_FILESIZE_EXCEEDED:
            return .failure(error(.bodyTooLarge, "the announced size exceeds max_bytes \(request.maxBytes)",
                                  fix: "raise max_bytes for this source if the size is expected"))
        case CURLE_WRITE_ERROR where o.exceededMaxBytes:
            return .failure(error(.bodyTooLarge, "aborted after \(o.body.count) bytes: the body exceeds max_bytes \(request.maxBytes)",
                                  fix: "raise max_bytes for this source if the size is expected"))
        case CURLE_PARTIAL_FILE:
            return .failure(error(.truncated, text + " (received \(o.body.count) bytes)",
                                  fix: "the server or a proxy cut the response; retry later"))
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING:
            return .failure(error(.connectionReset, text + " (received \(o.body.count) bytes)"))
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE:
            // "wrong version number": the server answered the TLS handshake in plain HTTP.
            let plain = text.contains("wrong version number") || text.contains("packet length too long")
            return .failure(error(.tls, text, fix: plain
                ? "the server speaks plain HTTP on this port: use an http:// url (or the server's HTTPS port)"
                : "if the server uses a private CA, set ca_file to its PEM bundle"))
        case CURLE_BAD_CONTENT_ENCODING:
            return .failure(error(.decode, text, fix: nil))
        default:
            return .failure(error(.other(Int(o.code)), text))
        }
        if o.status >= 400 {
            var detail = "server answered \(o.status)"
            if let type = o.headers["content-type"] { detail += ", content type \(type)" }
            let snippet = Self.snippet(of: o.body)
            if !snippet.isEmpty { detail += ", body starts: \(snippet)" }
            let fix: String? = switch o.status {
            case 401, 403: "check the credentials in headers (and the environment variables they reference)"
            case 404, 410: "check the url path and query"
            case 429: "the server is rate-limiting; fetch less often or lower the number of sources per host"
            case 500...599: "the server failed; try again later"
            default: nil
            }
            return .failure(error(.httpStatus(o.status), detail, fix: fix))
        }
        return .success(FetchResult(
            finalURL: maskSecrets(in: o.effectiveURL.isEmpty ? request.effectiveURL : o.effectiveURL, secrets: secrets),
            status: o.status, headers: o.headers, body: o.body, elapsed: 0, attempts: attempts,
            redirects: o.redirects))
    }

    /// The first 120 characters of a textual body, on one line.
    static func snippet(of body: Data) -> String {
        let prefix = body.prefix(240)
        let text = String(decoding: prefix, as: UTF8.self)
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
            .replacingOccurrences(of: "\u{FFFD}", with: "")
        return String(oneLine.prefix(120))
    }
}

/// The multi handle and its thread. All curl_multi_* calls except curl_multi_wakeup happen on the
/// thread; other threads only enqueue under the lock and wake it.
final class CurlEngine: @unchecked Sendable {
    private struct Shared {
        var incoming: [Transfer] = []
        var cancelled: Set<UInt64> = []
        var stopping = false
        var stopped = false
        var nextID: UInt64 = 1
    }

    private let multi: UnsafeMutableRawPointer
    private let shared = Locked(Shared())
    private let finished = DispatchSemaphore(value: 0)
    // Touched by the thread only.
    private var active: [UInt64: Transfer] = [:]
    private var byHandle: [UnsafeMutableRawPointer: UInt64] = [:]

    // Admission control (thread only): a transfer is added to the multi handle only when its host
    // has fewer than maxHost transfers running and fewer than maxTotal run in all. libcurl would
    // queue the excess itself (CURLMOPT_MAX_*_CONNECTIONS, kept as a backstop), but its timeouts
    // run while a transfer waits for a connection: 200 sources on one host with a 60 s total
    // timeout would then time out in the queue. Here a transfer's clock starts when it is added.
    private let maxHost: Int
    private let maxTotal: Int
    private var waiting: [Transfer] = []
    private var runningByHost: [String: Int] = [:]

    init(maxHost: Int, maxTotal: Int) {
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed") }
        self.multi = multi
        self.maxHost = max(1, maxHost)
        self.maxTotal = max(1, maxTotal)
        _ = pw_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxHost)
        _ = pw_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, maxTotal)
        // Keep enough idle connections for reuse across a whole run.
        _ = pw_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(maxTotal, 8))
        let thread = Thread { [self] in self.run() }
        thread.name = "planwatch-curl"
        thread.start()
    }

    func makeTransfer(maxBytes: Int64) -> Transfer? {
        let id = shared.withLock { s -> UInt64 in
            defer { s.nextID += 1 }
            return s.nextID
        }
        return Transfer(id: id, maxBytes: maxBytes)
    }

    func submit(_ transfer: Transfer) {
        let accepted = shared.withLock { s -> Bool in
            guard !s.stopping, !transfer.cancelRequested.withLock({ $0 }) else { return false }
            s.incoming.append(transfer)
            return true
        }
        if accepted {
            curl_multi_wakeup(multi)
        } else {
            var outcome = transfer.outcome(code: CURLE_ABORTED_BY_CALLBACK)
            outcome.cancelled = true
            transfer.continuation?.resume(returning: outcome)
            transfer.continuation = nil
        }
    }

    func cancel(_ id: UInt64) {
        let running = shared.withLock { s -> Bool in
            s.cancelled.insert(id)
            return !s.stopped
        }
        if running { curl_multi_wakeup(multi) }
    }

    func shutdown() {
        let wait = shared.withLock { s -> Bool in
            if s.stopping { return false }
            s.stopping = true
            return true
        }
        guard wait else { return }
        curl_multi_wakeup(multi)
        // The engine's thread holds a reference to self; it ends by itself after draining.
        if Thread.current.name != "planwatch-curl" { finished.wait() }
    }

    private func run() {
        while true {
            let (incoming, cancelled, stopping) = shared.withLock { s in
                defer { s.incoming.removeAll(); s.cancelled.removeAll() }
                return (s.incoming, s.cancelled, s.stopping)
            }
            waiting.append(contentsOf: incoming)
            if !cancelled.isEmpty || stopping {
                let (dropped, kept) = waiting.reduce(into: ([Transfer](), [Transfer]())) { acc, t in
                    if stopping || cancelled.contains(t.id) { acc.0.append(t) } else { acc.1.append(t) }
                }
                waiting = kept
                for transfer in dropped { finish(transfer, code: CURLE_ABORTED_BY_CALLBACK, cancelled: true, added: false) }
            }
            for id in cancelled {
                if let transfer = active[id] { finish(transfer, code: CURLE_ABORTED_BY_CALLBACK, cancelled: true, added: true) }
            }
            if stopping {
                for transfer in Array(active.values) { finish(transfer, code: CURLE_ABORTED_BY_CALLBACK, cancelled: true, added: true) }
                break
            }
            // Admit, drive, collect; again while completions freed slots that waiting transfers can take.
            var running: Int32 = 0
            while true {
                admitWaiting()
                _ = curl_multi_perform(multi, &running)
                var finishedAny = false
                var left: Int32 = 0
                while let msg = curl_multi_info_read(multi, &left) {
                    guard pw_msg_is_done(msg) != 0, let easy = msg.pointee.easy_handle,
                          let id = byHandle[easy], let transfer = active[id] else { continue }
                    finish(transfer, code: pw_msg_result(msg), cancelled: false, added: true)
                    finishedAny = true
                }
                if !finishedAny || waiting.isEmpty { break }
            }
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        // Transfers submitted after the last drain are refused by submit(); clear what is left.
        let late = shared.withLock { s -> [Transfer] in
            s.stopped = true
            defer { s.incoming.removeAll() }
            return s.incoming
        }
        for transfer in late { finish(transfer, code: CURLE_ABORTED_BY_CALLBACK, cancelled: true, added: false) }
        curl_multi_cleanup(multi)
        finished.signal()
    }

    /// Adds waiting transfers, in order, while their host and the total are under the caps.
    private func admitWaiting() {
        guard !waiting.isEmpty, active.count < maxTotal else { return }
        var kept: [Transfer] = []
        kept.reserveCapacity(waiting.count)
        for transfer in waiting {
            let host = transfer.hostKey
            guard active.count < maxTotal, runningByHost[host, default: 0] < maxHost else {
                kept.append(transfer)
                continue
            }
            let rc = curl_multi_add_handle(multi, transfer.easy)
            if rc != CURLM_OK {
                finish(transfer, code: CURLE_FAILED_INIT, cancelled: false, added: false)
                continue
            }
            active[transfer.id] = transfer
            byHandle[transfer.easy] = transfer.id
            runningByHost[host, default: 0] += 1
        }
        waiting = kept
    }

    private func finish(_ transfer: Transfer, code: CURLcode, cancelled: Bool, added: Bool) {
        if added {
            curl_multi_remove_handle(multi, transfer.easy)
            active[transfer.id] = nil
            byHandle[transfer.easy] = nil
            let host = transfer.hostKey
            let left = runningByHost[host, default: 1] - 1
            runningByHost[host] = left > 0 ? left : nil
        }
        var outcome = transfer.outcome(code: code)
        outcome.cancelled = cancelled
        transfer.release()
        let continuation = transfer.continuation
        transfer.continuation = nil
        continuation?.resume(returning: outcome)
    }
}
