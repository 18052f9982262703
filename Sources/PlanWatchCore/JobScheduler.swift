import Foundation
import Logging
import PlanWatchFetch

/// Runs due jobs at their cron times: the loop behind `planwatch schedule`. Time is injected (`now`,
/// `sleepUntil`) so tests drive it with a virtual clock; each due job runs in its own task through
/// `runJob` (in the service: `JobRunner`, the same path as `planwatch run --job`). A job still running
/// when it is due again is not started twice: that run is skipped and logged.
public final class JobScheduler: Sendable {
    public typealias RunJob = @Sendable (JobConfig, Date) async -> Void

    public let jobs: [JobConfig]
    let now: @Sendable () -> Date
    let sleepUntil: @Sendable (Date) async throws -> Void
    let runJob: RunJob
    let logger: Logger
    let running = Locked<[String: Task<Void, Never>]>([:])

    public init(jobs: [JobConfig], logger: Logger,
                now: @escaping @Sendable () -> Date = Date.init,
                sleepUntil: @escaping @Sendable (Date) async throws -> Void = JobScheduler.sleep(until:),
                runJob: @escaping RunJob) {
        self.jobs = jobs
        self.logger = logger
        self.now = now
        self.sleepUntil = sleepUntil
        self.runJob = runJob
    }

    /// Sleeps in steps of at most 30 s, looking at the wall clock each time, so that a clock set
    /// forward or a machine resumed from suspend does not delay a due run.
    @Sendable public static func sleep(until date: Date) async throws {
        while true {
            let remaining = date.timeIntervalSinceNow
            if remaining <= 0 { return }
            try await Task.sleep(for: .milliseconds(Int(min(remaining, 30) * 1000) + 1))
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
                try await sleepUntil(.distantFuture)
                continue
            }
            try await sleepUntil(wake)
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

    /// Waits up to `timeout` seconds for running jobs to finish, then cancels the rest (their runs are
    /// recorded as aborted) and waits for them to close their records.
    public func drain(timeout: Double) async {
        let names = runningJobs
        guard !names.isEmpty else { return }
        logger.info("waiting for running jobs to finish", metadata: ["jobs": "\(names.joined(separator: ","))", "timeout_s": "\(timeout)"])
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int(timeout * 1000)))
        while !runningJobs.isEmpty && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
        }
        let left = running.withLock { Array($0.values) }
        guard !left.isEmpty else { return }
        logger.warning("stop timeout reached; aborting running jobs", metadata: ["jobs": "\(runningJobs.joined(separator: ","))"])
        for task in left { task.cancel() }
        for task in left { await task.value }
    }
}
