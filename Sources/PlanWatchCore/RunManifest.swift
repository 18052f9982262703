import Foundation
import ReportKit

/// `manifest.json`, written into every run's output: what was fetched, from where, how fresh, what was
/// rendered and what failed, so a scheduled job's result can be audited later.
public struct RunManifest: Sendable, Codable {
    public var tool: String
    public var version: String
    /// `running` from the moment a run starts writing into its folder, `finished` when every file of
    /// the run is in place. A run killed midway leaves `running`: the folder never shows a finished
    /// manifest that describes another run's files.
    public var state: State
    public var startedAt: Date
    /// Absent while running.
    public var finishedAt: Date?
    public var config: String
    public var plan: String
    public var profile: String
    /// Absent while running.
    public var exitCode: Int32?
    public var sources: [SourceRecord]
    public var outputs: [String]
    public var modules: [ModuleOutcome]
    /// Plan indicators with nothing published (数据不足).
    public var indicatorsWithoutData: [String]
    /// Plan indicators without a figure because a source known to deliver them failed (获取失败): lost
    /// this run, not unpublished (待评估 ones included: their figure is as lost).
    public var indicatorsFromFailedSources: [String] = []
    /// Plan indicators without a figure while a source failed whose series are not known (no mapping
    /// `codes:`, no cached copy or stored delivery): they may be its (可能因获取失败缺失), or unpublished.
    public var indicatorsPossiblyFromFailedSources: [String] = []
    /// For each failed source, the series it would have delivered and how that is known.
    public var failedSourceCoverage: [FailedSourceCoverage] = []
    /// Plan indicators without a figure because a source answered without it although its mapping
    /// targets them (映射未匹配 / 查询未返回数据期): a mapping problem, not unpublished.
    public var indicatorsFromUnmatchedMappings: [String] = []
    public var warnings: [String]
    /// What sources and mappings should have delivered and did not (each made the run partial).
    public var problems: [String] = []
    /// Set for a scheduled job's run (`run --job`, `schedule`, `run --replay`); absent for a plain run.
    public var job: JobRunInfo? = nil

    /// Which job and ledger run a manifest belongs to, and what the store noticed.
    public struct JobRunInfo: Sendable, Codable {
        public var name: String
        /// The run's number in the store's ledger.
        public var run: Int64
        public var trigger: String
        /// Figures their publisher changed since the previous vintage: "revised from X to Y (source, date)".
        public var revisions: [String]
        /// For a replay: the run whose stored payloads were read, and what differs from it.
        public var replayOf: Int64?
        public var differences: [String]?

        public init(name: String, run: Int64, trigger: String, revisions: [String] = [], replayOf: Int64? = nil, differences: [String]? = nil) {
            self.name = name
            self.run = run
            self.trigger = trigger
            self.revisions = revisions
            self.replayOf = replayOf
            self.differences = differences
        }
    }

    public enum State: String, Sendable, Codable {
        case running, finished
    }

    public struct ModuleOutcome: Sendable, Codable {
        /// The module id; for a library refused before it registered a module, its file name.
        public var id: String
        public var ok: Bool
        public var error: String?
        /// The library a runtime-loaded module came from (absent for built-in modules).
        public var file: String?
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }
}
