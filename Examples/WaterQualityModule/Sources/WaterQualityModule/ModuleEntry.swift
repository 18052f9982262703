import ReportKit

// The three C symbols planwatch looks up after dlopen (CONTRIBUTING.md, "Writing an out-of-tree
// module"). The values come from ReportKit's @_alwaysEmitIntoClient properties, so they are this
// module's own: the ABI version and compiler it was built with.

@_cdecl("planwatch_module_abi_version")
public func planwatchModuleABIVersion() -> Int { ReportKitABI.version }

@_cdecl("planwatch_module_compiler")
public func planwatchModuleCompiler() -> UnsafePointer<CChar> { ReportKitABI.compilerCString }

@_cdecl("planwatch_module_register")
public func planwatchModuleRegister() -> UnsafeMutableRawPointer {
    ModuleRegistration([WaterQualityReport()]).retainedPointer()
}
