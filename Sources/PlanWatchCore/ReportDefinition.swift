import Foundation
import PlanWatchText
import PlanWatchRender
import ReportKit

/// A department's report, declared in `Reports/<id>.yaml` (docs/REPORTS.md): which indicators, up to
/// which year, in which language, with what letterhead. A definition selects and lays out; every
/// figure and status in the report comes from the assessment engine.
public struct ReportDefinition: Sendable {
    public var id: String
    public var title: LocalizedText
    public var department: LocalizedText?
    /// Plan id the definition is written for; a definition for another plan is skipped.
    public var planID: String?
    /// Indicator ids selected by `modules:` and `indicators:`, in plan order, each once.
    public var indicators: [String]
    /// GB/T 2260 region codes the report compares (sub-regions of the plan region).
    public var regions: [String]
    /// `for_each: region`: besides the report, one per region (`report-<id>-<code>`).
    public var forEachRegion = false
    /// Assess with observations up to this year only.
    public var asOf: Int?
    public var language: Language
    /// Formats to write; nil: the run's formats.
    public var formats: [String]?
    /// Sections in order (`ReportDefinition.sectionIDs`).
    public var sections: [String]
    public var intro: LocalizedText?
    public var closing: LocalizedText?
    public var issuer: Issuer?
    /// Page templates (`template:`), by format (`html`, `md`); other formats use the built-in renderers.
    public var templates: [String: MustacheRenderer] = [:]
    /// `Reports/ecology-annual.yaml:1`, for messages.
    public var definedAt: String

    public enum Language: String, Sendable, CaseIterable {
        case zh, en, both
    }

    /// 落款: the issuing office and the date line printed at the end.
    public struct Issuer: Sendable {
        public var office: LocalizedText
        public var date: String?
    }

    /// The output file stem: `report-<id>` (`report-<id>.html`, `report-<id>.<table>.csv`, …).
    public var documentID: String { "report-\(id)" }

    public static let keys = ["id", "title", "department", "plan", "modules", "indicators", "regions", "as_of", "language",
                              "formats", "sections", "intro", "closing", "issuer", "template", "for_each"]
    /// Section ids a definition may list, in their default order.
    public static let sectionIDs = ["intro", "summary", "indicators", "yearly", "regions", "missing", "method", "closing"]
    public static let defaultSections = ["intro", "summary", "indicators", "missing", "method", "closing"]
}

