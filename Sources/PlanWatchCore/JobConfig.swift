import Foundation
import PlanWatchFetch
import PlanWatchText
import Yams

/// One scheduled report job from `jobs:` in the config: when it runs, what it renders, where the
/// outputs go, how many runs to keep, and whom to tell when it fails (docs/JOBS.md).
public struct JobConfig: Sendable {
    public var name: String
    public var schedule: CronSchedule
    public var timeZone: TimeZone
    /// Module ids to render; nil: see `RunSelection` (with neither list, what `planwatch run` renders).
    public var modules: [String]?
    /// Report definition ids (`Reports/<id>.yaml`) to write; nil: see `RunSelection`.
    public var reports: [String]?
    /// Where each of `reports` was written, to locate an id that names no definition (the definitions
    /// are loaded after the config, with the plan).
    public var reportPlaces: [Place] = []
    /// Where each of `modules` was written, to locate an id that names no module (libraries load later).
    public var modulePlaces: [Place] = []
    /// nil: the config's `outputs.formats`.
    public var formats: [String]?
    /// Each run gets its own folder under `<outputDirectory>/runs/`; default `<outputs.dir>/<name>`.
    public var outputDirectory: URL
    /// Run folders kept; older ones are removed after a run.
    public var keep: Int
    public var onFailure: OnFailure
    /// `Config/planwatch.yaml:20`.
    public var definedAt: String

    public struct OnFailure: Sendable {
        /// Run through `/bin/sh -c`, with the JSON summary on standard input.
        public var command: String?
        /// The JSON summary is POSTed here through the fetch layer.
        public var url: String?
        public var isEmpty: Bool { command == nil && url == nil }
    }

    /// A place in the config file.
    public struct Place: Sendable {
        public var file: String
        public var line: Int?
        public var column: Int?
        public var key: String

        public func problem(_ message: String) -> ConfigProblem {
            ConfigProblem(file: file, line: line, column: column, key: key, message: message)
        }
    }

    public init(name: String, schedule: CronSchedule, timeZone: TimeZone, modules: [String]?, reports: [String]? = nil,
                formats: [String]?, outputDirectory: URL, keep: Int, onFailure: OnFailure, definedAt: String) {
        self.name = name
        self.schedule = schedule
        self.timeZone = timeZone
        self.modules = modules
        self.reports = reports
        self.formats = formats
        self.outputDirectory = outputDirectory
        self.keep = keep
        self.onFailure = onFailure
        self.definedAt = definedAt
    }

    /// Problems of `reports:` against the loaded definitions: each unknown id at its own line, with
    /// the closest id as a hint.
    public func reportProblems(known: [String]) -> [ConfigProblem] {
        zip(reports ?? [], reportPlaces).compactMap { id, place in
            known.contains(id) ? nil : place.problem(RunSelection.unknownReport(id, known: known))
        }
    }

    /// Problems of `modules:` against the modules the catalog knows: each unknown id at its own line
    /// and column, with the closest id as a hint.
    public func moduleProblems(known: [String]) -> [ConfigProblem] {
        zip(modules ?? [], modulePlaces).compactMap { id, place in
            known.contains(id) ? nil : place.problem(RunSelection.Unknown.module(id, known: known).description)
        }
    }

    /// Both lists' problems, in the order they are written.
    public func selectionProblems(reports knownReports: [String], modules knownModules: [String]) -> [ConfigProblem] {
        (reportProblems(known: knownReports) + moduleProblems(known: knownModules))
            .sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
    }

    /// The next time this job is due after `date`.
    public func nextRun(after date: Date) -> Date? { schedule.next(after: date, in: timeZone) }

    /// `2026-12-03 08:00 +08:00`: a time as the job's zone shows it.
    public static func localTime(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm xxx"
        return formatter.string(from: date)
    }
}

extension PlanWatchConfig {
    static let jobKeys = ["name", "schedule", "time_zone", "modules", "reports", "formats", "output_dir", "keep", "on_failure"]

