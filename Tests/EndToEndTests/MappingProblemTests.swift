import Foundation
import PlanWatchTestSupport
import Testing

/// Issue 13, item 1: every mapping mistake an analyst makes while connecting a real feed ends in a
/// stderr line that names the source, the mapping key and what the payload holds (closest first),
/// and exit 3 from `run`, `fetch` and `indicators`, never 数据不足 with exit 0. Real payloads from
/// ../shared/fixtures/feeds, served on 127.0.0.1.
@Suite(.serialized) struct MappingProblemTests {
    static let feeds = FeedFormatTests.feeds

    /// A project whose only source serves `file` with `mapping`.
    func project(format: String, file: String, mapping: String) throws -> (TestHTTPServer, URL) {
        try project(format: format, data: try Data(contentsOf: Self.feeds.appendingPathComponent(file)), mapping: mapping)
    }

    /// The same with the payload given.
    func project(format: String, data: Data, mapping: String) throws -> (TestHTTPServer, URL) {
        let server = try TestHTTPServer(routes: ["/feed": { _ in TestResponse(body: data) }])
        let dir = PlanWatchBinary.temporaryDirectory()
        try FeedFormatTests.writePlan(in: dir, unit: "%")
        try """
        plan: plan.yaml
        data_dir: data
        outputs: {dir: out, formats: [text]}
        sources:
          - id: feed
            format: \(format)
            url: \(server.url("/feed"))
            mapping: \(mapping)
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        return (server, dir)
    }

    /// Adds a department report on X01 (`reports_dir: reports`) to the project in `dir`.
    func addReport(to dir: URL) throws {
        let reports = dir.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try "id: dept\ntitle: {zh: 部门报告, en: Department report}\nindicators: [X01]\nsections: [summary, indicators, missing]\n"
            .write(to: reports.appendingPathComponent("dept.yaml"), atomically: true, encoding: .utf8)
        let config = dir.appendingPathComponent("planwatch.yaml")
        try (String(contentsOf: config, encoding: .utf8) + "\nreports_dir: reports\n").write(to: config, atomically: true, encoding: .utf8)
    }

    /// A department report's text: the mapping problem with the source, counted apart and listed apart,
    /// never 数据不足.
    func expectDepartmentReport(_ dir: URL, label: String, count: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let page = try String(contentsOf: dir.appendingPathComponent("out/report-dept.txt"), encoding: .utf8)
        #expect(page.contains("1项\(count)而缺数") && page.contains("0项数据不足"), "\(page)", sourceLocation: sourceLocation)
        #expect(page.contains("X01 测试指标（\(label)（数据源 feed））"), "\(page)", sourceLocation: sourceLocation)
        #expect(page.contains("数据源本次有应答，但未返回该指标的数据"), "\(page)", sourceLocation: sourceLocation)
        #expect(!page.contains("没有可用的公开统计数据"), "\(page)", sourceLocation: sourceLocation)
    }

    /// Runs run, fetch and indicators; each must exit 3 and print `expected` on stderr.
    func expectProblem(_ dir: URL, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for command in [["run", "--quiet"], ["fetch"], ["indicators"]] {
            let output = try await PlanWatchBinary.run(command + ["--config", "planwatch.yaml"], in: dir)
            #expect(output.status == 3, "\(command): \(output.stderr)", sourceLocation: sourceLocation)
            for text in expected {
                #expect(output.stderr.contains(text), "\(command) should say \(text): \(output.stderr)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test(.enabled(if: FeedFormatTests.available)) func aWrongCodeNamesTheCodesThePayloadHasClosestFirst() async throws {
        let (server, dir) = try project(format: "nbs-easyquery", file: "nbs-china/nbs_hgyd_A0D01_202201_parent-code-expands.json",
                                        mapping: "{codes: {A0D0109: X01}, region: \"430600\", annual: last}")
        defer { server.stop() }
        try await expectProblem(dir, [
            "warning: source 'feed': ",
            "mapping.codes.A0D0109: the payload has no code 'A0D0109', so series X01 gets no figure from it; it has A0D0101, A0D0102, A0D0103",
        ])
    }

    @Test(.enabled(if: FeedFormatTests.available)) func aWrongEurostatSeriesKeyNamesTheKeysThePayloadHas() async throws {
        let (server, dir) = try project(format: "eurostat", file: "eurostat/estat_une_rt_m_DE-XX_since2024-01_value-object.json",
                                        mapping: "{codes: {M.NSA.TOTAL.PC_ACT.T: X01}, regions: {DE: \"430600\"}, annual: mean}")
        defer { server.stop() }
        try await expectProblem(dir, ["mapping.codes.M.NSA.TOTAL.PC_ACT.T: the payload has no series key 'M.NSA.TOTAL.PC_ACT.T'", "it has M.SA.TOTAL.PC_ACT.T"])
    }

    @Test(.enabled(if: FeedFormatTests.available)) func regionsOnAFeedWithoutARegionDimensionIsAProblem() async throws {
        let (server, dir) = try project(format: "nbs-easyquery", file: "nbs-china/nbs_hgyd_A020101_2024_monthly_hasdata-false.json",
                                        mapping: "{codes: {A020101: X01}, regions: {\"430000\": \"430600\"}, annual: cumulative}")
        defer { server.stop() }
        try await expectProblem(dir, ["mapping.regions: the payload has no region dimension", "set `region:` instead"])
    }

    @Test(.enabled(if: FeedFormatTests.available)) func aRegionCodeThePayloadLacksIsAProblem() async throws {
        let (server, dir) = try project(format: "eurostat", file: "eurostat/estat_une_rt_m_DE-XX_since2024-01_value-object.json",
                                        mapping: "{codes: {M.SA.TOTAL.PC_ACT.T: X01}, regions: {FR: \"430600\"}, annual: mean}")
        defer { server.stop() }
        try await expectProblem(dir, ["mapping.regions.FR: the payload has no region 'FR' in dimension geo", "it has DE"])
    }

    @Test(.enabled(if: FeedFormatTests.available)) func aMonthlyFeedWithoutAnAnnualRuleIsAProblem() async throws {
        let (server, dir) = try project(format: "nbs-easyquery", file: "nbs-china/nbs_hgyd_A020101_2024_monthly_hasdata-false.json",
                                        mapping: "{codes: {A020101: X01}, region: \"430600\"}")
        defer { server.stop() }
        try await expectProblem(dir, ["mapping.annual: 12 monthly or quarterly figure(s) of X01 (12) are not assessed", "set `annual:`"])
    }

    /// Red-team m7: a `codes:` key the payload lacks made the run exit 3 with the reason, but the
    /// indicator read 数据不足, which only ever means "not published". It reads the mapping problem
    /// with the source, and manifest.json lists it apart from the unpublished.
    @Test(.enabled(if: FeedFormatTests.available)) func aSeriesWhoseCodeThePayloadLacksReadsAMappingProblem() async throws {
        let (server, dir) = try project(format: "eurostat", file: "eurostat/estat_une_rt_m_DE-XX_since2024-01_value-object.json",
                                        mapping: "{codes: {M.NSA.TOTAL.PC_ACT.T: X01}, regions: {DE: \"430600\"}, annual: mean}")
        defer { server.stop() }
        try addReport(to: dir)
        let output = try await PlanWatchBinary.run(["run", "--quiet", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 3, "\(output.stderr)")
        let report = try String(contentsOf: dir.appendingPathComponent("out/ecology.txt"), encoding: .utf8)
        #expect(report.contains("映射未匹配（数据源 feed）") && report.contains("mapping matched nothing (source feed)"), "\(report)")
        #expect(!report.contains("Latest: 数据不足") && !report.contains("Status: 数据不足"), "\(report)")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/manifest.json"))) as? [String: Any])
        #expect(manifest["indicatorsFromUnmatchedMappings"] as? [String] == ["X01"], "\(manifest)")
        #expect(manifest["indicatorsWithoutData"] as? [String] == [], "\(manifest)")
        try expectDepartmentReport(dir, label: "映射未匹配", count: "因数据源映射未匹配")
    }

    /// Red-team m6: a Eurostat answer whose time dimension has size 0 (periods asked for after the last
    /// published one): `fetch` warned, `run` printed nothing and exited 0 while the indicator read 数据不足.
    /// Now `run` prints the warning as the source's problem, exits 3, and the indicator says the query
    /// returned no periods. The payload is the repository's copy of the real answer's structure.
    @Test func aQueryWithoutPeriodsIsSaidByRunAndInTheReport() async throws {
        let fixture = PlanWatchBinary.packageRoot.appendingPathComponent("Tests/PlanWatchFeedsTests/Fixtures/eurostat_since_after_last_size0_time.json")
        let (server, dir) = try project(format: "eurostat", data: try Data(contentsOf: fixture),
                                        mapping: "{codes: {M.SA.TOTAL.PC_ACT.T: X01}, regions: {DE: \"430600\"}, annual: mean}")
        defer { server.stop() }
        try addReport(to: dir)
        let output = try await PlanWatchBinary.run(["run", "--quiet", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 3, "\(output.stderr)")
        #expect(output.stderr.contains("warning: source 'feed': the source answered but yields no figures (") && output.stderr.contains("dimension 'time' (Time) has no periods"),
                "\(output.stderr)")
        let report = try String(contentsOf: dir.appendingPathComponent("out/ecology.txt"), encoding: .utf8)
        #expect(report.contains("查询未返回数据期（数据源 feed）") && report.contains("query returned no periods (source feed)"), "\(report)")
        #expect(!report.contains("Latest: 数据不足") && !report.contains("Status: 数据不足"), "\(report)")
        try expectDepartmentReport(dir, label: "查询未返回数据期", count: "因查询未返回数据期")
    }

    /// The control: the same feed mapped right completes with exit 0 (so the checks above fail for
    /// the mistake, not for the feed).
    @Test(.enabled(if: FeedFormatTests.available)) func theRightMappingCompletes() async throws {
        let (server, dir) = try project(format: "nbs-easyquery", file: "nbs-china/nbs_hgyd_A020101_2024_monthly_hasdata-false.json",
                                        mapping: "{codes: {A020101: X01}, region: \"430600\", annual: cumulative}")
        defer { server.stop() }
        let output = try await PlanWatchBinary.run(["run", "--quiet", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 0, "\(output.stderr)")
    }

    /// Issue 13, item 2: `inspect --source` shows the series keys as `mapping.codes` expects them (a
    /// Eurostat key joins every non-time, non-geo dimension), where each goes, and the figures the
    /// mapping yields, context (`x.`) figures included.
    @Test(.enabled(if: FeedFormatTests.available)) func inspectSourceShowsKeysAndTheFiguresTheMappingYields() async throws {
        let (server, dir) = try project(format: "eurostat", file: "eurostat/estat_une_rt_m_DE-XX_since2024-01_value-object.json",
                                        mapping: "{codes: {M.SA.TOTAL.PC_ACT.T: x.de-unemployment}, annual: mean}")
        defer { server.stop() }
        let text = try await PlanWatchBinary.run(["inspect", "--source", "feed", "--config", "planwatch.yaml"], in: dir)
        #expect(text.status == 0, "\(text.combined)")
        #expect(text.stdout.contains("M.SA.TOTAL.PC_ACT.T  Monthly · Seasonally adjusted data"), "\(text.stdout)")
        #expect(text.stdout.contains("→ x.de-unemployment"))
        #expect(text.stdout.contains("x.de-unemployment\tDE\t2024\t"), "\(text.stdout)")
        #expect(text.stdout.contains("context"))
        let json = try await PlanWatchBinary.run(["inspect", "--source", "feed", "--json", "--config", "planwatch.yaml"], in: dir)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let figures = try #require(object["figures"] as? [[String: Any]])
        #expect(figures.contains { $0["series"] as? String == "x.de-unemployment" && $0["kind"] as? String == "context" && $0["period"] as? String == "2024" })
        // A wrong key is a problem there too, with the keys the payload has.
        let (other, wrong) = try project(format: "eurostat", file: "eurostat/estat_une_rt_m_DE-XX_since2024-01_value-object.json",
                                         mapping: "{codes: {M.SA.TOTAL.PC_ACT.F: X01}, region: \"430600\", annual: mean}")
        defer { other.stop() }
        let problem = try await PlanWatchBinary.run(["inspect", "--source", "feed", "--config", "planwatch.yaml"], in: wrong)
        #expect(problem.status == 3)
        #expect(problem.stdout.contains("problems (what the mapping could not deliver):") && problem.stdout.contains("it has M.SA.TOTAL.PC_ACT.T"), "\(problem.stdout)")
    }
}
