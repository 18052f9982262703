import Foundation
import PlanWatchFeeds
import PlanWatchFetch
import ReportKit

/// What a source that failed this run would have delivered, and how that is known. An indicator it
/// would have fed reads 获取失败（数据源 ID）, never 数据不足, which means "not published"
/// (docs/REPORTS.md, "Status wording"). A source without mapping `codes:` names no series in advance,
/// so its last good copy says what it delivers: the cached body (whatever its age) decoded with the
/// current mapping, or its last delivery in the store (job runs), or the previous run's manifest.json
/// in the same output folder (plain runs; `SourceRecord.series`). When nothing is known, every
/// indicator without a figure may have been among its figures and says so (``Basis/unknown``).
public struct FailedSourceCoverage: Sendable, Hashable, Codable {
    public enum Basis: String, Sendable, Hashable, Codable {
        /// The mapping's `codes:` target these series.
        case codes
        /// The source's last cached body held figures for these series.
        case cachedCopy = "cached-copy"
        /// The source's last delivery in the store (`store.sqlite`) held figures for these series.
        case storedDelivery = "stored-delivery"
        /// The previous run into the same output folder (its manifest.json) had figures for these
        /// series from the source.
        case previousRun = "previous-run"
        /// Nothing says which series the source delivers.
        case unknown
    }

    public var source: String
    public var basis: Basis
    /// Plan series and `x.` ids the source delivers; empty when ``basis`` is unknown.
    public var series: [String]
    /// When the copy that says so was retrieved or delivered (cached copy, stored delivery).
    public var asOf: Date?

    public init(source: String, basis: Basis, series: [String], asOf: Date? = nil) {
        self.source = source
        self.basis = basis
        self.series = series
        self.asOf = asOf
    }

