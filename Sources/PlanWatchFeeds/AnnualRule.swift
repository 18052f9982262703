import Foundation
import ReportKit

/// Turns monthly or quarterly figures into the yearly figures plan targets are set in (mapping key
/// `annual:`). Plan indicators are annual; without a rule, sub-annual figures are decoded and
/// inspected but not assessed.
public enum AnnualRule: String, Sendable, Hashable, CaseIterable {
    /// Average of the year's periods (rates, prices): complete years only.
    case mean
    /// Total of the year's periods (flows such as output or investment): complete years only.
    case sum
    /// The year's latest period (stocks such as M2 at the end of the period; year-to-date figures).
    /// An incomplete year keeps status `partial-year`.
    case last

    /// Annual observations pass through; sub-annual ones are grouped by series, region and year.
    /// Returns the observations and a warning per series with incomplete years dropped.
    public func apply(to observations: [Observation]) -> (observations: [Observation], warnings: [String]) {
        var annual: [Observation] = []
        var groups: [String: [Observation]] = [:]
        var order: [String] = []
        for o in observations {
            guard o.period.frequency != .annual else { annual.append(o); continue }
            let key = "\(o.indicator)\u{1}\(o.region)\u{1}\(o.period.year)\u{1}\(o.period.frequency.rawValue)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(o)
        }
        var dropped: [String: [Int]] = [:]
        for key in order {
            let items = groups[key]!.filter { $0.value != nil }.sorted { $0.period < $1.period }
            guard let last = items.last else { continue }
            let expected = last.period.frequency == .monthly ? 12 : 4
            let complete = Set(items.map(\.period.subperiod)).count == expected
            var result = last
            result.period = Period(year: last.period.year)
            switch self {
            case .last:
                if !complete { result.status = "partial-year" }
            case .mean, .sum:
                guard complete else {
                    dropped[last.indicator, default: []].append(last.period.year)
                    continue
                }
                let total = items.reduce(0) { $0 + ($1.value ?? 0) }
                result.value = self == .sum ? total : total / Double(items.count)
                result.status = nil
            }
            result.provenance.note = [result.provenance.note, "annual \(rawValue) of \(items.count) \(last.period.frequency == .monthly ? "months" : "quarters")"]
                .compactMap { $0 }.joined(separator: "; ")
            annual.append(result)
        }
        let warnings = dropped.sorted { $0.key < $1.key }.map { series, years in
            "annual \(rawValue): series '\(series)' has incomplete years \(years.sorted().map(String.init).joined(separator: ", ")); they are not assessed"
        }
        return (annual, warnings)
    }
}
