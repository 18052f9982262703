import Foundation
import Testing
@testable import PlanWatchFetch
import PlanWatchTestSupport

/// Transfers beyond the connection caps wait in the fetcher's queue, and their total timeout
/// starts only when they start (libcurl's own queue would count the wait against it).
@Suite struct QueueTests {
    @Test func queuedTransfersDoNotTimeOutWhileWaitingForAConnection() async throws {
        let h = try Harness(maxHostConnections: 2)
        // 40 answers of 0.1 s through 2 connections take at least 2 s in the queue, past each transfer's
        // 1.5 s limit; each transfer itself needs 0.1 s, so a loaded machine has 1.4 s of slack per
        // transfer, while a queue wait counted against the limit fails the later ones every time.
        h.server.route("/q") { _ in var r = TestResponse.text("q"); r.delay = 0.1; return r }
        let specs = (0..<40).map { SourceSpec(sourceID: "q\($0)", request: h.request("/q", totalTimeout: 1.5)) }
        let out = await h.run(specs)
        let failed = out.values.filter { $0.kind == .failed }
        for f in failed { Issue.record("\(f.summaryLine)") }
        #expect(failed.isEmpty)
        #expect(out.values.filter { $0.kind == .fresh }.count == 41)
        #expect(h.server.peakConnections <= 2)
    }
}
