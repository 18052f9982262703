import Foundation

/// A report module: receives assessed data, returns a document. Modules never fetch, parse feeds or
/// write files (docs/ARCHITECTURE.md).
public protocol ReportModule: Sendable {
    /// What the host lists for the module; its id names the output files.
    var descriptor: ModuleDescriptor { get }
    /// The report, from the context alone; throw to report a failure (the other modules still render).
    func build(context: ReportContext) throws -> ReportDocument
}

/// What the host lists in `planwatch modules`.
public struct ModuleDescriptor: Sendable, Hashable, Codable {
    /// A unique id (letters, digits and `-`); not one of the host's built-in ids.
    public var id: String
    /// The report's title.
    public var title: LocalizedText
    /// One line on what the report covers.
    public var summary: LocalizedText
    /// The module's own version, shown by `planwatch modules`.
    public var version: String
    /// The plan `module:` values whose indicators this module reports.
    public var indicatorModules: [String]
    /// Indicator ids this module reports besides those of ``indicatorModules``: a module covering part
    /// of a domain declares its indicators here, and `ModuleConformance` checks each is in its document.
    public var indicatorIDs: [String]

    /// A descriptor for a module reporting whole plan modules.
    public init(id: String, title: LocalizedText, summary: LocalizedText, version: String, indicatorModules: [String]) {
        self.init(id: id, title: title, summary: summary, version: version, indicatorModules: indicatorModules, indicatorIDs: [])
    }

    /// A descriptor that declares indicators by id, with or without whole plan modules.
    public init(
        id: String, title: LocalizedText, summary: LocalizedText, version: String, indicatorModules: [String] = [],
        indicatorIDs: [String]
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.version = version
        self.indicatorModules = indicatorModules
        self.indicatorIDs = indicatorIDs
    }

    /// The indicators of `plan` this module declares: those of its ``indicatorModules`` and its
    /// ``indicatorIDs``, in plan order.
    public func declaredIndicators(in plan: Plan) -> [Indicator] {
        plan.indicators.filter { indicatorModules.contains($0.module) || indicatorIDs.contains($0.id) }
    }

    private enum CodingKeys: String, CodingKey { case id, title, summary, version, indicatorModules, indicatorIDs }

    /// `indicatorIDs` may be absent (descriptors written before it existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), title: try c.decode(LocalizedText.self, forKey: .title),
            summary: try c.decode(LocalizedText.self, forKey: .summary), version: try c.decode(String.self, forKey: .version),
            indicatorModules: try c.decode([String].self, forKey: .indicatorModules),
            indicatorIDs: try c.decodeIfPresent([String].self, forKey: .indicatorIDs) ?? [])
    }
}

/// Everything a module may use. Built by the host; modules hold no globals.
public struct ReportContext: Sendable {
    /// The plan, with every indicator.
    public var plan: Plan
    /// The progress method the assessments used.
    public var profile: ProgressProfile
    /// Latest assessment of every plan indicator, keyed by indicator id.
    public var assessments: [String: Assessment]
    /// All mapped observations, for tables of history.
    public var observations: [Observation]
    /// Sources that were stale or failed, keyed by source id, with the "data as of" date text.
    public var sourceNotes: [String: String]
    /// Reference data a module may want (e.g. the 13 industrial chains list), by name.
    public var referenceData: [String: [[String: String]]]
    /// The run's time: put it in the document's ``ReportDocument/generatedAt``.
    public var generatedAt: Date
    /// Diagnostics sink: modules report problems here instead of printing (the host logs them).
    public var diagnose: @Sendable (Diagnostic) -> Void
    /// Figures the sources delivered for context ids (`x.` in a mapping), not assessed: the overview
    /// lists them with source and period so that a mapped context series is seen.
    public var contextObservations: [Observation] = []
    /// The run's data problems (a mapping that yielded nothing, a source that failed, two figures for
    /// one year), one sentence each, so a report says why a figure is missing.
    public var dataProblems: [String] = []

    /// A context; the host builds it, tests use `ReportContext.fixture` from ReportKitTesting.
    public init(
        plan: Plan, profile: ProgressProfile, assessments: [String: Assessment], observations: [Observation],
        sourceNotes: [String: String] = [:], referenceData: [String: [[String: String]]] = [:],
        generatedAt: Date, diagnose: @escaping @Sendable (Diagnostic) -> Void = { _ in }
    ) {
        self.plan = plan
        self.profile = profile
        self.assessments = assessments
        self.observations = observations
        self.sourceNotes = sourceNotes
        self.referenceData = referenceData
        self.generatedAt = generatedAt
        self.diagnose = diagnose
    }

    /// Each series of `indicator` with its own result, the same way for one series or several: the
    /// engine's per-series component of a multi-series indicator, the indicator's assessment itself
    /// for a single series (see ``Assessment/seriesResults``).
    public func seriesResults(of indicator: Indicator) -> [(series: IndicatorSeries, assessment: Assessment?)] {
        let results = assessments[indicator.id]?.seriesResults ?? []
        return indicator.series.map { series in (series, results.first { $0.seriesID == series.id }) }
    }

    /// Indicators of the given plan modules with their assessments, in plan order.
    public func assessed(modules: [String]) -> [(Indicator, Assessment?)] {
        plan.indicators.filter { modules.contains($0.module) }.map { ($0, assessments[$0.id]) }
    }
}

/// A recoverable problem with where it is.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// Information only.
        case note
        /// Something a reader should know; the report is still right.
        case warning
        /// Something in the report is wrong or missing. The host logs every diagnostic as a warning.
        case error
    }
    /// How serious the problem is.
    public var severity: Severity
    /// File and line, source id and URL, JSON path: whatever names the place.
    public var location: String
    /// What is wrong and how to fix it.
    public var message: String
    /// A diagnostic at `location`.
    public init(_ severity: Severity, _ message: String, at location: String = "") {
        self.severity = severity
        self.message = message
        self.location = location
    }
    public var description: String {
        location.isEmpty ? "\(severity.rawValue): \(message)" : "\(location): \(severity.rawValue): \(message)"
    }
}
