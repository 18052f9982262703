import Foundation
import PlanWatchFeeds
import PlanWatchFetch
import PlanWatchRender
import ReportKit

/// What `planwatch inspect --source ID` shows: the source's outcome, the series keys of its payload
/// exactly as `mapping.codes` expects them, every figure the mapping yields (plan series, `x.`
/// context figures, ids the plan lacks), and the problems and warnings that say what was dropped.
public struct SourceInspection: Sendable {
    public struct Key: Sendable, Codable, Hashable {
        public var key: String
        public var label: String?
        public var cells: Int
        /// The plan series or `x.` id `mapping.codes` sends this key to, if any.
        public var mappedTo: String?
    }

    public struct Figure: Sendable, Codable, Hashable {
        public var series: String
        /// `plan`, `context` (`x.` ids) or `not in plan`.
        public var kind: String
        public var region: String
        public var period: String
        public var value: Double?
        public var status: String?
        public var unit: String?
        public var location: String
    }

    public var source: String
    public var format: String
    public var summary: String
    public var keys: [Key]
    public var figures: [Figure]
    public var problems: [String]
    public var warnings: [String]
    /// Why no key list could be made (no payload at hand), when that is the case.
    public var keysUnavailable: String?
    /// The payload read as tables (for `--rows`).
    public let inspections: [Inspection]

    /// `delivered`: the bodies the run got (`SourceLoader.Result.payloads`), read before the cache.
    public init(source: SourceConfig, record: SourceRecord, plan: Plan, figures: [Observation], dataDirectory: URL, problems: [String],
                delivered: [Payload] = []) {
        self.source = source.id
        format = source.format
        summary = record.summaryLine
        self.problems = record.problems + problems
        warnings = record.warnings
        let ids = plan.ids
        self.figures = figures.filter { $0.provenance.sourceID == source.id }.map { o in
            Figure(series: o.indicator, kind: ids.contains(o.indicator) ? "plan" : o.indicator.hasPrefix("x.") ? "context" : "not in plan",
                   region: o.region, period: o.period.description, value: o.value, status: o.status, unit: o.unit,
                   location: o.provenance.location)
        }
        var keys: [Key] = []
        var inspections: [Inspection] = []
        let payloads = record.isUsable && !delivered.isEmpty ? delivered : Self.payloads(of: source, record: record, dataDirectory: dataDirectory)
        if payloads.isEmpty {
            keysUnavailable = record.isUsable
                ? "the body is neither at hand nor in the cache (delete the data directory's cache entry for '\(source.id)' and fetch again)"
                : "the source delivered nothing: \(record.error ?? "failed")"
        }
        for payload in payloads {
            guard let inspection = try? Inspection.inspect(payload, format: source.format) else { continue }
            inspections.append(inspection)
            for table in inspection.tables {
                guard let found = try? table.seriesKeys(payload: payload, mapping: source.mapping) else { continue }
                keys += found.map { Key(key: $0.key, label: $0.label, cells: $0.cells, mappedTo: source.mapping.indicatorCodes[$0.key]) }
            }
        }
        self.keys = keys
        self.inspections = inspections
    }

    /// The bytes the source delivered this run: its file, or the cached body of a fetched source.
    static func payloads(of source: SourceConfig, record: SourceRecord, dataDirectory: URL) -> [Payload] {
        switch source.location {
        case .file(let file):
            guard let data = try? Data(contentsOf: file, options: .alwaysMapped) else { return [] }
            return [Payload(sourceID: source.id, data: data, location: file.path)]
        case .url:
            let cache = ResponseCache(directory: dataDirectory.appendingPathComponent("cache"))
            guard record.isUsable, let entry = cache.load(sourceID: source.id) else { return [] }
            return entry.pages.map { Payload(sourceID: source.id, data: $0, contentType: entry.metadata.contentType, location: record.location) }
        }
    }

    public var json: String {
        struct Shape: Encodable {
            var source, format, summary: String
            var keys: [Key]
            var keysUnavailable: String?
            var figures: [Figure]
            var problems, warnings: [String]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let shape = Shape(source: source, format: format, summary: summary, keys: keys, keysUnavailable: keysUnavailable,
                          figures: figures, problems: problems, warnings: warnings)
        return String(decoding: (try? encoder.encode(shape)) ?? Data(), as: UTF8.self)
    }

    /// At most this many figures are listed in text (all are in `--json`).
    static let figuresShown = 200

    public var text: String {
        var out = "\(summary)\n"
        if let keysUnavailable {
            out += "\nseries keys: not available: \(keysUnavailable)\n"
        } else {
            out += "\nseries keys in the payload, as `mapping.codes` expects them (\(keys.count)):\n"
            for k in keys {
                out += "  \(k.key)\(k.label.map { "  \($0)" } ?? "")  (\(k.cells) cell\(k.cells == 1 ? "" : "s"))"
                out += k.mappedTo.map { "  → \($0)\n" } ?? "\n"
            }
        }
        let counts = Dictionary(grouping: figures, by: \.kind).mapValues(\.count)
        out += "\nfigures the mapping yields (\(figures.count): \(counts["plan"] ?? 0) plan series, \(counts["context"] ?? 0) context x., \(counts["not in plan"] ?? 0) not in plan):\n"
        for f in figures.prefix(Self.figuresShown) {
            let value = f.value.map { Format.exact($0) } ?? "—"
            out += "  \(f.series)\t\(f.region)\t\(f.period)\t\(value)\(f.unit.map { " \($0)" } ?? "")\(f.status.map { " [\($0)]" } ?? "")\t\(f.kind)\n"
        }
        if figures.count > Self.figuresShown { out += "  … \(figures.count - Self.figuresShown) more (use --json)\n" }
        if !problems.isEmpty {
            out += "\nproblems (what the mapping could not deliver):\n" + problems.map { "  \($0)\n" }.joined()
        }
        if !warnings.isEmpty {
            out += "\nwarnings:\n" + warnings.map { "  \($0)\n" }.joined()
        }
        return out
    }
}
