import Foundation
import PlanWatchTestSupport
import Testing

/// Issue 9 (security and resource limits), each from its trigger, through the built binary.
@Suite(.serialized) struct LimitTests {
    static let root = PlanWatchBinary.packageRoot.path

    /// A project folder with `planwatch.yaml` (the bundled plan unless `plan` is given) and `files`.
    func project(sources: String, plan: String? = nil, files: [String: String] = [:]) throws -> URL {
        let dir = PlanWatchBinary.temporaryDirectory()
        var planPath = "\(Self.root)/Config/plans/yueyang-14th.yaml"
        if let plan {
            try plan.write(to: dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
            planPath = "plan.yaml"
        }
        try "plan: \(planPath)\nsources:\n\(sources)\noutputs: {dir: out, formats: [text, json]}\n"
            .write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    /// `timeout: {total: 1e16}` passed validate; fetch and run then died converting it to curl's
    /// milliseconds (SIGILL, exit 132). Now every command refuses the config with the place.
    @Test func aHugeTimeoutIsAConfigErrorNotATrap() async throws {
        let dir = try project(sources: "  - id: web\n    format: observations-csv\n    url: http://127.0.0.1:9/x.csv\n    timeout: {total: 1e16}")
        for command in ["validate", "fetch", "run"] {
            let output = try await PlanWatchBinary.run([command, "--config", "planwatch.yaml"], in: dir)
            #expect(output.status == 2, "\(command): \(output.status) \(output.stderr)")
            #expect(output.stderr.contains("planwatch.yaml:6:22: error: sources[web].timeout.total: 1e16 is out of range; use 0.001 to 86400 seconds"), "\(output.stderr)")
        }
    }

    @Test(arguments: ["forever", "7days", "\"7 days\"", "-5"])
    func aDurationThatWouldDisableTheFallbackIsRefused(value: String) async throws {
        let dir = try project(sources: "  - {id: web, format: observations-csv, url: \"http://127.0.0.1:9/x.csv\", max_stale: \(value)}")
        let output = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 2)
        #expect(output.stderr.contains("planwatch.yaml:3:") && output.stderr.contains("sources[web].max_stale:")
            && output.stderr.contains("(90s, 30m, 12h, 7d)"), "\(output.stderr)")
    }

    /// `--width -5` said "missing value" (read as an option); `--width 99999999999` aborted allocating
    /// 100 GB. Now: a clear error, and a clamp to 1000 columns with a warning.
    @Test func widthIsCheckedAndClamped() async throws {
        let out = PlanWatchBinary.temporaryDirectory().path
        for arguments in [["--width", "-5"], ["--width=-5"], ["--width", "0"]] {
            let output = try await PlanWatchBinary.run(["run", "--out", out] + arguments)
            #expect(output.status == 2, "\(arguments): \(output.stderr)")
            #expect(output.stderr.contains("--width: ") && output.stderr.contains("is not a width; give a number of columns from 20 to 1000"), "\(output.stderr)")
        }
        let wide = try await PlanWatchBinary.run(["run", "--out", out, "--format", "text", "--width", "99999999999"])
        #expect(wide.status == 0, "\(wide.stderr)")
        #expect(wide.stderr.contains("warning: --width 99999999999 is outside 20...1000 columns; using 1000"), "\(wide.stderr)")
        let longest = wide.stdout.split(separator: "\n").map(\.count).max() ?? 0
        #expect(longest > 100 && longest <= 1000, "longest line \(longest)")
    }

    /// `run --out ''` wrote the reports into the current directory and exited 0.
    @Test func anEmptyOutputDirectoryIsRefused() async throws {
        let dir = try project(sources: "  - {id: local, format: observations-csv, path: \(Self.root)/Config/data/yueyang-observed.csv}")
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--out", "", "--quiet"], in: dir)
        #expect(output.status == 2)
        #expect(output.stderr.contains("--out: the output directory is empty"), "\(output.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["planwatch.yaml"])
    }

