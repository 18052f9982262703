import Foundation
import PlanWatchTestSupport

/// Runs the built `planwatch` executable, as a user would, and captures what it prints.
struct PlanWatchBinary {
    typealias Output = ChildProcess.Output

    /// The package root, found from this file's path, so tests run from any directory.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `planwatch` sits beside the test bundle in the build folder.
    static var executable: URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ].compactMap { $0 }
        for dir in candidates {
            let url = dir.appendingPathComponent("planwatch")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return packageRoot.appendingPathComponent(".build/debug/planwatch")
    }

    static func run(_ arguments: [String], in directory: URL = packageRoot, environment: [String: String] = [:]) async throws -> Output {
        try await ChildProcess.run(executable, arguments, in: directory, environment: environment.merging(["NO_COLOR": "1"]) { a, _ in a })
    }

    static func temporaryDirectory() -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("planwatch-e2e-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
