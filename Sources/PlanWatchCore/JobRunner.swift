import Foundation
import Logging
import PlanWatchFeeds
import PlanWatchFetch
import PlanWatchRender
import PlanWatchStore
import PlanWatchText
import ReportKit

/// One run of a scheduled job, whoever triggers it (`planwatch run --job`, `planwatch schedule`,
/// `planwatch run --replay`): the same `ReportJob` and `RunWriter` as `planwatch run`, plus the
/// ledger, the payloads and vintages in the store, a lock so that a job never overlaps itself, a
/// folder per run with a `latest` link, retention, and the `on_failure` hooks.
public struct JobRunner: Sendable {
    public var job: ReportJob
    public var spec: JobConfig
    /// `cli`, `schedule`, `replay`.
    public var trigger: String
    public var options: RenderOptions
    /// The run's start time (SOURCE_DATE_EPOCH pins it for reproducible files).
    public var startedAt: Date

    public init(job: ReportJob, spec: JobConfig, trigger: String, options: RenderOptions, startedAt: Date = Date()) {
        self.job = job
        self.spec = spec
        self.trigger = trigger
        self.options = options
        self.startedAt = startedAt
    }

    public struct Outcome: Sendable {
        public var runID: Int64
        public var exitCode: Int32
        public var outcome: String
        public var folder: URL?
        public var files: Int
        public var revisions: [Revision]
        public var sources: [SourceRecord]
        public var warnings: [String]
        public var error: String?
        /// What the run says after assessing (printed by `run --job` as `run` prints it, with what each
        /// failed source takes with it); nil when the run stopped before its sources were assessed.
        public var notices: RunNotices? = nil
    }

    /// Why a run could not even start (exit 1): the job is running already, or the store cannot be opened.
    public struct StartFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The store of a config: `store.sqlite` in its data directory.
    public static func openStore(_ config: PlanWatchConfig) throws -> SQLiteRunStore {
        try SQLiteRunStore(file: config.dataDirectory.appendingPathComponent("store.sqlite"))
    }

    var logger: Logger { job.logger }
    var runsFolder: URL { spec.outputDirectory.appendingPathComponent("runs") }
    /// Replays live apart from the real runs: they never move `latest` and never count toward `keep`.
    var replaysFolder: URL { spec.outputDirectory.appendingPathComponent("replays") }
    /// Replay folders kept (the newest); a replay is a check of an old run, not a report departments read.
    static let replaysKept = 10

    static func folderName(_ run: Int64) -> String { String(format: "run-%06lld", run) }
    /// `replay-000007-of-000002`: replay run 7 of run 2.
    static func replayFolderName(_ run: Int64, of original: Int64) -> String { String(format: "replay-%06lld-of-%06lld", run, original) }

