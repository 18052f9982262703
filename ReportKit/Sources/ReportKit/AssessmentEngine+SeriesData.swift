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
        // Two passes over the figures and nothing copied but what the record keeps: the engine runs
        // once per year of a compliance table and per report, and copying every matching figure at
        // each step (region, frequency, cut-off, target year) cost seconds on a million-row file.
        // A single-series indicator may be observed under the indicator id or the series id.
        let alsoIndicator = indicator.series.count == 1
        func matches(_ o: Observation) -> Bool { o.indicator == series.id || (alsoIndicator && o.indicator == indicator.id) }
        // The region whose figures count; nil: every matching figure (they share one region or none).
        var kept: String?
        if let region {
            kept = region
            if !observations.contains(where: { matches($0) && $0.region == region }), observations.contains(where: matches) {
                var others: Set<String> = []
                for o in observations where matches(o) { others.insert(o.region) }
                data.warnings.append("no figures for region \(region) (figures exist for \(others.sorted().joined(separator: ", ")))")
            }
        } else {
            var counts: [String: Int] = [:]
            for o in observations where matches(o) { counts[o.region, default: 0] += 1 }
            if counts.count > 1 {
                // Most figures first, then the code, so the choice is stable.
                let chosen = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }[0].key
                data.warnings.append("figures for \(counts.count) regions and none chosen; region \(chosen) used")
                kept = chosen
            }
        }
        var subAnnual = 0
        var lateYears: Set<Int> = []
        var missing: [Observation] = []
        // Year → its first figure with a value, and whether another figure of that year differs.
        var byYear: [Int: (first: Observation, value: Double, differs: Bool)] = [:]
        for o in observations where matches(o) && (kept == nil || o.region == kept) {
            guard o.period.frequency == .annual else { subAnnual += 1; continue }
            if let asOf, o.period.year > asOf { continue }
            guard o.period.year <= series.target.year else { lateYears.insert(o.period.year); continue }
            guard let value = o.value else { missing.append(o); continue }
            if let known = byYear[o.period.year] {
                if !known.differs && known.value != value { byYear[o.period.year]?.differs = true }
            } else {
                byYear[o.period.year] = (o, value, false)
            }
        }
        if subAnnual > 0 {
            data.warnings.append("\(subAnnual) sub-annual figure(s) skipped: targets are assessed on annual figures")
        }
        if !lateYears.isEmpty {
            let years = lateYears.sorted().map(String.init).joined(separator: ", ")
            data.warnings.append("figures after the target year \(series.target.year) ignored (\(years))")
        }
        if !missing.isEmpty {
            let detail = missing.sorted { $0.period < $1.period }
                .map { o in
                    "\(o.period.year)" + (o.status.map { " \($0)" } ?? "") + (ObservationStatus.withheldLabel(o.status).map { " (\($0))" } ?? "")
                }.joined(separator: ", ")
            data.warnings.append("\(missing.count) missing figure(s) skipped (\(detail))")
        }
        for year in byYear.keys.sorted() {
            let group = byYear[year]!
            if group.differs {
                data.duplicateYears.append(year)
            } else {
                data.points.append(Point(year: year, value: group.value, observation: group.first))
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
