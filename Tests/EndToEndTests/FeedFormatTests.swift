import Foundation
import PlanWatchFeeds
import PlanWatchTestSupport
import Testing

/// Every feed format, served by a loopback server and configured as a source, feeds
/// `planwatch indicators` (monthly and quarterly feeds through `annual: last`). Uses the real payloads in ../shared/fixtures/feeds (skipped with a
/// notice when that folder is absent).
@Suite(.serialized) struct FeedFormatTests {
    static let feeds = PlanWatchBinary.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/feeds")
    static let available: Bool = {
        let present = FileManager.default.fileExists(atPath: feeds.path)
        if !present { print("notice: \(feeds.path) is absent; feed-format end-to-end tests skipped") }
        return present
    }()

    /// The shared ECB SDMX-JSON samples are daily series, which plan indicators never use; the
    /// project's own SDMX-JSON 2.x trap fixture stands in for that format.
    static let sdmxJSONFixture = PlanWatchBinary.packageRoot.appendingPathComponent("Tests/PlanWatchFeedsTests/Fixtures/sdmxjson2_unitmult.json")

    static let cases: [(format: String, file: String)] = [
        ("jsonstat", "jsonstat/oecd.json"),
        ("sdmx-json", sdmxJSONFixture.path),
        ("sdmx-csv", "sdmx-csv/bis_der_sdmxcsv1_decimals-unitmult.csv"),
        ("pxweb", "pxweb/ssb_07221_pxweb-v1_jsonstat2.json"),
        ("worldbank", "worldbank/wb_NY.GDP.MKTP.CD_JPN-USA_footnote_p1.json"),
        ("eurostat", "eurostat/estat_une_rt_m_DE-XX_since2024-01_value-object.json"),
        ("nbs-easyquery", "nbs-china/nbs_hgyd_A0D01_202201_parent-code-expands.json"),
        ("csv", "csv-cn/nbs_fsnd_export_GDP_gbk.csv"),
    ]

    /// A one-indicator plan (X01, measured in `unit`) for a feed to fill.
    /// A probe plan with series X01 in `unit`, and `more` indicator lines (YAML flow mappings).
    static func writePlan(in dir: URL, unit: String = "x", more: [String] = []) throws {
        try """
        id: probe
        name: {zh: 测试}
        start_year: 1990
        end_year: 2100
        region: {code: "430600", zh: 岳阳市}
        indicators:
          - {id: X01, zh: 测试指标, module: ecology, attribute: expected, seed: test, unit: "\(unit)", target: {kind: direction, year: 2100, text: 上升}}
        """.appending(more.map { "\n  - \($0)" }.joined()).write(to: dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
    }

    @Test(.enabled(if: available), arguments: cases.map(\.format))
    func formatFeedsIndicators(format: String) async throws {
        let file = try #require(Self.cases.first { $0.format == format }?.file)
        let data = try Data(contentsOf: file.hasPrefix("/") ? URL(fileURLWithPath: file) : Self.feeds.appendingPathComponent(file))
        // Pick a series and region the payload really carries, as an analyst would with `inspect`.
        let decoded = try #require(FeedDecoders.decoder(for: format)).decode(
            Payload(sourceID: "probe", data: data, location: file), mapping: FeedMapping())
        let sample = try #require(decoded.observations.first { $0.value != nil }, "\(file) has no value")
        let server = try TestHTTPServer(routes: ["/feed": { _ in TestResponse(body: data) }])
        let dir = PlanWatchBinary.temporaryDirectory()
        try Self.writePlan(in: dir)
        func yaml(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        try """
        plan: plan.yaml
        sources:
          - id: \(format)-feed
            format: \(format)
            url: \(server.url("/feed"))
            mapping:
              codes: {\(yaml(sample.indicator)): X01}
              \(sample.region.isEmpty ? "region: \"430600\"" : "regions: {\(yaml(sample.region)): \"430600\"}")
              annual: last
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["indicators", "--json", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        let assessment = try #require(records.first?["assessment"] as? [String: Any])
        let used = try #require(assessment["observations"] as? [[String: Any]])
        #expect(!used.isEmpty, "no observation of \(format) reached the assessment")
        for o in used {
            let provenance = o["provenance"] as? [String: Any]
            #expect(provenance?["sourceID"] as? String == "\(format)-feed")
            #expect((provenance?["location"] as? String)?.hasPrefix(server.base) == true)
        }
    }
    /// A Eurostat answer whose time dimension is empty (a `sinceTimePeriod` after the last published
    /// month), served on loopback: `planwatch fetch` reports the source fresh with 0 observations and
    /// the warning naming the dimension, not failed; `indicators` runs and says so (exit 3).
    @Test func eurostatEmptyTimeRangeIsNotAFailure() async throws {
        let data = try Data(contentsOf: PlanWatchBinary.packageRoot.appendingPathComponent("Tests/PlanWatchFeedsTests/Fixtures/eurostat_since_after_last_size0_time.json"))
        let server = try TestHTTPServer(routes: ["/une_rt_m": { _ in TestResponse(headers: [("Content-Type", "application/json")], body: data) }])
        let dir = PlanWatchBinary.temporaryDirectory()
        try Self.writePlan(in: dir)
        try """
        plan: plan.yaml
        data_dir: data
        sources:
          - id: estat
            format: eurostat
            url: \(server.url("/une_rt_m"))
            mapping:
              codes: {"M.SA.TOTAL.PC_ACT.T": X01}
              regions: {DE: "430600"}
              annual: last
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let fetch = try await PlanWatchBinary.run(["fetch", "--config", "planwatch.yaml"], in: dir)
        #expect(fetch.status == 0, "stdout: \(fetch.stdout) stderr: \(fetch.stderr)")
        #expect(fetch.stdout.contains("estat: fresh, HTTP 200") && fetch.stdout.contains("0 observations"), "\(fetch.stdout)")
        #expect(fetch.stderr.contains("warning: source 'estat'") && fetch.stderr.contains("dimension 'time' (Time) has no periods"), "\(fetch.stderr)")
        // Not a failure, but a source that yields nothing: said by `indicators` and `run` too, exit 3
        // (MappingProblemTests.aQueryWithoutPeriodsIsSaidByRunAndInTheReport).
        let indicators = try await PlanWatchBinary.run(["indicators", "--json", "--config", "planwatch.yaml"], in: dir)
        #expect(indicators.status == 3, "stderr: \(indicators.stderr)")
        #expect(!indicators.stderr.contains("failed") && indicators.stderr.contains("dimension 'time' (Time) has no periods"), "\(indicators.stderr)")
    }
}
