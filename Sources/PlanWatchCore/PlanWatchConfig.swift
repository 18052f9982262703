import Foundation
import PlanWatchText
import PlanWatchFeeds
import PlanWatchFetch
import ReportKit

/// `Config/planwatch.yaml`: which plan, which sources, where outputs go. Relative paths resolve
/// against the config file's folder, so the command works from any directory.
public struct PlanWatchConfig: Sendable {
    public var file: URL
    public var planFile: URL
    public var profile: ProgressProfile.ID
    /// Region code assessed; default the plan's own region.
    public var region: String?
    public var sources: [SourceConfig]
    public var outputDirectory: URL
    public var formats: [String]
    public var dataDirectory: URL
    /// Module ids to run, in order; default all known.
    public var modules: [String]?
    /// Extra module libraries to load at run time (`.so` paths), from `module_paths:` and `--module-path`.
    public var modulePaths: [ModulePath]
    /// Folder of department report definitions (`reports_dir:`, default `../Reports` next to the config).
    public var reportsDirectory: URL? = nil
    /// True when `reports_dir:` was given, so a missing folder is an error rather than "no reports".
    public var reportsDirectoryRequired = false
    /// Scheduled report jobs (`jobs:`), for `planwatch run --job` and `planwatch schedule`.
    public var jobs: [JobConfig] = []

    public static let knownFormats = ["text", "csv", "html", "json", "md", "xlsx"]
}

/// A module library to load at run time, with where it was asked for, so a load failure can name the
/// config line (`Config/planwatch.yaml:12`) or `--module-path`.
public struct ModulePath: Sendable, Hashable {
    public var file: URL
    /// `file:line` of the `module_paths` entry, or `--module-path`.
    public var definedAt: String
    /// The key path shown in problems: `module_paths[0]`, or `--module-path`.
    public var key: String

    public init(file: URL, definedAt: String, key: String) {
        self.file = file
        self.definedAt = definedAt
        self.key = key
    }
}

/// One configured statistics source.
public struct SourceConfig: Sendable {
    public var id: String
    public var format: String
    /// Where the config says it: `Config/planwatch.yaml:14`.
    public var definedAt: String
    public var location: Location
    public var method: String
    public var headers: [String: String]
    public var query: [(String, String)]
    public var body: String?
    public var connectTimeout: Double
    public var totalTimeout: Double
    public var retries: Int
    public var maxBytes: Int
    /// Seconds a cached body may stand in after a failed fetch; nil: never.
    public var maxStale: Double?
    public var caFile: URL?
    /// `pagination: world-bank`, or `{type: world-bank, page_param: page, max_pages: 1000}`.
    public var pagination: Pagination?
    public var mapping: FeedMapping
    /// `mapping: confirm_measure:` — plan series confirmed to be the plan's measure although the
    /// source's baseline-year figure differs from the plan's baseline; `*` for every series (`true`).
    public var confirmMeasure: Set<String> = []
    /// `publisher:` — who publishes the data (湖南省统计局, Eurostat), named in every source line.
    public var publisher: String?
    /// `mapping: comparable_prices:` — plan growth series whose figures from this source are at
    /// comparable prices (a real index or rate); `*` for every series (`true`). A level in 亿元 fed to
    /// a real-growth target is refused without it.
    public var comparablePrices: Set<String> = []

    public enum Location: Sendable, Hashable {
        case url(String)
        case file(URL)
    }

    /// The location as shown to users.
    public var locationText: String {
        switch location {
        case .url(let url): url
        case .file(let file): file.path
        }
    }
}

extension PlanWatchConfig {
    static let sourceKeys = ["id", "format", "url", "path", "method", "headers", "query", "body", "timeout", "retries",
                             "max_bytes", "max_stale", "ca_file", "pagination", "mapping", "publisher"]
    static let mappingKeys = ["indicator_dimension", "region_dimension", "period_dimension", "codes", "regions", "region",
                              "scale", "filters", "annual", "confirm_measure", "comparable_prices"]

    /// Loads and validates the config file. Every problem found is reported at once.
    public static func load(file: URL, displayName: String? = nil) throws(ConfigProblems) -> PlanWatchConfig {
        let name = displayName ?? file.path
        return try load(text: try readText(file: file, name: name), file: file, displayName: name)
    }

