import Foundation
import PlanWatchFetch
import PlanWatchTestSupport
import Testing

/// A failed source without mapping `codes:` names no series in advance: its indicators must still not
/// read 数据不足 (which means "not published"). Its last cached copy says which indicators it delivers
/// (获取失败); with no earlier copy, every indicator without a figure may be its (可能因获取失败缺失).
/// A derived series whose input came from a failed source names that source. Real binary, real
/// libcurl, a loopback server.
@Suite(.serialized) struct FailedSourceCoverageTests {
    static let root = PlanWatchBinary.packageRoot
    static let observed = String(decoding: try! Data(contentsOf: root.appendingPathComponent("Config/data/yueyang-observed.csv")), as: UTF8.self)

    /// The bundled figures without the rows starting with `prefix` (kept in the second file).
    static func split(_ prefix: String) -> (kept: String, taken: String) {
        let lines = observed.split(separator: "\n", omittingEmptySubsequences: false)
        let header = String(lines[0])
        let taken = lines.dropFirst().filter { $0.hasPrefix(prefix) }
        let kept = lines.filter { !$0.hasPrefix(prefix) }
        return (kept.joined(separator: "\n"), ([header] + taken.map(String.init)).joined(separator: "\n") + "\n")
    }

    /// A project: the bundled figures without K23's in a local file, source `forestry` (a YAML flow
    /// mapping: at a URL, or the local `forest.csv` that holds K23's rows) or none, and `tail` (jobs).
    func project(forestry: String?, tail: String = "") throws -> URL {
        let dir = PlanWatchBinary.temporaryDirectory()
        let (kept, taken) = Self.split("K23,")
        try kept.write(to: dir.appendingPathComponent("observed.csv"), atomically: true, encoding: .utf8)
        try taken.write(to: dir.appendingPathComponent("forest.csv"), atomically: true, encoding: .utf8)
        try """
        plan: \(Self.root.path)/Config/plans/yueyang-14th.yaml
        reports_dir: \(Self.root.path)/Reports
        data_dir: data
        sources:
          - {id: observed, format: observations-csv, path: observed.csv}
        \(forestry.map { "  - \($0)" } ?? "")
        outputs: {dir: out, formats: [md]}
        \(tail)
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    /// `forestry` fetched from `url` with no retry and no mapping (the file's own ids).
    static func remote(_ url: String) -> String { "{id: forestry, format: observations-csv, url: \"\(url)\", retries: 0}" }
    static let local = "{id: forestry, format: observations-csv, path: forest.csv}"

    func manifest(_ dir: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/manifest.json"))) as? [String: Any])
    }

    /// Markdown table rows (one line each) that name `id` in `file`.
    func rows(_ dir: URL, _ file: String, _ id: String) throws -> [String] {
        let text = try String(contentsOf: dir.appendingPathComponent("out/\(file)"), encoding: .utf8)
        return text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("|") && $0.contains("| \(id) ") || $0.hasPrefix("| \(id)") }
    }

    /// K23's rows in the module table and the department report: none says 数据不足, one says `label`.
    func expectK23(in dir: URL, reads label: String) throws {
        for file in ["ecology.md", "report-ecology-annual.md"] {
            let k23 = try rows(dir, file, "K23")
            #expect(!k23.isEmpty, "\(file) has no K23 row")
            #expect(k23.allSatisfy { !$0.contains("数据不足") && !$0.contains("no data") }, "\(file): \(k23)")
            #expect(k23.contains { $0.contains(label) }, "\(file): \(k23)")
        }
    }

    /// Answers once (K23's figures), then 503: the second run's K23 reads 获取失败（数据源 forestry）
    /// from the cached copy (too old for `max_stale`, so not used as data), is listed under
    /// `indicatorsFromFailedSources`, and standard error says how that is known. The indicators the
    /// source never delivered still read 数据不足.
    @Test func aSourceWithoutCodesIsKnownByItsLastCachedCopy() async throws {
        let body = Data(Self.split("K23,").taken.utf8)
        let up = Locked(true)
        let server = try TestHTTPServer(routes: ["/forest.csv": { _ in
            up.withLock { $0 } ? TestResponse(headers: [("Content-Type", "text/csv")], body: body) : .text("down", status: 503)
        }])
        defer { server.stop() }
        let dir = try project(forestry: Self.remote(server.url("/forest.csv")))
        let first = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let healthy = try manifest(dir)
        let unpublished = try #require(healthy["indicatorsWithoutData"] as? [String])
        #expect(!unpublished.contains("K23"), "K23 has figures from forestry")
        up.withLock { $0 = false }

        let second = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(second.status == 3, "\(second.stderr)")
        #expect(server.requests(to: "/forest.csv").count == 2)
        let m = try manifest(dir)
        #expect(m["indicatorsFromFailedSources"] as? [String] == ["K23"], "\(m)")
        #expect(m["indicatorsWithoutData"] as? [String] == unpublished, "the others are as unpublished as before")
        #expect((m["indicatorsPossiblyFromFailedSources"] as? [String])?.isEmpty == true)
        let coverage = try #require((m["failedSourceCoverage"] as? [[String: Any]])?.first)
        #expect(coverage["basis"] as? String == "cached-copy" && coverage["series"] as? [String] == ["K23"], "\(coverage)")
        #expect(second.stderr.contains("note: source 'forestry' failed; its last cached copy of ") && second.stderr.contains("held K23: without a figure, K23 read 获取失败（数据源 forestry）"), "\(second.stderr)")
        try expectK23(in: dir, reads: "获取失败（数据源 forestry）")
        // An unpublished indicator of the same module still says so.
        let ecology = try String(contentsOf: dir.appendingPathComponent("out/ecology.md"), encoding: .utf8)
        #expect(ecology.contains("数据不足"), "\(ecology)")
    }

    /// A source that never answered and has no `codes:`: nothing says what it delivers, so no
    /// indicator without a figure reads 数据不足. Each reads 可能因获取失败缺失（数据源 forestry）, the
    /// manifest lists exactly the indicators a run without the source lists as unpublished, and
    /// standard error says why.
    @Test func aSourceThatNeverAnsweredMakesEveryGapPossiblyItsLoss() async throws {
        let baseline = try project(forestry: nil)
        let plain = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: baseline)
        #expect(plain.status == 0, "\(plain.stderr)")
        let unpublished = try #require(try manifest(baseline)["indicatorsWithoutData"] as? [String])
        #expect(unpublished.contains("K23"))

        let server = try TestHTTPServer(routes: ["/forest.csv": { _ in .text("down", status: 503) }])
        defer { server.stop() }
        let dir = try project(forestry: Self.remote(server.url("/forest.csv")))
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 3, "\(output.stderr)")
        let m = try manifest(dir)
        // Every unpublished one of the healthy run, and 待评估 ones without a figure too.
        let possible = try #require(m["indicatorsPossiblyFromFailedSources"] as? [String])
        #expect(Set(possible).isSuperset(of: unpublished), "\(possible) vs \(unpublished)")
        #expect((m["indicatorsWithoutData"] as? [String])?.isEmpty == true, "none is known to be unpublished: \(m)")
        #expect((m["indicatorsFromFailedSources"] as? [String])?.isEmpty == true)
        #expect(output.stderr.contains("warning: source 'forestry' failed and which series it delivers is not known"), "\(output.stderr)")
        #expect(output.stderr.contains("may be among its figures, so they read 可能因获取失败缺失（数据源 forestry）"), "\(output.stderr)")
        try expectK23(in: dir, reads: "可能因获取失败缺失（数据源 forestry）")
        let department = try String(contentsOf: dir.appendingPathComponent("out/report-ecology-annual.md"), encoding: .utf8)
        #expect(department.contains("无法事先确定其提供哪些指标"), "the missing-figures section says why: \(department)")
        #expect(!department.contains("没有可用的公开统计数据"), "no indicator is called unpublished: \(department)")
        // The modules' own tables: five-year totals (LV01's series) and the county comparison.
        let totals = try rows(dir, "livelihood.md", "LV01.urban-jobs")
        #expect(!totals.isEmpty && totals.allSatisfy { !$0.contains("数据不足") && $0.contains("可能因获取失败缺失") }, "\(totals)")
        let chains = try String(contentsOf: dir.appendingPathComponent("out/industry-chains.md"), encoding: .utf8)
        let counties = chains.split(separator: "\n").filter { $0.hasPrefix("| 汨罗市") }
        #expect(!counties.isEmpty && counties.allSatisfy { !$0.contains("数据不足") }, "\(counties)")
        // A county report with no figure at all does not call them unpublished either.
        let county = try String(contentsOf: dir.appendingPathComponent("out/report-county-ic13-430621.md"), encoding: .utf8)
        #expect(county.contains("本次没有取得数据：数据源 forestry 获取失败") && !county.contains("均为“数据不足”"), "\(county)")
    }

    /// A local file without `codes:` that no longer reads, in a job run: the store's last delivery of
    /// the source says it fed K23, which reads 获取失败（数据源 forestry）, not 数据不足.
    @Test func aJobKnowsAFailedSourceByItsLastDeliveryInTheStore() async throws {
        let dir = try project(forestry: Self.local, tail: """
            jobs:
              - {name: daily, schedule: "0 8 * * *", time_zone: Asia/Shanghai, formats: [md]}
            """)
        let forest = dir.appendingPathComponent("forest.csv")
        let first = try await PlanWatchBinary.run(["run", "--job", "daily", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        try FileManager.default.removeItem(at: forest)
        let second = try await PlanWatchBinary.run(["run", "--job", "daily", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(second.status == 3, "\(second.stderr)")
        let latest = dir.appendingPathComponent("out/daily/latest")
        let m = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: latest.appendingPathComponent("manifest.json"))) as? [String: Any])
        #expect(m["indicatorsFromFailedSources"] as? [String] == ["K23"], "\(m)")
        let coverage = try #require((m["failedSourceCoverage"] as? [[String: Any]])?.first)
        #expect(coverage["basis"] as? String == "stored-delivery" && coverage["series"] as? [String] == ["K23"], "\(coverage)")
        #expect(second.stderr.contains("its last delivery in the store of "), "\(second.stderr)")
        let ecology = try String(contentsOf: latest.appendingPathComponent("ecology.md"), encoding: .utf8)
        let k23 = ecology.split(separator: "\n").filter { $0.hasPrefix("| K23") }
        #expect(!k23.isEmpty && k23.allSatisfy { !$0.contains("数据不足") }, "\(k23)")
        #expect(k23.contains { $0.contains("获取失败（数据源 forestry）") }, "the latest-figure and status cells say so: \(k23)")
    }

    /// A plain run (no job, no store): a local file without `codes:` that no longer reads is known by
    /// the previous run's manifest.json in the same output folder, whose source record lists the
    /// series it delivered; a third run with the file still gone carries that knowledge forward.
    @Test func aPlainRunKnowsAFailedSourceByThePreviousManifest() async throws {
        let dir = try project(forestry: Self.local)
        let forest = dir.appendingPathComponent("forest.csv")
        let first = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let sources = try #require(try manifest(dir)["sources"] as? [[String: Any]])
        #expect(sources.first { $0["id"] as? String == "forestry" }?["series"] as? [String] == ["K23"], "\(sources)")
        let observed = sources.first { $0["id"] as? String == "observed" }?["series"] as? [String] ?? []
        #expect(observed.contains("K01") && observed.contains("x.gdp-level") && !observed.contains("K23"),
                "plan series and the context ids derived series rest on: \(observed)")
        try FileManager.default.removeItem(at: forest)
        for run in 2...3 {
            let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
            #expect(output.status == 3, "run \(run): \(output.stderr)")
            let m = try manifest(dir)
            #expect(m["indicatorsFromFailedSources"] as? [String] == ["K23"], "run \(run): \(m)")
            let coverage = try #require((m["failedSourceCoverage"] as? [[String: Any]])?.first)
            #expect(coverage["basis"] as? String == "previous-run" && coverage["series"] as? [String] == ["K23"], "run \(run): \(coverage)")
            #expect(output.stderr.contains("note: source 'forestry' failed; the previous run of "), "run \(run): \(output.stderr)")
            try expectK23(in: dir, reads: "获取失败（数据源 forestry）")
        }
        // `indicators` reads the same manifest (the config's output folder) and says the same.
        let indicators = try await PlanWatchBinary.run(["indicators", "--config", "planwatch.yaml"], in: dir)
        #expect(indicators.status == 3, "\(indicators.stderr)")
        #expect(indicators.stderr.contains("note: source 'forestry' failed; the previous run of "), "\(indicators.stderr)")
        #expect(indicators.stdout.contains("获取失败（数据源 forestry）"), "\(indicators.stdout)")
    }

    /// K07 is derived from x.budget-revenue and x.gdp-level. With the revenue figures behind a source
    /// that fails (its `codes:` map them to x.budget-revenue), K07 reads 获取失败 naming that source,
    /// not 数据不足, and is listed under `indicatorsFromFailedSources`.
    @Test func aDerivedSeriesNamesTheFailedSourceOfItsInput() async throws {
        let server = try TestHTTPServer(routes: ["/budget.csv": { _ in .text("down", status: 503) }])
        defer { server.stop() }
        let dir = PlanWatchBinary.temporaryDirectory()
        try Self.split("x.budget-revenue,").kept.write(to: dir.appendingPathComponent("observed.csv"), atomically: true, encoding: .utf8)
        try """
        plan: \(Self.root.path)/Config/plans/yueyang-14th.yaml
        data_dir: data
        sources:
          - {id: observed, format: observations-csv, path: observed.csv}
          - {id: budget, format: observations-csv, url: "\(server.url("/budget.csv"))", retries: 0, mapping: {codes: {revenue: x.budget-revenue}}}
        outputs: {dir: out, formats: [md]}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 3, "\(output.stderr)")
        let m = try manifest(dir)
        #expect((m["indicatorsFromFailedSources"] as? [String])?.contains("K07") == true, "\(m)")
        #expect((m["indicatorsWithoutData"] as? [String])?.contains("K07") == false, "\(m)")
        let k07 = try rows(dir, "industry-chains.md", "K07")
        #expect(!k07.isEmpty)
        #expect(k07.allSatisfy { !$0.contains("数据不足") }, "\(k07)")
        #expect(k07.contains { $0.contains("获取失败（数据源 budget）") }, "\(k07)")
        #expect(output.stderr.contains("note: source 'budget' failed; its mapping `codes:` target x.budget-revenue: without a figure, K07 read 获取失败（数据源 budget）"), "\(output.stderr)")
    }
}
