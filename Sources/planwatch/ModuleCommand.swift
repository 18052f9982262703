import ArgumentParser
import Foundation
import PlanWatchCore
import ReportKit

/// `planwatch module …`: tools for writing an out-of-tree report module.
struct ModuleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "module", abstract: "Write a report module: a ready package, and the ReportKit it builds against.",
        subcommands: [New.self, SDKPath.self])

    /// `planwatch module new NAME [--dir DIR]`.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a ready module package: Package.swift on this planwatch's ReportKit, the entry symbol, a module with one section, a test, a README and a sample config.",
            discussion: "Then, in that folder: `swift build`, and `planwatch run --config planwatch.yaml` (the README gives the full path).")

        @Argument(help: "Module id: lowercase letters, digits and '-', e.g. housing.")
        var name: String

        @Option(help: "Folder to write (default: ./NAME); must not exist or be empty.")
        var dir: String?

        @Option(name: .customLong("indicator"), help: ArgumentHelp("A plan indicator id the module reports; repeatable (default: K01).", valueName: "id"))
        var indicators: [String] = []

        func run() throws {
            let folder = GlobalOptions.resolve(dir ?? name)
            // The README tells the user to run this very binary.
            let binary = URL(fileURLWithPath: CommandLine.arguments[0], relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/"))
                .standardizedFileURL.path
            let planwatch = CommandLine.arguments[0].contains("/") ? binary : CommandLine.arguments[0]
            do {
                let scaffold = try ModuleScaffold(id: name, indicatorIDs: indicators.isEmpty ? ["K01"] : indicators, planwatch: planwatch)
                let files = try scaffold.write(to: folder)
                Console.out("wrote \(folder.path): \(files.count) files (module id \(name), product lib\(scaffold.target).so)")
                Console.out("next: cd \(folder.path) && swift build && \(planwatch) run --config planwatch.yaml")
            } catch {
                throw CLIExit.configuration("error: \(error.description)")
            }
        }
    }

    /// `planwatch module sdk-path`: the ReportKit package path for a module's Package.swift.
    struct SDKPath: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sdk-path", abstract: "Print the path of this planwatch's ReportKit package, for `.package(path:)` in a module's Package.swift.")

        func run() throws {
            let path = ModuleScaffold.reportKitPath
            guard FileManager.default.fileExists(atPath: path.appendingPathComponent("Package.swift").path) else {
                throw CLIExit.failure("this planwatch's ReportKit package is not at \(path.path) any more (the checkout it was built from moved)")
            }
            Console.out(path.path)
        }
    }
}
