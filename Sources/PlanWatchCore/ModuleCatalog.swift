import EcologyModule
import IndustryChainsModule
import LivelihoodModule
import ReportKit
import SafetyModule

/// The report modules this host knows: the overview, the built-in modules compiled as their own
/// targets under Plugins/, and any loaded at run time.
public struct ModuleCatalog: Sendable {
    public var modules: [any ReportModule]

    public static let builtIn: [any ReportModule] = [
        OverviewReport(), IndustryChainsReport(), EcologyReport(), LivelihoodReport(), SafetyReport(),
    ]

    public init(modules: [any ReportModule] = ModuleCatalog.builtIn) {
        self.modules = modules
    }

    public func module(id: String) -> (any ReportModule)? {
        modules.first { $0.descriptor.id == id }
    }

    public var ids: [String] { modules.map(\.descriptor.id) }
}
