import Foundation
import ReportKit

/// One thing wrong with a configuration, plan or report definition, named like a compiler error:
/// `Config/plans/yueyang-14th.yaml:41:5: indicators[3].targte: unknown key; allowed keys: …`.
public struct ConfigProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// Key path within the file: `sources[1].url`, `indicators[K04].target.kind`.
    public var key: String
    public var message: String

    public init(file: String, line: Int?, column: Int? = nil, key: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return key.isEmpty ? "\(place): error: \(message)" : "\(place): error: \(key): \(message)"
    }
}

/// Several problems at once: `planwatch validate` lists them all instead of stopping at the first.
public struct ConfigProblems: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigProblem]
    public init(_ problems: [ConfigProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
