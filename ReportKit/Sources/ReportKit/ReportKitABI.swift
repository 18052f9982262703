/// The handshake between the host and a module loaded at run time. Swift has no stable ABI on Linux, so
/// the host refuses a module unless both were compiled against the same ReportKit ABI version by the same
/// compiler. Everything here is `@_alwaysEmitIntoClient`: the values are compiled into the module's own
/// binary, not read from the shared libReportKit.so (which is always the host's copy once loaded).
///
/// A module exports one C symbol, `planwatch_module_register`, returning a ``ModuleRegistration``
/// that carries these values (see CONTRIBUTING.md, "Writing an out-of-tree module"):
///
/// ```swift
/// @_cdecl("planwatch_module_register")
/// public func planwatchModuleRegister() -> UnsafeMutableRawPointer {
///     ModuleRegistration(MyReport()).retainedPointer()
/// }
/// ```
///
/// Modules written before the registration carried them may also export
/// `planwatch_module_abi_version` (returning ``version``) and `planwatch_module_compiler` (returning
/// ``compilerCString``); the host then checks those before it calls the register function at all.
public enum ReportKitABI {
    /// Raise when a public type's layout or a protocol requirement changes. 2: `ProgressMeasure.RowResult`
    /// (optional `result`, `reason`), `ModuleRegistration` carries the handshake,
    /// `ModuleDescriptor.indicatorIDs`, observation provenance inputs and measure checks. 3: provenance
    /// `publisher` and `published`, `ReportContext.contextObservations` and `dataProblems`, the
    /// `wordedStatus` cell, chart and summary status labels, `Assessment.failedSources` and
    /// `AssessmentEngine.failedSources` (获取失败 rather than 数据不足). 4: `Assessment.failedSourcesUnconfirmed`
    /// and `AssessmentEngine.unconfirmedFailedSources` (a failed source whose figures were not known),
    /// `Assessment.unmatchedSources` and `AssessmentEngine.unmatchedSources` (a source that answered without the figure).
    @_alwaysEmitIntoClient
    public static var version: Int { 4 }

    /// The C symbol names a module may export; only ``registerSymbol`` is required.
    public static let abiVersionSymbol = "planwatch_module_abi_version"
    /// The older second handshake symbol: returns ``compilerCString``.
    public static let compilerSymbol = "planwatch_module_compiler"
    /// The one symbol a module must export: returns a retained ``ModuleRegistration``.
    public static let registerSymbol = "planwatch_module_register"

    /// The compiler that compiled the caller, as precise as `#if compiler` can tell: major.minor.patch
    /// for 6.0 to 6.5, major.minor after that.
    @_alwaysEmitIntoClient
    public static var compiler: StaticString {
        #if compiler(>=7.0)
        "Swift 7.0 or later"
        #elseif compiler(>=6.9)
        "Swift 6.9"
        #elseif compiler(>=6.8)
        "Swift 6.8"
        #elseif compiler(>=6.7)
        "Swift 6.7"
        #elseif compiler(>=6.6)
        "Swift 6.6"
        #elseif compiler(>=6.5.4)
        "Swift 6.5.4"
        #elseif compiler(>=6.5.3)
        "Swift 6.5.3"
        #elseif compiler(>=6.5.2)
        "Swift 6.5.2"
        #elseif compiler(>=6.5.1)
        "Swift 6.5.1"
        #elseif compiler(>=6.5)
        "Swift 6.5"
        #elseif compiler(>=6.4.4)
        "Swift 6.4.4"
        #elseif compiler(>=6.4.3)
        "Swift 6.4.3"
        #elseif compiler(>=6.4.2)
        "Swift 6.4.2"
        #elseif compiler(>=6.4.1)
        "Swift 6.4.1"
        #elseif compiler(>=6.4)
        "Swift 6.4"
        #elseif compiler(>=6.3.4)
        "Swift 6.3.4"
        #elseif compiler(>=6.3.3)
        "Swift 6.3.3"
        #elseif compiler(>=6.3.2)
        "Swift 6.3.2"
        #elseif compiler(>=6.3.1)
        "Swift 6.3.1"
        #elseif compiler(>=6.3)
        "Swift 6.3"
        #elseif compiler(>=6.2.4)
        "Swift 6.2.4"
        #elseif compiler(>=6.2.3)
        "Swift 6.2.3"
        #elseif compiler(>=6.2.2)
        "Swift 6.2.2"
        #elseif compiler(>=6.2.1)
        "Swift 6.2.1"
        #elseif compiler(>=6.2)
        "Swift 6.2"
        #elseif compiler(>=6.1.4)
        "Swift 6.1.4"
        #elseif compiler(>=6.1.3)
        "Swift 6.1.3"
        #elseif compiler(>=6.1.2)
        "Swift 6.1.2"
        #elseif compiler(>=6.1.1)
        "Swift 6.1.1"
        #elseif compiler(>=6.1)
        "Swift 6.1"
        #elseif compiler(>=6.0.4)
        "Swift 6.0.4"
        #elseif compiler(>=6.0.3)
        "Swift 6.0.3"
        #elseif compiler(>=6.0.2)
        "Swift 6.0.2"
        #elseif compiler(>=6.0.1)
        "Swift 6.0.1"
        #elseif compiler(>=6.0)
        "Swift 6.0"
        #else
        "Swift before 6.0"
        #endif
    }

    /// `compiler` as a NUL-terminated C string with static storage, for `planwatch_module_compiler`.
    @_alwaysEmitIntoClient
    public static var compilerCString: UnsafePointer<CChar> {
        UnsafeRawPointer(compiler.utf8Start).assumingMemoryBound(to: CChar.self)
    }
}
