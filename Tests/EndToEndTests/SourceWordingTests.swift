import Foundation
import PlanWatchFetch
import PlanWatchTestSupport
import Testing

/// Issue 13, items 2, 4 to 7 and the review leftovers, end to end against a loopback server with the
/// real payloads of ../shared/fixtures/feeds: context figures a user can read, levels refused for
/// growth targets, source lines and CSVs a director can read, words that fit the time of reading, fix
/// texts that fit the case.
@Suite(.serialized) struct SourceWordingTests {
    static let feeds = FeedFormatTests.feeds
    static let available = FeedFormatTests.available

    /// The probe plan with a real-growth target (K01, %) and a level target (L01, 亿元).
    static func writePlan(in dir: URL) throws {
        try FeedFormatTests.writePlan(in: dir, more: [
            "{id: K01, zh: 地区生产总值增长, module: industry-chains, attribute: expected, seed: test, unit: \"%\", baseline: {year: 2020, value: 4.2}, target: {kind: growth, value: 6.5, year: 2025, text: \"6.5\"}}",
            "{id: L01, zh: 地区生产总值, module: industry-chains, attribute: expected, seed: test, unit: 亿元, baseline: {year: 2020, value: 40000}, target: {kind: level, value: 60000, year: 2025, text: \"60000\"}}",
        ])
    }

