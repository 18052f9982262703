import Foundation
import Logging
import PlanWatchFetch

/// Runs due jobs at their cron times: the loop behind `planwatch schedule`. It waits on a `Clock`
/// (`ContinuousClock` in the service; a test passes swift-clocks' `TestClock` and moves time by hand,
/// so nothing sleeps for real). Each due job runs in its own task through `runJob` (in the service:
/// `JobRunner`, the same path as `planwatch run --job`). A job still running when it is due again is
/// not started twice: that run is skipped and logged.
public final class JobScheduler: Sendable {
    public typealias RunJob = @Sendable (JobConfig, Date) async -> Void

    public let jobs: [JobConfig]
    /// The wall time the cron expressions are read against.
    let now: @Sendable () -> Date
    /// Sleeps on the injected clock.
    let sleepFor: @Sendable (Duration) async throws -> Void
    let runJob: RunJob
    let logger: Logger
    let running = Locked<[String: Task<Void, Never>]>([:])

    /// - Parameters:
    ///   - clock: what the scheduler sleeps on, and the stop timeout of `drain` is measured with.
    ///   - startingAt: nil (the service): cron times are read against the system's wall time, checked
    ///     after every sleep. A date (tests): the wall time is that date plus the time `clock` has
    ///     moved since, so a `TestClock` alone decides when jobs are due.
    public init<C: Clock<Duration>>(jobs: [JobConfig], logger: Logger, clock: C = ContinuousClock(), startingAt: Date? = nil,
                                    runJob: @escaping RunJob) {
        self.jobs = jobs
        self.logger = logger
        self.runJob = runJob
        sleepFor = { duration in try await clock.sleep(for: duration) }
        if let startingAt {
            let origin = clock.now
            now = { startingAt.addingTimeInterval(Self.seconds(origin.duration(to: clock.now))) }
        } else {
            now = { Date() }
        }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
    }

    /// Sleeps in steps of at most 30 s, reading the wall time after each, so that a clock set
    /// forward or a machine resumed from suspend does not delay a due run.
    func sleep(until date: Date) async throws {
        while true {
            let remaining = date.timeIntervalSince(now())
            if remaining <= 0 { return }
            // One millisecond past the due time, so that the wake-up never lands just before it.
            try await sleepFor(.milliseconds(Int(min(remaining, 30) * 1000) + 1))
        }
    }

    /// Schedules until cancelled (the service cancels it on SIGTERM or SIGINT); running jobs go on
    /// until `drain`.
    public func loop() async throws {
        var checked = now()
        for job in jobs {
            let next = job.nextRun(after: checked).map { JobConfig.localTime($0, in: job.timeZone) } ?? "never"
            logger.info("job scheduled", metadata: ["job": "\(job.name)", "schedule": "\(job.schedule)", "time_zone": "\(job.timeZone.identifier)", "next": "\(next)"])
        }
        while true {
            try Task.checkCancellation()
            guard let wake = jobs.compactMap({ $0.nextRun(after: checked) }).min() else {
                logger.warning("no job will run again; waiting for a stop signal")
                try await sleepFor(.seconds(3600))
                continue
            }
            try await sleep(until: wake)
            let current = max(now(), wake)
            // One run per job per wake: after a long suspend a job runs once, not once per missed time.
            for job in jobs {
                if let due = job.nextRun(after: checked), due <= current { start(job, due: due) }
            }
            checked = current
        }
    }

    func start(_ job: JobConfig, due: Date) {
        running.withLock { tasks in
            if tasks[job.name] != nil {
                logger.warning("job still running; this run is skipped", metadata: ["job": "\(job.name)", "due": "\(JobConfig.localTime(due, in: job.timeZone))"])
                return
            }
            let runJob = self.runJob
            tasks[job.name] = Task { [running] in
                await runJob(job, due)
                _ = running.withLock { $0.removeValue(forKey: job.name) }
            }
        }
    }

    /// Names of the jobs running now.
    public var runningJobs: [String] { running.withLock { $0.keys.sorted() } }

    /// Waits up to `timeout` (on the scheduler's clock) for running jobs to finish, then cancels the
    /// rest (their runs are recorded as aborted) and waits for them to close their records.
    public func drain(timeout: Duration) async {
        let names = runningJobs
        let tasks = running.withLock { Array($0.values) }
        guard !tasks.isEmpty else { return }
        logger.info("waiting for running jobs to finish", metadata: ["jobs": "\(names.joined(separator: ","))", "timeout_s": "\(Self.seconds(timeout))"])
        let (sleepFor, logger, running) = (self.sleepFor, self.logger, self.running)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for task in tasks { await task.value }
            }
            group.addTask {
                // Cancelled when the jobs finish first.
                guard (try? await sleepFor(timeout)) != nil else { return }
                let left = running.withLock { $0.keys.sorted() }
                guard !left.isEmpty else { return }
                logger.warning("stop timeout reached; aborting running jobs", metadata: ["jobs": "\(left.joined(separator: ","))"])
                for task in tasks { task.cancel() }
            }
            await group.next()
            group.cancelAll()
        }
    }
}
