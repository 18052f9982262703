/// What a runtime-loaded module hands the host: its report modules, stamped with the ReportKit ABI
/// version and the compiler the module was built with.
///
/// A module exports one C function, `planwatch_module_register`, that returns a registration,
/// retained, as an opaque pointer:
///
/// ```swift
/// import ReportKit
///
/// @_cdecl("planwatch_module_register")
/// public func planwatchModuleRegister() -> UnsafeMutableRawPointer {
///     ModuleRegistration(MyReport()).retainedPointer()
/// }
/// ```
///
/// The host takes ownership, checks with `as?` that the object is this very class (true only if host
/// and module share one libReportKit.so), then compares ``abiVersion`` and ``compiler`` with its own
/// before it touches ``modules`` (docs/ARCHITECTURE.md, "Runtime loading of modules").
public final class ModuleRegistration: Sendable {
    /// The report modules the library provides, in the order the host lists them.
    public let modules: [any ReportModule]
    /// The ``ReportKitABI/version`` the registering code was compiled against.
    public let abiVersion: Int
    /// The ``ReportKitABI/compiler`` that compiled the registering code, e.g. `Swift 6.1.2`.
    public let compiler: String

    /// A registration with explicit handshake values. Modules use ``init(_:)-(ReportModule...)``
    /// instead, which stamps their own; this one exists for the host's tests of refusals.
    public init(modules: [any ReportModule], abiVersion: Int, compiler: String) {
        self.modules = modules
        self.abiVersion = abiVersion
        self.compiler = compiler
    }

    /// The modules, stamped with the ABI version and compiler of the code that calls this
    /// initializer. It is `@_alwaysEmitIntoClient`, so the values are compiled into the module's own
    /// binary, not read from the shared libReportKit.so (which is always the host's once loaded).
    @_alwaysEmitIntoClient
    public convenience init(_ modules: [any ReportModule]) {
        self.init(modules: modules, abiVersion: ReportKitABI.version, compiler: "\(ReportKitABI.compiler)")
    }

    /// The same as ``init(_:)-([ReportModule])``, for a list written out: `ModuleRegistration(A(), B())`.
    @_alwaysEmitIntoClient
    public convenience init(_ modules: any ReportModule...) {
        self.init(modules: modules, abiVersion: ReportKitABI.version, compiler: "\(ReportKitABI.compiler)")
    }

    /// Retained and opaque, for a module's `planwatch_module_register`. The host releases it once.
    public func retainedPointer() -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(self).toOpaque()
    }
}
