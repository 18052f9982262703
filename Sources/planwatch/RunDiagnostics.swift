import Foundation
import PlanWatchCore

/// The lines `run` and `indicators` print on standard error after assessing, and whether the run is
/// partial (exit 3): failed or stale sources, what a source's mapping could not deliver, rows left
/// out, figures that could not be used, and the other warnings. One place, so both commands say the
/// same and none of them ends with 数据不足 and exit 0 because a mapping was wrong.
enum RunDiagnostics {
    @discardableResult
    static func report(_ assessed: ReportJob.Assessed) -> Bool {
        for outcome in assessed.outcomes where !outcome.isUsable || outcome.outcome == .stale {
            Console.error("warning: \(outcome.error ?? "source \(outcome.id) is \(outcome.outcome.rawValue)")")
        }
        for outcome in assessed.outcomes {
            for problem in outcome.problems { Console.error("warning: source '\(outcome.id)': \(problem)") }
            // A source with rows left out is partial: say which rows (one summary line per source).
            if (outcome.rejected ?? 0) > 0 {
                for warning in outcome.warnings { Console.error("warning: source '\(outcome.id)': \(warning)") }
            }
        }
        for problem in assessed.problems { Console.error("warning: \(problem)") }
        for warning in assessed.warnings { Console.error("warning: \(warning)") }
        return assessed.isPartial
    }
}
