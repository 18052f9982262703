import Foundation
import Testing
@testable import PlanWatchFetch
import PlanWatchTestSupport

/// Checks a failed outcome: its error kind, and that the message names the source id and the URL.
func expectFailed(_ outcome: SourceOutcome?, _ kind: FetchError.Kind, url: String,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    guard let outcome else { Issue.record("no outcome", sourceLocation: sourceLocation); return }
    #expect(outcome.kind == .failed, "outcome \(outcome.kind.name)", sourceLocation: sourceLocation)
    #expect(outcome.error?.kind == kind, "error \(String(describing: outcome.error))", sourceLocation: sourceLocation)
    let text = outcome.error?.description ?? ""
    #expect(text.contains("source '\(outcome.sourceID)'"), "\(text)", sourceLocation: sourceLocation)
    #expect(text.contains(url), "\(text) should name \(url)", sourceLocation: sourceLocation)
    #expect(outcome.summaryLine.contains(outcome.sourceID), sourceLocation: sourceLocation)
    #expect(outcome.pages.isEmpty, sourceLocation: sourceLocation)
}

func expectControlOK(_ outcomes: [String: SourceOutcome], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(outcomes["control"]?.kind == .fresh, "control: \(String(describing: outcomes["control"]?.summaryLine))",
            sourceLocation: sourceLocation)
    #expect(outcomes["control"]?.body == Data("{\"ok\":true}".utf8), sourceLocation: sourceLocation)
}

@Suite struct FetchScenarioTests {
    @Test func plain200() async throws {
        let h = try Harness()
        let out = await h.run([SourceSpec(sourceID: "a", request: h.request("/ok"))])
        let a = try #require(out["a"])
        #expect(a.kind == .fresh)
        #expect(a.status == 200)
        #expect(a.bytes == 11)
        #expect(a.contentType == "application/json")
        #expect(a.digest == SHA256Hex.of(Data("{\"ok\":true}".utf8)))
        #expect(a.summaryLine.contains("a: fresh, HTTP 200, 11 bytes"))
        expectControlOK(out)
        let seen = try #require(h.server.requests(to: "/ok").first)
        #expect(seen.headers["user-agent"] == "planwatch/9.9.9-test")
        #expect(seen.headers["accept-encoding"]?.contains("gzip") == true)
        // Cached with its metadata.
        let meta = try #require(h.cache.lookup(sourceID: "a"))
        #expect(meta.status == 200 && meta.bytes == 11 && meta.digest == a.digest)
    }

    @Test func gzipBody() async throws {
        let h = try Harness()
        let original = String(repeating: "indicator,region,2025,42.0\n", count: 5000)
        h.server.route("/gz") { _ in
            TestResponse(headers: [("Content-Type", "text/csv"), ("Content-Encoding", "gzip")],
                         body: StoredGzip.encode(Data(original.utf8)))
        }
        let out = await h.run([SourceSpec(sourceID: "gz", request: h.request("/gz"))])
        #expect(out["gz"]?.kind == .fresh)
        #expect(out["gz"]?.body == Data(original.utf8))
        expectControlOK(out)
    }

    @Test func notModifiedAfterETag() async throws {
        let h = try Harness()
        h.server.route("/etag") { req in
            if req.headers["if-none-match"] == "\"v1\"" { return TestResponse(status: 304, headers: [("ETag", "\"v1\"")]) }
            return .text("data-v1", headers: [("ETag", "\"v1\""), ("Last-Modified", "Sat, 28 Nov 2026 10:00:00 GMT")])
        }
        let spec = SourceSpec(sourceID: "et", request: h.request("/etag"))
        let first = await h.run([spec])
        #expect(first["et"]?.kind == .fresh)
        #expect(first["et"]?.etag == "\"v1\"")
        let second = await h.run([spec])
        let et = try #require(second["et"])
        #expect(et.kind == .notModified)
        #expect(et.status == 304)
        #expect(et.body == Data("data-v1".utf8))
        #expect(et.digest == first["et"]?.digest)
        let requests = h.server.requests(to: "/etag")
        #expect(requests.count == 2)
        #expect(requests.last?.headers["if-none-match"] == "\"v1\"")
        #expect(requests.last?.headers["if-modified-since"] == "Sat, 28 Nov 2026 10:00:00 GMT")
        expectControlOK(second)
    }

