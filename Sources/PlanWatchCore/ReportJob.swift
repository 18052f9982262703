import Foundation
import Logging
import PlanWatchFeeds
import ReportKit

/// One run: sources → observations → assessments → module documents. Rendering and writing are the
/// caller's (`RunWriter`), so `indicators` and `validate` can stop after assessment.
public struct ReportJob: Sendable {
    public var config: PlanWatchConfig
    public var plan: Plan
    public var referenceData: [String: [[String: String]]]
    public var catalog: ModuleCatalog
    public var logger: Logger

    public static let version = "0.1.0"

    public init(config: PlanWatchConfig, catalog: ModuleCatalog = ModuleCatalog(), logger: Logger = Logger(label: "planwatch")) throws(ConfigProblems) {
        let loaded = try PlanLoader().load(file: config.planFile, displayName: Self.displayPath(config.planFile))
        self.config = config
        self.plan = loaded.plan
        self.referenceData = loaded.referenceData
        self.catalog = catalog
        self.logger = logger
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

        /// Indicators that have no usable observation.
        public var withoutData: [String] {
            assessments.filter { $0.value.status == .notAvailable }.keys.sorted()
        }
    }

    /// Loads every source and assesses every plan indicator.
    public func assess(progress: SourceLoader.Progress? = nil) async -> Assessed {
        assess(await SourceLoader(config: config, logger: logger).load(progress: progress))
    }

    public func assess(_ loaded: SourceLoader.Result) -> Assessed {
        let region = config.region ?? plan.region.code
        let known = plan.ids
        var warnings: [String] = []
        var mapped: [Observation] = []
        var unmapped: [Observation] = []
        var unknownIDs: [String: String] = [:]
        var otherRegions: [String: [String: Int]] = [:]
        var unitMismatch: [String: (source: String, unit: String, expected: String)] = [:]
        let units = Dictionary(plan.indicators.flatMap(\.series).map { ($0.id, $0.unit) }, uniquingKeysWith: { a, _ in a })
        for o in loaded.observations {
            if known.contains(o.indicator) {
                if o.region == region || o.region.isEmpty {
                    mapped.append(o)
                    if let unit = o.unit, let expected = units[o.indicator], !Self.sameUnit(unit, expected) {
                        unitMismatch[o.indicator] = (o.provenance.sourceID, unit, expected)
                    }
                } else {
                    otherRegions[o.provenance.sourceID, default: [:]][o.region, default: 0] += 1
                }
            } else {
                unmapped.append(o)
                if !o.indicator.hasPrefix("x.") { unknownIDs[o.indicator] = o.provenance.sourceID }
            }
        }
        for (id, source) in unknownIDs.sorted(by: { $0.key < $1.key }) {
            warnings.append("source '\(source)': indicator '\(id)' is not in plan \(plan.id); map it to a plan id or prefix it with 'x.'")
        }
        for (source, regions) in otherRegions.sorted(by: { $0.key < $1.key }) {
            let list = regions.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
            warnings.append("source '\(source)': figures for plan series in other regions were not assessed: \(list); the plan region is \(region) (map a feed region with `mapping: regions:`)")
        }
        for (series, m) in unitMismatch.sorted(by: { $0.key < $1.key }) {
            warnings.append("source '\(m.source)': series \(series) arrives in '\(m.unit)' but the plan measures it in '\(m.expected)'; check the mapping or set `scale`")
        }
        let engine = AssessmentEngine(profile: ProgressProfile.named(config.profile))
        let assessments = engine.assess(plan: plan, observations: mapped)
        return Assessed(observations: mapped, unmapped: unmapped, assessments: assessments, outcomes: loaded.records, warnings: warnings)
    }

    /// Builds every selected module's document. A module that throws is reported and skipped; the
    /// others still build.
    /// `revisions` (by source id: "revised from X to Y" sentences from the store) are shown beside the
    /// source under every report's title.
    public func documents(for assessed: Assessed, generatedAt: Date = Date(), revisions: [String: [String]] = [:]) -> (documents: [ReportDocument], modules: [RunManifest.ModuleOutcome]) {
        var notes: [String: String] = [:]
        for outcome in assessed.outcomes {
            switch outcome.outcome {
            case .stale:
                let day = outcome.retrievedAt.map(IndicatorSections.day) ?? "?"
                notes[outcome.id] = "数据截至 \(day) / data as of \(day) (stale: \(outcome.error ?? "fetch failed"))"
            case .failed:
                notes[outcome.id] = "获取失败，相关指标显示为数据不足 / failed, its indicators show no data: \(outcome.error ?? "")"
            default: break
            }
        }
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
        var documents: [ReportDocument] = []
        var outcomes: [RunManifest.ModuleOutcome] = catalog.failures.map {
            .init(id: $0.path.file.lastPathComponent, ok: false, error: $0.message, file: $0.path.file.path)
        }
        for id in selected {
            guard let module = catalog.module(id: id) else {
                outcomes.append(.init(id: id, ok: false, error: "no module '\(id)'; known: \(catalog.ids.joined(separator: ", "))"))
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

    /// Units written differently but meaning the same (%, ％, percent).
    static func sameUnit(_ a: String, _ b: String) -> Bool {
        func norm(_ u: String) -> String {
            let t = u.trimmingCharacters(in: .whitespaces).lowercased()
            return ["％", "percent", "pct", "百分比"].contains(t) ? "%" : t
        }
        return norm(a) == norm(b)
    }
}
