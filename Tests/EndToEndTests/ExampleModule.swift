import Foundation
import PlanWatchTestSupport

/// The out-of-tree module package under Examples/, built once per test run with the toolchain that
/// runs the tests (the `swift` on PATH), into `.build-examples/` so later runs build incrementally.
enum ExampleModule {
    struct BuildFailed: Error, CustomStringConvertible {
        var description: String
    }

    static let packageDirectory = PlanWatchBinary.packageRoot.appendingPathComponent("Examples/WaterQualityModule")
    static let scratch = PlanWatchBinary.packageRoot.appendingPathComponent(".build-examples")

    /// `libWaterQualityModule.so`, once built. Every test awaits the same build.
    static var library: URL {
        get async throws { try await build.value }
    }

    /// At the lowest CPU priority: the build runs while other suites do, and on two cores a full-speed
    /// compile made the fetch tests' timing checks fail (a 3 s budget measured at 3.4 s).
    private static let build = Task<URL, any Error> {
        let output = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "nice", "-n", "19", "swift", "build", "--package-path", packageDirectory.path, "--scratch-path", scratch.path,
                "--product", "WaterQualityModule",
            ])
        guard output.status == 0 else { throw BuildFailed(description: "building Examples/WaterQualityModule failed:\n\(output.combined)") }
        return scratch.appendingPathComponent("debug/libWaterQualityModule.so")
    }

    /// A plain C shared library, for the refusals: no Swift, no ReportKit, just the symbols given.
    static func cLibrary(named name: String, source: String, in directory: URL) async throws -> URL {
        let c = directory.appendingPathComponent("\(name).c")
        let so = directory.appendingPathComponent("lib\(name).so")
        try source.write(to: c, atomically: true, encoding: .utf8)
        let output = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["cc", "-shared", "-fPIC", "-o", so.path, c.path])
        guard output.status == 0 else { throw BuildFailed(description: "cc \(name).c failed:\n\(output.combined)") }
        return so
    }
}