    @Test func redirectChainOfThree() async throws {
        let h = try Harness()
        h.server.route("/r3") { _ in .redirect("/r2", status: 301) }
        h.server.route("/r2") { _ in .redirect("/r1") }
        h.server.route("/r1") { _ in .redirect("/final", status: 307) }
        h.server.route("/final") { _ in .text("arrived") }
        let out = await h.run([SourceSpec(sourceID: "redir", request: h.request("/r3"))])
        #expect(out["redir"]?.kind == .fresh)
        #expect(out["redir"]?.body == Data("arrived".utf8))
        expectControlOK(out)
        let result = try await h.fetcher.fetch(h.request("/r3"))
        #expect(result.redirects == 3)
        #expect(result.finalURL == h.server.url("/final"))
    }

    @Test func tenRedirectsRefused() async throws {
        let h = try Harness()
        for i in 0..<10 { h.server.route("/loop\(i)") { _ in .redirect("/loop\(i + 1)") } }
        h.server.route("/loop10") { _ in .text("too far") }
        let out = await h.run([SourceSpec(sourceID: "loop", request: h.request("/loop0", retries: 2))])
        expectFailed(out["loop"], .tooManyRedirects, url: h.server.url("/loop0"))
        #expect(out["loop"]?.attempts == 1)  // not retried
        #expect(h.server.requests(to: "/loop10").isEmpty)
        expectControlOK(out)
    }

    @Test func redirectToFileRefused() async throws {
        let h = try Harness()
        h.server.route("/tofile") { _ in .redirect("file:///etc/passwd") }
        let out = await h.run([SourceSpec(sourceID: "tofile", request: h.request("/tofile"))])
        expectFailed(out["tofile"], .protocolRefused, url: h.server.url("/tofile"))
        expectControlOK(out)
    }

