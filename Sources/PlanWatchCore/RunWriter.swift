import Foundation
import PlanWatchText
import PlanWatchRender
import ReportKit

/// Writes one run's files: every document in every format, the long-format assessments CSV, the
/// HTML index, and `manifest.json` last, each through a temporary name and a rename so that a reader
/// never sees half a file.
public struct RunWriter {
    public var job: ReportJob
    public var directory: URL
    public var formats: [String]
    public var options: RenderOptions
    /// Formats of single documents (a report definition's `formats:`), by document id; others use `formats`.
    public var documentFormats: [String: [String]] = [:]
    /// Renderers that replace the built-in one for a document and format (a report's `template:`).
    public var documentRenderers: [String: [String: any Renderer]] = [:]
    /// The language of a document's labels (a report definition's `language:`), by document id; others are bilingual.
    public var documentLanguages: [String: RenderOptions.Language] = [:]
    /// A job's run: its ledger entry and revisions go into the manifest.
    public var jobInfo: RunManifest.JobRunInfo?
    /// Jobs exit 1 when every source failed (nothing current to report); plain runs keep 3.
    public var failWhenEverySourceFails = false
    /// Documents rendered at once (threads); 1 renders one after the other. The files are the same
    /// either way.
    public var workers = OrderedParallel.defaultWorkers

    public init(job: ReportJob, directory: URL, formats: [String], options: RenderOptions) {
        self.job = job
        self.directory = directory
        self.formats = formats
        self.options = options
    }

    public struct Result: Sendable {
        public var files: [URL]
        public var manifest: RunManifest
        public var exitCode: Int32
        /// Files the previous run in the folder wrote (its manifest's `outputs`) that this run did not
        /// write, removed so that the folder holds what this run's manifest lists.
        public var removedFiles: [String] = []
    }