    /// `jobs:`: every job checked, with a located problem for each bad name, cron field, time zone,
    /// format, URL or count.
    static func readJobs(_ value: YAMLValue, base: URL, defaultOutput: URL, log: ProblemLog) -> [JobConfig] {
        var jobs: [JobConfig] = []
        var seen: [String: Int?] = [:]
        for entry in value.sequence(log: log) ?? [] {
            let labelled = YAMLValue(node: entry.node, file: entry.file, path: "jobs[\(entry.node["name"]?.string ?? "?")]")
            guard let map = labelled.mapping(allowed: jobKeys, required: ["name", "schedule", "time_zone"], log: log),
                  let name = map["name"]?.string(log: log) else { continue }
            if name.isEmpty || name.hasPrefix(".") || name.contains(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0))) }) {
                map["name"]?.fail(log, "job name '\(name)' may use only letters, digits, '-', '_' and '.' (it names folders and lock files)")
            }
            if let first = seen[name] {
                map["name"]?.fail(log, "duplicate job name '\(name)' (first at line \(first.map(String.init) ?? "?"))")
            }
            seen[name] = entry.line
            let schedule = map["schedule"].flatMap { readSchedule($0, log: log) }
            let zone = map["time_zone"].flatMap { readTimeZone($0, log: log) }
            if let schedule, let zone, schedule.next(after: Date(), in: zone) == nil {
                map["schedule"]?.fail(log, "'\(schedule)' never fires (no such day); check the day and month fields")
            }
            var formats: [String]?
            if let f = map["formats"], let list = f.stringList(log: log) {
                for format in list where !knownFormats.contains(format) {
                    f.fail(log, "unknown output format '\(format)'; use \(knownFormats.joined(separator: ", "))")
                }
                if list.isEmpty { f.fail(log, "no output format; give at least one of \(knownFormats.joined(separator: ", ")) or leave `formats` out") }
                formats = list
            }
            var keep = 30
            if let k = map["keep"], let n = k.int(log: log) {
                if n < 1 { k.fail(log, "keep must be at least 1 (the run just made)") } else { keep = n }
            }
            var onFailure = JobConfig.OnFailure(command: nil, url: nil)
            if let hook = map["on_failure"], let h = hook.mapping(allowed: ["command", "url"], log: log) {
                onFailure.command = h["command"]?.string(log: log)
                if let u = h["url"], let url = u.string(log: log) {
                    if PlanWatchConfig.isHTTPURLShape(url) {
                        onFailure.url = url
                        // `${NAME}` is expanded as in a source's `url:` and the values (and a password in
                        // the user-info) are secrets, masked in messages, logs and the store.
                        var probe = FetchRequest(sourceID: "on_failure", url: url)
                        do throws(FetchError) {
                            try probe.expandURL()
                            SecretMask.shared.register(probe.secrets)
                        } catch {
                            u.fail(log, "\(error.detail); \(error.fix ?? "")")
                        }
                    } else {
                        u.fail(log, "'\(SecretMask.maskUserInfo(in: url))' is not an http(s) URL; the failure summary is POSTed to it")
                    }
                }
                if h["command"] == nil && h["url"] == nil { hook.fail(log, "give `command:`, `url:` or both") }
            }
            // `reports: []` would render nothing at all; `modules: []` with reports renders just those.
            let (reports, reportPlaces) = map["reports"].map { readIDs($0, log: log) } ?? (nil, [])
            if let r = map["reports"], reports?.isEmpty == true, case .sequence = r.node {
                r.fail(log, "no report; list report ids (Reports/<id>.yaml) or leave `reports` out")
            }
            let (modules, modulePlaces) = map["modules"].map { readIDs($0, log: log) } ?? (nil, [])
            let output = map["output_dir"]?.string(log: log).map { resolve($0, base) } ?? defaultOutput.appendingPathComponent(name)
            // A bad schedule or zone has been reported; the job is kept with a stand-in so that
            // `validate` still checks what it renders in the same pass. A config with problems never runs.
            guard let schedule = schedule ?? (log.problems.isEmpty ? nil : try? CronSchedule(parsing: "@daily")),
                  let zone = zone ?? (log.problems.isEmpty ? nil : TimeZone(identifier: "UTC")) else { continue }
            var job = JobConfig(
                name: name, schedule: schedule, timeZone: zone, modules: modules, reports: reports,
                formats: formats, outputDirectory: output, keep: keep, onFailure: onFailure,
                definedAt: "\(entry.file):\(entry.line.map(String.init) ?? "?")")
            job.reportPlaces = reportPlaces
            job.modulePlaces = modulePlaces
            jobs.append(job)
        }
        return jobs
    }

    /// A list of ids (`[a, b]`, a block list, or one comma-separated string), each with its place:
    /// an entry of a list at its own line and column, a string's ids at the string's.
    static func readIDs(_ value: YAMLValue, log: ProblemLog) -> ([String]?, [JobConfig.Place]) {
        if case .scalar = value.node {
            let ids = value.stringList(log: log)
            return (ids, (ids ?? []).map { _ in JobConfig.Place(file: value.file, line: value.line, column: value.column, key: value.path) })
        }
        guard let items = value.sequence(log: log) else { return (nil, []) }
        var ids: [String] = []
        var places: [JobConfig.Place] = []
        for item in items {
            guard let id = item.string(log: log) else { continue }
            ids.append(id)
            places.append(JobConfig.Place(file: item.file, line: item.line, column: item.column, key: item.path))
        }
        return (ids, places)
    }

    /// A cron expression; a bad field is reported at its own column.
    static func readSchedule(_ value: YAMLValue, log: ProblemLog) -> CronSchedule? {
        guard let text = value.string(log: log) else { return nil }
        do {
            return try CronSchedule(parsing: text)
        } catch {
            // Quoted scalars start one column after the quote.
            var quoted = false
            if case .scalar(let scalar) = value.node { quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted }
            let column = value.column.map { $0 + error.offset + (quoted ? 1 : 0) }
            log.problems.append(ConfigProblem(file: value.file, line: value.line, column: column, key: value.path, message: error.message))
            return nil
        }
    }

    /// An IANA zone name (`Asia/Shanghai`), with the closest known name as a hint.
    static func readTimeZone(_ value: YAMLValue, log: ProblemLog) -> TimeZone? {
        guard let name = value.string(log: log) else { return nil }
        let known = TimeZone.knownTimeZoneIdentifiers
        if known.contains(name) || name == "UTC", let zone = TimeZone(identifier: name) { return zone }
        let hint = known.min { editDistance($0.lowercased(), name.lowercased()) < editDistance($1.lowercased(), name.lowercased()) }
            .flatMap { editDistance($0.lowercased(), name.lowercased()) <= 3 ? " (did you mean '\($0)'?)" : nil } ?? ""
        value.fail(log, "unknown time zone '\(name)'\(hint); use an IANA name such as Asia/Shanghai or America/New_York")
        return nil
    }
}
