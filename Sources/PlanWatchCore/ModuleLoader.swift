import Foundation
import ReportKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Loads report modules from shared libraries at run time (docs/ARCHITECTURE.md, "Runtime loading of
/// modules"): `dlopen(path, RTLD_NOW | RTLD_LOCAL)`, then the register symbol, whose
/// `ModuleRegistration` carries the module's ABI version and compiler (older modules also export them as
/// two symbols, checked before the register function is called). A library is never closed, not even a refused one: the Swift runtime registers a loaded
/// image's type metadata and conformances and never forgets them, so `dlclose` would leave it pointing
/// into unmapped memory.
public enum ModuleLoader {
    /// What a module was compiled with, or what the host was.
    public struct Handshake: Sendable, Hashable, CustomStringConvertible {
        public var abiVersion: Int
        public var compiler: String

        public init(abiVersion: Int, compiler: String) {
            self.abiVersion = abiVersion
            self.compiler = compiler
        }

        /// This host's values, compiled into this binary like a module's into its own.
        public static var host: Handshake { Handshake(abiVersion: ReportKitABI.version, compiler: "\(ReportKitABI.compiler)") }

        public var description: String { "ReportKit ABI \(abiVersion), \(compiler)" }
    }

    /// A module that could not be loaded; the message names the file and says how to fix it.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var file: URL
        public var message: String
        public var description: String { message }
    }

    /// What to do about any refusal.
    public static let fix =
        "rebuild the module with the same Swift toolchain as planwatch, against this planwatch's ReportKit package, and never with --static-swift-stdlib (a runtime-loaded module must share the host's Swift runtime and libReportKit.so)"

    /// The handshake check alone: nil when the module may be used, else why not.
    public static func mismatch(module: Handshake, host: Handshake, file: String) -> String? {
        if module == host { return nil }
        var what: [String] = []
        if module.abiVersion != host.abiVersion {
            what.append("ReportKit ABI version \(module.abiVersion), this planwatch has \(host.abiVersion)")
        }
        if module.compiler != host.compiler { what.append("compiled by \(module.compiler), this planwatch by \(host.compiler)") }
        return "\(file): refused: module built for \(module), planwatch is \(host) (\(what.joined(separator: "; "))); \(fix)"
    }

    /// Loads `file` and returns the modules it registers.
    public static func load(_ file: URL, host: Handshake = .host) throws(Failure) -> [any ReportModule] {
        let path = file.path
        func fail(_ message: String) -> Failure { Failure(file: file, message: "\(path): \(message)") }
        guard FileManager.default.fileExists(atPath: path) else {
            throw fail(
                "no such module library; build the module (swift build --package-path <module package>) and give the path of its lib<Name>.so"
            )
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown error"
            // A Swift symbol missing at load time is nearly always ReportKit API that the module was
            // compiled against and this planwatch's libReportKit.so does not have (another version).
            let why =
                reason.contains("undefined symbol")
                ? " (the module was built against another ReportKit than this planwatch's: a symbol it needs is missing)" : ""
            throw fail("cannot load: \(reason)\(why); this planwatch is \(host); \(fix)")
        }
        func lookup(_ name: String) -> UnsafeMutableRawPointer? {
            _ = dlerror()
            return dlsym(handle, name)
        }
        guard let registerPointer = lookup(ReportKitABI.registerSymbol) else {
            throw fail(
                "refused: not a planwatch module: it does not export `\(ReportKitABI.registerSymbol)` (a module exports one function, `@_cdecl(\"\(ReportKitABI.registerSymbol)\")`, returning `ModuleRegistration(MyReport()).retainedPointer()`; see CONTRIBUTING.md, \"Writing an out-of-tree module\"); this planwatch is \(host); \(fix)"
            )
        }
        typealias VersionFunction = @convention(c) () -> Int
        typealias CompilerFunction = @convention(c) () -> UnsafePointer<CChar>?
        typealias RegisterFunction = @convention(c) () -> UnsafeMutableRawPointer?
        // The older three-symbol form: the handshake is checked before any of the module's Swift code
        // runs. Both symbols or neither: half a handshake is a mistake worth naming.
        let versionPointer = lookup(ReportKitABI.abiVersionSymbol)
        let compilerPointer = lookup(ReportKitABI.compilerSymbol)
        switch (versionPointer, compilerPointer) {
        case (let version?, let compiler?):
            let abi = unsafeBitCast(version, to: VersionFunction.self)()
            let name = unsafeBitCast(compiler, to: CompilerFunction.self)().map { String(cString: $0) } ?? "(none)"
            if let problem = mismatch(module: Handshake(abiVersion: abi, compiler: name), host: host, file: path) {
                throw Failure(file: file, message: problem)
            }
        case (nil, nil):
            break
        case (_, let compiler):
            let missing = compiler == nil ? ReportKitABI.compilerSymbol : ReportKitABI.abiVersionSymbol
            throw fail(
                "refused: it exports only half of the old handshake: `\(missing)` is missing; export both `\(ReportKitABI.abiVersionSymbol)` and `\(ReportKitABI.compilerSymbol)`, or neither (the registration carries both values); this planwatch is \(host)"
            )
        }
        guard let raw = unsafeBitCast(registerPointer, to: RegisterFunction.self)() else {
            throw fail("refused: \(ReportKitABI.registerSymbol) returned a null pointer")
        }
        return try accept(raw, host: host, file: file)
    }

    /// Checks what a module's register function returned: the host's `ModuleRegistration` class,
    /// stamped with this host's ABI version and compiler, with at least one module. Takes ownership
    /// of the object only when it is accepted: a refused registration is left alone (leaked), because
    /// releasing it would run the module's destructors, compiled by a compiler this host does not trust.
    static func accept(_ raw: UnsafeMutableRawPointer, host: Handshake, file: URL) throws(Failure) -> [any ReportModule] {
        func fail(_ message: String) -> Failure { Failure(file: file, message: "\(file.path): \(message)") }
        let unmanaged = Unmanaged<AnyObject>.fromOpaque(raw)
        let object = unmanaged.takeUnretainedValue()
        // The cast holds only if the module's ModuleRegistration is the host's: one libReportKit.so in
        // the process. With two copies every ReportKit type exists twice and casts fail silently.
        guard let registration = object as? ModuleRegistration else {
            let theirs = definingLibrary(of: type(of: object)) ?? "?"
            let ours = definingLibrary(of: ModuleRegistration.self) ?? "?"
            throw fail(
                "refused: its registration object is \(String(reflecting: type(of: object))) from \(theirs), not ReportKit.ModuleRegistration from \(ours): two copies of ReportKit are loaded (was ReportKit linked statically into the module?); \(fix)"
            )
        }
        // The class is the host's, so its stored ABI version and compiler can be read; the modules are
        // the module's own code and are not touched until both match.
        let stamp = Handshake(abiVersion: registration.abiVersion, compiler: registration.compiler)
        if let problem = mismatch(module: stamp, host: host, file: file.path) {
            throw Failure(file: file, message: problem)
        }
        let modules = registration.modules
        unmanaged.release()
        guard !modules.isEmpty else { throw fail("refused: it registers no report modules") }
        return modules
    }

    /// The shared library (or executable) that defines a class's metadata, for the two-copies message.
    /// Glibc's Swift module does not import `Dl_info` (a _GNU_SOURCE struct), so `dladdr` is looked up
    /// with `dlsym` and given a buffer of its four pointer fields, `dli_fname` first.
    static func definingLibrary(of type: AnyClass) -> String? {
        typealias DladdrFunction = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?) -> Int32
        guard let dladdr = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "dladdr") else { return nil }
        var info: (UnsafePointer<CChar>?, UnsafeRawPointer?, UnsafePointer<CChar>?, UnsafeRawPointer?) = (nil, nil, nil, nil)
        let found = withUnsafeMutableBytes(of: &info) { buffer in
            unsafeBitCast(dladdr, to: DladdrFunction.self)(unsafeBitCast(type, to: UnsafeRawPointer.self), buffer.baseAddress)
        }
        guard found != 0, let name = info.0 else { return nil }
        return String(cString: name)
    }
}
