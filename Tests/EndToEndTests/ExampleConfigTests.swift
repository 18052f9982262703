import Foundation
import PlanWatchTestSupport
import Testing

/// The feed configurations in Config/examples/ (issue 12, item 7): each validates as shipped, and
/// each, pointed at a loopback server that answers with a recorded payload of the same shape (the
/// real payloads of ../shared/fixtures/feeds, with the example's codes where the recording queried
/// others), delivers its context figure with no problem, exit 0.
@Suite(.serialized) struct ExampleConfigTests {
    static let examples = PlanWatchBinary.packageRoot.appendingPathComponent("Config/examples")
    static let feeds = FeedFormatTests.feeds

    /// Example file, the URL path it requests, the recorded payload, the edits that give it the
    /// example's codes, and the context series it must yield.
    static let cases: [(file: String, path: String, payload: String, edits: [(String, String)], series: String)] = [
        ("nbs-national.yaml", "/easyquery.htm", "nbs-china/nbs_hgyd_A020101_2024_monthly_hasdata-false.json",
         [("A020101", "A020102"), ("_同比增长", "_累计增长")], "x.china-industry-growth"),
        ("nbs-hunan.yaml", "/easyquery.htm", "nbs-china/nbs_fsnd_A010101_reg110000_2023.json",
         [("A010101", "A020101"), ("110000", "430000"), ("北京市", "湖南省"), ("地级区划数", "地区生产总值"),
          ("\"data\":0.0,\"dotcount\":0,\"hasdata\":false,\"strdata\":\"\"", "\"data\":50012.85,\"dotcount\":2,\"hasdata\":true,\"strdata\":\"50012.85\"")],
         "x.hunan-gdp"),
        ("worldbank-china.yaml", "/v2/country/CHN/indicator/NY.GDP.MKTP.KD.ZG", "worldbank/wb_NY.GDP.MKTP.CD_JPN-USA_footnote_p1.json",
         [("NY.GDP.MKTP.CD", "NY.GDP.MKTP.KD.ZG"), ("JPN", "CHN"), ("\"pages\":3", "\"pages\":1")], "x.china-gdp-growth-wb"),
        ("eurostat-compare.yaml", "/eurostat/api/dissemination/statistics/1.0/data/une_rt_m",
         "eurostat/estat_une_rt_m_DE-XX_since2024-01_value-object.json", [], "x.de-unemployment-rate"),
    ]

    @Test(arguments: cases.map(\.file)) func validatesAsShipped(file: String) async throws {
        let output = try await PlanWatchBinary.run(["validate", "--config", Self.examples.appendingPathComponent(file).path])
        #expect(output.status == 0, "\(output.combined)")
    }

    @Test(.enabled(if: FeedFormatTests.available), arguments: cases.map(\.file))
    func deliversItsContextFigureFromARecordedPayload(file: String) async throws {
        let example = try #require(Self.cases.first { $0.file == file })
        var text = try String(contentsOf: Self.feeds.appendingPathComponent(example.payload), encoding: .utf8)
        for (from, to) in example.edits {
            #expect(text.contains(from), "the recording no longer holds '\(from)'")
            text = text.replacingOccurrences(of: from, with: to)
        }
        let body = Data(text.utf8)
        let server = try TestHTTPServer(routes: [example.path: { _ in TestResponse(headers: [("Content-Type", "application/json")], body: body) }])
        defer { server.stop() }
        // The example as shipped, its host swapped for the loopback server and its paths made absolute.
        let dir = PlanWatchBinary.temporaryDirectory()
        var config = try String(contentsOf: Self.examples.appendingPathComponent(file), encoding: .utf8)
        for host in ["https://data.stats.gov.cn", "https://api.worldbank.org", "https://ec.europa.eu"] {
            config = config.replacingOccurrences(of: host, with: server.base)
        }
        config = config.replacingOccurrences(of: "plan: ../plans/", with: "plan: \(PlanWatchBinary.packageRoot.path)/Config/plans/")
            .replacingOccurrences(of: "../../.planwatch-examples", with: "data")
            .replacingOccurrences(of: "../../out-examples", with: "out")
        try config.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["inspect", "--source", try #require(Self.sourceID(in: config)), "--json", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 0, "\(output.combined)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output.combined)")
        let figures = try #require(object["figures"] as? [[String: Any]])
        #expect(figures.contains { $0["series"] as? String == example.series && $0["kind"] as? String == "context" && $0["value"] is Double },
                "\(example.series) not delivered: \(output.stdout.prefix(1500))")
        #expect((object["problems"] as? [String])?.isEmpty == true, "\(object["problems"] ?? "")")
        #expect(!server.requests(to: example.path).isEmpty)
    }

    static func sourceID(in config: String) -> String? {
        config.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("- id:") }
            .map { String($0.split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces) }
    }
}