    @Test func fileURLRefusedAtValidation() async throws {
        let h = try Harness()
        let spec = SourceSpec(sourceID: "local", request: FetchRequest(url: "file:///etc/passwd"))
        let errors = SourceFetcher.validate([spec, SourceSpec(sourceID: "ok", request: h.request("/ok"))])
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.kind == .invalidRequest)
        #expect(error.description.contains("source 'local'"))
        #expect(error.description.contains("file:///etc/passwd"))
        #expect(error.description.contains("only http and https"))
        #expect(error.fix != nil)
        // And if it reaches a fetch anyway, it fails the same way without touching the file.
        let out = await h.run([spec])
        expectFailed(out["local"], .invalidRequest, url: "file:///etc/passwd")
        expectControlOK(out)
        #expect(throws: FetchError.self) { try FetchRequest(url: "ftp://example.org/x").validate() }
        #expect(throws: FetchError.self) { try FetchRequest(url: "not a url").validate() }
        try FetchRequest(url: "https://api.worldbank.org/v2/country").validate()
    }

    @Test func connectRefused() async throws {
        let h = try Harness()
        let url = "http://127.0.0.1:\(TestHTTPServer.closedPort())/data"
        let out = await h.run([SourceSpec(sourceID: "down", request: FetchRequest(url: url, retries: 1))])
        expectFailed(out["down"], .connectFailed, url: url)
        #expect(out["down"]?.attempts == 2)  // retried once
        #expect(out["down"]?.error?.description.contains("after 2 attempts") == true)
        expectControlOK(out)
    }

    @Test func totalTimeout() async throws {
        let h = try Harness()
        // The server never answers: a fetch that ignored its 0.4 s limit would wait out the hold
        // (300 s) and end fresh or as a reset, never as a timeout. The server's record shows the client
        // hung up on its own; nothing here depends on how fast the machine is.
        h.server.route("/slow") { _ in .hold() }
        let out = await h.run([SourceSpec(sourceID: "slow", request: h.request("/slow", totalTimeout: 0.4))])
        expectFailed(out["slow"], .timeout, url: h.server.url("/slow"))
        #expect(await h.server.wait { h.server.abandoned.withLock { $0.contains("/slow") } })
        expectControlOK(out)
    }

    @Test func serverErrorTwiceThenOK() async throws {
        let h = try Harness()
        let count = Locked(0)
        h.server.route("/flaky") { _ in
            let n = count.withLock { $0 += 1; return $0 }
            return n <= 2 ? .text("<html>oops</html>", status: 500, type: "text/html") : .text("recovered")
        }
        let out = await h.run([SourceSpec(sourceID: "flaky", request: h.request("/flaky", retries: 3))])
        #expect(out["flaky"]?.kind == .fresh)
        #expect(out["flaky"]?.attempts == 3)
        #expect(out["flaky"]?.body == Data("recovered".utf8))
        expectControlOK(out)
    }

    @Test func serverErrorExhaustsRetries() async throws {
        let h = try Harness()
        h.server.route("/broken") { _ in .text("<html><body>Internal error</body></html>", status: 500, type: "text/html") }
        let out = await h.run([SourceSpec(sourceID: "broken", request: h.request("/broken", retries: 2))])
        expectFailed(out["broken"], .httpStatus(500), url: h.server.url("/broken"))
        #expect(out["broken"]?.attempts == 3)
        #expect(out["broken"]?.status == 500)
        #expect(out["broken"]?.error?.description.contains("text/html") == true)
        expectControlOK(out)
    }

    @Test func notFoundIsNotRetried() async throws {
        let h = try Harness()
        let out = await h.run([SourceSpec(sourceID: "missing", request: h.request("/nothing-here", retries: 3))])
        expectFailed(out["missing"], .httpStatus(404), url: h.server.url("/nothing-here"))
        #expect(out["missing"]?.attempts == 1)
        #expect(h.server.requests(to: "/nothing-here").count == 1)
        expectControlOK(out)
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        let h = try Harness()
        let count = Locked(0)
        h.server.route("/limited") { _ in
            let n = count.withLock { $0 += 1; return $0 }
            return n == 1 ? .text("slow down", status: 429, headers: [("Retry-After", "1")]) : .text("welcome")
        }
        let start = Date()
        let out = await h.run([SourceSpec(sourceID: "limited", request: h.request("/limited", retries: 2))])
        #expect(out["limited"]?.kind == .fresh)
        #expect(out["limited"]?.attempts == 2)
        #expect((out["limited"]?.elapsed ?? 0) >= 1.0)
        let times = h.server.requests(to: "/limited").count
        #expect(times == 2)
        #expect(Date().timeIntervalSince(start) >= 1.0)
        expectControlOK(out)
    }

    @Test func contentLengthLongerThanBody() async throws {
        let h = try Harness()
        h.server.route("/short") { _ in
            TestResponse(headers: [("Content-Type", "text/csv")], body: Data(repeating: 65, count: 100), mode: .truncated(declaredLength: 1000))
        }
        let out = await h.run([SourceSpec(sourceID: "short", request: h.request("/short"))])
        expectFailed(out["short"], .truncated, url: h.server.url("/short"))
        expectControlOK(out)
    }

    @Test func chunkedBodyOverMaxBytes() async throws {
        let h = try Harness()
        h.server.route("/huge") { _ in
            TestResponse(headers: [("Content-Type", "text/csv")], body: Data(repeating: 66, count: 4 << 20), mode: .chunked(chunkSize: 32 << 10))
        }
        var request = h.request("/huge")
        request.maxBytes = 256 << 10
        let out = await h.run([SourceSpec(sourceID: "huge", request: request)])
        expectFailed(out["huge"], .bodyTooLarge, url: h.server.url("/huge"))
        #expect(out["huge"]?.error?.description.contains("max_bytes") == true)
        expectControlOK(out)
        // An announced Content-Length over the cap is refused too (CURLOPT_MAXFILESIZE_LARGE).
        h.server.route("/big") { _ in TestResponse(body: Data(repeating: 67, count: 1 << 20)) }
        var big = h.request("/big")
        big.maxBytes = 256 << 10
        let out2 = await h.run([SourceSpec(sourceID: "big", request: big)])
        expectFailed(out2["big"], .bodyTooLarge, url: h.server.url("/big"))
    }

    @Test func connectionResetMidBody() async throws {
        let h = try Harness()
        h.server.route("/reset") { _ in
            TestResponse(headers: [("Content-Type", "text/csv")], body: Data(repeating: 67, count: 2000), mode: .reset(declaredLength: 100_000))
        }
        let out = await h.run([SourceSpec(sourceID: "reset", request: h.request("/reset"))])
        expectFailed(out["reset"], .connectionReset, url: h.server.url("/reset"))
        expectControlOK(out)
    }

    @Test func htmlErrorPageWhereJSONExpected() async throws {
        let h = try Harness()
        h.server.route("/wb-html") { _ in .text("<!DOCTYPE html><html><body>Maintenance</body></html>", type: "text/html; charset=utf-8") }
        let out = await h.run([SourceSpec(sourceID: "wb", request: h.request("/wb-html"), pagination: .worldBank())])
        expectFailed(out["wb"], .decode, url: h.server.url("/wb-html"))
        #expect(out["wb"]?.error?.description.contains("text/html") == true)
        expectControlOK(out)
    }

    @Test func worldBankPagination() async throws {
        let h = try Harness()
        h.server.route("/wb") { req in
            let page = Int(req.query["page"] ?? "1") ?? 1
            // meta numbers as strings for "pages", as number for "page": both appear in the wild.
            return .text("[{\"page\":\(page),\"pages\":\"3\",\"per_page\":\"2\",\"total\":6},[{\"v\":\(page)}]]", type: "application/json")
        }
        var request = h.request("/wb")
        request.query = [("format", "json"), ("per_page", "2")]
        let out = await h.run([SourceSpec(sourceID: "wb", request: request, pagination: .worldBank())])
        let wb = try #require(out["wb"])
        #expect(wb.kind == .fresh)
        #expect(wb.pages.count == 3)
        #expect(String(decoding: wb.pages[2], as: UTF8.self).contains("\"page\":3"))
        #expect(h.server.requests(to: "/wb").map { $0.query["page"] ?? "" }.sorted() == ["1", "2", "3"])
        #expect(h.server.requests(to: "/wb").allSatisfy { $0.query["format"] == "json" })
        let cached = try #require(h.cache.load(sourceID: "wb"))
        #expect(cached.pages == wb.pages)
        #expect(cached.metadata.digest == wb.digest)
        expectControlOK(out)
    }

    /// A page after the first that fails fails the whole source, naming the page and its URL
    /// (red-team C3: a missing page crashed release builds).
    @Test func worldBankFailingPageNamesThePage() async throws {
        let h = try Harness()
        h.server.route("/wb3") { req in
            let page = Int(req.query["page"] ?? "1") ?? 1
            if page == 2 { return .text("down", status: 503) }
            return .text("[{\"page\":\(page),\"pages\":3,\"per_page\":1,\"total\":3},[{\"v\":\(page)}]]", type: "application/json")
        }
        let out = await h.run([SourceSpec(sourceID: "wb", request: h.request("/wb3"), pagination: .worldBank())])
        expectFailed(out["wb"], .httpStatus(503), url: h.server.url("/wb3") + "?page=2")
        #expect(out["wb"]?.error?.description.contains("page 2 of 3") == true, "\(String(describing: out["wb"]?.error))")
        #expect(h.cache.load(sourceID: "wb") == nil)
        expectControlOK(out)
    }

    @Test func staleCacheAfterFailure() async throws {
        let h = try Harness()
        let failing = Locked(false)
        h.server.route("/daily") { _ in
            failing.withLock { $0 } ? .text("down", status: 503) : .text("v1-body", headers: [("ETag", "\"d1\"")])
        }
        let spec = SourceSpec(sourceID: "daily", request: h.request("/daily"), maxStale: 3600)
        let first = await h.run([spec])
        #expect(first["daily"]?.kind == .fresh)
        let retrievedAt = try #require(first["daily"]?.retrievedAt)
        failing.withLock { $0 = true }

        let second = await h.run([spec])
        let daily = try #require(second["daily"])
        guard case .stale(let asOf) = daily.kind else { Issue.record("expected stale, got \(daily.kind)"); return }
        #expect(abs(asOf.timeIntervalSince(retrievedAt)) < 0.002)
        #expect(daily.body == Data("v1-body".utf8))
        #expect(daily.error?.kind == .httpStatus(503))
        #expect(daily.error?.description.contains("source 'daily'") == true)
        #expect(daily.summaryLine.contains("data as of"))
        let record = daily.manifestRecord
        #expect(record.outcome == "stale" && record.errorKind == "http-503" && record.staleAsOf != nil)
        #expect(record.digest == "sha256:" + SHA256Hex.of(Data("v1-body".utf8)))
        let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        #expect(json.contains("\"retrieved_at\"") && json.contains("\"etag\""))
        expectControlOK(second)

        // Older than max_stale: failed, no data.
        let later = await h.run([spec], now: { Date().addingTimeInterval(7200) })
        expectFailed(later["daily"], .httpStatus(503), url: h.server.url("/daily"))
    }

    @Test func secretsNeverShown() async throws {
        let h = try Harness()
        let environment = ["PW_TEST_TOKEN": "TOPSECRET-abc123", "PW_TEST_KEY": "QKEY/987+xyz"]
        let headerSecret = "Bearer TOPSECRET-abc123"
        let querySecret = "QKEY/987+xyz"
        h.server.route("/private") { req in
            // A careless server echoing the credentials into its error page.
            .text("<html>denied for \(req.headers["authorization"] ?? "") key \(req.query["key"] ?? "")</html>",
                  status: 401, type: "text/html")
        }
        h.server.route("/private-ok") { _ in .text("fine") }
        func secretRequest(_ path: String, id: String) throws -> FetchRequest {
            var request = FetchRequest(sourceID: id, url: h.server.url(path), retries: 0)
            try request.addHeader("Authorization", template: "Bearer ${PW_TEST_TOKEN}", environment: environment)
            try request.addQuery("key", template: "${PW_TEST_KEY}", environment: environment)
            try request.addQuery("plain", template: "visible", environment: environment)
            return request
        }
        let out = await h.run([
            SourceSpec(sourceID: "private", request: try secretRequest("/private", id: "private")),
            SourceSpec(sourceID: "private-ok", request: try secretRequest("/private-ok", id: "private-ok")),
        ])
        let failed = try #require(out["private"])
        expectFailed(failed, .httpStatus(401), url: h.server.url("/private"))
        #expect(out["private-ok"]?.kind == .fresh)
        #expect(h.server.requests(to: "/private").first?.headers["authorization"] == headerSecret)
        #expect(h.server.requests(to: "/private").first?.query["key"] == querySecret)
        #expect(failed.url.contains("key=***") && failed.url.contains("plain=visible"))

        var texts = [failed.error?.description ?? "", failed.summaryLine, failed.url,
                     out["private-ok"]?.url ?? "", out["private-ok"]?.summaryLine ?? ""]
        texts += h.logs.withLock { $0 }
        let metaFile = h.cache.folder(for: "private-ok").appendingPathComponent("meta.json")
        texts.append(try String(contentsOf: metaFile, encoding: .utf8))
        for outcome in out.values {
            texts.append(String(decoding: try JSONEncoder().encode(outcome.manifestRecord), as: UTF8.self))
        }
        #expect(failed.error?.description.contains("***") == true)
        for text in texts {
            for secret in [headerSecret, querySecret, "TOPSECRET", FetchRequest.percentEncode(querySecret)] {
                #expect(!text.contains(secret), "secret leaked in: \(text)")
            }
        }
        #expect(h.logs.withLock { $0.count } >= 2)

        // An unset variable is a config error naming the source, the header and the variable.
        var missing = FetchRequest(sourceID: "nokey", url: h.server.url("/private"))
        #expect(throws: FetchError.self) { try missing.addHeader("X-Key", template: "${PW_UNSET_VAR}", environment: [:]) }
        do throws(FetchError) {
            try missing.addHeader("X-Key", template: "${PW_UNSET_VAR}", environment: [:])
        } catch {
            #expect(error.description.contains("source 'nokey'") && error.description.contains("PW_UNSET_VAR")
                    && error.description.contains("header X-Key"))
        }
    }

    @Test func tlsFailureIsReportedAsTLS() async throws {
        let h = try Harness()
        // An https URL pointed at a plain-HTTP listener: the TLS handshake fails.
        let plain = try TestHTTPServer(greeting: Data("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8))
        defer { plain.stop() }
        let url = "https://127.0.0.1:\(plain.port)/secure"
        let out = await h.run([SourceSpec(sourceID: "tls", request: FetchRequest(url: url, retries: 0))])
        expectFailed(out["tls"], .tls, url: url)
        #expect(out["tls"]?.error?.fix?.contains("the server speaks plain HTTP on this port: use an http:// url") == true, "\(out["tls"]?.error?.description ?? "")")
        expectControlOK(out)
        // A missing ca_file is refused at validation.
        #expect(throws: FetchError.self) { try FetchRequest(url: url, caFile: "/nonexistent/ca.pem").validate() }
    }

    @Test func postBody() async throws {
        let h = try Harness()
        h.server.route("/px") { req in .text("got \(req.method) \(String(decoding: req.body, as: UTF8.self))", type: "application/json") }
        let body = Data("{\"query\":[],\"response\":{\"format\":\"json-stat2\"}}".utf8)
        let request = FetchRequest(url: h.server.url("/px"), method: .post,
                                   headers: [("Content-Type", "application/json")], body: body, retries: 0)
        let out = await h.run([SourceSpec(sourceID: "px", request: request)])
        #expect(out["px"]?.body == Data("got POST ".utf8) + body)
        expectControlOK(out)
    }

    @Test func perHostConnectionCap() async throws {
        let h = try Harness(maxHostConnections: 2)
        h.server.route("/wait") { _ in var r = TestResponse.text("w"); r.delay = 0.15; return r }
        let specs = (0..<6).map { SourceSpec(sourceID: "w\($0)", request: h.request("/wait")) }
        let out = await h.run(specs)
        #expect(out.values.filter { $0.kind == .fresh }.count == 7)
        #expect(h.server.peakConnections <= 2)
    }

    @Test func manyConcurrentFetchesShareOneThread() async throws {
        let h = try Harness()
        // The first eight requests are held until all eight are open at once (the server's own count):
        // a fetcher that ran transfers one by one would never get there, and the peak stays below 8.
        let arrived = Locked(0)
        h.server.route("/lat") { _ in
            arrived.withLock { $0 += 1 }
            let deadline = Date().addingTimeInterval(60)
            while arrived.withLock({ $0 }) < 8, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            return .text("x")
        }
        let specs = (0..<48).map { SourceSpec(sourceID: "s\($0)", request: h.request("/lat", totalTimeout: 120)) }
        let out = await h.run(specs)
        #expect(out.values.filter { $0.kind == .fresh }.count == 49)
        #expect(h.server.peakConnections == 8)  // the per-host cap, reached and never passed
    }
}

@Suite struct CancellationTests {
    /// Cancelling the task that awaits a fetch ends the transfer at once: the error is `.cancelled`
    /// (a lost cancel would end as `.timeout` after 240 s, or never, while the server holds), only one
    /// attempt is made although two retries are allowed, and the server sees the client hang up.
    @Test(.timeLimit(.minutes(3))) func cancellingATaskCancelsItsTransfer() async throws {
        let h = try Harness()
        h.server.route("/forever") { _ in .hold() }
        let fetcher = h.fetcher
        let request = h.request("/forever", retries: 2, totalTimeout: 240)
        let task = Task { () -> FetchError? in
            do throws(FetchError) { _ = try await fetcher.fetch(request); return nil } catch { return error }
        }
        // Cancel once the transfer is on the wire (the server's record), not after a guessed sleep.
        #expect(await h.server.wait { !h.server.requests(to: "/forever").isEmpty })
        task.cancel()
        let error = await task.value
        #expect(error?.kind == .cancelled)
        #expect(error?.attempts == 1)
        #expect(await h.server.wait { h.server.abandoned.withLock { $0 == ["/forever"] } })
        #expect(h.server.requests(to: "/forever").count == 1)
        // The fetcher goes on serving others.
        let ok = try await fetcher.fetch(h.request("/ok"))
        #expect(ok.status == 200)
    }

    /// A task cancelled before its fetch starts never reaches the server.
    @Test func aTaskCancelledBeforeItsFetchNeverConnects() async throws {
        let h = try Harness()
        h.server.route("/never") { _ in .text("no") }
        let fetcher = h.fetcher
        let request = h.request("/never")
        let gate = Locked(false)
        let task = Task { () -> FetchError? in
            while !gate.withLock({ $0 }) { await Task.yield() }
            do throws(FetchError) { _ = try await fetcher.fetch(request); return nil } catch { return error }
        }
        task.cancel()
        gate.withLock { $0 = true }
        let error = await task.value
        #expect(error?.kind == .cancelled)
        #expect(h.server.requests(to: "/never").isEmpty)
    }
}

@Suite struct UnitTests {
    @Test func maskSecretsReplacesRawAndEncodedForms() {
        let text = "https://x.org/a?key=ab%2Fc%2Bd&other=1 header ab/c+d"
        let masked = maskSecrets(in: text, secrets: ["ab/c+d", ""])
        #expect(masked == "https://x.org/a?key=***&other=1 header ***")
    }

    @Test func effectiveURLAppendsQuery() {
        var r = FetchRequest(url: "https://api.example.org/v2/country/all/indicator/NY.GDP?x=1")
        r.query = [("format", "json"), ("date", "2015:2025")]
        #expect(r.effectiveURL == "https://api.example.org/v2/country/all/indicator/NY.GDP?x=1&format=json&date=2015%3A2025")
        #expect(r.settingQuery("page", to: "2").effectiveURL.hasSuffix("&page=2"))
    }

    @Test func retryAfterParsing() {
        #expect(Fetcher.parseRetryAfter("1") == 1)
        #expect(Fetcher.parseRetryAfter(" 120 ") == 120)
        let now = Date(timeIntervalSince1970: 1_000_000_000)
        let later = Fetcher.parseRetryAfter("Sun, 09 Sep 2001 01:47:00 GMT", now: now)
        #expect(later == 20)  // 1_000_000_000 is 01:46:40 GMT
        #expect(Fetcher.parseRetryAfter("soon") == nil)
    }

    @Test func worldBankMetaAcceptsStringsAndRejectsErrors() throws {
        let r = FetchRequest(sourceID: "wb", url: "https://api.worldbank.org/v2/x")
        #expect(try SourceFetcher.worldBankPages(Data("[{\"page\":1,\"pages\":5},[]]".utf8), contentType: nil, request: r) == 5)
        #expect(try SourceFetcher.worldBankPages(Data("[{\"page\":\"1\",\"pages\":\"2\"},[]]".utf8), contentType: nil, request: r) == 2)
        #expect(throws: FetchError.self) {
            try SourceFetcher.worldBankPages(Data("[{\"message\":[{\"id\":\"120\"}]}]".utf8), contentType: "application/json", request: r)
        }
    }

    @Test func cacheRejectsDamagedBody() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = ResponseCache(directory: dir)
        let request = FetchRequest(url: "https://example.org/a")
        try cache.store(sourceID: "../evil id", request: request, finalURL: request.url, status: 200,
                        headers: ["etag": "\"e\""], pages: [Data("body".utf8)])
        let folder = cache.folder(for: "../evil id")
        #expect(folder.deletingLastPathComponent().standardizedFileURL.path.trimmingCharacters(in: ["/"]) == dir.standardizedFileURL.path.trimmingCharacters(in: ["/"]))
        #expect(folder.lastPathComponent != ".." && !folder.lastPathComponent.contains("/"))
        #expect(cache.load(sourceID: "../evil id")?.body == Data("body".utf8))
        #expect(cache.load(sourceID: "../evil id", requestKey: "other") == nil)
        try Data("tampered".utf8).write(to: folder.appendingPathComponent("body"))
        #expect(cache.load(sourceID: "../evil id") == nil)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
