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

    /// A source that is down (503, no cache) and whose mapping targets K23: K23 says 获取失败 with the
    /// source at the indicator itself — module table, department report, its missing-figures section —
    /// never 数据不足, which means "not published"; manifest.json lists it apart; the run exits 3.
    @Test func anIndicatorOfAFailedSourceSaysFetchFailedNotNoData() async throws {
        let server = try TestHTTPServer(routes: ["/forest.csv": { _ in .text("down", status: 503) }])
        let dir = PlanWatchBinary.temporaryDirectory()
        // The bundled figures without K23's, so that only the failed source could have given K23 one.
        let text = String(decoding: Self.observed, as: UTF8.self)
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("K23,") }
        try kept.joined(separator: "\n").write(to: dir.appendingPathComponent("observed.csv"), atomically: true, encoding: .utf8)
        try """
        plan: \(Self.root.path)/Config/plans/yueyang-14th.yaml
        reports_dir: \(Self.root.path)/Reports
        data_dir: data
        sources:
          - {id: observed, format: observations-csv, path: observed.csv}
          - id: forestry
            format: observations-csv
            url: \(server.url("/forest.csv"))
            retries: 0
            mapping: {codes: {forest-cover: K23}}
        outputs: {dir: out, formats: [text]}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 3, "stderr: \(output.stderr)")
        #expect(server.requests(to: "/forest.csv").count == 1)
        let out = dir.appendingPathComponent("out")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any])
        #expect(manifest["indicatorsFromFailedSources"] as? [String] == ["K23"], "\(manifest)")
        #expect((manifest["indicatorsWithoutData"] as? [String])?.contains("K23") == false)
        for file in ["ecology.txt", "report-ecology-annual.txt"] {
            let report = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
            let rows = report.split(separator: "\n").filter { $0.contains("K23") }
            #expect(!rows.isEmpty, "\(file) has no K23 line")
            for row in rows {
                // "（不属数据不足）" says that it is not the unpublished kind.
                let said = row.replacingOccurrences(of: "不属数据不足", with: "")
                #expect(!said.contains("数据不足") && !said.contains("no data"), "\(file): \(row)")
            }
            #expect(rows.contains { $0.contains("获取失败") && $0.contains("forestry") }, "\(file): \(rows)")
        }
        let department = try String(contentsOf: out.appendingPathComponent("report-ecology-annual.txt"), encoding: .utf8)
        #expect(department.contains("数据源本次获取失败"), "\(department)")
        // A source that is up and does not publish a figure still reads 数据不足: K23 alone is lost.
        let overview = try String(contentsOf: out.appendingPathComponent("ecology.txt"), encoding: .utf8)
        #expect(overview.contains("数据不足"), "no unpublished indicator left to compare with")
    }
}