    /// `--data-dir` naming a file was a raw NSCocoaErrorDomain warning per source, the cache silently off.
    @Test func aDataDirThatIsAFileIsAConfigurationError() async throws {
        let dir = try project(sources: "  - {id: local, format: observations-csv, path: \(Self.root)/Config/data/yueyang-observed.csv}")
        for command in ["fetch", "run"] {
            let output = try await PlanWatchBinary.run([command, "--config", "planwatch.yaml", "--data-dir", "planwatch.yaml", "--quiet"].filter { command == "run" || $0 != "--quiet" }, in: dir)
            #expect(output.status == 2, "\(command): \(output.stderr)")
            #expect(output.stderr.contains("--data-dir: \(dir.path)/planwatch.yaml is a file, not a folder"), "\(output.stderr)")
            #expect(!output.stderr.contains("NSCocoaErrorDomain"))
        }
    }

    /// `--data-dir /proc/self/x` (cannot be created) was a raw NSCocoaErrorDomain warning, the cache
    /// silently off and exit 0 (red-team m1).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status")))
    func aDataDirThatCannotBeCreatedIsAConfigurationError() async throws {
        let dir = try project(sources: "  - {id: local, format: observations-csv, path: \(Self.root)/Config/data/yueyang-observed.csv}")
        for command in ["fetch", "run"] {
            let output = try await PlanWatchBinary.run([command, "--config", "planwatch.yaml", "--data-dir", "/proc/self/x"], in: dir)
            #expect(output.status == 2, "\(command): \(output.stderr)")
            #expect(output.stderr.contains("--data-dir: /proc/self/x cannot be created: No such file or directory; give a folder you can write to"), "\(output.stderr)")
            #expect(!output.stderr.contains("NSCocoaErrorDomain"))
        }
    }

    /// `schedule --stop-timeout 1e20` (nan, inf) trapped on SIGTERM converting to milliseconds, and
    /// `--stop-timeout -1`, `--limit -1`, `--replay -1` said "Missing value" (red-team M1, m4): each is
    /// refused at start, exit 2, with the range.
    @Test(arguments: [
        (["schedule", "--stop-timeout", "1e20"], "--stop-timeout 1e+20: out of range; give seconds from 0 to 86400"),
        (["schedule", "--stop-timeout", "nan"], "--stop-timeout nan: not a number of seconds; give seconds from 0 to 86400"),
        (["schedule", "--stop-timeout", "inf"], "--stop-timeout inf: not a number of seconds"),
        (["schedule", "--stop-timeout", "-1"], "--stop-timeout -1: out of range; give seconds from 0 to 86400"),
        (["history", "--limit", "-1"], "--limit -1: out of range; give the number of runs to list, newest first, from 1 to 100000"),
        (["history", "--limit", "0"], "--limit 0: out of range"),
        (["history", "--limit=-5"], "--limit -5: out of range"),
        (["run", "--replay", "-1"], "--replay -1: not a run number; runs are numbered from 1"),
        (["run", "--replay", "0"], "--replay 0: not a run number"),
    ])
    func numericOptionsAreRangeCheckedAtStart(arguments: [String], message: String) async throws {
        let dir = try project(sources: "  []")
        let output = try await PlanWatchBinary.run(arguments + ["--config", "planwatch.yaml", "--data-dir", "data"], in: dir)
        #expect(output.status == 2, "\(arguments): \(output.status) \(output.stderr)")
        #expect(output.stderr.contains(message), "\(arguments): \(output.stderr)")
        #expect(!output.stderr.contains("Missing value"), "\(output.stderr)")
        #expect(!output.combined.contains("scheduler started"), "\(output.combined)")
    }

    /// A 200 whose body is an HTML error page: the progress line said "fresh HTTP 200".
    @Test func aSourceThatFailedOnItsBodyIsReportedFailed() async throws {
        let server = try TestHTTPServer(routes: ["/obs.csv": { _ in
            .text("<!doctype html><html><body>Service busy</body></html>", type: "text/html")
        }])
        defer { server.stop() }
        let dir = try project(sources: "  - {id: web, format: observations-csv, url: \"\(server.url("/obs.csv"))\"}")
        let output = try await PlanWatchBinary.run(["fetch", "--config", "planwatch.yaml", "--data-dir", "data"], in: dir)
        #expect(output.status == 3)
        #expect(output.stdout.hasPrefix("web: failed, HTTP 200"), "\(output.stdout)")
        #expect(output.stderr.contains("fetch: web failed HTTP 200"), "\(output.stderr)")
        #expect(!output.combined.contains("fresh"), "\(output.combined)")
    }

