import Foundation
import PlanWatchRender
import ReportKit

/// What one run renders: report modules and department report definitions (`Reports/*.yaml`, with
/// their `as_of` and `for_each: region` pages). One path for `planwatch run --module/--report` and a
/// job's `modules:`/`reports:`, so that a scheduled job writes exactly what the same selection on the
/// command line writes. With neither, every module the config selects and every definition; with only
/// reports, just those reports; with only modules, just those modules.
public struct RunSelection: Sendable {
    /// Module ids to render, exactly these; nil: the config's `modules:` (and modules loaded by path).
    public var modules: [String]?
    /// Report definition ids to write; nil: every definition.
    public var reports: [String]?

    /// nil means "not asked for": the other list alone then decides (see the type's comment).
    public init(modules: [String]?, reports: [String]?) {
        switch (modules, reports) {
        case (nil, nil): (self.modules, self.reports) = (nil, nil)
        case (nil, let reports?): (self.modules, self.reports) = ([], reports)
        case (let modules?, nil): (self.modules, self.reports) = (modules, [])
        case (let modules?, let reports?): (self.modules, self.reports) = (modules, reports)
        }
    }

    /// A job's `modules:` and `reports:`.
    public init(job spec: JobConfig) {
        self.init(modules: spec.modules, reports: spec.reports)
    }

    /// An id that names no loaded definition or no module.
    public enum Unknown: Error, Sendable, CustomStringConvertible {
        case report(String, known: [String])
        case module(String, known: [String])

        public var description: String {
            switch self {
            case .report(let id, let known): RunSelection.unknownReport(id, known: known)
            case .module(let id, let known): "no module '\(id)'; known: \(known.joined(separator: ", "))\(RunSelection.hint(id, known))"
            }
        }
    }

    /// `no report definition 'ecology'; known: …; did you mean 'ecology-annual'?`
    public static func unknownReport(_ id: String, known: [String]) -> String {
        "no report definition '\(id)'; known: \(known.isEmpty ? "none (add Reports/<id>.yaml)" : known.joined(separator: ", "))\(hint(id, known))"
    }

    static func hint(_ id: String, _ known: [String]) -> String {
        ReportJob.closest(to: id, in: known).first.map { "; did you mean '\($0)'?" } ?? ""
    }

    /// The plan indicators and series what this selection renders is about, nil for the whole plan
    /// (every module and report): warnings about other series do not concern this run's pages.
    public func renderedIDs(job: ReportJob) -> Set<String>? {
        guard let modules else { return nil }
        var indicators = Set(job.reports.filter { reports?.contains($0.id) ?? true }.flatMap(\.indicators))
        for id in modules {
            if let module = job.catalog.module(id: id) { indicators.formUnion(module.descriptor.declaredIndicators(in: job.plan).map(\.id)) }
        }
        let series = job.plan.indicators.filter { indicators.contains($0.id) }.flatMap { $0.series.map(\.id) }
        return indicators.union(series)
    }

    /// Every id must name a loaded definition or a module of the catalog.
    public func check(against job: ReportJob) throws(Unknown) {
        let knownReports = job.reports.map(\.id)
        for id in reports ?? [] where !knownReports.contains(id) {
            throw .report(id, known: knownReports)
        }
        for id in modules ?? [] where job.catalog.module(id: id) == nil {
            throw .module(id, known: job.catalog.ids)
        }
    }

    /// The documents of one run and how to write each.
    public struct Built {
        public var documents: [ReportDocument]
        /// Modules that built or failed (the manifest's `modules`).
        public var modules: [RunManifest.ModuleOutcome]
        /// Department report documents written, by document id (a fanned-out definition gives several).
        public var reports: [RunManifest.ModuleOutcome]
        /// A definition's `formats:`, by document id.
        public var formats: [String: [String]]
        /// A definition's `template:` renderers, by document id and format.
        public var renderers: [String: [String: any Renderer]]
        /// A definition's `language:` for the renderers' own labels, by document id.
        public var languages: [String: RenderOptions.Language] = [:]
    }

    /// Builds the selected module documents, then the selected department reports (each assessed with
    /// its own cut-off). `revisions` (by source id) are shown beside each source under every title.
    public func build(job: ReportJob, assessed: ReportJob.Assessed, generatedAt: Date,
                      revisions: [String: [String]] = [:]) -> Built {
        let modules = job.documents(for: assessed, generatedAt: generatedAt, moduleIDs: self.modules, revisions: revisions)
        let reports = job.reportDocuments(for: assessed, generatedAt: generatedAt, ids: self.reports, revisions: revisions)
        var built = Built(documents: modules.documents + reports.map(\.document), modules: modules.modules,
                          reports: reports.map { RunManifest.ModuleOutcome(id: $0.document.id, ok: true) }, formats: [:], renderers: [:])
        for (definition, document) in reports {
            if let list = definition.formats { built.formats[document.id] = list }
            if !definition.templates.isEmpty { built.renderers[document.id] = definition.templates }
            built.languages[document.id] = definition.language.renderLanguage
        }
        return built
    }
}

extension RunWriter {
    /// Writes a selection's documents with their own formats and templates.
    public mutating func use(_ built: RunSelection.Built) {
        documentFormats = built.formats
        documentRenderers = built.renderers
        documentLanguages = built.languages
    }
}