    /// A project serving `file` as source `feed` with `publisher` and `mapping`, and `extra` sources.
    func project(format: String, file: String, mapping: String, publisher: String? = nil, extra: String = "") throws -> (TestHTTPServer, URL) {
        let data = try Data(contentsOf: Self.feeds.appendingPathComponent(file))
        let server = try TestHTTPServer(routes: ["/feed": { _ in TestResponse(body: data) }])
        let dir = PlanWatchBinary.temporaryDirectory()
        try Self.writePlan(in: dir)
        try """
        plan: plan.yaml
        data_dir: data
        outputs: {dir: out, formats: [text, md, html, csv]}
        sources:
          - id: feed
            format: \(format)
            url: \(server.url("/feed"))
        \(publisher.map { "    publisher: \($0)" } ?? "")
            mapping: \(mapping)
        \(extra)
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        return (server, dir)
    }

    func read(_ dir: URL, _ name: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent("out/\(name)"), encoding: .utf8)
    }

    /// Item 2: monthly Eurostat figures mapped to an x. id without `annual:` are kept by month and shown
    /// in `indicators --json` under their source and in the overview's context table in every format,
    /// with the publisher and the feed's publication date (`updated`) in the source line.
    @Test(.enabled(if: available)) func contextFiguresAreShownWithSourceAndPeriod() async throws {
        let (server, dir) = try project(format: "eurostat", file: "eurostat/estat_une_rt_m_DE-XX_since2024-01_value-object.json",
                                        mapping: "{codes: {M.SA.TOTAL.PC_ACT.T: x.de-unemployment}}", publisher: "Eurostat")
        defer { server.stop() }
        let json = try await PlanWatchBinary.run(["indicators", "--json", "--config", "planwatch.yaml"], in: dir)
        #expect(json.status == 0, "\(json.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(entries.contains { $0["id"] as? String == "K01" }, "the indicator records come first, as before")
        let context = try #require(entries.first { $0["kind"] as? String == "context" }, "\(json.stdout)")
        #expect(context["source"] as? String == "feed" && context["publisher"] as? String == "Eurostat")
        let figures = try #require(context["figures"] as? [[String: Any]])
        #expect(figures.contains { $0["series"] as? String == "x.de-unemployment" && $0["period"] as? String == "2024M01" && $0["value"] is Double })
        #expect(figures.allSatisfy { $0["published"] as? String == "2026-09-22" })

        let run = try await PlanWatchBinary.run(["run", "--quiet", "--config", "planwatch.yaml"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try read(dir, "overview.txt")
        #expect(text.contains("背景数据 / Context figures"), "\(text)")
        #expect(text.contains("x.de-unemployment") && text.contains("2024M"))
        #expect(text.contains("按月列出") && text.contains("listed by month"), "monthly context figures are said to be monthly")
        #expect(text.contains("来源 / Source: x.de-unemployment: Eurostat "), "the source line names the series and the publisher: \(text)")
        #expect(text.components(separatedBy: "来源 / Source: x.de-unemployment").count == 2, "one source line per source and series, not one per array cell")
        let md = try read(dir, "overview.md")
        #expect(md.contains("- x.de-unemployment: Eurostat Unemployment by sex and age - monthly data, 2026年; 发布 / published 2026-09-22"), "\(md)")
        for name in ["overview.md", "overview.html"] {
            let other = try read(dir, name)
            #expect(other.contains("x.de-unemployment") && other.contains("2026-09-22"), "\(name)")
        }
        let csv = try read(dir, "overview.context.csv")
        #expect(csv.contains("x.de-unemployment,DE,2026M07,4,,Eurostat"), "\(csv)")
        let manifest = try read(dir, "manifest.json")
        #expect(manifest.contains("kept as they are and listed by month"), "the choice is said in the manifest")
    }

    /// Item 4: a level in 亿元 mapped to a real-growth target is refused, naming source, series, unit
    /// and the key that allows it; with `comparable_prices` it is used and the run completes.
    @Test(.enabled(if: available)) func aLevelForAGrowthTargetNeedsComparablePrices() async throws {
        let mapping = "{codes: {\"地区生产总值(亿元)\": K01}, regions: {\"430000\": \"430600\"}}"
        let (server, dir) = try project(format: "csv", file: "csv-cn/nbs_fsnd_export_GDP_gbk.csv", mapping: mapping, publisher: "国家统计局")
        defer { server.stop() }
        for command in [["run", "--quiet"], ["indicators"]] {
            let output = try await PlanWatchBinary.run(command + ["--config", "planwatch.yaml"], in: dir)
            #expect(output.status == 3, "\(command): \(output.stderr)")
            #expect(output.stderr.contains("source 'feed': series K01 has a growth target"), "\(output.stderr)")
            #expect(output.stderr.contains("in '亿元'") && output.stderr.contains("comparable_prices: true"), "\(output.stderr)")
        }
        // The report says why K01 has no figure (item f).
        let text = try read(dir, "overview.txt")
        #expect(text.contains("数据问题 / Data problems") && text.contains("series K01 has a growth target"), "\(text)")

        let allowed = "{codes: {\"地区生产总值(亿元)\": K01}, regions: {\"430000\": \"430600\"}, comparable_prices: [K01]}"
        let (other, ok) = try project(format: "csv", file: "csv-cn/nbs_fsnd_export_GDP_gbk.csv", mapping: allowed)
        defer { other.stop() }
        let output = try await PlanWatchBinary.run(["indicators", "--json", "--config", "planwatch.yaml"], in: ok)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(!output.stderr.contains("growth target"))
        let records = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        let k01 = try #require(records.first { $0["id"] as? String == "K01" }?["assessment"] as? [String: Any])
        #expect(k01["status"] as? String != "not_available", "\(k01)")
    }

    /// Item 4: one series fed by two sources in different units names each unit with its source.
    @Test(.enabled(if: available)) func mixedUnitsNameTheUnitsAndTheSources() async throws {
        let (server, dir) = try project(format: "csv", file: "csv-cn/nbs_fsnd_export_GDP_gbk.csv",
                                        mapping: "{codes: {\"地区生产总值(亿元)\": L01}, regions: {\"430000\": \"430600\"}}",
                                        extra: "  - {id: office, format: observations-csv, path: entered.csv}")
        defer { server.stop() }
        try "indicator,region,period,value,unit,status,source_title,source_url,quote,note\nL01,430600,2025,600000000,万元,,录入,,,\n"
            .write(to: dir.appendingPathComponent("entered.csv"), atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["run", "--quiet", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 3, "\(output.stderr)")
        #expect(output.stderr.contains("series L01 gets figures in different units: '万元' from source 'office', '亿元' from source 'feed'"), "\(output.stderr)")
        #expect(output.stderr.contains("set `scale`"))
    }

    /// Item 5: a stale source reads as one short sentence with the date in the report; the transfer
    /// error is in manifest.json only.
    @Test(.enabled(if: available)) func theStaleNoticeIsOneSentenceWithTheDate() async throws {
        let data = try Data(contentsOf: Self.feeds.appendingPathComponent("nbs-china/nbs_hgyd_A020101_2024_monthly_hasdata-false.json"))
        let up = Locked(true)
        let server = try TestHTTPServer(routes: ["/feed": { _ in up.withLock { $0 } ? TestResponse(body: data) : TestResponse(status: 500, body: Data("down".utf8)) }])
        defer { server.stop() }
        let dir = PlanWatchBinary.temporaryDirectory()
        try Self.writePlan(in: dir)
        try """
        plan: plan.yaml
        data_dir: data
        outputs: {dir: out, formats: [text]}
        sources:
          - {id: nbs, format: nbs-easyquery, url: "\(server.url("/feed"))", retries: 0, max_stale: 7d, publisher: 国家统计局,
             mapping: {codes: {A020101: x.industry}, region: "430600", annual: cumulative}}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let first = try await PlanWatchBinary.run(["run", "--quiet", "--config", "planwatch.yaml"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        up.withLock { $0 = false }
        let stale = try await PlanWatchBinary.run(["run", "--quiet", "--config", "planwatch.yaml"], in: dir)
        #expect(stale.status == 3, "\(stale.stderr)")
        let text = try read(dir, "overview.txt")
        let day = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        #expect(text.contains("数据源 nbs / Source nbs: 数据截至 \(day)（缓存）/ cached copy of "), "\(text)")
        #expect(!text.contains("HTTP 500") && !text.lowercased().contains("curl"), "\(text)")
        let manifest = try read(dir, "manifest.json")
        #expect(manifest.contains("500"), "the reason stays in the manifest")
    }

    /// Item 6: the 13th plan, read after its target year 2020, says 已实现 / achieved, never 提前实现.
    @Test func aPlanReadAfterItsTargetYearSaysAchieved() async throws {
        let out = PlanWatchBinary.temporaryDirectory()
        let output = try await PlanWatchBinary.run(["run", "--quiet", "--config", "Config/planwatch-13th.yaml", "--out", out.path, "--format", "text,md,html,csv"])
        #expect([0, 3].contains(output.status), "\(output.stderr)")
        for name in ["overview.txt", "overview.md", "overview.html", "overview.indicators.csv"] {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            #expect(text.contains("已实现"), "\(name)")
        }
        for name in ["overview.txt", "industry-chains.txt", "ecology.txt", "livelihood.txt", "safety.txt"] {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("提前实现"), "\(name) still says achieved ahead of time")
        }
    }

    /// Item 7: a GBK CSV fetched as `observations-csv` names `format: csv` as the fix, not re-saving a file.
    @Test(.enabled(if: available)) func aRemoteGBKFileNamesFormatCSV() async throws {
        let (server, dir) = try project(format: "observations-csv", file: "csv-cn/nbs_fsnd_export_GDP_gbk.csv", mapping: "{}")
        defer { server.stop() }
        let output = try await PlanWatchBinary.run(["fetch", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 3, "\(output.combined)")
        #expect(output.combined.contains("GBK/GB18030") && output.combined.contains("use `format: csv`"), "\(output.combined)")
        #expect(!output.combined.contains("save the file as UTF-8"))
        // The outcome line does not read "failed, HTTP 200" as if the two agreed.
        #expect(output.stdout.contains("feed: failed, HTTP 200 answered but the body was not usable"), "\(output.stdout)")
    }

    /// Review: `inspect FILE` of a provider's error answer names the file and says what it holds, exit 3.
    @Test(.enabled(if: available)) func inspectingAProviderErrorFileSaysSo() async throws {
        let file = Self.feeds.appendingPathComponent("nbs-china/nbs_error_returncode501.json").path
        let output = try await PlanWatchBinary.run(["inspect", file, "--format", "nbs-easyquery"])
        #expect(output.status == 3, "\(output.combined)")
        #expect(output.stderr.contains("\(file): $.returndata: the file holds a provider error, not data: NBS returncode 501"), "\(output.stderr)")
        #expect(!output.stderr.contains("source 'inspect'"))
    }

    /// Review: `inspect --source` lists the keys of a body that held a secret (never cached), masked.
    @Test(.enabled(if: available)) func inspectSourceListsKeysOfABodyThatHeldASecret() async throws {
        let secret = "s3cr3t-token-4711"
        var body = try String(contentsOf: Self.feeds.appendingPathComponent("eurostat/estat_une_rt_m_DE-XX_since2024-01_value-object.json"), encoding: .utf8)
        body = body.replacingOccurrences(of: "\"label\":", with: "\"note\": \"echo \(secret)\", \"label\":", options: [], range: body.range(of: "\"label\":"))
        let payload = Data(body.utf8)
        let server = try TestHTTPServer(routes: ["/feed": { _ in TestResponse(body: payload) }])
        defer { server.stop() }
        let dir = PlanWatchBinary.temporaryDirectory()
        try Self.writePlan(in: dir)
        try """
        plan: plan.yaml
        data_dir: data
        sources:
          - {id: feed, format: eurostat, url: "\(server.url("/feed"))", headers: {X-Key: "${PW_TEST_KEY}"},
             mapping: {codes: {M.SA.TOTAL.PC_ACT.T: x.de}, annual: mean}}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["inspect", "--source", "feed", "--config", "planwatch.yaml"], in: dir,
                                                   environment: ["PW_TEST_KEY": secret])
        #expect(output.status == 0, "\(output.combined)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("data/cache/feed/body").path), "a body holding the secret is not cached")
        #expect(output.stdout.contains("M.SA.TOTAL.PC_ACT.T") && !output.stdout.contains("not available"), "\(output.stdout)")
        #expect(!output.combined.contains(secret))
    }

    /// Review: the bundled config's derived series without an input are one summarised line.
    @Test func derivationGapsAreOneLine() async throws {
        let output = try await PlanWatchBinary.run(["indicators", "--config", "Config/planwatch.yaml"])
        let lines = output.stderr.split(separator: "\n").filter { $0.contains("not derived") }
        #expect(lines.count == 1, "\(output.stderr)")
        #expect(lines.first?.contains("K06 (no x.trade-total)") == true)
    }

    /// Review: `run --job` printed none of what `run` says after assessing (problems, warnings); it
    /// now prints the same lines through the same code, the derivation gaps in one summary line.
    @Test func aJobRunSaysWhatRunSaysWithTheGapsInOneLine() async throws {
        let dir = try JobRunTests.project(sources: JobRunTests.localSource)
        let job = try await JobRunTests.run(["run", "--job", "daily"], in: dir)
        #expect(job.status == 0, "\(job.stderr)")
        let lines = job.stderr.split(separator: "\n").filter { $0.contains("not derived") }
        #expect(lines.count == 1, "\(job.stderr)")
        #expect(lines.first?.contains("K06 (no x.trade-total)") == true, "\(job.stderr)")
        #expect(job.stderr.contains("run #1 of job 'daily': complete"), "\(job.stderr)")
        // The same lines as a plain run of the same config, before the job's own last line.
        let plain = try await JobRunTests.run(["run", "--out", "plain"], in: dir)
        let said = { (output: PlanWatchBinary.Output) in
            output.stderr.split(separator: "\n").filter { $0.hasPrefix("warning:") || $0.hasPrefix("note:") }
        }
        #expect(!said(plain).isEmpty && said(job) == said(plain), "job: \(job.stderr)\nrun: \(plain.stderr)")
    }

    /// Review: `run --report` of ecology indicators printed the gaps of K06, K07 … as if they concerned
    /// that report; they are counted in one note that says they concern other parts of the plan.
    @Test func derivationGapsOutsideTheSelectedReportAreOnlyCounted() async throws {
        let out = PlanWatchBinary.temporaryDirectory()
        let output = try await PlanWatchBinary.run(["run", "--report", "ecology-annual", "--out", out.path, "--quiet"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(!output.stderr.contains("not derived") && !output.stderr.contains("K06"), "\(output.stderr)")
        #expect(output.stderr.contains("other derived series of the plan, not in the selected reports or modules"), "\(output.stderr)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("K06 not derived for"), "the gaps stay in manifest.json")
    }
}
