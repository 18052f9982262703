import Foundation
import PlanWatchTestSupport
@testable import PlanWatchFetch
import Testing

/// Issue 9: a server's Retry-After and a config's timeouts cannot hold or crash a fetch.
@Suite struct RetryAfterCapTests {
    /// A 503 with `Retry-After: 100000` waited 120 s per retry whatever the source's timeout.total;
    /// each wait is now capped at timeout.total, and the log says so.
    @Test func retryAfterIsCappedAtTheSourcesTotalTimeout() async throws {
        let h = try Harness()
        let count = Locked(0)
        h.server.route("/busy") { _ in
            let n = count.withLock { $0 += 1; return $0 }
            return n == 1 ? .text("busy", status: 503, headers: [("Retry-After", "100000")]) : .text("welcome")
        }
        let out = await h.run([SourceSpec(sourceID: "busy", request: h.request("/busy", retries: 1, totalTimeout: 1))])
        #expect(out["busy"]?.kind == .fresh)
        #expect(out["busy"]?.attempts == 2)
        let retry = h.logs.withLock { $0 }.first { $0.contains("retrying") && $0.contains("source=busy") } ?? ""
        #expect(retry.contains("delay_s=1.00"), "\(retry)")
        #expect(retry.contains("retry_after=server asked 100000, capped at 1 s by timeout.total"), "\(retry)")
    }

    @Test func retryDelayCaps() throws {
        let fetcher = Fetcher(configuration: FetcherConfiguration(version: "test"))
        defer { fetcher.shutdown() }
        func outcome(_ retryAfter: String) -> AttemptOutcome {
            AttemptOutcome(code: 0, errorText: "", status: 503, headers: ["retry-after": retryAfter], body: Data(),
                           effectiveURL: "http://127.0.0.1/", redirects: 0, exceededMaxBytes: false, cancelled: false)
        }
        let asked = fetcher.retryDelay(after: 1, outcome: outcome("5"), totalTimeout: 60)
        #expect(asked.seconds == 5 && asked.note == nil)
        let byBudget = fetcher.retryDelay(after: 1, outcome: outcome("100000"), totalTimeout: 10)
        #expect(byBudget.seconds == 10 && byBudget.note?.contains("by timeout.total") == true)
        let byMaximum = fetcher.retryDelay(after: 1, outcome: outcome("100000"), totalTimeout: 600)
        #expect(byMaximum.seconds == 120 && byMaximum.note?.contains("maximum Retry-After") == true)
        #expect(fetcher.retryDelay(after: 1, outcome: outcome("nan"), totalTimeout: 10).seconds <= 0.5)
    }

    /// `Int(1e16 * 1000)` trapped (exit 132); curl's milliseconds are clamped to what a C long holds.
    @Test(arguments: [(1e16, Int(Int32.max)), (.infinity, Int(Int32.max)), (.nan, 1), (-5, 1), (0.0001, 1), (10, 10_000), (0.25, 250)])
    func timeoutsBecomeSafeMilliseconds(seconds: Double, milliseconds: Int) {
        #expect(Transfer.milliseconds(seconds) == milliseconds)
    }
}
