import Clocks
import Foundation
import Logging
import PlanWatchFetch
import Testing
@testable import PlanWatchCore

/// The scheduler on swift-clocks' `TestClock`: the test moves time by hand, so it checks which jobs
/// run when (cron times, time zones, daylight saving, overlaps, the stop timeout) without sleeping.
@Suite(.timeLimit(.minutes(2))) struct JobSchedulerTests {
    static func job(_ name: String, _ cron: String, _ zone: String) throws -> JobConfig {
        JobConfig(name: name, schedule: try CronSchedule(parsing: cron), timeZone: TimeZone(identifier: zone)!, modules: nil, formats: nil,
                  outputDirectory: URL(fileURLWithPath: "/tmp"), keep: 1, onFailure: .init(), definedAt: "test")
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// Moves the clock on by `step`, then waits until `done` holds and the scheduler sleeps on the
    /// clock again: what became due has started, and nothing is left half-way through a wake-up.
    static func advance(_ clock: TestClock<Duration>, by step: Duration, until done: @Sendable () -> Bool) async {
        await clock.advance(by: step)
        // checkSuspension throws while something sleeps on the clock (the scheduler's next wait).
        while true {
            let asleep = (try? await clock.checkSuspension()) == nil
            if done() && asleep { return }
            await Task.yield()
        }
    }

    /// Records each start as `name@due`.
    final class Runs: Sendable {
        let list = Locked<[String]>([])
        var count: Int { list.withLock { $0.count } }
        var sorted: [String] { list.withLock { $0.sorted() } }
        var run: JobScheduler.RunJob {
            { [list] job, due in list.withLock { $0.append("\(job.name)@\(JobSchedulerTests.iso(due))") } }
        }
    }

    /// The acceptance scenario on a virtual clock: a job every minute, three minutes, three runs.
    @Test func aJobEveryMinuteRunsThreeTimesInThreeMinutes() async throws {
        let clock = TestClock<Duration>()
        let runs = Runs()
        let scheduler = JobScheduler(jobs: [try Self.job("minutely", "* * * * *", "Asia/Shanghai")], logger: Logger(label: "test"),
                                     clock: clock, startingAt: CronScheduleTests.utc("2026-12-02T02:02:30Z"), runJob: runs.run)
        let loop = Task { try await scheduler.loop() }
        await Self.advance(clock, by: .zero) { true }
        #expect(runs.count == 0)
        for minute in 1...3 {
            await Self.advance(clock, by: .seconds(60)) { runs.count == minute }
        }
        #expect(runs.sorted == ["minutely@2026-12-02T02:03:00Z", "minutely@2026-12-02T02:04:00Z", "minutely@2026-12-02T02:05:00Z"])
        loop.cancel()
        await #expect(throws: CancellationError.self) { try await loop.value }
        await scheduler.drain(timeout: .seconds(60))
    }

    @Test func dueJobsRunAtTheirCronTimesInTheirZones() async throws {
        let clock = TestClock<Duration>()
        let runs = Runs()
        // 10:02 in Shanghai, 21:02 the day before in New York.
        let scheduler = JobScheduler(
            jobs: [try Self.job("reports", "*/20 * * * *", "Asia/Shanghai"), try Self.job("hourly", "0 * * * *", "America/New_York")],
            logger: Logger(label: "test"), clock: clock, startingAt: CronScheduleTests.utc("2026-12-02T02:02:00Z"), runJob: runs.run)
        let loop = Task { try await scheduler.loop() }
        for expected in [1, 2, 4, 5] {
            await Self.advance(clock, by: .seconds(20 * 60)) { runs.count == expected }
        }
        #expect(runs.sorted == [
            "hourly@2026-12-02T03:00:00Z",
            "reports@2026-12-02T02:20:00Z", "reports@2026-12-02T02:40:00Z", "reports@2026-12-02T03:00:00Z", "reports@2026-12-02T03:20:00Z",
        ])
        loop.cancel()
        await scheduler.drain(timeout: .seconds(60))
    }

    /// Across the spring-forward change in New York (2026-03-08, 02:00 → 03:00) a 02:30 job runs at
    /// 03:00 that day and at 02:30 the next; an 08:00 job in Shanghai (no daylight saving) stays at 00:00Z.
    @Test func daylightSavingIsFollowedInTheJobsZone() async throws {
        let clock = TestClock<Duration>()
        let runs = Runs()
        let scheduler = JobScheduler(
            jobs: [try Self.job("ny", "30 2 * * *", "America/New_York"), try Self.job("sh", "0 8 * * *", "Asia/Shanghai")],
            logger: Logger(label: "test"), clock: clock, startingAt: CronScheduleTests.utc("2026-03-07T12:00:00Z"), runJob: runs.run)
        let loop = Task { try await scheduler.loop() }
        for expected in [2, 4] {
            await Self.advance(clock, by: .seconds(24 * 3600)) { runs.count == expected }
        }
        #expect(runs.sorted == ["ny@2026-03-08T07:00:00Z", "ny@2026-03-09T06:30:00Z", "sh@2026-03-08T00:00:00Z", "sh@2026-03-09T00:00:00Z"])
        loop.cancel()
        await scheduler.drain(timeout: .seconds(60))
    }

    @Test func aJobStillRunningIsNotStartedAgain() async throws {
        let clock = TestClock<Duration>()
        let started = Locked(0)
        let (gate, open) = AsyncStream<Void>.makeStream()
        let scheduler = JobScheduler(jobs: [try Self.job("slow", "* * * * *", "UTC")], logger: Logger(label: "test"),
                                     clock: clock, startingAt: CronScheduleTests.utc("2026-12-02T02:02:00Z")) { _, _ in
            started.withLock { $0 += 1 }
            for await _ in gate { break }
        }
        let loop = Task { try await scheduler.loop() }
        for _ in 0..<5 {
            await Self.advance(clock, by: .seconds(60)) { started.withLock { $0 } == 1 }
        }
        #expect(started.withLock { $0 } == 1 && scheduler.runningJobs == ["slow"])
        loop.cancel()
        open.yield()
        open.finish()
        // The job finishes before the timeout: drain returns without the clock moving.
        await scheduler.drain(timeout: .seconds(60))
        #expect(started.withLock { $0 } == 1)
        #expect(scheduler.runningJobs.isEmpty)
    }

    /// After a stop signal a job that does not finish within the timeout is cancelled (its run is then
    /// recorded as aborted by `JobRunner`).
    @Test func aJobPastTheStopTimeoutIsCancelled() async throws {
        let clock = TestClock<Duration>()
        let cancelled = Locked(false)
        let scheduler = JobScheduler(jobs: [try Self.job("stuck", "* * * * *", "UTC")], logger: Logger(label: "test"),
                                     clock: clock, startingAt: CronScheduleTests.utc("2026-12-02T02:02:00Z")) { _, _ in
            try? await clock.sleep(for: .seconds(3600))
            cancelled.withLock { $0 = Task.isCancelled }
        }
        let loop = Task { try await scheduler.loop() }
        await Self.advance(clock, by: .seconds(60)) { scheduler.runningJobs == ["stuck"] }
        loop.cancel()
        let drained = Task { await scheduler.drain(timeout: .seconds(60)) }
        // Minute by minute, well short of the job's hour, until the stop timeout has cancelled it.
        for _ in 0..<30 where !cancelled.withLock({ $0 }) {
            await clock.advance(by: .seconds(60))
        }
        await drained.value
        #expect(cancelled.withLock { $0 })
        #expect(scheduler.runningJobs.isEmpty)
    }
}
