import EcologyModule
import Foundation
import IndustryChainsModule
import LivelihoodModule
import ReportKit
import SafetyModule

/// The report modules this host knows: the overview, the built-in modules compiled as their own
/// targets under Plugins/, and any loaded at run time.
public struct ModuleCatalog: Sendable {
    public var modules: [any ReportModule]
    /// The library each runtime-loaded module came from, by module id.
    public var files: [String: URL] = [:]
    /// Module libraries that could not be loaded; the run goes on without them (exit code 3).
    public var failures: [LoadFailure] = []

    /// A module library refused or not found, with where it was asked for.
    public struct LoadFailure: Sendable, CustomStringConvertible {
        public var path: ModulePath
        public var message: String
        /// The module id the library tried to register, when it got that far (an id collision);
        /// nil when the library itself was refused.
        public var moduleID: String? = nil
        /// `Config/planwatch.yaml:12: error: module_paths[0]: …`, like every config problem.
        public var description: String { "\(path.definedAt): error: \(path.key): \(message)" }
    }

    public static let builtIn: [any ReportModule] = [
        OverviewReport(), IndustryChainsReport(), EcologyReport(), LivelihoodReport(), SafetyReport(),
    ]

    public init(modules: [any ReportModule] = ModuleCatalog.builtIn) {
        self.modules = modules
    }

    /// The built-in modules plus those of every library in `paths`. One bad library never takes the
    /// others down: it becomes a failure and loading goes on. A module whose id is already taken (by a
    /// built-in or an earlier library) is refused.
    public init(
        modules: [any ReportModule] = ModuleCatalog.builtIn, loading paths: [ModulePath],
        loader: (URL) throws(ModuleLoader.Failure) -> [any ReportModule] = { file throws(ModuleLoader.Failure) in
            try ModuleLoader.load(file)
        }
    ) {
        self.modules = modules
        var seen: Set<URL> = []
        for path in paths where seen.insert(path.file.standardizedFileURL).inserted {
            let loaded: [any ReportModule]
            do {
                loaded = try loader(path.file)
            } catch {
                failures.append(LoadFailure(path: path, message: error.message))
                continue
            }
            for module in loaded {
                let id = module.descriptor.id
                if self.module(id: id) != nil {
                    let owner = files[id].map { "the module from \($0.path)" } ?? "a built-in module"
                    failures.append(
                        LoadFailure(
                            path: path,
                            message:
                                "\(path.file.path): refused module '\(id)': the id is already taken by \(owner); give the module another descriptor id",
                            moduleID: id))
                    continue
                }
                self.modules.append(module)
                files[id] = path.file
            }
        }
    }

    public func module(id: String) -> (any ReportModule)? {
        modules.first { $0.descriptor.id == id }
    }

    public var ids: [String] { modules.map(\.descriptor.id) }

    /// Why `modules:` may not name `id`, and how to fix it: the module is neither built in nor in a
    /// loaded library, so say which library would provide it (by the `planwatch module new` naming,
    /// `lib<Name>Module.so`) and the config line that loads it.
    public func missingModuleMessage(_ id: String) -> String {
        let library = "lib\(ModuleScaffold.typeStem(of: id))Module.so"
        var message =
            "no module '\(id)': no built-in module and no loaded library provides it (known: \(ids.joined(separator: ", "))); load the library that does, e.g. \(library) built by `swift build` in the module's package: add `module_paths: [path/to/\(library)]` to the config, or pass `--module-path path/to/\(library)`"
        if let refused = failures.first(where: { $0.moduleID == id || $0.path.file.lastPathComponent == library }) {
            message += "; \(refused.path.file.path) (\(refused.path.definedAt)) was asked for and refused: \(refused.message)"
        } else if !failures.isEmpty {
            message += "; \(failures.count) module librar\(failures.count == 1 ? "y" : "ies") failed to load (see above)"
        }
        return message
    }

    /// Ids of the runtime-loaded modules, in load order.
    public var loadedIDs: [String] { ids.filter { files[$0] != nil } }
}
