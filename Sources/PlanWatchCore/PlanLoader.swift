import Foundation
import ReportKit

/// Reads a plan file (docs/PLAN-FORMAT.md) into a `Plan`, rejecting unknown keys, duplicate ids,
/// missing fields and contradictory target kinds with file, line and key.
public struct PlanLoader {
    /// The reference table that carries each county series' region to the modules.
    public static let seriesRegionsTable = "series-regions"

    public static let modules = ["industry-chains", "ecology", "livelihood", "safety"]

    /// The plan and its reference tables (e.g. the industrial-park directory) for modules.
    public struct Loaded: Sendable {
        public var plan: Plan
        public var referenceData: [String: [[String: String]]]
        /// Counties and districts the plan sets targets for (`regions:`), in file order.
        public var regions: [Region] = []
        /// Series that belong to one of those regions (`region:` on a series), series id → region code.
        public var seriesRegions: [String: String] = [:]
    }

    public init() {}

    public func load(file: URL, displayName: String? = nil) throws(ConfigProblems) -> Loaded {
        let name = displayName ?? file.path
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw ConfigProblems([ConfigProblem(file: name, line: nil, key: "", message: "cannot read the plan file; check the `plan:` path in the config")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigProblems([ConfigProblem(file: name, line: nil, key: "", message: "the plan file is not UTF-8 text")])
        }
        return try load(text: text, displayName: name)
    }

    /// Loads plan text; `displayName` names the file in problems. For the fuzz entry in `Fuzz/` and
    /// for tests.
    public func load(text: String, displayName name: String) throws(ConfigProblems) -> Loaded {
        let log = ProblemLog()
        guard let root = YAMLValue.parse(text, file: name, log: log) else { throw ConfigProblems(log.problems) }
        let loaded = read(root, log: log)
        if let loaded, log.problems.isEmpty { return loaded }
        throw ConfigProblems(log.problems)
    }

    func read(_ root: YAMLValue, log: ProblemLog) -> Loaded? {
        let keys = ["id", "name", "start_year", "end_year", "region", "source", "notes", "indicators", "reference_data", "regions"]
        guard let map = root.mapping(allowed: keys, required: ["id", "name", "start_year", "end_year", "region", "indicators"], log: log) else { return nil }
        let id = map["id"].flatMap { Self.checkedID($0, as: .plan, log: log) }
        let name = map["name"].flatMap { localized($0, log: log) }
        let start = map["start_year"]?.int(in: ConfigLimits.year, unit: "(a year)", log: log)
        let end = map["end_year"]?.int(in: ConfigLimits.year, unit: "(a year)", log: log)
        let region = map["region"].flatMap { readRegion($0, log: log) }
        let notes = map["notes"].flatMap { readNotes($0, log: log) } ?? []

        var indicators: [Indicator] = []
        var seen: [String: Int?] = [:]
        for entry in map["indicators"]?.sequence(log: log) ?? [] {
            guard let indicator = readIndicator(entry, defaultYear: end, log: log) else { continue }
            // A single-series indicator's series shares the indicator's id; count each id once.
            let ids = [indicator.id] + indicator.series.map(\.id).filter { $0 != indicator.id }
            for id in ids {
                if let first = seen[id] {
                    YAMLValue(node: entry.node, file: entry.file, path: "indicators[\(indicator.id)]").fail(log, "duplicate id '\(id)' (first defined at line \(first.map(String.init) ?? "?")); ids must be unique in a plan")
                } else {
                    seen[id] = entry.line
                }
            }
            indicators.append(indicator)
        }
        var reference: [String: [[String: String]]] = [:]
        if let refs = map["reference_data"], case .mapping(let mapping) = refs.node {
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.string else { continue }
                let table = refs.child(key, valueNode)
                reference[key] = table.sequence(log: log)?.compactMap { row -> [String: String]? in
                    guard case .mapping(let cells) = row.node else {
                        row.fail(log, "expected a mapping of column: value")
                        return nil
                    }
                    var out: [String: String] = [:]
                    for (k, v) in cells { if let k = k.string { out[k] = row.child(k, v).flatText() } }
                    return out
                }
            }
        } else if let refs = map["reference_data"] {
            refs.fail(log, "expected a mapping of table name: list of rows")
        }
        checkDerivationInputs(indicators, file: root.file, log: log)
        let regions = (map["regions"]?.sequence(log: log) ?? []).compactMap { readRegion($0, log: log) }
        let seriesRegions = readSeriesRegions(map["indicators"], known: Set(regions.map(\.code)), log: log)
        // Modules import ReportKit only, whose series carry no region: a county's own series reach
        // them as reference data (`series-regions`: series, region, zh, en), in plan order.
        if !seriesRegions.isEmpty {
            if reference[Self.seriesRegionsTable] != nil {
                map["reference_data"]?.fail(log, "'\(Self.seriesRegionsTable)' is filled from the series' `region:`; rename this table")
            }
            let names = Dictionary(regions.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            reference[Self.seriesRegionsTable] = indicators.flatMap(\.series).compactMap { series in
                seriesRegions[series.id].map { code in
                    ["series": series.id, "region": code, "zh": names[code]?.zh ?? code, "en": names[code]?.en ?? names[code]?.zh ?? code]
                }
            }
        }
        guard let id, let name, let start, let end, let region else { return nil }
        if end < start { map["end_year"]?.fail(log, "end_year \(end) is before start_year \(start)") }
        return Loaded(
            plan: Plan(id: id, name: name, startYear: start, endYear: end, region: region,
                       source: map["source"]?.string(log: log) ?? "", notes: notes, indicators: indicators),
            referenceData: reference, regions: regions, seriesRegions: seriesRegions)
    }

    private func readIndicator(_ entry: YAMLValue, defaultYear: Int?, log: ProblemLog) -> Indicator? {
        let seriesKeys = ["unit", "direction", "baseline", "target", "derive"]
        let keys = ["id", "zh", "en", "module", "attribute", "seed", "notes", "series"] + seriesKeys
        guard case .mapping = entry.node else {
            entry.fail(log, "expected an indicator mapping")
            return nil
        }
        let idNode = entry.node["id"]?.string
        let labelled = YAMLValue(node: entry.node, file: entry.file, path: entry.path.replacingOccurrences(
            of: #"\[\d+\]$"#, with: "[\(idNode ?? "?")]", options: .regularExpression))
        guard let map = labelled.mapping(allowed: keys, required: ["id", "zh", "module", "attribute", "seed"], log: log) else { return nil }
        let id = map["id"].flatMap { Self.checkedID($0, as: .indicator, log: log) }
        let zh = map["zh"]?.string(log: log)
        let module = map["module"]?.string(log: log)
        if let module, !Self.modules.contains(module) {
            map["module"]?.fail(log, "'\(module)' is not a module; use one of \(Self.modules.joined(separator: ", "))")
        }
        let attribute = map["attribute"]?.oneOf(Attribute.self, log: log)
        let seed = map["seed"]?.string(log: log)
        let notes = map["notes"].flatMap { readNotes($0, log: log) } ?? []
        let name = LocalizedText(zh: zh ?? "", en: map["en"]?.string(log: log))

        var series: [IndicatorSeries] = []
        if let list = map["series"] {
            if let inline = seriesKeys.first(where: { map[$0] != nil }) {
                map[inline]?.fail(log, "an indicator with `series:` keeps \(inline) inside each series, not beside it")
            }
            for item in list.sequence(log: log) ?? [] {
                guard let itemMap = item.mapping(allowed: ["id", "zh", "en", "region"] + seriesKeys, required: ["id", "zh", "unit", "target"], log: log) else { continue }
                let sid = itemMap["id"].flatMap { Self.checkedID($0, as: .series, log: log) }
                if let sid, let id, !sid.hasPrefix(id + ".") {
                    itemMap["id"]?.fail(log, "series id '\(sid)' must start with '\(id).'")
                }
                if let s = readSeries(id: sid,
                                      name: LocalizedText(zh: itemMap["zh"]?.string(log: log) ?? "", en: itemMap["en"]?.string(log: log)),
                                      map: itemMap, owner: item, defaultYear: defaultYear, log: log) {
                    series.append(s)
                }
            }
            if series.isEmpty && (list.sequence(log: ProblemLog())?.isEmpty ?? false) { list.fail(log, "`series:` is empty") }
        } else {
            for key in ["unit", "target"] where map[key] == nil { labelled.fail(log, "missing required key '\(key)' (or give `series:`)") }
            if map["unit"] != nil, map["target"] != nil,
               let s = readSeries(id: id, name: name, map: map, owner: labelled, defaultYear: defaultYear, log: log) {
                series.append(s)
            }
        }
        guard let id, let module, let attribute, let seed, zh != nil else { return nil }
        return Indicator(id: id, name: name, module: module, attribute: attribute, seedReference: seed, notes: notes, series: series)
    }

    private func readSeries(id: String?, name: LocalizedText, map: [String: YAMLValue], owner: YAMLValue, defaultYear: Int?, log: ProblemLog) -> IndicatorSeries? {
        let unit = map["unit"]?.string(log: log)
        var direction = Direction.higherIsBetter
        if let node = map["direction"], let raw = node.int(log: log) {
            if let d = Direction(rawValue: raw) { direction = d } else { node.fail(log, "direction must be 1 (higher is better) or -1 (lower is better)") }
        }
        var baseline: Baseline? = nil
        if let node = map["baseline"], let b = node.mapping(allowed: ["year", "value", "estimated"], required: ["year"], log: log) {
            if let year = b["year"]?.int(in: ConfigLimits.year, unit: "(a year)", log: log) {
                let value: Double?? = b["value"].map { $0.optionalFigure(log: log) } ?? .some(nil)
                baseline = Baseline(year: year, value: value ?? nil, estimated: b["estimated"]?.bool(log: log) ?? false)
            }
        }
        guard let targetNode = map["target"],
              let t = targetNode.mapping(allowed: ["kind", "value", "year", "text", "limit", "cumulative"], required: ["kind", "text"], log: log),
              let kind = t["kind"]?.oneOf(TargetKind.self, log: log)
        else { return nil }
        let value: Double?? = t["value"].map { $0.optionalFigure(log: log) } ?? .some(nil)
        let year = t["year"]?.int(in: ConfigLimits.year, unit: "(a year)", log: log) ?? defaultYear
        let text = t["text"]?.string(log: log) ?? ""
        let limit = t["limit"]?.double(in: ConfigLimits.figure, unit: "(a plan figure)", log: log)
        let cumulative = t["cumulative"]?.bool(log: log) ?? false

        // Contradictions: a number where the kind takes none, none where it needs one, a bound that
        // points the wrong way, a target before its baseline.
        if let value, value != nil, !kind.needsValue {
            t["value"]?.fail(log, "a \(kind.rawValue) target takes no value; remove `value` or change `kind`")
        }
        if kind.needsValue, (value ?? nil) == nil {
            targetNode.fail(log, "a \(kind.rawValue) target needs a numeric `value`")
        }
        if kind == .floor, direction == .lowerIsBetter {
            targetNode.fail(log, "kind floor contradicts direction -1 (a floor means higher is better); use ceiling or direction 1")
        }
        if kind == .ceiling, direction == .higherIsBetter, map["direction"] != nil {
            targetNode.fail(log, "kind ceiling contradicts direction 1 (a ceiling means lower is better); use floor or direction -1")
        }
        if kind == .ceiling { direction = .lowerIsBetter }
        if let year, let baseline, year < baseline.year {
            targetNode.fail(log, "target year \(year) is before the baseline year \(baseline.year)")
        }
        guard let id, let unit, let year else {
            if year == nil { targetNode.fail(log, "missing `year` and the plan has no end_year") }
            return nil
        }
        let derivation = map["derive"].flatMap { readDerivation($0, seriesUnit: unit, log: log) }
        return IndicatorSeries(id: id, name: name, unit: unit, direction: direction, baseline: baseline,
                               target: Target(kind: kind, value: value ?? nil, year: year, text: text, limit: limit, cumulative: cumulative),
                               derivation: derivation)
    }

    /// The id shapes of docs/PLAN-FORMAT.md: ids name output files, CSV rows and config mappings,
    /// so anything else is refused rather than carried into them.
    enum IDKind {
        /// `yueyang-14th`: lower-case letters, digits and hyphens.
        case plan
        /// `K01`, `IC03`: an upper-case letter, then upper-case letters and digits.
        case indicator
        /// `IC03.b10`, `T18.pm25-cut`: an indicator id, a dot, lower-case letters, digits and hyphens.
        case series

        var rule: String {
            switch self {
            case .plan: "a plan id is lower-case letters, digits and hyphens ([a-z0-9-], e.g. yueyang-14th)"
            case .indicator: "an indicator id is an upper-case letter followed by upper-case letters and digits ([A-Z][A-Z0-9]*, e.g. K01, IC03)"
            case .series: "a series id is <indicator id>.<suffix> with a suffix of lower-case letters, digits and hyphens (e.g. IC03.b10, T18.pm25-cut)"
            }
        }
    }

    static func isValidID(_ id: String, as kind: IDKind) -> Bool {
        let lowerPart: (Substring) -> Bool = { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
        let upperPart: (Substring) -> Bool = { part in
            guard let first = part.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
            return part.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        }
        guard id.utf8.count <= 64 else { return false }
        switch kind {
        case .plan: return lowerPart(Substring(id))
        case .indicator: return upperPart(Substring(id))
        case .series:
            let parts = id.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            return parts.count == 2 && upperPart(parts[0]) && lowerPart(parts[1])
        }
    }

    /// The id text when it has the documented shape, else a located problem.
    static func checkedID(_ value: YAMLValue, as kind: IDKind, log: ProblemLog) -> String? {
        guard let id = value.string(log: log) else { return nil }
        guard isValidID(id, as: kind) else {
            value.fail(log, "'\(id)' is not a valid id; \(kind.rule), at most 64 characters (docs/PLAN-FORMAT.md)")
            return nil
        }
        return id
    }

    /// `region:` of each series: a code from the plan's `regions:` list (per-county targets).
    private func readSeriesRegions(_ indicators: YAMLValue?, known: Set<String>, log: ProblemLog) -> [String: String] {
        var result: [String: String] = [:]
        for entry in indicators?.sequence(log: ProblemLog()) ?? [] {
            guard let list = entry.node["series"], case .sequence(let items) = list else { continue }
            for (index, item) in items.enumerated() {
                guard let code = item["region"], let sid = item["id"]?.string else { continue }
                let value = YAMLValue(node: code, file: entry.file, path: "\(entry.path).series[\(index)].region")
                guard let text = value.string(log: log) else { continue }
                if known.contains(text) { result[sid] = text } else {
                    let sorted = known.sorted()
                    let shown = sorted.prefix(10).joined(separator: ", ") + (sorted.count > 10 ? ", … \(sorted.count - 10) more" : "")
                    value.fail(log, "region '\(text)' is not in the plan's `regions:` list (\(shown))")
                }
            }
        }
        return result
    }

    private func readRegion(_ value: YAMLValue, log: ProblemLog) -> Region? {
        guard let map = value.mapping(allowed: ["code", "zh", "en"], required: ["code", "zh"], log: log),
              let code = map["code"]?.string(log: log), let zh = map["zh"]?.string(log: log) else { return nil }
        return Region(code: code, name: LocalizedText(zh: zh, en: map["en"]?.string(log: log)))
    }

    func localized(_ value: YAMLValue, log: ProblemLog) -> LocalizedText? {
        if case .scalar = value.node { return value.string(log: log).map { LocalizedText(zh: $0) } }
        guard let map = value.mapping(allowed: ["zh", "en"], required: ["zh"], log: log), let zh = map["zh"]?.string(log: log) else { return nil }
        return LocalizedText(zh: zh, en: map["en"]?.string(log: log))
    }

    private func readNotes(_ value: YAMLValue, log: ProblemLog) -> [LocalizedText]? {
        value.sequence(log: log)?.compactMap { localized($0, log: log) }
    }
}
