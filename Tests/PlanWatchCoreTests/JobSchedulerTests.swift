import Foundation
import Logging
import PlanWatchFetch
import Testing
@testable import PlanWatchCore

/// The scheduler on a virtual clock: sleeping moves the clock to the wake time at once, so the test
/// checks which jobs run when without waiting for any of it.
@Suite struct JobSchedulerTests {
    static func job(_ name: String, _ cron: String, _ zone: String) throws -> JobConfig {
        JobConfig(name: name, schedule: try CronSchedule(parsing: cron), timeZone: TimeZone(identifier: zone)!, modules: nil, formats: nil,
                  outputDirectory: URL(fileURLWithPath: "/tmp"), keep: 1, onFailure: .init(), definedAt: "test")
    }

    /// A virtual clock that stops the loop (as a stop signal would) after `wakes` wake-ups.
    final class VirtualClock: Sendable {
        let time: Locked<Date>
        let wakes = Locked<[Date]>([])
        let limit: Int
        /// When set, time stands still until it says true (the jobs started so far have finished), as
        /// jobs that take less time than the interval between wakes.
        let settled = Locked<(@Sendable () -> Bool)?>(nil)
        init(start: Date, wakes limit: Int) {
            time = Locked(start)
            self.limit = limit
        }
        var now: @Sendable () -> Date { { [time] in time.withLock { $0 } } }
        var sleep: @Sendable (Date) async throws -> Void {
            { [time, wakes, limit, settled] date in
                if let isSettled = settled.withLock({ $0 }) {
                    while !isSettled() { try await Task.sleep(for: .milliseconds(1)) }
                }
                guard wakes.withLock({ $0.append(date); return $0.count }) <= limit else { throw CancellationError() }
                time.withLock { $0 = max($0, date) }
            }
        }
    }

    @Test func dueJobsRunAtTheirCronTimesInTheirZones() async throws {
        let start = CronScheduleTests.utc("2026-12-02T02:02:00Z")  // 10:02 in Shanghai
        let clock = VirtualClock(start: start, wakes: 4)
        let ran = Locked<[String]>([])
        let scheduler = JobScheduler(
            jobs: [try Self.job("reports", "*/20 * * * *", "Asia/Shanghai"), try Self.job("hourly", "0 * * * *", "America/New_York")],
            logger: Logger(label: "test"), now: clock.now, sleepUntil: clock.sleep) { job, due in
            ran.withLock { $0.append("\(job.name)@\(ISO8601DateFormatter().string(from: due))") }
        }
        clock.settled.withLock { $0 = { scheduler.runningJobs.isEmpty } }
        await #expect(throws: CancellationError.self) { try await scheduler.loop() }
        await scheduler.drain(timeout: 60)
        #expect(ran.withLock { $0.sorted() } == [
            "hourly@2026-12-02T03:00:00Z",
            "reports@2026-12-02T02:20:00Z", "reports@2026-12-02T02:40:00Z", "reports@2026-12-02T03:00:00Z", "reports@2026-12-02T03:20:00Z",
        ])
        #expect(clock.wakes.withLock { Array($0.prefix(4)) }.map { ISO8601DateFormatter().string(from: $0) }
                == ["2026-12-02T02:20:00Z", "2026-12-02T02:40:00Z", "2026-12-02T03:00:00Z", "2026-12-02T03:20:00Z"])
    }

    @Test func aJobStillRunningIsNotStartedAgain() async throws {
        let clock = VirtualClock(start: CronScheduleTests.utc("2026-12-02T02:02:00Z"), wakes: 5)
        let started = Locked(0)
        let (gate, open) = AsyncStream<Void>.makeStream()
        let scheduler = JobScheduler(jobs: [try Self.job("slow", "* * * * *", "UTC")], logger: Logger(label: "test"),
                                     now: clock.now, sleepUntil: clock.sleep) { _, _ in
            started.withLock { $0 += 1 }
            for await _ in gate { break }
        }
        await #expect(throws: CancellationError.self) { try await scheduler.loop() }
        #expect(scheduler.runningJobs == ["slow"])
        open.yield()
        open.finish()
        await scheduler.drain(timeout: 60)
        #expect(started.withLock { $0 } == 1)
        #expect(scheduler.runningJobs.isEmpty)
    }

    /// After a stop signal a job that does not finish within the timeout is cancelled (its run is then
    /// recorded as aborted by `JobRunner`).
    @Test(.timeLimit(.minutes(2))) func aJobPastTheStopTimeoutIsCancelled() async throws {
        let clock = VirtualClock(start: CronScheduleTests.utc("2026-12-02T02:02:00Z"), wakes: 1)
        let cancelled = Locked(false)
        let scheduler = JobScheduler(jobs: [try Self.job("stuck", "* * * * *", "UTC")], logger: Logger(label: "test"),
                                     now: clock.now, sleepUntil: clock.sleep) { _, _ in
            try? await Task.sleep(for: .seconds(3600))
            cancelled.withLock { $0 = Task.isCancelled }
        }
        await #expect(throws: CancellationError.self) { try await scheduler.loop() }
        await scheduler.drain(timeout: 0.2)
        #expect(cancelled.withLock { $0 })
        #expect(scheduler.runningJobs.isEmpty)
    }
}
