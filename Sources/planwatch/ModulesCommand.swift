import ArgumentParser
import Foundation
import PlanWatchCore
import ReportKit

struct ModulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modules", abstract: "List the report modules: built-in, and loaded from module_paths and --module-path.",
        discussion: "A library that fails to load is reported on standard error and the command exits 3.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var modules: ModuleOptions

    @Flag(help: "Write JSON instead of text.")
    var json = false

    /// A descriptor, plus the library a loaded module came from.
    struct Listing: Encodable {
        var descriptor: ModuleDescriptor
        var file: String?

        func encode(to encoder: any Encoder) throws {
            try descriptor.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(file, forKey: .file)
        }

        enum CodingKeys: String, CodingKey { case file }
    }

    func run() async throws {
        // Without a config file (run outside a project) the built-ins and --module-path still list.
        let catalog: ModuleCatalog
        if FileManager.default.fileExists(atPath: global.configURL.path) {
            catalog = try global.loadJob(modules: modules).catalog
        } else {
            // Said on stderr, so `--json` output stays clean: a config's module_paths are not loaded.
            Console.error(
                "note: no config file at \(global.config); listing the built-in modules and --module-path libraries only (a config's module_paths are not loaded; give one with --config)")
            catalog = ModuleCatalog(loading: modules.paths)
        }
        let listings = catalog.modules.map { Listing(descriptor: $0.descriptor, file: catalog.files[$0.descriptor.id]?.path) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.out(String(decoding: try encoder.encode(listings), as: UTF8.self))
        } else {
            for l in listings {
                let d = l.descriptor
                Console.out("\(d.id)\t\(d.version)\t\(d.title.bilingual)\t\(d.summary.bilingual)" + (l.file.map { "\t\($0)" } ?? ""))
            }
        }
        for failure in catalog.failures {
            Console.error("error: \(failure.message)")
        }
        if !catalog.failures.isEmpty { throw CLIExit.partial }
    }
}
