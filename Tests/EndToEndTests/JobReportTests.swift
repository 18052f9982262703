import Foundation
import PlanWatchFetch
import PlanWatchTestSupport
import Testing

/// Jobs render department report definitions (`Reports/*.yaml`) as well as modules, through the same
/// selection as `planwatch run --report/--module`.
@Suite struct JobReportTests {
    static let reportsDir = "reports_dir: \(JobRunTests.root.path)/Reports"

    static func files(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    /// `reports: [ecology-annual]`: that report and no module in the run folder, in the ledger and
    /// `history --json`; a replay without network gives the same bytes.
    @Test func aJobWithReportsWritesThemRecordsThemAndItsReplayReproducesThem() async throws {
        let server = try TestHTTPServer(routes: ["/obs.csv": { _ in TestResponse(headers: [("Content-Type", "text/csv")], body: JobRunTests.observed) }])
        let dir = try JobRunTests.project(sources: "  - {id: stats, format: observations-csv, url: \"\(server.url("/obs.csv"))\"}",
                                          job: "    reports: [ecology-annual]", top: Self.reportsDir)
        let first = try await JobRunTests.run(["run", "--job", "daily"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let runs = dir.appendingPathComponent("out/daily/runs")
        let original = runs.appendingPathComponent("run-000001")
        let names = try Self.files(original)
        #expect(names == ["assessments.json", "manifest.json", "report-ecology-annual.json", "report-ecology-annual.txt"], "\(names)")
        let report = try String(contentsOf: original.appendingPathComponent("report-ecology-annual.txt"), encoding: .utf8)
        #expect(report.contains("岳阳市生态环境局"), "the department's report, not a module's")

        #expect(try JobRunTests.sql("SELECT report_id, ok FROM run_report WHERE run_id = 1", in: dir) == ["report-ecology-annual|1"])
        let history = try await PlanWatchBinary.run(["history", "--json", "--config", "planwatch.yaml"], in: dir)
        let entry = try #require((try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(entry["reports"] as? [String] == ["report-ecology-annual"])
        #expect((entry["outputs"] as? [String])?.sorted() == names, "each file once: \(entry)")

        server.stop()
        let replay = try await JobRunTests.run(["run", "--replay", "1"], in: dir)
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(server.requests(to: "/obs.csv").count == 1, "no request during the replay")
        let again = dir.appendingPathComponent("out/daily/replays/replay-000002-of-000001")
        #expect(try Self.files(again) == names)
        for name in names where name != "manifest.json" {
            #expect(FileManager.default.contents(atPath: original.appendingPathComponent(name).path)
                    == FileManager.default.contents(atPath: again.appendingPathComponent(name).path), "\(name) differs")
        }
        let job = try #require(try JobRunTests.manifest(again)["job"] as? [String: Any])
        #expect(job["differences"] as? [String] == ["manifest.json: finishedAt, job.run, job.trigger and job.replayOf describe this replay"])
    }

    /// With neither `modules:` nor `reports:`, a job writes what `planwatch run` writes: every module
    /// and every definition (a `for_each: region` one with its county pages).
    @Test func aJobWithoutASelectionRendersModulesAndEveryReport() async throws {
        let dir = try JobRunTests.project(sources: JobRunTests.localSource, top: Self.reportsDir)
        let output = try await JobRunTests.run(["run", "--job", "daily"], in: dir)
        #expect(output.status == 0, "\(output.stderr)")
        let validate = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir)
        #expect(validate.stdout.contains("; renders modules overview, industry-chains, ecology, livelihood, safety; reports county-ic13, ecology-annual, midterm-2023"),
                "\(validate.stdout)")
        let names = try Self.files(dir.appendingPathComponent("out/daily/latest/"))
        for page in ["overview", "ecology", "report-ecology-annual", "report-midterm-2023", "report-county-ic13", "report-county-ic13-430681"] {
            #expect(names.contains("\(page).txt"), "\(page).txt not written: \(names)")
        }
        // --report on the command line replaces the job's selection for one run.
        let one = try await JobRunTests.run(["run", "--job", "daily", "--report", "midterm-2023"], in: dir)
        #expect(one.status == 0, "\(one.stderr)")
        let only = try Self.files(dir.appendingPathComponent("out/daily/latest/")).filter { $0.hasSuffix(".txt") }
        #expect(only == ["report-midterm-2023.txt"], "\(only)")
    }

