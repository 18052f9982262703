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
    /// Each source's last delivery in the store, by source id: what a source that fails this run
    /// would have delivered when no cached copy says it (`FailedSourceCoverage`; set by `JobRunner`).
    public var lastDeliveries: [String: FailedSourceCoverage] = [:]
    /// The folder of the previous run (`planwatch run`'s output folder, the config's by default), whose
    /// manifest.json says what each source delivered then; nil for a job, which has the store.
    public var previousRunDirectory: URL?

    public static let version = "0.1.0"

    /// `checkJobReports`: false for `validate`, which lists a job's unknown reports and modules with
    /// every other problem (`JobConfig.selectionProblems`).
    public init(config: PlanWatchConfig, catalog: ModuleCatalog = ModuleCatalog(), logger: Logger = Logger(label: "planwatch"),
                checkJobReports: Bool = true) throws(ConfigProblems) {
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
        self.previousRunDirectory = config.outputDirectory
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
        // A job's `reports:` can only be checked now that the definitions are loaded; like a bad
        // mapping, it stops every command (exit 2), so `validate` finds it before the schedule does.
        let known = reports.map(\.id)
        let jobProblems = checkJobReports ? config.jobs.flatMap { $0.reportProblems(known: known) } : []
        if !jobProblems.isEmpty { throw ConfigProblems(jobProblems) }
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
        /// Plan series confirmed as the plan's measure (`mapping: confirm_measure:`); department reports
        /// re-run the engine with their cut-off and must confirm the same series.
        public var confirmedMeasures: Set<String> = []

        /// Figures for context ids (`x.` in a mapping), not assessed; the overview lists them.
        public var context: [Observation] { unmapped.filter { $0.indicator.hasPrefix("x.") } }

        /// Every problem of the run, one sentence each: each source's mapping problems, failed
        /// sources, and the run's own (figures in another region, two figures for one year, units).
        public var allProblems: [String] {
            var list: [String] = []
            for record in outcomes {
                if record.outcome == .failed { list.append("source '\(record.id)': 获取失败 / the fetch failed; its figures are missing (the reason is in manifest.json)") }
                list += record.problems.map { "source '\(record.id)': \($0)" }
            }
            return list + failedSourceSentences + problems
        }

        /// What each failed source would have delivered and how that is known (`FailedSourceCoverage`).
        public var failedSourceCoverage: [FailedSourceCoverage] = []
        /// Failed sources whose series are not known: indicators without a figure may be theirs.
        public var unconfirmedFailedSources: [String] {
            failedSourceCoverage.filter { $0.basis == .unknown }.map(\.source)
        }

        /// One sentence per failed source: which indicators read 获取失败 and why, or, when its series
        /// are not known, which ones may be its (可能因获取失败缺失) — for standard error and the reports.
        public var failedSourceSentences: [String] {
            let lost = assessments.filter { $0.value.isFigureLostToFailedSource }
            return failedSourceCoverage.map { coverage in
                coverage.sentence(marked: lost.filter { ($0.value.failedSources ?? []).contains(coverage.source) }.keys.sorted())
            }
        }

        /// ``failedSourceSentences`` as standard error prints them: a note when the source's series are
        /// known, a warning when they are not (every indicator without a figure may be its).
        public var failedSourceLines: [String] {
            zip(failedSourceCoverage, failedSourceSentences).map { "\($0.basis == .unknown ? "warning" : "note"): \($1)" }
        }

        /// Plan series (or indicator) id → failed sources whose mapping targets it; department reports
        /// re-run the engine and must mark the same series.
        public var failedSources: [String: [String]] = [:]
        /// Plan series (or indicator) id → sources that answered without a figure for it although their
        /// mapping targets it (映射未匹配 / 查询未返回数据期, not 数据不足).
        public var unmatchedSources: [String: [SourceGap]] = [:]

        /// Indicators without a figure because a source answered without it (a mapping problem).
        public var fromUnmatchedMappings: [String] {
            assessments.filter { $0.value.isMappingUnmatched }.keys.sorted()
        }

        /// Indicators with nothing published (数据不足): no usable observation, and no failed source
        /// that should have delivered one (those are ``fromFailedSources``).
        public var withoutData: [String] {
            assessments.filter { $0.value.isUnpublished }.keys.sorted()
        }

        /// Indicators without a figure because a source known to deliver them failed (获取失败, not 数据不足).
        public var fromFailedSources: [String] {
            assessments.filter { $0.value.isFigureLostToFailedSource && !$0.value.isPossiblyFetchFailed }.keys.sorted()
        }

        /// Indicators without a figure while a source whose series are not known failed: they may be
        /// its (可能因获取失败缺失), so they are not counted as unpublished either.
        public var possiblyFromFailedSources: [String] {
            assessments.filter { $0.value.isPossiblyFetchFailed }.keys.sorted()
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
        var outcomes = loaded.records
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
        let coverage = FailedSourceCoverage.of(outcomes, config: config, planIDs: known, delivered: lastDeliveries,
                                               previousRun: previousRunDirectory)
        engine.failedSources = FailedSourceCoverage.failedSeries(coverage, plan: plan)
        engine.unconfirmedFailedSources = coverage.filter { $0.basis == .unknown }.map(\.source)
        for source in config.sources {
            for id in source.confirmMeasure.subtracting(["*"]).subtracting(known).sorted() {
                warnings.append("source '\(source.id)' (\(source.definedAt)): confirm_measure names '\(id)', which is not a series of plan \(plan.id); check the id")
            }
            for id in source.comparablePrices.subtracting(["*"]).subtracting(known).sorted() {
                warnings.append("source '\(source.id)' (\(source.definedAt)): comparable_prices names '\(id)', which is not a series of plan \(plan.id); check the id")
            }
        }
        // A level (亿元) fed to a growth target measures growth only at comparable prices; at current
        // prices it would pass nominal growth off as real. Refused unless the mapping says so.
        let growthSeries = Set(plan.indicators.flatMap(\.series).filter { $0.target.kind == .growth }.map(\.id))
        let comparable = Dictionary(config.sources.map { ($0.id, $0.comparablePrices) }, uniquingKeysWith: { a, _ in a })
        var refusedLevels: [String: [String: (unit: String, count: Int)]] = [:]
        func refusesLevel(_ o: Observation) -> Bool {
            guard growthSeries.contains(o.indicator), !o.provenance.isDerived, o.value != nil, !AssessmentEngine.isRate(o) else { return false }
            let allowed = comparable[o.provenance.sourceID] ?? []
            return !(allowed.contains("*") || allowed.contains(o.indicator))
        }
        // Series → unit → sources, to name units and sources when one series mixes them.
        var unitsBySeries: [String: [String: Set<String>]] = [:]
        var lastUnitKey: (String, String, String)?
        var normalizedUnits: [String: String] = [:]
        // Sources with at least one row for a plan series or a context id: one insert per run of rows.
        var yieldedSources: Set<String> = []
        var lastYielded: String?
        // Derived series first, so that a derived figure is mapped and assessed like a published one.
        let derived = engine.derive(plan: plan, observations: mapped)
        warnings += derived.warnings
        // The derived figures go through the same checks after the published ones, and join them once
        // both are filtered: appended first, they reallocated the million-element array of a large
        // file, holding both copies at once.
        var derivedFigures = derived.observations
        // Room for the figures of ids outside the plan at once: grown by doubling, the array held two
        // copies of a few hundred thousand figures while the million published ones were still here.
        unmapped.reserveCapacity(mapped.reduce(0) { known.contains($1.indicator) ? $0 : $0 + 1 } + derivedFigures.count)
        func check(_ figures: inout [Observation]) {
            for i in figures.indices {
                let o = figures[i]
                // One lookup a row: a million-row file passes here.
                let planned = known.contains(o.indicator)
                if (planned || o.indicator.hasPrefix("x.")) && lastYielded != o.provenance.sourceID {
                    lastYielded = o.provenance.sourceID
                    yieldedSources.insert(o.provenance.sourceID)
                }
                if planned {
                    if o.region == region || o.region.isEmpty || seriesRegions[o.indicator] == o.region {
                        // A county's figure for the county's own series (plan `regions:`) is that series'
                        // value; the series id already names the county.
                        if seriesRegions[o.indicator] == o.region { figures[i].region = region }
                        inRegion[o.provenance.sourceID, default: []].insert(o.indicator)
                        if refusesLevel(o) {
                            refusedLevels[o.provenance.sourceID, default: [:]][o.indicator, default: (o.unit ?? "", 0)].count += 1
                            continue
                        }
                        // The engine takes a level for a growth target as an index (comparable prices):
                        // its unit differs from the plan's % by design.
                        let levelForGrowth = growthSeries.contains(o.indicator) && !AssessmentEngine.isRate(o)
                        if let unit = o.unit, let expected = units[o.indicator], !Self.sameUnit(unit, expected), !levelForGrowth {
                            unitMismatch[o.indicator] = (o.provenance.sourceID, unit, expected)
                        }
                        // Rates and levels of a growth series are told apart by the engine (rates win).
                        if let unit = o.unit, !unit.isEmpty, !o.provenance.isDerived, o.value != nil, !(growthSeries.contains(o.indicator) && AssessmentEngine.isRate(o)) {
                            // Runs of one series, unit and source are the rule (a million-row file): one
                            // insert per run, and each distinct unit text normalised once.
                            let seen = (o.indicator, unit, o.provenance.sourceID)
                            if lastUnitKey.map({ $0 != seen }) ?? true {
                                lastUnitKey = seen
                                let norm = normalizedUnits[unit] ?? Self.normalizedUnit(unit)
                                normalizedUnits[unit] = norm
                                unitsBySeries[o.indicator, default: [:]][norm, default: []].insert(o.provenance.sourceID)
                            }
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
        }
        check(&mapped)
        check(&derivedFigures)
        let dropped = { (o: Observation) in !(known.contains(o.indicator) && (o.region == region || o.region.isEmpty)) || refusesLevel(o) }
        mapped.removeAll(where: dropped)
        derivedFigures.removeAll(where: dropped)
        mapped += derivedFigures
        if mapped.capacity > 2 * mapped.count + 1024 {
            // Most rows were county figures (now in `regional`): give back the buffer they filled.
            var kept: [Observation] = []
            kept.reserveCapacity(mapped.count)
            kept.append(contentsOf: mapped)
            mapped = kept
        }
        for (source, series) in refusedLevels.sorted(by: { $0.key < $1.key }) {
            for (id, level) in series.sorted(by: { $0.key < $1.key }) {
                problems.append("source '\(source)': series \(id) has a growth target (% a year, real) but the source gives \(level.count) level figure(s)\(level.unit.isEmpty ? "" : " in '\(level.unit)'"), not growth rates; a level at current prices would pass nominal growth off as real, so they are not assessed. Map the source's growth rate (比上年增长, %) to \(id), or, if these levels are at comparable prices (不变价) or a volume index, set `mapping: comparable_prices: true` (or [\(id)]) on source '\(source)'")
            }
        }
        problems += Self.mixedUnits(unitsBySeries)
        problems += Self.conflictingFigures(mapped)
        for i in outcomes.indices where outcomes[i].isUsable && !yieldedSources.contains(outcomes[i].id) {
            // A source that answered but gave the plan nothing (every id foreign, or no row at all) is
            // a source that yields nothing: a problem of its own (stderr, manifest entry, exit 3), as
            // a mapping code the payload lacks is, never a quiet exit 0.
            if let problem = Self.yieldsNothingProblem(outcomes[i], ids: unknownIDs[outcomes[i].id], plan: plan.id) {
                outcomes[i].problems.append(problem)
                unknownIDs[outcomes[i].id] = nil
            }
        }
        for (source, ids) in unknownIDs.sorted(by: { $0.key < $1.key }) {
            warnings.append(Self.unknownIDsWarning(source: source, ids: ids, plan: plan.id))
        }
        // Sources with a problem printed this run (what their mapping missed, figures only elsewhere).
        var troubled: Set<String> = []
        for (source, regions) in otherRegions.sorted(by: { $0.key < $1.key }) {
            let list = regions.sorted { $0.key < $1.key }.prefix(12).map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
                + (regions.count > 12 ? ", … (\(regions.count) regions)" : "")
            let starved = (onlyElsewhere[source] ?? [:]).filter { !(inRegion[source] ?? []).contains($0.key) }
            if !starved.isEmpty { troubled.insert(source) }
            if starved.isEmpty {
                // A feed of many regions of which one is mapped to the plan region: the rest is context.
                warnings.append("source '\(source)': figures for plan series in other regions were not assessed: \(list); the plan region is \(region) (map a feed region with `mapping: regions:`)")
            } else {
                let series = starved.keys.sorted().map { id in "\(id) (only \(starved[id]!.sorted().prefix(5).joined(separator: ", ")))" }.joined(separator: ", ")
                problems.append("source '\(source)': plan series \(series) got figures only for other regions than the plan region \(region), so none is assessed; map the feed's region with `mapping: regions: {CODE: \"\(region)\"}`, or set `region:` for a feed about one region")
            }
        }
        troubled.formUnion(outcomes.filter { !$0.problems.isEmpty }.map(\.id))
        engine.unmatchedSources = unmatchedSources(outcomes, delivered: inRegion, troubled: troubled)
        for (series, m) in unitMismatch.sorted(by: { $0.key < $1.key }) {
            warnings.append("source '\(m.source)': series \(series) arrives in '\(m.unit)' but the plan measures it in '\(m.expected)'; check the mapping or set `scale`")
        }
        let assessments = engine.assess(plan: plan, observations: mapped)
        // What each source delivered (plan series in the plan region, context ids): manifest.json keeps
        // it, so that the next run knows what a source that fails then would have delivered. Context
        // ids (derived series rest on them) from the unmapped figures, outside the loop above; runs of
        // one id and source are the rule, so one insert per run.
        var contextBySource: [String: Set<String>] = [:]
        var lastContext: (source: String, id: String)?
        for o in unmapped where o.value != nil && o.indicator.hasPrefix("x.") {
            if let last = lastContext, last.source == o.provenance.sourceID, last.id == o.indicator { continue }
            lastContext = (o.provenance.sourceID, o.indicator)
            contextBySource[o.provenance.sourceID, default: []].insert(o.indicator)
        }
        for i in outcomes.indices where outcomes[i].isUsable {
            let ids = (inRegion[outcomes[i].id] ?? []).union(contextBySource[outcomes[i].id] ?? [])
            if !ids.isEmpty { outcomes[i].series = ids.sorted() }
        }
        var assessed = Assessed(observations: mapped, unmapped: unmapped, assessments: assessments, outcomes: outcomes, warnings: warnings, problems: problems)
        assessed.regionalObservations = regional
        assessed.confirmedMeasures = engine.confirmedMeasures
        assessed.failedSources = engine.failedSources
        assessed.failedSourceCoverage = coverage
        assessed.unmatchedSources = engine.unmatchedSources
        return assessed
    }

    /// Builds every selected module's document. A module that throws is reported and skipped; the
    /// others still build.
    /// `revisions` (by source id: "revised from X to Y" sentences from the store) are shown beside the
    /// source under every report's title.
    public func documents(for assessed: Assessed, generatedAt: Date = Date(), moduleIDs: [String]? = nil,
                          revisions: [String: [String]] = [:]) -> (documents: [ReportDocument], modules: [RunManifest.ModuleOutcome]) {
        let notes = Self.sourceNotes(assessed.outcomes, revisions: revisions)
        let logger = self.logger
        var context = ReportContext(
            plan: plan, profile: ProgressProfile.named(config.profile), assessments: assessed.assessments,
            observations: assessed.observations, sourceNotes: notes, referenceData: referenceData,
            generatedAt: generatedAt, diagnose: { diagnostic in logger.warning("\(diagnostic)") })
        context.contextObservations = assessed.context
        context.dataProblems = assessed.allProblems
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

    /// One plan series in one year: the key of ``conflictingFigures(_:)``. The region is not part of
    /// it: the figures assessed are the plan region's (or have none), which the engine reads as one series.
    struct SeriesYear: Hashable {
        var indicator: String
        var year: Int
    }

    /// What one series and year received: rows with a figure, the different figures, and the first
    /// few rows of a different figure (in source order) to name them.
    struct FigureClash {
        var rows = 0
        var values: Set<Double> = []
        var units: Set<String> = []
        var shown: [Observation] = []

        mutating func add(_ o: Observation) {
            rows += 1
            if let unit = o.unit { units.insert(unit) }
            if values.insert(o.value!).inserted, shown.count < ReportJob.conflictingFiguresShown { shown.append(o) }
        }
    }

    /// Two different figures for one plan series and year (two sources, two feed regions mapped to
    /// one, a feed and an import, two units): the engine cannot choose, and the series would read
    /// 数据不足 as if nothing were published. One line per series and year, whatever the number of
    /// rows: the count of different figures (and rows), the first few with source and unit, and the fix.
    /// One pass over the figures with a hash per series and year: a million rows of six series used
    /// to take minutes and print lines of 250 KB listing every row.
    static func conflictingFigures(_ observations: [Observation]) -> [String] {
        var byKey: [SeriesYear: FigureClash] = [:]
        for o in observations where o.value != nil && o.period.frequency == .annual {
            byKey[SeriesYear(indicator: o.indicator, year: o.period.year), default: FigureClash()].add(o)
        }
        var problems: [String] = []
        let keys = byKey.keys.filter { byKey[$0]!.values.count > 1 }
            .sorted { $0.indicator != $1.indicator ? $0.indicator < $1.indicator : $0.year < $1.year }
        for key in keys {
            let clash = byKey[key]!
            let distinct = clash.values.count
            var figures = clash.shown.map { o in
                "\(Format.exact(o.value!))\(o.unit.map { " \($0)" } ?? "") from source '\(o.provenance.sourceID)' (\(o.provenance.location))"
            }.joined(separator: "; ")
            if distinct > clash.shown.count { figures += "; and \(distinct - clash.shown.count) more" }
            let units = clash.units.sorted()
            let unitList = units.prefix(5).joined(separator: ", ") + (units.count > 5 ? ", … (\(units.count) units)" : "")
            let fix = units.count > 1
                ? "the figures come in different units (\(unitList)): map one source only, or set `scale` on the other"
                : "keep one figure per year: drop one source's mapping for this series, or correct the data"
            let rows = clash.rows > distinct ? " in \(clash.rows) rows" : ""
            problems.append("series \(key.indicator) has \(distinct) different figures for \(key.year)\(rows): \(figures); it is not assessed; \(fix)")
        }
        return problems
    }

    /// One series fed by several sources in different units (亿元 from one, 万元 from another): its
    /// figures would be compared as if they were alike. Names every unit with its sources.
    static func mixedUnits(_ unitsBySeries: [String: [String: Set<String>]]) -> [String] {
        var problems: [String] = []
        for (series, units) in unitsBySeries.sorted(by: { $0.key < $1.key }) where units.count > 1 {
            let sources = units.values.reduce(into: Set<String>()) { $0.formUnion($1) }
            guard sources.count > 1 else { continue }
            let list = units.sorted { $0.key < $1.key }.map { unit, ids in
                "'\(unit)' from \(ids.sorted().map { "source '\($0)'" }.joined(separator: " and "))"
            }.joined(separator: ", ")
            problems.append("series \(series) gets figures in different units: \(list); they are not comparable year to year. Map one source only, or set `scale` on a source so that its figures come in the plan's unit")
        }
        return problems
    }

    /// A unit compared with others: trimmed, lowercased, % spelled one way.
    static func normalizedUnit(_ unit: String) -> String {
        let t = unit.trimmingCharacters(in: .whitespaces).lowercased()
        return ["％", "percent", "pct", "百分比"].contains(t) ? "%" : t
    }

    /// How many different figures a conflicting-figures problem names with their sources; the rest are counted.
    static let conflictingFiguresShown = 5

    /// How many ids listed by name in the unknown-id warning; the rest are counted.
    static let unknownIDsShown = 5

    /// One line for all of a source's ids that are not in the plan: the count, the first few ids
    /// with their row counts, and the fix.
    static func unknownIDsWarning(source: String, ids: [String: Int], plan: String) -> String {
        let rows = ids.values.reduce(0, +)
        let what = ids.count == 1 ? "indicator '\(ids.keys.first!)' is" : "\(ids.count) indicators (\(rows) rows) are"
        let fix = ids.count == 1 ? "map it to a plan id or prefix it with 'x.'" : "map them to plan ids or prefix them with 'x.'"
        return "source '\(source)': \(what) not in plan \(plan)\(ids.count == 1 ? "" : ": \(idList(ids))"); \(fix)"
    }

    /// "'zz-0' (1), 'zz-1' (1), … , and 1995 more": the first ids by name with their row counts.
    static func idList(_ ids: [String: Int]) -> String {
        let shown = ids.keys.sorted().prefix(unknownIDsShown).map { "'\($0)' (\(ids[$0]!))" }.joined(separator: ", ")
        return shown + (ids.count > unknownIDsShown ? ", and \(ids.count - unknownIDsShown) more" : "")
    }

    /// The problem of a usable source none of whose rows is for the plan: every id unknown to the plan
    /// (`ids`, counted and named as in ``unknownIDsWarning(source:ids:plan:)``), or no row at all (the
    /// decoder's warnings say why, e.g. a time dimension of size 0). nil when the source already has a
    /// problem saying what its mapping missed.
    static func yieldsNothingProblem(_ record: SourceRecord, ids: [String: Int]?, plan: String) -> String? {
        if let ids, !ids.isEmpty {
            let rows = ids.values.reduce(0, +)
            return "none of its \(rows) rows is for plan \(plan), so it yields nothing for the plan: \(ids.count) indicator id(s) not in the plan: \(idList(ids)); map them to plan ids (`mapping: codes:`) or prefix them with 'x.', or check that this is the right file"
        }
        guard record.observations == 0, record.problems.isEmpty else { return nil }
        // The decoder's warnings read "location: warning: message"; inside this sentence the word is noise.
        let warnings = record.warnings.prefix(3).map { $0.replacingOccurrences(of: ": warning: ", with: ": ") }
        let why = warnings.isEmpty ? "" : " (\(warnings.joined(separator: "; ")))"
        return "the source answered but yields no figures\(why); its series get nothing from it. Check the query and mapping with `planwatch inspect --source \(record.id)`"
    }

    /// Plan series (or indicator) id → the usable sources with a problem this run (`troubled`) whose
    /// mapping `codes:` target it but which gave it no figure in the plan region (`delivered`: source →
    /// series it did give): the series reads 映射未匹配 with the source, or 查询未返回数据期 when the
    /// source's answer held no period at all (a time dimension of size 0), never 数据不足.
    func unmatchedSources(_ outcomes: [SourceRecord], delivered: [String: Set<String>], troubled: Set<String>) -> [String: [SourceGap]] {
        var bySeries: [String: [SourceGap]] = [:]
        let records = Dictionary(outcomes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for source in config.sources where troubled.contains(source.id) {
            guard let record = records[source.id], record.isUsable else { continue }
            let noPeriods = record.observations == 0 && record.warnings.contains { $0.contains(JSONStatDecoder.noPeriodsPhrase) }
            for series in Set(source.mapping.indicatorCodes.values).sorted() where !series.hasPrefix("x.") && !(delivered[source.id]?.contains(series) ?? false) {
                bySeries[series, default: []].append(SourceGap(source: source.id, noPeriods: noPeriods))
            }
        }
        return bySeries
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

    /// The source notes with each source's revisions after them, in a report's language.
    static func sourceNotes(_ outcomes: [SourceRecord], revisions: [String: [String]],
                            language: ReportDefinition.Language = .both) -> [String: String] {
        var notes = sourceNotes(outcomes, language: language)
        for (source, sentences) in revisions where !sentences.isEmpty {
            // A publisher may revise hundreds of figures at once: the full list is in manifest.json.
            let lead = switch language { case .both: "修订 / revised: "; case .zh: "修订："; case .en: "revised: " }
            var text = lead + sentences.prefix(5).joined(separator: "; ")
            if sentences.count > 5 { text += "; … \(sentences.count - 5) more in manifest.json" }
            notes[source] = notes[source].map { "\($0) \(text)" } ?? text
        }
        return notes
    }

    /// Notes for stale and failed sources, keyed by source id, in a report's language (a `language:
    /// zh` or `en` department report carries no note in the other): one short sentence with the date
    /// a reader can act on. The transfer error (a libcurl message) is for the operator: it stays in
    /// manifest.json and on standard error.
    static func sourceNotes(_ outcomes: [SourceRecord], language: ReportDefinition.Language = .both) -> [String: String] {
        var notes: [String: String] = [:]
        for outcome in outcomes {
            let zh: String, en: String
            switch outcome.outcome {
            case .stale:
                guard let date = outcome.retrievedAt else {
                    (zh, en) = ("数据取自缓存", "cached copy")
                    break
                }
                (zh, en) = ("数据截至 \(IndicatorSections.day(date))（缓存）", "cached copy of \(englishDay(date))")
            case .failed:
                (zh, en) = ("获取失败，相关数据缺失（原因见 manifest.json）", "fetch failed, its figures are missing (reason in manifest.json)")
            default: continue
            }
            // "…（缓存）/ cached copy of …": no space after a full-width bracket.
            let both = zh + (zh.hasSuffix("）") ? "" : " ") + "/ " + en
            notes[outcome.id] = switch language { case .both: both; case .zh: zh; case .en: en }
        }
        return notes
    }

    /// "30 Nov 2026", in UTC like `IndicatorSections.day`.
    static func englishDay(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "d MMM yyyy"
        return f.string(from: date)
    }

    /// The department reports with these ids (all when nil), each assessed with its own cut-off.
    /// A `for_each: region` definition gives its report and then one per region.
    public func reportDocuments(for assessed: Assessed, generatedAt: Date = Date(), ids: [String]? = nil,
                                revisions: [String: [String]] = [:]) -> [(definition: ReportDefinition, document: ReportDocument)] {
        return reports.filter { ids?.contains($0.id) ?? true }.flatMap { definition in
            let notes = Self.sourceNotes(assessed.outcomes, revisions: revisions, language: definition.language)
            var report = DepartmentReport(definition: definition, plan: plan, profile: ProgressProfile.named(config.profile),
                                          observations: assessed.observations, sourceNotes: notes, generatedAt: generatedAt)
            report.regions = regions
            report.seriesRegions = seriesRegions
            report.regionalObservations = assessed.regionalObservations
            report.confirmedMeasures = assessed.confirmedMeasures
            report.failedSources = assessed.failedSources
            report.unconfirmedFailedSources = assessed.unconfirmedFailedSources
            report.unmatchedSources = assessed.unmatchedSources
            let regional = definition.forEachRegion ? report.regionalReports() : []
            return ([report.build()] + regional).map { (definition, $0) }
        }
    }

    /// Units written differently but meaning the same (%, ％, percent).
    static func sameUnit(_ a: String, _ b: String) -> Bool {
        normalizedUnit(a) == normalizedUnit(b)
    }
}