    public func write(assessed: ReportJob.Assessed, documents: [ReportDocument], modules: [RunManifest.ModuleOutcome], startedAt: Date) throws -> Result {
        var warnings = assessed.warnings
        var renderingFailed = false
        // Temporary files of earlier runs that were killed mid-write (their process is gone) would stay
        // hidden in the folder forever; those of a run still going are left alone.
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw AtomicWriteError(path: directory.path, message: "the output path is a file, not a folder; give a folder with --out or outputs.dir")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw AtomicWriteError(path: directory.path, message: "cannot create the output folder: \(FileErrorReason.of(error)) (is a part of the path a file?)")
        }
        for name in AtomicFileWriter.removeStaleTemporaries(in: directory) {
            job.logger.info("removed a temporary file left by an interrupted run", metadata: ["file": "\(name)"])
        }
        // Read before this run's manifest replaces it: what the previous run wrote here.
        let previousOutputs = Self.previousOutputs(in: directory)
        var manifest = RunManifest(
            tool: "planwatch", version: ReportJob.version, state: .running, startedAt: startedAt, finishedAt: nil,
            config: job.config.file.path, plan: job.plan.id, profile: job.config.profile.rawValue, exitCode: nil,
            sources: assessed.outcomes, outputs: [], modules: modules, indicatorsWithoutData: [], warnings: [], job: jobInfo)
        // The manifest says "running" before the first report is replaced, so a run killed midway never
        // leaves the previous run's finished manifest describing a mix of old and new files.
        try AtomicFileWriter.write(try manifest.encoded(), to: directory.appendingPathComponent("manifest.json"))
        // Report files are rendered and staged on every core (`workers`), then renamed into place
        // together, in the order a sequential run lists them: one flush of the disk for all instead of
        // an fsync per file (AtomicFileWriter.commit), and the same bytes and file list either way.
        var jobs: [RenderJob] = []
        for format in formats {
            guard let renderer = Renderers.renderer(for: format) else { continue }
            for document in documents where documentFormats[document.id]?.contains(format) ?? true {
                jobs.append(RenderJob(format: format, renderer: documentRenderers[document.id]?[format] ?? renderer, document: document,
                                      language: documentLanguages[document.id]))
            }
        }
        var staged: [AtomicFileWriter.StagedFile] = []
        var writeError: (any Error)?
        for outcome in Self.renderAndStage(jobs, into: directory, options: options, workers: workers) {
            switch outcome {
            case .staged(let list):
                staged += list
            case .renderingFailed(let warning):
                // A document that cannot be rendered is reported and makes the run partial.
                warnings.append(warning)
                renderingFailed = true
            case .writeFailed(let error):
                // A file that cannot be written ends the run (exit 1), with the manifest still saying
                // `running`; nothing of this run is renamed into place.
                if writeError == nil { writeError = error }
            }
        }
        func put(_ data: Data, _ name: String) throws {
            staged.append(try AtomicFileWriter.stage(data, to: directory.appendingPathComponent(name)))
        }
        do {
            if let writeError { throw writeError }
            if formats.contains("csv") {
                let ordered = job.plan.indicators.compactMap { assessed.assessments[$0.id] }
                try put(try CSVRenderer.assessments(ordered, plan: job.plan, encoding: options.csvEncoding), "assessments.csv")
            }
            if formats.contains("json") {
                let ordered = job.plan.indicators.compactMap { assessed.assessments[$0.id] }
                try put(try JSONRenderer.assessments(ordered), "assessments.json")
            }
            if formats.contains("html") {
                let entries = documents.filter { documentFormats[$0.id]?.contains("html") ?? true }.map { document in
                    HTMLRenderer.IndexEntry(id: document.id, title: document.title, file: "\(FileName.safe(document.id)).html",
                                            summary: Self.summary(of: document))
                }
                let info = HTMLRenderer.RunInfo(title: job.plan.name, generatedAt: startedAt,
                                                facts: documents.first?.facts ?? [])
                try put(HTMLRenderer.index(reports: entries, runInfo: info), "index.html")
            }
        } catch {
            AtomicFileWriter.discard(staged)
            throw error
        }
        try AtomicFileWriter.commit(staged)
        var files = staged.map(\.target)
        let removed = Self.removeOutputs(previousOutputs, keeping: Set(files.map(\.lastPathComponent)), in: directory)
        for name in removed {
            job.logger.info("removed a file of the previous run that this run did not write", metadata: ["file": "\(name)"])
        }
        let partial = assessed.isPartial || modules.contains { !$0.ok } || renderingFailed
        let everySourceFailed = !assessed.outcomes.isEmpty && !assessed.outcomes.contains { $0.isUsable }
        let exitCode: Int32 = failWhenEverySourceFails && everySourceFailed ? 1 : partial ? 3 : 0
        manifest.state = .finished
        manifest.finishedAt = Date()
        manifest.exitCode = exitCode
        manifest.outputs = files.map(\.lastPathComponent) + ["manifest.json"]
        // Without data means nothing published: an indicator with one year of figures is not listed.
        // Figures lost to a failed source are not unpublished: listed apart.
        manifest.indicatorsWithoutData = job.plan.indicators.map(\.id).filter { assessed.assessments[$0].map(\.isUnpublished) ?? true }
        manifest.indicatorsFromFailedSources = job.plan.indicators.map(\.id).filter {
            assessed.assessments[$0].map { $0.isFigureLostToFailedSource && !$0.isPossiblyFetchFailed } ?? false
        }
        manifest.indicatorsPossiblyFromFailedSources = job.plan.indicators.map(\.id).filter { assessed.assessments[$0]?.isPossiblyFetchFailed == true }
        manifest.failedSourceCoverage = assessed.failedSourceCoverage
        manifest.indicatorsFromUnmatchedMappings = job.plan.indicators.map(\.id).filter { assessed.assessments[$0]?.isMappingUnmatched == true }
        manifest.warnings = warnings
        manifest.problems = assessed.problems + assessed.outcomes.flatMap(\.problems)
        // Last and on its own: "finished" only once every file above is in place.
        let manifestURL = directory.appendingPathComponent("manifest.json")
        try AtomicFileWriter.write(try manifest.encoded(), to: manifestURL)
        files.append(manifestURL)
        return Result(files: files, manifest: manifest, exitCode: exitCode, removedFiles: removed)
    }

    /// The `outputs` of the manifest in `directory`, or none (no manifest, not ours, unreadable).
    static func previousOutputs(in directory: URL) -> [String] {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("manifest.json")),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              object["tool"] as? String == "planwatch" else { return [] }
        return object["outputs"] as? [String] ?? []
    }

    /// Removes the files of `previous` (a previous manifest's `outputs`) that this run did not write:
    /// a `--format text` run after a full one would leave the old HTML, CSV and XLSX beside a manifest
    /// that does not list them. Only plain names in the folder, only regular files, never the manifest:
    /// nothing a manifest did not list is touched, whatever it says. Returns the names removed, sorted.
    static func removeOutputs(_ previous: [String], keeping written: Set<String>, in directory: URL) -> [String] {
        var removed: [String] = []
        for name in Set(previous).sorted() where !written.contains(name) && name != "manifest.json" {
            guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), !name.contains("\0") else { continue }
            let path = directory.appendingPathComponent(name).path
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            if unlink(path) == 0 { removed.append(name) }
        }
        return removed
    }

    /// The status dashboard of a document, shown beside its link on the index page.
    static func summary(of document: ReportDocument) -> ReportDocument.StatusSummary? {
        for section in document.sections {
            for case .summary(let summary) in section.blocks { return summary }
        }
        return nil
    }
}
