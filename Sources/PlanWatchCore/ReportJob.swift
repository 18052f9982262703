import Foundation
import PlanWatchText
import Logging
import PlanWatchFeeds
import PlanWatchRender
import ReportKit

/// One run: sources → observations → assessments → module documents. Rendering and writing are the
/// caller's (`RunWriter`), so `indicators` and `validate` can stop after assessment.
public struct ReportJob: Sendable {
    public var config: PlanWatchConfig
    public var plan: Plan
    public var referenceData: [String: [[String: String]]]
    public var catalog: ModuleCatalog
    public var logger: Logger
    /// Department report definitions from the config's reports folder (docs/REPORTS.md).
    public var reports: [ReportDefinition] = []
    /// The plan's counties and districts, and the series that belong to each.
    public var regions: [Region] = []
    public var seriesRegions: [String: String] = [:]

    public static let version = "0.1.0"

    public init(config: PlanWatchConfig, catalog: ModuleCatalog = ModuleCatalog(), logger: Logger = Logger(label: "planwatch")) throws(ConfigProblems) {
        let loaded = try PlanLoader().load(file: config.planFile, displayName: Self.displayPath(config.planFile))
        // A mapping to a series the plan does not have would load figures nobody assesses: a
        // configuration error for every command, so `run` fails the way `validate` does (exit 2).
        let planIDs = loaded.plan.ids
        var problems: [ConfigProblem] = []
        for source in config.sources {
            for (code, series) in source.mapping.indicatorCodes.sorted(by: { $0.key < $1.key }) where !planIDs.contains(series) && !series.hasPrefix("x.") {
                let place = source.definedAt.split(separator: ":")
                let nearest = Self.closest(to: series, in: planIDs.sorted()).prefix(3)
                problems.append(ConfigProblem(
                    file: place.dropLast().joined(separator: ":"), line: place.last.flatMap { Int($0) },
                    key: "sources[\(source.id)].mapping.codes.\(code)",
                    message: "'\(series)' is not a series of plan \(loaded.plan.id)"
                        + (nearest.isEmpty ? "" : " (did you mean \(nearest.joined(separator: ", "))?)")
                        + "; use a plan id (see `planwatch indicators`) or an x. id for context figures"))
            }
        }
        if !problems.isEmpty { throw ConfigProblems(problems) }
        self.config = config
        self.plan = loaded.plan
        self.referenceData = loaded.referenceData
        self.catalog = catalog
        self.logger = logger
        self.regions = loaded.regions
        self.seriesRegions = loaded.seriesRegions
        if let directory = config.reportsDirectory {
            self.reports = try ReportDefinitionLoader.load(
                directory: directory, plan: loaded.plan, moduleIDs: PlanLoader.modules,
                required: config.reportsDirectoryRequired, displayPath: Self.displayPath)
        }
    }

    /// Candidates ordered by edit distance to `text` (closest first), those within a third of its length.
    public static func closest(to text: String, in candidates: [String]) -> [String] {
        let limit = max(2, text.count / 3)
        let wanted = text.lowercased()
        var scored: [(candidate: String, distance: Int)] = []
        for candidate in candidates {
            let distance = editDistance(wanted, candidate.lowercased())
            if distance <= limit { scored.append((candidate, distance)) }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.candidate < $1.candidate }
        return scored.map(\.candidate)
    }