    /// Runs the job once; with `replay`, from the payloads stored for that run, without network.
    public func run(replay: Int64? = nil) async throws(StartFailure) -> Outcome {
        let store: any RunStore
        do {
            store = try Self.openStore(job.config)
        } catch {
            throw StartFailure(description: "cannot open the store in \(job.config.dataDirectory.path): \(error)")
        }
        let lock: JobLock
        do {
            lock = try JobLock(directory: job.config.dataDirectory.appendingPathComponent("locks"), job: spec.name) { holder in
                logger.warning("recovered the lock of a run that was killed", metadata: ["job": "\(spec.name)", "pid": "\(holder.pid)"])
            }
        } catch {
            throw StartFailure(description: error.description)
        }
        defer { lock.release() }
        let original: StoredRun?
        let runID: Int64
        do {
            for id in try store.markInterrupted(job: spec.name, host: JobLock.hostName, isAlive: JobLock.isOtherLiveProcess) {
                logger.warning("run was interrupted (its process is gone)", metadata: ["job": "\(spec.name)", "run": "\(id)"])
            }
            original = try replay.map { id in
                guard let run = try store.run(id) else { throw StoreError.unknownRun(id) }
                return run
            }
            runID = try store.beginRun(NewRun(job: spec.name, trigger: replay == nil ? trigger : "replay", pid: getpid(),
                                              host: JobLock.hostName, startedAt: startedAt, replayOf: replay))
        } catch {
            throw StartFailure(description: "store \(job.config.dataDirectory.appendingPathComponent("store.sqlite").path): \(error)")
        }
        lock.record(run: runID)
        logger.info("run started", metadata: ["job": "\(spec.name)", "run": "\(runID)", "trigger": "\(trigger)"])

        var outcome = Outcome(runID: runID, exitCode: 1, outcome: "failed", folder: nil, files: 0, revisions: [], sources: [], warnings: [])
        var ledgerSources: [RunSourceOutcome] = []
        var reports: [RunReportOutcome] = []
        var outputs: [String] = []
        let (parent, name) = original.map { (replaysFolder, Self.replayFolderName(runID, of: $0.id)) } ?? (runsFolder, Self.folderName(runID))
        let temporary = parent.appendingPathComponent(".\(name).partial-\(getpid())")
        do {
            var loaded = try await load(original: original, store: store)
            (ledgerSources, outcome.revisions) = try record(&loaded, runID: runID, store: store, recordVintages: original == nil)
            outcome.sources = loaded.records
            var job = self.job
            job.lastDeliveries = Self.lastDeliveries(of: loaded.records, store: store)
            // The store is the job's memory; the plain runs' output folder is not this job's.
            job.previousRunDirectory = nil
            let assessed = job.assess(loaded)
            outcome.notices = assessed.notices(rendered: RunSelection(job: spec).renderedIDs(job: job))
            // A replay renders with the original run's time, so that its files come out byte-identical.
            let generatedAt = original?.startedAt ?? startedAt
            let revisionList = original?.revisions ?? outcome.revisions
            // The same selection as `planwatch run --module/--report`: modules and department reports.
            let built = RunSelection(job: spec).build(
                job: job, assessed: assessed, generatedAt: generatedAt,
                revisions: Dictionary(grouping: revisionList, by: \.sourceID).mapValues { $0.map(\.sentence) })
            reports = (built.modules + built.reports).map { RunReportOutcome(id: $0.id, ok: $0.ok, error: $0.error) }
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            removeStalePartials()
            let revisions = revisionList.map(\.sentence)
            var writer = RunWriter(job: job, directory: temporary, formats: spec.formats ?? job.config.formats, options: options)
            writer.jobInfo = RunManifest.JobRunInfo(name: spec.name, run: runID, trigger: replay == nil ? trigger : "replay",
                                                    revisions: revisions, replayOf: replay)
            writer.failWhenEverySourceFails = true
            writer.use(built)
            let result = try writer.write(assessed: assessed, documents: built.documents, modules: built.modules, startedAt: generatedAt)
            if let original {
                try compare(with: original, temporary: temporary, manifest: result.manifest)
            }
            let folder = parent.appendingPathComponent(name)
            try FileManager.default.moveItem(at: temporary, to: folder)
            // A replay renders old figures: `latest` keeps pointing at the newest real run.
            if original == nil { try pointLatest(at: folder) }
            // The writer's list ends with the manifest already.
            outputs = result.files.map(\.lastPathComponent)
            if !outputs.contains("manifest.json") { outputs.append("manifest.json") }
            outcome.folder = folder
            outcome.files = outputs.count
            outcome.exitCode = result.exitCode
            outcome.outcome = result.exitCode == 0 ? "complete" : result.exitCode == 3 ? "partial" : "failed"
            outcome.warnings = result.manifest.warnings + loaded.records.compactMap { $0.isUsable && $0.outcome != .stale ? nil : $0.error }
            if result.exitCode == 1 { outcome.error = "every source failed; the reports show no current data" }
            removeOldRuns(replays: original != nil)
        } catch {
            outcome.error = "\(error)"
            outcome.exitCode = 1
            outcome.outcome = "failed"
            try? FileManager.default.removeItem(at: temporary)
        }
        if outcome.exitCode != 0 && !spec.onFailure.isEmpty {
            outcome.warnings += await FailureHooks(spec: spec, logger: logger).notify(summary(outcome))
        }
        // Cancelled: the scheduler was stopped and its timeout ran out before this run finished.
        let aborted = Task.isCancelled
        if aborted {
            outcome.exitCode = 1
            outcome.outcome = "failed"
            outcome.error = "aborted: the scheduler was stopped before the run finished" + (outcome.error.map { " (\($0))" } ?? "")
        }
        do {
            // The store is a file that outlives this process's secrets: a replay after the secret was
            // rotated would no longer know the old one to mask it. Every text goes in masked.
            let mask = SecretMask.shared.mask as (String) -> String
            ledgerSources = ledgerSources.map { source in
                var source = source
                source.location = mask(source.location)
                source.error = source.error.map(mask)
                return source
            }
            try store.finishRun(runID, RunFinish(
                state: aborted ? .aborted : .finished, finishedAt: Date(), exitCode: outcome.exitCode, outcome: outcome.outcome,
                outputDirectory: outcome.folder?.path, outputs: outputs, warnings: outcome.warnings.map(mask), error: outcome.error.map(mask),
                sources: ledgerSources, reports: reports.map { RunReportOutcome(id: $0.id, ok: $0.ok, error: $0.error.map(mask)) }))
        } catch {
            logger.error("could not close the run in the ledger", metadata: ["run": "\(runID)", "error": "\(error)"])
            outcome.exitCode = 1
        }
        writeIndex(store: store)
        logger.info("run finished", metadata: ["job": "\(spec.name)", "run": "\(runID)", "outcome": "\(outcome.outcome)",
                                               "exit_code": "\(outcome.exitCode)"])
        return outcome
    }

