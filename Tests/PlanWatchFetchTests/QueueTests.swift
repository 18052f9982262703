import Foundation
import Testing
@testable import PlanWatchFetch
import PlanWatchTestSupport

/// Transfers beyond the connection caps wait in the fetcher's queue, and their total timeout
/// starts only when they start (libcurl's own queue would count the wait against it).
@Suite struct QueueTests {
    @Test func queuedTransfersDoNotTimeOutWhileWaitingForAConnection() async throws {
        let h = try Harness(maxHostConnections: 2)
        h.server.route("/q") { _ in var r = TestResponse.text("q"); r.delay = 0.3; return r }
        let specs = (0..<12).map { SourceSpec(sourceID: "q\($0)", request: h.request("/q", totalTimeout: 1.0)) }
        let out = await h.run(specs)
        let failed = out.values.filter { $0.kind == .failed }
        for f in failed { Issue.record("\(f.summaryLine)") }
        #expect(failed.isEmpty)
        #expect(out.values.filter { $0.kind == .fresh }.count == 13)
        #expect(h.server.peakConnections <= 2)
    }
}