    /// The issue's alias bomb: 8 levels of 9 aliases in `reference_data` (31.6 s and 764 MB before).
    @Test func anAliasBombIsRefusedWithItsPlace() async throws {
        var plan = try String(contentsOfFile: "\(Self.root)/Config/plans/yueyang-14th.yaml", encoding: .utf8)
        plan = String(plan[..<plan.range(of: "\nreference_data:")!.lowerBound]) + "\nreference_data:\n  bomb:\n    - name: &a0 lol\n"
        let lines = plan.split(separator: "\n", omittingEmptySubsequences: false).count
        for level in 1...8 {
            plan += "    - name: &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",") + "]\n"
        }
        let dir = try project(sources: "  []", plan: plan)
        let output = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 2)
        // Level 6 is the line `lines + 5`: the bomb's first row is on line `lines - 1`.
        #expect(output.stderr.contains("plan.yaml:\(lines + 5):18: error: reference_data.bomb[6].name[0]: YAML aliases expand to more than 100000 nodes"), "\(output.stderr)")
    }

    /// `inspect --rows` wrote `=HYPERLINK(…)` and `@SUM(…)` raw, unlike `run`'s CSVs.
    @Test func inspectRowsNeutraliseFormulas() async throws {
        let dir = try project(sources: "  []", files: ["feed.csv": """
            indicator,region,period,value,unit,status
            "=HYPERLINK(""http://example.invalid"",""open"")",430600,2022,1.5,@SUM(A1),+cmd
            K01,-2+3,2023,-4.5,%,

            """])
        let output = try await PlanWatchBinary.run(["inspect", "feed.csv", "--format", "observations-csv", "--rows"], in: dir)
        #expect(output.status == 0, "\(output.stderr)")
        let rows = output.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 3)
        #expect(rows[1] == "\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"open\"\")\",430600,2022,1.5,'+cmd,'@SUM(A1),", "\(rows)")
        #expect(rows[2] == "K01,'-2+3,2023,-4.5,,%,", "\(rows)")
    }

    /// Observations of ±1.7e308 made the text sparkline compute Int(NaN) (high - low overflows): exit 132.
    @Test func extremeObservationsDoNotTrapTheTextReport() async throws {
        let dir = try project(sources: "  - {id: curated, format: observations-csv, path: data.csv}", files: [
            "data.csv": "indicator,region,period,value,unit\nK03,430600,2021,1.7e308,%\nK03,430600,2022,-1.7e308,%\n",
        ])
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--format", "text"], in: dir)
        #expect(output.status == 0, "\(output.status) \(output.stderr.suffix(500))")
        #expect(output.stdout.contains("K03"))
    }

    /// Yearly growth rates of 1e300 % overflow K01's level index: assessments.json wrote "Infinity".
    /// The engine now drops an overflowing result (red-team m3): no CAGR, and not_available with the reason.
    @Test func anOverflowingCAGRIsNullInAssessmentsJSON() async throws {
        let dir = try project(sources: "  - {id: curated, format: observations-csv, path: data.csv}", files: [
            "data.csv": "indicator,region,period,value,unit\nK01,430600,2021,1e300,%\nK01,430600,2022,1e300,%\n",
        ])
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 0, "\(output.stderr)")
        let data = try Data(contentsOf: dir.appendingPathComponent("out/assessments.json"))
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains("Infinity") && !text.contains("NaN"))
        let list = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let k01 = try #require(list.first { $0["seriesID"] as? String == "K01" })
        #expect(k01["cagrObserved"] == nil || k01["cagrObserved"] is NSNull, "\(k01)")
        #expect(k01["status"] as? String == "not_available" && (k01["warnings"] as? [String])?.contains { $0.contains("too large or too small") } == true, "\(k01)")
    }
}
