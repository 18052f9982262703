import Foundation
import PlanWatchText
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

    /// Control characters from the file (a TAB in a URL, ESC in an id) quoted back in the key or
    /// message are shown as pictures (␉, ␛), so the line cannot rewrite the terminal; a message's own
    /// line breaks are kept.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        let text = message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { ControlCharacters.neutralise(String($0), keepNewlines: false) }.joined(separator: "\n")
        let shown = ControlCharacters.neutralise(place, keepNewlines: false)
        return key.isEmpty ? "\(shown): error: \(text)"
            : "\(shown): error: \(ControlCharacters.neutralise(key, keepNewlines: false)): \(text)"
    }
}

/// Several problems at once: `planwatch validate` lists them all instead of stopping at the first.
public struct ConfigProblems: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigProblem]
    public init(_ problems: [ConfigProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
