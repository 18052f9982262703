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
                                "\(path.file.path): refused module '\(id)': the id is already taken by \(owner); give the module another descriptor id"
                        ))
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

    /// Ids of the runtime-loaded modules, in load order.
    public var loadedIDs: [String] { ids.filter { files[$0] != nil } }
}
