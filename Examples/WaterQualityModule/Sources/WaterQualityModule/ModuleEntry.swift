import ReportKit

// The one C symbol planwatch looks up after dlopen (CONTRIBUTING.md, "Writing an out-of-tree module").
// The registration carries the ReportKit ABI version and compiler this module was built with: its
// initializer is compiled into this module, so the values are this module's own, not the host's.
@_cdecl("planwatch_module_register")
public func planwatchModuleRegister() -> UnsafeMutableRawPointer {
    ModuleRegistration(WaterQualityReport()).retainedPointer()
}
