import Foundation
import Testing

/// Golden files: compared byte for byte, with the differing lines in the failure; re-recorded when
/// the environment has `PLANWATCH_RECORD=1` (then review the diff before committing).
public enum Golden {
    public static var recording: Bool { ProcessInfo.processInfo.environment["PLANWATCH_RECORD"] == "1" }

    public static func assert(_ data: Data, named name: String, in directory: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
            return
        }
        guard let expected = try? Data(contentsOf: url) else {
            Issue.record("missing golden \(name); run with PLANWATCH_RECORD=1 to record it", sourceLocation: sourceLocation)
            return
        }
        if expected != data {
            Issue.record("\(name) differs from its golden:\n\(diff(expected: expected, actual: data))", sourceLocation: sourceLocation)
        }
    }

    /// Differing lines with their numbers (at most 20), or the first differing byte for binary data.
    public static func diff(expected: Data, actual: Data) -> String {
        guard let e = String(data: expected, encoding: .utf8), let a = String(data: actual, encoding: .utf8) else {
            let index = zip(expected, actual).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(expected.count, actual.count)
            return "binary: first difference at byte \(index) (sizes \(expected.count) and \(actual.count))"
        }
        let el = e.components(separatedBy: "\n"), al = a.components(separatedBy: "\n")
        var out: [String] = []
        for index in 0..<max(el.count, al.count) where out.count < 40 {
            let x = index < el.count ? el[index] : nil, y = index < al.count ? al[index] : nil
            if x != y {
                out.append("line \(index + 1):\n  - \(x.map { $0.debugDescription } ?? "(none)")\n  + \(y.map { $0.debugDescription } ?? "(none)")")
            }
        }
        return out.prefix(20).joined(separator: "\n")
    }
}