/// Reads every `*.yaml` of a reports folder against a plan.
public enum ReportDefinitionLoader {
    /// Definitions sorted by file name. Every problem of every file is collected before throwing.
    /// A folder that does not exist yields no definition unless `required` (set when the config
    /// names `reports_dir:` explicitly).
    public static func load(directory: URL, plan: Plan, moduleIDs: [String], required: Bool = false,
                            displayPath: (URL) -> String = { $0.path }) throws(ConfigProblems) -> [ReportDefinition] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            if required {
                throw ConfigProblems([ConfigProblem(file: displayPath(directory), line: nil, key: "reports_dir",
                                                    message: "the reports folder does not exist; create it or fix `reports_dir:` in the config")])
            }
            return []
        }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        let log = ProblemLog()
        var definitions: [ReportDefinition] = []
        var seen: [String: String] = [:]
        for name in files {
            let url = directory.appendingPathComponent(name)
            let shown = displayPath(url)
            guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                log.add(file: shown, line: nil, key: "", "cannot read the report definition as UTF-8 text")
                continue
            }
            guard let root = YAMLValue.parse(text, file: shown, log: log),
                  var definition = read(root, plan: plan, moduleIDs: moduleIDs, log: log) else { continue }
            if let value = root.node["template"] {
                definition.templates = templates(YAMLValue(node: value, file: shown, path: "template"), folder: directory, displayPath: displayPath, log: log)
            }
            if let first = seen[definition.id] {
                log.add(file: shown, line: root.node["id"]?.mark?.line, key: "id", "duplicate report id '\(definition.id)' (first in \(first))")
                continue
            }
            seen[definition.id] = shown
            if definition.planID == nil || definition.planID == plan.id { definitions.append(definition) }
        }
        guard log.problems.isEmpty else { throw ConfigProblems(log.problems) }
        return definitions
    }

    static func read(_ root: YAMLValue, plan: Plan, moduleIDs: [String], log: ProblemLog) -> ReportDefinition? {
        let before = log.problems.count
        guard let map = root.mapping(allowed: ReportDefinition.keys, required: ["id", "title"], log: log) else { return nil }
        let id = map["id"]?.string(log: log)
        if let id, id.isEmpty || id.contains(where: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) || !id.allSatisfy(\.isASCII) {
            map["id"]?.fail(log, "'\(id)' is not a report id; use ASCII letters, digits, - and _ (it names the output files)")
        }
        let title = map["title"].flatMap { localized($0, log: log) }
        let planID = map["plan"]?.string(log: log)
        // Ids are checked against the plan only when the definition is for this plan.
        let forThisPlan = planID == nil || planID == plan.id
        var selected: Set<String> = []
        if let modules = map["modules"], let list = modules.stringList(log: log) {
            for module in list {
                guard moduleIDs.contains(module) else {
                    modules.fail(log, "no module '\(module)'\(hint(module, moduleIDs)); known: \(moduleIDs.joined(separator: ", "))")
                    continue
                }
                let ids = plan.indicators(inModule: module).map(\.id)
                if ids.isEmpty && forThisPlan { modules.fail(log, "module '\(module)' reports no indicator of plan \(plan.id)") }
                selected.formUnion(ids)
            }
        }
        if let entries = map["indicators"], let list = entries.stringList(log: log), forThisPlan {
            for entry in list { selected.formUnion(IndicatorSelector.resolve(entry, plan: plan, at: entries, log: log)) }
        }
        if forThisPlan && map["modules"] == nil && map["indicators"] == nil {
            root.fail(log, "selects no indicator; give `modules:` (report module ids) and/or `indicators:` (ids, ranges like K19-K23, prefixes like EC*)")
        } else if forThisPlan && selected.isEmpty && log.problems.count == before {
            (map["indicators"] ?? map["modules"] ?? root).fail(log, "the selection is empty: it names no indicator of plan \(plan.id)")
        }
        var regions: [String] = []
        if let value = map["regions"], let list = value.stringList(log: log) {
            let prefix = String(plan.region.code.prefix(4))
            for code in list {
                if code.count != 6 || !code.allSatisfy(\.isNumber) {
                    value.fail(log, "'\(code)' is not a GB/T 2260 region code (six digits, e.g. 430681)")
                } else if forThisPlan && code != plan.region.code && !(plan.region.code.hasSuffix("00") && code.hasPrefix(prefix)) {
                    value.fail(log, "region \(code) is not \(plan.region.code) (\(plan.region.name.zh)) or one of its counties and districts")
                } else {
                    regions.append(code)
                }
            }
        }
        var asOf: Int?
        if let value = map["as_of"], let year = value.int(log: log) {
            // From the baseline year to the plan's last year: a later cut-off reads no further figure
            // the plan is judged on, and would only print a misleading "数据截至" year.
            if forThisPlan && (year < plan.startYear - 1 || year > plan.endYear) {
                value.fail(log, "as_of \(year) is outside plan \(plan.id) (baseline \(plan.startYear - 1), plan \(plan.startYear)-\(plan.endYear)); give the last year whose figures the report may use")
            }
            asOf = year
        }
        let givenLanguage = map["language"]?.oneOf(ReportDefinition.Language.self, log: log)
        let language = givenLanguage ?? .both
        // A mistyped language (`language: cn`, already reported) or a misspelt key (`langauge:`, reported
        // as an unknown key) leaves the intended language unknown: the texts are not checked against a
        // guess, which would only pile false errors on the real one.
        let misspeltKey = map["language"] == nil && (root.node.mapping?.keys.contains { key in
            key.string.map { $0 != "language" && editDistance($0, "language") <= 2 } ?? false
        } ?? false)
        let languageKnown = !misspeltKey && (map["language"] == nil || givenLanguage != nil)
        var formats: [String]?
        if let value = map["formats"], let list = value.stringList(log: log) {
            for f in list where !PlanWatchConfig.knownFormats.contains(f) {
                value.fail(log, "unknown output format '\(f)'; use \(PlanWatchConfig.knownFormats.joined(separator: ", "))")
            }
            if list.isEmpty { value.fail(log, "no output format; give at least one of \(PlanWatchConfig.knownFormats.joined(separator: ", "))") }
            formats = list
        }
        var sections = ReportDefinition.defaultSections
        if let value = map["sections"], let list = value.stringList(log: log) {
            for s in list where !ReportDefinition.sectionIDs.contains(s) {
                value.fail(log, "unknown section '\(s)'\(hint(s, ReportDefinition.sectionIDs)); use \(ReportDefinition.sectionIDs.joined(separator: ", "))")
            }
            if list.isEmpty { value.fail(log, "no section; give at least one of \(ReportDefinition.sectionIDs.joined(separator: ", "))") }
            if list.contains("regions") && regions.isEmpty { value.fail(log, "section 'regions' needs `regions:` (the county codes to compare)") }
            sections = list
        }
        var issuer: ReportDefinition.Issuer?
        if let value = map["issuer"], let m = value.mapping(allowed: ["office", "date"], required: ["office"], log: log),
           let office = m["office"].flatMap({ localized($0, log: log) }) {
            issuer = ReportDefinition.Issuer(office: office, date: m["date"]?.string(log: log))
        }
        let intro = map["intro"].flatMap { localized($0, log: log) }
        let closing = map["closing"].flatMap { localized($0, log: log) }
        let department = map["department"].flatMap { localized($0, log: log) }
        if languageKnown && (language == .en || language == .both) {
            // An English report needs English for everything the definition itself writes.
            for (key, text) in [("title", title), ("intro", intro), ("closing", closing), ("department", department), ("issuer.office", issuer?.office)] {
                if let text, text.en == nil { (map[String(key.prefix { $0 != "." })] ?? root).fail(log, "language \(language.rawValue) needs an English text; write {zh: …, en: …}") }
            }
        }
        var forEach = false
        if let value = map["for_each"], let text = value.string(log: log) {
            if text == "region" { forEach = true } else { value.fail(log, "for_each '\(text)' is not supported; the one value is region") }
        }
        guard log.problems.count == before, let id, let title else { return nil }
        var definition = ReportDefinition(
            id: id, title: title, department: department, planID: planID,
            indicators: plan.indicators.map(\.id).filter { selected.contains($0) }, regions: regions, asOf: asOf,
            language: language, formats: formats, sections: sections, intro: intro, closing: closing, issuer: issuer,
            definedAt: "\(root.file):\(root.line ?? 1)")
        definition.forEachRegion = forEach
        return definition
    }

    /// `template:` — one path or a list, relative to the reports folder, each ending `.html(.mustache)`
    /// or `.md(.mustache)`. A template that does not parse is a problem at its own file, line and column.
    static func templates(_ value: YAMLValue, folder: URL, displayPath: (URL) -> String, log: ProblemLog) -> [String: MustacheRenderer] {
        var result: [String: MustacheRenderer] = [:]
        for path in value.stringList(log: log) ?? [] {
            let url = PlanWatchConfig.resolve(path, folder)
            var name = url.lastPathComponent
            if name.hasSuffix(".mustache") { name = String(name.dropLast(".mustache".count)) }
            let format: String
            switch (name as NSString).pathExtension {
            case "html", "htm": format = "html"
            case "md", "markdown": format = "md"
            default:
                value.fail(log, "template '\(path)' must end in .html or .md (optionally followed by .mustache): it is the page of that format")
                continue
            }
            guard result[format] == nil else {
                value.fail(log, "two \(format) templates; give one per format")
                continue
            }
            guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                value.fail(log, "cannot read the template \(displayPath(url)); paths are relative to the reports folder")
                continue
            }
            do {
                result[format] = try MustacheRenderer(format: format, text: text)
            } catch {
                log.problems.append(ConfigProblem(file: displayPath(url), line: error.line, column: error.column, key: "template",
                                                  message: "Mustache template: \(error.message) (used by \(value.file):\(value.line ?? 1))"))
            }
        }
        return result
    }

    static func localized(_ value: YAMLValue, log: ProblemLog) -> LocalizedText? { PlanLoader().localized(value, log: log) }

    static func hint(_ word: String, _ candidates: [String]) -> String {
        guard let best = candidates.min(by: { editDistance($0, word) < editDistance($1, word) }),
              editDistance(best, word) <= 2 else { return "" }
        return " (did you mean '\(best)'?)"
    }
}

