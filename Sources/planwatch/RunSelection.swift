import PlanWatchCore
import PlanWatchRender
import ReportKit

/// What `run --report ID --module ID` asks for. With neither option, every module and every report
/// definition; with only --report, just those reports (no module); with only --module, just those
/// modules. An unknown id is a usage error naming the known ones.
struct RunSelection {
    /// Module ids to render; nil: the config's selection.
    var modules: [String]?
    /// Report ids to write; nil: all.
    var reports: [String]?
    /// A definition's `formats:`, by document id.
    var formats: [String: [String]]
    /// A definition's `template:` renderers, by document id and format.
    var renderers: [String: [String: any Renderer]]
    /// A definition's `language:` for the renderers' own labels, by document id.
    var languages: [String: RenderOptions.Language] = [:]

    init(job: ReportJob, reports: [String], modules: [String]) throws {
        let knownReports = job.reports.map(\.id)
        for id in reports where !knownReports.contains(id) {
            throw CLIExit.configuration("--report: no report definition '\(id)'; known: \(knownReports.isEmpty ? "none (add Reports/<id>.yaml)" : knownReports.joined(separator: ", "))")
        }
        for id in modules where job.catalog.module(id: id) == nil {
            throw CLIExit.configuration("--module: no module '\(id)'; known: \(job.catalog.ids.joined(separator: ", "))")
        }
        switch (reports.isEmpty, modules.isEmpty) {
        case (true, true): (self.modules, self.reports) = (nil, nil)
        case (false, true): (self.modules, self.reports) = ([], reports)
        case (true, false): (self.modules, self.reports) = (modules, [])
        case (false, false): (self.modules, self.reports) = (modules, reports)
        }
        formats = [:]
        renderers = [:]
    }

    /// The formats and templates of each report document written (a fanned-out report's pages
    /// take their definition's).
    mutating func add(_ reports: [(definition: ReportDefinition, document: ReportDocument)]) {
        for (definition, document) in reports {
            if let list = definition.formats { formats[document.id] = list }
            if !definition.templates.isEmpty { renderers[document.id] = definition.templates }
            languages[document.id] = definition.language.renderLanguage
        }
    }
}
