import ArgumentParser
import Foundation
import PlanWatchCore
import ReportKit

/// `planwatch`: monitors a development plan against official statistics.
struct PlanWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "planwatch",
        abstract: "Monitor a development plan: fetch statistics, assess every indicator against its target, render reports.",
        discussion: """
        Exit codes:
          0  complete
          3  completed, but some data is missing or stale (see manifest.json)
          2  usage or configuration error
          1  failure
        """,
        // What a runtime-loaded module must match, so a module author can read it off the host.
        version: "\(ReportJob.version) (ReportKit ABI \(ReportKitABI.version), \(ReportKitABI.compiler); modules must be built against this ReportKit by this compiler)",
        subcommands: [
            RunCommand.self, FetchCommand.self, IndicatorsCommand.self, InspectCommand.self, AssessCommand.self, ValidateCommand.self,
            ModulesCommand.self, ModuleCommand.self, ExportCommand.self, ReportsCommand.self, TemplateCommand.self, ImportCommand.self,
            HistoryCommand.self, ScheduleCommand.self,
        ],
        defaultSubcommand: RunCommand.self
    )
}

/// Options every subcommand shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (relative paths in it resolve against its folder).")
    var config: String = "Config/planwatch.yaml"

    @Option(name: .long, help: "Data directory for the response cache (default: .planwatch/ next to the config, or its data_dir).")
    var dataDir: String?

    var configURL: URL { Self.resolve(config) }

    /// A path given on the command line, against the current directory.
    static func resolve(_ path: String) -> URL {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/")).standardizedFileURL
    }

    /// Loads the config and plan; configuration problems exit 2 with every problem listed. With
    /// `modules`, also loads the config's `module_paths` and the `--module-path` libraries; those that
    /// fail are in `job.catalog.failures`, for the command to report.
    func loadJob(modules: ModuleOptions? = nil) throws -> ReportJob {
        do {
            var config = try PlanWatchConfig.load(file: configURL, displayName: self.config)
            let catalog = try apply(to: &config, modules: modules)
            return try ReportJob(config: config, catalog: catalog, logger: CommandLogging.logger)
        } catch let exit as CLIExit {
            throw exit
        } catch {
            throw CLIExit.configuration(String(describing: error))
        }
    }

    /// For `validate`: every problem of the config, the plan, the definitions and the jobs' `modules:`
    /// and `reports:` in one list (a job's selection can only be checked once the definitions and the
    /// module libraries are loaded, so it is checked even when the config has other problems). The job
    /// comes back whenever the plan and definitions loaded, for more checks; never run it with problems.
    func loadJobListingProblems(modules: ModuleOptions) throws -> (job: ReportJob?, problems: [String]) {
        var (config, problems) = PlanWatchConfig.loadKeepingProblems(file: configURL, displayName: self.config)
        guard var config else { return (nil, problems.map(\.description)) }
        let catalog = try apply(to: &config, modules: modules)
        var job: ReportJob?
        do {
            job = try ReportJob(config: config, catalog: catalog, logger: CommandLogging.logger, checkJobReports: false)
        } catch {
            // The plan or a definition did not load; the config's own problems may say why already.
            problems += error.problems.filter { !problems.contains($0) }
        }
        if let job {
            problems += config.jobs.flatMap { $0.selectionProblems(reports: job.reports.map(\.id), modules: job.catalog.ids) }
        }
        return (job, problems.map(\.description))
    }

    /// `--data-dir` and `--module-path` on a loaded config; the module catalog to use.
    private func apply(to config: inout PlanWatchConfig, modules: ModuleOptions?) throws -> ModuleCatalog {
        if let dataDir {
            guard !dataDir.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw CLIExit.configuration("--data-dir: the data directory is empty; give a folder for the response cache")
            }
            config.dataDirectory = Self.resolve(dataDir)
            // Created now (the option says it is created if missing), so that a folder that cannot be
            // (permission denied, /proc) is an error naming it, not a cache silently off.
            if let problem = PlanWatchConfig.createDataDirectory(config.dataDirectory) {
                throw CLIExit.configuration("--data-dir: \(problem)")
            }
        }
        guard let modules else { return ModuleCatalog() }
        config.modulePaths += modules.paths
        return ModuleCatalog(loading: config.modulePaths)
    }
}

/// `--module-path`, for the commands that use report modules (run, modules, validate).
struct ModuleOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A report module library (.so) to load, besides the config's module_paths; repeatable.", valueName: "file"))
    var modulePath: [String] = []

    /// The values, resolved against the current directory.
    var paths: [ModulePath] {
        modulePath.map { ModulePath(file: GlobalOptions.resolve($0), definedAt: "--module-path", key: $0) }
    }
}

/// Exit paths with the documented codes.
enum CLIExit: Error {
    case configuration(String)
    case failure(String)
    case partial
}

@main
enum Main {
    static func main() async {
        // A closed pipe (`planwatch run | head`) is a write error to handle, not a reason to die.
        signal(SIGPIPE, SIG_IGN)
        CommandLogging.bootstrap()
        do {
            var command = try PlanWatchCommand.parseAsRoot()
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch let exit as CLIExit {
            switch exit {
            case .configuration(let message):
                Console.error(message)
                Foundation.exit(2)
            case .failure(let message):
                Console.error("error: " + message)
                Foundation.exit(1)
            case .partial:
                Foundation.exit(3)
            }
        } catch {
            let code = PlanWatchCommand.exitCode(for: error)
            let message = PlanWatchCommand.fullMessage(for: error)
            if code == .success {
                Console.out(message)
                Foundation.exit(0)
            }
            Console.error(message)
            // ArgumentParser says 64 (EX_USAGE) for usage errors; planwatch documents 2.
            Foundation.exit(code == .validationFailure ? 2 : (code.rawValue == 0 ? 0 : 1))
        }
    }
}