    /// A report id that names no definition is a configuration error at its own line and column, with
    /// the closest id, for every command (`validate` and `run --job` alike).
    @Test func anUnknownReportIdIsLocatedWithTheClosestId() async throws {
        let dir = try JobRunTests.project(sources: JobRunTests.localSource, job: "    reports: [ecology-annual, ecology-anual]", top: Self.reportsDir)
        let text = try String(contentsOf: dir.appendingPathComponent("planwatch.yaml"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("reports: [") }) + 1
        let column = try #require(lines[line - 1].range(of: "ecology-anual]")).lowerBound.utf16Offset(in: lines[line - 1]) + 1
        let expected = "planwatch.yaml:\(line):\(column): error: jobs[daily].reports[1]: no report definition 'ecology-anual'; "
            + "known: county-ic13, ecology-annual, midterm-2023; did you mean 'ecology-annual'?"
        for command in [["validate"], ["run", "--job", "daily", "--quiet"]] {
            let output = try await PlanWatchBinary.run(command + ["--config", "planwatch.yaml"], in: dir)
            #expect(output.status == 2, "\(command): \(output.stderr)")
            #expect(output.stderr.contains(expected), "\(command): \(output.stderr)")
        }
    }

    /// `validate` lists every problem of the jobs in one pass, even beside other job errors: unknown
    /// report and module ids each at its own entry, with the closest id.
    @Test func validateReportsEveryJobProblemAtOnceAtItsEntry() async throws {
        let dir = try JobRunTests.project(sources: JobRunTests.localSource, job: """
                reports: [ecology-anual]
                modules: [overview, ecolgy]
                keep: 0
              - name: weekly
                schedule: "0 25 * * *"
                time_zone: Asia/Shanghai
                modules:
                  - livelihod
            """, top: Self.reportsDir)
        let lines = try String(contentsOf: dir.appendingPathComponent("planwatch.yaml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func place(_ text: String) throws -> String {
            let line = try #require(lines.firstIndex { $0.contains(text) })
            return "planwatch.yaml:\(line + 1):\(try #require(lines[line].range(of: text)).lowerBound.utf16Offset(in: lines[line]) + 1)"
        }
        let output = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 2, "\(output.stderr)")
        for expected in [
            "\(try place("ecology-anual")): error: jobs[daily].reports[0]: no report definition 'ecology-anual'; ",
            "\(try place("ecolgy")): error: jobs[daily].modules[1]: no module 'ecolgy'; known: ",
            "did you mean 'ecology'?",
            "jobs[daily].keep: keep must be at least 1",
            "jobs[weekly].schedule: hour field '25'",
            "\(try place("livelihod")): error: jobs[weekly].modules[0]: no module 'livelihod'; ",
            "did you mean 'livelihood'?",
        ] {
            #expect(output.stderr.contains(expected), "\(expected) in: \(output.stderr)")
        }
    }

    /// A module id no module provides stops `run --job` as a configuration error, as a report id does.
    @Test func anUnknownModuleIdStopsTheRun() async throws {
        let dir = try JobRunTests.project(sources: JobRunTests.localSource, job: "    modules: [overview, ecolgy]")
        let output = try await JobRunTests.run(["run", "--job", "daily"], in: dir)
        #expect(output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains("error: jobs[daily].modules[1]: no module 'ecolgy'; known: ") && output.stderr.contains("did you mean 'ecology'?"),
                "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/daily/runs").path), "nothing ran")
    }
}
