import ArgumentParser
import Foundation
import PlanWatchCore
import PlanWatchRender

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Assess every indicator and render every module: text to stdout, files under the output directory.",
        discussion: "Exit 0 when complete; 3 when a source failed or was stale or a module failed (the reports still come out).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var modules: ModuleOptions

    @Option(help: "Output formats, comma separated: html,csv,text,json,md,xlsx (default: the config's outputs.formats).")
    var format: String?

    @Option(help: "Output directory (default: the config's outputs.dir).")
    var out: String?

    // Unconditional, so that `--width -5` reaches the range check below instead of reading "-5" as
    // an unknown option and saying "missing value".
    @Option(parsing: .unconditional, help: "Terminal width for the text report, 20 to 1000 columns (default: the terminal's, else 100).")
    var width: Int?

    @Option(help: "CSV encoding: utf8-bom (default, for Excel) or gb18030 (older Excel setups).")
    var csvEncoding: String = "utf8-bom"

    @Flag(help: "Do not print the text report to standard output.")
    var quiet = false

    @Option(name: .customLong("report"), help: ArgumentHelp("Write this department report (Reports/<id>.yaml); repeatable. With neither --report nor --module, every module and every report is written.", valueName: "id"))
    var reportIDs: [String] = []

    @Option(name: .customLong("module"), help: ArgumentHelp("Render this report module; repeatable.", valueName: "id"))
    var moduleIDs: [String] = []

    @Option(help: "Run the config's job NAME once: its own run folder, the store's ledger, a lock, on_failure (docs/JOBS.md).")
    var job: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Render stored run RUN again from its stored payloads, without network (see `planwatch history`).", valueName: "run"))
    var replay: Int64?

    func run() async throws {
        if let replay, replay < 1 {
            throw CLIExit.configuration("--replay \(replay): not a run number; runs are numbered from 1 (`planwatch history` lists them)")
        }
        if job != nil || replay != nil { return try await runJob() }
        let width = try checkedWidth()
        if let out, out.trimmingCharacters(in: .whitespaces).isEmpty {
            throw CLIExit.configuration("--out: the output directory is empty; give a folder (e.g. --out out) or leave --out off to use the config's outputs.dir")
        }
        var job = try global.loadJob(modules: modules)
        for failure in job.catalog.failures {
            Console.error("error: \(failure.message)")
        }
        let formats: [String]
        do {
            formats = try format.map { try Renderers.parse($0).map(\.formatID) } ?? job.config.formats
        } catch {
            throw CLIExit.configuration("--format: \(error)")
        }
        guard let encoding = RenderOptions.CSVEncoding(rawValue: csvEncoding) else {
            throw CLIExit.configuration("--csv-encoding: '\(csvEncoding)' is not one of \(RenderOptions.CSVEncoding.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let outDir = out.map(GlobalOptions.resolve) ?? job.config.outputDirectory
        // SOURCE_DATE_EPOCH (reproducible-builds.org) pins the report date, for golden files and
        // reproducible archives.
        let started = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init)
            .map { Date(timeIntervalSince1970: $0) } ?? Date()
        let selection = try checkedSelection(for: job)
        // The previous run into this folder says what each source delivered, should one fail now.
        job.previousRunDirectory = outDir
        let assessed = await job.assess(progress: FetchProgress.forStandardError(total: job.config.sources.count)?.update)
        let built = selection.build(job: job, assessed: assessed, generatedAt: started)
        let fileOptions = RenderOptions(width: width ?? 100, colour: false, csvEncoding: encoding)
        let result: RunWriter.Result
        do {
            var writer = RunWriter(job: job, directory: outDir, formats: formats, options: fileOptions)
            writer.use(built)
            result = try writer.write(assessed: assessed, documents: built.documents, modules: built.modules, startedAt: started)
        } catch {
            throw CLIExit.failure("writing reports to \(outDir.path): \(error)")
        }
        // Files first, then the terminal: a reader that closes the pipe early (`| head`) must not
        // cost the run its reports.
        if !quiet {
            let terminal = RenderOptions.terminal(widthOverride: width)
            let text = TextRenderer()
            for document in built.documents {
                var options = terminal
                options.language = built.languages[document.id] ?? terminal.language
                do {
                    try Console.raw(text.renderString(document, options: options) + "\n")
                } catch {
                    break
                }
            }
        }
        RunDiagnostics.report(assessed, rendered: selection.renderedIDs(job: job))
        Console.error("wrote \(result.files.count) files to \(ReportJob.displayPath(outDir))")
        if !result.removedFiles.isEmpty {
            // The previous run's other formats would sit beside a manifest that does not list them.
            let shown = result.removedFiles.prefix(5).joined(separator: ", ") + (result.removedFiles.count > 5 ? ", …" : "")
            Console.error("removed \(result.removedFiles.count) files of the previous run that this run did not write: \(shown)")
        }
        if result.exitCode == 3 { throw CLIExit.partial }
    }

    /// `--report` and `--module` (the same selection a job's `reports:` and `modules:` make); an
    /// unknown id is a usage error naming the known ones.
    func checkedSelection(for job: ReportJob) throws -> RunSelection {
        let selection = RunSelection(modules: moduleIDs.isEmpty ? nil : moduleIDs, reports: reportIDs.isEmpty ? nil : reportIDs)
        do {
            try selection.check(against: job)
        } catch {
            if case .report = error { throw CLIExit.configuration("--report: \(error)") }
            throw CLIExit.configuration("--module: \(error)")
        }
        return selection
    }

    /// `--width` within `RenderOptions.widthRange`: zero or negative is an error, a width outside the
    /// range is clamped with a warning.
    func checkedWidth() throws -> Int? {
        guard let width else { return nil }
        let range = RenderOptions.widthRange
        guard width > 0 else {
            throw CLIExit.configuration("--width: \(width) is not a width; give a number of columns from \(range.lowerBound) to \(range.upperBound)")
        }
        let clamped = min(max(range.lowerBound, width), range.upperBound)
        if clamped != width {
            Console.error("warning: --width \(width) is outside \(range.lowerBound)...\(range.upperBound) columns; using \(clamped)")
        }
        return clamped
    }
}
