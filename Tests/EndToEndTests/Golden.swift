import Foundation
import Testing

/// Golden-file comparison: byte for byte, with the first differing lines in the failure. Set
/// PLANWATCH_RECORD=1 to write the current output as the new golden and review it in the diff.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func check(_ actual: Data, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["PLANWATCH_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url)
            return
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else {
            Issue.record("no golden file \(name); run the tests with PLANWATCH_RECORD=1 to create it", sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        let a = String(decoding: actual, as: UTF8.self).components(separatedBy: "\n")
        let e = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
        var diff: [String] = []
        for i in 0..<max(a.count, e.count) where diff.count < 12 {
            let x = i < e.count ? e[i] : "<end>", y = i < a.count ? a[i] : "<end>"
            if x != y { diff.append("line \(i + 1):\n  expected: \(x)\n  actual:   \(y)") }
        }
        Issue.record("\(name) differs from its golden file:\n\(diff.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }
}
