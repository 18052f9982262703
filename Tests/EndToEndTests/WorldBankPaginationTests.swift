import Foundation
import PlanWatchTestSupport
import Testing

/// A World Bank source whose first page announces more pages (red-team C3): every page is fetched
/// and decoded, and a page that fails is a source failure naming the page and its URL, never a crash.
/// The pages are the real payload ../shared/fixtures/feeds/worldbank/wb_NY.GDP.MKTP.CD_all_p1.json
/// with its paging object rewritten, served on 127.0.0.1.
@Suite(.serialized, .enabled(if: FeedFormatTests.available)) struct WorldBankPaginationTests {
    static let fixture = FeedFormatTests.feeds.appendingPathComponent("worldbank/wb_NY.GDP.MKTP.CD_all_p1.json")
    static let path = "/v2/country/all/indicator/NY.GDP.MKTP.CD"

    /// The recorded first page (`"page":1,"pages":323`) as page `page` of `pages`.
    static func page(_ page: Int, of pages: Int) throws -> Data {
        let text = try String(contentsOf: fixture, encoding: .utf8)
        let meta = "{\"page\":1,\"pages\":323,"
        #expect(text.hasPrefix("[" + meta), "the recording's paging object changed")
        return Data(text.replacingOccurrences(of: meta, with: "{\"page\":\(page),\"pages\":\(pages),").utf8)
    }

    /// A server answering page N of `pages`; `failing` pages answer HTTP 500.
    static func server(pages: Int, failing: Set<Int> = []) throws -> TestHTTPServer {
        let bodies = try (1...pages).map { try page($0, of: pages) }
        return try TestHTTPServer(routes: [path: { request in
            let n = Int(request.query["page"] ?? "1") ?? 1
            if failing.contains(n) || !(1...pages).contains(n) { return .text("server error", status: 500) }
            return TestResponse(headers: [("Content-Type", "application/json;charset=utf-8")], body: bodies[n - 1])
        }])
    }

    static func config(in dir: URL, url: String) throws {
        try """
        plan: \(PlanWatchBinary.packageRoot.path)/Config/plans/yueyang-14th.yaml
        data_dir: data
        outputs: {dir: out, formats: [text]}
        sources:
          - id: wb
            format: worldbank
            url: \(url)
            query: {format: json, per_page: "50"}
            pagination: world-bank
            retries: 0
            mapping:
              codes: {NY.GDP.MKTP.CD: x.gdp-usd}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
    }

    @Test func everyPageOfAThreePageAnswerIsFetchedAndDecoded() async throws {
        let server = try Self.server(pages: 3)
        defer { server.stop() }
        let dir = PlanWatchBinary.temporaryDirectory()
        try Self.config(in: dir, url: server.url(Self.path))
        let output = try await PlanWatchBinary.run(["fetch", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 0, "\(output.combined)")
        #expect(!output.combined.contains("crashed") && !output.combined.contains("Fatal error"), "\(output.combined)")
        // 50 rows a page, three pages.
        #expect(output.stdout.contains("150 observations"), "\(output.combined)")
        #expect(server.requests(to: Self.path).compactMap { $0.query["page"] }.sorted() == ["1", "2", "3"])
        // Every page was read: no note telling the user to fetch the rest.
        #expect(!output.combined.contains("for the rest"), "\(output.combined)")
    }

    @Test func aFailingPageFailsTheSourceNamingThePageAndItsURL() async throws {
        let server = try Self.server(pages: 3, failing: [2])
        defer { server.stop() }
        let dir = PlanWatchBinary.temporaryDirectory()
        try Self.config(in: dir, url: server.url(Self.path))
        let output = try await PlanWatchBinary.run(["fetch", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status != 0 && output.status < 128, "exit \(output.status): \(output.combined)")
        #expect(!output.combined.contains("crashed") && !output.combined.contains("Fatal error"), "\(output.combined)")
        #expect(output.combined.contains("page 2 of 3"), "\(output.combined)")
        #expect(output.combined.contains(server.url(Self.path) + "?format=json&per_page=50&page=2"), "\(output.combined)")
        #expect(output.combined.contains("HTTP status 500"), "\(output.combined)")
    }

    /// The shipped example's pattern (Config/examples/worldbank-china.yaml, 50 rows a page), its
    /// first page announcing three.
    @Test func theShippedWorldBankExampleFetchesEveryPage() async throws {
        let server = try Self.server(pages: 3)
        defer { server.stop() }
        let dir = PlanWatchBinary.temporaryDirectory()
        var config = try String(contentsOf: PlanWatchBinary.packageRoot.appendingPathComponent("Config/examples/worldbank-china.yaml"), encoding: .utf8)
        #expect(config.contains("pagination: world-bank"))
        config = config.replacingOccurrences(of: "https://api.worldbank.org/v2/country/CHN/indicator/NY.GDP.MKTP.KD.ZG", with: server.url(Self.path))
            .replacingOccurrences(of: "plan: ../plans/", with: "plan: \(PlanWatchBinary.packageRoot.path)/Config/plans/")
            .replacingOccurrences(of: "../../.planwatch-examples", with: "data")
            .replacingOccurrences(of: "../../out-examples", with: "out")
            .replacingOccurrences(of: "retries: 3", with: "retries: 0")
        try config.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["fetch", "--config", "planwatch.yaml"], in: dir)
        #expect(!output.combined.contains("crashed") && !output.combined.contains("Fatal error"), "\(output.combined)")
        #expect(output.stdout.contains("wb-china-gdp-growth: fresh"), "\(output.combined)")
        #expect(server.requests(to: Self.path).compactMap { $0.query["page"] }.sorted() == ["1", "2", "3"])
        #expect(server.requests(to: Self.path).allSatisfy { $0.query["date"] == "2015:2025" && $0.query["per_page"] == "50" })
    }
}