    /// Fresh sources, or for a replay the payloads the original run stored, decoded again.
    /// What each failed source delivered last (the latest vintage of its figures in the store): says
    /// which indicators read 获取失败 when the source has no mapping `codes:` and no cached copy, e.g.
    /// a local file that no longer reads (`FailedSourceCoverage`). A store that cannot be read knows nothing.
    static func lastDeliveries(of records: [SourceRecord], store: any RunStore) -> [String: FailedSourceCoverage] {
        var known: [String: FailedSourceCoverage] = [:]
        for record in records where record.outcome == .failed {
            guard let figures = try? store.currentObservations(sourceID: record.id), !figures.isEmpty else { continue }
            known[record.id] = FailedSourceCoverage(source: record.id, basis: .storedDelivery,
                                                    series: Set(figures.map(\.series)).sorted(), asOf: figures.map(\.deliveredAt).max())
        }
        return known
    }

    func load(original: StoredRun?, store: any RunStore) async throws -> SourceLoader.Result {
        guard let original else { return await SourceLoader(config: job.config, logger: logger).load() }
        let loader = SourceLoader(config: job.config, logger: logger)
        var result = SourceLoader.Result(observations: [], records: [])
        for stored in original.sources {
            guard let source = job.config.sources.first(where: { $0.id == stored.id }) else {
                var record = SourceRecord(id: stored.id, format: "", location: stored.location, outcome: .failed)
                record.error = "source '\(stored.id)' of run #\(original.id) is no longer in \(job.config.file.path)"
                result.records.append(record)
                continue
            }
            var record = SourceRecord(id: stored.id, format: source.format, location: stored.location,
                                      outcome: SourceRecord.Kind(rawValue: stored.outcome) ?? .failed)
            record.httpStatus = stored.httpStatus
            record.bytes = stored.bytes
            record.retrievedAt = stored.retrievedAt
            record.error = stored.error
            record.digest = stored.payloads.first
            // The original outcome stays (how the payload was got, and when); the note says it was not got now.
            record.replayedFrom = original.id
            var pages: [Payload] = []
            var masked = false
            for digest in stored.payloads {
                guard let data = try store.payload(sha256: digest) else {
                    throw JobRunError("payload \(digest) of source '\(stored.id)' in run #\(original.id) is missing from the store")
                }
                masked = try masked || store.payloadHasMaskedSecrets(sha256: digest)
                // Local files carry no retrieval time into the reports (see SourceLoader.loadFile).
                pages.append(Payload(sourceID: stored.id, data: data, contentType: stored.contentType, location: stored.location,
                                     retrievedAt: record.outcome == .local ? nil : stored.retrievedAt))
            }
            guard !pages.isEmpty else {
                result.records.append(record)
                continue
            }
            var (observations, decoded) = loader.decode(pages, source: source, record: record)
            if masked {
                // A job run prints only failed sources; the log (stderr) and the manifest carry the note.
                let note = Self.maskedPayloadNote(source: stored.id, replay: true)
                logger.warning("\(note)")
                decoded.warnings.append(note)
            }
            result.observations += observations
            result.records.append(decoded)
            result.payloads[stored.id] = pages
        }
        return result
    }

    /// What the manifest, stderr and a replay say of a body stored masked.
    static func maskedPayloadNote(source: String, replay: Bool) -> String {
        replay
            ? "source '\(source)': the stored response held a secret and was kept with it masked as ***; this replay decodes the masked body"
            : "source '\(source)': the response holds a secret (a header, query or URL value from the environment, echoed by the server); the store keeps it with the secret masked as ***, so a replay of this run decodes the masked body"
    }