    /// Paths relative to the current directory when below it, for shorter messages.
    public static func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }

    public struct Assessed: Sendable {
        public var observations: [Observation]
        /// Figures for ids outside the plan (`x.` context rows and unknown ids), kept for inspection.
        public var unmapped: [Observation]
        public var assessments: [String: Assessment]
        public var outcomes: [SourceRecord]
        public var warnings: [String]
        /// Figures that arrived but could not be used (plan series in another region): the run is
        /// partial (exit 3), like a source's own `problems`.
        public var problems: [String] = []

        /// Something is missing that a source or mapping should have delivered: exit 3.
        public var isPartial: Bool { !problems.isEmpty || outcomes.contains { !$0.isUsable || $0.isPartial } }
        /// Figures for plan series in the plan's counties and districts (plan `regions:`), not assessed
        /// for the city; `for_each: region` reports assess each county with its own.
        public var regionalObservations: [Observation] = []

        /// Indicators that have no usable observation.
        public var withoutData: [String] {
            assessments.filter { $0.value.status == .notAvailable }.keys.sorted()
        }
    }

    /// Loads every source and assesses every plan indicator.
    public func assess(progress: SourceLoader.Progress? = nil) async -> Assessed {
        assess(await SourceLoader(config: config, logger: logger).load(progress: progress))
    }

    public func assess(_ loaded: consuming SourceLoader.Result) -> Assessed {
        let region = config.region ?? plan.region.code
        let known = plan.ids
        var warnings: [String] = []
        var problems: [String] = []
        let outcomes = loaded.records
        // Filtered in place, not copied: a million observations are some 230 MB.
        var mapped = (consume loaded).observations
        var unmapped: [Observation] = []
        // Source → unknown id → rows; one warning per source, however many ids (a million-row file of
        // foreign ids once printed a million lines and wrote a 110 MB manifest).
        var unknownIDs: [String: [String: Int]] = [:]
        var otherRegions: [String: [String: Int]] = [:]
        // Source → plan series → figures inside / outside the plan region: a series that got figures
        // only for other regions got nothing from its source, which is a problem, not a remark.
        var inRegion: [String: Set<String>] = [:]
        var onlyElsewhere: [String: [String: Set<String>]] = [:]
        var regional: [Observation] = []
        let subRegions = Set(regions.map(\.code))
        let fansOut = reports.contains(where: \.forEachRegion)
        var unitMismatch: [String: (source: String, unit: String, expected: String)] = [:]
        let units = Dictionary(plan.indicators.flatMap(\.series).map { ($0.id, $0.unit) }, uniquingKeysWith: { a, _ in a })
        var engine = AssessmentEngine(profile: ProgressProfile.named(config.profile))
        engine.confirmedMeasures = confirmedMeasures(in: mapped)
        for source in config.sources {
            for id in source.confirmMeasure.subtracting(["*"]).subtracting(known).sorted() {
                warnings.append("source '\(source.id)' (\(source.definedAt)): confirm_measure names '\(id)', which is not a series of plan \(plan.id); check the id")
            }
        }
        // Derived series first, so that a derived figure is mapped and assessed like a published one.
        let derived = engine.derive(plan: plan, observations: mapped)
        warnings += derived.warnings
        mapped += derived.observations
        for i in mapped.indices {
            let o = mapped[i]
            if known.contains(o.indicator) {
                if o.region == region || o.region.isEmpty || seriesRegions[o.indicator] == o.region {
                    // A county's figure for the county's own series (plan `regions:`) is that series'
                    // value; the series id already names the county.
                    if seriesRegions[o.indicator] == o.region { mapped[i].region = region }
                    inRegion[o.provenance.sourceID, default: []].insert(o.indicator)
                    if let unit = o.unit, let expected = units[o.indicator], !Self.sameUnit(unit, expected) {
                        unitMismatch[o.indicator] = (o.provenance.sourceID, unit, expected)
                    }
                } else if subRegions.contains(o.region) && fansOut {
                    regional.append(o)
                } else {
                    otherRegions[o.provenance.sourceID, default: [:]][o.region, default: 0] += 1
                    onlyElsewhere[o.provenance.sourceID, default: [:]][o.indicator, default: []].insert(o.region)
                }
            } else {
                unmapped.append(o)
                if !o.indicator.hasPrefix("x.") { unknownIDs[o.provenance.sourceID, default: [:]][o.indicator, default: 0] += 1 }
            }
        }
        mapped.removeAll { !(known.contains($0.indicator) && ($0.region == region || $0.region.isEmpty)) }
        if mapped.capacity > 2 * mapped.count + 1024 {
            // Most rows were county figures (now in `regional`): give back the buffer they filled.
            var kept: [Observation] = []
            kept.reserveCapacity(mapped.count)
            kept.append(contentsOf: mapped)
            mapped = kept
        }
        problems += Self.conflictingFigures(mapped)
        for (source, ids) in unknownIDs.sorted(by: { $0.key < $1.key }) {
            warnings.append(Self.unknownIDsWarning(source: source, ids: ids, plan: plan.id))
        }
        for (source, regions) in otherRegions.sorted(by: { $0.key < $1.key }) {
            let list = regions.sorted { $0.key < $1.key }.prefix(12).map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
                + (regions.count > 12 ? ", … (\(regions.count) regions)" : "")
            let starved = (onlyElsewhere[source] ?? [:]).filter { !(inRegion[source] ?? []).contains($0.key) }
            if starved.isEmpty {
                // A feed of many regions of which one is mapped to the plan region: the rest is context.
                warnings.append("source '\(source)': figures for plan series in other regions were not assessed: \(list); the plan region is \(region) (map a feed region with `mapping: regions:`)")
            } else {
                let series = starved.keys.sorted().map { id in "\(id) (only \(starved[id]!.sorted().prefix(5).joined(separator: ", ")))" }.joined(separator: ", ")
                problems.append("source '\(source)': plan series \(series) got figures only for other regions than the plan region \(region), so none is assessed; map the feed's region with `mapping: regions: {CODE: \"\(region)\"}`, or set `region:` for a feed about one region")
            }
        }
        for (series, m) in unitMismatch.sorted(by: { $0.key < $1.key }) {
            warnings.append("source '\(m.source)': series \(series) arrives in '\(m.unit)' but the plan measures it in '\(m.expected)'; check the mapping or set `scale`")
        }
        let assessments = engine.assess(plan: plan, observations: mapped)
        var assessed = Assessed(observations: mapped, unmapped: unmapped, assessments: assessments, outcomes: outcomes, warnings: warnings, problems: problems)
        assessed.regionalObservations = regional
        return assessed
    }

    /// Builds every selected module's document. A module that throws is reported and skipped; the
    /// others still build.
    /// `revisions` (by source id: "revised from X to Y" sentences from the store) are shown beside the
    /// source under every report's title.
    public func documents(for assessed: Assessed, generatedAt: Date = Date(), moduleIDs: [String]? = nil,
                          revisions: [String: [String]] = [:]) -> (documents: [ReportDocument], modules: [RunManifest.ModuleOutcome]) {
        var notes = Self.sourceNotes(assessed.outcomes)
        for (source, sentences) in revisions where !sentences.isEmpty {
            // A publisher may revise hundreds of figures at once: the full list is in manifest.json.
            var text = "修订 / revised: " + sentences.prefix(5).joined(separator: "; ")
            if sentences.count > 5 { text += "; … \(sentences.count - 5) more in manifest.json" }
            notes[source] = notes[source].map { "\($0) \(text)" } ?? text
        }
        let logger = self.logger
        let context = ReportContext(
            plan: plan, profile: ProgressProfile.named(config.profile), assessments: assessed.assessments,
            observations: assessed.observations, sourceNotes: notes, referenceData: referenceData,
            generatedAt: generatedAt, diagnose: { diagnostic in logger.warning("\(diagnostic)") })
        // Loaded modules always run: the user asked for them by path, even when `modules:` lists ids.
        var selected = config.modules ?? catalog.ids
        selected += catalog.loadedIDs.filter { !selected.contains($0) }
        // `run --module ID` runs exactly those.
        if let moduleIDs { selected = moduleIDs }
        var documents: [ReportDocument] = []
        var outcomes: [RunManifest.ModuleOutcome] = catalog.failures.map {
            .init(id: $0.moduleID ?? $0.path.file.lastPathComponent, ok: false, error: $0.message, file: $0.path.file.path)
        }
        for id in selected {
            guard let module = catalog.module(id: id) else {
                let message = catalog.missingModuleMessage(id)
                logger.error("\(message)")
                outcomes.append(.init(id: id, ok: false, error: message))
                continue
            }
            do {
                documents.append(try module.build(context: context))
                outcomes.append(.init(id: id, ok: true, file: catalog.files[id]?.path))
            } catch {
                logger.error("module \(id) failed: \(error)")
                outcomes.append(.init(id: id, ok: false, error: "\(error)", file: catalog.files[id]?.path))
            }
        }
        return (documents, outcomes)
    }

    /// Two different figures for one plan series and year (two sources, two feed regions mapped to
    /// one, a feed and an import, two units): the engine cannot choose, and the series would read
    /// 数据不足 as if nothing were published. Each clash names the figures with source and unit.
    static func conflictingFigures(_ observations: [Observation]) -> [String] {
        var byKey: [String: [Observation]] = [:]
        for o in observations where o.value != nil && o.period.frequency == .annual {
            byKey["\(o.indicator)\u{1}\(o.period.year)", default: []].append(o)
        }
        var problems: [String] = []
        for key in byKey.keys.sorted() {
            let group = byKey[key]!
            guard Set(group.compactMap(\.value)).count > 1, let first = group.first else { continue }
            let figures = group.map { o in
                "\(Format.exact(o.value!))\(o.unit.map { " \($0)" } ?? "") from source '\(o.provenance.sourceID)' (\(o.provenance.location))"
            }.joined(separator: "; ")
            let units = Set(group.compactMap(\.unit))
            let fix = units.count > 1
                ? "the figures come in different units (\(units.sorted().joined(separator: ", "))): map one source only, or set `scale` on the other"
                : "keep one figure per year: drop one source's mapping for this series, or correct the data"
            problems.append("series \(first.indicator) has \(group.count) different figures for \(first.period.year): \(figures); it is not assessed; \(fix)")
        }
        return problems
    }

    /// How many ids listed by name in the unknown-id warning; the rest are counted.
    static let unknownIDsShown = 5

    /// One line for all of a source's ids that are not in the plan: the count, the first few ids
    /// with their row counts, and the fix.
    static func unknownIDsWarning(source: String, ids: [String: Int], plan: String) -> String {
        let rows = ids.values.reduce(0, +)
        let shown = ids.keys.sorted().prefix(unknownIDsShown).map { "'\($0)' (\(ids[$0]!))" }.joined(separator: ", ")
        let more = ids.count > unknownIDsShown ? ", and \(ids.count - unknownIDsShown) more" : ""
        let what = ids.count == 1 ? "indicator '\(ids.keys.first!)' is" : "\(ids.count) indicators (\(rows) rows) are"
        let fix = ids.count == 1 ? "map it to a plan id or prefix it with 'x.'" : "map them to plan ids or prefix them with 'x.'"
        return "source '\(source)': \(what) not in plan \(plan)\(ids.count == 1 ? "" : ": \(shown)\(more)"); \(fix)"
    }

    /// Plan series whose mapping a source confirms as the plan's measure (`mapping: confirm_measure:`):
    /// `true` confirms every plan series the source delivers, a list confirms those ids.
    func confirmedMeasures(in observations: [Observation]) -> Set<String> {
        var confirmed: Set<String> = []
        for source in config.sources where !source.confirmMeasure.isEmpty {
            if source.confirmMeasure.contains("*") {
                for o in observations where o.provenance.sourceID == source.id { confirmed.insert(o.indicator) }
            } else {
                confirmed.formUnion(source.confirmMeasure)
            }
        }
        return confirmed
    }

    /// "data as of" notes for stale and failed sources, keyed by source id.
    static func sourceNotes(_ outcomes: [SourceRecord]) -> [String: String] {
        var notes: [String: String] = [:]
        for outcome in outcomes {
            switch outcome.outcome {
            case .stale:
                let day = outcome.retrievedAt.map(IndicatorSections.day) ?? "?"
                notes[outcome.id] = "数据截至 \(day) / data as of \(day) (stale: \(outcome.error ?? "fetch failed"))"
            case .failed:
                notes[outcome.id] = "获取失败，相关指标显示为数据不足 / failed, its indicators show no data: \(outcome.error ?? "")"
            default: break
            }
        }
        return notes
    }

    /// The department reports with these ids (all when nil), each assessed with its own cut-off.
    /// A `for_each: region` definition gives its report and then one per region.
    public func reportDocuments(for assessed: Assessed, generatedAt: Date = Date(), ids: [String]? = nil) -> [(definition: ReportDefinition, document: ReportDocument)] {
        let notes = Self.sourceNotes(assessed.outcomes)
        return reports.filter { ids?.contains($0.id) ?? true }.flatMap { definition in
            var report = DepartmentReport(definition: definition, plan: plan, profile: ProgressProfile.named(config.profile),
                                          observations: assessed.observations, sourceNotes: notes, generatedAt: generatedAt)
            report.regions = regions
            report.seriesRegions = seriesRegions
            report.regionalObservations = assessed.regionalObservations
            let regional = definition.forEachRegion ? report.regionalReports() : []
            return ([report.build()] + regional).map { (definition, $0) }
        }
    }

    /// Units written differently but meaning the same (%, ％, percent).
    static func sameUnit(_ a: String, _ b: String) -> Bool {
        func norm(_ u: String) -> String {
            let t = u.trimmingCharacters(in: .whitespaces).lowercased()
            return ["％", "percent", "pct", "百分比"].contains(t) ? "%" : t
        }
        return norm(a) == norm(b)
    }
}
