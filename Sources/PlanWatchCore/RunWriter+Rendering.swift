import Foundation
import PlanWatchRender
import PlanWatchText
import ReportKit

/// Rendering a run's documents on several threads: a `for_each: region` report is thousands of
/// documents, each rendered on its own (renderers are pure functions of one document), so they share
/// out over the cores; results are kept by position, so the files and warnings come out in the order
/// of a sequential run.
extension RunWriter {
    struct RenderJob: Sendable {
        var format: String
        var renderer: any Renderer
        var document: ReportDocument
        /// The language of the document's own labels (its definition's `language:`); nil: the run's.
        var language: RenderOptions.Language? = nil
    }

    enum RenderOutcome: Sendable {
        case staged([AtomicFileWriter.StagedFile])
        case renderingFailed(String)
        case writeFailed(any Error)
    }

    /// Formats rendered on one thread only: libxlsxwriter does not document thread safety.
    static let serialFormats: Set<String> = ["xlsx"]

    /// Renders every job and stages its files in `directory`, at most `workers` at a time; the
    /// outcomes in job order.
    static func renderAndStage(_ jobs: [RenderJob], into directory: URL, options: RenderOptions, workers: Int) -> [RenderOutcome] {
        @Sendable func run(_ job: RenderJob) -> RenderOutcome {
            let rendered: [RenderedFile]
            var documentOptions = options
            documentOptions.language = job.language ?? options.language
            do {
                rendered = try job.renderer.renderFiles(job.document, options: documentOptions)
            } catch {
                return .renderingFailed("\(job.format) rendering of \(job.document.id) failed: \(error)")
            }
            var staged: [AtomicFileWriter.StagedFile] = []
            do {
                for file in rendered {
                    staged.append(try AtomicFileWriter.stage(file.data, to: directory.appendingPathComponent(file.name)))
                }
            } catch {
                AtomicFileWriter.discard(staged)
                return .writeFailed(error)
            }
            return .staged(staged)
        }
        var outcomes = [RenderOutcome?](repeating: nil, count: jobs.count)
        let parallel = jobs.indices.filter { !serialFormats.contains(jobs[$0].format) }
        for (i, outcome) in zip(parallel, OrderedParallel.map(parallel.count, workers: workers) { run(jobs[parallel[$0]]) }) {
            outcomes[i] = outcome
        }
        for i in jobs.indices where serialFormats.contains(jobs[i].format) { outcomes[i] = run(jobs[i]) }
        return outcomes.map { $0! }
    }
}
