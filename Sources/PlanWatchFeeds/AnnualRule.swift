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
    /// The year's latest period (stocks such as M2 at the end of the period). An incomplete year keeps
    /// status `partial-year`. On a monthly rate this is December's single month, not the year: a
    /// warning says so and points at `cumulative`.
    case last
    /// Year-to-date (cumulative) series, e.g. NBS's 累计增长 or 1-12月累计值: the year's last period
    /// already covers the whole year (December's 1-12月 growth is the annual growth). An incomplete
    /// year keeps status `partial-year`.
    case cumulative

    /// Annual observations pass through; sub-annual ones are grouped by series, region and year.
    /// Returns the observations and warnings (incomplete years dropped, a rate read as `last`).
    ///
    /// Statistics offices publish January and February together (1-2月, because of the Spring
    /// Festival): a monthly series with no January but a February figure counts as complete, the
    /// February figure standing for both months (twice in a mean, once in a sum, which it already
    /// totals).
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
        var ratesReadAsLast: Set<String> = []
        for key in order {
            let items = groups[key]!.filter { $0.value != nil }.sorted { $0.period < $1.period }
            guard let last = items.last else { continue }
            let monthly = last.period.frequency == .monthly
            let periods = Set(items.map(\.period.subperiod))
            let januaryInFebruary = monthly && !periods.contains(1) && periods.contains(2)
            let complete = periods.count + (januaryInFebruary ? 1 : 0) == (monthly ? 12 : 4)
            var result = last
            result.period = Period(year: last.period.year)
            var note = "annual \(rawValue) of \(items.count) \(monthly ? "months" : "quarters")"
            switch self {
            case .last, .cumulative:
                if !complete { result.status = "partial-year" }
                if self == .last, last.unit?.trimmingCharacters(in: .whitespaces) == "%" { ratesReadAsLast.insert(last.indicator) }
            case .mean, .sum:
                guard complete else {
                    dropped[last.indicator, default: []].append(last.period.year)
                    continue
                }
                var total = items.reduce(0) { $0 + ($1.value ?? 0) }
                var count = Double(items.count)
                if januaryInFebruary {
                    note += " (1-2月 published together)"
                    if self == .mean, let february = items.first(where: { $0.period.subperiod == 2 })?.value {
                        total += february
                        count += 1
                    }
                }
                result.value = self == .sum ? total : total / count
                result.status = nil
            }
            result.provenance.note = [result.provenance.note, note].compactMap { $0 }.joined(separator: "; ")
            annual.append(result)
        }
        var warnings = dropped.sorted { $0.key < $1.key }.map { series, years in
            "annual \(rawValue): series '\(series)' has incomplete years \(years.sorted().map(String.init).joined(separator: ", ")); they are not assessed"
        }
        for series in ratesReadAsLast.sorted() {
            warnings.append("annual last: series '\(series)' is a rate (%): `last` takes the year's last month or quarter alone as the year's figure; for a growth rate map the feed's cumulative series (累计增长, e.g. NBS hgyd A020102 instead of the single-month A020101) with `annual: cumulative`, or use `annual: mean`")
        }
        return (annual, warnings)
    }
}
