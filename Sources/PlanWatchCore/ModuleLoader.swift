import Foundation
import ReportKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Loads report modules from shared libraries at run time (docs/ARCHITECTURE.md, "Runtime loading of
/// modules"): `dlopen(path, RTLD_NOW | RTLD_LOCAL)`, then the handshake symbols, then the register
/// symbol. A library is never closed, not even a refused one: the Swift runtime registers a loaded
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
            throw fail("cannot load: \(reason); this planwatch is \(host); \(fix)")
        }
        func symbol(_ name: String) throws(Failure) -> UnsafeMutableRawPointer {
            _ = dlerror()
            guard let pointer = dlsym(handle, name) else {
                throw fail(
                    "refused: not a planwatch module: it does not export `\(name)` (a module exports \(ReportKitABI.abiVersionSymbol), \(ReportKitABI.compilerSymbol) and \(ReportKitABI.registerSymbol); see CONTRIBUTING.md, \"Writing an out-of-tree module\"); this planwatch is \(host); \(fix)"
                )
            }
            return pointer
        }
        typealias VersionFunction = @convention(c) () -> Int
        typealias CompilerFunction = @convention(c) () -> UnsafePointer<CChar>?
        typealias RegisterFunction = @convention(c) () -> UnsafeMutableRawPointer?
        let version = unsafeBitCast(try symbol(ReportKitABI.abiVersionSymbol), to: VersionFunction.self)()
        let compiler =
            unsafeBitCast(try symbol(ReportKitABI.compilerSymbol), to: CompilerFunction.self)().map { String(cString: $0) } ?? "(none)"
        let register = unsafeBitCast(try symbol(ReportKitABI.registerSymbol), to: RegisterFunction.self)
        if let problem = mismatch(module: Handshake(abiVersion: version, compiler: compiler), host: host, file: path) {
            throw Failure(file: file, message: problem)
        }
        guard let raw = register() else { throw fail("refused: \(ReportKitABI.registerSymbol) returned a null pointer") }
        let object = Unmanaged<AnyObject>.fromOpaque(raw).takeRetainedValue()
        // The cast holds only if the module's ModuleRegistration is the host's: one libReportKit.so in
        // the process. With two copies every ReportKit type exists twice and casts fail silently.
        guard let registration = object as? ModuleRegistration else {
            let theirs = definingLibrary(of: type(of: object)) ?? "?"
            let ours = definingLibrary(of: ModuleRegistration.self) ?? "?"
            throw fail(
                "refused: its registration object is \(String(reflecting: type(of: object))) from \(theirs), not ReportKit.ModuleRegistration from \(ours): two copies of ReportKit are loaded (was ReportKit linked statically into the module?); \(fix)"
            )
        }
        guard !registration.modules.isEmpty else { throw fail("refused: it registers no report modules") }
        return registration.modules
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