/// `indicators:` entries: an id (`K21`), a range with one prefix (`K19-K23`), or a prefix (`EC*`).
enum IndicatorSelector {
    static func resolve(_ entry: String, plan: Plan, at value: YAMLValue, log: ProblemLog) -> [String] {
        let ids = plan.indicators.map(\.id)
        if entry.hasSuffix("*") {
            let prefix = String(entry.dropLast())
            let matched = ids.filter { $0.hasPrefix(prefix) }
            if matched.isEmpty { value.fail(log, "'\(entry)' matches no indicator of plan \(plan.id)") }
            return matched
        }
        let parts = entry.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, let low = split(parts[0]), let high = split(parts[1]) {
            guard low.prefix == high.prefix, low.number <= high.number else {
                value.fail(log, "range '\(entry)' must run upwards within one prefix, e.g. K19-K23")
                return []
            }
            var out: [String] = []
            for n in low.number...high.number {
                let id = low.prefix + String(format: "%0\(low.width)d", n)
                if ids.contains(id) { out.append(id) } else { value.fail(log, "range '\(entry)': no indicator '\(id)' in plan \(plan.id)") }
            }
            return out
        }
        if ids.contains(entry) { return [entry] }
        if let owner = plan.indicator(id: entry) {
            value.fail(log, "'\(entry)' is a series of \(owner.id); select the indicator '\(owner.id)'")
        } else {
            value.fail(log, "no indicator '\(entry)' in plan \(plan.id)\(ReportDefinitionLoader.hint(entry, ids))")
        }
        return []
    }

    /// `K19` → ("K", 19, width 2).
    private static func split(_ id: String) -> (prefix: String, number: Int, width: Int)? {
        let digits = id.reversed().prefix { $0.isNumber }
        guard !digits.isEmpty, digits.count < id.count, let n = Int(String(digits.reversed())) else { return nil }
        return (String(id.dropLast(digits.count)), n, digits.count)
    }
}
