import Foundation

/// Derived series: computed before assessment from the plan's `derive:` expressions, so that a derived
/// figure enters the rules like a published one and carries its inputs as provenance.
extension AssessmentEngine {
    /// The figures of every derived series of the plan, per region and annual period where every input
    /// has exactly one value, plus warnings for what could not be computed (never a zero in its place).
    /// A year for which a source already publishes the series itself is not derived: the published
    /// figure stands.
    public func derive(plan: Plan, observations: [Observation]) -> (observations: [Observation], warnings: [String]) {
        var derived: [Observation] = []
        var warnings: [String] = []
        // Only the figures a derivation reads (its inputs, and the series itself to see which years are
        // published): a copy of every annual figure was a second million observations on a large file.
        var needed: Set<String> = []
        for series in plan.indicators.flatMap(\.series) {
            guard let derivation = series.derivation else { continue }
            needed.insert(series.id)
            needed.formUnion(derivation.inputs)
        }
        guard !needed.isEmpty else { return ([], []) }
        var byID: [String: [Observation]] = [:]
        for o in observations where o.period.frequency == .annual && needed.contains(o.indicator) { byID[o.indicator, default: []].append(o) }
        for indicator in plan.indicators {
            for series in indicator.series {
                guard let derivation = series.derivation else { continue }
                let result = Self.derive(series: series, derivation: derivation, observations: byID, asOf: asOf)
                derived += result.observations
                warnings += result.warnings
            }
        }
        return (derived, warnings)
    }

    static func derive(series: IndicatorSeries, derivation: Derivation, observations: [String: [Observation]], asOf: Int?)
        -> (observations: [Observation], warnings: [String])
    {
        let inputs = derivation.inputs
        struct Key: Hashable { var region: String; var year: Int }
        var figures: [Key: [String: [Observation]]] = [:]
        for id in inputs {
            for o in observations[id] ?? [] where o.value != nil {
                if let asOf, o.period.year > asOf { continue }
                figures[Key(region: o.region, year: o.period.year), default: [:]][id, default: []].append(o)
            }
        }
        let published = Set((observations[series.id] ?? []).filter { $0.value != nil }.map { Key(region: $0.region, year: $0.period.year) })
        var out: [Observation] = []
        var warnings: [String] = []
        var gaps: [String: [Key]] = [:]
        for key in figures.keys.sorted(by: { ($0.region, $0.year) < ($1.region, $1.year) }) {
            let found = figures[key] ?? [:]
            // A year with some inputs missing gives no figure; say which, so the gap can be filled.
            let missing = inputs.filter { found[$0] == nil }
            if !missing.isEmpty {
                gaps[missing.joined(separator: ", "), default: []].append(key)
                continue
            }
            if published.contains(key) { continue }
            var values: [String: Double] = [:]
            var used: [Observation] = []
            var refused: String?
            for id in inputs {
                let list = found[id] ?? []
                let distinct = Set(list.compactMap(\.value))
                if distinct.count > 1 {
                    refused = "\(id) has \(distinct.count) different figures for \(key.year) (\(distinct.sorted().map(\.reportText).joined(separator: ", ")))"
                    break
                }
                let o = list[0]
                let declared = derivation.inputUnits[id] ?? ""
                if let unit = o.unit, !unit.isEmpty, DerivedUnit(parsing: unit) != DerivedUnit(parsing: declared) {
                    refused = "\(id) \(key.year) is in '\(unit)' but the plan declares '\(declared)' (\(o.provenance.location))"
                    break
                }
                values[id] = o.value
                used.append(o)
            }
            if let refused {
                warnings.append("\(series.id) \(key.year) (region \(key.region)) not derived: \(refused)")
                continue
            }
            guard let value = derivation.tree.evaluate(values) else {
                warnings.append("\(series.id) \(key.year) (region \(key.region)) not derived: \(derivation.expression) is not a finite number (division by zero)")
                continue
            }
            let status = Self.weakestStatus(used.map(\.status))
            let inputsList = used.map { DerivedInput($0, value: $0.value ?? 0) }
            let provenance = Provenance(
                sourceID: Provenance.derivedSourceID, location: derivation.definedAt,
                retrievedAt: used.compactMap(\.provenance.retrievedAt).max(),
                sourceTitle: "推算 / derived: \(series.id) = \(derivation.expression)",
                note: "inputs: " + inputsList.map(\.summary).joined(separator: "; "),
                inputs: inputsList)
            out.append(Observation(indicator: series.id, region: key.region, period: Period(year: key.year), value: value,
                                   status: status, unit: series.unit, provenance: provenance))
        }
        // One line per set of missing inputs, so a sparse input does not flood the log.
        for (missing, keys) in gaps.sorted(by: { $0.key < $1.key }) {
            let years = keys.map { "\($0.year)" + ($0.region.isEmpty ? "" : " (\($0.region))") }.joined(separator: ", ")
            warnings.append("\(series.id) not derived for \(years): no figure for \(missing)")
        }
        return (out, warnings)
    }

    /// The status statuses rank by: final (none) < provisional < estimate. A derived figure is as weak
    /// as its weakest input.
    static func weakestStatus(_ statuses: [String?]) -> String? {
        func rank(_ s: String?) -> Int {
            guard let s, !s.isEmpty else { return 0 }
            if ["e", "estimate", "预计", "估计"].contains(s) { return 2 }
            return provisionalStatuses.contains(s) ? 1 : 0
        }
        return statuses.max { rank($0) < rank($1) } ?? nil
    }
}
