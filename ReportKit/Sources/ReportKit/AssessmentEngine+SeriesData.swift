import Foundation

/// Selecting the figures one series is assessed on: its id, the region, annual periods up to `asOf`
/// and the target year, values present, one per year.
extension AssessmentEngine {
    struct Point {
        var year: Int
        var value: Double
        var observation: Observation
    }

    struct SeriesData {
        /// Usable figures, oldest first, one per year.
        var points: [Point] = []
        /// Years with two different values; non-empty means the series cannot be assessed.
        var duplicateYears: [Int] = []
        var warnings: [String] = []
    }

    func prepare(series: IndicatorSeries, of indicator: Indicator, observations: [Observation], region: String?) -> SeriesData {
        var data = SeriesData()
        // A single-series indicator may be observed under the indicator id or the series id.
        var matching = observations.filter {
            $0.indicator == series.id || (indicator.series.count == 1 && $0.indicator == indicator.id)
        }
        if let region {
            let inRegion = matching.filter { $0.region == region }
            if inRegion.isEmpty, !matching.isEmpty {
                let others = Set(matching.map(\.region)).sorted().joined(separator: ", ")
                data.warnings.append("no figures for region \(region) (figures exist for \(others))")
            }
            matching = inRegion
        } else {
            var counts: [String: Int] = [:]
            for observation in matching { counts[observation.region, default: 0] += 1 }
            if counts.count > 1 {
                // Most figures first, then the code, so the choice is stable.
                let chosen = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }[0].key
                data.warnings.append("figures for \(counts.count) regions and none chosen; region \(chosen) used")
                matching = matching.filter { $0.region == chosen }
            }
        }
        let subAnnual = matching.filter { $0.period.frequency != .annual }
        if !subAnnual.isEmpty {
            data.warnings.append("\(subAnnual.count) sub-annual figure(s) skipped: targets are assessed on annual figures")
        }
        matching = matching.filter { $0.period.frequency == .annual }
        if let asOf {
            matching = matching.filter { $0.period.year <= asOf }
        }
        let late = matching.filter { $0.period.year > series.target.year }
        if !late.isEmpty {
            let years = Set(late.map(\.period.year)).sorted().map(String.init).joined(separator: ", ")
            data.warnings.append("figures after the target year \(series.target.year) ignored (\(years))")
            matching = matching.filter { $0.period.year <= series.target.year }
        }
        let missing = matching.filter { $0.value == nil }
        if !missing.isEmpty {
            let detail = missing.sorted { $0.period < $1.period }
                .map { o in
                    "\(o.period.year)" + (o.status.map { " \($0)" } ?? "") + (ObservationStatus.withheldLabel(o.status).map { " (\($0))" } ?? "")
                }.joined(separator: ", ")
            data.warnings.append("\(missing.count) missing figure(s) skipped (\(detail))")
        }
        let byYear = Dictionary(grouping: matching.filter { $0.value != nil }, by: \.period.year)
        for year in byYear.keys.sorted() {
            let group = byYear[year]!
            let values = Set(group.compactMap(\.value))
            if values.count > 1 {
                data.duplicateYears.append(year)
            } else if let first = group.first, let value = first.value {
                data.points.append(Point(year: year, value: value, observation: first))
            }
        }
        return data
    }

    /// The base of a level, direction or level-growth series: the plan baseline when it has a value
    /// (it counts as the baseline observation), else the observation in the baseline year or the next
    /// later one, else the earliest observation.
    func base(
        of series: IndicatorSeries, points: [Point], usePlanValue: Bool
    ) -> (year: Int, value: Double, fromPlan: Bool, warnings: [String])? {
        var warnings: [String] = []
        if usePlanValue, let baseline = series.baseline, let value = baseline.value {
            if let observed = points.first(where: { $0.year == baseline.year }), observed.value != value {
                warnings.append("observed \(baseline.year) figure \(observed.value.reportText) differs from the plan baseline \(value.reportText); the plan baseline is used")
            }
            if baseline.estimated { warnings.append("the plan marks the \(baseline.year) baseline as an estimate") }
            return (baseline.year, value, true, warnings)
        }
        let from = series.baseline?.year ?? Int.min
        guard let point = points.first(where: { $0.year >= from }) else { return nil }
        if let baseline = series.baseline, point.year != baseline.year {
            warnings.append("no figure for the baseline year \(baseline.year); \(point.year) is used as the base")
        }
        return (point.year, point.value, false, warnings)
    }
}
