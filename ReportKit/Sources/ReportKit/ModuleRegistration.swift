/// What a runtime-loaded module hands the host: its report modules. The module's
/// `planwatch_module_register` returns one, retained, as an opaque pointer; the host takes ownership
/// and checks with `as?` that it is this very class, which holds only if host and module share one
/// libReportKit.so (docs/ARCHITECTURE.md, "Runtime loading of modules").
public final class ModuleRegistration: Sendable {
    public let modules: [any ReportModule]

    public init(_ modules: [any ReportModule]) {
        self.modules = modules
    }

    /// Retained and opaque, for a module's `planwatch_module_register`. The host releases it once.
    public func retainedPointer() -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(self).toOpaque()
    }
}
