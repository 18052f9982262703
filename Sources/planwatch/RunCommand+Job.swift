import ArgumentParser
import Foundation
import PlanWatchCore
import PlanWatchRender

extension RunCommand {
    /// `run --job NAME` and `run --replay RUN`: one run of a scheduled job through `JobRunner`, the
    /// same path `planwatch schedule` takes.
    func runJob() async throws {
        let loaded = try global.loadJob(modules: modules)
        for failure in loaded.catalog.failures {
            Console.error("error: \(failure.message)")
        }
        var spec = try JobSelection.spec(named: job, replay: replay, config: loaded.config)
        if let format {
            do {
                spec.formats = try Renderers.parse(format).map(\.formatID)
            } catch {
                throw CLIExit.configuration("--format: \(error)")
            }
        }
        if let out { spec.outputDirectory = GlobalOptions.resolve(out) }
        // --module/--report replace the job's selection for this run, as --format and --out do.
        if !moduleIDs.isEmpty || !reportIDs.isEmpty {
            let selection = try checkedSelection(for: loaded)
            (spec.modules, spec.reports) = (selection.modules, selection.reports)
        } else {
            try JobSelection.checkModules(of: [spec], in: loaded)
        }
        guard let encoding = RenderOptions.CSVEncoding(rawValue: csvEncoding) else {
            throw CLIExit.configuration("--csv-encoding: '\(csvEncoding)' is not one of \(RenderOptions.CSVEncoding.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let started = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init)
            .map { Date(timeIntervalSince1970: $0) } ?? Date()
        let runner = JobRunner(job: loaded, spec: spec, trigger: "cli",
                               options: RenderOptions(width: width ?? 100, colour: false, csvEncoding: encoding), startedAt: started)
        let outcome: JobRunner.Outcome
        do {
            outcome = try await runner.run(replay: replay)
        } catch {
            throw CLIExit.failure(error.description)
        }
        JobSelection.report(outcome, job: spec.name)
        switch outcome.exitCode {
        case 0: return
        case 3: throw CLIExit.partial
        default: throw CLIExit.failure("run #\(outcome.runID) of job '\(spec.name)' failed: \(outcome.error ?? "see the ledger: planwatch history --job \(spec.name)")")
        }
    }
}

/// Finding a job by name (or by the run a replay reads) and telling the user how a run went; shared
/// by `run --job` and `schedule`.
enum JobSelection {
    static func spec(named name: String?, replay: Int64?, config: PlanWatchConfig) throws -> JobConfig {
        var name = name
        if name == nil, let replay {
            do {
                guard let run = try JobRunner.openStore(config).run(replay) else {
                    throw CLIExit.failure("no run #\(replay) in the store \(config.dataDirectory.path)/store.sqlite; `planwatch history` lists the runs")
                }
                name = run.job
            } catch let exit as CLIExit {
                throw exit
            } catch {
                throw CLIExit.failure("cannot read the store in \(config.dataDirectory.path): \(error)")
            }
        }
        guard let name, let spec = config.jobs.first(where: { $0.name == name }) else {
            let known = config.jobs.map(\.name)
            throw CLIExit.configuration("\(config.file.path): no job '\(name ?? "")' under `jobs:`; \(known.isEmpty ? "the config has no jobs" : "known: \(known.joined(separator: ", "))")")
        }
        return spec
    }

    /// A module id in a job's `modules:` that no built-in module or loaded library provides is a
    /// configuration error (exit 2), as an unknown report id is: the run would only miss that module.
    /// Checked here rather than when the config loads because libraries load only for the commands
    /// that render.
    static func checkModules(of specs: [JobConfig], in job: ReportJob) throws {
        let problems = specs.flatMap { $0.moduleProblems(known: job.catalog.ids) }
        if !problems.isEmpty { throw CLIExit.configuration(problems.map(\.description).joined(separator: "\n")) }
    }

    static func report(_ outcome: JobRunner.Outcome, job: String) {
        // The same lines as `run` (derivation gaps in one summary line); a run that stopped before
        // assessing still names its failed sources.
        if let notices = outcome.notices {
            RunDiagnostics.report(notices)
        } else {
            for source in outcome.sources where !source.isUsable || source.outcome == .stale {
                Console.error("warning: \(source.error ?? "source \(source.id) is \(source.outcome.rawValue)")")
            }
        }
        for revision in outcome.revisions {
            Console.error("revised: \(revision.sentence)")
        }
        let place = outcome.folder.map { " → \(ReportJob.displayPath($0))" } ?? ""
        Console.error("run #\(outcome.runID) of job '\(job)': \(outcome.outcome), \(outcome.files) files\(place)")
    }
}
