import ArgumentParser
import Foundation
import PlanWatchCore
import PlanWatchEntry

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Check a filled template (.xlsx or .csv) cell by cell and merge its figures into an observations CSV.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The filled template.")
    var file: String

    @Option(help: "Observations CSV to merge into (default: the config's first observations-csv source with a path).")
    var into: String?

    @Flag(help: "Check and report only; write nothing.")
    var dryRun = false

    @Flag(help: "Accept figures that differ from ones already held: both are kept, the old one marked superseded.")
    var revise = false

    @Option(help: "Refuse a file, or a workbook part once expanded, larger than this many bytes (default 64 MiB).")
    var maxBytes: Int = EntrySheet.Limits.defaultMaxBytes

    func run() async throws {
        guard maxBytes > 0 else { throw CLIExit.configuration("--max-bytes: give a positive number of bytes") }
        let job = try global.loadJob()
        let url = GlobalOptions.resolve(file)
        let target: URL
        if let into {
            target = GlobalOptions.resolve(into)
        } else if let source = job.config.sources.first(where: { $0.format == "observations-csv" }), case .file(let path) = source.location {
            target = path
        } else {
            throw CLIExit.configuration("no observations-csv source with a path in \(global.config); give --into FILE.csv")
        }
        // Read (and refused when too large or binary) before the sources are assessed.
        let sheet: EntrySheet
        do { sheet = try EntrySheet.read(url, limits: EntrySheet.Limits(maxBytes: maxBytes)) } catch { throw CLIExit.failure(error.description) }
        guard let data = try? Data(contentsOf: url, options: .alwaysMapped) else {
            throw CLIExit.configuration("cannot read \(file)")
        }
        let assessed = await job.assess()
        // The region the reports read, and the plan's counties for the county tables.
        let regions = Set([job.config.region ?? job.plan.region.code] + job.regions.map(\.code))
        let entry = EntryImport(sheet: sheet, plan: job.plan, known: assessed.observations + assessed.unmapped, regions: regions)
        for problem in entry.problems { Console.error(problem.description) }
        if !entry.errors.isEmpty {
            throw CLIExit.failure("\(entry.errors.count) problem(s) in \(file); nothing was written")
        }
        let result: EntryImport.MergeResult
        do {
            result = try entry.merge(into: target, file: url, fileData: data, revise: revise, dryRun: dryRun)
        } catch {
            throw CLIExit.failure("\(error)")
        }
        for conflict in result.conflicts { Console.error(conflict.description) }
        if !result.conflicts.isEmpty {
            throw CLIExit.failure("\(result.conflicts.count) conflicting figure(s) in \(file); nothing was written")
        }
        let verb = dryRun ? "would add" : "added"
        Console.out("\(verb) \(result.added), revised \(result.revised), unchanged \(result.unchanged) figure(s) in \(ReportJob.displayPath(target))")
    }
}
