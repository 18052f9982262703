/// The ReportKit ABI version a module was compiled against. `@_alwaysEmitIntoClient` puts the value
/// into the module's own binary, so the host can compare it with its own before using the module.
public enum ReportKitABI {
    @_alwaysEmitIntoClient
    public static var version: Int { 1 }
}
