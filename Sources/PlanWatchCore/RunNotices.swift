import Foundation

/// What a run has to tell its operator after assessing: the sources' outcomes (failed, stale, rows
/// left out, mapping problems), the run's own problems and warnings, and whether it is partial. A
/// plain value without the figures, so that `run --job` can hand it from `JobRunner` to the same
/// printing `run` and `indicators` use, without keeping a million observations alive.
public struct RunNotices: Sendable {
    public var outcomes: [SourceRecord]
    /// What each failed source takes with it (`ReportJob.Assessed.failedSourceLines`).
    public var failedSourceLines: [String] = []
    /// Figures that arrived but could not be used (`ReportJob.Assessed.problems`).
    public var problems: [String]
    public var warnings: [String]
    /// Something a source or mapping should have delivered is missing: exit 3.
    public var isPartial: Bool
    /// The plan ids the run's pages are about (`--report`, `--module`, a job's `modules:`), nil for all.
    public var rendered: Set<String>?

    public init(outcomes: [SourceRecord], problems: [String], warnings: [String], isPartial: Bool, rendered: Set<String>? = nil) {
        self.outcomes = outcomes
        self.problems = problems
        self.warnings = warnings
        self.isPartial = isPartial
        self.rendered = rendered
    }
}

extension ReportJob.Assessed {
    /// The notices of this assessment; `rendered` as in ``RunNotices/rendered``.
    public func notices(rendered: Set<String>? = nil) -> RunNotices {
        var notices = RunNotices(outcomes: outcomes, problems: problems, warnings: warnings, isPartial: isPartial, rendered: rendered)
        notices.failedSourceLines = failedSourceLines
        return notices
    }
}