    /// Stores each source's payloads and (for a fresh run) its observations as vintages. A body holding
    /// a secret is stored masked, by the rule of the response cache (`SecretMask.occurs(in:secrets:)`),
    /// and the source's record says so.
    func record(_ loaded: inout SourceLoader.Result, runID: Int64, store: any RunStore, recordVintages: Bool) throws -> ([RunSourceOutcome], [Revision]) {
        let bySource = Dictionary(grouping: loaded.observations, by: \.provenance.sourceID)
        var outcomes: [RunSourceOutcome] = []
        var revisions: [Revision] = []
        for index in loaded.records.indices {
            let record = loaded.records[index]
            let pages = loaded.payloads[record.id] ?? []
            let secrets = job.config.sources.first { $0.id == record.id }?.secrets() ?? []
            var digests: [String] = []
            var masked = false
            for page in pages {
                // A replay's pages come from the store: already masked where they had to be.
                if SecretMask.occurs(in: page.data, secrets: secrets) {
                    let data = SecretMask.mask(page.data, secrets: secrets)
                    let digest = SHA256Hex.of(data)
                    try store.putPayload(data, sha256: digest, secretsMasked: true)
                    digests.append(digest)
                    masked = true
                } else {
                    let digest = SHA256Hex.of(page.data)
                    try store.putPayload(page.data, sha256: digest)
                    digests.append(digest)
                }
            }
            if masked && record.replayedFrom == nil {
                let note = Self.maskedPayloadNote(source: record.id, replay: false)
                logger.warning("\(note)")
                loaded.records[index].warnings.append(note)
            }
            if recordVintages && record.isUsable {
                // Figures decoded from a body that held a secret may quote it (a code, a unit).
                let text: (String) -> String = masked ? { SecretMask.mask($0, secrets: secrets) } : { $0 }
                let inputs = (bySource[record.id] ?? []).map {
                    ObservationInput(series: text($0.indicator), region: text($0.region), period: text($0.period.description), value: $0.value,
                                     status: $0.status.map(text), unit: $0.unit.map(text))
                }
                revisions += try store.recordObservations(runID: runID, sourceID: record.id, payloadSHA256: digests.first,
                                                          deliveredAt: startedAt, inputs)
            }
            outcomes.append(RunSourceOutcome(id: record.id, outcome: record.outcome.rawValue, location: record.location,
                                          httpStatus: record.httpStatus, bytes: record.bytes, observations: record.observations,
                                          retrievedAt: record.retrievedAt, error: record.error, payloads: digests,
                                          contentType: pages.first?.contentType))
        }
        return (outcomes, revisions)
    }

    /// A replay says in its manifest what differs from the original run's files (those still kept).
    func compare(with original: StoredRun, temporary: URL, manifest: RunManifest) throws {
        var differences = ["manifest.json: finishedAt, job.run, job.trigger and job.replayOf describe this replay"]
        if let dir = original.outputDirectory, FileManager.default.fileExists(atPath: dir) {
            let mine = Set(try FileManager.default.contentsOfDirectory(atPath: temporary.path))
            let theirs = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
            for name in mine.union(theirs).sorted() where name != "manifest.json" {
                if !theirs.contains(name) { differences.append("\(name): not in run #\(original.id)"); continue }
                if !mine.contains(name) { differences.append("\(name): only in run #\(original.id)"); continue }
                let a = FileManager.default.contents(atPath: temporary.appendingPathComponent(name).path)
                let b = FileManager.default.contents(atPath: URL(fileURLWithPath: dir).appendingPathComponent(name).path)
                if a != b { differences.append("\(name): differs from run #\(original.id)") }
            }
        } else {
            differences.append("run #\(original.id)'s folder is no longer kept; its files could not be compared")
        }
        var manifest = manifest
        manifest.job?.differences = differences
        try AtomicFileWriter.write(try manifest.encoded(), to: temporary.appendingPathComponent("manifest.json"))
    }

    /// `latest` → `runs/run-000012`, replaced by a rename so that it always points to a whole run.
    func pointLatest(at folder: URL) throws {
        let link = spec.outputDirectory.appendingPathComponent("latest")
        let temporary = spec.outputDirectory.appendingPathComponent(".latest-\(getpid())")
        try? FileManager.default.removeItem(at: temporary)
        try FileManager.default.createSymbolicLink(atPath: temporary.path, withDestinationPath: "runs/\(folder.lastPathComponent)")
        guard rename(temporary.path, link.path) == 0 else {
            throw JobRunError("cannot point \(link.path) to \(folder.lastPathComponent): \(String(cString: strerror(errno)))")
        }
    }

