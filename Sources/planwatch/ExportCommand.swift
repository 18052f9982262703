import ArgumentParser
import Foundation
import PlanWatchCore
import PlanWatchText
import ReportKit

/// `planwatch export --plan --observations --json DIR`: the plan and the observations the host maps
/// onto it, as JSON that ReportKitTesting reads back (`ReportContext.fixture(exportedIn:)`), so a
/// module's tests run on the real plan without the host.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the plan and the observations mapped onto it as JSON, for a module's tests (ReportKitTesting).",
        discussion: "Writes plan.json, observations.json and context.json (profile, region, reference data) into DIR. With neither --plan nor --observations, both.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Write plan.json.")
    var plan = false

    @Flag(help: "Write observations.json: the observations of every source, as mapped onto the plan (fetches like run).")
    var observations = false

    @Flag(help: "JSON (the only format; accepted for clarity).")
    var json = false

    @Argument(help: "Folder to write into (created if missing).")
    var dir: String

    func run() async throws {
        let job = try global.loadJob()
        let folder = GlobalOptions.resolve(dir)
        let both = !plan && !observations
        var files: [(String, Data)] = []
        let encoder = PlanExport.encoder()
        let context = PlanExport.Context(
            profile: job.config.profile, region: job.config.region ?? job.plan.region.code, referenceData: job.referenceData,
            planwatchVersion: ReportJob.version, abiVersion: ReportKitABI.version)
        files.append((PlanExport.contextFile, try encoder.encode(context)))
        if plan || both { files.append((PlanExport.planFile, try encoder.encode(job.plan))) }
        var partial = false
        if observations || both {
            let assessed = await job.assess()
            files.append((PlanExport.observationsFile, try encoder.encode(assessed.observations)))
            for outcome in assessed.outcomes where !outcome.isUsable || outcome.outcome == .stale {
                partial = true
                Console.error("warning: source '\(outcome.id)' is \(outcome.outcome.rawValue); its observations are \(outcome.isUsable ? "stale" : "missing") in the export")
            }
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, data) in files {
                try AtomicFileWriter.write(data, to: folder.appendingPathComponent(name))
            }
        } catch {
            throw CLIExit.failure("\(folder.path): cannot write the export: \(error)")
        }
        Console.out("wrote \(files.map(\.0).joined(separator: ", ")) to \(folder.path)")
        if partial { throw CLIExit.partial }
    }
}