    /// For `planwatch validate`: the config as far as it could be read, with every problem, so that
    /// what a job renders (checked against the report definitions, loaded later) is checked in the
    /// same pass. nil when nothing usable came out (unreadable, not YAML, no plan). Never run a
    /// config that came back with problems: a job with a bad schedule or zone holds a stand-in.
    public static func loadKeepingProblems(file: URL, displayName: String? = nil) -> (config: PlanWatchConfig?, problems: [ConfigProblem]) {
        let name = displayName ?? file.path
        do {
            return parse(text: try readText(file: file, name: name), file: file, displayName: name)
        } catch {
            return (nil, error.problems)
        }
    }

    private static func readText(file: URL, name: String) throws(ConfigProblems) -> String {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw ConfigProblems([ConfigProblem(file: name, line: nil, key: "", message: "cannot read the config file; pass --config FILE or run from the project folder")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigProblems([ConfigProblem(file: name, line: nil, key: "", message: "the config is not UTF-8 text")])
        }
        return text
    }

    /// Loads and validates config text as if read from `file` (relative paths resolve against its
    /// folder). For the fuzz entry in `Fuzz/` and for tests.
    public static func load(text: String, file: URL, displayName: String? = nil) throws(ConfigProblems) -> PlanWatchConfig {
        let (config, problems) = parse(text: text, file: file, displayName: displayName)
        guard problems.isEmpty, let config else { throw ConfigProblems(problems) }
        return config
    }

    /// The config as far as it can be read, and every problem found.
    static func parse(text: String, file: URL, displayName: String? = nil) -> (config: PlanWatchConfig?, problems: [ConfigProblem]) {
        let name = displayName ?? file.path
        let log = ProblemLog()
        guard let root = YAMLValue.parse(text, file: name, log: log) else {
            return (nil, log.problems)
        }
        let base = file.deletingLastPathComponent()
        let keys = ["plan", "profile", "region", "sources", "outputs", "data_dir", "modules", "module_paths", "reports_dir", "jobs"]
        guard let map = root.mapping(allowed: keys, required: ["plan", "sources"], log: log) else { return (nil, log.problems) }
        let plan = map["plan"]?.string(log: log).map { resolve($0, base) }
        if let plan, !FileManager.default.fileExists(atPath: plan.path) {
            map["plan"]?.fail(log, "plan file \(plan.path) does not exist")
        }
        let profile = map["profile"]?.oneOf(ProgressProfile.ID.self, log: log) ?? .statcan
        var outputDir = resolve("../out", base)
        var formats = ["text", "csv", "html", "json", "md"]
        if let outputs = map["outputs"], let o = outputs.mapping(allowed: ["dir", "formats"], log: log) {
            if let dir = o["dir"]?.string(log: log) {
                // An empty dir resolves to the config's own folder: reports would land beside it.
                if dir.trimmingCharacters(in: .whitespaces).isEmpty {
                    o["dir"]?.fail(log, "the output directory is empty; give a folder, e.g. ../out")
                }
                outputDir = resolve(dir, base)
            }
            if let list = o["formats"]?.stringList(log: log) {
                for f in list where !knownFormats.contains(f) {
                    o["formats"]?.fail(log, "unknown output format '\(f)'; use \(knownFormats.joined(separator: ", "))")
                }
                if list.isEmpty { o["formats"]?.fail(log, "no output format; give at least one of \(knownFormats.joined(separator: ", "))") }
                formats = list
            }
        }
        var sources: [SourceConfig] = []
        var seenSources: [String: Int?] = [:]
        for entry in map["sources"]?.sequence(log: log) ?? [] {
            guard let source = readSource(entry, base: base, log: log) else { continue }
            if case .url = source.location {
                SecretMask.shared.register(source.secrets())
                for problem in source.fetchProblems() {
                    YAMLValue(node: entry.node, file: entry.file, path: "sources[\(source.id)]").fail(log, problem.description)
                }
            }
            if let first = seenSources[source.id] {
                entry.fail(log, "duplicate source id '\(source.id)' (first at line \(first.map(String.init) ?? "?"))")
            }
            seenSources[source.id] = entry.line
            sources.append(source)
        }
        var dataDir = resolve(".planwatch", base)
        if let value = map["data_dir"], let text = value.string(log: log) {
            dataDir = resolve(text, base)
            if text.trimmingCharacters(in: .whitespaces).isEmpty {
                value.fail(log, "the data directory is empty; give a folder, e.g. .planwatch")
            } else if let problem = dataDirectoryProblem(dataDir) {
                value.fail(log, problem)
            }
        }
        let modules = map["modules"]?.stringList(log: log)
        let modulePaths = map["module_paths"].map { readModulePaths($0, base: base, log: log) } ?? []
        let reportsDir = map["reports_dir"]?.string(log: log).map { resolve($0, base) }
        let jobs = map["jobs"].map { readJobs($0, base: base, defaultOutput: outputDir, log: log) } ?? []
        guard let plan else { return (nil, log.problems) }
        var config = PlanWatchConfig(
            file: file, planFile: plan, profile: profile, region: map["region"]?.string(log: log), sources: sources,
            outputDirectory: outputDir, formats: formats,
            dataDirectory: dataDir,
            modules: modules, modulePaths: modulePaths, jobs: jobs)
        config.reportsDirectory = reportsDir ?? resolve("../Reports", base)
        config.reportsDirectoryRequired = reportsDir != nil
        return (config, log.problems)
    }

    /// `module_paths:` as a list (or one comma-separated string), each entry with its own line.
    private static func readModulePaths(_ value: YAMLValue, base: URL, log: ProblemLog) -> [ModulePath] {
        if case .scalar = value.node {
            return (value.stringList(log: log) ?? []).map {
                ModulePath(file: resolve($0, base), definedAt: "\(value.file):\(value.line.map(String.init) ?? "?")", key: "module_paths")
            }
        }
        return (value.sequence(log: log) ?? []).enumerated().compactMap { index, entry in
            guard let text = entry.string(log: log) else { return nil }
            let line = entry.line ?? value.line
            return ModulePath(file: resolve(text, base), definedAt: "\(value.file):\(line.map(String.init) ?? "?")",
                              key: "module_paths[\(index)]")
        }
    }

    /// Why `directory` cannot hold the response cache, or nil: it (or its `cache` folder, or the
    /// nearest existing folder above it) is a file. Without this check the cache was silently off,
    /// with a raw NSCocoaErrorDomain warning per source.
    public static func dataDirectoryProblem(_ directory: URL) -> String? {
        var isDirectory: ObjCBool = false
        for candidate in [directory, directory.appendingPathComponent("cache")] {
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return "\(candidate.path) is a file, not a folder; the data directory holds the response cache, so give a folder (it is created if missing)"
            }
        }
        var ancestor = directory.deletingLastPathComponent()
        while ancestor.path != "/", !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) {
            ancestor = ancestor.deletingLastPathComponent()
        }
        if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            return "\(ancestor.path) is a file, so \(directory.path) cannot be created; give a folder for the data directory"
        }
        return nil
    }

    /// Creates `directory` and its `cache` folder when missing; why it cannot be (the system's
    /// reason: permission denied, read-only file system, no such file or directory under /proc...),
    /// or nil. Without this the cache was silently off, with a raw NSCocoaErrorDomain warning.
    public static func createDataDirectory(_ directory: URL) -> String? {
        if let problem = dataDirectoryProblem(directory) { return problem }
        let fix = "give a folder you can write to for the data directory (it holds the response cache and the job store)"
        do {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("cache"), withIntermediateDirectories: true)
        } catch {
            return "\(directory.path) cannot be created: \(FileErrorReason.of(error)); \(fix)"
        }
        guard access(directory.appendingPathComponent("cache").path, W_OK | X_OK) == 0 else {
            return "\(directory.path) is not writable: \(String(cString: strerror(errno))); \(fix)"
        }
        return nil
    }

    static func resolve(_ path: String, _ base: URL) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL }
        return base.appendingPathComponent(expanded).standardizedFileURL
    }

    /// An http(s) URL with a host once each `${NAME}` stands for a plain word (`${NAME}` may stand
    /// anywhere in a URL: a key in the query, a whole host; it is checked again expanded, when the
    /// request is built). A URL that is all one variable passes.
    static func isHTTPURLShape(_ text: String) -> Bool {
        var shape = text
        for name in SecretTemplate.references(in: text) { shape = shape.replacingOccurrences(of: "${\(name)}", with: "x") }
        let scheme = shape.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        return text.hasPrefix("${") || (scheme == "http" || scheme == "https") && URL(string: shape)?.host != nil
    }

    private static func readSource(_ entry: YAMLValue, base: URL, log: ProblemLog) -> SourceConfig? {
        let idText = entry.node["id"]?.string
        let labelled = YAMLValue(node: entry.node, file: entry.file, path: "sources[\(idText ?? "?")]")
        guard let map = labelled.mapping(allowed: sourceKeys, required: ["id", "format"], log: log),
              let id = map["id"]?.string(log: log), let format = map["format"]?.string(log: log) else { return nil }
        // A source id names cache folders, manifest entries and every source line on the terminal.
        guard isValidSourceID(id) else {
            map["id"]?.fail(log, "'\(id)' is not a valid source id; use ASCII letters, digits, '-', '_' and '.', not starting with '.', at most 64 characters (e.g. nbs-hunan)")
            return nil
        }
        if FeedDecoders.decoder(for: format) == nil {
            map["format"]?.fail(log, "unknown format '\(format)'; use one of \(FeedDecoders.formats.joined(separator: ", "))")
        }
        let location: SourceConfig.Location
        switch (map["url"], map["path"]) {
        case (let url?, nil):
            guard let text = url.string(log: log) else { return nil }
            // `${NAME}` may stand anywhere in a URL (a key in the query, a whole host); checked here with
            // a placeholder, and again expanded when the request is built.
            guard Self.isHTTPURLShape(text) else {
                // The URL did not parse, so its password was never registered as a secret: mask the user-info here.
                url.fail(log, "'\(SecretMask.maskUserInfo(in: text))' is not an http(s) URL; only http and https are fetched (use `path:` for a local file)")
                return nil
            }
            location = .url(text)
        case (nil, let path?):
            guard let text = path.string(log: log) else { return nil }
            location = .file(resolve(text, base))
        case (.some, .some):
            labelled.fail(log, "give either `url:` or `path:`, not both")
            return nil
        case (nil, nil):
            labelled.fail(log, "missing `url:` (http or https) or `path:` (a local file relative to the config)")
            return nil
        }
        let method = map["method"]?.string(log: log)?.uppercased() ?? "GET"
        if method != "GET" && method != "POST" { map["method"]?.fail(log, "method must be GET or POST") }
        var connect = 10.0, total = 60.0
        if let timeout = map["timeout"] {
            if case .scalar = timeout.node {
                total = timeout.double(in: ConfigLimits.totalTimeout, unit: "seconds", log: log) ?? total
            } else if let t = timeout.mapping(allowed: ["connect", "total"], log: log) {
                connect = t["connect"]?.double(in: ConfigLimits.connectTimeout, unit: "seconds", log: log) ?? connect
                total = t["total"]?.double(in: ConfigLimits.totalTimeout, unit: "seconds", log: log) ?? total
            }
        }
        var query: [(String, String)] = []
        if let q = map["query"], let table = q.stringTable(log: log) {
            // Keep the order written in the file: servers and caches may care.
            if case .mapping(let m) = q.node { query = m.compactMap { k, _ in k.string.flatMap { key in table[key].map { (key, $0) } } } }
        }
        var mapping = FeedMapping()
        var confirmMeasure: Set<String> = []
        var comparablePrices: Set<String> = []
        if let m = map["mapping"], let mm = m.mapping(allowed: mappingKeys, log: log) {
            mapping.indicatorDimension = mm["indicator_dimension"]?.string(log: log)
            mapping.regionDimension = mm["region_dimension"]?.string(log: log)
            mapping.periodDimension = mm["period_dimension"]?.string(log: log)
            mapping.indicatorCodes = mm["codes"]?.stringTable(log: log) ?? [:]
            mapping.regionCodes = mm["regions"]?.stringTable(log: log) ?? [:]
            mapping.defaultRegion = mm["region"]?.string(log: log)
            mapping.scale = mm["scale"]?.double(in: ConfigLimits.scale, unit: "(a multiplier above 0)", log: log)
            mapping.filters = mm["filters"]?.stringTable(log: log) ?? [:]
            mapping.annual = mm["annual"]?.oneOf(AnnualRule.self, log: log)
            if let confirm = mm["confirm_measure"] {
                if case .scalar = confirm.node, confirm.node.bool != nil {
                    confirmMeasure = confirm.bool(log: log) == true ? ["*"] : []
                } else {
                    confirmMeasure = Set(confirm.stringList(log: log) ?? [])
                }
            }
            if let comparable = mm["comparable_prices"] {
                if case .scalar = comparable.node, comparable.node.bool != nil {
                    comparablePrices = comparable.bool(log: log) == true ? ["*"] : []
                } else {
                    comparablePrices = Set(comparable.stringList(log: log) ?? [])
                }
            }
        }
        let publisher = map["publisher"].flatMap { publisherName($0, log: log) }
        let pagination = map["pagination"].flatMap { Self.pagination($0, log: log) }
        let definedAt = "\(entry.file):\(entry.line.map(String.init) ?? "?")"
        return SourceConfig(
            id: id, format: format, definedAt: definedAt, location: location, method: method,
            headers: map["headers"]?.stringTable(log: log) ?? [:], query: query, body: map["body"]?.string(log: log),
            connectTimeout: connect, totalTimeout: total, retries: map["retries"]?.int(in: ConfigLimits.retries, unit: "retries", log: log) ?? 3,
            maxBytes: map["max_bytes"]?.int(in: ConfigLimits.maxBytes, unit: "bytes", log: log) ?? 64 << 20,
            maxStale: map["max_stale"].flatMap { duration($0, log: log) },
            caFile: map["ca_file"]?.string(log: log).map { resolve($0, base) },
            pagination: pagination, mapping: mapping, confirmMeasure: confirmMeasure,
            publisher: publisher, comparablePrices: comparablePrices)
    }

    /// The documented shape of a source id (docs/FETCH.md): `[A-Za-z0-9_.-]`, 1 to 64, no leading dot.
    static func isValidSourceID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first != ".", id.utf8.count <= 64 else { return false }
        return id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }
    }

    /// `pagination:` — `world-bank`, or the long form `{type: world-bank, page_param: page,
    /// max_pages: 1000}` whose values are checked (a page parameter is a plain query key).
    static func pagination(_ value: YAMLValue, log: ProblemLog) -> Pagination? {
        func type(_ value: YAMLValue) -> Bool {
            guard let text = value.string(log: log) else { return false }
            guard text == "world-bank" else {
                value.fail(log, "unknown pagination '\(ControlCharacters.neutralise(text, keepNewlines: false))'; the one supported is world-bank")
                return false
            }
            return true
        }
        if case .scalar = value.node { return type(value) ? .worldBank() : nil }
        guard let map = value.mapping(allowed: ["type", "page_param", "max_pages"], required: ["type"], log: log),
              let kind = map["type"], type(kind) else { return nil }
        var parameter = "page"
        if let given = map["page_param"], let text = given.string(log: log) {
            guard text.range(of: #"^[A-Za-z0-9_.\-]{1,64}$"#, options: .regularExpression) != nil else {
                given.fail(log, "'\(ControlCharacters.neutralise(text, keepNewlines: false))' is not a query parameter name; use letters, digits, _ . - (at most 64), e.g. page")
                return nil
            }
            parameter = text
        }
        var maxPages = 1000
        if let given = map["max_pages"] {
            guard let pages = given.int(in: ConfigLimits.maxPages, unit: "pages", log: log) else { return nil }
            maxPages = pages
        }
        return .worldBank(pageParameter: parameter, maxPages: maxPages)
    }

    /// `publisher:` — a name a reader recognises, printed in every source line: one line of text,
    /// not empty, at most 80 characters.
    static func publisherName(_ value: YAMLValue, log: ProblemLog) -> String? {
        guard let text = value.string(log: log) else { return nil }
        let name = text.trimmingCharacters(in: .whitespaces)
        if name.isEmpty {
            value.fail(log, "the publisher is empty; name who publishes the data, e.g. 湖南省统计局, or remove the key")
            return nil
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            value.fail(log, "the publisher holds a control character; write its name on one line, e.g. 湖南省统计局")
            return nil
        }
        if name.count > 80 {
            value.fail(log, "the publisher is \(name.count) characters long, over 80; give the publisher's name (e.g. 湖南省统计局), and the table in the mapping comments")
            return nil
        }
        return name
    }

    /// Seconds, or a number with a unit: `90s`, `30m`, `12h`, `7d`; within `ConfigLimits.maxStale`.
    /// Anything else (`forever`, `7days`, `7 days`, `-5`) is a problem: a duration read as "never"
    /// would silently turn the stale fallback off.
    static func duration(_ value: YAMLValue, log: ProblemLog) -> Double? {
        let range = ConfigLimits.maxStale
        let accepted = "write seconds (e.g. 3600) or a number with s, m, h or d (90s, 30m, 12h, 7d), from 0 to 3650d; remove the key to never use a stale body"
        if value.node.float != nil || value.node.int != nil {
            guard let seconds = value.double(log: log) else { return nil }
            guard range.contains(seconds) else {
                value.fail(log, "\(value.node.string ?? "") is not a duration in range; \(accepted)")
                return nil
            }
            return seconds
        }
        guard let text = value.string(log: log) else { return nil }
        let factors: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        // Digits and one dot only: Double("nan"), "inf", "1e400" and signs are not durations.
        guard let unit = text.last, let factor = factors[unit], text.count > 1,
              text.dropLast().allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "." }), let number = Double(text.dropLast()),
              range.contains(number * factor)
        else {
            value.fail(log, "'\(text)' is not a duration; \(accepted)")
            return nil
        }
        return number * factor
    }
}
