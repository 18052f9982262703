import ArgumentParser
import Foundation
import Logging
import PlanWatchCore
import PlanWatchRender
import ServiceLifecycle

struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run the config's jobs at their cron times until stopped (SIGTERM or SIGINT).",
        discussion: """
        A long-running service: each due job runs like `planwatch run --job NAME`, recorded in the store. \
        On SIGTERM or SIGINT no new run starts; a running job may finish within --stop-timeout, else it \
        is recorded as aborted. Logs one line per event on standard error (level info; PLANWATCH_LOG \
        changes it).
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var modules: ModuleOptions

    @Option(help: ArgumentHelp("Only this job (repeatable); default every job under `jobs:`.", valueName: "name"))
    var job: [String] = []

    @Option(parsing: .unconditional, help: "Seconds a running job may take to finish after a stop signal before it is aborted, 0 to 86400.")
    var stopTimeout: Double = 60

    func run() async throws {
        // Checked before anything starts: the timeout becomes whole milliseconds on the stop signal.
        let stopTimeout = try OptionRange.seconds("--stop-timeout", stopTimeout, in: ConfigLimits.stopTimeout)
        var logger = CommandLogging.logger
        if ProcessInfo.processInfo.environment["PLANWATCH_LOG"] == nil { logger.logLevel = .info }
        var loaded = try global.loadJob(modules: modules)
        loaded.logger = logger
        for failure in loaded.catalog.failures {
            logger.error("module library failed to load", metadata: ["error": "\(failure.message)"])
        }
        var jobs = loaded.config.jobs
        for name in job where !jobs.contains(where: { $0.name == name }) {
            throw CLIExit.configuration("--job: no job '\(name)' under `jobs:` in \(global.config); known: \(jobs.map(\.name).joined(separator: ", "))")
        }
        if !job.isEmpty { jobs = jobs.filter { job.contains($0.name) } }
        try JobSelection.checkModules(of: jobs, in: loaded)
        guard !jobs.isEmpty else {
            throw CLIExit.configuration("\(global.config): no jobs to schedule; add a `jobs:` list (docs/JOBS.md)")
        }
        let base = loaded
        let log = logger
        let scheduler = JobScheduler(jobs: jobs, logger: logger) { spec, _ in
            let runner = JobRunner(job: base, spec: spec, trigger: "schedule",
                                   options: RenderOptions(width: 100, colour: false, csvEncoding: .utf8BOM))
            do {
                _ = try await runner.run()
            } catch {
                log.error("job could not start", metadata: ["job": "\(spec.name)", "error": "\(error)"])
            }
        }
        let service = ScheduleService(scheduler: scheduler, stopTimeout: stopTimeout, logger: logger)
        let group = ServiceGroup(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        logger.info("scheduler started", metadata: ["jobs": "\(jobs.map(\.name).joined(separator: ","))", "pid": "\(getpid())"])
        do {
            try await group.run()
        } catch {
            throw CLIExit.failure("scheduler: \(error)")
        }
        logger.info("scheduler stopped")
    }
}

/// The scheduler as a swift-service-lifecycle service: the loop stops on graceful shutdown, then the
/// running jobs get `stopTimeout` seconds.
struct ScheduleService: Service {
    let scheduler: JobScheduler
    let stopTimeout: Double
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await scheduler.loop() }
        } catch is CancellationError {
            logger.info("stop signal received; no new runs start")
        }
        await scheduler.drain(timeout: .milliseconds(Int(stopTimeout * 1000)))
    }
}
