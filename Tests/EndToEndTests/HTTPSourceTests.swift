import Foundation
import PlanWatchFetch
import PlanWatchTestSupport
import Testing

/// HTTP sources end to end: a real server on 127.0.0.1, the built binary fetching through libcurl.
@Suite(.serialized) struct HTTPSourceTests {
    static let root = PlanWatchBinary.packageRoot
    static let observed = try! Data(contentsOf: root.appendingPathComponent("Config/data/yueyang-observed.csv"))

    func config(in dir: URL, url: String, extra: String = "") throws {
        try """
        plan: \(Self.root.path)/Config/plans/yueyang-14th.yaml
        data_dir: data
        sources:
          - id: yueyang-observed
            format: observations-csv
            url: \(url)
        \(extra)
        outputs: {dir: out, formats: [text]}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
    }

    /// Assessment records without the retrieval time, which differs by nature between a file and a fetch.
    func records(_ json: String) throws -> [[String: Any]] {
        func strip(_ value: Any) -> Any {
            if var dict = value as? [String: Any] {
                dict.removeValue(forKey: "retrievedAt")
                dict.removeValue(forKey: "retrieved")  // of the context figures that follow the indicators
                return dict.mapValues(strip)
            }
            if let list = value as? [Any] { return list.map(strip) }
            return value
        }
        return try #require(strip(try JSONSerialization.jsonObject(with: Data(json.utf8))) as? [[String: Any]])
    }

    @Test func anHTTPSourceGivesTheSameIndicatorsAsTheLocalFile() async throws {
        let server = try TestHTTPServer(routes: ["/yueyang-observed.csv": { _ in
            TestResponse(headers: [("Content-Type", "text/csv; charset=utf-8")], body: Self.observed)
        }])
        let dir = PlanWatchBinary.temporaryDirectory()
        try config(in: dir, url: server.url("/yueyang-observed.csv"))
        let remote = try await PlanWatchBinary.run(["indicators", "--json", "--config", "planwatch.yaml"], in: dir)
        #expect(remote.status == 0, "stderr: \(remote.stderr)")
        let local = try await PlanWatchBinary.run(["indicators", "--json"])
        let a = try records(remote.stdout), b = try records(local.stdout)
        #expect(a.count == b.count)
        #expect(NSArray(array: a).isEqual(to: b), "HTTP and local-file assessments differ")
    }

    /// The fetch command reports each source in one line; a failing source does not stop another,
    /// and a header secret from the environment appears nowhere.
    @Test func fetchReportsEachSourceAndMasksSecrets() async throws {
        let server = try TestHTTPServer(routes: [
            "/ok.csv": { _ in TestResponse(headers: [("Content-Type", "text/csv")], body: Self.observed) },
            "/down": { _ in .text("unavailable", status: 500) },
        ])
        let dir = PlanWatchBinary.temporaryDirectory()
        try """
        plan: \(Self.root.path)/Config/plans/yueyang-14th.yaml
        data_dir: data
        sources:
          - {id: good, format: observations-csv, url: "\(server.url("/ok.csv"))", headers: {Authorization: "Bearer ${PW_TEST_TOKEN}"}}
          - {id: down, format: observations-csv, url: "\(server.url("/down"))", retries: 1, headers: {Authorization: "Bearer ${PW_TEST_TOKEN}"}}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["fetch", "--config", "planwatch.yaml"], in: dir, environment: ["PW_TEST_TOKEN": "s3cr3t-t0ken"])
        #expect(output.status == 3, "stderr: \(output.stderr)")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("good: fresh, HTTP 200") && $0.contains("71 observations") })
        #expect(lines.contains { $0.hasPrefix("down: failed, HTTP 500") && $0.contains(server.url("/down")) && $0.contains("source 'down'") })
        #expect(!output.stdout.contains("s3cr3t") && !output.stderr.contains("s3cr3t"))
        #expect(server.requests(to: "/ok.csv").first?.headers["authorization"] == "Bearer s3cr3t-t0ken", "the secret is sent to the server")
        let cache = try FileManager.default.subpathsOfDirectory(atPath: dir.appendingPathComponent("data").path)
        for file in cache where file.hasSuffix(".json") {
            let text = try String(contentsOf: dir.appendingPathComponent("data").appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("s3cr3t"), "secret in cache metadata \(file)")
        }
    }

    @Test func aMissingSecretVariableIsAConfigurationError() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        try config(in: dir, url: "http://127.0.0.1:9/x.csv", extra: "    headers: {X-Key: \"${PW_UNSET_VARIABLE}\"}")
        let output = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 2)
        #expect(output.stderr.contains("planwatch.yaml:4:") && output.stderr.contains("PW_UNSET_VARIABLE"), "\(output.stderr)")
    }

    /// After a failure, a cached body younger than max_stale stands in: the run completes, says the
    /// data is stale and as of when, and exits 3.
    @Test func aStaleCacheIsUsedAfterAFailureAndSaysSo() async throws {
        let healthy = Locked(true)
        let server = try TestHTTPServer(routes: ["/obs.csv": { _ in
            healthy.withLock { $0 } ? TestResponse(headers: [("Content-Type", "text/csv")], body: Self.observed) : .text("down", status: 503)
        }])
        let dir = PlanWatchBinary.temporaryDirectory()
        try config(in: dir, url: server.url("/obs.csv"), extra: "    max_stale: 7d\n    retries: 0")
        let first = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        healthy.withLock { $0 = false }
        let second = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(second.status == 3, "stderr: \(second.stderr)")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/manifest.json"))) as? [String: Any])
        let source = try #require((manifest["sources"] as? [[String: Any]])?.first)
        #expect(source["outcome"] as? String == "stale")
        #expect((source["error"] as? String)?.contains("503") == true)
        let report = try String(contentsOf: dir.appendingPathComponent("out/overview.txt"), encoding: .utf8)
        // One short sentence with the date; the 503 stays in the manifest (issue 13).
        #expect(report.contains("数据截至") && report.contains("（缓存）/ cached copy of"), "\(report)")
        #expect(!report.contains("HTTP 503") && !report.contains("status 503"), "\(report)")
        #expect(report.contains("提前实现"), "the cached figures are still assessed")
    }
}
