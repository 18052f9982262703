import Foundation
import Testing
@testable import PlanWatchCore
import ReportKit
import ReportKitTesting

/// The loader's decisions without a library: the handshake comparison, id collisions, and where a
/// `module_paths` entry was written. Real libraries are loaded by EndToEndTests/ModuleLoadingTests.
@Suite struct ModuleLoaderTests {
    let host = ModuleLoader.Handshake(abiVersion: 1, compiler: "Swift 6.3.1")

    @Test func aMatchingHandshakeIsAccepted() {
        #expect(ModuleLoader.mismatch(module: host, host: host, file: "libM.so") == nil)
        #expect(ModuleLoader.Handshake.host.abiVersion == ReportKitABI.version)
        #expect(ModuleLoader.Handshake.host.compiler.hasPrefix("Swift 6."))
    }

    @Test func anotherABIVersionOrCompilerIsRefusedWithBothVersionsAndTheFix() throws {
        let abi = try #require(ModuleLoader.mismatch(module: .init(abiVersion: 2, compiler: "Swift 6.3.1"), host: host, file: "/m/libM.so"))
        #expect(
            abi.hasPrefix("/m/libM.so: refused: module built for ReportKit ABI 2, Swift 6.3.1, planwatch is ReportKit ABI 1, Swift 6.3.1"))
        #expect(abi.contains("ReportKit ABI version 2, this planwatch has 1") && !abi.contains("compiled by"))
        let compiler = try #require(ModuleLoader.mismatch(module: .init(abiVersion: 1, compiler: "Swift 6.2"), host: host, file: "libM.so"))
        #expect(compiler.contains("compiled by Swift 6.2, this planwatch by Swift 6.3.1") && !compiler.contains("ABI version"))
        #expect(compiler.contains(ModuleLoader.fix))
    }

    struct Fake: ReportModule {
        var id: String
        var descriptor: ModuleDescriptor {
            ModuleDescriptor(id: id, title: LocalizedText(zh: id), summary: LocalizedText(zh: id), version: "1", indicatorModules: [])
        }
        func build(context: ReportContext) throws -> ReportDocument {
            ReportDocument(id: id, title: LocalizedText(zh: id), generatedAt: context.generatedAt, sections: [])
        }
    }

    /// The one-symbol form: the registration itself carries the handshake, checked before its modules
    /// are used; the stamp comes from the code that calls the initializer (here, this test target).
    @Test func aRegistrationCarriesItsOwnHandshake() throws {
        let file = URL(fileURLWithPath: "/m/libM.so")
        let stamped = ModuleRegistration(Fake(id: "water"), Fake(id: "air"))
        #expect(stamped.abiVersion == ReportKitABI.version && stamped.compiler == "\(ReportKitABI.compiler)")
        let modules = try ModuleLoader.accept(stamped.retainedPointer(), host: .host, file: file)
        #expect(modules.map(\.descriptor.id) == ["water", "air"])

        let future = ModuleRegistration(modules: [Fake(id: "water")], abiVersion: 999, compiler: "Swift 9.9")
        let refused = #expect(throws: ModuleLoader.Failure.self) {
            try ModuleLoader.accept(future.retainedPointer(), host: .host, file: file)
        }
        #expect(
            refused?.message.hasPrefix(
                "/m/libM.so: refused: module built for ReportKit ABI 999, Swift 9.9, planwatch is ReportKit ABI \(ReportKitABI.version)") == true)
        #expect(refused?.message.contains(ModuleLoader.fix) == true)

        let empty = ModuleRegistration([])
        let none = #expect(throws: ModuleLoader.Failure.self) { try ModuleLoader.accept(empty.retainedPointer(), host: .host, file: file) }
        #expect(none?.message == "/m/libM.so: refused: it registers no report modules")

        final class NotARegistration {}
        let other = #expect(throws: ModuleLoader.Failure.self) {
            try ModuleLoader.accept(Unmanaged.passRetained(NotARegistration()).toOpaque(), host: .host, file: file)
        }
        #expect(other?.message.contains("not ReportKit.ModuleRegistration") == true)
    }

    /// ReportKitTesting cannot see the host; its copy of the built-in ids must not drift from the catalog.
    @Test func theConformanceCheckKnowsEveryBuiltInId() {
        #expect(ModuleConformance.builtInModuleIDs == Set(ModuleCatalog.builtIn.map(\.descriptor.id)))
    }

    @Test func collidingIdsAreRefusedAndLoadingGoesOn() {
        let paths = ["a", "b", "broken", "c"].map {
            ModulePath(file: URL(fileURLWithPath: "/m/lib\($0).so"), definedAt: "--module-path", key: $0)
        }
        let catalog = ModuleCatalog(loading: paths) { file throws(ModuleLoader.Failure) in
            switch file.lastPathComponent {
            case "liba.so": return [Fake(id: "water")]
            case "libb.so": return [Fake(id: "ecology"), Fake(id: "water"), Fake(id: "air")]
            case "libbroken.so": throw ModuleLoader.Failure(file: file, message: "\(file.path): cannot load")
            default: return [Fake(id: "soil")]
            }
        }
        #expect(catalog.loadedIDs == ["water", "air", "soil"])
        #expect(catalog.files["air"]?.path == "/m/libb.so")
        #expect(
            catalog.failures.map(\.description) == [
                "--module-path: error: b: /m/libb.so: refused module 'ecology': the id is already taken by a built-in module; give the module another descriptor id",
                "--module-path: error: b: /m/libb.so: refused module 'water': the id is already taken by the module from /m/liba.so; give the module another descriptor id",
                "--module-path: error: broken: /m/libbroken.so: cannot load",
            ])
    }

    @Test func modulePathsKeepTheirLines() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "id: p".write(to: dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        try """
        plan: plan.yaml
        sources: []
        module_paths:
          - lib/libA.so
          - /opt/libB.so
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let config = try PlanWatchConfig.load(file: dir.appendingPathComponent("planwatch.yaml"), displayName: "planwatch.yaml")
        #expect(config.modulePaths.map(\.definedAt) == ["planwatch.yaml:4", "planwatch.yaml:5"])
        #expect(config.modulePaths.map(\.key) == ["module_paths[0]", "module_paths[1]"])
        #expect(
            config.modulePaths.map(\.file.path) == [dir.appendingPathComponent("lib/libA.so").standardizedFileURL.path, "/opt/libB.so"])
    }
}
