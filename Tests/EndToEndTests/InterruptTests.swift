import Foundation
import PlanWatchTestSupport
import Testing

/// Ctrl-C during `planwatch fetch` stops it at once, whatever the machine is doing: the server holds
/// the request forever, and its own record shows the client hung up. Nothing here measures time (the
/// limit only guards against a hang).
@Suite struct InterruptTests {
    @Test(.timeLimit(.minutes(3))) func ctrlCStopsAFetchThatIsWaitingOnTheServer() async throws {
        let server = try TestHTTPServer(routes: ["/never": { _ in .hold() }])
        let dir = PlanWatchBinary.temporaryDirectory()
        try """
        plan: \(PlanWatchBinary.packageRoot.path)/Config/plans/yueyang-14th.yaml
        data_dir: data
        sources:
          - {id: held, format: observations-csv, url: "\(server.url("/never"))", timeout: {total: 240}}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = PlanWatchBinary.executable
        process.arguments = ["fetch", "--config", "planwatch.yaml"]
        process.currentDirectoryURL = dir
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        #expect(await server.wait { !server.requests(to: "/never").isEmpty }, "the fetch reached the server")
        process.interrupt()  // SIGINT, as Ctrl-C sends
        let (reason, status) = try await offPool { () -> (Process.TerminationReason, Int32) in
            process.waitUntilExit()
            return (process.terminationReason, process.terminationStatus)
        }
        #expect(reason == .uncaughtSignal && status == SIGINT, "ended by \(reason) \(status)")
        #expect(await server.wait { server.abandoned.withLock { $0 == ["/never"] } }, "the server saw the client hang up")
        let cache = dir.appendingPathComponent("data/cache/held")
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("meta.json").path))
    }
}