    /// `index.html` beside `runs/`: the job's recent runs from the ledger, linked while their folders are kept.
    func writeIndex(store: any RunStore) {
        do {
            let history = try RunHistory(store: store, job: spec.name, limit: max(spec.keep, 100))
            let rows = history.entries.map { entry -> HTMLRenderer.RunIndexRow in
                let folder = entry.replayOf.map { replaysFolder.appendingPathComponent(Self.replayFolderName(entry.run, of: $0)) }
                    ?? runsFolder.appendingPathComponent(Self.folderName(entry.run))
                let kept = entry.output == folder.path && FileManager.default.fileExists(atPath: folder.path)
                let link = "\(folder.deletingLastPathComponent().lastPathComponent)/\(folder.lastPathComponent)/" + Self.page(in: folder)
                var notes = entry.failedSources.map { "failed source \($0.id): \($0.error ?? "")" }
                notes += entry.staleSources.map { "stale source \($0.id): \($0.error ?? "")" }
                notes += entry.failedReports.map { "failed report \($0.id): \($0.error ?? "")" }
                notes += entry.revisions
                if let error = entry.error, entry.outcome != "partial" { notes.append(error) }
                if let replayOf = entry.replayOf { notes.append("replay of run #\(replayOf)") }
                let outcome = entry.state == "finished" ? (entry.outcome ?? "failed") : entry.state
                return HTMLRenderer.RunIndexRow(run: entry.run, link: kept ? link : nil, startedAt: entry.startedAt,
                                                duration: entry.durationSeconds, outcome: outcome, trigger: entry.trigger, notes: notes)
            }
            try FileManager.default.createDirectory(at: spec.outputDirectory, withIntermediateDirectories: true)
            // `latest` itself, so that a bookmark of it stays right; the run number says which run it is.
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: spec.outputDirectory.appendingPathComponent("latest").path))
                .map { spec.outputDirectory.appendingPathComponent($0) }
            let latest = target.flatMap { folder in
                Int64(folder.lastPathComponent.dropFirst("run-".count)).map { (link: "latest/" + Self.page(in: folder), run: $0) }
            }
            try AtomicFileWriter.write(HTMLRenderer.runIndex(job: spec.name, rows: rows, latest: latest, generatedAt: Date()),
                                       to: spec.outputDirectory.appendingPathComponent("index.html"))
        } catch {
            logger.error("could not write the job's index.html", metadata: ["job": "\(spec.name)", "error": "\(error)"])
        }
    }

    /// A run folder's own `index.html` when its formats include html; otherwise the folder itself.
    static func page(in folder: URL) -> String {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.html").path) ? "index.html" : ""
    }

    /// Folders of runs and replays killed midway (`.run-000012.partial-<pid>` whose pid is gone).
    func removeStalePartials() {
        for (folder, prefix) in [(runsFolder, ".run-"), (replaysFolder, ".replay-")] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names where name.hasPrefix(prefix) && name.contains(".partial-") {
                guard let pid = name.split(separator: "-").last.flatMap({ Int32($0) }), !JobLock.isOtherLiveProcess(pid) else { continue }
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
                logger.info("removed the folder of an interrupted run", metadata: ["folder": "\(name)"])
            }
        }
    }

    /// Keeps the newest `keep` run folders, or after a replay the newest `replaysKept` replay folders:
    /// the two are counted apart, so a replay never evicts a real run.
    func removeOldRuns(replays: Bool = false) {
        let (folder, prefix, kept) = replays ? (replaysFolder, "replay-", Self.replaysKept) : (runsFolder, "run-", spec.keep)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix(prefix) }.sorted(by: >)
        for name in names.dropFirst(kept) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            logger.info("removed an old \(replays ? "replay" : "run") folder", metadata: ["job": "\(spec.name)", "folder": "\(name)"])
        }
    }

    func summary(_ outcome: Outcome) -> FailureSummary {
        FailureSummary(
            job: spec.name, run: outcome.runID, trigger: trigger, host: JobLock.hostName,
            exitCode: outcome.exitCode, outcome: outcome.outcome, startedAt: startedAt, error: outcome.error,
            failedSources: outcome.sources.filter { !$0.isUsable }.map { .init(id: $0.id, error: $0.error) },
            staleSources: outcome.sources.filter { $0.outcome == .stale }.map { .init(id: $0.id, error: $0.error) },
            output: outcome.folder?.path)
    }
}

struct JobRunError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
