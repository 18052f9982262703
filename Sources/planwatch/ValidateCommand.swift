import ArgumentParser
import Foundation
import PlanWatchCore

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check the config, the plan and the report definitions; run nothing.",
        discussion: "Lists every problem with file, line and key, and exits 2 if there is any.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var modules: ModuleOptions

    func run() async throws {
        // One pass: the config's problems and the jobs' unknown modules and reports together.
        let (loaded, found) = try global.loadJobListingProblems(modules: modules)
        guard let job = loaded else { throw CLIExit.configuration(found.joined(separator: "\n")) }
        var problems = found + job.catalog.failures.map(\.description)
        let known = job.catalog.ids
        for id in job.config.modules ?? [] where !known.contains(id) {
            problems.append("\(global.config): error: modules: \(job.catalog.missingModuleMessage(id))")
        }
        // Mappings to series the plan lacks are refused when the job loads (every command).
        for source in job.config.sources {
            if case .file(let file) = source.location, !FileManager.default.fileExists(atPath: file.path) {
                problems.append("\(source.definedAt): error: sources[\(source.id)].path: \(file.path) does not exist")
            }
        }
        guard problems.isEmpty else { throw CLIExit.configuration(problems.joined(separator: "\n")) }
        let listed = (job.config.modules ?? known) + job.catalog.loadedIDs.filter { !(job.config.modules ?? known).contains($0) }
        let series = job.plan.indicators.reduce(0) { $0 + $1.series.count }
        Console.out("ok: \(global.config): plan \(job.plan.id) with \(job.plan.indicators.count) indicators (\(series) series), \(job.config.sources.count) source(s), \(job.reports.count) report definition(s), modules \(listed.joined(separator: ", "))")
        for spec in job.config.jobs {
            let next = spec.nextRun(after: Date()).map { JobConfig.localTime($0, in: spec.timeZone) } ?? "never"
            // What the job writes, so that the default (neither list: what `run` writes) is visible.
            let selection = RunSelection(job: spec)
            let modules = selection.modules.map { $0.isEmpty ? "no module" : "modules \($0.joined(separator: ", "))" }
                ?? "modules \(listed.joined(separator: ", "))"
            let reports = selection.reports.map { $0.isEmpty ? "no department report" : "reports \($0.joined(separator: ", "))" }
                ?? (job.reports.isEmpty ? "no department report" : "reports \(job.reports.map(\.id).joined(separator: ", "))")
            Console.out("job \(spec.name): '\(spec.schedule)' in \(spec.timeZone.identifier), next run \(next); renders \(modules); \(reports)")
        }
    }
}
