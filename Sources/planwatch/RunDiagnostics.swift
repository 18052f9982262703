import Foundation
import PlanWatchCore

/// The lines `run` and `indicators` print on standard error after assessing, and whether the run is
/// partial (exit 3): failed or stale sources, what a source's mapping could not deliver, rows left
/// out, figures that could not be used, and the other warnings. One place, so both commands say the
/// same and none of them ends with 数据不足 and exit 0 because a mapping was wrong. `run --job` prints
/// the same, from the notices `JobRunner` hands back.
enum RunDiagnostics {
    /// `rendered`: the plan ids this run's pages are about (`--report`, `--module`), nil for all; a
    /// derivation gap of another series is only counted, it does not concern these pages.
    @discardableResult
    static func report(_ assessed: ReportJob.Assessed, rendered: Set<String>? = nil) -> Bool {
        report(assessed.notices(rendered: rendered))
    }

    @discardableResult
    static func report(_ notices: RunNotices) -> Bool {
        let rendered = notices.rendered
        for outcome in notices.outcomes where !outcome.isUsable || outcome.outcome == .stale {
            Console.error("warning: \(outcome.error ?? "source \(outcome.id) is \(outcome.outcome.rawValue)")")
        }
        // Which indicators each failed source takes with it, or that this is not known (then every
        // indicator without a figure may be its, and none reads 数据不足).
        for line in notices.failedSourceLines { Console.error(line) }
        for outcome in notices.outcomes {
            for problem in outcome.problems { Console.error("warning: source '\(outcome.id)': \(problem)") }
            // A source with rows left out is partial: say which rows (one summary line per source).
            if (outcome.rejected ?? 0) > 0 {
                for warning in outcome.warnings { Console.error("warning: source '\(outcome.id)': \(warning)") }
            }
        }
        for problem in notices.problems { Console.error("warning: \(problem)") }
        let allGaps = notices.warnings.filter(isDerivationGap)
        let gaps = allGaps.filter { rendered?.contains(String($0.prefix { $0 != " " })) ?? true }
        for warning in notices.warnings where !isDerivationGap(warning) { Console.error("warning: \(warning)") }
        if let line = derivationGapSummary(gaps) { Console.error("warning: \(line)") }
        if gaps.count < allGaps.count {
            let others = allGaps.count - gaps.count
            Console.error("note: \(others) other derived series of the plan, not in the selected reports or modules, lack an input figure (manifest.json `warnings`)")
        }
        return notices.isPartial
    }

    /// The engine's "K06 not derived for 2020, 2021: no figure for x.trade-total": an input of a
    /// derived series not published (or not entered) for some years. True on every run until the
    /// input comes in, so one line for all of them; each stays in manifest.json `warnings`.
    static func isDerivationGap(_ warning: String) -> Bool {
        warning.contains(" not derived for ") && warning.contains(": no figure for ")
    }

    /// "5 derived series lack an input figure …: K06 (x.trade-total), …", or nil for none.
    static func derivationGapSummary(_ gaps: [String]) -> String? {
        guard !gaps.isEmpty else { return nil }
        if gaps.count == 1 { return gaps[0] }
        let items = gaps.map { warning -> String in
            let series = warning.prefix { $0 != " " }
            let missing = warning.range(of: ": no figure for ").map { warning[$0.upperBound...] } ?? ""
            return "\(series) (no \(missing))"
        }
        return "\(gaps.count) derived series are not derived for some years because an input figure is missing: "
            + items.joined(separator: ", ") + "; add the inputs (docs/PLAN-DATA.md) to derive them; the years are in manifest.json `warnings`"
    }
}
