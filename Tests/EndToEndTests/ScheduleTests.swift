import Foundation
import PlanWatchTestSupport
import Testing

/// `planwatch schedule` as a service manager runs it: started, stopped with SIGTERM or SIGINT.
@Suite struct ScheduleTests {
    /// Starts the scheduler with its log going to a file the test reads.
    static func start(in dir: URL, _ extra: [String] = []) throws -> (Process, URL) {
        let log = dir.appendingPathComponent("schedule.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = PlanWatchBinary.executable
        process.arguments = ["schedule", "--config", "planwatch.yaml"] + extra
        process.currentDirectoryURL = dir
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        return (process, log)
    }

    static func text(_ log: URL) -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    static func wait(for process: Process) async throws -> (Process.TerminationReason, Int32) {
        try await offPool { () -> (Process.TerminationReason, Int32) in
            process.waitUntilExit()
            return (process.terminationReason, process.terminationStatus)
        }
    }

    @Test(.timeLimit(.minutes(3)), arguments: [SIGTERM, SIGINT])
    func aStopSignalEndsTheSchedulerCleanly(signal: Int32) async throws {
        let dir = try JobRunTests.project(sources: JobRunTests.localSource)
        let (process, log) = try Self.start(in: dir)
        let server = try TestHTTPServer()  // only for its wait helper
        #expect(await server.wait { Self.text(log).contains("job scheduled") }, "\(Self.text(log))")
        let line = Self.text(log).split(separator: "\n").first { $0.contains("job scheduled") } ?? ""
        #expect(line.contains("info planwatch: job scheduled job=daily") && line.contains("+08:00 schedule=0 8 * * * time_zone=Asia/Shanghai"), "\(line)")
        kill(process.processIdentifier, signal)
        let (reason, status) = try await Self.wait(for: process)
        #expect(reason == .exit && status == 0, "\(reason) \(status): \(Self.text(log))")
        let text = Self.text(log)
        #expect(text.contains("stop signal received; no new runs start") && text.contains("scheduler stopped"), "\(text)")
        #expect(text.split(separator: "\n").allSatisfy { $0.hasPrefix("20") }, "one line per event: \(text)")
    }

    @Test func noJobsIsAConfigurationError() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        try """
        plan: \(JobRunTests.root.path)/Config/plans/yueyang-14th.yaml
        sources:
        \(JobRunTests.localSource)
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["schedule", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 2 && output.stderr.contains("no jobs to schedule"), "\(output.stderr)")
    }

    /// A job still running when the stop signal comes gets --stop-timeout seconds, then is recorded as
    /// aborted. The job runs every minute, so this test waits for the next minute to begin.
    @Test(.timeLimit(.minutes(4))) func aRunningJobPastTheStopTimeoutIsRecordedAsAborted() async throws {
        let server = try TestHTTPServer(routes: ["/obs.csv": { _ in .hold() }])
        let dir = try JobRunTests.project(sources: "  - {id: stats, format: observations-csv, url: \"\(server.url("/obs.csv"))\", timeout: {total: 240}}")
        let config = try String(contentsOf: dir.appendingPathComponent("planwatch.yaml"), encoding: .utf8)
        try config.replacingOccurrences(of: "\"0 8 * * *\"", with: "\"* * * * *\"")
            .write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let (process, log) = try Self.start(in: dir, ["--stop-timeout", "0.5"])
        #expect(await server.wait(upTo: 150) { !server.requests(to: "/obs.csv").isEmpty }, "the job started: \(Self.text(log))")
        kill(process.processIdentifier, SIGTERM)
        let (reason, status) = try await Self.wait(for: process)
        #expect(reason == .exit && status == 0, "\(Self.text(log))")
        #expect(Self.text(log).contains("stop timeout reached; aborting running jobs"), "\(Self.text(log))")
        #expect(try JobRunTests.sql("SELECT id, trigger, state, outcome FROM run", in: dir) == ["1|schedule|aborted|failed"])
        #expect(try JobRunTests.sql("SELECT error LIKE 'aborted: the scheduler was stopped%' FROM run", in: dir) == ["1"])
    }
}
