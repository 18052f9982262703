import Foundation
import PlanWatchFetch
import PlanWatchTestSupport
import Testing

/// `planwatch run --job` as cron or systemd would start it: a folder per run, the ledger in the store,
/// one run at a time, recovery after kill -9, on_failure hooks, revisions and replays.
@Suite struct JobRunTests {
    static let root = PlanWatchBinary.packageRoot
    static let observed = try! Data(contentsOf: root.appendingPathComponent("Config/data/yueyang-observed.csv"))

    /// A project folder with one job, `daily`.
    /// `top`: more top-level keys (e.g. `reports_dir:`).
    static func project(sources: String, job: String = "", top: String = "") throws -> URL {
        let dir = PlanWatchBinary.temporaryDirectory()
        try """
        \(top)
        plan: \(root.path)/Config/plans/yueyang-14th.yaml
        data_dir: data
        sources:
        \(sources)
        outputs: {dir: out, formats: [text]}
        jobs:
          - name: daily
            schedule: "0 8 * * *"
            time_zone: Asia/Shanghai
            formats: [text, json]
        \(job)
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    static let localSource = "  - {id: observed, format: observations-csv, path: \(root.path)/Config/data/yueyang-observed.csv}"

    static func sql(_ query: String, in dir: URL) throws -> [String] {
        let (_, data) = try output(of: "/usr/bin/sqlite3", [dir.appendingPathComponent("data/store.sqlite").path, query])
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Runs a small tool (sqlite3, unzip) to its end: its exit status and standard output.
    static func output(of tool: String, _ arguments: [String]) throws -> (status: Int32, stdout: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }

    static func manifest(_ folder: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as? [String: Any] ?? [:]
    }

    static func run(_ arguments: [String], in dir: URL) async throws -> PlanWatchBinary.Output {
        try await PlanWatchBinary.run(arguments + ["--config", "planwatch.yaml", "--quiet"], in: dir)
    }

    /// Starts `planwatch run --job daily` without waiting for it.
    static func start(in dir: URL) throws -> Process {
        let process = Process()
        process.executableURL = PlanWatchBinary.executable
        process.arguments = ["run", "--job", "daily", "--config", "planwatch.yaml", "--quiet"]
        process.currentDirectoryURL = dir
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func eachRunGetsItsFolderTheLatestLinkAndALedgerEntryAndOldRunsGo() async throws {
        let dir = try Self.project(sources: Self.localSource, job: "    keep: 2")
        for _ in 0..<3 {
            let output = try await Self.run(["run", "--job", "daily"], in: dir)
            #expect(output.status == 0, "\(output.stderr)")
        }
        let runs = dir.appendingPathComponent("out/daily/runs")
        #expect(try FileManager.default.contentsOfDirectory(atPath: runs.path).sorted() == ["run-000002", "run-000003"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("out/daily/latest").path) == "runs/run-000003")
        let latest = dir.appendingPathComponent("out/daily/latest")
        #expect(FileManager.default.fileExists(atPath: latest.appendingPathComponent("overview.txt").path))
        // The job's index lists every run, linking those still kept.
        let index = try String(contentsOf: dir.appendingPathComponent("out/daily/index.html"), encoding: .utf8)
        #expect(index.contains("<a href=\"./runs/run-000003/\">#3</a>") && index.contains("<a href=\"./runs/run-000002/\">#2</a>"))
        #expect(index.contains("#1 <span class=\"missing\">(removed)</span>") && index.contains("✓ 完成 complete"))
        #expect(index.contains("<a href=\"./latest/\">最新一次运行 <span class=\"en\">Latest run</span></a> #3"), "a link to latest")
        let manifest = try Self.manifest(latest)
        #expect((manifest["job"] as? [String: Any])?["run"] as? Int == 3)
        #expect(manifest["state"] as? String == "finished" && manifest["exitCode"] as? Int == 0)
        #expect(try Self.sql("SELECT id, job, trigger, state, outcome, exit_code FROM run ORDER BY id", in: dir)
                == ["1|daily|cli|finished|complete|0", "2|daily|cli|finished|complete|0", "3|daily|cli|finished|complete|0"])
        #expect(try Self.sql("SELECT source_id, outcome, observations > 0 FROM run_source WHERE run_id = 3", in: dir) == ["observed|local|1"])
        // The unchanged file is stored once, and its figures have one vintage each.
        #expect(try Self.sql("SELECT count(*) FROM payload", in: dir) == ["1"])
        #expect(try Self.sql("SELECT count(DISTINCT run_id) FROM delivery", in: dir) == ["1"])
    }

    /// With html among the formats, the job's index opens each run's own index.html and `latest`'s.
    @Test func theJobIndexLinksEachRunsPageAndLatest() async throws {
        let dir = try Self.project(sources: Self.localSource)
        for _ in 0..<2 {
            let output = try await Self.run(["run", "--job", "daily", "--format", "html"], in: dir)
            #expect(output.status == 0, "\(output.stderr)")
        }
        let out = dir.appendingPathComponent("out/daily")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("runs/run-000002/index.html").path))
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("<a href=\"./runs/run-000002/index.html\">#2</a>") && index.contains("<a href=\"./runs/run-000001/index.html\">#1</a>"), "\(index)")
        #expect(index.contains("<a href=\"./latest/index.html\">最新一次运行 <span class=\"en\">Latest run</span></a> #2"), "\(index)")
    }

    @Test func anUnknownJobIsAConfigurationError() async throws {
        let dir = try Self.project(sources: Self.localSource)
        let output = try await Self.run(["run", "--job", "weekly"], in: dir)
        #expect(output.status == 2)
        #expect(output.stderr.contains("no job 'weekly' under `jobs:`; known: daily"), "\(output.stderr)")
    }

    /// The second of two overlapping runs is refused, naming the first; kill -9 of the first leaves no
    /// partial output in sight, a readable store, and a ledger that calls it interrupted once the next
    /// run (which completes) has looked.
    @Test(.timeLimit(.minutes(5))) func overlappingRunIsRefusedAndAKilledRunIsRecovered() async throws {
        let requests = Locked(0)
        let server = try TestHTTPServer(routes: ["/obs.csv": { _ in
            requests.withLock { $0 += 1; return $0 } == 1 ? .hold() : TestResponse(headers: [("Content-Type", "text/csv")], body: Self.observed)
        }])
        let dir = try Self.project(sources: "  - {id: stats, format: observations-csv, url: \"\(server.url("/obs.csv"))\", timeout: {total: 240}}")
        let first = try Self.start(in: dir)
        #expect(await server.wait { !server.requests(to: "/obs.csv").isEmpty }, "the first run reached the server")
        let second = try await Self.run(["run", "--job", "daily"], in: dir)
        #expect(second.status == 1)
        #expect(second.stderr.contains("job 'daily' is already running (run #1, pid \(first.processIdentifier)"), "\(second.stderr)")

        kill(first.processIdentifier, SIGKILL)
        let status = try await offPool { () -> Int32 in
            first.waitUntilExit()
            return first.terminationStatus
        }
        #expect(status == SIGKILL)
        let out = dir.appendingPathComponent("out/daily")
        let visible = ((try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("runs").path)) ?? []).filter { !$0.hasPrefix(".") }
        #expect(visible.isEmpty && !FileManager.default.fileExists(atPath: out.appendingPathComponent("latest").path))
        #expect(try Self.sql("PRAGMA integrity_check", in: dir) == ["ok"])
        #expect(try Self.sql("SELECT state FROM run WHERE id = 1", in: dir) == ["running"])

        let next = try await Self.run(["run", "--job", "daily"], in: dir)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try Self.sql("SELECT id, state, outcome FROM run ORDER BY id", in: dir) == ["1|interrupted|failed", "2|finished|complete"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("runs").path) == ["run-000002"],
                "the killed run's hidden folder is removed")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("data/locks/daily.lock").path))
    }

    @Test func everySourceFailingExits1AndTheLedgerSaysWhy() async throws {
        let dir = try Self.project(sources: "  - {id: gone, format: observations-csv, path: missing.csv}")
        let output = try await Self.run(["run", "--job", "daily"], in: dir)
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stderr.contains("every source failed"), "\(output.stderr)")
        #expect(try Self.sql("SELECT state, outcome, exit_code, error FROM run", in: dir)
                == ["finished|failed|1|every source failed; the reports show no current data"])
        #expect(try Self.sql("SELECT source_id, outcome, error LIKE '%missing.csv%' FROM run_source", in: dir) == ["gone|failed|1"])
    }

    /// on_failure POSTs the summary to a loopback server when a source fails, and nothing on success;
    /// a hook that fails is logged and leaves the exit code alone.
    @Test func onFailurePostsOnlyOnFailureAndAFailingHookKeepsTheExitCode() async throws {
        let hook = try TestHTTPServer(routes: ["/hook": { _ in .text("ok") }])
        let good = try Self.project(sources: Self.localSource, job: "    on_failure: {url: \"\(hook.url("/hook"))\"}")
        #expect(try await Self.run(["run", "--job", "daily"], in: good).status == 0)
        #expect(hook.requests(to: "/hook").isEmpty, "nothing is posted on success")

        let partial = try Self.project(sources: Self.localSource + "\n  - {id: gone, format: observations-csv, path: missing.csv}",
                                       job: "    on_failure: {url: \"\(hook.url("/hook"))\"}")
        let output = try await Self.run(["run", "--job", "daily"], in: partial)
        #expect(output.status == 3, "\(output.stderr)")
        let request = try #require(hook.requests(to: "/hook").first)
        #expect(request.method == "POST" && request.headers["content-type"] == "application/json")
        let summary = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        #expect(summary["job"] as? String == "daily" && summary["run"] as? Int == 1 && summary["exitCode"] as? Int == 3)
        #expect(summary["outcome"] as? String == "partial")
        #expect((summary["failedSources"] as? [[String: Any]])?.first?["id"] as? String == "gone")

        let closed = TestHTTPServer.closedPort()
        let failingHooks = try Self.project(
            sources: Self.localSource + "\n  - {id: gone, format: observations-csv, path: missing.csv}",
            job: "    on_failure: {url: \"http://127.0.0.1:\(closed)/hook\", command: \"cat > hook-input.json; exit 7\"}")
        let failing = try await PlanWatchBinary.run(["run", "--job", "daily", "--config", "planwatch.yaml", "--quiet"], in: failingHooks,
                                                    environment: ["PLANWATCH_LOG": "info"])
        #expect(failing.status == 3, "a failing hook does not change the exit code: \(failing.stderr)")
        #expect(failing.stderr.contains("on_failure url failed") && failing.stderr.contains("on_failure command failed"), "\(failing.stderr)")
        let input = try JSONSerialization.jsonObject(with: Data(contentsOf: failingHooks.appendingPathComponent("hook-input.json"))) as? [String: Any]
        #expect(input?["job"] as? String == "daily", "the command read the summary on standard input")
        let warnings = try Self.sql("SELECT warnings FROM run", in: failingHooks).joined()
        #expect(warnings.contains("exited 7") && warnings.contains("127.0.0.1:\(closed)"), "\(warnings)")
    }
}
