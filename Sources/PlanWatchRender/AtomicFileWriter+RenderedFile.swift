import Foundation
import PlanWatchText

extension AtomicFileWriter {
    /// Writes every file into `directory` (created when missing), each atomically; returns their URLs.
    @discardableResult
    public static func write(_ files: [RenderedFile], into directory: URL) throws -> [URL] {
        try files.map { file in
            let url = directory.appendingPathComponent(FileName.safe(file.name))
            try write(file.data, to: url)
            return url
        }
    }
}
