import Foundation
import PlanWatchFeeds
import PlanWatchFetch
import PlanWatchTestSupport
import Testing

/// Issue 13, item 3: a provider's error answered with HTTP 200 (NBS `returncode 501`) never replaces a
/// good cached body; with a usable cache the source is stale, not failed; a cache too old for
/// `max_stale` is named as the reason. Real NBS payloads from ../shared/fixtures/feeds.
@Suite(.serialized) struct CacheSafetyTests {
    static let nbs = FeedFormatTests.feeds.appendingPathComponent("nbs-china")
    static let available = FeedFormatTests.available

    struct Setup {
        let server: TestHTTPServer
        let dir: URL
        let body: Locked<Data>
        let code: String
    }

    func setUp(maxStale: String) throws -> Setup {
        let good = try Data(contentsOf: Self.nbs.appendingPathComponent("nbs_hgyd_A0D01_202201_parent-code-expands.json"))
        let decoded = try #require(FeedDecoders.decoder(for: "nbs-easyquery")).decode(
            Payload(sourceID: "probe", data: good, location: "nbs"), mapping: FeedMapping())
        let sample = try #require(decoded.observations.first { $0.value != nil })
        let body = Locked(good)
        let server = try TestHTTPServer(routes: ["/easyquery.htm": { _ in TestResponse(headers: [("Content-Type", "application/json")], body: body.withLock { $0 }) }])
        let dir = PlanWatchBinary.temporaryDirectory()
        try FeedFormatTests.writePlan(in: dir)
        try """
        plan: plan.yaml
        data_dir: data
        sources:
          - id: nbs
            format: nbs-easyquery
            url: \(server.url("/easyquery.htm"))
            retries: 0
            max_stale: \(maxStale)
            mapping: {codes: {"\(sample.indicator)": X01}, region: "430600", annual: last}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        return Setup(server: server, dir: dir, body: body, code: sample.indicator)
    }

    func figures(_ output: PlanWatchBinary.Output) throws -> [Double] {
        let records = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]], "\(output.combined)")
        let used = (records.first?["assessment"] as? [String: Any])?["observations"] as? [[String: Any]] ?? []
        return used.compactMap { $0["value"] as? Double }
    }

    @Test(.enabled(if: available)) func aProviderErrorNeverReplacesAGoodCachedBody() async throws {
        let s = try setUp(maxStale: "7d")
        let first = try await PlanWatchBinary.run(["indicators", "--json", "--config", "planwatch.yaml"], in: s.dir)
        #expect(first.status == 0, "\(first.stderr)")
        let good = try figures(first)
        #expect(!good.isEmpty)
        let cached = s.dir.appendingPathComponent("data/cache/nbs/body")
        let goodBody = try Data(contentsOf: cached)

        // The provider answers 200 with its error object: the source is stale, with the good figures.
        s.body.withLock { $0 = try! Data(contentsOf: Self.nbs.appendingPathComponent("nbs_error_returncode501.json")) }
        let second = try await PlanWatchBinary.run(["indicators", "--json", "--config", "planwatch.yaml"], in: s.dir)
        #expect(second.status == 3, "\(second.stderr)")
        #expect(try figures(second) == good)
        #expect(second.stderr.contains("stale") && second.stderr.contains("501"), "\(second.stderr)")
        #expect(try Data(contentsOf: cached) == goodBody, "the error must not be cached")

        // The server goes away: the fallback still serves the good body, not the error.
        s.server.stop()
        let third = try await PlanWatchBinary.run(["indicators", "--json", "--config", "planwatch.yaml"], in: s.dir)
        #expect(third.status == 3)
        #expect(try figures(third) == good)
    }

    @Test(.enabled(if: available)) func aCacheTooOldForMaxStaleIsNamedAsTheReason() async throws {
        let s = try setUp(maxStale: "7d")
        let first = try await PlanWatchBinary.run(["fetch", "--config", "planwatch.yaml"], in: s.dir)
        #expect(first.status == 0, "\(first.combined)")
        // Age the cached copy to 2020 (as a machine left off for years would find it).
        let meta = s.dir.appendingPathComponent("data/cache/nbs/meta.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: meta)) as? [String: Any])
        json["retrievedAt"] = "2020-01-01T00:00:00.000Z"
        try JSONSerialization.data(withJSONObject: json).write(to: meta)
        s.server.stop()
        let second = try await PlanWatchBinary.run(["fetch", "--config", "planwatch.yaml"], in: s.dir)
        #expect(second.status == 3)
        #expect(second.stdout.contains("nbs: failed"), "\(second.stdout)")
        #expect(second.stdout.contains("the cached copy from 2020-01-01T00:00:00.000Z is") && second.stdout.contains("older than max_stale 7 d, so it was not used"),
                "\(second.stdout)")
    }
}