    /// The coverage of each failed source (outcome `failed`) of `outcomes`, in their order.
    /// `delivered` holds the store's last delivery by source id, for sources with no cached copy;
    /// then the previous run's manifest.json in `previousRun` (a folder), read only when needed.
    /// Only `planIDs` and `x.` context ids are kept: a feed's other ids concern no indicator, and a
    /// feed of many thousand ids would fill manifest.json with them.
    static func of(_ outcomes: [SourceRecord], config: PlanWatchConfig, planIDs: Set<String>,
                   delivered: [String: FailedSourceCoverage] = [:], previousRun folder: URL? = nil) -> [FailedSourceCoverage] {
        var previous: [String: FailedSourceCoverage]?
        func relevant(_ ids: some Sequence<String>) -> [String] {
            Set(ids.lazy.filter { planIDs.contains($0) || $0.hasPrefix("x.") }).sorted()
        }
        let sources = Dictionary(config.sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let cache = ResponseCache(directory: config.dataDirectory.appendingPathComponent("cache"))
        return outcomes.filter { $0.outcome == .failed }.map { record in
            guard let source = sources[record.id] else { return FailedSourceCoverage(source: record.id, basis: .unknown, series: []) }
            let codes = Set(source.mapping.indicatorCodes.values)
            if !codes.isEmpty { return FailedSourceCoverage(source: source.id, basis: .codes, series: codes.sorted()) }
            if case .url = source.location, let entry = cache.load(sourceID: source.id) {
                let payloads = entry.pages.map {
                    Payload(sourceID: source.id, data: $0, contentType: entry.metadata.contentType, location: entry.metadata.url,
                            retrievedAt: entry.metadata.retrievedAt)
                }
                // The body was cached because it decoded; with a mapping changed since, it may not.
                if case .success(let decoded) = SourceLoader.decodePayloads(payloads, source: source) {
                    return FailedSourceCoverage(source: source.id, basis: .cachedCopy,
                                                series: relevant(decoded.observations.lazy.map(\.indicator)),
                                                asOf: entry.metadata.retrievedAt)
                }
            }
            if delivered[source.id] == nil, previous == nil, let folder { previous = Self.previousRun(in: folder) }
            if var stored = delivered[source.id] ?? previous?[source.id] {
                stored.series = relevant(stored.series)
                return stored
            }
            return FailedSourceCoverage(source: source.id, basis: .unknown, series: [])
        }
    }

    /// What the previous run into `directory` says each source delivered (its manifest.json: a usable
    /// source's `series`, a failed one's coverage carried forward), by source id; empty when there is
    /// no readable manifest. A manifest over 64 MiB is not read: it is not worth the time.
    static func previousRun(in directory: URL) -> [String: FailedSourceCoverage] {
        struct Manifest: Decodable {
            struct Source: Decodable { var id: String; var outcome: String; var series: [String]? }
            var finishedAt: Date?
            var sources: [Source]
            var failedSourceCoverage: [FailedSourceCoverage]?
        }
        let file = directory.appendingPathComponent("manifest.json")
        guard let size = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? NSNumber,
              size.intValue <= 64 << 20, let data = try? Data(contentsOf: file) else { return [:] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let manifest = try? decoder.decode(Manifest.self, from: data) else { return [:] }
        var known: [String: FailedSourceCoverage] = [:]
        for source in manifest.sources where source.outcome != "failed" {
            guard let series = source.series, !series.isEmpty else { continue }
            known[source.id] = FailedSourceCoverage(source: source.id, basis: .previousRun, series: series, asOf: manifest.finishedAt)
        }
        // Failed then too: what was known of it then still holds.
        for coverage in manifest.failedSourceCoverage ?? [] where coverage.basis != .unknown && known[coverage.source] == nil {
            known[coverage.source] = coverage
        }
        return known
    }

    /// Series (or indicator) id → the failed sources known to deliver it, for `AssessmentEngine.failedSources`.
    /// A derived series (plan `derive:`) is lost with any of its inputs: it names their sources.
    static func failedSeries(_ coverage: [FailedSourceCoverage], plan: Plan) -> [String: [String]] {
        var byID: [String: Set<String>] = [:]
        for c in coverage where c.basis != .unknown {
            for id in c.series { byID[id, default: []].insert(c.source) }
        }
        for series in plan.indicators.flatMap(\.series) {
            guard let derivation = series.derivation else { continue }
            for input in derivation.inputs { byID[series.id, default: []].formUnion(byID[input] ?? []) }
        }
        // Context ids are not assessed; they were kept only for the derived series above.
        return byID.filter { !$0.key.hasPrefix("x.") && !$0.value.isEmpty }.mapValues { $0.sorted() }
    }

    /// One sentence for standard error and the report's data problems: what the failed source would
    /// have delivered and how that is known, or that it is not known. `marked`: the plan indicators
    /// left without a figure that name this source (known, derived from its series, or possibly its).
    func sentence(marked: [String]) -> String {
        func list(_ ids: [String]) -> String {
            ids.prefix(8).joined(separator: ", ") + (ids.count > 8 ? ", … (\(ids.count))" : "")
        }
        let day = asOf.map { " of " + ResponseCache.formatDate($0).prefix(10) } ?? ""
        let how: String
        switch basis {
        case .codes: how = "its mapping `codes:` target \(list(series))"
        case .cachedCopy: how = "its last cached copy\(day) held \(series.isEmpty ? "no figure" : list(series))"
        case .storedDelivery: how = "its last delivery in the store\(day) held \(list(series))"
        case .previousRun: how = "the previous run\(day) got \(list(series)) from it"
        case .unknown:
            return "source '\(source)' failed and which series it delivers is not known (no mapping `codes:`, no cached copy, stored delivery or previous run); "
                + (marked.isEmpty ? "no indicator is without a figure"
                   : "the \(marked.count) indicator(s) without a figure (\(list(marked))) may be among its figures, so they read 可能因获取失败缺失（数据源 \(source)）/ possibly lost, not 数据不足")
                + "; add `mapping: codes:` to name its series"
        }
        if marked.isEmpty { return "source '\(source)' failed; \(how); no indicator is left without a figure by it" }
        return "source '\(source)' failed; \(how): without a figure, \(list(marked)) read 获取失败（数据源 \(source)）/ fetch failed, not 数据不足"
    }
}
