import Foundation
import PlanWatchStore

/// `planwatch history`: recent runs from the ledger with outcome, duration, failed or stale sources
/// and revisions, as lines for a terminal or as JSON.
public struct RunHistory: Sendable {
    public var entries: [Entry]

    public struct Entry: Sendable, Codable {
        public var run: Int64
        public var job: String
        public var trigger: String
        public var state: String
        /// `complete`, `partial`, `failed`; absent while running.
        public var outcome: String?
        public var exitCode: Int32?
        public var startedAt: Date
        public var finishedAt: Date?
        public var durationSeconds: Double?
        public var failedSources: [Source]
        public var staleSources: [Source]
        public var failedReports: [Source]
        /// Every module and department report document the run wrote or tried (`overview`,
        /// `report-ecology-annual`, …), in order.
        public var reports: [String]
        /// File names in the run's folder.
        public var outputs: [String]
        /// "revised from X to Y (source, date)" sentences.
        public var revisions: [String]
        public var warnings: [String]
        public var error: String?
        public var output: String?
        public var replayOf: Int64?

        public struct Source: Sendable, Codable {
            public var id: String
            public var error: String?
        }

        init(_ run: StoredRun) {
            self.run = run.id
            job = run.job
            trigger = run.trigger
            state = run.state.rawValue
            outcome = run.outcome
            exitCode = run.exitCode
            startedAt = run.startedAt
            finishedAt = run.finishedAt
            durationSeconds = run.duration
            failedSources = run.sources.filter { $0.outcome == "failed" }.map { Source(id: $0.id, error: $0.error) }
            staleSources = run.sources.filter { $0.outcome == "stale" }.map { Source(id: $0.id, error: $0.error) }
            failedReports = run.reports.filter { !$0.ok }.map { Source(id: $0.id, error: $0.error) }
            reports = run.reports.map(\.id)
            outputs = run.outputs
            revisions = run.revisions.map(\.sentence)
            warnings = run.warnings
            error = run.error
            output = run.outputDirectory
            replayOf = run.replayOf
        }
    }

    /// Reads the ledger, first marking runs whose process is gone as interrupted.
    public init(store: any RunStore, job: String?, limit: Int) throws {
        _ = try store.markInterrupted(job: job, host: JobLock.hostName, isAlive: JobLock.isAlive)
        entries = try store.runs(job: job, limit: limit).map(Entry.init)
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(entries)
    }

    /// One line per run, then indented lines for what went wrong or changed.
    public var lines: [String] {
        let dates = ISO8601DateFormatter()
        var lines: [String] = []
        for e in entries {
            let duration = e.durationSeconds.map { String(format: "%.1f s", $0) } ?? "—"
            let result = e.outcome.map { "\($0) (exit \(e.exitCode.map(String.init) ?? "?"))" } ?? e.state
            let status = e.state == "finished" || e.state == "running" ? result : "\(e.state), \(result)"
            var line = "#\(e.run)  \(e.job)  \(dates.string(from: e.startedAt))  \(duration)  \(status)  \(e.trigger)"
            if let replayOf = e.replayOf { line += " of #\(replayOf)" }
            lines.append(line)
            for s in e.failedSources { lines.append("    failed source \(s.id): \(s.error ?? "")") }
            for s in e.staleSources { lines.append("    stale source \(s.id): \(s.error ?? "")") }
            for r in e.failedReports { lines.append("    failed report \(r.id): \(r.error ?? "")") }
            for r in e.revisions { lines.append("    \(r)") }
            if let error = e.error, e.outcome != "partial" { lines.append("    \(error)") }
            if let output = e.output { lines.append("    → \(output)") }
        }
        return lines
    }
}
